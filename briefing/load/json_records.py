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

import json
from pathlib import Path

from ..model import Article, Skip
from .records import Read, UnreadableFile, html_fragment_to_text, parse_date
from .text import decode, modified_time, read_bytes

FIELDS = {
    "text": ("text", "content", "body", "article", "description"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "published": ("published", "date", "pubDate", "published_at", "datetime"),
}


def first(record: dict, field: str) -> object:
    return next((record[name] for name in FIELDS[field] if record.get(name) not in (None, "")), None)


def to_article(record: object, path: Path, shown: str, number: int) -> Article | Skip:
    where = f"{shown}#{number}"
    if not isinstance(record, dict):
        return Skip(where, "record is not a JSON object")
    text = first(record, "text")
    if not isinstance(text, str) or not text.strip():
        return Skip(where, f"record has no text (looked for: {', '.join(FIELDS['text'])})")
    title = first(record, "title")
    url = first(record, "url")
    published = parse_date(first(record, "published"))
    return Article(
        id=f"{path.stem}-{number}",
        path=where,
        title=title.strip() if isinstance(title, str) else "",
        text=html_fragment_to_text(text),
        url=url if isinstance(url, str) else None,
        published=published or modified_time(path),
        title_from="file" if isinstance(title, str) and title.strip() else "",
        published_from="file" if published else "mtime",
    )


def read_jsonl_file(path: Path, shown_path: str) -> Read:
    found: Read = []
    for number, line in enumerate(decode(read_bytes(path)).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            found.append(Skip(f"{shown_path}#{number}", f"line {number} is not valid JSON: {exc.msg}"))
            continue
        found.append(to_article(record, path, shown_path, number))
    return found


def read_json_file(path: Path, shown_path: str) -> Read:
    try:
        data = json.loads(decode(read_bytes(path)))
    except json.JSONDecodeError as exc:
        raise UnreadableFile(f"not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    records = data if isinstance(data, list) else [data]
    return [to_article(record, path, shown_path, n) for n, record in enumerate(records, start=1)]
