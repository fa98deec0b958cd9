"""Outputs anyone can open: formats without WeasyPrint, sources by outlet, Unicode file
names, a tagged PDF, an HTML brief for phones, and the system packages in one list."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import unicodedata
from dataclasses import replace
from html import escape
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from briefing.archive import DATED
from briefing.history import newest_sidecar
from briefing.model import Article, Item, Section, Skip
from briefing.pipeline import slugify
from briefing.render import PDF_PACKAGES, render_all, short_paths

from .conftest import EXAMPLE, ROOT
from .test_render import brief

# --- 1. Markdown, JSON and HTML without WeasyPrint ------------------------------------------

# Run in a fresh interpreter, before briefing is imported: WeasyPrint cannot be loaded.
NO_WEASYPRINT = {
    "not installed": "sys.modules['weasyprint'] = None",
    # What WeasyPrint raises when Pango is missing: cffi's dlopen fails with OSError at import.
    "no Pango": (
        "import importlib.abc\n"
        "class NoPango(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'weasyprint':\n"
        "            raise OSError(\"cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object\")\n"
        "sys.meta_path.insert(0, NoPango())"
    ),
}


def build_without_weasyprint(blocker: str, out: Path, formats: str) -> subprocess.CompletedProcess:
    """``brief build`` in an interpreter where any import of WeasyPrint fails: a build that
    succeeds did not try to load it."""
    code = f"import sys\n{blocker}\nfrom briefing.cli import main\nsys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, "build", str(EXAMPLE), "-o", str(out), "--format", formats],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


@pytest.mark.parametrize("blocker", NO_WEASYPRINT.values(), ids=NO_WEASYPRINT.keys())
def test_md_json_html_are_built_without_weasyprint_and_pdf_says_what_to_install(tmp_path, blocker):
    result = build_without_weasyprint(blocker, tmp_path / "out", "md,json,html")
    assert result.returncode == 0, result.stderr
    assert sorted(Path(p).suffix for p in result.stdout.split()) == [".html", ".json", ".md"]
    (sidecar,) = (tmp_path / "out").glob("2*.json")
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    assert data["fitted_to_page"] is False and data["dropped_for_space"] == []

    result = build_without_weasyprint(blocker, tmp_path / "pdf", "md,pdf")
    assert result.returncode == 1
    assert "cannot make the PDF" in result.stderr and f"apt-get install {PDF_PACKAGES}" in result.stderr
    assert "bug" not in result.stderr and "Traceback" not in result.stderr
    assert not list((tmp_path / "pdf").glob("2*")), "nothing written when the PDF cannot be made"


def overfull():
    long = tuple(Item(("The harbour master said the queue of ships grew again overnight. " * 3).strip(), "a",
                      ("a", i)) for i in range(60))
    b = brief()
    return replace(b, sections=(b.sections[0], Section("developments", "Key developments", long), b.sections[2]))


def test_without_pdf_nothing_is_fitted_and_the_json_says_so():
    rendered = render_all(overfull(), ("md", "json", "html"))
    assert rendered.pages is None and rendered.dropped == ()
    data = json.loads(rendered.outputs["json"])
    assert data["fitted_to_page"] is False and data["dropped_for_space"] == []
    assert len(data["sections"][1]["items"]) == 60, "every assembled item kept: there is no page to fit"

    with_pdf = json.loads(render_all(brief(), ("pdf", "json")).outputs["json"])
    assert with_pdf["fitted_to_page"] is True  # test_render: what the fit drops is listed


# --- 2. Sources by title and outlet ---------------------------------------------------------

@pytest.mark.parametrize(("paths", "shown"), [
    (["/srv/in/a.txt", "/srv/in/b.txt"], ["a.txt", "b.txt"]),
    (["/srv/in/x/a.txt", "/srv/in/y/b.txt#3"], ["x/a.txt", "y/b.txt#3"]),  # a feed's 3rd record keeps its "#3"
    (["/srv/a.txt", "/home/b.txt"], ["a.txt", "b.txt"]),  # nothing shared but the root: file names
    (["/srv/in/a.txt"], ["a.txt"]),
    (["in/a.txt", "../elsewhere/b.txt"], ["a.txt", "b.txt"]),
    (["examples/harbor-strike/01.txt", "examples/harbor-strike/sub/02.md"], ["01.txt", "sub/02.md"]),
])
def test_short_paths_are_relative_to_the_shared_folder_never_absolute(paths, shown):
    assert [short_paths(paths)[p] for p in paths] == shown


def test_sources_are_shown_by_title_and_outlet_not_by_local_path():
    articles = (
        Article("a", "/srv/briefing/articles/talks/000_c3cc5e.txt", "First source", "x"),
        Article("b", "/srv/briefing/articles/talks/feeds/wire.rss#2", "Second source", "y",
                url="https://www.meridian-wire.example/2026/11/port"),
    )
    skipped = (Skip("/srv/briefing/articles/talks/broken.json", "not valid JSON"),)
    rendered = render_all(brief(articles=articles, skipped=skipped), ("md", "json", "html"))
    md, html = rendered.outputs["md"].decode(), rendered.outputs["html"].decode()
    for page in (md, html):
        assert "/srv" not in page, "no local path on the page"
        assert "meridian-wire.example" in page and "www.meridian" not in page
        assert "000\\_c3cc5e.txt" in page or "000_c3cc5e.txt" in page
        assert "broken.json" in page
    assert "1. Second source — meridian-wire.example" in md
    data = json.loads(rendered.outputs["json"])
    assert [s["path"] for s in data["sources"]] == [a.path for a in articles], "the JSON keeps whole paths"
    assert data["skipped"][0]["path"] == skipped[0].path


# --- 3. Unicode-aware slugs -----------------------------------------------------------------

@pytest.mark.parametrize(("title", "slug"), [
    ("Harbor strike", "harbor-strike"),
    ("Café talks", "café-talks"),
    ("Переговоры по Украине", "переговоры-по-украине"),
    ("中东局势", "中东局势"),
    ("हिन्दी समाचार", "हिन्दी-समाचार"),  # combining vowel signs stay with their letters
    ("Ｆｕｌｌ／ｗｉｄｔｈ ﬁnance", "full-width-finance"),  # NFKC: full-width forms and ligatures
    ('a/b\\c:d*e?f"g<h>i|j', "a-b-c-d-e-f-g-h-i-j"),
    ("  --Port  Almery!--  ", "port-almery"),
    ("!!! ???", "brief"),
    ("", "brief"),
])
def test_slugify_keeps_letters_of_any_script(title, slug):
    assert slugify(title) == slug


RESERVED = set('<>:"/\\|?*.') | {chr(c) for c in range(32)} | {"\x7f", " "}


@given(st.text(max_size=300))
def test_slug_is_a_safe_file_name_the_archive_recognises(title):
    slug = slugify(title)
    assert slug and len(slug) <= 60 and len(slug.encode("utf-8")) <= 180
    assert not RESERVED & set(slug)
    assert all(c == "-" or unicodedata.category(c)[0] in "LMN" for c in slug)
    assert not slug.startswith("-") and not slug.endswith("-") and "--" not in slug
    assert slug == unicodedata.normalize("NFKC", slug) and slugify(slug) == slug
    for name in (f"2026-11-21-{slug}.json", f"2026-11-21-{slug}-063000.pdf"):
        assert DATED.fullmatch(name), name


def test_previous_brief_with_a_unicode_slug_is_found(tmp_path):
    slug = slugify("Переговоры: Café")
    for name in (f"2026-11-20-{slug}.json", f"2026-11-21-{slug}-063000.json", f"2026-11-21-{slug}-x.json"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert newest_sidecar(tmp_path, slug) == tmp_path / f"2026-11-21-{slug}-063000.json"


# --- 4. Tagged, accessible PDF --------------------------------------------------------------

def test_pdf_is_tagged_pdf_ua_with_language_and_title():
    pdf = render_all(brief(), ("pdf",)).outputs["pdf"]
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert len(reader.pages) == 1
    assert catalog["/StructTreeRoot"]["/Type"] == "/StructTreeRoot" and catalog["/StructTreeRoot"]["/K"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "en"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "Port strike"
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp and "Port strike" in xmp
    links = [a.get_object() for a in reader.pages[0].get("/Annots", [])]
    assert any(a["/Subtype"] == "/Link" for a in links), "citations link to the sources list"


def test_pdf_is_reproducible_with_source_date_epoch(tmp_path):
    runs = []
    for name in ("first", "second"):
        out = tmp_path / name
        result = subprocess.run([sys.executable, "-m", "briefing.cli", "build", str(EXAMPLE), "-o", str(out),
                                 "--format", "pdf"], capture_output=True, text=True, cwd=ROOT, timeout=300,
                                env={"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1795068000"})
        assert result.returncode == 0, result.stderr
        (pdf,) = out.glob("2*.pdf")
        runs.append(pdf.read_bytes())
    assert runs[0] == runs[1]
    reader = PdfReader(io.BytesIO(runs[0]))
    assert len(reader.pages) == 1 and "/StructTreeRoot" in reader.trailer["/Root"]


# --- 5. HTML for phones, citations linked to sources ----------------------------------------

class Links(HTMLParser):
    """Every href and src, every id, and the meta tags of an HTML page."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.urls += [attrs[a] for a in ("href", "src") if a in attrs]
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "meta":
            self.meta[(attrs.get("name") or attrs.get("http-equiv") or "").lower()] = attrs.get("content", "")


def test_html_links_every_citation_to_its_source_and_names_nothing_outside():
    html = render_all(brief(), ("html",)).outputs["html"].decode()
    page = Links()
    page.feed(html)
    assert page.meta["viewport"] == "width=device-width, initial-scale=1"
    assert page.meta["content-security-policy"] == "default-src 'none'; style-src 'unsafe-inline'"
    assert page.urls and all(re.fullmatch(r"#source-\d+", u) for u in page.urls), "only links within the page"
    assert {u[1:] for u in page.urls} == {"source-1", "source-2"} <= page.ids
    assert re.search(r"@media screen \{\s*body \{[^}]*max-width: \d+(rem|ch)", html)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")

PHONE = (390, 844)  # CSS pixels of a common phone's viewport (iPhone 12 to 15)

IN_A_PHONE = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="phone" style="width:{w}px;height:{h}px;border:0" srcdoc="{page}"></iframe>
<script>window.addEventListener("load", () => {{
  const page = document.getElementById("phone").contentDocument;
  document.body.dataset.scroll = page.documentElement.scrollWidth;
  document.body.dataset.width = page.defaultView.innerWidth;
  document.body.dataset.sources = page.querySelectorAll("[id^=source-]").length;
}});</script></body></html>"""
"""The brief in a phone-sized frame, measured once laid out. Headless Chromium keeps its window
at least 500 pixels wide whatever --window-size says; a frame's viewport is exactly its size."""


def chromium(page: Path, *args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                               "--disable-component-update", "--no-first-run", f"--user-data-dir={profile}",
                               f"--window-size={PHONE[0]},{PHONE[1]}", *args, page.as_uri()],
                              capture_output=True, text=True, timeout=120)


def without_policy(html: str) -> str:
    return re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)


@needs_chromium
def test_html_renders_at_phone_width_without_scrolling_sideways(tmp_path):
    unbroken = "https://news.example/" + "a" * 120  # a long URL quoted as text must wrap, not widen the page
    b = brief()
    b = replace(b, sections=(b.sections[0], Section("developments", "Key developments", (
        Item(f"The ministry published the decree at {unbroken} on Friday.", "a", ("a", 1)),)), b.sections[2]))
    html = render_all(b, ("html",)).outputs["html"].decode()
    page = tmp_path / "brief.html"
    page.write_text(html, encoding="utf-8")
    screenshot = tmp_path / "phone.png"
    assert chromium(page, f"--screenshot={screenshot}").returncode == 0
    from PIL import Image

    with Image.open(screenshot) as image:
        assert image.size == PHONE
        assert len(image.convert("L").getcolors(256 * 256) or ()) > 10, "the page is not blank"
    # The brief's own policy forbids scripts: a copy without it is measured, in a phone-sized frame.
    framed = tmp_path / "framed.html"
    framed.write_text(IN_A_PHONE.format(w=PHONE[0], h=PHONE[1], page=escape(without_policy(html), quote=True)),
                      encoding="utf-8")
    dom = chromium(framed, "--dump-dom").stdout
    measured = {k: int(v) for k, v in re.findall(r'data-(scroll|width|sources)="(\d+)"', dom)}
    assert measured["width"] == PHONE[0], dom[:500]
    assert measured["scroll"] <= measured["width"], "nothing wider than the phone: no sideways scrolling"
    assert measured["sources"] == 2


@pytest.fixture
def listener():
    """(base URL, paths requested) of a server on 127.0.0.1. Threaded: a browser opens
    several connections at once, some never used, and a one-at-a-time server waits on them."""
    seen: list[str] = []

    class Record(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            seen.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Record)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}", seen
    httpd.shutdown()


@needs_chromium
def test_html_brief_lets_the_browser_fetch_nothing(tmp_path, listener):
    """Resources smuggled into the page (were escaping ever to fail) are blocked by its
    policy; the same page without the policy shows that the server would have seen them."""
    base, seen = listener
    smuggled = (f'<img src="{base}/img.png"><link rel="stylesheet" href="{base}/s.css">'
                f'<script src="{base}/x.js"></script><style>@import url({base}/i.css);'
                f'body {{ background: url({base}/bg.png) }}</style><iframe src="{base}/frame"></iframe></body>')
    html = render_all(brief(), ("html",)).outputs["html"].decode().replace("</body>", smuggled)
    page = tmp_path / "brief.html"
    page.write_text(html, encoding="utf-8")
    assert "<h1>Port strike</h1>" in chromium(page, "--dump-dom").stdout
    assert seen == []

    open_page = tmp_path / "no-policy.html"
    open_page.write_text(without_policy(html), encoding="utf-8")
    chromium(open_page, "--dump-dom")
    assert seen, "without the policy the same page fetches: the check above can see a request"


# --- 6. The system packages, listed once ----------------------------------------------------

def listed_packages() -> tuple[list[str], list[str]]:
    """(packages briefing needs, packages only the tests need), from .ci/packages.txt."""
    need, test_only = [], []
    for line in (ROOT / ".ci" / "packages.txt").read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].split()
        if words:
            (test_only if words[1:] == ["test"] else need).append(words[0])
    return need, test_only


def test_readme_ci_and_error_message_list_the_same_packages():
    need, test_only = listed_packages()
    assert "libharfbuzz-subset0" in need and "chromium" in test_only
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (line,) = re.findall(r"`apt-get install ([^`]+)`", readme)
    assert line.split() == need
    assert all(f"`{p}`" in readme for p in test_only)
    assert PDF_PACKAGES.split() == need
    assert ".ci/packages.txt" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
