"""Shortcuts in hot loops never change an answer: the quick tests that spare the facts'
loops a regular expression or a call skip only what the full test would reject, an
article's concepts are sorted once, not once a sentence, to the same result, and the
filters' long patterns match lower-cased text as case-insensitive ones match the text,
and the reader counts control characters with one pattern as a loop over them would."""

from __future__ import annotations

import re
import sys

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from briefing.clean import FURNITURE_LINES, FURNITURE_NEEDS
from briefing.facts import NEVER_NUMBER_START, NUMBER_START, NUMBER_WORDS, TOKEN, is_name_word, name_runs, tokenise
from briefing.load.text import control_ratio
from briefing.model import Sentence
from briefing.patterns import casefree
from briefing.rank.corpus import all_concepts, concept_hashes
from briefing.rank.filters import CAPTION, FILLER, LOWER_CASE_PATTERNS, MARKUP, META, RULE_NEEDS, RULES

from .conftest import EXAMPLE

WORDS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12)
NUMBERISH = st.sampled_from(sorted(NUMBER_WORDS)).flatmap(
    lambda w: st.sampled_from([w, w.upper(), w.title(), f"{w}-fold", f"{w.title()}-Year", f"{w}s"]))


@given(st.one_of(WORDS, NUMBERISH))
def test_a_token_skipped_by_its_first_character_is_no_number(word):
    if word[0] in NEVER_NUMBER_START:
        assert NUMBER_START.match(word) is None


def test_no_token_of_the_examples_is_skipped_wrongly():
    for path in sorted(EXAMPLE.glob("*.*")):
        tokens, _ = tokenise(path.read_text(encoding="utf-8"))
        assert not [t for t in tokens if t[0] in NEVER_NUMBER_START and NUMBER_START.match(t)]


def reference_name_runs(words: list[str]) -> list[tuple[int, int]]:
    """name_runs without its quick test: every word asked whether it is a name word."""
    from briefing.facts import run_end

    spans, i = [], 0
    while i < len(words):
        if is_name_word(words, i) and not (i and words[i - 1] == "&"):
            spans.append((i, run_end(words, i)))
            i = spans[-1][1]
        else:
            i += 1
    return spans


@given(st.lists(st.one_of(WORDS, st.sampled_from(["of", "the", "and", "bin", "al-Sisi", "&", ".", "W", "Tuesday",
                                                    "May", "7", "Ministry", "Putin's", "US"])), max_size=15))
def test_name_runs_find_what_asking_every_word_finds(words):
    assert name_runs(words) == reference_name_runs(words)


def test_name_runs_on_the_examples():
    for path in sorted(EXAMPLE.glob("*.*")):
        for line in path.read_text(encoding="utf-8").splitlines():
            words, _ = tokenise(line)
            assert name_runs(words) == reference_name_runs(words)


@given(st.lists(st.lists(st.sampled_from(["peac", "talk", "kremlin", "resum", "a", "talk"]), max_size=6), max_size=5))
def test_an_articles_concepts_are_those_of_its_sentences(token_lists):
    expected = np.unique(np.concatenate([concept_hashes(t) for t in token_lists] + [np.zeros(0, np.uint64)]))
    found = all_concepts(token_lists)
    assert found.dtype == np.uint64
    assert found.tolist() == expected.tolist()


PHRASES = st.lists(st.sampled_from([
    "Pivotal", "LANDSCAPE", "complexities", "Cautiously Optimistic", "navigating", "Remains To Be Seen",
    "As The Situation Continues To Unfold", "the stakes for Kyiv are HIGH", "marks a Significant step",
    "The Backdrop Of", "Stakeholders must", "ẞ", "K", "said", "on Tuesday", ".", ",", " "]),
    max_size=12).map(" ".join)


@pytest.mark.parametrize("pattern", LOWER_CASE_PATTERNS, ids=["FILLER", "VAGUE"])
@given(text=st.one_of(PHRASES, st.text(max_size=60)))
def test_lower_case_patterns_match_as_case_insensitive_ones_would(pattern, text):
    """The same matches, but for Turkish capital dotted I (İ), which lower-cases to i and a
    combining dot: "İntricate" is no commentary word any more, and need not be."""
    assume("İ" not in text)
    insensitive = re.compile(pattern.pattern, re.I)
    assert [m.group() for m in pattern.finditer(text.lower())] == [
        m.group().lower() for m in insensitive.finditer(text)]


@pytest.mark.parametrize("pattern", LOWER_CASE_PATTERNS, ids=["FILLER", "VAGUE"])
def test_lower_case_patterns_are_written_in_lower_case(pattern):
    letters = re.sub(r"\\[A-Za-z]", "", pattern.pattern)  # \b, \w, \s are classes, not letters
    assert letters == letters.lower()


@given(st.text(st.characters(max_codepoint=0x3000), max_size=300))
def test_control_ratio_counts_what_a_loop_over_the_characters_counts(text):
    sample = text[:8192]
    expected = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f") / len(sample) if sample else 0.0
    assert control_ratio(text) == expected


@pytest.mark.parametrize("rule", sorted(FURNITURE_NEEDS))
@given(data=st.data())
def test_every_furniture_line_a_pattern_matches_holds_one_of_its_words(rule, data):
    line = data.draw(st.from_regex(FURNITURE_LINES[rule], fullmatch=True))
    lowered = casefree(line)
    assert any(word in lowered for word in FURNITURE_NEEDS[rule])


def test_casefree_maps_every_character_case_insensitive_matching_takes_for_an_ascii_letter():
    others = "".join(chr(code) for code in range(128, sys.maxunicode + 1) if chr(code).isalpha())
    for letter in "abcdefghijklmnopqrstuvwxyz":
        for char in re.findall(letter, others, re.I):
            assert casefree(char) == letter, (hex(ord(char)), letter)


@pytest.mark.parametrize(("rule", "pattern"), [("meta", META), ("filler", FILLER), ("markup", MARKUP),
                                               ("caption", CAPTION)])
@given(data=st.data())
def test_every_sentence_a_filter_pattern_matches_holds_one_of_its_strings(rule, pattern, data):
    text = data.draw(st.from_regex(pattern))
    lowered = casefree(text)
    assert any(word in lowered for word in RULE_NEEDS[rule])


@given(st.text(st.sampled_from(list("ab. '\"`“”‘’")), min_size=1, max_size=30))
def test_a_quote_fragment_holds_a_quotation_mark(text):
    if RULES["quote-fragment"](Sentence("a", 0, text, 0, 0, len(text))):
        assert any(mark in text for mark in RULE_NEEDS["quote-fragment"])


def test_the_gated_rules_are_rules():
    assert set(RULE_NEEDS) <= set(RULES)


@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80))
def test_token_spans_found_on_use_are_those_the_pattern_finds(text):
    words, spans = tokenise(text)
    assert words == [m.group(0) for m in TOKEN.finditer(text)]
    assert list(spans) == [m.span() for m in TOKEN.finditer(text)]
    assert spans[1:3] == [m.span() for m in TOKEN.finditer(text)][1:3]
