"""Stage 1, load: find input files and read each into an ``Article``.

Readers are chosen by file type from ``READERS``. A file that cannot be read
becomes a ``Skip`` with a reason; it never stops the run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from ..model import Article, Skip
from .feed import read_feed_file
from .html import read_html_file
from .json_records import read_json_file, read_jsonl_file
from .records import Read, UnreadableFile
from .text import read_text_file

Reader = Callable[[Path, str], Read]

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
"""File suffix -> reader. A reader returns the articles of one file (feeds and
JSON Lines hold many) and a Skip for each bad record in it, or raises
UnreadableFile when nothing in the file can be used."""


def find_inputs(inputs: Iterable[str]) -> list[Path]:
    """Files named directly, plus every non-hidden file below named folders, in a stable order."""
    found: list[Path] = []
    for name in inputs:
        path = Path(name)
        if path.is_dir():
            below: list[Path] = []
            for folder, folders, files in os.walk(path):
                folders[:] = [f for f in folders if not f.startswith(".")]
                below.extend(Path(folder, f) for f in files if not f.startswith("."))
            found.extend(sorted(below, key=lambda p: p.parts))
        else:
            found.append(path)
    return list(dict.fromkeys(found))  # a file named twice is read once


def load_articles(inputs: Iterable[str]) -> tuple[list[Article], list[Skip]]:
    """Read every input file; return the articles and the skipped files with reasons."""
    articles: list[Article] = []
    skips: list[Skip] = []
    used_ids: set[str] = set()
    for path in find_inputs(inputs):
        for found in read_file(path):
            if isinstance(found, Skip):
                skips.append(found)
            else:
                articles.append(replace(found, id=unique_id(found.id, used_ids)))
    return articles, skips


def read_file(path: Path) -> Read:
    """The articles of one file and a Skip for each bad record, or one Skip saying why
    the whole file cannot be used. Ids are the reader's; ``unique_id`` makes them unique."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        return [Skip(str(path), f"unsupported file type {path.suffix or '(none)'!r}; "
                                f"readable: {', '.join(READERS)}")]
    try:
        return reader(path, str(path))
    except UnreadableFile as exc:
        return [Skip(str(path), str(exc))]


def unique_id(wanted: str, used: set[str]) -> str:
    """A short, stable id made from a file name; a suffix keeps ids unique."""
    base = re.sub(r"[^A-Za-z0-9_.-]+", "-", wanted).strip("-") or "article"
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate
