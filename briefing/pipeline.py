"""The whole pipeline, one stage a line: ``build_brief(config) -> Brief``.

Stages 1-6 (load .. rank across the corpus) are shared with ``summarize``,
which the quality benchmarks call, so the brief and the benchmark numbers
come from one ranking core.
"""

from __future__ import annotations

import gc
import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from functools import partial
from itertools import chain
from pathlib import Path

from .archive import write_archive
from .assemble import Heading, Ranked, assemble
from .config import Config, window_start
from .dedupe import copies_by_shingles
from .errors import NoUsableInput
from .facts import facts_from_mentions
from .history import Previous, previous_brief
from .lang import Language
from .load import InputFile, Inputs, believable_dates, find_inputs, shown_path, unique_id
from .model import Article, Brief, CleanArticle, Rejection, Skip
from .per_article import ArticleResult, FileResult, analyse_articles, article_key, file_key, read_and_clean
from .rank import ArticleRanking, CorpusRanking, rank_corpus
from .rank.corpus import DocumentFrequencies
from .render import pdf_backend, render_all
from .run import Runner, executor_for, runner_for
from .write import output_lock, write_outputs

log = logging.getLogger("briefing")


@dataclass(frozen=True)
class Analysis:
    """What stages 1-6 found: the usable articles, their sentences and the ranking."""

    articles: tuple[Article, ...]
    results: dict[str, ArticleResult]
    corpus: CorpusRanking
    skipped: tuple[Skip, ...]
    duplicates: dict[str, str]
    out_of_window: int = 0

    @property
    def rankings(self) -> tuple[ArticleRanking, ...]:
        """Per-article rankings of the articles that are not copies of another."""
        return tuple(self.results[a.id].ranking for a in self.articles if a.id not in self.duplicates)

    @property
    def rejected(self) -> tuple[Rejection, ...]:
        return tuple(r for ranking in self.rankings for r in ranking.rejected) + self.corpus.rejected


def analyse(inputs: Sequence[str], summarizer: str = "lexrank", focus: str | None = None,
            since: datetime | None = None, runner: Runner | None = None, *, exclude: Sequence[str] = ()) -> Analysis:
    """Stages 1-6. Raises NoUsableInput when no article has a quotable sentence.

    Per-file and per-article work runs where the ``runner`` says (by default in this
    process); that changes the time taken, never the result. Nothing in the ``exclude``
    folders (the folders a build writes) is read."""
    with cycle_collection_paused():
        return analyse_inputs(find_inputs(inputs, exclude), Ranking(summarizer, focus, since), runner or Runner())


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Python's cycle collector off while a run builds and loads many thousands of
    small objects that live to its end: every collection walks all of them (loading
    10,000 results took a third longer with it on, and stages after them lost
    up to a second at random). Cycles made meanwhile are collected when it is back
    on; worker processes turn it on for themselves (``run.local``)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class Ranking:
    """What the ranking stages are asked for: the per-article summariser, the
    optional topic, and the start of the time window."""

    summarizer: str = "lexrank"
    focus: str | None = None
    since: datetime | None = None


@dataclass(frozen=True)
class Found:
    """An article as this run knows it: under its run-wide id (``load.unique_id``),
    cleaned, and from which input file."""

    clean: CleanArticle
    file: InputFile

    @property
    def article(self) -> Article:
        return self.clean.article


def analyse_inputs(found: Inputs, ranking: Ranking, runner: Runner) -> Analysis:
    lang = Language.english()
    files = runner.map(read_and_clean, found.files, file_key, "reading")                # 1. load, 2. clean
    articles, skipped = named_articles(found, files)
    articles = with_believable_dates(articles)
    articles, out_of_window = in_window(articles, ranking.since)
    log.info("read %d article(s), skipped %d, %d outside the time window", len(articles), len(skipped),
             out_of_window)
    results = runner.map_batches(partial(analyse_articles, summarizer=ranking.summarizer, lang=lang),  # 3, 5. rank
                                 [a.clean for a in articles], partial(article_key, summarizer=ranking.summarizer),
                                 "ranking")
    runner.save()
    analysed = dict(zip((a.article.id for a in articles), results, strict=True))
    usable, unquotable = quotable(articles, analysed)
    inputs = len(articles) + len(skipped) + out_of_window
    skipped += unquotable
    for skip in skipped:
        log.warning("skipped %s: %s", skip.path, skip.reason)
    if not usable:
        window = f", {out_of_window} outside the time window" if out_of_window else ""
        raise NoUsableInput(f"no usable article among {inputs} input(s) "
                            f"({len(skipped)} skipped{window}); the previous brief is left as it was")
    copies = copies_by_shingles([(a.id, analysed[a.id].shingles) for a in usable])   # 4. dedupe
    corpus = rank_across([analysed[a.id] for a in usable if a.id not in copies],         # 6. rank across corpus
                         [analysed[a.id] for a in usable], lang, ranking.focus)
    log.info("ranked %d candidate sentence(s) from %d source(s)", len(corpus.chosen), len(usable) - len(copies))
    return Analysis(tuple(usable), {a.id: analysed[a.id] for a in usable}, corpus, tuple(skipped), copies,
                    out_of_window)


def named_articles(found: Inputs, files: Sequence[FileResult]) -> tuple[list[Found], list[Skip]]:
    """Every article of every file under an id unique in the run, and every skip."""
    articles: list[Found] = []
    skipped = list(found.skips)
    used: set[str] = set()
    for file, result in zip(found.files, files, strict=True):
        skipped.extend(result.skips)
        for clean in result.articles:
            named = renamed(clean.article, unique_id(clean.article.id, used))
            articles.append(Found(replace(clean, article=named), file))
    return articles, skipped


def renamed(article: Article, wanted: str) -> Article:
    """The article under the id it has in this run (its title too, if the title was its name)."""
    if wanted == article.id:
        return article
    return replace(article, id=wanted, title=wanted if article.title_from == "name" else article.title)


def with_believable_dates(articles: Sequence[Found]) -> list[Found]:
    """Dates more than a day ahead are not believed (``load.believable_dates``)."""
    dated = believable_dates([(a.article, a.file) for a in articles], datetime.now(timezone.utc))
    return [Found(replace(a.clean, article=article), a.file) for a, article in zip(articles, dated, strict=True)]


def in_window(articles: list[Found], since: datetime | None) -> tuple[list[Found], int]:
    """Articles published (or, undated, modified) at or after ``since``, and how many were not."""
    if since is None:
        return articles, 0
    kept = [a for a in articles if a.article.published is None or a.article.published >= since]
    return kept, len(articles) - len(kept)


def quotable(articles: Sequence[Found], analysed: dict[str, ArticleResult]) -> tuple[list[Article], list[Skip]]:
    """The articles with at least one sentence, and a Skip for each of the others."""
    usable = [a.article for a in articles if analysed[a.article.id].sentence_count]
    empty = [Skip(a.article.path, "no quotable text after cleaning (only headings, tables or site furniture)")
             for a in articles if not analysed[a.article.id].sentence_count]
    return usable, empty


def rank_across(sources: Sequence[ArticleResult], usable: Sequence[ArticleResult], lang: Language,
                focus: str | None) -> CorpusRanking:
    """Stage 6: the sources' candidates ranked together, with word weights (IDF) from
    every usable article, copies included. Raises NoUsableInput when none can be quoted."""
    idf = DocumentFrequencies.counted(chain.from_iterable(r.stem_occurrences.split() for r in usable),
                                      sum(r.sentence_count for r in usable))
    stems = {c.key: tokens for r in sources for c, tokens in zip(r.ranking.candidates, r.pool_stems, strict=False)}
    corpus = rank_corpus([r.ranking.candidates for r in sources], lang, focus, idf, stems, [r.concepts for r in sources])
    if not corpus.chosen:
        raise NoUsableInput(f"none of the {sum(r.sentence_count for r in usable)} sentence(s) of "
                            f"{len(usable)} article(s) can be quoted (all were questions, fragments, filler or "
                            f"markup: see the rules in briefing/rank/filters.py)")
    return corpus


def build_brief(config: Config, shared: Runner | None = None) -> Brief:
    """Read the inputs, write ``<date>-<slug>.md/.pdf/.json`` and ``latest.*``, return the brief
    as written. One run per output folder at a time (see ``write.output_lock``).

    The per-file and per-article work runs where the config says (``jobs``,
    ``scheduler``); briefs built with one ``shared`` runner reuse each other's results."""
    config = config.validated()
    if "pdf" in config.formats:
        pdf_backend()  # a missing PDF library fails now, not after the whole analysis
    with output_lock(config.output_dir, config.wait), cycle_collection_paused(), \
            runner_for(config, shared) as runner:
        return build_locked(config, runner)


def build_locked(config: Config, runner: Runner) -> Brief:
    """The build for a validated config (``build_brief`` validates it and holds the lock)."""
    generated_at = config.generated_at
    assert generated_at is not None, "Config.validated sets generated_at (to the build time if unset)"
    since = window_start(config.since, generated_at) if config.since else None
    analysis = analyse(config.inputs, config.summarizer, config.focus, since, runner,   # 1-6
                       exclude=config.written_folders())
    title = config.title or default_title(config.inputs)
    heading = Heading(title, slugify(title), generated_at, config.summarizer, since, analysis.out_of_window)
    previous = None if config.fresh else previous_brief(config.output_dir, heading.slug, generated_at)
    brief = compose(heading, analysis, previous)                                      # 7. facts, 8. assemble
    rendered = render_all(brief, config.formats, config.page_size, config.templates,
                          config.author)  # 9. render
    written = write_outputs(rendered.outputs, config.output_dir, brief.generated_at,  # 10. write
                            brief.slug)
    write_archive(config.output_dir, brief.generated_at, config.keep, templates=config.templates)
    log.info("wrote %s", ", ".join(written))
    return replace(rendered.brief, written=tuple(written))


def compose(heading: Heading, analysis: Analysis, previous: Previous | None = None) -> Brief:
    """Stages 7 and 8: the facts the sources agree on, and the brief's sections."""
    sources = [a for a in analysis.articles if a.id not in analysis.duplicates]
    facts = facts_from_mentions([(a.id, analysis.results[a.id].mentions) for a in sources],
                                central={c.key for c in analysis.corpus.chosen[:FACT_LINES]})
    return assemble(heading, Ranked(analysis.articles, analysis.corpus.chosen, [r.candidates for r in analysis.rankings],
                                    facts, analysis.skipped, analysis.rejected, analysis.corpus.repeats,
                                    analysis.duplicates), previous)


FACT_LINES = 15
"""Facts may come from one source when one of the corpus's this many best-ranked
lines gives them (about the page's quoted lines and their runners-up)."""


def summarize(inputs: str | Path | Sequence[str | Path], words: int,
              summarizer: str = "lexrank", focus: str | None = None, jobs: int = 1,
              order: str = "source") -> list[str]:
    """A multi-document extractive summary of at most ``words`` words: whole,
    verbatim sentences from the same ranking core as the brief, chosen best first.

    ``order="source"`` prints them as the sources have them (by article, in input
    order, then by position in the article), which reads as a text; ``"rank"``
    keeps them best first. Raises ConfigError for bad options and NoUsableInput
    when no article has a quotable sentence."""
    from .errors import ConfigError
    from .model import Sentence
    from .names import SUMMARY_ORDERS, canonical, did_you_mean

    paths = tuple(str(p) for p in ([inputs] if isinstance(inputs, (str, Path)) else inputs))
    config = Config(inputs=paths, summarizer=summarizer, jobs=jobs).validated()
    chosen_order = canonical(order, SUMMARY_ORDERS) if isinstance(order, str) else None
    if chosen_order is None:
        raise ConfigError(f"unknown order {order!r}{did_you_mean(str(order), SUMMARY_ORDERS)}; "
                          f"valid: {', '.join(SUMMARY_ORDERS)}")
    runner = Runner(executor_for(config.jobs))  # keeps nothing between runs: a summary writes no files
    try:
        analysis = analyse(config.inputs, config.summarizer, focus, runner=runner)
    finally:
        runner.close()
    chosen: list[Sentence] = []
    used = 0
    for candidate in analysis.corpus.chosen:
        n = len(candidate.sentence.text.split())
        if used + n <= words:
            chosen.append(candidate.sentence)
            used += n
    if chosen_order == "source":
        position = {article.id: number for number, article in enumerate(analysis.articles)}
        chosen.sort(key=lambda s: (position[s.article_id], s.index))
    return [sentence.text for sentence in chosen]


def default_title(inputs: Sequence[str]) -> str:
    """"ukraine-talks/" -> "Ukraine talks"; several inputs -> "Situation brief"."""
    if len(inputs) == 1:
        path = Path(inputs[0]).resolve()
        name = shown_path(path.name if path.is_dir() else path.stem)  # a name that is not UTF-8 is escaped
        words = re.sub(r"[-_]+", " ", name).strip()
        if words:
            return words[0].upper() + words[1:]
    return "Situation brief"


def slugify(title: str) -> str:
    """The title as a file name's part: "Café talks" -> "café-talks", "Переговоры" -> "переговоры".

    The alphabet: letters, combining marks and numbers of any script (Unicode categories
    L*, M*, N*), after NFKC (so a full-width "／" or a ligature is read as what it shows)
    and lower-casing; every run of anything else is one "-", none at either end. Nothing
    a file system reserves (/ \\ : * ? " < > |, controls, dots, spaces) can remain, so the
    name is safe on Linux, macOS and Windows. At most 60 characters and 180 UTF-8 bytes
    (three bytes a character, all of the BMP's scripts: 60 characters of Chinese fit), which
    leaves a dated, suffixed, temporary name (".2026-11-21-<slug>-063000.json.<12 hex>.tmp")
    under the 255 bytes Linux allows. Never empty: "brief" when no letter is left."""
    import unicodedata  # here, not at the top: this function is the only user

    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", title).lower())
    kept = "".join(c if unicodedata.category(c)[0] in "LMN" else "-" for c in text)
    slug = re.sub(r"-{2,}", "-", kept).strip("-")[:60]
    while len(slug.encode("utf-8")) > 180:
        slug = slug[:-1]
    return slug.rstrip("-") or "brief"
