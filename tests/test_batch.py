"""Analysing articles in a batch gives each article what it gets alone, to the last bit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import rankdata

from briefing.clean import clean_article
from briefing.lang import Language
from briefing.model import Article, CleanArticle
from briefing.per_article import ArticleResult, analyse_article, analyse_articles
from briefing.rank import SumyTokenizer, block_percentiles, rank_article, rank_articles, to_percentiles
from briefing.rank.fast import lexrank_batch, lexrank_scores, textrank_batch, textrank_scores
from briefing.segment import Splitter, segment_article

from .conftest import EXAMPLE, SHARED

DUC2006 = SHARED / "eval" / "duc2006"


def read_articles(paths: list[Path]) -> list[CleanArticle]:
    return [clean_article(Article(f"{p.parent.parent.name}-{p.stem}", str(p), "", p.read_text(encoding="utf-8")))
            for p in paths]


def example_articles() -> list[CleanArticle]:
    return read_articles(sorted(EXAMPLE.glob("*.*")))


def duc_articles(clusters: int, per_cluster: int) -> list[CleanArticle]:
    """The first articles of the first DUC 2006 clusters (skipped where ../shared is absent)."""
    if not DUC2006.is_dir():
        pytest.skip("../shared/eval/duc2006 is not beside this checkout")
    folders = sorted(p for p in DUC2006.iterdir() if p.is_dir())[:clusters]
    return read_articles([p for folder in folders for p in sorted((folder / "docs").glob("*.txt"))[:per_cluster]])


def splitter_for(articles: list[CleanArticle]) -> Splitter:
    return Splitter.for_texts(["\n\n".join(b.text for b in a.blocks if b.kind.quotable) for a in articles])


def sentence_texts(articles: list[CleanArticle], splitter: Splitter) -> list[list[str]]:
    return [[s.text for s in segment_article(a, splitter)] for a in articles]


@pytest.mark.parametrize("batch, alone", [(lexrank_batch, lexrank_scores), (textrank_batch, textrank_scores)],
                         ids=["lexrank", "textrank"])
def test_batch_scores_are_each_articles_own_to_the_last_bit(batch, alone):
    articles = example_articles() + duc_articles(clusters=4, per_cluster=6)
    splitter = splitter_for(articles)
    texts = sentence_texts(articles, splitter) + [[]]  # and an article with no sentence
    lang = Language.english()
    own = [alone(t, lang) for t in texts]
    assert sum(len(t) for t in texts) > 500
    for order in (texts, texts[::-1], texts[1::2] + texts[::2]):
        for scores, sentences in zip(batch(order, lang), order, strict=True):
            expected = own[next(i for i, t in enumerate(texts) if t is sentences)]
            assert scores.tobytes() == expected.tobytes()


@pytest.mark.parametrize("summarizer", ["lexrank", "textrank", "luhn"])
def test_rank_articles_equals_rank_article_for_each(summarizer):
    articles = example_articles() + duc_articles(clusters=2, per_cluster=5)
    splitter = splitter_for(articles)
    lang, tokenizer = Language.english(), SumyTokenizer(splitter)
    batch = [(a, segment_article(a, splitter), tokenizer) for a in articles]
    expected = [rank_article(a, sentences, summarizer, lang, tokenizer) for a, sentences, _ in batch]
    assert rank_articles(batch, summarizer, lang) == expected
    assert rank_articles([], summarizer, lang) == []


def same_result(a: ArticleResult, b: ArticleResult) -> bool:
    arrays = ("shingles", "concepts")
    return all(np.array_equal(getattr(a, f), getattr(b, f)) and getattr(a, f).dtype == getattr(b, f).dtype
               for f in arrays) and all(getattr(a, f) == getattr(b, f) for f in a.__dataclass_fields__
                                        if f not in arrays)


@pytest.mark.parametrize("summarizer", ["lexrank", "textrank"])
def test_analyse_articles_equals_analyse_article_for_each(summarizer, shared_corpus):
    articles = read_articles(sorted(shared_corpus.glob("*.*"))) + duc_articles(clusters=3, per_cluster=4)
    expected = [analyse_article(a, summarizer, Language.english()) for a in articles]
    found = analyse_articles(articles, summarizer, Language.english())
    assert len(found) == len(expected)
    assert all(same_result(a, b) for a, b in zip(found, expected, strict=True))


def test_analyse_articles_keeps_the_sentence_limit(monkeypatch):
    monkeypatch.setattr("briefing.per_article.MAX_SENTENCES", 5)
    articles = example_articles()
    found = analyse_articles(articles, "lexrank", Language.english())
    expected = [analyse_article(a, "lexrank", Language.english()) for a in articles]
    assert all(same_result(a, b) for a, b in zip(found, expected, strict=True))
    assert all(r.sentence_count == 5 for r in found)
    assert all(r.ranking.rejected[-1].rule == "article-too-long" for r in found)


def scipy_percentiles(values: list[float]) -> list[float]:
    """Percentiles as they were computed before (scipy's average ranks)."""
    if len(values) <= 1:
        return [0.0] * len(values)
    return ((rankdata(-np.array(values, dtype=float), method="average") - 1) / (len(values) - 1)).tolist()


@given(st.lists(st.lists(st.sampled_from([-2.0, -0.0, 0.0, 0.125, 0.3, 1e-300, 7.5]), max_size=12), max_size=6))
def test_block_percentiles_are_scipys_average_rank_percentiles_of_each(blocks):
    found = block_percentiles([np.array(b, dtype=float) for b in blocks])
    assert [f.tolist() for f in found] == [scipy_percentiles(b) for b in blocks]
    assert [to_percentiles(b) for b in blocks] == [scipy_percentiles(b) for b in blocks]
