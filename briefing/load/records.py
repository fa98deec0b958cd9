"""Shared pieces of the readers: what a reader returns, dates, HTML fragments to text."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from ..model import Article, Skip

Read = list[Article | Skip]
"""A reader's result: the articles of one file, and a Skip for each bad record
(a feed item or a JSON Lines line) so that one bad record never loses the others."""


class UnreadableFile(Exception):
    """Raised by a reader when the whole file cannot be used; the message is the reason."""


def parse_date(value: object) -> datetime | None:
    """ISO 8601 ("2026-11-20", "2026-11-20T08:00:00Z") or RFC 822 ("Fri, 20 Nov 2026 08:00:00 GMT")."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


BLOCK_TAGS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "br", "article", "section")


def html_fragment_to_text(fragment: str) -> str:
    """Text of a small HTML fragment (a feed item's description), one block a line.

    Scripts, styles and images are dropped; links keep their text only. Nothing
    is fetched: lxml parses the string and no URL in it is followed."""
    if "<" not in fragment:
        return fragment
    from lxml import etree, html

    try:
        root = html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", fragment)
    for bad in root.xpath("//script|//style|//img|//iframe|//object|//embed"):
        bad.drop_tree()
    for element in root.iter(*BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
        if element.tag == "li":
            element.text = "- " + (element.text or "")
        elif element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            element.text = "## " + (element.text or "")
    return "\n".join(line.strip() for line in root.text_content().splitlines() if line.strip())
