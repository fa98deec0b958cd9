"""Reader for JSON and JSON Lines exports: one article per record.

Accepted fields (the first present wins):
- text: ``text``, ``content``, ``body``, ``article``, ``description`` (HTML is reduced to text)
- title: ``title``, ``headline``
- url: ``url``, ``link``
- published: ``published``, ``date``, ``pubDate``, ``published_at``, ``datetime`` (ISO 8601, RFC 822,
  "November 20, 2026" and the other forms of ``records.NEWS_DATE_FORMATS``, or POSIX seconds);
  a value that is not a date is warned about once per file and the file's modification time used

A ``.json`` file holds one record or a list of records; a ``.jsonl`` file one
record a line. A bad line or record is skipped with its number; the others are read.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Skip
from .records import (
    Dated,
    Fields,
    Found,
    Source,
    UnreadableFile,
    dated_article,
    html_fragment_to_text,
    parse_json,
    warn_unread_dates,
)
from .text import decode

FIELDS = {
    "text": ("text", "content", "body", "article", "description"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "published": ("published", "date", "pubDate", "published_at", "datetime"),
}


def first(record: dict, field: str) -> object:
    return first_named(record, field)[1]


def first_named(record: dict, field: str) -> tuple[str, object]:
    """The name and value of the first of ``field``'s names present in ``record``."""
    return next(((name, record[name]) for name in FIELDS[field] if record.get(name) not in (None, "")),
                (FIELDS[field][0], None))


def record_article(record: object, source: Source, number: int) -> Dated:
    if not isinstance(record, dict):
        return Skip(f"{source.shown}#{number}", "record is not a JSON object"), None
    text = first(record, "text")
    if not isinstance(text, str) or not text.strip():
        return Skip(f"{source.shown}#{number}", f"record has no text (looked for: {', '.join(FIELDS['text'])})"), None
    field, published = first_named(record, "published")
    fields = Fields(html_fragment_to_text(text), first(record, "title"), first(record, "url"),
                    published, published_field=field)
    return dated_article(source, fields, number)


def read_jsonl_file(source: Source) -> Found:
    return warn_unread_dates(jsonl_records(source), source)


def jsonl_records(source: Source) -> Iterator[Dated]:
    for number, line in enumerate(decode(source.data).split("\n"), start=1):  # not splitlines(): U+2028 is valid in a JSON string
        if not line.strip():
            continue
        try:
            record = parse_json(line)
        except UnreadableFile as exc:
            yield Skip(f"{source.shown}#{number}", f"line {number}: {exc}"), None
            continue
        yield record_article(record, source, number)


def read_json_file(source: Source) -> Found:
    data = parse_json(decode(source.data))
    records = data if isinstance(data, list) else [data]
    return warn_unread_dates((record_article(record, source, n) for n, record in enumerate(records, start=1)),
                             source)
