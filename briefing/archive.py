"""The output folder as an archive: ``index.html`` and ``feed.atom`` of every dated brief.

After each build the folder's dated sidecars (``<date>-<slug>[-HHMMSS].json``)
are listed, newest first, with their title and bottom line and links to the
brief's PDF, HTML and Markdown: a page to open in a browser and an Atom feed to
subscribe to. Both use relative links only, so the folder can be served or
copied as a whole; nothing in them is fetched from anywhere.

Titles and bottom lines are source text, hence untrusted. Characters that XML
1.0 forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are removed when
a sidecar is read, so both outputs are well-formed; the page is a Jinja2
template with autoescaping, and each title or sentence sits in its own ``<bdi>``
so a right-to-left override cannot run past it.

Speed: a sidecar records every choice and can reach 1 MB; ``json.loads`` of
one takes 4.5-9 ms, so parsing a thousand takes 5-9 s. The fields the archive
shows are kept in ``.archive-cache.json`` keyed by each sidecar's name, size and
modification time, so a nightly run parses only the sidecar it just wrote:
1,000 sidecars of 1 MB rewrite in 0.2-0.3 s (2 shared cores); only the first run
over an existing folder, or one after the cache is deleted, parses them all.

Call it while holding the output folder's lock (``write.output_lock``), after
the brief's own files are written.
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree

from .errors import ConfigError
from .names import DATED_STEM
from .render import render_template, template_environment
from .write import unwritable, write_atomic

log = logging.getLogger("briefing")

INDEX = "index.html"
FEED = "feed.atom"
CACHE = ".archive-cache.json"
CACHE_FORMAT = 1  # bump when the cached fields change, so old caches are ignored
TEMPLATE = "archive.html.j2"

SECOND_OF_DAY = re.compile(r"-\d{6}$")  # write.output_base: "<date>-<slug>-<HHMMSS>"
# The slug alphabet of pipeline.slugify (letters, marks and numbers of any script, lower-cased,
# runs joined by "-"), so a file the user keeps in the folder is rarely taken for a brief. Python's
# re has no Unicode categories: [^\W_A-Z] is a letter or number but an ASCII capital, and
# [^\x00-\x7f\w\s] lets in combining marks (with other non-ASCII signs, a harmless superset).
DATED = re.compile(rf"(?P<stem>{DATED_STEM})\.(?P<ext>json|pdf|html|md)")
LINKED = (("pdf", "PDF"), ("html", "HTML"), ("md", "Markdown"))  # link order on the page and in the feed
MEDIA_TYPES = {"pdf": "application/pdf", "html": "text/html", "md": "text/markdown", "json": "application/json"}

# XML 1.0 section 2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
# Everything else (C0 controls, lone surrogates, U+FFFE, U+FFFF) cannot appear in
# the feed at all, and is junk on a page; it is dropped.
NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

ATOM = "http://www.w3.org/2005/Atom"
# Tag URIs (RFC 4151) name entries without owning a network host: the
# authority "briefing" and the brief's date, then the rest of its file name.
TAG_AUTHORITY = "briefing"


@dataclass(frozen=True)
class Entry:
    """One brief of the archive, as its sidecar and sibling files describe it."""

    stem: str  # "2026-11-23-harbor-strike" or "2026-11-23-harbor-strike-153038"
    date: date  # the day in the file name
    title: str
    generated_at: datetime
    bottom_line: tuple[str, ...]
    files: tuple[tuple[str, str], ...]  # (format, file name) of the PDF, HTML and Markdown that exist
    new_sources: int | None = None  # sources new since the previous brief, when the sidecar says

    @property
    def links(self) -> tuple[tuple[str, str], ...]:
        """(label, relative href) of each file, in page order."""
        labels = dict(LINKED)
        return tuple((labels[fmt], quote(name)) for fmt, name in self.files)

    @property
    def rest(self) -> str:
        """The stem after its date: the slug, then ``-HHMMSS`` for a second brief of the day."""
        return self.stem[len(f"{self.date:%Y-%m-%d}-"):]

    @property
    def slug(self) -> str:
        return SECOND_OF_DAY.sub("", self.rest)

    @property
    def tag(self) -> str:
        """A stable Atom id: the same brief gets the same id on every rewrite."""
        return f"tag:{TAG_AUTHORITY},{self.date:%Y-%m-%d}:{quote(self.rest)}"


@dataclass(frozen=True)
class Archive:
    """What ``write_archive`` did: the briefs listed (newest first), the files it wrote,
    the files retention deleted, and the sidecars it skipped as damaged."""

    entries: tuple[Entry, ...]
    written: tuple[Path, ...]
    pruned: tuple[Path, ...]
    damaged: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Dated:
    """The files of one dated brief found in the folder (before its sidecar is read)."""

    stem: str
    date: date
    files: tuple[str, ...]  # every file name of this stem, any format
    sidecar: os.stat_result | None  # stat of <stem>.json, when present


@dataclass(frozen=True)
class Summary:
    """The few sidecar fields the archive shows, cleaned for display."""

    title: str
    generated_at: datetime
    bottom_line: tuple[str, ...]
    new_sources: int | None


class WrongShape(ValueError):
    """A sidecar that is not JSON, or lacks a field the archive needs."""


def write_archive(output_dir: str | Path, now: datetime, keep_days: int | None = None, *,
                  templates: str | None = None) -> Archive:
    """Apply retention, then rewrite ``index.html`` and ``feed.atom`` of the folder.

    ``keep_days``: delete dated briefs (every format) whose date is more than that
    many days before ``now``'s date; ``latest.*`` is never deleted; None keeps all.
    ``templates``: the user's templates folder, searched before the built-in one."""
    if keep_days is not None and keep_days < 0:
        raise ConfigError(f"keep_days must be 0 or more, not {keep_days}")
    folder = Path(output_dir)
    try:
        found = dated_briefs(folder)                                 # 1. find
        found, pruned = prune(folder, found, cutoff(now, keep_days))  # 2. retention
        entries, damaged = read_entries(folder, found)                # 3. read sidecars
        title = archive_title(entries)
        updated = entries[0].generated_at if entries else now
        index = render_index(entries, title, updated, templates)      # 4. render
        feed = render_feed(entries, title, updated, folder)
        written = (folder / INDEX, folder / FEED)
        for path, data in zip(written, (index, feed), strict=True):   # 5. write
            write_atomic(path, data)
    except OSError as exc:
        raise unwritable(folder, exc) from exc
    return Archive(tuple(entries), written, pruned, damaged)


# 1. find ---------------------------------------------------------------------------------

def dated_briefs(folder: Path) -> list[Dated]:
    """Every ``<date>-<slug>[-HHMMSS].<fmt>`` of the folder, grouped by stem; one directory scan."""
    names: dict[str, list[str]] = {}
    days: dict[str, date] = {}
    stats: dict[str, os.stat_result] = {}
    with os.scandir(folder) as scan:
        for item in scan:
            match = DATED.fullmatch(item.name)
            day = valid_date(match["date"]) if match else None
            if match is None or day is None or not item.is_file():
                continue
            stem = match["stem"]
            names.setdefault(stem, []).append(item.name)
            days[stem] = day
            if match["ext"] == "json":
                stats[stem] = item.stat()
    return [Dated(stem, days[stem], tuple(sorted(files)), stats.get(stem)) for stem, files in sorted(names.items())]


def valid_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:  # "2026-13-45-notes.md" is not a brief
        return None


# 2. retention ----------------------------------------------------------------------------

def cutoff(now: datetime, keep_days: int | None) -> date | None:
    """The first day kept: briefs dated before it are deleted."""
    return None if keep_days is None else now.date() - timedelta(days=keep_days)


def prune(folder: Path, found: list[Dated], first_kept: date | None) -> tuple[list[Dated], tuple[Path, ...]]:
    """Delete every file of the briefs dated before ``first_kept``; return the rest and what was deleted."""
    if first_kept is None:
        return found, ()
    kept, pruned = [], []
    for brief in found:
        if brief.date >= first_kept or not is_brief(brief):
            kept.append(brief)
            continue
        for name in brief.files:
            (folder / name).unlink(missing_ok=True)
            pruned.append(folder / name)
    if pruned:
        log.info("archive: deleted %d file(s) of briefs dated before %s", len(pruned), first_kept)
    return kept, tuple(pruned)


def is_brief(found: Dated) -> bool:
    """A stem with a sidecar or a PDF is a brief; a lone dated Markdown file may be the user's own notes."""
    return any(name.endswith((".json", ".pdf")) for name in found.files)


# 3. read sidecars ------------------------------------------------------------------------

def read_entries(folder: Path, found: list[Dated]) -> tuple[list[Entry], tuple[Path, ...]]:
    """The entries, newest first, and the damaged sidecars (each logged once).

    Fields come from the cache when the sidecar's size and modification time match;
    the cache is rewritten only when it changed."""
    old_cache = load_cache(folder / CACHE)
    new_cache: dict[str, dict] = {}
    entries, damaged = [], []
    for brief in found:
        if brief.sidecar is None:
            continue  # a PDF or Markdown without its sidecar: nothing to list it by
        name = f"{brief.stem}.json"
        record = cached_fields(old_cache.get(name), brief.sidecar) or fresh_fields(folder / name, brief.sidecar)
        new_cache[name] = record
        try:
            summary = summary_of(record.get("fields"), record.get("problem"))
        except WrongShape as exc:
            log.warning("archive: skipped %s, a damaged sidecar (%s); rebuild that brief or delete it",
                        folder / name, exc)
            damaged.append(folder / name)
            continue
        entries.append(entry_of(brief, summary))
    if new_cache != old_cache:
        write_atomic(folder / CACHE, cache_bytes(new_cache))
    entries.sort(key=lambda e: (e.generated_at, e.stem), reverse=True)
    return entries, tuple(damaged)


def entry_of(brief: Dated, summary: Summary) -> Entry:
    present = set(brief.files)
    files = tuple((fmt, f"{brief.stem}.{fmt}") for fmt, _ in LINKED if f"{brief.stem}.{fmt}" in present)
    return Entry(brief.stem, brief.date, summary.title, summary.generated_at, summary.bottom_line, files,
                 summary.new_sources)


def load_cache(path: Path) -> dict[str, dict]:
    """The cached records by sidecar name; an absent, unreadable or outdated cache is empty."""
    try:
        cache = json.loads(path.read_bytes())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.debug("archive: ignoring the cache %s (%s); every sidecar is read again", path, exc)
        return {}
    if not isinstance(cache, dict) or cache.get("format") != CACHE_FORMAT or not isinstance(cache.get("sidecars"), dict):
        return {}
    return {name: record for name, record in cache["sidecars"].items() if isinstance(record, dict)}


def cache_bytes(records: dict[str, dict]) -> bytes:
    """Sorted and ASCII-escaped: the same records give the same bytes, and a lone
    surrogate in a title (valid in a JSON string) cannot break UTF-8 encoding."""
    return (json.dumps({"format": CACHE_FORMAT, "sidecars": records}, sort_keys=True, ensure_ascii=True,
                       separators=(",", ":")) + "\n").encode("ascii")


def cached_fields(record: dict | None, stat: os.stat_result) -> dict | None:
    if record is not None and record.get("size") == stat.st_size and record.get("mtime_ns") == stat.st_mtime_ns:
        return record
    return None


def fresh_fields(path: Path, stat: os.stat_result) -> dict:
    """A cache record read from the sidecar itself: its needed fields, or why it cannot be read.

    An unreadable file is reported without its size, so the next run tries it again."""
    record: dict = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    try:
        record["fields"] = needed_fields(path.read_bytes())
    except WrongShape as exc:
        record["problem"] = str(exc)
    except ValueError as exc:  # not UTF-8, not JSON (json.JSONDecodeError is a ValueError)
        record["problem"] = f"not JSON: {exc}"
    except OSError as exc:
        return {"problem": f"cannot be read: {exc.strerror or exc}"}
    return record


NEEDED = ("title", "generated_at", "sections", "new_sources")


def needed_fields(data: bytes) -> dict:
    """The top-level fields the archive shows, slimmed for the cache."""
    whole = json.loads(data)
    if not isinstance(whole, dict):
        raise WrongShape(f"a JSON {type(whole).__name__}, not an object")
    return slim({key: whole[key] for key in NEEDED if key in whole})


def slim(fields: dict) -> dict:
    """The fields with ``sections`` cut to the bottom line's texts: the rest of an
    item (scores, reasons) would make the cache as big as the sidecars."""
    sections = fields.get("sections")
    if isinstance(sections, list):
        bottom = [s for s in sections if isinstance(s, dict) and s.get("name") == "bottom_line"]
        fields["sections"] = [slim_section(s) for s in bottom[:1]]
    return fields


def slim_section(section: dict) -> dict:
    items = section.get("items")
    if isinstance(items, list):
        items = [{"text": item.get("text")} for item in items if isinstance(item, dict)]
    return {"name": "bottom_line", "items": items}


def summary_of(fields: object, problem: object = None) -> Summary:
    """The cleaned fields of one sidecar, or WrongShape saying what is wrong with it."""
    if problem is not None:
        raise WrongShape(str(problem))
    if not isinstance(fields, dict):
        raise WrongShape("not a JSON object")
    title, generated = fields.get("title"), fields.get("generated_at")
    if not isinstance(title, str):
        raise WrongShape("no title")
    return Summary(display_text(title) or "(untitled)", parse_time(generated),
                   bottom_line(fields.get("sections")), count_of(fields.get("new_sources")))


def parse_time(value: object) -> datetime:
    """An ISO 8601 time; one without an offset is taken as UTC, so all compare."""
    if not isinstance(value, str):
        raise WrongShape("no generated_at")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise WrongShape(f"generated_at {value[:40]!r} is not an ISO 8601 time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def bottom_line(sections: object) -> tuple[str, ...]:
    """The texts of the items of the section named ``bottom_line``."""
    if not isinstance(sections, list):
        raise WrongShape("sections is not a list")
    for section in sections:
        if isinstance(section, dict) and section.get("name") == "bottom_line":
            items = section.get("items")
            if not isinstance(items, list):
                raise WrongShape("the bottom line's items are not a list")
            texts = (display_text(item.get("text")) for item in items if isinstance(item, dict))
            return tuple(text for text in texts if text)
    return ()


def count_of(new_sources: object) -> int | None:
    """``new_sources`` as a number: a count, or a list of the new sources; absent -> None."""
    if isinstance(new_sources, bool):
        return None
    if isinstance(new_sources, int):
        return max(new_sources, 0)
    if isinstance(new_sources, list):
        return len(new_sources)
    return None


def display_text(value: object) -> str:
    """Source text fit for XML and a page: forbidden characters dropped, whitespace runs one space."""
    if not isinstance(value, str):
        return ""
    return " ".join(NOT_XML_CHAR.sub("", value).split())


# 4. render -------------------------------------------------------------------------------

def archive_title(entries: list[Entry]) -> str:
    """"<title> — briefs" when the folder holds one situation, else "Situation briefs"."""
    if entries and len({e.slug for e in entries}) == 1:
        return f"{entries[0].title} — briefs"
    return "Situation briefs"


def render_index(entries: list[Entry], title: str, updated: datetime, templates: str | None) -> bytes:
    """index.html from ``archive.html.j2`` (the user's templates folder first)."""
    env = template_environment(templates, markdown=False)
    html = render_template(env, TEMPLATE, {
        "title": title,
        "updated": updated,
        "entries": entries,
        "feed": FEED,
        "when": when,
    })
    return html.encode("utf-8")


def when(moment: datetime) -> str:
    """"23 Nov 2026, 15:20 UTC": the time as the brief's own clock wrote it."""
    return moment.strftime("%-d %b %Y, %H:%M %Z").strip()


def render_feed(entries: list[Entry], title: str, updated: datetime, folder: Path) -> bytes:
    """Atom 1.0 with xml.etree from the standard library.

    feedgen (PyPI, last release 1.0.0 in December 2023) would add python-dateutil
    as a core dependency and still need the text cleaned of XML-forbidden
    characters first (lxml refuses them); what Atom needs here is a dozen
    elements, which ElementTree writes and escapes correctly.

    Links are relative: a reader resolves them against the feed's own address,
    so the feed works wherever the whole folder is served (``https://host/briefs/feed.atom``
    links ``https://host/briefs/2026-11-23-harbor-strike.pdf``)."""
    feed = ElementTree.Element("feed", {"xmlns": ATOM})
    text_element(feed, "id", f"tag:{TAG_AUTHORITY},2026:archive/{quote(folder.resolve().name)}")
    text_element(feed, "title", title)
    text_element(feed, "updated", atom_time(updated))
    author = ElementTree.SubElement(feed, "author")
    text_element(author, "name", "briefing")
    text_element(feed, "generator", "briefing")
    ElementTree.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": INDEX})
    ElementTree.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": FEED})
    for entry in entries:
        feed_entry(feed, entry)
    ElementTree.indent(feed)
    # Serialised to str, then encoded once: tostring(encoding="utf-8") encodes piece by piece, 5x slower.
    return f"<?xml version='1.0' encoding='utf-8'?>\n{ElementTree.tostring(feed, encoding='unicode')}\n".encode()


def feed_entry(feed: ElementTree.Element, entry: Entry) -> None:
    item = ElementTree.SubElement(feed, "entry")
    text_element(item, "id", entry.tag)
    text_element(item, "title", entry.title)
    text_element(item, "updated", atom_time(entry.generated_at))
    text_element(item, "published", atom_time(entry.generated_at))
    # Atom wants an alternate link when there is no content: the sidecar stands in for a brief without files.
    files = entry.files or (("json", f"{entry.stem}.json"),)
    for fmt, name in files:
        ElementTree.SubElement(item, "link", {"rel": "alternate", "type": MEDIA_TYPES[fmt], "href": quote(name)})
    if entry.bottom_line:
        text_element(item, "summary", " ".join(entry.bottom_line))


def text_element(parent: ElementTree.Element, tag: str, text: str) -> None:
    ElementTree.SubElement(parent, tag).text = text


def atom_time(moment: datetime) -> str:
    """RFC 3339, as Atom requires: seconds and an offset."""
    return moment.isoformat(timespec="seconds")


