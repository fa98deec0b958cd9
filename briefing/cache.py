"""A content-hash cache of per-file and per-article results, so a nightly run
over a growing folder only reads, cleans and analyses new or changed files.

One entry per input file, named by briefing's version and the file's path. It
holds the key of the content it was made from (path, bytes, modification
time), an index of the file's articles, and each article's analysis with the key of
what that depends on (the summariser, the article's id and what the run's
sentence splitter learned about its full stops, see ``pipeline.analysis_key``).
A changed file replaces its entry; a changed option or splitter only
re-analyses. A corrupt or unreadable entry is discarded with a warning, never
fatal, and so is one that cannot be removed (a read-only cache, a folder where an
entry should be). Only this run's own cache folder is read, so unpickling its files
is as safe as the output folder itself. A write killed half-way leaves a temporary
file; the next run that writes removes it (``remove_stale_temporaries``).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import re
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from .load import InputFile
from .load.inputs import read_regular_file
from .load.records import UnreadableFile
from .model import Skip
from .per_article import ArticleIndex, ArticleResult, FileResult
from .version import __version__

log = logging.getLogger("briefing")

T = TypeVar("T")

FORMAT = 11
"""Raise it whenever what an entry holds changes shape (``per_article``'s types, the
model's), or what the readers, the rankers or the filters make of a file (8: URLs and dates
checked, damaged UTF-8 decoded as UTF-8, a file's bad records summed up; 9: the filters of
sentences that do not read alone; 10: facts' mentions with their details;
11: heading labels with lower-case particles): entries of other formats are
then never read, whatever the version says."""


def fingerprint(*parts: object) -> str:
    """A stable hash of picklable parts (sets are sorted first, so their order does not matter)."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, (set, frozenset)):
            part = sorted(part, key=repr)
        digest.update(pickle.dumps(part, protocol=4))
    return digest.hexdigest()


@dataclass
class Entry:
    """What the cache keeps for one input file: the key of the content it was made
    from, its skips, an index of its articles, and their analyses, each with the
    key of what the analysis depends on (``pipeline.analysis_key``). The cleaned
    articles themselves (``body``) are not stored: the few a warm run needs (the
    splitter's training sample, an article to analyse again) are read and cleaned
    again from the file, which is unchanged (that is what made the entry valid).
    Storing them doubled the files a cold run writes for no measurable gain."""

    content_key: str
    skips: tuple[Skip, ...]
    index: tuple[ArticleIndex, ...]
    # (article's place in the file, summariser) -> (analysis key, pickled ArticleResult):
    # briefs that share a cache folder with different summarisers keep theirs apart.
    analyses: dict[tuple[int, str], tuple[str, bytes]] = field(default_factory=dict)
    body: FileResult | None = None  # this run's only, never pickled: see pipeline.ReadFiles.body
    changed: bool = True  # to be written back at the end of the run

    @classmethod
    def of(cls, key: str, result: FileResult) -> Entry:
        return cls(key, result.skips, result.index, body=result)

    def analysis(self, position: int, summarizer: str, key: str) -> ArticleResult | None:
        """The kept analysis of the article at ``position`` if it was made with ``key``."""
        kept = self.analyses.get((position, summarizer))
        if kept is None or kept[0] != key:
            return None
        try:
            result = pickle.loads(kept[1])
        except Exception as exc:  # noqa: BLE001 (a damaged analysis is made again)
            log.warning("a cached analysis is unreadable (%s: %s); analysing again", type(exc).__name__, exc)
            return None
        return result if isinstance(result, ArticleResult) else None


def content_key(file: InputFile) -> str:
    """The file as given (its path is recorded in the brief), its bytes and its
    modification time (an undated article's date comes from it). Raises UnreadableFile:
    only a file ``load.find_inputs`` accepted is ever read, through ``InputFile.read_bytes``."""
    digest = hashlib.blake2b(file.read_bytes(), digest_size=16).hexdigest()
    return f"{digest}:{file.mtime_ns}:{file.path}"


class FileCache:
    """One entry per file in ``folder``, named by its path; ``None`` folder: no caching.

    An entry is replaced when its file changes, so the cache holds one entry for
    each file ever read, not one for each version of it."""

    def __init__(self, folder: str | None):
        self.folder = Path(folder) if folder else None
        self._locations: dict[Path, Path] = {}
        self._keys: dict[InputFile, str] = {}

    def content_key(self, file: InputFile) -> str:
        """``content_key(file)``, computed once a run (``read`` and ``new_entry`` both ask)."""
        key = self._keys.get(file)
        if key is None:
            key = self._keys[file] = content_key(file)
        return key

    def location(self, path: Path) -> Path:
        assert self.folder is not None
        found = self._locations.get(path)
        if found is None:
            name = hashlib.sha256(f"{__version__}\0{FORMAT}\0{os.path.abspath(path)}".encode("utf-8", "surrogateescape")
                                  ).hexdigest()
            found = self._locations[path] = self.folder / name[:2] / name
        return found

    def read(self, file: InputFile) -> Entry | None:
        """The entry for ``file`` if the cache has one for its current content."""
        if self.folder is None:
            return None
        try:
            key = self.content_key(file)
        except UnreadableFile:
            return None  # the reader will say what is wrong with the file
        entry = self.load(self.location(file.path), Entry)
        if entry is None or entry.content_key != key:
            return None
        entry.changed = False
        return entry

    def load(self, location: Path, kind: type[T]) -> T | None:
        if not os.path.lexists(location):
            return None
        try:
            found = pickle.loads(read_regular_file(location))  # a FIFO here must not hang the run
            if not isinstance(found, kind):
                raise TypeError(f"holds a {type(found).__name__}, not a {kind.__name__}")
            return found
        except Exception as exc:  # noqa: BLE001 (any damage to a cache file means: recompute)
            log.warning("cache entry %s is unreadable (%s: %s); discarding it", location, type(exc).__name__, exc)
            discard(location)
            return None

    def new_entry(self, file: InputFile, result: FileResult) -> Entry:
        try:
            key = self.content_key(file) if self.folder else ""
        except UnreadableFile:
            key = ""  # unreadable: its Skip says so; an empty key never matches
        return Entry.of(key, result)

    def write_all(self, items: Sequence[tuple[Path, Entry]]) -> None:
        """Store the new or changed entries (without their bodies). Each is written to a
        temporary name and renamed; the writes run in a few threads, as they wait on
        the disk, not on the interpreter (10,000 entries: 5 s in one thread)."""
        if self.folder is None:
            return
        todo = [(self.location(path), replace(entry, body=None, changed=False))
                for path, entry in items if entry.content_key and entry.changed]
        remove_stale_temporaries(self.folder)
        try:
            for folder in {location.parent for location, _ in todo}:
                folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.cannot_write(exc)
            return
        locations = [location for location, _ in todo]
        blobs = [pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL) for _, entry in todo]
        with ThreadPoolExecutor(max_workers=WRITER_THREADS) as pool:
            failed = [error for error in pool.map(write_atomically, locations, blobs) if error is not None]
        if failed:
            self.cannot_write(failed[0], len(failed))

    def cannot_write(self, exc: OSError, entries: int = 0) -> None:
        """Warn once: the brief does not depend on the cache (a read-only cache, a full disk)."""
        which = f" ({entries:,} entries)" if entries else ""
        log.warning("cannot write the cache in %s%s (%s); continuing without it", self.folder, which,
                    exc.strerror or exc)
        self.folder = None


WRITER_THREADS = 4


def write_atomically(location: Path, data: bytes) -> OSError | None:
    """``data`` to a temporary name beside ``location`` (this process's own), then renamed
    over it; the error, if it failed, so that one bad entry does not stop the others."""
    temp = location.with_name(f".{location.name}.{os.getpid()}.tmp")
    try:
        with open(temp, "wb") as out:
            out.write(data)
        os.replace(temp, location)
    except OSError as exc:
        discard(temp)
        return exc
    return None


def discard(location: Path) -> None:
    """Remove a cache file if we can. A read-only cache, or a folder where an entry should
    be, stays as it is: the entry is made again in memory, and the run goes on."""
    with contextlib.suppress(OSError):
        location.unlink(missing_ok=True)


TEMPORARY = re.compile(r"\.[0-9a-f]{64}\.\d+\.tmp")
"""The names ``write_atomically`` gives its temporary files, and only those."""

STALE_AFTER = 3600
"""Seconds after which a temporary file is a killed run's: a live one exists only while
one entry is written (milliseconds). Only the age is trusted, not the process id in the
name: runs writing to one shared cache folder from several machines or containers
cannot see one another's processes."""


def remove_stale_temporaries(folder: Path) -> None:
    """Remove temporary files of this cache's naming that a run killed while writing left
    behind (in every subfolder: a killed write's folder may not be written again for weeks)."""
    cutoff = time.time() - STALE_AFTER
    for sub in listed(folder):
        if len(sub.name) == 2 and sub.is_dir(follow_symlinks=False):
            for temp in listed(Path(sub.path)):
                if TEMPORARY.fullmatch(temp.name) and modified_before(temp, cutoff):
                    discard(Path(temp.path))


def listed(folder: Path) -> list[os.DirEntry]:
    """The folder's entries; none if it cannot be listed (then nothing in it is removed)."""
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def modified_before(entry: os.DirEntry, cutoff: float) -> bool:
    try:
        return entry.stat(follow_symlinks=False).st_mtime < cutoff
    except OSError:  # removed meanwhile
        return False
