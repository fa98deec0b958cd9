"""The one place that talks to sumy: a score for every sentence from any summariser.

sumy's summarisers return the top N sentences, not scores, and each rates on
its own scale (KL and SumBasic are negative). We build sumy's document model
from our own cleaned blocks (headings as headings, paragraphs as paragraphs;
never through PlaintextParser's ALL-CAPS guess), hand sumy our own tokenizer,
and collect the rating sumy gives every sentence by passing a callable
``count`` to the summariser: sumy calls it with all sentences sorted by rating.
Scores are then turned into ranks by the caller, never combined raw.

sumy is imported when a summariser of its is first used, and only that one: the
default rankers (``rank.fast``) need none of it, and ``brief build`` starts faster.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any, Protocol

import numpy

from ..lang import Language
from ..model import BlockKind, CleanArticle, Sentence
from ..segment import Splitter, words

if TYPE_CHECKING:
    from sumy.models.dom import ObjectDocumentModel


class SumySummarizer(Protocol):
    """What this module asks of a configured sumy summariser: to be called with a
    document and a sentence count, here a callable that sumy gives every SentenceInfo."""

    def __call__(self, document: ObjectDocumentModel, count: Callable[[Sequence[Any]], list[Any]], /) -> object: ...


@dataclass(frozen=True)
class SumyTokenizer:
    """sumy's tokenizer protocol (``to_sentences``, ``to_words``) over our own splitter.

    sumy's own Tokenizer needs NLTK's downloaded punkt_tab; this one works offline."""

    splitter: Splitter
    language: str = "english"

    def to_sentences(self, text: str) -> tuple[str, ...]:
        return tuple(self.splitter.split(text))

    def to_words(self, text: str) -> tuple[str, ...]:
        return tuple(words(text))


def sumy_class(module: str, name: str) -> Any:
    """A summariser class of ``sumy.summarizers``, imported when first asked for."""
    return getattr(import_module(f"sumy.summarizers.{module}"), name)


def _plain(module: str, name: str) -> Callable[[Language, CleanArticle], SumySummarizer]:
    def make(lang: Language, _: CleanArticle) -> SumySummarizer:
        summarizer = sumy_class(module, name)(lang.stem)
        summarizer.stop_words = lang.stop_words
        return summarizer

    return make


def _edmundson(lang: Language, article: CleanArticle) -> SumySummarizer:
    summarizer = sumy_class("edmundson", "EdmundsonSummarizer")(lang.stem, cue_weight=1.0, key_weight=1.0,
                                                                  title_weight=1.0, location_weight=1.0)
    summarizer.null_words = lang.stop_words
    summarizer.bonus_words = [w for w in words(article.article.title) if w.lower() not in lang.stop_words] or ["news"]
    summarizer.stigma_words = lang.words("stigma_words")  # Edmundson's cue method: hedging lowers a rating
    return summarizer


def _random(lang: Language, _: CleanArticle) -> SumySummarizer:
    return sumy_class("random", "RandomSummarizer")(lang.stem)


SUMY_SUMMARIZERS: dict[str, Callable[[Language, CleanArticle], SumySummarizer]] = {
    "lexrank": _plain("lex_rank", "LexRankSummarizer"),
    "textrank": _plain("text_rank", "TextRankSummarizer"),
    "lsa": _plain("lsa", "LsaSummarizer"),
    "luhn": _plain("luhn", "LuhnSummarizer"),
    "kl": _plain("kl", "KLSummarizer"),
    "sumbasic": _plain("sum_basic", "SumBasicSummarizer"),
    "edmundson": _edmundson,
    "reduction": _plain("reduction", "ReductionSummarizer"),
    "random": _random,
}
"""sumy summariser name -> factory of a configured summariser for one article."""


def build_document(article: CleanArticle, sentences: Sequence[Sentence], tokenizer: SumyTokenizer
                   ) -> ObjectDocumentModel:
    """sumy's document model from our blocks: one paragraph per quotable block,
    headings (and the title) as heading sentences, in article order."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence

    by_block: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        by_block.setdefault(sentence.block, []).append(sentence)
    paragraphs = []
    for index, block in enumerate(article.blocks):
        if block.kind in (BlockKind.TITLE, BlockKind.HEADING):
            paragraphs.append(Paragraph([SumySentence(block.text, tokenizer, is_heading=True)]))
        elif index in by_block:
            paragraphs.append(Paragraph([SumySentence(s.text, tokenizer) for s in by_block[index]]))
    return ObjectDocumentModel(paragraphs)


def sumy_scores(name: str, lang: Language, article: CleanArticle, sentences: Sequence[Sentence],
                tokenizer: SumyTokenizer) -> list[float]:
    """sumy's rating of every sentence, in the order of ``sentences`` (higher is better)."""
    if not sentences:
        return []
    summarizer = SUMY_SUMMARIZERS[name](lang, article)
    document = build_document(article, sentences, tokenizer)
    ratings: dict[int, float] = {}

    def record(infos: Sequence[Any]) -> list[Any]:  # sumy passes every SentenceInfo, best first
        ratings.update((info.order, float(info.rating)) for info in infos)
        return []

    with numpy.errstate(divide="ignore", invalid="ignore"):
        summarizer(document, record)
    # sumy's power method divides by zero on a one-sentence document (NaN): no information, so 0.
    return [r if math.isfinite(r := ratings.get(i, 0.0)) else 0.0 for i in range(len(sentences))]
