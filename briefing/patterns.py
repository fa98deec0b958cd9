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
