"""The work done for each input file and each article on its own: pure functions
that run in worker processes and whose results are cached between runs.

- ``read_and_clean(file)``: stages 1-2 for one input file (a feed or JSON Lines file
  holds many articles), plus what the sentence splitter's cache check needs.
- ``analyse_article(article, ...)``: stages 3 and 5 for one article, plus
  everything later stages need from it (5-gram shingles for dedupe, content
  stems for the corpus TF-IDF, mentions for facts), so that a warm run never
  tokenises an unchanged article again.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, replace

import numpy as np

from .clean import clean_article
from .dedupe import shingles
from .facts import Mention, article_mentions
from .lang import Language
from .load import InputFile, read_file
from .model import Article, CleanArticle, Rejection, Skip
from .rank import ArticleRanking, SumyTokenizer, rank_article
from .rank.corpus import POOL_PER_ARTICLE, all_concepts
from .sections import BOTTOM_LINE, DEVELOPMENTS
from .segment import Splitter, period_pairs, sample_key, segment_article


@dataclass(frozen=True)
class ArticleIndex:
    """What a run needs of a cleaned article before it knows whether to analyse
    it again: its metadata (without the text), the full-stop token pairs at which
    the run's sentence splitter may differ from the last run's, and the hash and
    size of its quotable text (the splitter trains on a sample chosen by hash)."""

    article: Article  # text left out: the cleaned article holds it
    period_pairs: tuple[tuple[str, str], ...]
    sample_key: bytes
    quotable_chars: int


@dataclass(frozen=True)
class FileResult:
    """One input file read and cleaned: its articles (with the reader's ids, not
    yet made unique across the run) and a Skip per bad record."""

    articles: tuple[CleanArticle, ...]
    skips: tuple[Skip, ...]
    index: tuple[ArticleIndex, ...]


def read_and_clean(file: InputFile) -> FileResult:
    """Stages 1-2 for one input file (``load.find_inputs`` found it; ``load.read_file``
    sums up the Skips of a file with many bad records in one)."""
    cleaned: list[CleanArticle] = []
    skips: list[Skip] = []
    for found in read_file(file):
        if isinstance(found, Skip):
            skips.append(found)
        else:
            cleaned.append(clean_article(found))
    return FileResult(tuple(cleaned), tuple(skips), tuple(index_article(c) for c in cleaned))


def index_article(clean: CleanArticle) -> ArticleIndex:
    text = quotable_text(clean)
    pairs = tuple(pair for b in clean.blocks if b.kind.quotable for pair in period_pairs(b.text))
    return ArticleIndex(replace(clean.article, text=""), pairs, sample_key(text), len(text))


def quotable_text(clean: CleanArticle) -> str:
    """The text the splitter trains on: the article's quotable blocks."""
    return "\n\n".join(b.text for b in clean.blocks if b.kind.quotable)


KEPT_CANDIDATES = max(POOL_PER_ARTICLE, BOTTOM_LINE + DEVELOPMENTS + 1)
"""Candidates of an article kept after its analysis: the pool may take up to
POOL_PER_ARTICLE, and the digest the first one the brief did not quote (a
source is quoted at most BOTTOM_LINE + DEVELOPMENTS times)."""


@dataclass(frozen=True)
class ArticleResult:
    """What later stages need of one article's analysis (not its every sentence:
    a run over thousands of articles keeps these in memory and in the cache)."""

    sentence_count: int
    ranking: ArticleRanking  # the first KEPT_CANDIDATES candidates; every rejection
    shingles: np.ndarray  # stage 4: sorted stable hashes of its word 5-grams
    # stage 6 IDF: each sentence's distinct content stems, one after another, in one
    # space-separated string (one object, not hundreds: 10,000 articles' worth is 30 MB, not 150)
    stem_occurrences: str
    pool_stems: tuple[tuple[str, ...], ...]  # stage 6: content stems of its first POOL_PER_ARTICLE candidates
    mentions: tuple[Mention, ...]  # stage 7
    concepts: np.ndarray  # stage 6: its sentences' concepts (``rank.corpus.concept_hashes``), distinct


MAX_SENTENCES = 1000
"""An article is analysed on its first thousand sentences: rankers compare every
pair of an article's sentences, so their memory grows with the square of its
length (one 1 MB low-vocabulary text took 3.2 GB; 19 MB asked for 237 GiB). The
longest of DUC 2003's and DUC 2006's 1,548 articles has about 270 sentences (full stops counted) and a news
story rarely has 300, so only a mis-split dump or a book reaches the limit."""


def analyse_article(article: CleanArticle, splitter: Splitter, summarizer: str, lang: Language) -> ArticleResult:
    """Stages 3 and 5 for one article (its first MAX_SENTENCES sentences)."""
    sentences = segment_article(article, splitter)
    left_out = sentences[MAX_SENTENCES:]
    sentences = sentences[:MAX_SENTENCES]
    ranking = rank_article(article, sentences, summarizer, lang, SumyTokenizer(splitter))
    if left_out:
        ranking = replace(ranking, rejected=ranking.rejected + (Rejection(
            left_out[0].key, left_out[0].text, "article-too-long",
            f"this sentence and the {len(left_out) - 1:,} after it were not analysed: an article is analysed "
            f"on its first {MAX_SENTENCES:,} sentences"),))
    stems = [lang.content_stems(s.text) for s in sentences]
    by_index = {s.index: tokens for s, tokens in zip(sentences, stems, strict=True)}
    return ArticleResult(
        sentence_count=len(sentences),
        ranking=replace(ranking, candidates=ranking.candidates[:KEPT_CANDIDATES]),
        shingles=shingles(sentences),
        stem_occurrences=" ".join(stem for tokens in stems for stem in sorted(set(tokens))),
        pool_stems=tuple(tuple(by_index[c.sentence.index]) for c in ranking.candidates[:POOL_PER_ARTICLE]),
        mentions=article_mentions(sentences),
        concepts=all_concepts(stems),
    )


def analyse_article_pickled(article: CleanArticle, splitter: Splitter, summarizer: str, lang: Language) -> bytes:
    """``analyse_article``'s result as pickled bytes, for the cache: a worker pickles
    its result to send it anyway, and the same bytes then go to the cache as they
    are (pickling 10,000 results again in the parent took 5 s)."""
    return pickle.dumps(analyse_article(article, splitter, summarizer, lang), protocol=pickle.HIGHEST_PROTOCOL)
