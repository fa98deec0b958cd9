"""Dated copies of evaluation clusters, as a night's folder would hold them.

The DUC 2006 clusters give each document's date in ``meta.json``; a copy of a
cluster's files with each file's modification time set to its date is what
``brief build`` sees in a folder filled by a scraper (the date of an undated
text file is its modification time). Used by ``page.py`` and ``nights.py``.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%Y-%m-%d")


def split(dataset: str, name: str) -> list[Path]:
    """The clusters of a split, as the dataset's split.json lists them (eval/README.md)."""
    ids = json.loads((EVAL / dataset / "split.json").read_text(encoding="utf-8"))[name]
    return [EVAL / dataset / cluster for cluster in ids]


def document_dates(cluster: Path) -> list[tuple[Path, datetime]]:
    """Each document of a cluster and its date (UTC), oldest first."""
    meta = json.loads((cluster / "meta.json").read_text(encoding="utf-8"))
    found = []
    for doc in meta["docs"]:
        for fmt in DATE_FORMATS:
            try:
                when = datetime.strptime(doc["date"].strip(), fmt).replace(tzinfo=timezone.utc)
                break
            except ValueError:
                continue
        else:
            continue
        found.append((cluster / doc["file"], when))
    return sorted(found, key=lambda pair: (pair[1], pair[0].name))


def topic(cluster: Path) -> str:
    meta = json.loads((cluster / "meta.json").read_text(encoding="utf-8"))
    return (meta.get("topic") or {}).get("title") or cluster.name


def dated_copy(documents: list[tuple[Path, datetime]], folder: Path) -> Path:
    """The documents copied into ``folder``, each file's modification time set to its date."""
    folder.mkdir(parents=True, exist_ok=True)
    for path, when in documents:
        target = folder / path.name
        shutil.copyfile(path, target)
        os.utime(target, (when.timestamp(), when.timestamp()))
    return folder
