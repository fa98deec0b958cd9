"""Reader for RSS 2.0 and Atom feeds (feedparser): one article per item.

The feed is parsed from the file's bytes, so feedparser never fetches a URL.
Item HTML (content or description) is reduced to text, one block a line.
"""

from __future__ import annotations

from ..model import Skip
from .records import (
    Dated,
    Fields,
    Found,
    Source,
    UnreadableFile,
    dated_article,
    html_fragment_to_text,
    warn_unread_dates,
)


def read_feed_file(source: Source) -> Found:
    import feedparser

    parsed = feedparser.parse(source.data)  # bytes: parsed as a document, never as a URL
    if not parsed.entries:
        problem = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
        raise UnreadableFile(f"not an RSS or Atom feed, or a feed with no items{problem}")
    return warn_unread_dates((entry_article(entry, source, n) for n, entry in enumerate(parsed.entries, start=1)),
                             source)


def entry_article(entry: dict, source: Source, number: int) -> Dated:
    html = (entry.get("content") or [{}])[0].get("value") or entry.get("summary") or ""
    text = html_fragment_to_text(html)
    if not text.strip():
        return Skip(f"{source.shown}#{number}", "feed item has no text"), None
    field = "published" if entry.get("published") else "updated"
    published = entry.get(f"{field}_parsed") or entry.get(field)  # the text when feedparser cannot read it
    return dated_article(source, Fields(text, entry.get("title"), entry.get("link"), published, published_field=field),
                         number)
