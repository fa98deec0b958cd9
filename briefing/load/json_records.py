"""Reader for JSON and JSON Lines exports: one article per record.

Accepted fields (the first present wins):
- text: ``text``, ``content``, ``body``, ``article``, ``description`` (HTML is reduced to text)
- title: ``title``, ``headline``
- url: ``url``, ``link``
- published: ``published``, ``date``, ``pubDate``, ``published_at``, ``datetime`` (ISO 8601 or RFC 822)

A ``.json`` file holds one record or a list of records; a ``.jsonl`` file one
record a line. A bad line or record is skipped with its number; the others are read.
"""

from __future__ import annotations

from ..model import Article, Skip
from .records import Fields, Found, Source, UnreadableFile, html_fragment_to_text, parse_json, to_article
from .text import decode

FIELDS = {
    "text": ("text", "content", "body", "article", "description"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "published": ("published", "date", "pubDate", "published_at", "datetime"),
}


def first(record: dict, field: str) -> object:
    return next((record[name] for name in FIELDS[field] if record.get(name) not in (None, "")), None)


def record_article(record: object, source: Source, number: int) -> Article | Skip:
    if not isinstance(record, dict):
        return Skip(f"{source.shown}#{number}", "record is not a JSON object")
    text = first(record, "text")
    if not isinstance(text, str) or not text.strip():
        return Skip(f"{source.shown}#{number}", f"record has no text (looked for: {', '.join(FIELDS['text'])})")
    published = first(record, "published")
    fields = Fields(html_fragment_to_text(text), first(record, "title"), first(record, "url"),
                    published if isinstance(published, str) else None)
    return to_article(source, fields, number)


def read_jsonl_file(source: Source) -> Found:
    for number, line in enumerate(decode(source.data).split("\n"), start=1):  # not splitlines(): U+2028 is valid in a JSON string
        if not line.strip():
            continue
        try:
            record = parse_json(line)
        except UnreadableFile as exc:
            yield Skip(f"{source.shown}#{number}", f"line {number}: {exc}")
            continue
        yield record_article(record, source, number)


def read_json_file(source: Source) -> Found:
    data = parse_json(decode(source.data))
    records = data if isinstance(data, list) else [data]
    return (record_article(record, source, n) for n, record in enumerate(records, start=1))
