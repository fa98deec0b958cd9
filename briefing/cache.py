"""A content-hash cache of per-file and per-article results, so a nightly run
over a growing folder only reads, cleans and analyses new or changed files.

One entry per input file, named by briefing's version and the file's path. It
holds the key of the content it was made from (path, bytes, modification
time), an index of the file's articles, and each article's analysis with the key of
what that depends on (the summariser, the article's id and what the run's
sentence splitter learned about its full stops, see ``pipeline.analysis_key``).
A changed file replaces its entry; a changed option or splitter only
re-analyses. A corrupt or unreadable entry is discarded with a warning, never
fatal. Only this run's own cache folder is read, so unpickling its files is as
safe as the output folder itself.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from .model import Skip
from .per_article import ArticleIndex, ArticleResult, FileResult
from .version import __version__

log = logging.getLogger("briefing")

FORMAT = 9
"""Raise it whenever what an entry holds changes shape (``per_article``'s types, the
model's): entries of other formats are then never read, whatever the version says."""


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


def content_key(path: Path) -> str:
    """The file as given (its path is recorded in the brief), its bytes and its
    modification time (an undated article's date comes from it)."""
    with path.open("rb") as handle:
        mtime = os.fstat(handle.fileno()).st_mtime_ns
        digest = hashlib.blake2b(handle.read(), digest_size=16).hexdigest()
    return f"{digest}:{mtime}:{path}"


class FileCache:
    """One entry per file in ``folder``, named by its path; ``None`` folder: no caching.

    An entry is replaced when its file changes, so the cache holds one entry for
    each file ever read, not one for each version of it."""

    def __init__(self, folder: str | None):
        self.folder = Path(folder) if folder else None
        self._locations: dict[Path, Path] = {}
        self._keys: dict[Path, str] = {}

    def content_key(self, path: Path) -> str:
        """``content_key(path)``, computed once a run (``read`` and ``new_entry`` both ask)."""
        key = self._keys.get(path)
        if key is None:
            key = self._keys[path] = content_key(path)
        return key

    def location(self, path: Path) -> Path:
        assert self.folder is not None
        found = self._locations.get(path)
        if found is None:
            name = hashlib.sha256(f"{__version__}\0{FORMAT}\0{os.path.abspath(path)}".encode("utf-8", "surrogateescape")
                                  ).hexdigest()
            found = self._locations[path] = self.folder / name[:2] / name
        return found

    def read(self, path: Path) -> Entry | None:
        """The entry for ``path`` if the cache has one for its current content."""
        if self.folder is None:
            return None
        try:
            key = self.content_key(path)
        except OSError:
            return None  # the reader will say what is wrong with the file
        entry = self.load(self.location(path), Entry)
        if entry is None or entry.content_key != key:
            return None
        entry.changed = False
        return entry

    def load(self, location: Path, kind: type) -> object | None:
        if not location.exists():
            return None
        try:
            found = pickle.loads(location.read_bytes())
            if not isinstance(found, kind):
                raise TypeError(f"holds a {type(found).__name__}, not a {kind.__name__}")
            return found
        except Exception as exc:  # noqa: BLE001 (any damage to a cache file means: recompute)
            log.warning("cache entry %s is unreadable (%s: %s); discarding it", location, type(exc).__name__, exc)
            location.unlink(missing_ok=True)
            return None

    def new_entry(self, path: Path, result: FileResult) -> Entry:
        try:
            key = self.content_key(path) if self.folder else ""
        except OSError:
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
        try:
            for folder in {location.parent for location, _ in todo}:
                folder.mkdir(parents=True, exist_ok=True)
            locations = [location for location, _ in todo]
            blobs = [pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL) for _, entry in todo]
            with ThreadPoolExecutor(max_workers=WRITER_THREADS) as pool:
                list(pool.map(write_atomically, locations, blobs))
        except OSError as exc:
            log.warning("cannot write the cache in %s (%s); continuing without it", self.folder, exc.strerror or exc)
            self.folder = None


WRITER_THREADS = 4


def write_atomically(location: Path, data: bytes) -> None:
    """``data`` to a temporary name beside ``location`` (this process's own), then renamed over it."""
    temp = location.with_name(f".{location.name}.{os.getpid()}.tmp")
    try:
        with open(temp, "wb") as out:
            out.write(data)
        os.replace(temp, location)
    finally:
        if temp.exists():
            temp.unlink()
