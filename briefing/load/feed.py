"""Reader for RSS 2.0 and Atom feeds (feedparser): one article per item.

The feed is parsed from the file's bytes, so feedparser never fetches a URL.
Item HTML (content or description) is reduced to text, one block a line.
"""

from __future__ import annotations

from ..model import Article, Skip
from .records import Fields, Found, Source, UnreadableFile, html_fragment_to_text, to_article


def read_feed_file(source: Source) -> Found:
    import feedparser

    parsed = feedparser.parse(source.data)  # bytes: parsed as a document, never as a URL
    if not parsed.entries:
        problem = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
        raise UnreadableFile(f"not an RSS or Atom feed, or a feed with no items{problem}")
    return (entry_article(entry, source, n) for n, entry in enumerate(parsed.entries, start=1))


def entry_article(entry: dict, source: Source, number: int) -> Article | Skip:
    html = (entry.get("content") or [{}])[0].get("value") or entry.get("summary") or ""
    text = html_fragment_to_text(html)
    if not text.strip():
        return Skip(f"{source.shown}#{number}", "feed item has no text")
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    return to_article(source, Fields(text, entry.get("title"), entry.get("link"), published), number)
