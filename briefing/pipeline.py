"""The whole pipeline, one stage a line: ``build_brief(config) -> Brief``.

Stages 1-6 (load .. rank across the corpus) are shared with ``summarize``,
which the quality benchmarks call, so the brief and the benchmark numbers
come from one ranking core.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path

from .assemble import assemble
from .cache import ArticleCache, fingerprint
from .clean import clean_article
from .config import Config, window_start
from .dedupe import find_duplicate_articles
from .errors import NoUsableInput
from .facts import find_facts
from .lang import Language
from .load import load_articles
from .model import Article, Brief, CleanArticle, Rejection, Sentence, Skip
from .parallel import map_articles
from .rank import ArticleRanking, CorpusRanking, SumyTokenizer, rank_article, rank_corpus
from .render import render_all
from .segment import Splitter, segment_article
from .write import output_lock, write_outputs

log = logging.getLogger("briefing")


@dataclass(frozen=True)
class Analysis:
    """What stages 1-6 found: the usable articles, their sentences and the ranking."""

    articles: tuple[Article, ...]
    sentences: dict[str, tuple[Sentence, ...]]
    rankings: tuple[ArticleRanking, ...]
    corpus: CorpusRanking
    skipped: tuple[Skip, ...]
    duplicates: dict[str, str]
    out_of_window: int = 0

    @property
    def rejected(self) -> tuple[Rejection, ...]:
        return tuple(r for ranking in self.rankings for r in ranking.rejected) + self.corpus.rejected


def analyse(inputs: Sequence[str], summarizer: str = "lexrank", focus: str | None = None,
            since: datetime | None = None, jobs: int = 1, cache: str | None = None) -> Analysis:
    """Stages 1-6. Raises NoUsableInput when no article has a quotable sentence.

    Per-article stages run in ``jobs`` processes (0: one per core) and reuse the
    results kept in the ``cache`` folder; neither changes the result."""
    lang = Language.english()
    articles, skipped = load_articles(inputs)                                         # 1. load
    articles, out_of_window = in_window(articles, since)
    log.info("read %d article(s), skipped %d, %d outside the time window", len(articles), len(skipped),
             out_of_window)
    cleaned = map_articles(clean_article, articles, jobs, "cleaning")                  # 2. clean
    splitter = Splitter.for_texts(b.text for c in cleaned for b in c.blocks if b.kind.quotable)
    per_article = partial(segment_and_rank, splitter=splitter, summarizer=summarizer, lang=lang)
    store = ArticleCache(cache, summarizer)
    done = store.map(per_article, cleaned, partial(article_key, splitter=splitter),   # 3. segment, 5. rank
                     lambda func, todo: map_articles(func, todo, jobs, "ranking"))
    if cache:
        log.info("cache: %d article(s) reused, %d analysed", store.hits, store.misses)
    sentences = {c.id: found for c, (found, _) in zip(cleaned, done, strict=True)}
    ranked = {c.id: ranking for c, (_, ranking) in zip(cleaned, done, strict=True)}
    usable: list[CleanArticle] = []
    for c in cleaned:
        if sentences[c.id]:
            usable.append(c)
        else:
            skipped.append(Skip(c.article.path, "no quotable text after cleaning (only headings, "
                                                "tables or site furniture)"))
    for skip in skipped:
        log.warning("skipped %s: %s", skip.path, skip.reason)
    if not usable:
        window = f", {out_of_window} outside the time window" if out_of_window else ""
        raise NoUsableInput(f"no usable article among {len(articles) + len(skipped) + out_of_window} input(s) "
                            f"({len(skipped)} skipped{window}); the previous brief is left as it was")
    copies = find_duplicate_articles([(c.id, sentences[c.id]) for c in usable])        # 4. dedupe
    rankings = tuple(ranked[c.id] for c in usable if c.id not in copies)
    idf_texts = [s.text for c in usable for s in sentences[c.id]]
    corpus = rank_corpus([r.candidates for r in rankings], lang, focus, idf_texts)    # 6. rank across corpus
    if not corpus.chosen:
        raise NoUsableInput(f"none of the {sum(len(sentences[c.id]) for c in usable)} sentence(s) of "
                            f"{len(usable)} article(s) can be quoted (all were questions, fragments, filler or "
                            f"markup: see the rules in briefing/rank/filters.py)")
    log.info("ranked %d candidate sentence(s) from %d source(s)", len(corpus.chosen), len(rankings))
    return Analysis(tuple(c.article for c in usable), sentences, rankings, corpus, tuple(skipped), copies,
                    out_of_window)


def article_key(article: CleanArticle, splitter: Splitter) -> str:
    """Everything its per-article result depends on: the article, and what the
    run's splitter learned that bears on this article's sentence boundaries."""
    a = article.article
    learned = [splitter.learned_for(b.text) for b in article.blocks if b.kind.quotable]
    return fingerprint(a.id, a.path, a.title, a.text, a.url, a.published, a.title_from, a.published_from, learned)


def segment_and_rank(article: CleanArticle, splitter: Splitter, summarizer: str, lang: Language
                     ) -> tuple[tuple[Sentence, ...], ArticleRanking]:
    """Stages 3 and 5 for one article: a pure function, run in worker processes."""
    sentences = segment_article(article, splitter)
    return sentences, rank_article(article, sentences, summarizer, lang, SumyTokenizer(splitter))


def in_window(articles: list[Article], since: datetime | None) -> tuple[list[Article], int]:
    """Articles published (or, undated, modified) at or after ``since``, and how many were not."""
    if since is None:
        return articles, 0
    kept = [a for a in articles if a.published is None or a.published >= since]
    return kept, len(articles) - len(kept)


def build_brief(config: Config) -> Brief:
    """Read the inputs, write ``<date>-<slug>.md/.pdf/.json`` and ``latest.*``, return the brief
    as written. One run per output folder at a time (see ``write.output_lock``)."""
    config = config.validated()
    with output_lock(config.output_dir, config.wait):
        return build_locked(config)


def build_locked(config: Config) -> Brief:
    since = window_start(config.since, config.generated_at) if config.since else None
    analysis = analyse(config.inputs, config.summarizer, config.focus, since,         # 1-6
                       config.jobs, config.cache_folder())
    facts = find_facts([analysis.sentences[a.id] for a in analysis.articles          # 7. facts
                        if a.id not in analysis.duplicates])
    title = config.title or default_title(config.inputs)
    brief = assemble(title, slugify(title), config.generated_at, analysis.articles,  # 8. assemble
                     analysis.corpus.chosen, [r.candidates for r in analysis.rankings], facts,
                     analysis.skipped, analysis.rejected, config.summarizer)
    brief = replace(brief, duplicates=tuple(sorted(analysis.duplicates.items())), window_start=since,
                    out_of_window=analysis.out_of_window)
    rendered = render_all(brief, config.formats, config.page_size, config.templates,
                          config.author)  # 9. render
    written = write_outputs(rendered.outputs, config.output_dir, brief.generated_at,  # 10. write
                            brief.slug)
    log.info("wrote %s", ", ".join(written))
    return replace(rendered.brief, written=tuple(written))


def summarize(inputs: Sequence[str], words: int, summarizer: str = "lexrank", focus: str | None = None
              ) -> list[str]:
    """A multi-document extractive summary of at most ``words`` words: whole,
    verbatim sentences, best first, from the same ranking core as the brief."""
    Config(inputs=tuple(inputs), summarizer=summarizer).validated()
    analysis = analyse(inputs, summarizer, focus)
    chosen: list[str] = []
    used = 0
    for candidate in analysis.corpus.chosen:
        n = len(candidate.sentence.text.split())
        if used + n <= words:
            chosen.append(candidate.sentence.text)
            used += n
    return chosen


def default_title(inputs: Sequence[str]) -> str:
    """"ukraine-talks/" -> "Ukraine talks"; several inputs -> "Situation brief"."""
    if len(inputs) == 1:
        path = Path(inputs[0]).resolve()
        name = path.name if path.is_dir() else path.stem
        words = re.sub(r"[-_]+", " ", name).strip()
        if words:
            return words[0].upper() + words[1:]
    return "Situation brief"


def slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:60].rstrip("-") or "brief"
