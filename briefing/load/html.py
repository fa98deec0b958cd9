"""Reader for saved web pages: the article text and metadata, via trafilatura.

trafilatura is the best-measured open-source main-text extractor (its own
benchmark and the ScrapingHub article-extraction benchmark); it strips
navigation, footers and comment sections before our cleaner sees the text,
and returns title, canonical URL and publication date from the page's
metadata. It parses the string it is given and fetches nothing.
"""

from __future__ import annotations

import logging

from .records import Fields, Found, Source, UnreadableFile, to_article
from .text import decode

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def read_html_file(source: Source) -> Found:
    import trafilatura

    html = decode(source.data)
    text = trafilatura.extract(html, output_format="markdown", include_tables=True, include_comments=False,
                               include_images=False, include_links=False)
    if not text or not text.strip():
        raise UnreadableFile("no article text found in the HTML page")
    meta = trafilatura.extract_metadata(html)
    if meta is None:
        return [to_article(source, Fields(text))]
    return [to_article(source, Fields(text, meta.title, meta.url, meta.date))]
