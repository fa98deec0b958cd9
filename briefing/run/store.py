"""Where ``cached_map`` keeps results between runs: one SQLite file in the cache folder.

A result is stored as the bytes its worker pickled, under a content key (a
hash of everything the result depends on, see ``cached_map``), so an entry
never goes stale: a changed input or option simply asks for another key.
Entries nobody asked for in ``KEEP_DAYS`` days are removed when a run saves.

Why one SQLite file and not a file per entry: a cold run over 10,000 articles
makes 20,000 results, and SQLite writes them in one transaction (atomic: a run
killed while saving leaves the previous state, never half an entry) in a
fraction of the time 20,000 files take; a warm run reads them with a few
queries. Writes happen once a run, at ``save``. Runs that share a cache folder
wait for each other's writes (SQLite's own lock; the folder should be on a
local disk: SQLite's locking is not reliable over NFS). Workers, local or on a
Dask cluster, never touch the store: results come back to the process that
runs the build, which stores them.

Damage is never fatal: an unreadable entry is dropped and made again, a
damaged or foreign database file is replaced, and a cache that cannot be
written (read-only, a full disk, a file where the folder should be) is a
warning; the brief does not depend on it.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import time
from collections.abc import Sequence
from pathlib import Path

from .local import batched

log = logging.getLogger("briefing")

DATABASE = "results.sqlite"

KEEP_DAYS = 60
"""Entries unused for this many days are removed: long enough for a brief that is
built weekly, or paused for a holiday, to find its results again."""

QUERY_KEYS = 900
"""Keys asked for in one query (SQLite allows 999 parameters in its oldest builds)."""

SCHEMA = "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value BLOB NOT NULL, used INTEGER NOT NULL)"

WAIT_SECONDS = 60.0
"""How long a run waits for another run's write to the same cache."""


def today() -> int:
    """Days since the epoch: entries are marked used at most once a day."""
    return int(time.time() // 86_400)


class NoStore:
    """No cache folder: nothing is kept between runs."""

    persistent = False

    def get_many(self, keys: Sequence[str]) -> dict[str, bytes]:
        return {}

    def put(self, key: str, value: bytes) -> None:
        pass

    def drop(self, key: str) -> None:
        pass

    def save(self) -> None:
        pass

    def close(self) -> None:
        pass


class FolderStore:
    """Results kept in ``folder/results.sqlite``. Reads happen when asked; new
    results are held until ``save``, which writes them all in one transaction."""

    persistent = True

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.path = self.folder / DATABASE
        self._db: sqlite3.Connection | None = None
        self._opened = False
        self._new: dict[str, bytes] = {}
        self._used: set[str] = set()
        self._dropped: set[str] = set()

    def connection(self) -> sqlite3.Connection | None:
        """The open database, opened (and made, if the folder can be written) on first use;
        None when there is none to use."""
        if not self._opened:
            self._opened = True
            self._db = self.open()
        return self._db

    def open(self) -> sqlite3.Connection | None:
        if not safe_to_open(self.path):
            log.warning("cache file %s is not a regular file; continuing without the cache", self.path)
            return None
        for attempt in (1, 2):
            try:
                return connect(self.path)
            except (OSError, sqlite3.OperationalError) as exc:
                log.warning("cannot open the cache in %s (%s); continuing without it", self.folder, exc)
                return None
            except sqlite3.DatabaseError as exc:  # not a database, or not ours: start again
                log.warning("cache %s is unreadable (%s); starting a new one", self.path, exc)
                if attempt == 2 or not removed(self.path):
                    return None
        return None

    def get_many(self, keys: Sequence[str]) -> dict[str, bytes]:
        """The stored results of those ``keys`` that have one."""
        db = self.connection() if keys else None
        if db is None:
            return {}
        found: dict[str, bytes] = {}
        now = today()
        try:
            for chunk in batched(list(dict.fromkeys(keys)), QUERY_KEYS):
                marks = ",".join("?" * len(chunk))
                for key, value, used in db.execute(f"SELECT key, value, used FROM results WHERE key IN ({marks})",
                                                   chunk):
                    found[key] = bytes(value)
                    if used < now:
                        self._used.add(key)
        except sqlite3.DatabaseError as exc:
            log.warning("cache %s is unreadable (%s); making its results again", self.path, exc)
            return {}
        return found

    def put(self, key: str, value: bytes) -> None:
        self._new[key] = value

    def drop(self, key: str) -> None:
        """Forget an entry found unreadable (``cached_map`` makes it again)."""
        self._dropped.add(key)

    def save(self) -> None:
        """Write this run's new results, mark the reused ones as used today and remove
        those unused for KEEP_DAYS, in one transaction; a warning if it cannot be done
        (a read-only cache that had nothing to be written to it is not warned about)."""
        db = self.connection()
        if db is None:
            return  # opening it warned already
        now = today()
        anything = bool(self._new or self._used or self._dropped)
        try:
            with db:
                db.executemany("DELETE FROM results WHERE key = ?", [(key,) for key in self._dropped - set(self._new)])
                db.executemany("INSERT OR REPLACE INTO results (key, value, used) VALUES (?, ?, ?)",
                               [(key, value, now) for key, value in self._new.items()])
                db.executemany("UPDATE results SET used = ? WHERE key = ?", [(now, key) for key in self._used])
                db.execute("DELETE FROM results WHERE used < ?", (now - KEEP_DAYS,))
        except sqlite3.Error as exc:
            if anything:
                log.warning("cannot write the cache in %s (%s); continuing without it", self.folder, exc)
        self._new.clear()
        self._used.clear()
        self._dropped.clear()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def connect(path: Path) -> sqlite3.Connection:
    """Open (or make) the database and check that it is ours. A folder that cannot be
    made or written falls back to reading what is there, if anything."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=WAIT_SECONDS)
    except (OSError, sqlite3.OperationalError):
        if not path.is_file():
            raise
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=WAIT_SECONDS)
    try:
        checked(db)
    except BaseException:
        db.close()
        raise
    return db


def checked(db: sqlite3.Connection) -> None:
    """Make the table if it is missing (unless the file is read-only) and check its shape."""
    try:
        db.execute(SCHEMA)
    except sqlite3.OperationalError as exc:
        if "readonly" not in str(exc) and "read-only" not in str(exc):
            raise
    try:
        db.execute("SELECT key, value, used FROM results LIMIT 1").fetchall()
    except sqlite3.OperationalError as exc:  # a table of another shape
        raise sqlite3.DatabaseError(f"not a briefing cache ({exc})") from exc


def removed(path: Path) -> bool:
    try:
        path.unlink()
    except OSError:
        return False
    return True


def safe_to_open(path: Path) -> bool:
    """True when ``path`` is absent or a regular file: SQLite opening a FIFO would wait
    for a writer for ever."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return True  # made when it is first written (or the folder cannot be made: said then)
    except OSError:
        return False
    return stat.S_ISREG(mode)


Store = NoStore | FolderStore


def store_for(folder: str | None) -> Store:
    """The store for a cache folder (None: no cache)."""
    return FolderStore(folder) if folder else NoStore()
