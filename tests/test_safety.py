"""Rendering text written by strangers: nothing fetched, nothing read, no markup injected."""

from __future__ import annotations

import json
import re

from markdown_it import MarkdownIt

from briefing import Config, build_brief

from .conftest import write
from .test_readers import Recorder, server  # noqa: F401 (fixture)

HOSTILE_LINES = [
    'The envoy said <img src="{base}/img.png"> talks would resume on Monday in Serrin.',
    'Officials added <link rel=stylesheet href="{base}/evil.css"> that the port would reopen on Friday.',
    'A spokesman said <link rel=attachment href="file:///etc/passwd"> the union had accepted the offer.',
    "Negotiators met for nine hours [click here](javascript:alert(1)) and agreed on a shift limit.",
    "Pickets said ![photo]({base}/x.png) that 4,200 workers had joined the strike by Tuesday.",
    "The minister said the talks | had | made progress | on pay and on automation on Wednesday.",
    "<script>fetch('{base}/steal')</script> The harbour master said 38 ships were waiting at anchor.",
    "<style>@import url({base}/i.css);</style> Fuel shortages spread to 40 towns in the eastern provinces.",
]


def hostile_corpus(folder, base):
    for i in range(3):
        title = f'# Strike <img src="{base}/t{i}.png"> [x](javascript:alert({i})) day {i}'
        body = "\n".join(line.format(base=base) for line in HOSTILE_LINES[i::3] + HOSTILE_LINES[i + 1::3])
        plain = f"Labour Minister Ines Korvald said on day {i} that the port strike talks would go on."
        write(folder, f"a{i}.txt", f"{title}\n# Injected heading line\n| a | b |\n|---|---|\n{body}\n{plain}\n")
    write(folder, "feed.jsonl", json.dumps({"title": f'<link rel=stylesheet href="{base}/feed.css">Feed',
                                            "text": " ".join(HOSTILE_LINES).format(base=base)}) + "\n")


def test_hostile_text_fetches_nothing_and_injects_nothing(tmp_path, server):  # noqa: F811
    hostile_corpus(tmp_path / "in", server)
    brief = build_brief(Config(inputs=(str(tmp_path / "in"),), output_dir=str(tmp_path / "out"),
                               formats=("md", "pdf", "json", "html"), title='Port <b>strike</b> [x](http://e.x) #1'))
    assert Recorder.requests == [], "the renderer fetched a URL named in a source"
    md = (tmp_path / "out" / "latest.md").read_text(encoding="utf-8")
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    inline = [child for token in tokens for child in (token.children or [])]
    types = {t.type for t in tokens} | {c.type for c in inline}
    assert not types & {"html_block", "html_inline", "image", "link_open", "table_open", "fence", "code_block"}
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    section_titles = {"Bottom line", "Key facts", "Key developments", "Source digest", "Sources"}
    assert set(headings[1:]) <= section_titles, headings
    html = (tmp_path / "out" / "latest.html").read_text(encoding="utf-8")
    body = html.split("<body>", 1)[1]
    assert "<img" not in body and "<link" not in body and "<script" not in body
    links = re.findall(r"<a [^>]*>", body)
    assert links and all(re.fullmatch(r'<a href="#source-\d+">', a) for a in links), "only citation links"
    quoted = [i.text for s in brief.sections for i in s.items]
    assert any("Labour Minister Ines Korvald said on day" in q for q in quoted), "plain sentences still quoted"
    assert not any(ch in q for q in quoted for ch in "<>|[]"), "sentences carrying markup are not quoted"


def test_pdf_renderer_fetches_and_attaches_nothing_from_hostile_html(tmp_path, server):  # noqa: F811
    from briefing.pdf import AssetFetcher, layout
    from briefing.render import BUILTIN_TEMPLATES

    secret = tmp_path / "secret.txt"
    secret.write_text("do not read me")
    html = (f'<html><head><link rel=stylesheet href="{server}/a.css"><link rel=attachment href="{secret.as_uri()}">'
            f'<style>@import url("{server}/b.css"); body {{ background: url("{secret.as_uri()}") }}</style></head>'
            f'<body><img src="{server}/c.png"><img src="{secret.as_uri()}"><a href="{server}/d">x</a>'
            f'<iframe src="{server}/e"></iframe></body></html>')
    fetcher = AssetFetcher((BUILTIN_TEMPLATES,))
    pdf = layout(html, fetcher, BUILTIN_TEMPLATES).write_pdf()
    assert Recorder.requests == []
    assert all(url.startswith((server, "file:")) for url in fetcher.refused) and len(fetcher.refused) >= 4
    assert b"do not read me" not in pdf and b"/EmbeddedFile" not in pdf
