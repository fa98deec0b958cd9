"""Readers for HTML, JSON, JSON Lines and feeds; a mixed folder end to end; nothing fetched."""

from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing import Config, build_brief
from briefing.load import READERS

from .conftest import ARTICLE_A, ARTICLE_B, write
from .helpers import load_articles

HTML = """<!DOCTYPE html><html><head><title>Harbour talks resume | Coastal Times</title>
<meta property="og:title" content="Harbour talks resume in Serrin">
<meta property="og:url" content="https://news.example/harbour-talks">
<meta property="article:published_time" content="2026-11-20T08:00:00Z">
<link rel="stylesheet" href="{base}/style.css"><script src="{base}/app.js"></script></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Harbour talks resume in Serrin</h1>
<p>Negotiators for the dockworkers' union and Halden Terminals met in Serrin on Wednesday to resume talks.</p>
<img src="{base}/photo.jpg" alt="Pickets">
<h2>What Happens Next?</h2>
<p>The union is demanding an 11 percent pay rise over two years, while the company has offered 6 percent.</p>
<p>Labour Minister Ines Korvald chaired the meeting and said progress had been made on shift limits.</p>
</article><footer>© 2026 Coastal Times. <a href="{base}/subscribe">Subscribe</a></footer></body></html>"""

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Fuel shortages spread</title><link>https://wire.example/1</link>
<pubDate>Tue, 17 Nov 2026 09:00:00 GMT</pubDate>
<description>&lt;p&gt;Petrol stations in at least 40 towns reported shortages on Tuesday.&lt;/p&gt;&lt;p&gt;The agency said most fuel imports arrive through the port's tanker berth.&lt;/p&gt;&lt;img src="{base}/x.png"&gt;</description></item>
<item><title>Empty item</title><description></description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>Ships queue off the port</title><link href="https://atom.example/2"/><updated>2026-11-18T10:00:00Z</updated>
<content type="html">&lt;p&gt;The port authority said 38 ships were waiting to enter the harbour on Tuesday morning.&lt;/p&gt;</content></entry></feed>"""


class Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        Recorder.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"body{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """A server on 127.0.0.1 that records any request; inputs point at it."""
    Recorder.requests = []
    httpd = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def test_html_reader_takes_article_and_metadata(tmp_path, server):
    write(tmp_path, "page.html", HTML.format(base=server))
    (article,), skips = load_articles([str(tmp_path)])
    assert skips == []
    assert article.title == "Harbour talks resume in Serrin"
    assert article.url == "https://news.example/harbour-talks"
    assert article.published_from == "file" and article.published.date().isoformat() == "2026-11-20"
    assert "11 percent pay rise" in article.text
    assert "Subscribe" not in article.text and "Home" not in article.text
    assert Recorder.requests == []


def test_feeds_give_one_article_per_item_and_skip_empty_items(tmp_path, server):
    write(tmp_path, "wire.rss", RSS.format(base=server))
    write(tmp_path, "port.atom", ATOM)
    articles, skips = load_articles([str(tmp_path)])
    by_title = {a.title: a for a in articles}
    fuel = by_title["Fuel shortages spread"]
    assert fuel.path.endswith("wire.rss#1") and fuel.url == "https://wire.example/1"
    assert fuel.text.splitlines() == ["Petrol stations in at least 40 towns reported shortages on Tuesday.",
                                      "The agency said most fuel imports arrive through the port's tanker berth."]
    assert fuel.published.isoformat().startswith("2026-11-17T09:00")
    assert by_title["Ships queue off the port"].published_from == "file"
    assert [s.path.rsplit("/", 1)[-1] for s in skips] == ["wire.rss#2"]
    assert Recorder.requests == []


def test_jsonl_bad_line_is_skipped_with_its_number(tmp_path):
    lines = [
        json.dumps({"title": "Talks", "url": "https://x.example/a", "published": "2026-11-19", "text": ARTICLE_A}),
        "{not json",
        json.dumps({"headline": "Fuel", "content": ARTICLE_B, "date": "Wed, 18 Nov 2026 07:00:00 GMT"}),
        json.dumps({"title": "No text"}),
    ]
    write(tmp_path, "export.jsonl", "\n".join(lines))
    write(tmp_path, "one.json", json.dumps([{"title": "From JSON", "body": ARTICLE_B}]))
    articles, skips = load_articles([str(tmp_path)])
    assert sorted(a.title for a in articles) == ["From JSON", "Fuel", "Talks"]
    assert {s.path.rsplit("/", 1)[-1]: s.reason.split()[0] for s in skips} == {
        "export.jsonl#2": "line", "export.jsonl#4": "record"}
    talks = next(a for a in articles if a.title == "Talks")
    assert talks.path.endswith("export.jsonl#1") and talks.published_from == "file"


def test_mixed_folder_builds_with_skips_listed(tmp_path, server):
    folder = tmp_path / "in"
    write(folder, "a.txt", ARTICLE_A)
    write(folder, "b.md", "# Fuel shortages spread in the east\n\n" + ARTICLE_B.split("\n", 1)[1])
    write(folder, "page.html", HTML.format(base=server))
    write(folder, "wire.rss", RSS.format(base=server))
    write(folder, "export.jsonl", json.dumps({"title": "Ships", "text": "The port authority said 38 ships "
                                              "were waiting to enter the harbour on Tuesday morning."}) + "\n{bad\n")
    write(folder, "cp.txt", "The minister\u2019s caf\u00e9 statement on the strike came on Monday evening.".encode("cp1252"))
    write(folder, "empty.txt", "")
    write(folder, "blob.txt", bytes(range(256)))
    brief = build_brief(Config(inputs=(str(folder),), output_dir=str(tmp_path / "out")))
    data = json.loads(Path(brief.written[2]).read_text())
    skipped = {s["path"].rsplit("/", 1)[-1]: s["reason"] for s in data["skipped"]}
    assert set(skipped) == {"empty.txt", "blob.txt", "wire.rss#2", "export.jsonl#2"}
    assert sorted(s["path"].rsplit("/", 1)[-1] for s in data["sources"]) == [
        "a.txt", "b.md", "cp.txt", "export.jsonl#1", "page.html", "wire.rss#1"]
    assert Recorder.requests == []


def test_same_story_as_html_and_as_syndicated_text_is_quoted_once(tmp_path, server):
    folder = tmp_path / "in"
    write(folder, "page.html", HTML.format(base=server))
    write(folder, "copy.txt", "Coastal Times | World | Business\nHarbour talks resume in Serrin\n"
          "Negotiators for the dockworkers' union and Halden Terminals met in Serrin on Wednesday to resume talks.\n"
          "The union is demanding an 11 percent pay rise over two years, while the company has offered 6 percent.\n"
          "Labour Minister Ines Korvald chaired the meeting and said progress had been made on shift limits.\n"
          "Syndicated from Coastal Times.\nLEAVE A REPLY\n")
    write(folder, "other.txt", ARTICLE_B)
    brief = build_brief(Config(inputs=(str(folder),), output_dir=str(tmp_path / "out")))
    quoted = [i.text for s in brief.sections for i in s.items]
    assert len(quoted) == len(set(quoted))
    assert dict(brief.duplicates) in ({"page": "copy"}, {"copy": "page"})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600), suffix=st.sampled_from(sorted(READERS)))
def test_readers_never_crash(tmp_path, data, suffix):
    path = tmp_path / f"f{suffix}"
    path.write_bytes(data)
    articles, skips = load_articles([str(path)])
    assert all(s.reason for s in skips)
    assert all(a.text.strip() for a in articles)
