"""Shared pieces of the readers: what a reader gets and returns, and the one place
where each untrusted value a file holds becomes an article's text, date or URL."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache
from urllib.parse import urlsplit

from ..model import Article, Skip
from ..patterns import one_of
from ..wordlists import month_numbers, ordered_words

log = logging.getLogger("briefing")

Read = list[Article | Skip]
"""A reader's result: the articles of one file, and a Skip for each bad record
(a feed item or a JSON Lines line) so that one bad record never loses the others."""

Found = Iterable[Article | Skip]
"""What a reader yields, one article or Skip at a time (``load.read_file`` sums up the Skips)."""


class UnreadableFile(Exception):
    """Raised by a reader when the whole file cannot be used; the message is the reason."""


@dataclass(frozen=True)
class Source:
    """One input file as the readers get it: its bytes, read once by ``InputFile.read_bytes``."""

    data: bytes
    stem: str  # the file's name without its suffix: article ids are made from it
    shown: str  # its path as the brief shows it (``inputs.shown_path``)
    modified: datetime | None  # its modification time, when that is a date (``safe_date``)


@dataclass(frozen=True)
class Fields:
    """One article's values as a reader found them in a file: untrusted until ``to_article``."""

    text: str
    title: object = None
    url: object = None
    published: object = None
    title_from: str = "file"  # where a title found here comes from ("file", "first-line")
    published_field: str = "published"  # the field ``published`` was found in, for a warning


def to_article(source: Source, fields: Fields, number: int | None = None) -> Article:
    """The article of ``fields`` (the ``number``th record of a file that holds several):
    text and title without lone surrogates, the URL through ``safe_url``, the date through
    ``safe_date``, else the file's modification time."""
    title = untrusted_text(fields.title).strip() if isinstance(fields.title, str) else ""
    published = safe_date(fields.published)
    return Article(
        id=source.stem if number is None else f"{source.stem}-{number}",
        path=source.shown if number is None else f"{source.shown}#{number}",
        title=title,
        text=untrusted_text(fields.text),
        url=safe_url(fields.url),
        published=published or source.modified,
        title_from=fields.title_from if title else "",
        published_from="file" if published else ("mtime" if source.modified else ""),
    )


Dated = tuple[Article | Skip, str | None]
"""A reader's article or Skip and, when the record gave a date that cannot be read, what is
wrong with it (``date_problem``), for ``warn_unread_dates``."""


def dated_article(source: Source, fields: Fields, number: int | None = None) -> Dated:
    """``to_article``, and the problem with the record's date if it gave one that cannot be read."""
    article = to_article(source, fields, number)
    return article, (date_problem(fields) if article.published_from != "file" else None)


SHOWN_VALUE_CHARS = 40
"""A date value that cannot be read is shown in the warning up to this many characters."""


def date_problem(fields: Fields) -> str | None:
    """"published 'sometime' is not a date" when ``fields`` hold a date that ``safe_date``
    cannot read; None when they hold none or a readable one."""
    value = fields.published
    if value is None or (isinstance(value, str) and not value.strip()) or safe_date(value) is not None:
        return None
    shown = value if isinstance(value, str) else str(value)
    if len(shown) > SHOWN_VALUE_CHARS:
        shown = shown[:SHOWN_VALUE_CHARS] + "..."
    return f"{fields.published_field} {untrusted_text(shown)!r} is not a date"  # repr: no control codes in the log


def warn_unread_dates(found: Iterable[Dated], source: Source) -> Found:
    """The articles and Skips of ``found``; once they are all read, one warning for the file
    when records gave dates that cannot be read (the first one named, the others counted):
    such an article silently dated by the file's modification time would stay inside every
    ``--since`` window however old it is."""
    first: str | None = None
    count = 0
    for item, problem in found:
        if problem is not None:
            count += 1
            first = first or f"{item.path}: {problem}"
        yield item
    if first is not None:
        more = f" (and {count - 1:,} more in the file)" if count > 1 else ""
        fallback = "using the file's modification time" if source.modified else "treated as undated"
        log.warning("%s%s; %s", first, more, fallback)


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def untrusted_text(text: str) -> str:
    """``text`` with lone surrogates (a JSON ``"\\ud800"``, a feed's ``&#55296;``) replaced by
    U+FFFD: they are not characters, and writing them as UTF-8 fails."""
    return LONE_SURROGATE.sub("\ufffd", text)


MAX_DATE_CHARS = 100
"""No date is written in more characters (RFC 822 with a long zone name is about 40)."""


def safe_date(value: object) -> datetime | None:
    """The one place an untrusted value becomes a date: an aware datetime that stays within
    years 1-9999 once in UTC, or None. Takes ISO 8601 ("2026-11-20", "2026-11-20T08:00:00Z")
    and RFC 822 ("Fri, 20 Nov 2026 08:00:00 GMT") strings, feedparser's ``struct_time``
    (UTC), POSIX seconds (a file's modification time) and datetimes (naive ones are UTC).
    Whether a date is believable (not in the future) is the pipeline's call: it knows the build time."""
    try:
        parsed = to_datetime(value)
        if parsed is None:
            return None
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            parsed = parsed.replace(tzinfo=timezone.utc)
        parsed.astimezone(timezone.utc)  # OverflowError outside years 1-9999 in UTC
    except (ValueError, OverflowError, OSError):
        return None
    return parsed


def to_datetime(value: object) -> datetime | None:
    """``safe_date``'s parsing; raises ValueError, OverflowError or OSError for a value out of range."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, time.struct_time):
        return datetime(*value[:6], tzinfo=timezone.utc)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=timezone.utc)
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_DATE_CHARS:
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return news_date(text)


NEWS_DATE_FORMATS = tuple(
    day + time
    for day in ("%B %d, %Y", "%B %d %Y", "%d %B %Y", "%d %B, %Y", "%Y/%m/%d")
    for time in ("", " %H:%M", " %H:%M:%S", ", %H:%M", " %I:%M %p", ", %I:%M %p")
)
"""The dates news sites and their exports write that ISO 8601 and RFC 822 do not cover:
"November 20, 2026", "Nov 20, 2026 08:00", "20 November 2026", "2026/11/20", with an
optional time. ``%B`` also takes the short month names once ``news_date`` has spelled
them out. Parsed strictly with ``strptime`` (the standard library, exact, the same
answer every day) rather than dateutil or dateparser, which fill a missing day or year
from today's date ("2026" is today's month and day in 2026) and guess at any string."""

UTC_SUFFIX = re.compile(r"\s+(UTC|GMT|Z)$", re.IGNORECASE)


@lru_cache(maxsize=1)
def short_months() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern of the abbreviated month names ("Sept", "nov.") and each one's full name, by its
    lower case ("sept" -> "September"), for ``strptime``'s ``%B``. Built on first use: ``brief
    --help`` imports the readers' registry and should read no word list."""
    months, numbers = ordered_words("months"), month_numbers()
    shorts = ordered_words("month_abbreviations")
    return (re.compile(rf"\b({one_of(shorts)})\b\.?", re.IGNORECASE),
            {short.lower(): months[numbers[short] - 1] for short in shorts})


def news_date(text: str) -> datetime | None:
    """``text`` read with one of ``NEWS_DATE_FORMATS`` (a trailing "UTC" or "GMT" is UTC, no zone
    is UTC too, as in ``safe_date``), or None."""
    short_month, full_names = short_months()
    text = short_month.sub(lambda m: full_names[m.group(1).lower()], text)
    text = " ".join(UTC_SUFFIX.sub("", text).split())
    for layout in NEWS_DATE_FORMATS:
        try:
            return datetime.strptime(text, layout)
        except ValueError:
            continue
    return None


MAX_URL_CHARS = 2048
"""Longer URLs are dropped: the sitemaps protocol (sitemaps.org) caps a page's URL at
2,048 characters, and the brief shows a URL's host only."""


def safe_url(value: object) -> str | None:
    """The one place an untrusted value becomes a URL: kept only if it parses, is http(s)
    and names a host (and a valid port, if any), with no spaces or control characters
    in it; otherwise None. Nothing is ever fetched from it."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or len(url) > MAX_URL_CHARS or not url.isprintable() or " " in url:
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # ValueError for a port that is not a number in range
    except ValueError:  # "http://[::1/x": an unclosed IPv6 address
        return None
    return url if parts.scheme.lower() in ("http", "https") and host else None


def parse_json(text: str) -> object:
    """``json.loads``, or UnreadableFile with the reason, also for what the standard library
    refuses with other exceptions: nesting too deep to parse (RecursionError), an integer
    of more than 4,300 digits (ValueError)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(f"not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    except RecursionError as exc:
        raise UnreadableFile("not readable JSON (arrays or objects nested too deeply)") from exc
    except ValueError as exc:
        raise UnreadableFile(f"not readable JSON ({exc})") from exc


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
