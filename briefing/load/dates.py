"""Whether an article's date is believed: not when it is in the future.

``records.safe_date`` makes an untrusted value a date that is in range; whether
that date is believable depends on when the brief is built, which the readers
(whose results are cached for later nights) must not know. So the pipeline asks
here, once a run, after the articles are read.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from ..model import Article
from .inputs import InputFile
from .records import safe_date

log = logging.getLogger("briefing")

BELIEVABLE_AHEAD = timedelta(days=1)
"""How far after now a date may be and still be believed: time zones put an honest
local date at most 14 hours ahead of UTC; beyond a day it is a wrong clock or a wrong
value (a year-9999 JSON date, a file touched five years ahead), which would put the
article inside every ``--since`` window for years."""


def believable_dates(found: Sequence[tuple[Article, InputFile]], now: datetime) -> list[Article]:
    """The articles (each with the file it comes from), those dated more than
    ``BELIEVABLE_AHEAD`` after ``now`` changed: a date from the source falls back to the
    file's modification time, a modification time to no date (an undated article is in
    every ``--since`` window). One warning per file and fallback, not one per record.

    ``now`` is the wall clock, not the build time: a build time pinned in the past by
    SOURCE_DATE_EPOCH must not make today's files future."""
    latest = now + BELIEVABLE_AHEAD
    believed: list[Article] = []
    changed: dict[tuple[InputFile, str], list[Article]] = {}
    for article, file in found:
        if article.published is not None and article.published > latest:
            modified = safe_date(file.mtime_ns / 1e9)
            if article.published_from == "file" and modified is not None and modified <= latest:
                fixed = replace(article, published=modified, published_from="mtime")
            else:
                fixed = replace(article, published=None, published_from="")
            changed.setdefault((file, fixed.published_from), []).append(article)
            article = fixed
        believed.append(article)
    for (_, fallback), articles in changed.items():
        warn(articles, "using the file's modification time" if fallback == "mtime" else "treated as undated")
    return believed


def warn(articles: list[Article], fallback: str) -> None:
    first = articles[0]
    more = f" (and {len(articles) - 1:,} more in the file)" if len(articles) > 1 else ""
    when = first.published.isoformat(timespec="seconds") if first.published else "?"
    log.warning("%s: date %s is more than a day after now%s; %s", first.path, when, more, fallback)
