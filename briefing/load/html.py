"""Reader for saved web pages: the article text and metadata, via trafilatura.

trafilatura is the best-measured open-source main-text extractor (its own
benchmark and the ScrapingHub article-extraction benchmark); it strips
navigation, footers and comment sections before our cleaner sees the text,
and returns title, canonical URL and publication date from the page's
metadata. It parses the string it is given and fetches nothing.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..model import Article
from .records import Read, UnreadableFile, parse_date
from .text import decode, modified_time, read_bytes

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def read_html_file(path: Path, shown_path: str) -> Read:
    import trafilatura

    html = decode(read_bytes(path))
    text = trafilatura.extract(html, output_format="markdown", include_tables=True, include_comments=False,
                               include_images=False, include_links=False)
    if not text or not text.strip():
        raise UnreadableFile("no article text found in the HTML page")
    meta = trafilatura.extract_metadata(html)
    title = (meta.title or "").strip() if meta else ""
    published = parse_date(meta.date) if meta else None
    return [
        Article(
            id=path.stem,
            path=shown_path,
            title=title,
            text=text,
            url=(meta.url if meta else None) or None,
            published=published or modified_time(path),
            title_from="file" if title else "",
            published_from="file" if published else "mtime",
        )
    ]
