"""Reader for RSS 2.0 and Atom feeds (feedparser): one article per item.

The feed is parsed from the file's bytes, so feedparser never fetches a URL.
Item HTML (content or description) is reduced to text, one block a line.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from ..model import Article, Skip
from .records import Read, UnreadableFile, html_fragment_to_text
from .text import modified_time, read_bytes


def read_feed_file(path: Path, shown_path: str) -> Read:
    import feedparser

    parsed = feedparser.parse(read_bytes(path))  # bytes: parsed as a document, never as a URL
    if not parsed.entries:
        problem = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
        raise UnreadableFile(f"not an RSS or Atom feed, or a feed with no items{problem}")
    return [entry_article(entry, path, shown_path, n) for n, entry in enumerate(parsed.entries, start=1)]


def entry_article(entry: dict, path: Path, shown: str, number: int) -> Article | Skip:
    where = f"{shown}#{number}"
    html = (entry.get("content") or [{}])[0].get("value") or entry.get("summary") or ""
    text = html_fragment_to_text(html)
    if not text.strip():
        return Skip(where, "feed item has no text")
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    published = datetime(*stamp[:6], tzinfo=timezone.utc) if stamp else None
    title = (entry.get("title") or "").strip()
    return Article(
        id=f"{path.stem}-{number}",
        path=where,
        title=title,
        text=text,
        url=entry.get("link"),
        published=published or modified_time(path),
        title_from="file" if title else "",
        published_from="file" if published else "mtime",
    )
