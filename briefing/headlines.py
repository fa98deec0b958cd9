"""What a headline or a plain-line heading looks like.

Two stages ask: the text reader (``load.text``), for a file's title on its first
line, and the cleaner (``clean``), for headings inside the text. The answer lives
here, below both, so the reader does not reach up into the cleaner.
"""

from __future__ import annotations

import re

from .wordlists import word_set

MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+")

SMALL_WORDS = word_set("small_words")
"""Words a Title Cased headline leaves lower-case."""

HEADING_MAX_WORDS = 20
"""Longest plain-line heading. The longest in the shared corpus has 14 words
("US and Russia to Meet Again to Discuss Ukraine Conflict: Key Details and What It Means")."""

TITLE_CASE_SHARE = 0.75
"""Share of capitalised content words that makes a line a heading. Headings in
the shared corpus are at 1.0; lead sentences of DUC newswire stay below 0.6."""


def looks_like_heading(line: str) -> bool:
    """A plain line that is a headline or section heading, not a sentence.

    Headings end without a full stop and are short; they are Title Cased, or
    very short, or ALL CAPS. A question heading ("What Was Discussed During
    the Talks?") passes by its Title Case; a question sentence does not."""
    words = line.split()
    if not words or len(words) > HEADING_MAX_WORDS or line[-1] in ".!:;,\"”":
        return False
    letters = re.findall(r"[^\W\d_][\w’'.-]*", line)
    if not letters:
        return False
    if line.isupper() and len(words) <= 12:
        return True
    content = [w for w in letters if w.lower() not in SMALL_WORDS]
    if not content:
        return False
    capitalised = sum(1 for w in content if w[0].isupper())
    if capitalised / len(content) >= TITLE_CASE_SHARE:
        return True
    return line[-1] != "?" and len(words) <= 6 and not any(ch.isdigit() for ch in line)


def headline_of(text: str) -> str | None:
    """The first non-empty line, when it is a Markdown heading or reads as a headline."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            if MARKDOWN_HEADING.match(line):
                return MARKDOWN_HEADING.sub("", line).strip() or None
            return line if looks_like_heading(line) and len(line.split()) >= 3 else None
    return None
