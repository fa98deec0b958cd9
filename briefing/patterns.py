"""Text patterns that more than one stage reads, defined once.

A pattern used by one module stays in that module, next to its rule; one that two
stages share lives here, so that the cleaner and the filters, say, cannot come to
disagree on what ends a sentence. Imports nothing of the package (the bottom layer,
see tests/test_layers.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

TERMINAL = ".!?\"”’')»"
"""Characters a complete sentence ends with: its full stop, question or exclamation
mark, or a closing quotation mark or bracket after one ("... he said.”", "(... 2019.)",
«... »). A line that ends otherwise was cut off: a hard-wrapped line (``clean``), a list
stub or a lead-in (``rank.filters``)."""


def one_of(words: Iterable[str]) -> str:
    """A regular expression (no group) that matches any one of ``words`` literally, longest
    first, so that a word is never taken for a shorter word it starts with ("An" for "A")."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def holds_any(text: str, keys: Iterable[str]) -> bool:
    """Whether ``text`` holds one of ``keys``: the cheap gate before a pattern that cannot
    match without one of them (``dates.RELATIVE_KEYS``, ``clean.FURNITURE_NEEDS``,
    ``rank.filters.RULE_NEEDS``). An ``in`` test a key costs a fraction of a scan."""
    return any(map(text.__contains__, keys))


def casefree(text: str) -> str:
    """``text`` lower-cased, for ``in`` tests standing before a case-insensitive pattern.

    A word such a pattern needs is in ``casefree(text)`` whenever the pattern matches:
    ``str.lower`` maps every character that ``re.IGNORECASE`` matches to an ASCII letter
    onto that letter (the Kelvin sign onto "k"), but for dotless "ı" (matched to "i"), long
    "ſ" (to "s") and dotted "İ" (lower-cased to "i" and a combining dot), which are mapped
    here (tests/test_shortcuts.py checks every code point)."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    return lowered.replace("ı", "i").replace("ſ", "s").replace("\u0307", "")
