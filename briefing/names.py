"""The names a user may choose from, importable without the code behind them.

``brief --help``, the config checks and the starter file need the names only,
while the registries that map them to code import NumPy, SciPy, NLTK and sumy
(two seconds before the first line of help). So the names live here, and
``briefing.rank.SUMMARIZERS`` is built from ``SUMMARIZER_NAMES``.

Choices are matched case-insensitively (``LexRank``, ``a4``, ``MD``), and an
unknown one is answered with the closest valid name.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

SUMMARIZER_NAMES = (
    "lexrank", "textrank", "lsa", "luhn", "kl", "sumbasic", "edmundson", "reduction", "random",
    "sumy-lexrank", "sumy-textrank",
)
"""Per-article rankers. lexrank and textrank are the sparse versions of sumy's
(same scores, briefing/rank/fast.py); sumy-lexrank and sumy-textrank run sumy's
own classes; the others are sumy's summarisers of that name."""

PAGE_SIZES = ("A4", "Letter")
FORMATS = ("md", "pdf", "json", "html")
SUMMARY_ORDERS = ("source", "rank")
"""``brief summarize``: sentences by article (input order) and position in it, or best first."""

SLUG_RUN = r"(?:[^\W_A-Z]|[^\x00-\x7f\w\s])+"
"""A run of a slug's characters (``pipeline.slugify``: letters, marks and digits of any
script, lower case). Python's ``re`` has no Unicode categories; this is a slight
superset (non-ASCII symbols too) that still refuses ASCII capitals, "_" and spaces."""

DATED_STEM = rf"(?P<date>\d{{4}}-\d{{2}}-\d{{2}})-(?P<rest>{SLUG_RUN}(?:-{SLUG_RUN})*)"
"""How a brief's files are named: ``<date>-<slug>`` or ``<date>-<slug>-<HHMMSS>``
(``write.output_base``); the archive, the input gate and the cleaner of temporaries
recognise them by it."""


def canonical(value: str, choices: Iterable[str]) -> str | None:
    """The choice ``value`` names, ignoring case and surrounding spaces; None if it names none."""
    wanted = value.strip().casefold()
    return next((choice for choice in choices if choice.casefold() == wanted), None)


def did_you_mean(value: str, choices: Sequence[str]) -> str:
    """ " (did you mean lexrank?)" for a near miss such as "lexrnk", else ""."""
    by_folded = {choice.casefold(): choice for choice in choices}
    # 0.6, difflib's default: "lexrnk" -> lexrank and "pfd" -> pdf, but "nope" -> nothing.
    close = difflib.get_close_matches(value.strip().casefold(), list(by_folded), n=1, cutoff=0.6)
    return f" (did you mean {by_folded[close[0]]}?)" if close else ""


def unknown_choice(value: str, choices: Sequence[str], what: str) -> str:
    """ "unknown page size 'Leter' (did you mean Letter?); valid: A4, Letter": the one
    message for a name that is none of the choices, on the command line, in brief.toml
    and from Python alike."""
    return f"unknown {what} {value!r}{did_you_mean(value, choices)}; valid: {', '.join(choices)}"
