"""What the reader already knows: the previous brief in the output folder.

The brief is read every morning by the same people. A build whose output
folder holds an earlier brief of the same name reads that brief's JSON sidecar
(what it quoted, which articles it had read, when) so that the new page can
lead with what is new since then and leave out what the reader has seen
(``assemble`` does the choosing). This is the update-summarisation task of DUC
2007 and TAC 2008-2011: "the user has already read the earlier articles; tell
them only what is new or different".

A previous brief that cannot be used (damaged, from another version of
briefing, written after this build's time) is reported once and the build is
a fresh one: a wrong "new since" is worse than none.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .version import __version__

log = logging.getLogger("briefing")

SIDECAR_FORMAT = 2
"""Version of the sidecar's layout; an update reads only sidecars of this format
(``render.sidecar`` writes it as ``format``)."""


@dataclass(frozen=True)
class PreviousItem:
    """A line the previous brief quoted."""

    text: str
    source_path: str
    section: str


@dataclass(frozen=True)
class Previous:
    """The previous brief, as far as the next one needs it."""

    path: str  # its JSON sidecar
    generated_at: datetime
    quoted: tuple[PreviousItem, ...]
    read: frozenset[str]  # paths of the articles it had read (``Article.path``)

    def is_new(self, article_path: str) -> bool:
        return article_path not in self.read


def previous_brief(output_dir: str, slug: str, before: datetime) -> Previous | None:
    """The newest earlier brief named ``slug`` in ``output_dir``, or None (with one
    warning when there is one that cannot be used)."""
    path = newest_sidecar(Path(output_dir), slug)
    if path is None:
        return None
    try:
        previous = read_sidecar(path)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("the previous brief %s cannot be read (%s); building a fresh brief", path, exc)
        return None
    if previous.generated_at >= before:
        log.warning("the previous brief %s was made at %s, not before this build; building a fresh brief",
                    path, previous.generated_at.isoformat(timespec="seconds"))
        return None
    return previous


def newest_sidecar(folder: Path, slug: str) -> Path | None:
    """``<date>-<slug>.json`` or ``<date>-<slug>-<HHMMSS>.json`` with the latest date and time."""
    pattern = re.compile(rf"^(\d{{4}}-\d\d-\d\d)-{re.escape(slug)}(?:-(\d{{6}}))?\.json$")
    found = []
    try:
        names = [p.name for p in folder.iterdir()]
    except OSError:
        return None
    for name in names:
        match = pattern.match(name)
        if match:
            found.append((match.group(1), match.group(2) or "", name))
    return folder / max(found)[2] if found else None


def read_sidecar(path: Path) -> Previous:
    """The parts of a sidecar an update needs; ValueError when it is not one this version writes."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    if data.get("format") != SIDECAR_FORMAT or data.get("briefing") != __version__:
        raise ValueError(f"written by another version of briefing ({data.get('briefing') or 'unknown'}; "
                         f"this is {__version__})")
    generated = datetime.fromisoformat(data["generated_at"])
    generated = generated if generated.tzinfo else generated.replace(tzinfo=timezone.utc)
    paths = {s["id"]: s["path"] for s in data["sources"]}
    quoted = tuple(PreviousItem(str(item["text"]), paths.get(item["source"], ""), str(section["name"]))
                   for section in data["sections"] for item in section["items"])
    return Previous(str(path), generated, quoted, frozenset(paths.values()))
