"""A content-hash cache of per-article results, so a nightly run over a growing
folder only analyses new or changed articles.

Each entry is one file named by the hash of everything the result depends on:
the article (id, title, text, dates), the summariser, the sentence splitter's
learned parameters and briefing's version. Change any of them and the old
entry is simply never asked for again. A corrupt or unreadable entry is
discarded with a warning, never fatal. Only this run's own cache folder is
read, so unpickling its files is as safe as the output folder itself.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from .version import __version__

log = logging.getLogger("briefing")

T = TypeVar("T")
R = TypeVar("R")


def fingerprint(*parts: object) -> str:
    """A stable hash of picklable parts (sets are sorted first, so their order does not matter)."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, (set, frozenset)):
            part = sorted(part, key=repr)
        digest.update(pickle.dumps(part, protocol=4))
    return digest.hexdigest()


class ArticleCache:
    """Per-article results in ``folder``, keyed by content; ``None`` folder: no caching."""

    def __init__(self, folder: str | None, run_key: str):
        self.folder = Path(folder) if folder else None
        self.run_key = fingerprint(__version__, run_key)
        self.hits = 0
        self.misses = 0

    def map(self, func: Callable[[T], R], items: Sequence[T], item_key: Callable[[T], str],
            compute: Callable[[Callable[[T], R], list[T]], list[R]]) -> list[R]:
        """``[func(item) ...]``, taking cached results and computing the rest with ``compute``."""
        if self.folder is None:
            return compute(func, list(items))
        keys = [fingerprint(self.run_key, item_key(item)) for item in items]
        results: list[R | None] = [self.read(key) for key in keys]
        missing = [i for i, result in enumerate(results) if result is None]
        self.hits += len(items) - len(missing)
        self.misses += len(missing)
        for i, result in zip(missing, compute(func, [items[i] for i in missing]), strict=True):
            results[i] = result
            self.write(keys[i], result)
        return results  # type: ignore[return-value]

    def read(self, key: str) -> object | None:
        path = self.folder / key[:2] / key
        if not path.exists():
            return None
        try:
            return pickle.loads(path.read_bytes())
        except Exception as exc:  # noqa: BLE001 (any damage to a cache file means: recompute)
            log.warning("cache entry %s is unreadable (%s: %s); discarding it", path, type(exc).__name__, exc)
            path.unlink(missing_ok=True)
            return None

    def write(self, key: str, value: object) -> None:
        if self.folder is None:
            return
        path = self.folder / key[:2] / key
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temp, path)
        except OSError as exc:
            log.warning("cannot write the cache in %s (%s); continuing without it", self.folder, exc.strerror or exc)
            self.folder = None
