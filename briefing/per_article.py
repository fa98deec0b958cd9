"""The work done for each input file and each article on its own: pure functions
of their item (``briefing.run`` runs them in workers and keeps their results by
the keys these functions' companions give).

- ``read_and_clean(file)``: stages 1-2 for one input file (a feed or JSON Lines file
  holds many articles); ``file_key(file)``.
- ``analyse_articles(articles, ...)``: stages 3 and 5 for each article, plus
  everything later stages need from it (5-gram shingles for dedupe, content
  stems for the corpus TF-IDF, mentions for facts), so that a warm run never
  tokenises an unchanged article again; ``article_key(article, summarizer)``.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from . import wordlists
from .clean import clean_article
from .dedupe import shingles
from .facts import Mention, article_mentions
from .lang import Language
from .load import InputFile, read_file
from .load.records import UnreadableFile
from .model import CleanArticle, Rejection, Sentence, Skip
from .rank import ArticleRanking, SumyTokenizer, rank_articles
from .rank.corpus import POOL_PER_ARTICLE, all_concepts
from .sections import BOTTOM_LINE, DEVELOPMENTS
from .segment import Splitter, segment_article
from .version import __version__


@dataclass(frozen=True)
class FileResult:
    """One input file read and cleaned: its articles (with the reader's ids, not
    yet made unique across the run) and a Skip per bad record."""

    articles: tuple[CleanArticle, ...]
    skips: tuple[Skip, ...]


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
    return FileResult(tuple(cleaned), tuple(skips))


def quotable_text(clean: CleanArticle) -> str:
    """The text the splitter learns the article's capitalisation from: its quotable blocks."""
    return "\n\n".join(b.text for b in clean.blocks if b.kind.quotable)


RESULTS_FORMAT = 12
"""Part of every result's key: raise it whenever what a result holds changes shape
(this module's types, the model's), or what the readers, the rankers or the filters
make of a file (8: URLs and dates checked, damaged UTF-8 decoded as UTF-8, a file's
bad records summed up; 9: the filters of sentences that do not read alone; 10: facts'
mentions with their details; 11: heading labels with lower-case particles; 12: each
article split by its own splitter, results keyed by content), so that results made
by older code are never used."""


def file_key(file: InputFile) -> str:
    """What a file's result depends on: its path as given (recorded in the brief), its
    content and its modification time (an undated article's date comes from it).

    The content is known from ``stat`` without reading the file: any write to a file
    moves its change time (ctime), which no tool can set back, and a file replaced by
    another has another inode. A file changed in the last ``RECENT_SECONDS`` could be
    written again within the file system's clock tick without its times moving, so
    its bytes are hashed instead (git's "racy" entries, handled the same way)."""
    device, inode = file.identity
    if time.time_ns() - max(file.mtime_ns, file.ctime_ns) > RECENT_SECONDS * 1_000_000_000:
        return keyed("file", RESULTS_FORMAT, str(file.path), file.size, file.mtime_ns, file.ctime_ns,
                     device, inode)
    try:
        digest = hashlib.blake2b(file.read_bytes(), digest_size=16).hexdigest()
    except UnreadableFile as exc:
        digest = f"unreadable: {exc}"  # the same Skip while it stays so
    return keyed("file", RESULTS_FORMAT, str(file.path), file.mtime_ns, digest)


RECENT_SECONDS = 2
"""A file changed this recently has its bytes hashed for its key (``file_key``): file
systems' clocks tick every few milliseconds (ext4: the kernel's coarse clock)."""


def article_key(article: CleanArticle, summarizer: str) -> str:
    """What an article's analysis depends on: its blocks, its id in this run (its
    sentences' keys), its title (Edmundson's bonus words) and the summariser."""
    digest = hashlib.blake2b(digest_size=16)
    for block in article.blocks:
        digest.update(f"{block.kind.value}\0{block.rule}\0{block.text}\0".encode("utf-8", "surrogatepass"))
    return keyed("article", RESULTS_FORMAT, summarizer, digest.hexdigest(), article.id, article.article.title)


def keyed(*parts: object) -> str:
    """One key for all ``parts``, the code's version and its word lists included."""
    text = "\x1f".join(map(str, (*parts, __version__, wordlists.digest())))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


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


def analyse_article(article: CleanArticle, summarizer: str, lang: Language) -> ArticleResult:
    """Stages 3 and 5 for one article (its first MAX_SENTENCES sentences).

    Punkt splits it with the project's abbreviations and the article's own
    capitalisation statistics (``Splitter.for_text``, as ``split_sentences`` does),
    so the analysis depends on the article alone: a new article never changes
    another's (training one splitter on a sample of each run's articles gave the
    same ROUGE on every dev set, to four decimals, but made every cached analysis
    depend on which articles the run had)."""
    return analyse_articles([article], summarizer, lang)[0]


def analyse_articles(articles: Sequence[CleanArticle], summarizer: str, lang: Language) -> list[ArticleResult]:
    """``[analyse_article(a, summarizer, lang) for a in articles]``, equal element by
    element, with the ranking done for all of them at once (``rank.rank_articles``:
    one sparse graph for every article, percentiles in one sort). On DUC 2006 with
    lexrank, batches of 16 to 128 articles cost about 15% less CPU an article than
    one at a time (11-13.5 ms against 15; ``benchmarks/articles.py --batch``)."""
    splitters = [Splitter.for_text(quotable_text(article)) for article in articles]
    segmented = [segment_article(article, splitter) for article, splitter in zip(articles, splitters, strict=True)]
    rankings = rank_articles([(article, sentences[:MAX_SENTENCES], SumyTokenizer(splitter))
                              for article, sentences, splitter in zip(articles, segmented, splitters, strict=True)],
                             summarizer, lang)
    return [article_result(sentences, ranking, lang) for sentences, ranking in zip(segmented, rankings, strict=True)]


def article_result(sentences: Sequence[Sentence], ranking: ArticleRanking, lang: Language) -> ArticleResult:
    """What later stages keep of an article: ``ranking`` of its first MAX_SENTENCES
    ``sentences``, with a rejection for the sentences after them."""
    left_out = sentences[MAX_SENTENCES:]
    sentences = sentences[:MAX_SENTENCES]
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
