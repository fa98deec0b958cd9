from __future__ import annotations

import json

import numpy as np
import pytest
from scipy.stats import spearmanr
from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.summarizers.lex_rank import LexRankSummarizer

from briefing.clean import clean_article
from briefing.lang import Language
from briefing.model import Article, BlockKind, ScoredSentence, Sentence
from briefing.rank import SUMMARIZERS, SumyTokenizer, rank_article, rank_corpus, to_percentiles
from briefing.rank.corpus import lexrank, tfidf_matrix
from briefing.rank.filters import dependent_opening, rejection, rejection_rule
from briefing.segment import Splitter, segment_article

from .conftest import ARTICLE_A, ARTICLE_B, DATA, EXAMPLE

LANG = Language.english()


def prepared(text: str, article_id: str = "a"):
    clean = clean_article(Article(article_id, f"{article_id}.txt", "", text))
    splitter = Splitter.for_texts([text])
    return clean, segment_article(clean, splitter), SumyTokenizer(splitter)


@pytest.mark.parametrize("name", sorted(SUMMARIZERS))
def test_every_summarizer_scores_every_sentence(name):
    clean, sentences, tokenizer = prepared(ARTICLE_A + ARTICLE_B)
    ranking = rank_article(clean, sentences, name, LANG, tokenizer)
    keys = {c.key for c in ranking.candidates} | {r.key for r in ranking.rejected}
    assert keys == {s.key for s in sentences}
    assert all(0.0 <= c.ranks["article"] <= 1.0 for c in ranking.candidates)


def test_percentiles_turn_any_scale_into_ranks():
    assert to_percentiles([-3.0, -1.0, -2.0]) == [1.0, 0.0, 0.5]
    assert to_percentiles([5.0, 5.0]) == [0.5, 0.5]  # ties share the average rank


def sentence(text: str, article_id: str = "a", index: int = 0, block: int = 0) -> Sentence:
    return Sentence(article_id, index, text, block, 0, len(text), BlockKind.PARAGRAPH, 0.0)


@pytest.mark.parametrize("text, rule", [
    ("What does this mean for the war in Ukraine?", "question"),
    ("Key elements of the discussions include:", "fragment"),
    ("Managing domestic political pressure to maintain support for diplomatic efforts", "fragment"),
    ("Let’s break down the latest developments and what this meeting means for the future.", "meta"),
    ("As the world watches closely, the outcomes of these discussions will shape the region.", "filler"),
    ("It also emphasizes the ongoing difficulties encountered by Ukrainian forces.", "unresolved-reference"),
    ("These measures have sought to pressure the Kremlin to reconsider its campaign.", "unresolved-reference"),
    ("As both nations navigate a complex geopolitical landscape, Ukraine stands at a critical juncture.",
     "commentary"),
    ("The ongoing negotiations signal a pivotal moment for Ukraine and the landscape of Europe.", "commentary"),
    ("Officials said the talks in Geneva were a significant step and would resume on Friday.", None),
    ("As the geopolitical landscape in Eastern Europe continues to shift, officials met in Riyadh.", "filler"),
    ("The upcoming US-Russia talks are a significant development in the diplomatic efforts.", "filler"),
    ("Continued commitment from donors will be essential in supporting Ukraine’s recovery.", "filler"),
    ("In a significant development amid tensions, U.S. and Russian officials are set to meet.", "filler"),
    ("A major diplomatic development has unfolded as officials agreed to meet again.", "filler"),
    ("The Ukraine conflict has captured global focus, with the United States aiding Kyiv.", "filler"),
    ("The backdrop of these negotiations is marked by Ukraine’s struggle for sovereignty.", "filler"),
    ("Simultaneously, Washington sent its envoys to three European capitals.", "dangling-connective"),
    ("The combination of military action and diplomacy highlights the dual nature of the war.", "commentary"),
    ("Diplomatic engagement remains vital: both sides must commit to open channels.", "filler"),
    ("With Moscow's rhetoric, American officials must balance diplomacy with pragmatic concessions.", "filler"),
    ("Peace Commitments: The dialogue covers lasting peace agreements and a timeline.", "heading-label"),
    ("Officials said: the talks covered lasting peace agreements and a timeline.", None),
    ("Restoration of Sovereignty: A peace deal might solidify Ukraine’s territorial integrity.", "heading-label"),
    ("Foreign Minister of Ukraine Dmytro Kuleba said the talks would resume: no date was set.", None),
    ("However, the situation remains volatile, as evidenced by Russia’s recent military advances.",
     "dangling-connective"),
    ("Still, officials in Serrin said the port would reopen by the end of the week.", "dangling-connective"),
    ("Stillwater officials said the port would reopen by the end of the week.", None),
    ("This week, however, officials from both nations met in Saudi Arabia for talks.", None),
    ("Vladimir Putin hosted US negotiators at the Kremlin on Tuesday for five hours of talks.", None),
    ("Here are some recent viruses; all of them can be blocked by anti-virus software.", "meta"),
    ("(NYT38) VERO BEACH, Fla. -- Oct. 20, 1999 -- PEST-CONTROL-1-COX, 10-20 -- Plant pathologist Daniel "
     "Chellemi inspects the progress of a new soil treatment.", "caption"),
    ("The US-led talks on COVID-19 vaccines resumed in Geneva on Monday, officials said.", None),
])
def test_filter_rules(text, rule):
    assert rejection_rule(sentence(text)) == rule


def test_vectorised_lexrank_agrees_with_sumy():
    texts = [s.text for p in sorted(EXAMPLE.glob("0[1234]*"))
             for s in prepared(p.read_text(encoding="utf-8"))[1]]
    assert len(texts) > 25
    tokenizer = prepared(ARTICLE_A)[2]
    vectors = tfidf_matrix([LANG.content_stems(t) for t in texts])
    ours = lexrank(vectors @ vectors.T)
    summarizer = LexRankSummarizer(LANG.stem)
    summarizer.stop_words = LANG.stop_words
    document = ObjectDocumentModel([Paragraph([SumySentence(t, tokenizer) for t in texts])])
    ratings: dict[int, float] = {}
    summarizer(document, lambda infos: ratings.update((i.order, i.rating) for i in infos) or [])
    theirs = [ratings[i] for i in range(len(texts))]
    assert spearmanr(ours, theirs).statistic > 0.6


def scored(s: Sentence, pct: float = 0.0) -> ScoredSentence:
    return ScoredSentence(s, 1.0, {"article": pct})


def test_corpus_ranking_drops_copies_and_records_what_they_repeat():
    text = "Labour Minister Ines Korvald called both sides to mediated talks in Serrin on Wednesday."
    a = [scored(sentence(text, "a")), scored(sentence("Petrol stations in 40 towns ran dry on Tuesday night.", "a", 1), 0.5)]
    b = [scored(sentence(text, "b"))]
    result = rank_corpus([a, b], LANG)
    assert [c.sentence.text for c in result.chosen].count(text) == 1
    (rejection,) = result.rejected
    assert rejection.rule == "duplicate" and "repeats" in rejection.detail


def test_corpus_ranking_catches_a_restated_neighbouring_paragraph():
    first = sentence("The chamber said fruit growers were worst hit, because perishable cargo cannot wait "
                     "for the port to reopen.", "a", 0, block=1)
    restated = sentence("Fruit growers have suffered the most, the chamber said, since their perishable goods "
                        "cannot be held until the port resumes operations.", "a", 1, block=2)
    other = sentence("Shipping lines have begun diverting vessels to the port of Kessa up the coast.", "b", 0)
    result = rank_corpus([[scored(first), scored(restated, 0.5)], [scored(other)]], LANG)
    chosen = [c.sentence.key for c in result.chosen]
    assert ("a", 0) in chosen and ("a", 1) not in chosen


def test_focus_moves_matching_sentences_up():
    fuel = sentence("Petrol stations in 40 towns reported fuel shortages on Tuesday.", "a", 0)
    pay = sentence("The union demands an 11 percent pay rise over two years from the company.", "b", 0)
    ranked = rank_corpus([[scored(fuel)], [scored(pay)]], LANG, focus="fuel shortages at petrol stations")
    assert ranked.chosen[0].sentence == fuel
    ranked = rank_corpus([[scored(fuel)], [scored(pay)]], LANG, focus="union pay demands")
    assert ranked.chosen[0].sentence == pay


def test_coverage_order_prefers_new_concepts_over_a_restatement():
    from briefing.rank.corpus import coverage_order

    # 0 and 1 cover the same concepts; 2 covers others. By combined rank alone: 0, 1, 2.
    concepts = [[1, 2, 3], [1, 2, 3], [4, 5]]
    frequencies = {1: 3, 2: 3, 3: 3, 4: 3, 5: 3}
    order, gains = coverage_order([0, 1, 2], np.array([0.0, 0.1, 0.2]), concepts, frequencies, [10, 10, 10])
    assert order == [0, 2, 1]
    assert gains[0] == 1.0 and gains[1] == 0.0 and 0 < gains[2] < 1
    # Without concepts to cover, the combined order stands.
    assert coverage_order([2, 0, 1], np.array([0.1, 0.2, 0.0]), [[], [], []], {}, [5, 5, 5])[0] == [2, 0, 1]


def test_concepts_are_pairs_of_consecutive_content_stems():
    from briefing.rank.corpus import concept_frequencies, concept_hashes

    talks = LANG.content_stems("Peace talks resumed in Geneva.")
    assert len(concept_hashes(talks)) == len(talks) - 1
    assert (concept_hashes(LANG.content_stems("The peace talks resumed")) == concept_hashes(
        LANG.content_stems("peace talks resumed"))).all()
    found = concept_frequencies([talks], [concept_hashes(talks), concept_hashes(talks), np.zeros(0, np.uint64)])
    assert sorted(found.values()) == [2] * (len(talks) - 1)


@pytest.mark.parametrize("text, rule", [
    ("A limit of twelve-hour shifts, after two workers were injured on night shifts this year.", "list-fragment"),
    ("An 11 percent pay rise over two years, in line with inflation in the region.", "list-fragment"),
    ("A guarantee that automated cranes will not replace existing jobs before 2030.", "list-fragment"),
    ("Implementing calibrated sanctions relief tied to verifiable steps, providing incentives.", "list-fragment"),
    ("Speaking to reporters, the minister said the talks would resume on Friday.", None),
    ("A ceasefire was agreed on Monday, officials said.", None),
    ("The union rejected the offer on Sunday.", None),
    ("Exporters lost 30 million crowns a day.", None),
])
def test_list_items_that_need_their_lead_in(text, rule):
    item = Sentence("a", 0, text, 0, 0, len(text), BlockKind.LIST_ITEM, 0.0)
    assert rejection_rule(item) == rule
    assert rejection_rule(sentence(text)) is None  # the same words in a paragraph are a sentence


def test_focus_doubles_the_weight_of_concepts_on_the_topic():
    from briefing.rank.corpus import concept_frequencies, concept_hashes, focus_weighted

    fuel = LANG.content_stems("Fuel shortages hit petrol stations.")
    pay = LANG.content_stems("Union pay demands were rejected.")
    found = concept_frequencies([fuel, pay], [concept_hashes(fuel), concept_hashes(pay)] * 2)
    weighted = focus_weighted(found, [fuel, pay], set(LANG.content_stems("fuel shortages")))
    on_topic = {*concept_hashes(fuel[:3]).tolist()}  # "fuel shortag", "shortag hit"
    for h in concept_hashes(fuel).tolist():
        assert weighted[h] == (4 if h in on_topic else 2)
    assert all(weighted[h] == 2 for h in concept_hashes(pay).tolist())


def test_sentences_giving_the_same_figure_repeat_each_other_at_a_lower_bar():
    from briefing.rank.corpus import DUPLICATE_SIMILARITY, SAME_FIGURE_SIMILARITY, figures, repeat_threshold

    a = sentence("About 4,200 members of the union stopped work on Monday.", "a")
    b = sentence("The union said about 4,200 of its members joined the strike.", "b")
    c = sentence("In 2024 the union signed a contract with the operator.", "c")
    d = sentence("The operator has employed dockworkers since 2024.", "d")
    assert figures(a.text) == {"4200"} and figures(c.text) == set()  # years are not figures
    assert repeat_threshold(a, b) == SAME_FIGURE_SIMILARITY < DUPLICATE_SIMILARITY
    assert repeat_threshold(c, d) == DUPLICATE_SIMILARITY


def test_two_words_of_commentary_make_a_sentence_commentary():
    assert rejection_rule(sentence("The evolving talks took place in a volatile week in Geneva.")) == "commentary"
    assert rejection_rule(sentence("Markets were volatile in Geneva on Friday after the talks.")) is None


STRIKE_ARTICLES = {
    "courier": ["Dockworkers at Port Almery went on strike on Monday after wage talks with Halden Terminals broke down.",
                "The dock strike halted cargo handling at all three container terminals of the port.",
                "Union leader Tomas Reyhill said the wage talks failed over a 6 percent pay offer."],
    "gazette": ["The dock strike at Port Almery entered its second day on Tuesday with no wage talks planned.",
                "Halden Terminals said the union demand for an 11 percent pay rise would harm the port.",
                "Fuel shortages hit petrol stations in 40 eastern towns because tankers cannot unload."],
    "daily": ["Shipping lines diverted vessels to Kessa as the dock strike at Port Almery went on.",
              "Wage talks between the union and Halden Terminals will resume on Wednesday in Serrin.",
              "The energy agency warned of fuel shortages at petrol stations if the port stays shut."],
    "wire": ["About 4,200 dockworkers joined the dock strike at Port Almery, the union said on Monday.",
             "Labour Minister Ines Korvald invited both sides to wage talks in Serrin on Wednesday.",
             "Exporters said the dock strike cost them 30 million crowns a day in lost cargo."],
}
"""A strike corpus whose minor subtopic, fuel shortages, two of four articles mention,
each in its last sentence."""


def strike_ranking(focus: str | None) -> list[str]:
    from briefing.rank.corpus import all_concepts

    rankings, concepts = [], []
    for article_id, texts in STRIKE_ARTICLES.items():
        sentences = [Sentence(article_id, i, t, i, 0, len(t), BlockKind.PARAGRAPH, i / (len(texts) - 1))
                     for i, t in enumerate(texts)]
        rankings.append([scored(s, s.position) for s in sentences])
        concepts.append(all_concepts([LANG.content_stems(t) for t in texts]))
    return [c.sentence.text for c in rank_corpus(rankings, LANG, focus=focus, article_concepts=concepts).chosen]


def test_a_focus_on_a_minor_subtopic_brings_its_sentences_into_the_bottom_line():
    fuel = [t for texts in STRIKE_ARTICLES.values() for t in texts if "fuel shortages" in t.lower()]
    plain, focused = strike_ranking(None), strike_ranking("fuel shortages at petrol stations")
    assert not set(fuel) & set(plain[:3])
    assert set(fuel) & set(focused[:3])
    assert all(focused.index(t) < plain.index(t) for t in fuel)


DEPENDENT = json.loads((DATA / "dependent_cases.json").read_text(encoding="utf-8"))
OPENING_RULES = {"dangling-connective", "unresolved-reference"}


def judged_in_order(texts: list[str]) -> dict[int, str]:
    """Index -> rule of each sentence of an article that the filters reject."""
    sentences = [sentence(t, "a", i, block=i) for i, t in enumerate(texts)]
    return {i: r.rule for i, s in enumerate(sentences) if (r := rejection(s, sentences[:i]))}


@pytest.mark.parametrize("case", DEPENDENT["sentences"], ids=[c["text"][:40] for c in DEPENDENT["sentences"]])
def test_sentences_that_depend_on_one_the_brief_does_not_show(case):
    assert rejection_rule(sentence(case["text"])) == case["rule"]
    assert (dependent_opening(case["text"]) is not None) == (case["rule"] in OPENING_RULES)


@pytest.mark.parametrize("case", DEPENDENT["articles"], ids=[a["sentences"][0][:40] for a in DEPENDENT["articles"]])
def test_definite_references_to_what_the_article_introduced(case):
    assert judged_in_order(case["sentences"]) == {int(i): rule for i, rule in case["rejected"].items()}


def known_failure(case: dict) -> pytest.param:
    return pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=case["why"]), id=case["why"][:40])


@pytest.mark.parametrize("case", [known_failure(c) for c in DEPENDENT["known_failures"]])
def test_known_failures_of_the_sentence_rules(case):
    assert rejection_rule(sentence(case["text"])) == case["rule"]


@pytest.mark.parametrize("case", [known_failure(c) for c in DEPENDENT["known_article_failures"]])
def test_known_failures_of_the_article_rules(case):
    assert judged_in_order(case["sentences"]) == {int(i): rule for i, rule in case["rejected"].items()}


def test_rank_article_records_which_sentence_a_reference_needs():
    texts = DEPENDENT["articles"][0]["sentences"]
    clean, sentences, tokenizer = prepared("\n\n".join(texts))
    ranking = rank_article(clean, sentences, "lexrank", LANG, tokenizer)
    (recapture,) = [r for r in ranking.rejected if r.text.startswith("Russia's recapture")]
    assert recapture.rule == "dependent-reference" and "a#0" in recapture.detail
    assert any(c.sentence.text.startswith("The Kremlin said") for c in ranking.candidates)


def test_no_quotable_line_of_the_shared_corpus_depends_on_an_unseen_sentence(shared_corpus):
    candidates = []
    for path in sorted(shared_corpus.glob("*.txt")):
        clean, sentences, tokenizer = prepared(path.read_text(encoding="utf-8"), path.stem)
        candidates += [c.sentence.text for c in rank_article(clean, sentences, "lexrank", LANG, tokenizer).candidates]
    assert not [t for t in candidates if dependent_opening(t)]
    assert not [t for t in candidates if t.startswith(("Russia’s recapture of the town",
                                                         "Although the particular town recaptured"))]
    assert [t for t in candidates if "perceive the war as" in t]  # "the war": never "a war" before
