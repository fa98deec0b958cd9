"""The sparse LexRank and TextRank give sumy's own scores on the same sentences."""

from __future__ import annotations

import numpy as np
import pytest
from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from briefing.clean import clean_article
from briefing.lang import Language
from briefing.model import Article
from briefing.rank import SumyTokenizer, rank_article
from briefing.rank.fast import lexrank_batch, lexrank_scores, textrank_batch, textrank_scores
from briefing.segment import Splitter, segment_article, words

from .conftest import EXAMPLE, SHARED

LANG = Language.english()


def example_sentences() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.*"))]
    splitter = Splitter.for_texts(texts)
    found = [s for t in texts for s in splitter.split(t)]
    duc = sorted((SHARED / "eval" / "duc2006" / "D0601A" / "docs").glob("*.txt"))[:5]
    found += [s for p in duc for s in splitter.split(p.read_text(encoding="utf-8"))]
    return list(dict.fromkeys(found))  # sumy keys ratings by text: keep each sentence once


def sumy_ratings(cls: type, sentences: list[str]) -> np.ndarray:
    summarizer = cls(LANG.stem)
    summarizer.stop_words = LANG.stop_words
    tokenizer = SumyTokenizer(Splitter.for_texts([]))
    document = ObjectDocumentModel([Paragraph([SumySentence(s, tokenizer) for s in sentences])])
    ratings: dict[int, float] = {}
    summarizer(document, lambda infos: ratings.update((i.order, i.rating) for i in infos) or [])
    return np.array([ratings[i] for i in range(len(sentences))])


@pytest.mark.parametrize("dense_below", [0, 400], ids=["sparse", "dense"])
@pytest.mark.parametrize("cls, fast", [(LexRankSummarizer, lexrank_scores), (TextRankSummarizer, textrank_scores)])
def test_same_scores_as_sumy(cls, fast, dense_below, monkeypatch):
    monkeypatch.setattr("briefing.rank.fast.DENSE_BELOW", dense_below)
    sentences = example_sentences()
    assert len(sentences) > 25
    np.testing.assert_allclose(fast(sentences, LANG), sumy_ratings(cls, sentences), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("fast", [lexrank_scores, textrank_scores])
def test_degenerate_inputs(fast):
    assert fast([], LANG).shape == (0,)
    assert np.all(np.isfinite(fast(["Only one sentence here."], LANG)))
    assert np.all(np.isfinite(fast(["the and of", "a the"], LANG)))  # nothing but stop words


@pytest.mark.parametrize("name", ["lexrank", "textrank"])
def test_article_ranking_matches_sumys_class(name):
    text = (EXAMPLE / "01-almery-courier.txt").read_text(encoding="utf-8")
    clean = clean_article(Article("a", "a.txt", "", text))
    splitter = Splitter.for_texts([text])
    sentences = segment_article(clean, splitter)
    tokenizer = SumyTokenizer(splitter)
    ours = rank_article(clean, sentences, name, LANG, tokenizer)
    theirs = rank_article(clean, sentences, f"sumy-{name}", LANG, tokenizer)
    assert [c.key for c in ours.candidates] == [c.key for c in theirs.candidates]


@pytest.mark.parametrize("cls, batch", [(LexRankSummarizer, lexrank_batch), (TextRankSummarizer, textrank_batch)])
def test_a_batch_gives_each_article_sumys_scores(cls, batch):
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.*"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((SHARED / "eval" / "duc2006" / "D0601A" / "docs").glob("*.txt"))[:6]]
    splitter = Splitter.for_texts(texts)
    articles = [list(dict.fromkeys(splitter.split(t))) for t in texts]  # sumy keys ratings by text
    for scores, sentences in zip(batch(articles, LANG), articles, strict=True):
        np.testing.assert_allclose(scores, sumy_ratings(cls, sentences), rtol=1e-9, atol=1e-12)


def test_stemmed_words_are_each_words_stem_but_stop_words():
    lang = Language.english()
    for text in example_sentences()[:200]:
        expected = tuple((w, lang.stemmer.stem(w.lower())) for w in words(text) if w.lower() not in lang.stop_words)
        assert lang.stemmed_words(text) == expected
        assert lang.stemmed_words(text) == expected  # remembered, and the same
