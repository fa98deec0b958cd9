"""Stage 1, load: find input files and read each into an ``Article``.

``find_inputs`` decides which paths are input files (``inputs``); readers are
chosen by file type from ``READERS``. A file that cannot be read becomes a
``Skip`` with a reason; it never stops the run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ..model import Article, Skip
from . import inputs
from .dates import believable_dates
from .feed import read_feed_file
from .html import read_html_file
from .inputs import InputFile, Inputs, shown_path
from .json_records import read_json_file, read_jsonl_file
from .records import Found, Read, Source, UnreadableFile, safe_date
from .text import read_text_file

__all__ = ["READERS", "InputFile", "Inputs", "believable_dates", "find_inputs", "read_file",
           "shown_path", "unique_id"]

Reader = Callable[[Source], Found]

READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".md": read_text_file,
    ".markdown": read_text_file,
    ".html": read_html_file,
    ".htm": read_html_file,
    ".xhtml": read_html_file,
    ".json": read_json_file,
    ".jsonl": read_jsonl_file,
    ".ndjson": read_jsonl_file,
    ".rss": read_feed_file,
    ".atom": read_feed_file,
    ".xml": read_feed_file,
}
"""File suffix -> reader. A reader yields the articles of one file (feeds and
JSON Lines hold many) and a Skip for each bad record in it, or raises
UnreadableFile when nothing in the file can be used."""


def find_inputs(names: Iterable[str], exclude: Iterable[str] = ()) -> Inputs:
    """The input files among ``names`` (files, and every non-hidden file below folders) and
    a Skip for each path found that will not be read; nothing in the ``exclude`` folders
    (the output and cache folders) is an input. See ``inputs``."""
    return inputs.find_inputs(names, exclude, READERS)


def read_file(file: InputFile) -> Read:
    """The articles of one input file and its Skips (``summarised``), or one Skip saying why
    the whole file cannot be used. Ids are the reader's; ``unique_id`` makes them unique."""
    try:
        data = file.read_bytes()
        if not data.strip():
            raise UnreadableFile("empty file: no text")
        source = Source(data, shown_path(file.path.stem), file.shown, safe_date(file.mtime_ns / 1e9))
        return summarised(READERS[file.path.suffix.lower()](source), file.shown)
    except UnreadableFile as exc:
        return [Skip(file.shown, str(exc))]


LISTED_SKIPS = 5
"""A file's bad records are listed one by one up to this many; beyond it they are one
Skip for the file, with a count and the first ones' numbers: a million empty records
must not be a million lines of log, nor 150 MB of JSON."""


def summarised(found: Found, shown: str) -> Read:
    """The articles, then the Skips of a reader's records, ``LISTED_SKIPS`` of them at most;
    a Skip for the file when the reader found nothing at all in it."""
    articles: list[Article] = []
    skips: list[Skip] = []
    skipped = 0
    for item in found:
        if isinstance(item, Article):
            articles.append(item)
        else:
            skipped += 1
            if len(skips) <= LISTED_SKIPS:
                skips.append(item)
    if not articles and not skipped:
        return [Skip(shown, "no records in the file (an empty list)")]
    if skipped <= LISTED_SKIPS:
        return [*articles, *skips]
    return [*articles, Skip(shown, skipped_records(skips[:LISTED_SKIPS], skipped, skipped + len(articles)))]


def skipped_records(first: list[Skip], count: int, total: int) -> str:
    """"100,000 of 100,000 records skipped (#1, #2, #3, #4, #5 and 99,995 more); #1: record has no text"."""
    numbers = ", ".join("#" + skip.path.rsplit("#", 1)[-1] for skip in first)
    return (f"{count:,} of {total:,} records skipped ({numbers} and {count - len(first):,} more); "
            f"{numbers.split(',')[0]}: {first[0].reason}")


def unique_id(wanted: str, used: set[str]) -> str:
    """A short, stable id made from a file name; a suffix keeps ids unique."""
    base = re.sub(r"[^A-Za-z0-9_.-]+", "-", wanted).strip("-") or "article"
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate
