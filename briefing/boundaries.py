"""Boundary rules Punkt lacks, applied to its sentence spans.

Punkt decides each full stop from statistics of the text it was trained on; on
news it misses a few patterns that rules catch cheaply:

- merge: a piece that starts in lower case continues the sentence ("Yahoo! in
  the ...", '"This is great." she said'); a piece of bare dots belongs to the
  ellipsis before it; a spaced ellipsis ". . ." does not end a sentence; a
  piece that is only a list marker ("1.", "2.)") belongs to its item;
- split: a sentence-final abbreviation followed by a word that starts
  sentences ("... & Co. It closed", "the U.S. How"), a four-dot ellipsis before
  a capital, and numbered or lettered list items run together on one line.

Every rule works on (start, end) character spans, so sentences stay verbatim.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from .patterns import one_of
from .wordlists import ordered_words

Span = tuple[int, int]

STARTERS = one_of(ordered_words("sentence_starters"))
"""Words that open sentences and rarely follow an abbreviation inside one (the word list sentence_starters)."""

FINAL_ABBREVIATIONS = r"(?:[Cc]o|[Cc]orp|[Ii]nc|[Ll]td|LLC|[Pp]lc|[Bb]ros|etc|[A-Z](?:\.[A-Z])+|[ap]\.m|[AP]\.M|I)"
"""Abbreviations that often end a sentence: corporate suffixes, "etc.",
initialisms ("U.S.", "E.U."), times and the pronoun "I"."""

TITLES = f"(?:{one_of(ordered_words('titles'))})"
ENDS_WITH_TITLE = re.compile(rf"(?<![\w.]){TITLES}\.\s*$")
"""A title or place prefix (the word list titles) never ends a sentence: "Mr." | "Xu", "Rep." | "Dick Gephardt"."""

ENDS_WITH_FINAL_ABBREVIATION = re.compile(rf"(?<![\w.]){FINAL_ABBREVIATIONS}\.\s*$")
OPENS_SENTENCE = re.compile(rf"^[\s\"“'‘(]*(?:{STARTERS})\b")
"""After "U.S." or "p.m." Punkt often splits before a capitalised noun ("the U.S." |
"Embassies in Kenya", "6 p.m." | "Central time"); only a word that opens
sentences makes that a real boundary. Seen on DUC 2003/2006: 93 such splits."""

SPLIT_AFTER_ABBREVIATION = re.compile(rf"(?<![\w.]){FINAL_ABBREVIATIONS}\.(?=\s+(?:{STARTERS})\b)")
SPLIT_FOUR_DOTS = re.compile(r"\w(?:\.\.\.\.| \. \. \. \.)(?=\s+[A-Z\"“])")
INLINE_LIST_MARKER = re.compile(r"(?:^|(?<=\s))(?:[•⁃\-*]\s?)?(?:(\d{1,2})\.\)?|(\d{1,2})\)|([a-z])\.)(?=\s)")
"""A numbered or lettered item marker anywhere in a text ("1.", "2)", "• 3.", "b."), its number or
letter captured: list items run together on one line. (A bullet opening a line is the
cleaner's ``LEADING_LIST_MARKER``.)"""
ONLY_DOTS = re.compile(r"^[\s.…”\"'’)]*$")
ONLY_MARKER = re.compile(r"^\s*(?:[•⁃\-*]\s?)?(?:\d{1,2}\.\)?|\d{1,2}\)|[a-z]\.|N°\.|No\.)\s*$")
TRAILING_ELLIPSIS = re.compile(r"\w\.( \.){3}\s*$")
STARTS_LOWER = re.compile(r"^[\s\"“'‘(\[]*[a-z]")
ENDS_SPACED_ELLIPSIS = re.compile(r"(?<!\.) \. \. \.\s*$")


def refine(text: str, spans: list[Span]) -> list[Span]:
    """Punkt's spans with the merge rules, then the split rules, applied."""
    items = list_items(text) or [(0, len(text))]
    cuts = sorted({m.end() for m in SPLIT_AFTER_ABBREVIATION.finditer(text)}
                  | {m.end() for m in SPLIT_FOUR_DOTS.finditer(text)})
    return [span for a, b in items
            for span in move_ellipses(text, split_spans(text, merge_spans(text, sub_spans(spans, a, b)), cuts))]


def sub_spans(spans: list[Span], start: int, end: int) -> list[Span]:
    """Punkt's spans clipped to one list item (a span may cross two items)."""
    clipped = [(max(a, start), min(b, end)) for a, b in spans if a < end and b > start]
    return clipped or [(start, end)]


def list_items(text: str) -> list[Span]:
    """Items of an inline list ("1. First 2. Second", "a. one b. two"), or [] when
    the text is not one: it must open with a marker and count up from it."""
    opening = len(text) - len(text.lstrip())
    if not INLINE_LIST_MARKER.match(text, opening):
        return []
    markers = list(INLINE_LIST_MARKER.finditer(text, opening))
    keys = [ordinal(m) for m in markers]
    sequence = [0]
    for i in range(1, len(markers)):
        if keys[i] == keys[sequence[-1]] + 1:
            sequence.append(i)
    if len(sequence) < 2:
        return []
    starts = [markers[i].start() for i in sequence]
    return [(a, b) for a, b in zip(starts, starts[1:] + [len(text.rstrip())], strict=True)]


def ordinal(marker: re.Match[str]) -> int:
    number = marker.group(1) or marker.group(2)
    return int(number) if number else ord(marker.group(3)) - ord("a") + 1


def merge_spans(text: str, spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in spans:
        piece = text[start:end]
        if merged and continues(text[merged[-1][0]:merged[-1][1]], piece):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def continues(previous: str, piece: str) -> bool:
    """True when ``piece`` is not a new sentence but the rest of ``previous``."""
    return bool(
        STARTS_LOWER.match(piece)
        or ONLY_DOTS.match(piece)
        or ONLY_MARKER.match(previous)
        or ENDS_SPACED_ELLIPSIS.search(previous)
        or ENDS_WITH_TITLE.search(previous)
        or (ENDS_WITH_FINAL_ABBREVIATION.search(previous) and not OPENS_SENTENCE.match(piece))
    )


def move_ellipses(text: str, spans: list[Span]) -> list[Span]:
    """"compounds. . . . The practice": the full stop ends the sentence and the
    spaced ellipsis after it opens the next one (an omission at its start)."""
    moved = list(spans)
    for i in range(len(moved) - 1):
        start, end = moved[i]
        match = TRAILING_ELLIPSIS.search(text, start, end)
        if match:
            moved[i] = (start, match.start() + 2)
            moved[i + 1] = (match.start() + 3, moved[i + 1][1])
    return moved


def split_spans(text: str, spans: list[Span], cuts: list[int]) -> list[Span]:
    """Cut spans at the split points found in the whole text (sorted)."""
    result: list[Span] = []
    for start, end in spans:
        for cut in cuts[bisect_right(cuts, start):bisect_left(cuts, end)]:
            if text[start:cut].strip():
                result.append((start, cut))
            start = cut + len(text[cut:end]) - len(text[cut:end].lstrip())
        result.append((start, end))
    return result
