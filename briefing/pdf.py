"""WeasyPrint behind a fetcher that loads nothing but the templates' own assets.

Importing this module imports WeasyPrint, which opens Pango and HarfBuzz: only
``render.pdf_backend()`` imports it, when a PDF is asked for."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse


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
