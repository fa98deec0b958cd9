"""The language's word lists, kept as data: ``briefing/languages/<language>/<name>.txt``.

Months, titles, abbreviations, the nouns that say what a figure counts: the rules of
the stages are code, the words they look for are data, one file a list, so a list is
written once and a word is added without touching a rule. A file holds one word or
phrase a line; ``#`` starts a comment (at the start of a line or after a space);
blank lines are ignored. Where a list's order means something (the months, whose line
is their number), its file says so and its users read ``ordered_words``.

This module is at the bottom of the package (it imports nothing of it), so every stage
may read a list, including those below ``briefing.lang``. A list is read once per
process (``lru_cache``); the files are package data, installed with the wheel.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

ENGLISH = "english"
"""The only language the briefing reads today; its folder under ``briefing/languages``."""

LANGUAGES = Path(__file__).resolve().parent / "languages"
"""Where the lists are, inside the installed package (package data, as the templates are)."""

COMMENT = re.compile(r"(?:^|\s)#.*")


def ordered_words(name: str, language: str = ENGLISH) -> tuple[str, ...]:
    """The entries of the list ``name``, in the order of its file."""
    return _read(name, language)


def word_set(name: str, language: str = ENGLISH) -> frozenset[str]:
    """The entries of the list ``name``, for membership tests."""
    return _as_set(name, language)


@lru_cache(maxsize=None)
def _read(name: str, language: str) -> tuple[str, ...]:
    # Called with both arguments always (lru_cache keys "months" and ("months", "english")
    # apart), so each file is read once per process.
    return entries((LANGUAGES / language / f"{name}.txt").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _as_set(name: str, language: str) -> frozenset[str]:
    return frozenset(_read(name, language))


def entries(text: str) -> tuple[str, ...]:
    """The words and phrases of a list file's text: comments and blank lines left out."""
    return tuple(entry for line in text.splitlines() if (entry := COMMENT.sub("", line).strip()))


def phrases(name: str, language: str = ENGLISH) -> frozenset[tuple[str, ...]]:
    """The entries of the list ``name`` that are phrases, as tuples of their words
    ("ahead of" -> ("ahead", "of")), for rules that read two words at a time."""
    return frozenset(tuple(entry.split()) for entry in word_set(name, language) if " " in entry)


def single_words(name: str, language: str = ENGLISH) -> frozenset[str]:
    """The entries of the list ``name`` that are one word."""
    return frozenset(entry for entry in word_set(name, language) if " " not in entry)


def month_numbers(language: str = ENGLISH) -> dict[str, int]:
    """Month names and their abbreviations -> the month's number, 1 to 12 ("Aug" -> 8): a
    name's number is its line in ``months``, an abbreviation is the start of its month's name."""
    numbers = {name: number for number, name in enumerate(ordered_words("months", language), start=1)}
    return numbers | {short: next(number for name, number in numbers.items() if name.startswith(short))
                      for short in ordered_words("month_abbreviations", language)}


@lru_cache(maxsize=None)
def digest(language: str = ENGLISH) -> str:
    """A hash of every list of ``language``: part of each cached result's key, so that an
    edited list is never answered with results made under the old one."""
    import hashlib

    found = hashlib.blake2b(digest_size=16)
    for path in sorted((LANGUAGES / language).glob("*.txt")):
        found.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return found.hexdigest()
