from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import pytest
from markdown_it import MarkdownIt
from pypdf import PdfReader

from briefing.fit import drop_sequence
from briefing.model import Article, Brief, Fact, Item, Section
from briefing.pdf import AssetFetcher
from briefing.render import BUILTIN_TEMPLATES, md_escape, render_all, sidecar

HOSTILE = [
    "# Injected heading",
    "[click](javascript:alert(1)) and ![img](http://127.0.0.1:9/x.png)",
    "<img src=http://127.0.0.1:9/a.png> <b>bold</b>",
    "| a | b |",
    "1. not a list",
    "- not a list",
    "> not a quote",
    "*not emphasis* and `not code` and <http://127.0.0.1:9/>",
    "AT&T &copy; &#169;",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_escaping_leaves_no_markup(text):
    tokens = MarkdownIt("commonmark").enable("table").parse(md_escape(text))
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in (t.children or [])}
    assert kinds <= {"paragraph_open", "paragraph_close", "inline", "text", "softbreak"}, kinds
    rendered = MarkdownIt("commonmark").render(md_escape(text))
    assert "<a" not in rendered and "<img" not in rendered and "<h1" not in rendered


def test_md_escape_keeps_plain_sentences_readable():
    assert md_escape("Talks resumed on Monday, officials said.") == "Talks resumed on Monday, officials said."


def brief(**changes) -> Brief:
    articles = (
        Article("a", "in/a.txt", "First source", "x"),
        Article("b", "in/b.txt", "Second source", "y"),
    )
    sections = (
        Section("bottom_line", "Bottom line", (Item("The port reopened on Friday.", "b", ("b", 0)),)),
        Section("developments", "Key developments", tuple(
            Item(f"Development number {i} was reported by the first source.", "a", ("a", i)) for i in range(3))),
        Section("digest", "Source digest", (Item("Ships began to unload on Saturday.", "a", ("a", 9)),)),
    )
    base = Brief("Port strike", "port-strike", datetime(2026, 11, 21, 6, 0, tzinfo=timezone.utc), articles,
                 sections, facts=(Fact("name", "Port Almery", ("a", "b"), (("a", 0), ("b", 0))),))
    return replace(base, **changes)


def test_renders_every_format_with_source_numbers(tmp_path):
    rendered = render_all(brief(), ("md", "pdf", "json", "html"))
    md = rendered.outputs["md"].decode()
    # b is cited first (bottom line), so it is source 1.
    assert "The port reopened on Friday. [1]" in md
    assert "Development number 0 was reported by the first source. [2]" in md
    assert "1. Second source — b.txt" in md
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(rendered.outputs["pdf"])
    assert len(PdfReader(pdf).pages) == 1 and rendered.pages == 1
    html = rendered.outputs["html"].decode()
    assert "<style>" in html and "http" not in html.split("<body>")[1]


def test_fit_drops_digest_then_developments_and_keeps_one_bottom_line():
    order = [step.dropped for step in drop_sequence(brief())[1:]]
    assert order[0] == "Ships began to unload on Saturday."
    assert order[1].startswith("Development number 2")
    assert order[-1] == "Port Almery"  # facts go last; the bottom line keeps its one item


def test_overfull_brief_is_cut_to_one_page():
    long = tuple(Item(("The harbour master said the queue of ships grew again overnight. " * 3).strip(), "a",
                      ("a", i)) for i in range(60))
    b = brief()
    b = replace(b, sections=(b.sections[0], Section("developments", "Key developments", long), b.sections[2]))
    rendered = render_all(b, ("pdf", "json"))
    assert rendered.pages == 1
    assert 0 < len(rendered.dropped) < 60


def test_sidecar_contract():
    data = sidecar(brief())
    assert {"title", "generated_at", "sources", "skipped", "sections"} <= data.keys()
    ids = {s["id"] for s in data["sources"]}
    assert all({"id", "path", "title"} <= s.keys() for s in data["sources"])
    for section in data["sections"]:
        assert {"name", "items"} <= section.keys()
        assert all(item["source"] in ids and item["text"] for item in section["items"])


def test_fetcher_serves_template_assets_only(tmp_path):
    fetcher = AssetFetcher((BUILTIN_TEMPLATES,))
    assert fetcher.fetch((BUILTIN_TEMPLATES / "brief.css").as_uri()).read().startswith(b"/*")
    secret = tmp_path / "secret.css"
    secret.write_text("body{}")
    for url in (secret.as_uri(), "http://127.0.0.1:9/x.css", "data:text/css,body{}",
                (BUILTIN_TEMPLATES / "brief.html.j2").as_uri(), (BUILTIN_TEMPLATES / "../pyproject.toml").as_uri()):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 5


def test_user_templates_override_and_fall_back(tmp_path):
    (tmp_path / "brief.md.j2").write_text("CUSTOM {{ brief.title }}\n")
    rendered = render_all(brief(), ("md", "html"), templates=str(tmp_path))
    assert rendered.outputs["md"].decode() == "CUSTOM Port strike\n"
    assert b"<h1>Port strike</h1>" in rendered.outputs["html"], "missing templates fall back to the built-in ones"


def test_failing_user_template_names_file_and_line(tmp_path):
    from briefing.errors import RenderError

    (tmp_path / "brief.md.j2").write_text("ok\n{{ brief.no_such_field }}\n")
    with pytest.raises(RenderError, match=r"brief\.md\.j2, line 2"):
        render_all(brief(), ("md",), templates=str(tmp_path))
    (tmp_path / "brief.md.j2").write_text("{% for %}\n")
    with pytest.raises(RenderError, match=r"brief\.md\.j2, line 1"):
        render_all(brief(), ("md",), templates=str(tmp_path))


def test_pdf_metadata_and_reproducible_bytes(tmp_path):
    first = render_all(brief(), ("pdf",), author="Situation desk").outputs["pdf"]
    second = render_all(brief(), ("pdf",), author="Situation desk").outputs["pdf"]
    assert first == second, "same brief, same build time: same PDF bytes"
    path = tmp_path / "b.pdf"
    path.write_bytes(first)
    meta = PdfReader(path).metadata
    assert meta.title == "Port strike" and meta.author == "Situation desk"
    assert meta.creation_date.year == 2026 and meta.creation_date.month == 11


def test_letter_page_size():
    pdf = render_all(brief(), ("pdf",), page_size="Letter").outputs["pdf"]
    import io

    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_json_alone_renders_no_template_and_lays_nothing_out(tmp_path):
    for name in ("brief.html.j2", "brief.md.j2"):
        (tmp_path / name).write_text("{{ no_such_value }}\n")  # would fail if rendered
    rendered = render_all(brief(), ("json",), templates=str(tmp_path))
    assert set(rendered.outputs) == {"json"}
    assert rendered.pages is None and rendered.layouts == 0


def test_markdown_alone_lays_nothing_out():
    rendered = render_all(brief(), ("md",))
    assert set(rendered.outputs) == {"md"} and rendered.pages is None and rendered.layouts == 0


def test_a_pdf_that_fits_is_laid_out_once():
    assert render_all(brief(), ("pdf",)).layouts == 1
