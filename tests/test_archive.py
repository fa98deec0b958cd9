"""The output folder's archive: index.html and feed.atom of every dated brief."""

from __future__ import annotations

import json
import logging
import os
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlparse

import feedparser
import lxml.html
import pytest

from briefing import Config, build_brief
from briefing.archive import CACHE, needed_fields, write_archive
from briefing.errors import ConfigError

from .conftest import EXAMPLE

NOW = datetime(2026, 11, 23, 6, 0, tzinfo=timezone.utc)

HOSTILE = [
    "<script>alert(1)</script>",
    "]]><!-- --><x>",
    'a" onmouseover="alert(1)',
    "nul\x00 and vertical\x0btab and bell\x07",
    "lone \ud800 surrogate \udfff",
    "not \ufffe characters \uffff",
    "right-to-left \u202eevil.pdf",
    "javascript:alert(1)",
    "&amp; &lt;b&gt; entities",
    "<img src=http://example.com/x.png onerror=alert(1)>",
    "long " + "x" * 10_000,
]


def sidecar(title: str, generated_at: datetime, bottom: tuple[str, ...] = ("The port is shut.",), **extra) -> dict:
    """A sidecar with the fields the archive reads, in the order ``render.sidecar`` writes them."""
    return {
        "title": title,
        "generated_at": generated_at.isoformat(timespec="seconds"),
        "summarizer": "lexrank",
        "sources": [{"id": "a", "number": 1, "path": "in/a.txt", "title": "A"}],
        "skipped": [],
        "sections": [
            {"name": "bottom_line", "title": "Bottom line",
             "items": [{"text": text, "source": "a", "ref": 1, "why": {"combined": 0.5}} for text in bottom]},
            {"name": "developments", "title": "Key developments",
             "items": [{"text": "Not the bottom line.", "source": "a", "ref": 1}]},
        ],
        **extra,
        "rejected": [{"source": "a", "sentence": 9, "text": "filler", "rule": "filler"}],
    }


def put_brief(folder: Path, stem: str, data: dict | bytes, formats: tuple[str, ...] = ("md", "pdf")) -> None:
    """The files of one brief; the sidecar as ``render`` writes it (indent 2), ASCII-escaped
    so that lone surrogates survive the trip to disk."""
    folder.mkdir(parents=True, exist_ok=True)
    raw = data if isinstance(data, bytes) else (json.dumps(data, indent=2) + "\n").encode()
    (folder / f"{stem}.json").write_bytes(raw)
    for fmt in formats:
        (folder / f"{stem}.{fmt}").write_bytes(f"{fmt} of {stem}".encode())


def three_briefs(folder: Path) -> None:
    put_brief(folder, "2026-11-21-harbor-strike", sidecar("Strike day one", NOW - timedelta(days=2)))
    put_brief(folder, "2026-11-22-harbor-strike", sidecar("Strike day two", NOW - timedelta(days=1)),
              formats=("md", "pdf", "html"))
    put_brief(folder, "2026-11-22-harbor-strike-183000",
              sidecar("Strike day two, evening", NOW - timedelta(days=1) + timedelta(hours=12)))
    for fmt in ("md", "pdf", "json"):
        (folder / f"latest.{fmt}").write_bytes(b"latest")


def feed_of(folder: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((folder / "feed.atom").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def html_of(folder: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((folder / "index.html").read_bytes())


def test_index_and_feed_list_every_brief_newest_first_with_links(tmp_path):
    three_briefs(tmp_path)
    archive = write_archive(tmp_path, NOW)

    stems = ["2026-11-22-harbor-strike-183000", "2026-11-22-harbor-strike", "2026-11-21-harbor-strike"]
    assert [e.stem for e in archive.entries] == stems
    assert archive.written == (tmp_path / "index.html", tmp_path / "feed.atom")
    assert archive.pruned == () and archive.damaged == ()

    page = html_of(tmp_path)
    articles = page.xpath("//article")
    assert [a.get("id") for a in articles] == stems
    day_two = articles[1]
    assert day_two.xpath("string(.//h2)") == "Strike day two"
    assert [p.text_content() for p in day_two.xpath(".//div[@class='bottom-line']/p")] == ["The port is shut."]
    assert "Not the bottom line." not in page.text_content()
    links = {a.text: a.get("href") for a in day_two.xpath(".//p[@class='files']/a")}
    assert links == {"PDF": "2026-11-22-harbor-strike.pdf", "HTML": "2026-11-22-harbor-strike.html",
                     "Markdown": "2026-11-22-harbor-strike.md"}
    for href in links.values():
        assert (tmp_path / href).is_file()
    assert page.xpath("//meta[@name='viewport']")

    feed = feed_of(tmp_path)
    assert [e.title for e in feed.entries] == ["Strike day two, evening", "Strike day two", "Strike day one"]
    entry = feed.entries[1]
    assert entry.summary == "The port is shut."
    assert entry.id == "tag:briefing,2026-11-22:harbor-strike"
    assert entry.updated == (NOW - timedelta(days=1)).isoformat(timespec="seconds")
    pdf = [link.href for link in entry.links if link.type == "application/pdf"]
    assert pdf == ["2026-11-22-harbor-strike.pdf"]
    assert len({e.id for e in feed.entries}) == 3
    assert feed.feed.updated == (NOW - timedelta(hours=12)).isoformat(timespec="seconds")


def test_a_real_sidecar_is_listed_with_its_bottom_line(tmp_path):
    brief = build_brief(Config(inputs=(str(EXAMPLE),), output_dir=str(tmp_path), generated_at=NOW, cache=False))
    archive = write_archive(tmp_path, NOW)
    sidecar_path = tmp_path / "2026-11-23-harbor-strike.json"
    written = json.loads(sidecar_path.read_text())
    bottom = next(s for s in written["sections"] if s["name"] == "bottom_line")

    [entry] = archive.entries
    assert entry.title == brief.title
    assert entry.bottom_line == tuple(item["text"] for item in bottom["items"])
    assert [fmt for fmt, _ in entry.files] == ["pdf", "md"]


def test_needed_fields_reads_only_what_the_archive_shows_in_any_json_layout(tmp_path):
    data = sidecar("Title", NOW, ("One.", "Two."), new_sources=["x", "y"])
    pretty = needed_fields((json.dumps(data, indent=2) + "\n").encode())
    compact = needed_fields(json.dumps(data).encode())
    assert pretty == compact
    assert set(pretty) == {"title", "generated_at", "sections", "new_sources"}
    assert pretty["sections"] == [{"name": "bottom_line", "items": [{"text": "One."}, {"text": "Two."}]}]


def test_hostile_titles_and_bottom_lines_are_safe_in_page_and_feed(tmp_path):
    for n, text in enumerate(HOSTILE):
        put_brief(tmp_path, f"2026-11-{10 + n:02d}-hostile", sidecar(text, NOW - timedelta(days=30 - n), (text, text)))
    archive = write_archive(tmp_path, NOW)
    assert len(archive.entries) == len(HOSTILE)

    expected = sorted(xml_text(text) for text in HOSTILE)
    feed = feed_of(tmp_path)
    assert sorted(e.title for e in feed.entries) == expected
    assert sorted(e.summary for e in feed.entries) == sorted(f"{t} {t}" for t in expected)

    page = html_of(tmp_path)
    assert not page.xpath("//script")
    assert not page.xpath("//img | //iframe | //object | //embed | //x")
    for element in page.iter():
        assert not [name for name in element.attrib if name.lower().startswith("on")], element.tag
        for name in ("src", "href"):
            if element.get(name) is not None:
                assert not urlparse(element.get(name)).scheme, element.get(name)
    titles = [h.text_content() for h in page.xpath("//article/h2")]
    assert sorted(titles) == expected
    assert "<script>alert(1)</script>" in titles


def xml_text(text: str) -> str:
    """What may survive of a text in XML 1.0, whitespace runs made one space (written independently
    of the module's regular expression)."""
    def allowed(c: str) -> bool:
        code = ord(c)
        return (c in "\t\n\r" or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000)
    return " ".join("".join(c for c in text if allowed(c)).split())


@pytest.mark.parametrize("raw", [
    b"{not json",
    b"\xff\xfe not utf-8",
    b"[1, 2, 3]\n",
    b'{\n  "generated_at": "2026-11-22T06:00:00+00:00",\n  "sections": []\n}\n',
    b'{\n  "title": "No time",\n  "generated_at": "yesterday",\n  "sections": []\n}\n',
    b'{\n  "title": "Sections",\n  "generated_at": "2026-11-22T06:00:00+00:00",\n  "sections": {"a": 1}\n}\n',
    b'{\n  "title": "Cut short",\n  "generated_at": "2026-11-22T06:00:00+00:00",\n  "sections": [\n',
], ids=["not-json", "not-utf8", "a-list", "no-title", "bad-time", "sections-object", "truncated"])
def test_a_damaged_sidecar_is_skipped_with_one_warning(tmp_path, caplog, raw):
    three_briefs(tmp_path)
    put_brief(tmp_path, "2026-11-20-harbor-strike", raw)
    with caplog.at_level(logging.WARNING, logger="briefing"):
        archive = write_archive(tmp_path, NOW)
    assert len(archive.entries) == 3
    assert archive.damaged == (tmp_path / "2026-11-20-harbor-strike.json",)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "2026-11-20-harbor-strike.json" in warnings[0].getMessage()
    assert len(feed_of(tmp_path).entries) == 3

    caplog.clear()  # the cache remembers the damage, and the next run still says so
    with caplog.at_level(logging.WARNING, logger="briefing"):
        assert write_archive(tmp_path, NOW).damaged == archive.damaged
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1


def test_retention_deletes_old_briefs_of_every_format_and_keeps_latest(tmp_path):
    three_briefs(tmp_path)
    put_brief(tmp_path, "2026-11-01-harbor-strike", sidecar("Old", NOW - timedelta(days=22)),
              formats=("md", "pdf", "html"))
    put_brief(tmp_path, "2026-11-16-harbor-strike", b"{damaged")  # an old brief is deleted even if damaged
    (tmp_path / "2026-11-16-harbor-strike-120000.pdf").write_bytes(b"a PDF whose sidecar is gone")
    (tmp_path / "2026-11-02-my-notes.md").write_text("the user's own notes, not a brief")
    (tmp_path / "readme.txt").write_text("not a brief")

    archive = write_archive(tmp_path, NOW, keep_days=6)

    assert sorted(p.name for p in archive.pruned) == sorted([
        "2026-11-01-harbor-strike.json", "2026-11-01-harbor-strike.md", "2026-11-01-harbor-strike.pdf",
        "2026-11-01-harbor-strike.html", "2026-11-16-harbor-strike.json", "2026-11-16-harbor-strike.md",
        "2026-11-16-harbor-strike.pdf", "2026-11-16-harbor-strike-120000.pdf"])
    assert not any(p.exists() for p in archive.pruned)
    assert all((tmp_path / f"latest.{fmt}").exists() for fmt in ("md", "pdf", "json"))
    assert (tmp_path / "2026-11-02-my-notes.md").exists() and (tmp_path / "readme.txt").exists()
    assert [e.stem for e in archive.entries] == [
        "2026-11-22-harbor-strike-183000", "2026-11-22-harbor-strike", "2026-11-21-harbor-strike"]
    assert "Old" not in [e.title for e in feed_of(tmp_path).entries]


def test_retention_counts_calendar_days_and_none_keeps_everything(tmp_path):
    three_briefs(tmp_path)
    assert write_archive(tmp_path, NOW).pruned == ()
    assert write_archive(tmp_path, NOW, keep_days=2).pruned == ()  # 2026-11-21 is two days before
    pruned = write_archive(tmp_path, NOW, keep_days=1).pruned
    assert {p.name for p in pruned} == {"2026-11-21-harbor-strike.json", "2026-11-21-harbor-strike.md",
                                        "2026-11-21-harbor-strike.pdf"}
    with pytest.raises(ConfigError, match="keep_days"):
        write_archive(tmp_path, NOW, keep_days=-1)


def test_files_are_written_atomically_and_readable_by_others(tmp_path):
    three_briefs(tmp_path)
    old_umask = os.umask(0o022)
    try:
        archive = write_archive(tmp_path, NOW)
    finally:
        os.umask(old_umask)
    assert not list(tmp_path.glob(".*.tmp")) and not list(tmp_path.glob("*.tmp"))
    for path in (*archive.written, tmp_path / CACHE):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def test_a_rerun_is_idempotent(tmp_path):
    three_briefs(tmp_path)
    write_archive(tmp_path, NOW)
    first = {name: (tmp_path / name).read_bytes() for name in ("index.html", "feed.atom", CACHE)}
    (tmp_path / CACHE).unlink()  # the same bytes whether the fields come from the cache or the sidecars
    write_archive(tmp_path, NOW)
    write_archive(tmp_path, NOW)
    assert {name: (tmp_path / name).read_bytes() for name in first} == first


def test_a_rewritten_sidecar_is_read_again_not_taken_from_the_cache(tmp_path):
    three_briefs(tmp_path)
    write_archive(tmp_path, NOW)
    path = tmp_path / "2026-11-21-harbor-strike.json"
    put_brief(tmp_path, "2026-11-21-harbor-strike", sidecar("Strike day one, corrected", NOW - timedelta(days=2)))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    titles = [e.title for e in write_archive(tmp_path, NOW).entries]
    assert "Strike day one, corrected" in titles


def test_a_damaged_cache_is_ignored(tmp_path):
    three_briefs(tmp_path)
    (tmp_path / CACHE).write_bytes(b'{"format": 1, "sidecars": {"2026-11-21-harbor-strike.json": 5}')
    assert len(write_archive(tmp_path, NOW).entries) == 3


def test_new_sources_are_shown_when_the_sidecar_has_them(tmp_path):
    put_brief(tmp_path, "2026-11-22-harbor-strike", sidecar("Two new", NOW, new_sources=["a", "b"], previous=None))
    put_brief(tmp_path, "2026-11-21-harbor-strike", sidecar("One new", NOW - timedelta(days=1), new_sources=1))
    put_brief(tmp_path, "2026-11-20-harbor-strike", sidecar("Before updates", NOW - timedelta(days=2)))
    archive = write_archive(tmp_path, NOW)
    assert [e.new_sources for e in archive.entries] == [2, 1, None]
    marks = [a.xpath("string(.//span[@class='new'])") for a in html_of(tmp_path).xpath("//article")]
    assert marks == ["2 new sources", "1 new source", ""]


def test_an_empty_folder_gets_an_empty_archive(tmp_path):
    archive = write_archive(tmp_path, NOW)
    assert archive.entries == ()
    assert feed_of(tmp_path).entries == []
    assert "No briefs yet" in html_of(tmp_path).text_content()


def test_the_users_template_folder_comes_first(tmp_path):
    three_briefs(tmp_path / "out")
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "archive.html.j2").write_text(
        "<ul>{% for e in entries %}<li>{{ e.title }}</li>{% endfor %}</ul>\n")
    write_archive(tmp_path / "out", NOW, templates=str(tmp_path / "tpl"))
    assert (tmp_path / "out" / "index.html").read_text().startswith("<ul><li>Strike day two, evening</li>")
