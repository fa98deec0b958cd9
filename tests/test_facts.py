from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.facts import MAX_FACTS, MAX_FIGURES, facts_from_mentions, mentions, split_title
from briefing.model import BlockKind, Sentence

from .helpers import find_facts


def s(article: str, index: int, text: str) -> Sentence:
    return Sentence(article, index, text, 0, 0, len(text), BlockKind.PARAGRAPH, 0.0)


def corpus(*texts: str) -> list[list[Sentence]]:
    """One article a text (ids a, b, c, ...), one sentence each."""
    return [[s(chr(ord("a") + i), 0, text)] for i, text in enumerate(texts)]


def of_kind(found: list[tuple[str, str, str]], kind: str) -> list[str]:
    return [text for k, text, _ in found if k == kind]


def roles(found: list[tuple[str, str, str]]) -> dict[str, str]:
    return {text: role for kind, text, role in found if kind == "actor"}


# --- names ---------------------------------------------------------------------------------------


def test_mentions_names_people_and_figures():
    found = mentions("Talks chaired by Labour Minister Ines Korvald in Serrin on Wednesday drew 4,200 members.")
    assert ("actor", "Ines Korvald", "Labour Minister") in found
    assert "Serrin" in of_kind(found, "name")
    assert of_kind(found, "figure") == ["4,200 members"]
    assert not of_kind(found, "date")  # a bare weekday is no fact


@pytest.mark.parametrize("text, name", [
    ("The embassy attack was ordered by Osama bin Laden, officials said.", "Osama bin Laden"),
    ("Bombs went off in Nairobi and Dar es Salaam within minutes.", "Dar es Salaam"),
    ("The carrier is named after Charles de Gaulle, the general.", "Charles de Gaulle"),
    ("The group was led by Abu Bakr al-Baghdadi until 2019.", "Abu Bakr al-Baghdadi"),
    ("The orchestra played Ludwig van Beethoven all night.", "Ludwig van Beethoven"),
    ("The commission heard Ursula von der Leyen on Tuesday.", "Ursula von der Leyen"),
    ("Officials at the Army Corps of Engineers agreed.", "Army Corps of Engineers"),
    ("He wrote to the Ministry of Defence in London.", "Ministry of Defence"),
    ("Approval from the Food and Drug Administration came late.", "Food and Drug Administration"),
    ("Troops of the People's Liberation Army moved in.", "People's Liberation Army"),
    ("He met George W. Bush in Texas.", "George W. Bush"),
    ("The talks may resume, Theresa May said.", "Theresa May"),
])
def test_names_run_across_particles_institutions_and_initials(text, name):
    assert name in of_kind(mentions(text), "name")


@pytest.mark.parametrize("text, not_a_name", [
    ("The talks may resume next week, officials said.", "May"),
    ("They recognised Donetsk and Luhansk as de facto Russian territories.", "Luhansk as de facto Russian"),
    ("The minister said: I'm sure we're close, and left Serrin.", "I'm"),
    ("The minister said: It's time to talk, and left Serrin.", "It"),
    ("Russian and Western officials met.", "Russian"),
    ("Russian and Western officials met.", "Western"),
    ("The queue grew from 21 on Monday in Serrin.", "Monday"),
    ("The delegation met at the Kremlin Tuesday morning.", "Kremlin Tuesday"),
    ("PINE RIDGE, S.D. (AP) -- The president came.", "PINE RIDGE"),
    ("Despite the rain, the march went ahead in Serrin.", "Despite"),
])
def test_words_that_are_not_names(text, not_a_name):
    assert not_a_name not in of_kind(mentions(text), "name")


def test_a_word_opening_a_sentence_is_a_name_when_the_article_writes_it_alone_inside_one():
    from briefing.facts import article_mentions

    def names(*texts: str) -> list[str]:
        return [text for kind, text, _, _ in article_mentions([s("a", i, t) for i, t in enumerate(texts)])
                if kind == "name"]

    assert names("Officials met Korvald in Serrin.", "Korvald said little.") == ["Korvald", "Serrin", "Korvald"]
    assert names("Korvald said little.") == []  # "Critics", "Despite", "Wetlands" open sentences too
    assert "Wetlands" not in names("Wetlands International met in Serrin.", "Wetlands in the north are dry.")


# --- people and roles ----------------------------------------------------------------------------


@pytest.mark.parametrize("text, person, role", [
    ("The talks included US envoy Steve Witkoff and others.", "Steve Witkoff", "US envoy"),
    ("They met Steve Witkoff, US envoy, in Moscow.", "Steve Witkoff", "US envoy"),
    ("Ukraine spoke with Secretary of State Marco Rubio in Geneva.", "Marco Rubio", "Secretary of State"),
    ("According to Russia's Deputy Foreign Minister Sergey Ryabkov, the talks went well.",
     "Sergey Ryabkov", "Russia's Deputy Foreign Minister"),
    ("Kirill Dmitriev, a Russian foreign policy adviser, called the talks productive.",
     "Kirill Dmitriev", "Russian foreign policy adviser"),
    ("Following the meetings, Russian foreign policy adviser Kirill Dmitriev spoke.",
     "Kirill Dmitriev", "Russian foreign policy adviser"),
    ("The talks included President Donald Trump's son-in-law, Jared Kushner.",
     "Jared Kushner", "President Donald Trump's son-in-law"),
    ("Sergei Lavrov, the foreign minister of Russia, said so.", "Sergei Lavrov", "foreign minister of Russia"),
    ("He met Secretary of State Madeleine K. Albright on Monday.", "Madeleine K. Albright", "Secretary of State"),
])
def test_people_with_their_roles(text, person, role):
    assert roles(mentions(text)).get(person) == role


@pytest.mark.parametrize("text, person", [
    ("After meeting the envoy, Vladimir Putin said the talks were useful.", "Vladimir Putin"),
    ("Vladimir Putin hosted US envoy Steve Witkoff at the Kremlin.", "Vladimir Putin"),
    ("More alarming to the governmental affairs director Jack Jackson, the plan failed.", "Jack Jackson"),
    ("They met Vladimir Putin, the envoy said.", "Vladimir Putin"),
    ("They met Vladimir Putin, a tough negotiator, in Moscow.", "Vladimir Putin"),
    ("Shares of General Motors Corp fell.", "Motors Corp"),
    ("They met Vladimir Putin, of Russia, in Moscow.", "Vladimir Putin"),
])
def test_no_role_rather_than_a_wrong_one(text, person):
    assert person not in roles(mentions(text))


def test_split_title():
    assert split_title(["Labour", "Minister", "Ines", "Korvald"]) == (["Labour", "Minister"], ["Ines", "Korvald"])
    assert split_title(["Secretary", "of", "State", "Marco", "Rubio"]) == (["Secretary", "of", "State"],
                                                                          ["Marco", "Rubio"])
    assert split_title(["Prime", "Minister"]) == ([], None)  # a title alone
    assert split_title(["Halden", "Terminals"]) == ([], ["Halden", "Terminals"])


def test_a_titled_surname_is_a_person_when_the_corpus_writes_the_surname_alone():
    facts = find_facts(corpus("President Zelensky met envoys in Kyiv.", "Envoys met Zelensky in Kyiv.",
                              "General Motors cut jobs in Kyiv.", "Shares of General Motors fell."))
    texts = {f.text: f for f in facts}
    assert texts["Zelensky"].kind == "actor" and texts["Zelensky"].role == "President"
    assert texts["General Motors"].kind != "actor"  # "Motors" is never a name alone


def test_titled_and_bare_forms_are_one_actor_with_every_source():
    facts = find_facts(corpus("President Vladimir Putin met envoys in Moscow on Tuesday.",
                              "The envoys met Vladimir Putin for five hours.",
                              "The talks were useful, Putin said.", "Analysts in Kessa disagreed."))
    putin = [f for f in facts if "Putin" in f.text]
    assert len(putin) == 1
    assert (putin[0].kind, putin[0].text, putin[0].role) == ("actor", "Vladimir Putin", "President")
    assert set(putin[0].sources) == {"a", "b", "c"} and putin[0].support == 3


def test_a_surname_is_not_given_to_a_full_name_few_sources_write():
    facts = find_facts(corpus("President Clinton visited Pine Ridge.", "At Pine Ridge, Clinton spoke.",
                              "Then Clinton left Pine Ridge.", "In 1784 Governor George Clinton signed a treaty.",
                              "Tribal leaders met Clinton."))
    actor = next(f for f in facts if f.kind == "actor" and "Clinton" in f.text)
    assert (actor.text, actor.role) == ("Clinton", "President")


# --- figures -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, figure", [
    ("All 118 crew were lost.", "118 crew"),
    ("Europe answered the 28-point peace plan with its own.", "28-point peace plan"),
    ("Putin hosted the envoys for five hours of talks at the Kremlin.", "five hours of talks"),
    ("Congress approved $2.5 billion in aid last week.", "$2.5 billion in aid"),
    ("Russian troops took 40 towns in the east.", "40 towns"),
    ("Inflation rose 6 percent in March.", "6 percent"),
    ("Nurses won an 11 percent pay rise after the strike.", "11 percent pay rise"),
    ("The five-hour Kremlin meeting ended late.", "five-hour Kremlin meeting"),
    ("Five hundred state factory workers marched.", "Five hundred state factory workers"),
    ("Over 14,000 civilians affected by the shelling.", "14,000 civilians"),
    ("About 50 percent of American Indians are unemployed.", "50 percent of American Indians"),
])
def test_figures_with_what_they_count(text, figure):
    assert figure in of_kind(mentions(text), "figure")


@pytest.mark.parametrize("text", [
    "The Aug. 7 bombing killed hundreds.",
    "The conflict dates back to 2014 when the president was ousted.",
    "The talks began at 10 a.m. in Geneva.",
    "The talks began at 10:30 in Geneva.",
    "The 54-year-old captain was arrested.",
    "The captain, 54 years old, was arrested.",
    "The 12th round of talks ended.",
    "The war began nearly four years ago.",
    "Prices have risen for 10 years now.",
    "Dozens of people were hurt.",
    "The two countries agreed to talk.",
    "COX-2 inhibitors were approved.",
    "He worked at a 7-Eleven store.",
    "In one year Russia would come back.",
    "The strike went on for three times as long.",
    "They asked 1,000 high school and college seniors.",
    "Turning 30 feels different.",
])
def test_numbers_that_count_nothing_are_not_figures(text):
    assert of_kind(mentions(text), "figure") == []


def test_same_number_counting_people_is_one_figure_but_not_people_and_percent():
    facts = find_facts(corpus("All 118 crew were lost in the Barents Sea.",
                              "The 118 sailors had no chance, the navy said.",
                              "Only 11 people survived the blast in Kessa.",
                              "The price of bread rose 11 percent in Kessa."))
    crew = [f for f in facts if f.kind == "figure" and f.text.startswith("118")]
    assert len(crew) == 1 and set(crew[0].sources) == {"a", "b"}
    assert not any(f.kind == "figure" and f.text.startswith("11 ") for f in facts)  # one source each


# --- dated events --------------------------------------------------------------------------------


def test_dates_are_facts_only_with_the_event_they_date():
    assert of_kind(mentions("The Aug. 7 bombing killed hundreds."), "date") == ["August 7 bombing"]
    assert of_kind(mentions("Since Russia's invasion on February 24, 2022, thousands died."), "date") == [
        "February 24, 2022 invasion"]
    assert of_kind(mentions("The envoys met on Tuesday, August 12, in Moscow."), "date") == []
    facts = find_facts(corpus("The Aug. 12 bombing shook Kessa.", "After the August 12 bombings, Kessa mourned."))
    assert [(f.kind, f.text) for f in facts if f.kind == "date"] == [("date", "August 12 bombing")]


# --- across sources ------------------------------------------------------------------------------


def test_facts_need_two_sources():
    facts = find_facts(corpus("Envoys met Ines Korvald in Kessa.", "Ines Korvald left Kessa for Serrin.",
                              "Negotiators met in Serrin with Halden Terminals.", "Analysts in Marrow disagreed."))
    texts = {f.text for f in facts}
    assert {"Ines Korvald", "Kessa", "Serrin"} <= texts
    assert "Halden Terminals" not in texts and "Marrow" not in texts  # one source only


def test_spelling_variants_are_one_name():
    facts = find_facts(corpus("Talks with Zelensky resumed in Kessa.", "Talks with Zelenskyy resumed.",
                              "Officials met in Serrin.", "Officials met in Kessa."))
    zelensky = [f for f in facts if f.text.startswith("Zelensk")]
    assert len(zelensky) == 1 and zelensky[0].support == 2


def test_a_country_and_its_people_are_not_spelling_variants_and_the_people_is_no_fact():
    facts = find_facts(corpus("Israeli officials met in Kessa.", "Envoys from Israel went to Kessa.",
                              "Israeli troops left Serrin.", "In Serrin, Israel and Jordan met.",
                              "Talks with Jordan went on in Marrow.", "Talks in Marrow went on."))
    texts = {f.text for f in facts}
    assert "Israeli" not in texts and "Jordan" in texts


def test_an_acronym_is_counted_under_the_name_it_spells():
    facts = find_facts(corpus("The Food and Drug Administration approved Vioxx.", "The FDA approved Vioxx.",
                              "Merck said the FDA was slow.", "Merck sells Celebrex rivals."))
    fda = [f for f in facts if f.text in ("FDA", "Food and Drug Administration")]
    assert [(f.text, f.support) for f in fda] == [("Food and Drug Administration", 3)]


def test_a_name_most_sources_write_is_the_topic():
    facts = find_facts(corpus("Envoys from Ukraine met in Kessa.", "Talks on Ukraine in Kessa failed.",
                              "Talks on Ukraine went on in Serrin.", "Envoys of Ukraine and Halden Terminals met.",
                              "Officials in Serrin said Halden Terminals agreed."))
    texts = {f.text for f in facts}
    assert "Ukraine" not in texts  # four of five sources
    assert {"Kessa", "Serrin", "Halden Terminals"} <= texts  # two of five


def test_a_pairing_of_two_names_is_not_a_name():
    facts = find_facts(corpus("The US-Russia talks resumed in Riyadh, where Russia sent envoys.",
                              "Officials said the US-Russia meeting in Riyadh with Russia went well.",
                              "Engineers at Rolls-Royce met in Derby.",
                              "The order was signed in Derby, a spokesman for Rolls-Royce said.",
                              "Analysts in Marrow disagreed.", "Analysts in Kessa disagreed."))
    texts = {f.text for f in facts}
    assert "US-Russia" not in texts and "Russia" in texts and "Riyadh" in texts
    assert "Rolls-Royce" in texts


# --- one source in a central sentence ------------------------------------------------------------


def test_a_person_with_a_role_or_a_figure_from_one_source_counts_in_a_central_sentence():
    articles = corpus("The talks included US envoy Steve Witkoff and the 28-point peace plan in Kessa.",
                      "Talks resumed in Kessa.", "Officials in Serrin met analysts from Marrow.")
    central = [("a", 0)]
    facts = find_facts(articles, central=central)
    texts = {f.text: f for f in facts}
    assert texts["Steve Witkoff"].role == "US envoy" and texts["Steve Witkoff"].support == 1
    assert "28-point peace plan" in texts
    assert "Marrow" not in find_facts(articles, central=[("c", 0)])  # a bare name needs two sources
    without = {f.text for f in find_facts(articles)}
    assert "Steve Witkoff" not in without and "28-point peace plan" not in without


def test_small_counts_and_bare_percentages_do_not_count_from_one_source():
    facts = find_facts(corpus("In Kessa three officers agreed and prices rose 6 percent.", "Talks in Kessa went on."),
                       central=[("a", 0)])
    assert not any(f.kind == "figure" for f in facts)


# --- the page ------------------------------------------------------------------------------------


def test_people_with_roles_then_figures_then_names():
    facts = find_facts(corpus(
        "Labour Minister Ines Korvald said 4,200 members of the union met in Serrin with Halden Terminals.",
        "Ines Korvald told 4,200 members to wait, Halden Terminals said in Serrin.",
        "In Serrin, Halden Terminals and Kessa Port agreed.", "Kessa Port said nothing in Marrow.",
        "Officials in Marrow met."))
    kinds = [f.kind for f in facts]
    assert kinds[0] == "actor" and kinds[1] == "figure"
    assert kinds.index("figure") < min(i for i, k in enumerate(kinds) if k in ("name", "organisation"))


def test_the_block_is_capped_and_figures_leave_room_for_names():
    texts = [f"The port moved {n} containers and {n + 1} trucks, Port{chr(65 + n)} officials said."
             for n in range(20, 40)]
    articles = corpus(*texts, *texts)
    facts = find_facts(articles)
    assert len(facts) == MAX_FACTS
    assert sum(f.kind == "figure" for f in facts) == MAX_FIGURES


def test_facts_from_mentions_accepts_no_central_sentences():
    assert facts_from_mentions([]) == ()
    assert facts_from_mentions([("a", ())], central=[("a", 0)]) == ()


TRICKY_WORDS = ["Aug", ".", "7", "bombing", "$", "2.5", "billion", "in", "aid", "of", "the", "President", "Putin", "'s",
                "’s", ",", "a", "US", "envoy", "Steve", "Witkoff", "bin", "Laden", "28-point", "five-hour", "K", "of",
                "Secretary", "State", "percent", "%", "May", "I'm", "and", "Food", "Administration", "&", "QL", ";",
                "-", "1,000", "12th", "54-year-old", "twenty-one", "al-Baghdadi", "“", "”", ":", "Monday", "2014"]


@given(st.lists(st.one_of(st.text(max_size=120),
                          st.lists(st.sampled_from(TRICKY_WORDS), max_size=25).map(" ".join),
                          st.lists(st.sampled_from(TRICKY_WORDS), max_size=25).map("".join)),
                min_size=1, max_size=4))
@settings(max_examples=300, deadline=None)
def test_any_text_gives_at_most_max_facts_without_failing(texts):
    facts = find_facts(corpus(*texts), central=[("a", 0)])
    assert len(facts) <= MAX_FACTS
    for fact in facts:
        assert fact.text and fact.support >= 1 and set(fact.sources) == {k[0] for k in fact.sentences}
