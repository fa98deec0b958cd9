"""WeasyPrint behind a fetcher that loads nothing but the templates' own assets,
and the heights of a laid-out page that the one-page fit reads (``geometry``).

Importing this module imports WeasyPrint, which opens Pango and HarfBuzz: only
``render.pdf_backend()`` imports it, when a PDF is asked for."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import weasyprint
from weasyprint.formatting_structure import boxes
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .fit import Extent, Geometry


class AssetFetcher(URLFetcher):
    """Serves files under the template folders and nothing else: no network, no
    other local files, no redirects. Every refused URL is recorded in ``refused``."""

    ASSET_SUFFIXES = (".css", ".woff", ".woff2", ".ttf", ".otf", ".svg", ".png")

    def __init__(self, roots: tuple[Path, ...]):
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.roots = tuple(r.resolve() for r in roots)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parsed = urlparse(url)
        path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
        if (path is None or path.suffix.lower() not in self.ASSET_SUFFIXES
                or not any(path.is_relative_to(root) for root in self.roots) or not path.is_file()):
            self.refused.append(url)
            raise ValueError(f"refused to fetch {url}: only the templates' own assets are loaded")
        return URLFetcherResponse(url, body=path.read_bytes())


def layout(html: str, fetcher: AssetFetcher, base: Path) -> weasyprint.document.Document:
    """Lay the HTML out as pages (no PDF written yet)."""
    return weasyprint.HTML(string=html, url_fetcher=fetcher, base_url=base.as_uri() + "/").render()


PDF_VARIANT = "pdf/ua-1"
"""Tagged PDF/UA-1 (WeasyPrint 70 writes the structure tree, MarkInfo, the document's language
from ``<html lang>`` and shows its ``<title>`` as the window title): screen readers read the
page in order, with headings, lists and links, and phones can reflow it. Layout is unchanged,
so the page count the fit loop measured holds."""


def write_pdf(document: weasyprint.document.Document) -> bytes:
    """The laid-out pages as a tagged PDF. Its dates come from the HTML's metadata (the
    brief's build time), so one brief built twice gives the same bytes."""
    return document.write_pdf(pdf_variant=PDF_VARIANT)


FIT_MARK = "data-fit"
"""The attribute by which the HTML template names the boxes the one-page fit measures
(``briefing.fit``): "item SECTION INDEX", "source N", "section NAME", "note"."""


def geometry(document: weasyprint.document.Document) -> Geometry:
    """The heights the one-page fit needs, read from WeasyPrint's layout tree.

    The tree is ``Page._page_box``, which WeasyPrint does not document as public: without
    it the geometry is empty and the fit lays the briefs out one at a time, as it did before."""
    try:
        pages = [page._page_box for page in document.pages]
    except AttributeError:  # a WeasyPrint that keeps its layout tree elsewhere
        return Geometry(len(document.pages))
    if not pages:
        return Geometry(0)
    marked: dict[str, Extent] = {}
    for page in pages:
        measure_marked(page, None, marked)
    used = tuple(used_height(page, first=number == 0, last=number == len(pages) - 1)
                 for number, page in enumerate(pages))
    return Geometry(len(pages), pages[0].height, used, marked)


def used_height(page: Any, first: bool, last: bool) -> float:
    """How much of the page area the content uses, down to the lowest border edge of the body's
    boxes: what WeasyPrint checks against the page's bottom (margins below it may run past).

    Where a page break cuts the content, an estimate of what the content would take without
    the break: a box cut by the break is stretched to the page's bottom, so the lowest line
    counts instead, and the margins the break cut off (at the bottom of the page before, at
    the top of the page after) are counted back."""
    children = list(body_children(page))
    if not children:
        return 0.0
    if last:
        bottom = max(child.border_box_y() + child.border_height() for child in children)
    else:
        bottom = max(lowest_line(child) for child in children) + cut_margin(children[-1], "bottom")
    return bottom - page.content_box_y() + (0.0 if first else cut_margin(children[0], "top"))


def cut_margin(box: Any, side: str) -> float:
    """The margin a page break cut at a box's top or bottom: the largest of the margins that
    collapse there, down the first (or last) boxes inside it. A top margin is read from the
    style, as the break set the box's to 0."""
    margins = []
    while box is not None and not isinstance(box, boxes.LineBox):
        if side == "top":
            declared = box.style["margin_top"]
            margins.append(declared.value if getattr(declared, "unit", None) == "px" else 0.0)
        else:
            margins.append(box.margin_bottom)
        if getattr(box, f"padding_{side}") or getattr(box, f"border_{side}_width"):
            break  # margins inside a padding or border do not collapse with the box's
        children = [c for c in box.children if c.is_in_normal_flow()] if isinstance(box, boxes.ParentBox) else []
        box = (children[0] if side == "top" else children[-1]) if children else None
    return max(margins, default=0.0)


def lowest_line(box: Any) -> float:
    """The bottom of the lowest line inside a box (its border edge if it holds no line)."""
    if isinstance(box, boxes.LineBox):
        return box.position_y + box.height
    children = [c for c in box.children if c.is_in_normal_flow()] if isinstance(box, boxes.ParentBox) else []
    if not children:
        return box.border_box_y() + box.border_height()
    return max(lowest_line(child) for child in children)


def body_children(page: Any) -> Iterator[Any]:
    """The body's in-flow block boxes on one page (the body is split over pages, so each page has its part)."""
    for root in page.children:
        if root.element_tag != "html":
            continue  # a page-margin box
        for body in root.children:
            if body.element_tag == "body" and isinstance(body, boxes.ParentBox):
                yield from (child for child in body.children if child.is_in_normal_flow())


def measure_marked(box: Any, parent_element: Any, marked: dict[str, Extent]) -> None:
    """Add every marked box's heights to ``marked``, its fragments on several pages summed
    (the top margin is the first fragment's, the bottom margin the last one's).

    One element can make nested boxes (a list item's box wraps another of the same element):
    only the outermost counts. Lines hold no marked boxes, so they are not walked."""
    element = box.element
    if element is not None and element is not parent_element and (mark := element.get(FIT_MARK)):
        seen = marked.get(mark)
        marked[mark] = (Extent(seen.border + box.border_height(), seen.top, box.margin_bottom, seen.pieces + 1)
                        if seen else Extent(box.border_height(), box.margin_top, box.margin_bottom))
    if isinstance(box, boxes.ParentBox) and not isinstance(box, boxes.LineBox):
        for child in box.children:
            measure_marked(child, element, marked)
