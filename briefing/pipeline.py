"""The whole pipeline, one stage a line: ``build_brief(config) -> Brief``.

Stages 1-6 (load .. rank across the corpus) are shared with ``summarize``,
which the quality benchmarks call, so the brief and the benchmark numbers
come from one ranking core.
"""

from __future__ import annotations

import gc
import logging
import pickle
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
from .cache import Entry, FileCache, fingerprint
from .config import Config, window_start
from .dedupe import copies_by_shingles
from .errors import NoUsableInput
from .facts import facts_from_mentions
from .history import Previous, previous_brief
from .lang import Language
from .load import InputFile, Inputs, believable_dates, find_inputs, shown_path, unique_id
from .model import Article, Brief, CleanArticle, Rejection, Skip
from .parallel import map_articles
from .per_article import (
    ArticleIndex,
    ArticleResult,
    FileResult,
    analyse_article,
    analyse_article_pickled,
    quotable_text,
    read_and_clean,
)
from .rank import ArticleRanking, CorpusRanking, rank_corpus
from .rank.corpus import DocumentFrequencies
from .render import pdf_backend, render_all
from .segment import Splitter, choose_sample
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
            since: datetime | None = None, jobs: int = 1, cache: str | None = None, *,
            exclude: Sequence[str] = ()) -> Analysis:
    """Stages 1-6. Raises NoUsableInput when no article has a quotable sentence.

    Per-file and per-article work runs in ``jobs`` processes (0: one per core)
    and reuses the results kept in the ``cache`` folder; neither changes the result.
    Nothing in the ``exclude`` folders (the output and cache folders) is read."""
    with cycle_collection_paused():
        return analyse_corpus(find_inputs(inputs, exclude), summarizer, focus, since, jobs, cache)


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Python's cycle collector off while a run builds and loads many thousands of
    small objects that live to its end: every collection walks all of them (loading
    10,000 cache entries took a third longer with it on, and stages after them lost
    up to a second at random). Cycles made meanwhile are collected when it is back
    on; worker processes turn it on for themselves (``parallel``)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def analyse_corpus(found: Inputs, summarizer: str, focus: str | None, since: datetime | None,
                   jobs: int, cache: str | None) -> Analysis:
    lang = Language.english()
    store = FileCache(cache)
    read = read_files(found.files, store, jobs)                                       # 1. load, 2. clean
    located, skipped = unique_articles(read.entries)
    skipped[:0] = found.skips
    dates = believable_dates([(article, read.files[file]) for article, _, file, _ in located],
                             datetime.now(timezone.utc))
    located = [(dated, index, file, position) for dated, (_, index, file, position) in zip(dates, located, strict=True)]
    located, out_of_window = in_window(located, since)
    log.info("read %d article(s), skipped %d, %d outside the time window", len(located), len(skipped),
             out_of_window)
    splitter = train_splitter(located, read)
    results = analyse_articles(located, read, splitter, summarizer, lang, jobs)       # 3. segment, 5. rank
    read.save()
    del read  # the cleaned texts and pickled analyses it holds are not needed any more
    usable: list[Article] = []
    for article, _, _, _ in located:
        if results[article.id].sentence_count:
            usable.append(article)
        else:
            skipped.append(Skip(article.path, "no quotable text after cleaning (only headings, "
                                              "tables or site furniture)"))
    for skip in skipped:
        log.warning("skipped %s: %s", skip.path, skip.reason)
    if not usable:
        window = f", {out_of_window} outside the time window" if out_of_window else ""
        raise NoUsableInput(f"no usable article among {len(located) + len(skipped) + out_of_window} input(s) "
                            f"({len(skipped)} skipped{window}); the previous brief is left as it was")
    copies = copies_by_shingles([(a.id, results[a.id].shingles) for a in usable])     # 4. dedupe
    kept = [results[a.id] for a in usable if a.id not in copies]
    idf = DocumentFrequencies.counted(chain.from_iterable(results[a.id].stem_occurrences.split() for a in usable),
                                      sum(results[a.id].sentence_count for a in usable))
    stems = {c.key: tokens for r in kept for c, tokens in zip(r.ranking.candidates, r.pool_stems, strict=False)}
    corpus = rank_corpus([r.ranking.candidates for r in kept], lang, focus, idf, stems,  # 6. rank across corpus
                         [r.concepts for r in kept])
    if not corpus.chosen:
        raise NoUsableInput(f"none of the {sum(results[a.id].sentence_count for a in usable)} sentence(s) of "
                            f"{len(usable)} article(s) can be quoted (all were questions, fragments, filler or "
                            f"markup: see the rules in briefing/rank/filters.py)")
    log.info("ranked %d candidate sentence(s) from %d source(s)", len(corpus.chosen), len(kept))
    return Analysis(tuple(usable), {a.id: results[a.id] for a in usable}, corpus, tuple(skipped), copies,
                    out_of_window)


Located = tuple[Article, ArticleIndex, int, int]
"""An article with its run-wide id, its index entry, its file's place in the
input and its own place in that file."""


@dataclass
class ReadFiles:
    """The input files and their cache entries, read or made in this run."""

    files: Sequence[InputFile]
    entries: list[Entry]
    store: FileCache

    def body(self, file_number: int) -> FileResult:
        """The file's cleaned articles: this run's, or the unchanged file read and cleaned again
        (cache entries hold no article text)."""
        entry = self.entries[file_number]
        if entry.body is None:
            entry.body = read_and_clean(self.files[file_number])
        return entry.body

    def save(self) -> None:
        """Write back the entries this run made or changed."""
        self.store.write_all([(file.path, entry) for file, entry in zip(self.files, self.entries, strict=True)])


def read_files(files: Sequence[InputFile], store: FileCache, jobs: int) -> ReadFiles:
    """Each file read and cleaned: from the cache, or in ``jobs`` worker processes."""
    cached = [store.read(file) for file in files]
    missing = [i for i, entry in enumerate(cached) if entry is None]
    made = {i: store.new_entry(files[i], result) for i, result in
            zip(missing, map_articles(read_and_clean, [files[i] for i in missing], jobs, "reading"), strict=True)}
    entries = [entry if entry is not None else made[i] for i, entry in enumerate(cached)]
    return ReadFiles(files, entries, store)


def unique_articles(entries: Sequence[Entry]) -> tuple[list[Located], list[Skip]]:
    """Every article of every file with an id unique in the run (``load.unique_id``), and the skips."""
    located: list[Located] = []
    skipped: list[Skip] = []
    used: set[str] = set()
    for file_number, entry in enumerate(entries):
        skipped.extend(entry.skips)
        for position, index in enumerate(entry.index):
            located.append((renamed(index.article, unique_id(index.article.id, used)), index, file_number, position))
    return located, skipped


def renamed(article: Article, wanted: str) -> Article:
    """The article under the id it has in this run (its title too, if the title was its name)."""
    if wanted == article.id:
        return article
    return replace(article, id=wanted, title=wanted if article.title_from == "name" else article.title)


def train_splitter(located: Sequence[Located], read: ReadFiles) -> Splitter:
    """Punkt trained on a sample of the articles' quotable text, chosen by content hash
    (``segment.choose_sample``): only the sampled articles' text is read from the cache."""
    chosen = choose_sample([(index.sample_key, index.quotable_chars) for _, index, _, _ in located])
    texts = []
    for i in chosen:
        _, _, file_number, position = located[i]
        texts.append(quotable_text(read.body(file_number).articles[position]))
    return Splitter.trained_on("\n\n".join(texts))


def analyse_articles(located: Sequence[Located], read: ReadFiles, splitter: Splitter,
                     summarizer: str, lang: Language, jobs: int) -> dict[str, ArticleResult]:
    """Stages 3 and 5: from the cache where nothing an article's analysis depends
    on has changed, the rest in ``jobs`` worker processes."""
    results: dict[str, ArticleResult] = {}
    todo: list[tuple[CleanArticle, Entry, int, str]] = []
    for article, index, file_number, position in located:
        entry = read.entries[file_number]
        key = analysis_key(article, index.period_pairs, splitter, summarizer)
        kept = entry.analysis(position, summarizer, key)
        if kept is not None:
            results[article.id] = kept
        else:
            clean = read.body(file_number).articles[position]
            todo.append((replace(clean, article=replace(clean.article, id=article.id, title=article.title)),
                         entry, position, key))
    reused = len(results)
    cached = read.store.folder is not None
    articles = [c for c, _, _, _ in todo]
    if cached:
        pickled = map_articles(partial(analyse_article_pickled, splitter=splitter, summarizer=summarizer, lang=lang),
                               articles, jobs, "ranking")
        for (clean, entry, position, key), data in zip(todo, pickled, strict=True):
            entry.analyses[position, summarizer] = (key, data)
            entry.changed = True
            results[clean.id] = pickle.loads(data)
    else:
        analysed = map_articles(partial(analyse_article, splitter=splitter, summarizer=summarizer, lang=lang),
                                articles, jobs, "ranking")
        for (clean, _, _, _), result in zip(todo, analysed, strict=True):
            results[clean.id] = result
    if read.store.folder is not None:
        log.info("cache: %d article(s) reused, %d analysed", reused, len(todo))
    return results


def analysis_key(article: Article, pairs: Sequence[tuple[str, str]], splitter: Splitter,
                 summarizer: str) -> str:
    """What an article's analysis depends on besides its file's content: its id in
    this run, the summariser, and what the run's splitter learned about its full stops."""
    return fingerprint(article.id, summarizer, splitter.learned_for(pairs))


def in_window(articles: list[Located], since: datetime | None) -> tuple[list[Located], int]:
    """Articles published (or, undated, modified) at or after ``since``, and how many were not."""
    if since is None:
        return articles, 0
    kept = [a for a in articles if a[0].published is None or a[0].published >= since]
    return kept, len(articles) - len(kept)


def build_brief(config: Config) -> Brief:
    """Read the inputs, write ``<date>-<slug>.md/.pdf/.json`` and ``latest.*``, return the brief
    as written. One run per output folder at a time (see ``write.output_lock``)."""
    config = config.validated()
    if "pdf" in config.formats:
        pdf_backend()  # a missing PDF library fails now, not after the whole analysis
    with output_lock(config.output_dir, config.wait), cycle_collection_paused():
        return build_locked(config)


def build_locked(config: Config) -> Brief:
    """The build for a validated config (``build_brief`` validates it and holds the lock)."""
    generated_at = config.generated_at
    assert generated_at is not None, "Config.validated sets generated_at (to the build time if unset)"
    since = window_start(config.since, generated_at) if config.since else None
    analysis = analyse(config.inputs, config.summarizer, config.focus, since,         # 1-6
                       config.jobs, config.cache_folder(),
                       exclude=[folder for folder in (config.output_dir, config.cache_folder()) if folder])
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
    analysis = analyse(config.inputs, config.summarizer, focus, jobs=config.jobs)
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
