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
from .corpus import CorpusRanking, percentiles, rank_corpus
from .fast import lexrank_scores, textrank_scores
from .filters import ARTICLE_RULES, RULES, rejection
from .sumy_adapter import SUMY_SUMMARIZERS, SumyTokenizer, sumy_scores

Scorer = Callable[[Language, CleanArticle, Sequence[Sentence], SumyTokenizer], list[float]]


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
    pcts = to_percentiles(scores)
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
