"""Stage 9, render: Markdown, HTML and a one-page PDF from Jinja2 templates.

Source text is untrusted. HTML templates autoescape; the Markdown environment
escapes every ``{{ value }}`` through ``finalize`` so no source can inject a
heading, link, image, table or HTML; WeasyPrint gets a URL fetcher that serves
only the template folders' own files and refuses everything else.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath
from types import ModuleType
from urllib.parse import urlparse

import jinja2

# isort: off
from . import nltk_import  # noqa: F401  NLTK without scipy.stats, before anything imports NLTK (.fit does)
# isort: on
from . import fit
from .errors import PdfUnavailable, RenderError
from .history import SIDECAR_FORMAT
from .model import Brief
from .version import __version__


def builtin_templates() -> Path:
    """templates/ of the source tree (a checkout or an editable install), else the
    copy a wheel installs inside the package (pyproject maps it to briefing/templates)."""
    for candidate in (Path(__file__).resolve().parent.parent / "templates",
                      Path(__file__).resolve().parent / "templates"):
        if (candidate / "brief.html.j2").is_file():
            return candidate
    raise RenderError("the built-in templates are missing: reinstall briefing")


BUILTIN_TEMPLATES = builtin_templates()

MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~#&!])")
MD_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")


def md_escape(value: object) -> str:
    """Backslash-escape what CommonMark would read as markup in source text.

    Every punctuation character that can open a construct anywhere in a line
    is escaped; a character that only matters at the start of a line (list or
    heading markers, "1.") is escaped there. Line breaks become spaces, so a
    source can never start a block of its own."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)
    text = " ".join(value.split())
    text = MD_SPECIAL.sub(r"\\\1", text)
    return MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def template_environment(user_dir: str | None, markdown: bool) -> jinja2.Environment:
    """User templates first, then the built-in ones."""
    loaders: list[jinja2.BaseLoader] = []
    if user_dir:
        loaders.append(jinja2.FileSystemLoader(user_dir))
    loaders.append(jinja2.FileSystemLoader(str(BUILTIN_TEMPLATES)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=not markdown,
        finalize=md_escape if markdown else None,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["day"] = day
    return env


@dataclass(frozen=True)
class Rendered:
    """The brief as it was fitted to one page, and its outputs as bytes."""

    brief: Brief
    outputs: dict[str, bytes]
    pages: int | None  # pages of the PDF (1); None when no PDF was asked for and nothing was laid out
    dropped: tuple[str, ...]  # texts of items dropped to fit the page
    layouts: int = 0  # how many briefs were laid out to fit the page (0: no PDF asked for)


def context(brief: Brief, page_size: str, author: str = "briefing", names: dict | None = None) -> dict:
    """What the templates see: the brief, numbered cited sources and a lookup of numbers.
    ``names``: ``source_names(brief)`` when already made for a brief with the same sources."""
    cited = brief.cited_sources()
    numbers = brief.source_numbers()
    return {
        "brief": brief,
        "sections": [s for s in brief.sections if s.items],
        "sources": cited,
        "ref": numbers,
        "facts": fact_groups(brief, numbers),
        "uncited": len(brief.articles) - len(cited),
        "page_size": page_size,
        "author": author,
        "generated": brief.generated_at.strftime("%-d %B %Y, %H:%M %Z").strip(),
        **(names if names is not None else source_names(brief)),
        "window": (f"since {brief.window_start.strftime('%-d %b %Y, %H:%M %Z').strip()}"
                   if brief.window_start else ""),
        "update": update_context(brief),
    }


def source_names(brief: Brief) -> dict:
    """How the page names every source and skipped file (``titles``, ``outlet``, ``outlets``,
    ``where``, ``where_skipped``): the same for every cut of one brief, so made once a
    render (for 10,000 sources, each making took 0.6 s, and the page was laid out a few times)."""
    outlets = {a.id: host for a in brief.articles if (host := outlet(a.url))}
    short = short_paths([a.path for a in brief.articles] + [s.path for s in brief.skipped])
    return {
        "titles": {a.id: shorten(a.title, MAX_SHOWN_TITLE) for a in brief.articles},
        "outlets": len(set(outlets.values())),
        "outlet": outlets,
        "where": {a.id: outlets.get(a.id) or shorten(short[a.path], MAX_SHOWN_TITLE) for a in brief.articles},
        "where_skipped": {s.path: shorten(short[s.path], MAX_SHOWN_TITLE) for s in brief.skipped},
    }


def outlet(url: str | None) -> str | None:
    """The outlet a source's URL names: its host, without a leading "www."."""
    host = urlparse(url).hostname if url else None
    return host.removeprefix("www.") if host else None


RECORD_SUFFIX = re.compile(r"^(?P<file>.*?)(?P<record>#\d+)?$")
"""An input path and the "#N" the feed and JSON readers add for the Nth record of a file."""


def short_paths(paths: list[str]) -> dict[str, str]:
    """Each input path as the page shows it: relative to the deepest folder all the paths
    share, which is the input folder when there is one (the "#N" of a record kept).

    The page is mailed and archived: whole local paths waste room and tell readers how a
    machine's files are laid out. With nothing shared but the file system's root, a path
    shows its file name alone, so a shown path is never absolute. The JSON keeps them whole."""
    split = {p: file_and_record(p) for p in paths}
    files = {name: PurePath(name) for name, _ in split.values()}
    shared = common_folder(list(files.values()))
    shown = {}
    for path, (name, record) in split.items():
        file = files[name]
        inside = file.parts[len(shared):] if shared else (file.name,)
        shown[path] = str(PurePath(*inside)) + record
    return shown


def file_and_record(path: str) -> tuple[str, str]:
    """An input path split into its file and its "#N" record part ("" when it has none)."""
    match = RECORD_SUFFIX.fullmatch(path)
    # The record part is optional, so only a line break (which "." does not match) could fail it;
    # input paths are shown with control characters escaped (load.inputs.shown_path).
    if match is None:
        raise ValueError(f"an input path with a line break: {path!r}")
    return match["file"], match["record"] or ""


def common_folder(files: list[PurePath]) -> tuple[str, ...]:
    """The parts of the deepest folder that holds every file; () when it is only a root (or nothing)."""
    folders = [f.parent.parts for f in files]
    if not folders:
        return ()
    shared: list[str] = []
    for level in zip(*folders, strict=False):
        if any(part != level[0] for part in level):
            break
        shared.append(level[0])
    anchor = files[0].anchor
    return () if not shared or (len(shared) == 1 and anchor and shared[0] == anchor) else tuple(shared)


def update_context(brief: Brief) -> dict | None:
    """What the page says of the previous brief: when it was, how many sources are new."""
    if brief.update is None:
        return None
    since = brief.update.previous_generated_at.strftime("%-d %b %Y, %H:%M").strip()
    new = len(brief.update.new_sources)
    return {"since": since, "new": new,
            "notice": f"No new reports since {since}: the picture is as it was." if not new else ""}


def day(value: object, year: int | None = None) -> str:
    """"21 Nov", or "21 Nov 2024" when the year is not ``year`` (the brief's)."""
    if not hasattr(value, "strftime"):
        return ""
    return value.strftime("%-d %b" if getattr(value, "year", None) == year else "%-d %b %Y")


MAX_SHOWN_TITLE = 160
"""Characters of a source's title shown on the page (the JSON keeps it whole): two
lines of the sources list. One 10,000-character title used to push every item off the page."""


def shorten(text: str, limit: int) -> str:
    """``text`` cut at the last word boundary before ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:-") + "…"


FACT_LABELS = {"actor": "People", "figure": "Figures", "date": "Dates", "organisation": "Organisations",
               "name": "Names", "place": "Places"}
"""The key-facts block's rows, most informative first: who (with their roles), how many, when."""


def fact_groups(brief: Brief, numbers: dict[str, int]) -> list[tuple[str, list[tuple[str, list[int]]]]]:
    """[(label, [(fact text, sorted source numbers)])], facts of cited sources only, in label order."""
    groups: dict[str, list[tuple[str, list[int]]]] = {}
    for fact in brief.facts:
        refs = sorted(numbers[s] for s in fact.sources if s in numbers)
        if refs:
            groups.setdefault(fact.kind, []).append((fact.label, refs))
    return [(FACT_LABELS.get(kind, kind.capitalize()), groups[kind]) for kind in FACT_LABELS if kind in groups]


def render_template(env: jinja2.Environment, name: str, ctx: dict) -> str:
    try:
        return env.get_template(name).render(ctx)
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"template {exc.filename or name}, line {exc.lineno}: {exc.message}") from exc
    except jinja2.TemplateError as exc:
        raise RenderError(f"template {template_location(exc, name)}: {exc}") from exc


def template_location(exc: BaseException, name: str) -> str:
    """"path/brief.md.j2, line 12" from the traceback of an error raised while rendering.

    Jinja compiles templates to Python code whose frames carry the template's file
    name and map back to its lines; the innermost such frame is where it failed."""
    location = name
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".j2", ".css", ".html")):
            location = f"{filename}, line {tb.tb_lineno}"
        tb = tb.tb_next
    return location


def render_all(brief: Brief, formats: tuple[str, ...], page_size: str = "A4",
               templates: str | None = None, author: str = "briefing") -> Rendered:
    """Render every requested format.

    With "pdf" among the formats the brief is first fitted to one page, and every
    format shows the fitted brief. Without it there is no page to fit: nothing is
    laid out, WeasyPrint is not even imported, and every section keeps the items
    assembly chose (the JSON says ``fitted_to_page: false``)."""
    html_env = template_environment(templates, markdown=False)
    md_env = template_environment(templates, markdown=True)
    names = source_names(brief)

    def context_of(b: Brief) -> dict:  # a cut of the brief keeps its sources: their names are made once
        same = b.articles is brief.articles and b.skipped is brief.skipped
        return context(b, page_size, author, names if same else None)

    def to_html(b: Brief) -> str:
        return render_template(html_env, "brief.html.j2", context_of(b))

    fitted = fit_to_page(brief, to_html, templates) if "pdf" in formats else Fitted(brief)
    ctx = context_of(fitted.brief)
    outputs: dict[str, bytes] = {}
    for fmt in formats:
        if fmt == "pdf":
            outputs["pdf"] = fitted.pdf
        elif fmt == "html":
            outputs["html"] = render_template(html_env, "brief.html.j2", ctx).encode()
        elif fmt == "md":
            outputs["md"] = render_template(md_env, "brief.md.j2", ctx).encode()
        elif fmt == "json":
            record = sidecar(fitted.brief, fitted.dropped, fitted_to_page=fitted.pages is not None)
            outputs["json"] = (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode()
    return Rendered(fitted.brief, outputs, fitted.pages, fitted.dropped, fitted.layouts)


@dataclass(frozen=True)
class Fitted:
    """The brief as it fits one page, and that page as PDF bytes; ``pages`` None when
    nothing was laid out (no PDF asked for)."""

    brief: Brief
    pdf: bytes = b""
    pages: int | None = None
    dropped: tuple[str, ...] = ()
    layouts: int = 0


PDF_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-dejavu-extra"
"""The Debian and Ubuntu packages a PDF needs: Pango and HarfBuzz (WeasyPrint lays text out and
subsets fonts with them; without HarfBuzz's subsetter two builds of one brief differ in their bytes)
and the templates' DejaVu fonts. The README's set-up line and .ci/packages.txt list the same."""


def pdf_backend() -> ModuleType:
    """``briefing.pdf``, which imports WeasyPrint (and, through it, Pango): loaded only when a
    PDF is made, so Markdown, JSON and HTML need neither. PdfUnavailable says what to install."""
    try:
        from . import pdf
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint found, a system library it opens not
        raise PdfUnavailable(
            f"cannot make the PDF: WeasyPrint cannot be loaded ({exc}). Install its system libraries "
            f"and fonts (Debian, Ubuntu: apt-get install {PDF_PACKAGES}) and WeasyPrint itself "
            f"(pip install weasyprint), or leave pdf out of --format: md, json and html need neither"
        ) from exc
    return pdf


def fit_to_page(brief: Brief, to_html: Callable[[Brief], str], templates: str | None) -> Fitted:
    """The brief cut to one page (``fit.fit_to_page`` says how), and that page as a PDF.

    ``layout()`` lays out without writing; the PDF is written once, at the end."""
    pdf = pdf_backend()
    roots = ((Path(templates),) if templates else ()) + (BUILTIN_TEMPLATES,)
    fetcher = pdf.AssetFetcher(roots)

    def lay_out(candidate: Brief) -> fit.Layout:
        document = pdf.layout(to_html(candidate), fetcher, base=BUILTIN_TEMPLATES)
        return fit.Layout(document, pdf.geometry(document))

    choice = fit.fit_to_page(brief, lay_out)
    return Fitted(choice.brief, pdf.write_pdf(choice.layout.document), choice.layout.geometry.pages, choice.dropped,
                  choice.layouts)


def sidecar(brief: Brief, dropped: tuple[str, ...] = (), fitted_to_page: bool = False) -> dict:
    """The JSON record of the brief: sources, skips, sections with the ranks behind each item.

    ``fitted_to_page`` is true when the sections were cut to fit the PDF's one page
    (``dropped`` lists what went), false when no PDF was made and nothing was cut."""
    numbers = brief.source_numbers()
    copies = dict(brief.duplicates)
    update = brief.update
    return {
        "format": SIDECAR_FORMAT,
        "briefing": __version__,
        "title": brief.title,
        "generated_at": brief.generated_at.isoformat(timespec="seconds"),
        "summarizer": brief.summarizer,
        "sources": [
            {
                "id": a.id,
                "number": numbers.get(a.id),
                "path": a.path,
                "title": a.title,
                "title_from": a.title_from,
                "url": a.url,
                "published": a.published.isoformat(timespec="seconds") if a.published else None,
                "published_from": a.published_from,
                "duplicate_of": copies.get(a.id),
            }
            for a in brief.articles
        ],
        "previous": ({"path": update.previous,
                      "generated_at": update.previous_generated_at.isoformat(timespec="seconds")}
                     if update else None),
        "new_sources": list(update.new_sources) if update else None,
        "window_start": brief.window_start.isoformat(timespec="seconds") if brief.window_start else None,
        "out_of_window": brief.out_of_window,
        "skipped": [{"path": s.path, "reason": s.reason} for s in brief.skipped],
        "sections": [
            {
                "name": s.name,
                "title": s.title,
                "items": [
                    {"text": i.text, "source": i.source, "ref": numbers.get(i.source),
                     "sentence": i.key[1] if i.key else None,
                     "date": i.date.isoformat() if i.date else None, "date_from": i.date_from or None,
                     "new": i.new, "why": i.why}
                    for i in s.items
                ],
            }
            for s in brief.sections
        ],
        "facts": [
            {"kind": f.kind, "text": f.text, "role": f.role or None, "sources": list(f.sources),
             "support": len(f.sources), "written_as": list(f.written_as),
             "sentences": [f"{a}#{i}" for a, i in f.sentences]}
            for f in brief.facts
        ],
        "fitted_to_page": fitted_to_page,
        "dropped_for_space": list(dropped),
        "merged_events": [
            {"kept": f"{m.kept[0]}#{m.kept[1]}", "dropped": f"{m.dropped[0]}#{m.dropped[1]}", "text": m.text,
             "reason": m.reason}
            for m in brief.merged_events
        ],
        "repeated_from_previous": [
            {"source": r.key[0], "sentence": r.key[1], "text": r.text, "repeats": r.previous_text,
             "previous_section": r.previous_section}
            for r in (update.left_out if update else ())
        ],
        "runners_up": [
            {"text": r.text, "source": r.source, "sentence": r.key[1], "reason": r.reason, "why": r.why}
            for r in brief.runners_up
        ],
        "rejected": [
            {"source": r.key[0], "sentence": r.key[1], "text": r.text, "rule": r.rule, "detail": r.detail}
            for r in brief.rejected
        ],
    }
