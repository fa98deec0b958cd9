from __future__ import annotations

import json

import nltk
import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.clean import clean_article
from briefing.model import Article
from briefing.segment import Splitter, cleaned_text, segment_article, split_sentences

from .conftest import DATA, SHARED


@pytest.fixture(autouse=True)
def no_downloads(monkeypatch):
    """Splitting must work offline: any attempt to download NLTK data fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("nltk.download was called")

    monkeypatch.setattr(nltk, "download", refuse)


NEWS_CASES = json.loads((DATA / "segment_cases.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", NEWS_CASES, ids=[c["text"][:40] for c in NEWS_CASES])
def test_news_boundaries(case):
    assert split_sentences(case["text"]) == case["sentences"]


GOLDEN = SHARED / "eval" / "segmentation" / "golden_rules_en.json"
GOLDEN_CASES = json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.is_file() else []
KNOWN_FAILURES = {
    17: "a.m. then Mr.: splits after '6 P.M.' but not after '5 a.m.' in the same text (pySBD fails it too)",
}


@pytest.mark.skipif(not GOLDEN_CASES, reason="../shared/eval/segmentation is not beside this checkout")
@pytest.mark.parametrize("number", range(len(GOLDEN_CASES)) if GOLDEN_CASES else [0])
def test_golden_rules(number, request):
    if number in KNOWN_FAILURES:
        request.applymarker(pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[number]))
    case = GOLDEN_CASES[number]
    assert split_sentences(case["text"]) == case["sentences"]


def test_words_punkt_learns_as_abbreviations_are_not_trusted():
    # Trained on this text alone, Punkt would learn "ago" as an abbreviation and glue the two.
    text = ("The war began four years ago. Despite this, talks went on. It ended long ago. "
            "Officials met again. The fighting began years ago. Nobody expected peace.")
    assert "The war began four years ago." in Splitter.for_texts([text]).split(text)


def test_spans_index_the_cleaned_text():
    clean = clean_article(Article("a", "a.txt", "Title Here Now",
                                  "Title Here Now\nFirst sentence is here. Second one follows.\n- A list item of note.\n"))
    sentences = segment_article(clean, Splitter.for_texts([b.text for b in clean.blocks]))
    text = cleaned_text(clean)
    assert [s.text for s in sentences] == ["First sentence is here.", "Second one follows.", "A list item of note."]
    assert all(text[s.start:s.end] == s.text for s in sentences)
    assert [s.position for s in sentences] == [0.0, 0.5, 1.0]


@given(st.text(max_size=300))
def test_split_returns_verbatim_pieces_in_order(text):
    pieces = split_sentences(text)
    position = 0
    for piece in pieces:
        found = text.find(piece, position)
        assert found >= 0 and piece == piece.strip() and piece
        position = found + len(piece)


def test_punkt_regexes_tokenise_exactly_as_nltk():
    from nltk.tokenize.punkt import PunktLanguageVars

    from briefing.segment import PunktRegexes

    theirs, ours = PunktLanguageVars(), PunktRegexes()
    for path in sorted((SHARED / "corpus" / "ukraine-talks").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert ours.word_tokenize(text) == theirs.word_tokenize(text)
        assert ([m.span() for m in ours.period_context_re().finditer(text)]
                == [m.span() for m in theirs.period_context_re().finditer(text)])
        assert ([m.span() for m in ours.re_boundary_realignment.finditer(text)]
                == [m.span() for m in theirs.re_boundary_realignment.finditer(text)])


def test_punkt_token_regexes_type_and_annotate_exactly_as_nltk():
    from nltk.tokenize.punkt import PunktLanguageVars, PunktToken

    from briefing.segment import PunktTokenRegexes

    def described(token):
        return (token.type, bool(token.is_ellipsis), bool(token.is_initial), bool(token.is_alpha), token.is_number)

    for path in sorted((SHARED / "corpus" / "ukraine-talks").glob("*.txt")):
        tokens = PunktLanguageVars().word_tokenize(path.read_text(encoding="utf-8")) + ["...", "A.", "1,200.", "-3.5"]
        assert [described(PunktTokenRegexes(t)) for t in tokens] == [described(PunktToken(t)) for t in tokens]


def test_split_sentences_learns_capitalisation_from_the_text():
    # "its" is lower case elsewhere in the text, so a capitalised "Its" after "Md." starts a sentence;
    # a capitalised name after "Gen." does not.
    text = ("The office was set up near the main campus in Bethesda, Md. Its mission was complicated. "
            "Gen. Dorn said its staff was small.")
    assert split_sentences(text) == ["The office was set up near the main campus in Bethesda, Md.",
                                     "Its mission was complicated.", "Gen. Dorn said its staff was small."]


def test_one_text_splitter_agrees_with_the_trained_one_on_the_shared_corpus():
    for path in sorted((SHARED / "corpus" / "ukraine-talks").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert Splitter.for_text(text).split(text) == Splitter.for_texts([text]).split(text)
