"""Stages 5 and 6: rank sentences within each article, then across the corpus.

Per article (``rank_article``) the configured sumy summariser scores every
sentence; scores become ranks at once, because summarisers rate on different
scales. Across the corpus (``rank_corpus``) the best candidates of every
article are pooled and ranked together, then picked without repeats.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..lang import Language
from ..model import CleanArticle, Rejection, ScoredSentence, Sentence
from ..names import SUMMARIZER_NAMES
from .corpus import CorpusRanking, block_percentiles, percentiles, rank_corpus
from .fast import lexrank_batch, lexrank_scores, textrank_batch, textrank_scores
from .filters import ARTICLE_RULES, RULES, rejection
from .sumy_adapter import SUMY_SUMMARIZERS, SumyTokenizer, sumy_scores

Scorer = Callable[[Language, CleanArticle, Sequence[Sentence], SumyTokenizer], list[float]]
BatchScorer = Callable[[Sequence[Sequence[str]], Language], list[np.ndarray]]


def _vectorised(scores: Callable) -> Scorer:
    def score(lang: Language, article: CleanArticle, sentences: Sequence[Sentence],
              tokenizer: SumyTokenizer) -> list[float]:
        return [float(x) for x in scores([s.text for s in sentences], lang)]
    return score


def _sumy(sumy_name: str) -> Scorer:
    def score(lang: Language, article: CleanArticle, sentences: Sequence[Sentence],
              tokenizer: SumyTokenizer) -> list[float]:
        return sumy_scores(sumy_name, lang, article, sentences, tokenizer)
    return score


FAST_SCORERS: dict[str, Scorer] = {"lexrank": _vectorised(lexrank_scores),
                                    "textrank": _vectorised(textrank_scores)}
BATCH_SCORERS: dict[str, BatchScorer] = {"lexrank": lexrank_batch, "textrank": textrank_batch}
"""The summarisers that score many articles' sentences at once (``rank_articles``),
each article's scores the same as its scorer in FAST_SCORERS gives it alone."""


def scorer(name: str) -> Scorer:
    """The scorer a summariser name stands for (names: ``briefing.names.SUMMARIZER_NAMES``)."""
    if name in FAST_SCORERS:
        return FAST_SCORERS[name]
    sumy_name = name.removeprefix("sumy-")
    if sumy_name not in SUMY_SUMMARIZERS:
        raise LookupError(f"summarizer {name!r} in briefing.names has no scorer")
    return _sumy(sumy_name)


SUMMARIZERS: dict[str, Scorer] = {name: scorer(name) for name in SUMMARIZER_NAMES}
"""Summariser name -> scorer giving every sentence of an article a score (higher is
better). lexrank and textrank are the sparse versions of sumy's (same scores,
briefing/rank/fast.py); sumy-lexrank and sumy-textrank run sumy's own classes.
The names are kept apart (``briefing.names``) so that help and config checks
need not import NumPy and sumy."""

__all__ = [
    "ARTICLE_RULES",
    "RULES",
    "SUMMARIZERS",
    "ArticleRanking",
    "CorpusRanking",
    "SumyTokenizer",
    "rank_article",
    "rank_articles",
    "rank_corpus",
    "to_percentiles",
]


@dataclass(frozen=True)
class ArticleRanking:
    """One article's quotable sentences, best first, and the ones the filters removed."""

    article_id: str
    candidates: tuple[ScoredSentence, ...]
    rejected: tuple[Rejection, ...]


def to_percentiles(scores: Sequence[float]) -> list[float]:
    """Scores (higher is better) -> rank percentiles: 0.0 best .. 1.0 worst; ties share a rank."""
    return [float(p) for p in percentiles(np.asarray(scores, dtype=float))]


def rank_article(article: CleanArticle, sentences: Sequence[Sentence], summarizer: str,
                 lang: Language, tokenizer: SumyTokenizer) -> ArticleRanking:
    """Score every sentence with the summariser, then drop those no brief may quote.

    A pure function of one article, so it can be cached and run in parallel.
    The summariser sees every sentence (they all give context); the filters
    apply afterwards, some of them (``ARTICLE_RULES``) with the sentences
    before each one, which a brief quoting it out of context will not show."""
    scores = SUMMARIZERS[summarizer](lang, article, sentences, tokenizer)
    return filtered(article, sentences, scores, to_percentiles(scores))


def rank_articles(batch: Sequence[tuple[CleanArticle, Sequence[Sentence], SumyTokenizer]], summarizer: str,
                  lang: Language) -> list[ArticleRanking]:
    """``[rank_article(article, sentences, summarizer, lang, tokenizer) for article, sentences,
    tokenizer in batch]``, equal element by element, with the summarisers of BATCH_SCORERS
    scoring every article's sentences at once (one sparse graph for all) and their
    percentiles taken in one sort; the others score one article at a time."""
    if summarizer not in BATCH_SCORERS:
        return [rank_article(article, sentences, summarizer, lang, tokenizer) for article, sentences, tokenizer in batch]
    scores = BATCH_SCORERS[summarizer]([[s.text for s in sentences] for _, sentences, _ in batch], lang)
    pcts = block_percentiles(scores)
    return [filtered(article, sentences, found.tolist(), pct.tolist())
            for (article, sentences, _), found, pct in zip(batch, scores, pcts, strict=True)]


def filtered(article: CleanArticle, sentences: Sequence[Sentence], scores: Sequence[float],
             pcts: Sequence[float]) -> ArticleRanking:
    """The article's ranking from its sentences' scores and percentiles: the sentences
    the filters let through, best first, and the rejections."""
    candidates: list[ScoredSentence] = []
    rejected: list[Rejection] = []
    for i, (sentence, score, pct) in enumerate(zip(sentences, scores, pcts, strict=True)):
        rejected_by = rejection(sentence, sentences[:i])
        if rejected_by:
            rejected.append(rejected_by)
        else:
            candidates.append(ScoredSentence(sentence, score, {"article": round(pct, 4)}))
    candidates.sort(key=lambda c: (c.ranks["article"], c.sentence.index))
    return ArticleRanking(article.id, tuple(candidates), tuple(rejected))
