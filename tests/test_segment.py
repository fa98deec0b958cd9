from __future__ import annotations

import nltk
import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.clean import clean_article
from briefing.model import Article
from briefing.segment import Splitter, cleaned_text, segment_article, split_sentences


@pytest.fixture(autouse=True)
def no_downloads(monkeypatch):
    """Splitting must work offline: any attempt to download NLTK data fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("nltk.download was called")

    monkeypatch.setattr(nltk, "download", refuse)


@pytest.mark.parametrize("text, expected", [
    ("Gen. Smith arrived in the U.S. on Monday. Talks begin today.",
     ["Gen. Smith arrived in the U.S. on Monday.", "Talks begin today."]),
    ("The meeting starts at 9 a.m. on Friday in St. Louis. Officials confirmed it.",
     ["The meeting starts at 9 a.m. on Friday in St. Louis.", "Officials confirmed it."]),
    ("It joined the alliance after 1997. This includes the Baltic states.",
     ["It joined the alliance after 1997.", "This includes the Baltic states."]),
    ("Prices rose 3.5 percent to $42.10 a barrel. Traders were surprised.",
     ["Prices rose 3.5 percent to $42.10 a barrel.", "Traders were surprised."]),
])
def test_news_boundaries(text, expected):
    assert split_sentences(text) == expected


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
