from __future__ import annotations

from briefing.facts import find_facts, mentions
from briefing.model import BlockKind, Sentence


def s(article: str, index: int, text: str) -> Sentence:
    return Sentence(article, index, text, 0, 0, len(text), BlockKind.PARAGRAPH, 0.0)


def test_mentions_names_figures_dates():
    found = mentions("Talks chaired by Labour Minister Ines Korvald in Serrin on Wednesday drew 4,200 members.")
    assert ("name", "Labour Minister Ines Korvald") in found
    assert ("name", "Serrin") in found
    assert ("date", "Wednesday") in found
    assert ("figure", "4,200 members") in found


def test_numbers_without_a_counted_noun_and_demonyms_are_not_facts():
    found = mentions("The queue grew from 21 on Monday as Russian and Western officials met.")
    assert not any(kind == "figure" for kind, _ in found)
    assert ("name", "Russian") not in found and ("name", "Western") not in found


def test_facts_need_two_sources_and_longer_names_win():
    facts = find_facts([
        [s("a", 0, "President Vladimir Putin met envoys in Moscow on Tuesday."),
         s("a", 1, "Officials said the Kessa route was open.")],
        [s("b", 0, "The envoys met Vladimir Putin in Moscow for five hours.")],
    ])
    texts = {f.text: f for f in facts}
    assert "Vladimir Putin" in texts and "Putin" not in texts
    assert "Moscow" in texts and texts["Moscow"].sources == ("a", "b")
    assert "Kessa" not in texts  # one source only


def test_a_longer_form_from_one_source_adds_its_sentences_to_the_agreed_name():
    facts = find_facts([
        [s("a", 0, "President Vladimir Putin met envoys in Moscow on Tuesday.")],
        [s("b", 0, "The envoys met Vladimir Putin for five hours.")],
        [s("c", 0, "Vladimir Putin said the talks were useful.")],
    ])
    putin = next(f for f in facts if f.text == "Vladimir Putin")
    assert set(putin.sources) == {"a", "b", "c"}
    assert ("a", 0) in putin.sentences


def test_a_pronoun_with_a_possessive_is_not_a_name():
    found = mentions("The minister said: It's time to talk, and left Serrin.")
    assert ("name", "It") not in found and ("name", "Serrin") in found


def test_titled_names_become_actors_with_their_role():
    from briefing.facts import split_role

    assert split_role("Labour Minister Ines Korvald") == ("Labour Minister", "Ines Korvald")
    assert split_role("Chief Prosecutor Louise Arbour") == ("Chief Prosecutor", "Louise Arbour")
    assert split_role("President Putin") == ("", "President Putin")  # no first name: not sure it is a person
    assert split_role("Halden Terminals") == ("", "Halden Terminals")
    facts = find_facts([
        [s("a", 0, "Talks chaired by Labour Minister Ines Korvald began in Serrin.")],
        [s("b", 0, "The union met Ines Korvald on Tuesday.")],
        [s("c", 0, "Negotiators met in Serrin on Tuesday.")],
    ])
    actor = next(f for f in facts if f.kind == "actor")
    assert (actor.text, actor.role, actor.label) == ("Ines Korvald", "Labour Minister", "Ines Korvald (Labour Minister)")
    assert set(actor.sources) == {"a", "b"} and ("a", 0) in actor.sentences
    assert not any(f.kind == "name" and "Korvald" in f.text for f in facts)


def test_a_pairing_of_two_names_is_not_a_name():
    facts = find_facts([
        [s("a", 0, "The US-Russia talks resumed in Riyadh, where Russia sent envoys.")],
        [s("b", 0, "Officials said the US-Russia meeting in Riyadh with Russia went well.")],
        [s("c", 0, "Engineers at Rolls-Royce met in Riyadh.")],
        [s("d", 0, "The order was signed in Derby, a spokesman for Rolls-Royce said.")],
    ])
    texts = {f.text for f in facts}
    assert "US-Russia" not in texts and "Russia" in texts and "Riyadh" in texts
    assert "Rolls-Royce" in texts
