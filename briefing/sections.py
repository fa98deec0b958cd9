"""The brief's sections: their names, titles and sizes, and which one gives way first.

Assembly fills the sections, the per-article stage keeps enough candidates for them,
and the renderer trims them to one page: all three read these, so they live below all
three (tests/test_layers.py).
"""

from __future__ import annotations

BOTTOM_LINE = 3
DEVELOPMENTS = 8
DIGEST = 6
"""Section sizes before the page is fitted: what a reader takes in over coffee
(three lines that say what happened, then the next eight); the fit loop trims
the digest first, so these are upper bounds."""

DROP_ORDER = ("digest", "developments", "bottom_line")
"""When the page overflows, the last item of the first non-empty section here goes first."""

SECTION_TITLES = {
    "bottom_line": "Bottom line",
    "developments": "Key developments",
    "digest": "Source digest",
}
