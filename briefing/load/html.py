"""Reader for saved web pages: the article text and metadata, via trafilatura.

trafilatura is the best-measured open-source main-text extractor (its own
benchmark and the ScrapingHub article-extraction benchmark); it strips
navigation, footers and comment sections before our cleaner sees the text,
and returns title, canonical URL and publication date from the page's
metadata. It parses the string it is given and fetches nothing.
"""

from __future__ import annotations

import logging
import re

from .records import Fields, Found, Source, UnreadableFile, to_article
from .text import decode

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def read_html_file(source: Source) -> Found:
    import trafilatura

    html = decode(source.data, declared_charset(source.data))
    text = trafilatura.extract(html, output_format="markdown", include_tables=True, include_comments=False,
                               include_images=False, include_links=False)
    if not text or not text.strip():
        raise UnreadableFile("no article text found in the HTML page")
    meta = trafilatura.extract_metadata(html, date_config=date_config())
    if meta is None:
        return [to_article(source, Fields(text))]
    return [to_article(source, Fields(text, meta.title, meta.url, meta.date))]


DATE_WITH_TIME = "%Y-%m-%dT%H:%M:%S%z"
"""htmldate's output format for the page's date: with the time and zone when the page gives
them (``article:published_time`` 2026-11-20T08:00:00Z stays 08:00 UTC, not the day's
midnight); a page that gives only a day still reads as that day's midnight UTC."""


def date_config() -> dict:
    """trafilatura's own date settings for htmldate (original date, extensive search, no
    date after today), asking for the time as well as the day."""
    from trafilatura.settings import set_date_params

    return {**set_date_params(True), "outputformat": DATE_WITH_TIME}


META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
PRESCAN_BYTES = 1024
"""Browsers look for a page's ``<meta charset>`` in its first 1,024 bytes (the HTML
standard's encoding prescan); so does ``declared_charset``."""


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in ``<meta charset="...">`` or ``<meta http-equiv=
    "Content-Type" content="text/html; charset=...">``, or None. ``text.decode`` still
    reads UTF-8 as UTF-8 whatever the page says, and checks the declared one fits."""
    match = META_CHARSET.search(data[:PRESCAN_BYTES])
    return match.group(1).decode("ascii") if match else None
