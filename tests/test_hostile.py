"""The night nobody watches: one bad file never costs the brief, and nothing outside the inputs is read.

Each test builds a folder with one hostile thing in it beside ordinary articles and
checks that the brief is written, the hostile thing is skipped with a reason (or
read safely), and nothing else changes.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing import Config, build_brief
from briefing.load import READERS, find_inputs, read_file
from briefing.load.inputs import MAX_BYTES, shown_path
from briefing.load.records import safe_date, safe_url
from briefing.load.text import decode
from briefing.model import Sentence, Skip
from briefing.per_article import read_and_clean

from .conftest import ARTICLE_A, ARTICLE_B, EXAMPLE, ROOT, write
from .helpers import find_duplicate_articles

WHEN = datetime(2026, 11, 21, 6, 0, tzinfo=timezone.utc)


def corpus(folder: Path) -> Path:
    """The bundled example's five articles: a brief can always be made from them."""
    for path in sorted(EXAMPLE.iterdir()):
        write(folder, path.name, path.read_bytes())
    return folder


def build(folder: Path | str, out: Path | str, **options) -> dict:
    """Build in this process (one job) and return the JSON sidecar."""
    options = {"formats": ("md", "json"), "jobs": 1, "generated_at": WHEN, **options}
    brief = build_brief(Config(inputs=(str(folder),), output_dir=str(out), **options))
    return json.loads(Path(next(p for p in brief.written if p.endswith(".json"))).read_text(encoding="utf-8"))


def skipped(sidecar: dict) -> dict[str, str]:
    return {s["path"].rsplit("/", 1)[-1]: s["reason"] for s in sidecar["skipped"]}


def source_names(sidecar: dict) -> list[str]:
    return sorted(s["path"].rsplit("/", 1)[-1] for s in sidecar["sources"])


class Hung(BaseException):
    """Not an OSError nor an Exception: no handler in the code under test can swallow it."""


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: SIGALRM interrupts a blocking open() of a FIFO."""
    def expired(signum, frame):
        raise Hung(f"the build did not finish in {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def opened_files(monkeypatch, folder: Path) -> Iterator[list[str]]:
    """Every file below ``folder`` the run opens, through ``os.open`` or ``open``."""
    seen: list[str] = []
    real_os_open, real_io_open = os.open, io.open
    inside = str(folder.resolve())

    def note(path) -> None:
        if isinstance(path, (str, bytes, os.PathLike)):
            name = os.fsdecode(os.path.realpath(path))
            if name.startswith(inside):
                seen.append(name)

    def spy_os_open(path, *args, **kwargs):
        note(path)
        return real_os_open(path, *args, **kwargs)

    def spy_io_open(file, *args, **kwargs):
        note(file)
        return real_io_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy_os_open)
    monkeypatch.setattr(io, "open", spy_io_open)
    monkeypatch.setattr("builtins.open", spy_io_open)
    yield seen


# 2. FIFOs ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no-cache"])
def test_a_fifo_is_skipped_not_waited_on(tmp_path, cache):
    folder = corpus(tmp_path / "in")
    for name in ("pipe.txt", "pipe.mp4", "pipe"):
        os.mkfifo(folder / name)
    with time_limit(60):
        sidecar = build(folder, tmp_path / "out", cache=cache)
    reasons = skipped(sidecar)
    assert {name: "FIFO" in reasons.get(name, "") for name in ("pipe.txt", "pipe.mp4", "pipe")} == {
        "pipe.txt": True, "pipe.mp4": True, "pipe": True}
    assert len(sidecar["sources"]) == 5


def test_a_fifo_named_on_the_command_line_is_skipped(tmp_path):
    os.mkfifo(tmp_path / "pipe.jsonl")
    with time_limit(30):
        found = find_inputs([str(tmp_path / "pipe.jsonl")])
    assert found.files == () and "FIFO" in found.skips[0].reason


# 9. Size and type are known before reading ------------------------------------------------------

def test_large_and_unsupported_files_are_never_opened(tmp_path, monkeypatch):
    folder = corpus(tmp_path / "in")
    for name in ("video.mp4", "huge.txt", "huge.jsonl"):
        with open(folder / name, "wb") as sparse:
            sparse.truncate(MAX_BYTES + 1)  # sparse: no disk used, but stat says 20 MB
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    with opened_files(monkeypatch, folder) as seen:
        sidecar = build(folder, tmp_path / "out")
    assert not [path for path in seen if Path(path).name in ("video.mp4", "huge.txt", "huge.jsonl", "notes.docx")]
    reasons = skipped(sidecar)
    assert reasons["huge.txt"] == f"too large ({MAX_BYTES + 1:,} bytes; limit {MAX_BYTES:,})"
    assert reasons["huge.jsonl"].startswith("too large")
    assert "unsupported file type '.mp4'" in reasons["video.mp4"]
    assert "unsupported file type '.docx'" in reasons["notes.docx"]


def test_a_file_swapped_after_it_was_found_is_refused(tmp_path):
    path = write(tmp_path, "a.txt", ARTICLE_A)
    (found,) = find_inputs([str(tmp_path)]).files
    path.unlink()
    os.mkfifo(path)
    with time_limit(30):
        (skip,) = read_file(found)
    assert "not a regular file (a FIFO)" in skip.reason


# 4. File names that are not UTF-8 ---------------------------------------------------------------

def test_a_file_name_that_is_not_utf8_is_shown_with_escapes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/\xff\xfe talks.txt", "wb") as out:
        out.write(ARTICLE_A.encode())
    with open(os.fsencode(folder) + b"/bad\xe9.json", "wb") as out:
        out.write(b"{not json")
    write(folder, "b.txt", ARTICLE_B)
    write(folder, "c.txt", "Dock workers in Serrin voted on Thursday to extend the strike by another week.\n")
    sidecar = build(folder, tmp_path / "out", formats=("md", "json", "html"))
    assert "\\xff\\xfe talks.txt" in source_names(sidecar)
    assert skipped(sidecar)["bad\\xe9.json"].startswith("not valid JSON")
    assert (tmp_path / "out" / "latest.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "shown"), [
    ("plain/a.txt", "plain/a.txt"),
    (os.fsdecode(b"\xff.txt"), "\\xff.txt"),
    ("line\nbreak.txt", "line\\x0abreak.txt"),
    ("\x1b[31mred.txt", "\\x1b[31mred.txt"),
    ("evil\u202etxt.exe", "evil\\u202etxt.exe"),
    ("caf\u00e9 \u2014 talks.txt", "caf\u00e9 \u2014 talks.txt"),
])
def test_shown_paths(name, shown):
    assert shown_path(name) == shown
    shown_path(name).encode("utf-8")


# 5. Deep nesting ------------------------------------------------------------------------------

def test_deeply_nested_json_is_skipped_with_a_reason(tmp_path):
    folder = corpus(tmp_path / "in")
    write(folder, "deep.json", "[" * 100_000)
    write(folder, "deep.jsonl", "[" * 100_000 + "\n" + json.dumps({"text": ARTICLE_B}) + "\n")
    write(folder, "digits.json", "1" * 5000)
    write(folder, "deep.html", "<div>" * 100_000 + "Talks resumed on Friday in the port city of Serrin.")
    write(folder, "deep.xml", "<rss><channel>" + "<x>" * 100_000)
    sidecar = build(folder, tmp_path / "out")
    reasons = skipped(sidecar)
    assert "nested too deeply" in reasons["deep.json"]
    assert "nested too deeply" in reasons["deep.jsonl#1"]
    assert "deep.jsonl#2" in source_names(sidecar)
    assert "digits" in reasons["digits.json"]
    assert {"deep.html", "deep.xml"} <= set(reasons)


# 6. URLs ----------------------------------------------------------------------------------------

URL_CASES = [
    ("https://news.example/a?b=1#c", "https://news.example/a?b=1#c"),
    ("  http://news.example/a  ", "http://news.example/a"),
    ("HTTPS://News.Example:8443/a", "HTTPS://News.Example:8443/a"),
    ("http://[::1]/x", "http://[::1]/x"),
    ("http://[::1/x", None),
    ("http://news.example:99999/", None),
    ("http://news.example:port/", None),
    ("http:///path-only", None),
    ("javascript:alert(1)", None),
    ("file:///etc/passwd", None),
    ("ftp://news.example/a", None),
    ("/relative/path", None),
    ("http://news.example/a b", None),
    ("http://news.example/\x00", None),
    ("http://news.example/" + "a" * 3000, None),
    ("", None),
    (42, None),
    (None, None),
]


@pytest.mark.parametrize(("value", "kept"), URL_CASES)
def test_safe_url(value, kept):
    assert safe_url(value) == kept


def test_a_broken_record_url_is_dropped_where_it_enters(tmp_path):
    folder = corpus(tmp_path / "in")
    write(folder, "r.jsonl", json.dumps({"url": "http://[::1/x", "title": "Ships wait", "text": (
        "The port authority said on Tuesday that 38 ships were waiting to enter the harbour at Serrin.")}) + "\n")
    write(folder, "f.rss", '<rss version="2.0"><channel><title>W</title><item><title>Fuel</title>'
          '<link>http://[::1/y</link><description>Petrol stations in 40 towns ran dry on Wednesday as the '
          'strike went on.</description></item></channel></rss>')
    sidecar = build(folder, tmp_path / "out")
    urls = {s["path"].rsplit("/", 1)[-1]: s["url"] for s in sidecar["sources"]}
    assert urls["r.jsonl#1"] is None and urls["f.rss#1"] is None


# 7 and 19. Dates ---------------------------------------------------------------------------------

DATE_CASES = [
    ("2026-11-20", "2026-11-20T00:00:00+00:00"),
    ("2026-11-20T08:00:00Z", "2026-11-20T08:00:00+00:00"),
    ("2026-11-20T08:00:00+02:00", "2026-11-20T08:00:00+02:00"),
    ("Fri, 20 Nov 2026 08:00:00 GMT", "2026-11-20T08:00:00+00:00"),
    ("0000-01-01T00:00:00Z", None),
    ("0001-01-01T00:00:00+01:00", None),  # year 0 once in UTC
    ("9999-12-31T23:00:00-05:00", None),  # year 10000 once in UTC
    ("9999-12-31T23:00:00Z", "9999-12-31T23:00:00+00:00"),
    ("yesterday", None),
    ("2026-13-45", None),
    ("x" * 10_000, None),
    (time.struct_time((0, 1, 1, 0, 0, 0, 0, 1, 0)), None),
    (time.struct_time((2026, 11, 20, 8, 0, 0, 4, 324, 0)), "2026-11-20T08:00:00+00:00"),
    (1.8e9, "2027-01-15T08:00:00+00:00"),
    (1e20, None),
    (float("nan"), None),
    (True, None),
    (None, None),
]


@pytest.mark.parametrize(("value", "parsed"), DATE_CASES)
def test_safe_date(value, parsed):
    found = safe_date(value)
    assert (found.isoformat() if found else None) == parsed
    assert found is None or found.tzinfo is not None


def test_a_feed_date_out_of_range_falls_back_to_the_file_time(tmp_path):
    folder = corpus(tmp_path / "in")
    write(folder, "f.atom", '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
          '<entry><title>Ships</title><updated>0000-01-01T00:00:00Z</updated><content type="html">The port '
          'authority said on Tuesday that 38 ships were waiting to enter the harbour.</content></entry></feed>')
    sidecar = build(folder, tmp_path / "out")
    (atom,) = [s for s in sidecar["sources"] if s["path"].endswith("f.atom#1")]
    assert atom["published_from"] == "mtime"


def set_mtime(path: Path, when: datetime) -> None:
    os.utime(path, (when.timestamp(), when.timestamp()))


def test_future_dates_are_not_believed(tmp_path, caplog):
    """A year-9999 date in a record falls back to the file's time; a file touched five
    years ahead is undated; both with a warning, once per file."""
    now = datetime.now(timezone.utc)
    folder = corpus(tmp_path / "in")
    records = [{"title": f"Old {n}", "published": "9999-01-01T00:00:00Z",
                "text": f"Report {n}: the harbour master said on Monday that {n + 30} ships were at anchor."}
               for n in range(3)]
    future = write(folder, "future.jsonl", "\n".join(json.dumps(r) for r in records) + "\n")
    set_mtime(future, now - timedelta(days=10))
    ahead = write(folder, "ahead.txt", "Officials in Serrin said on Friday that the talks would resume next week.\n")
    set_mtime(ahead, now + timedelta(days=5 * 365))
    caplog.set_level(logging.WARNING, logger="briefing")
    sidecar = build(folder, tmp_path / "out", since="2d", generated_at=None)
    names = source_names(sidecar)
    assert not any(name.startswith("future.jsonl") for name in names), "dated ten days ago: outside the window"
    assert sidecar["out_of_window"] >= 3
    (undated,) = [s for s in sidecar["sources"] if s["path"].endswith("ahead.txt")]
    assert undated["published"] is None and undated["published_from"] == ""
    warnings = [r.getMessage() for r in caplog.records if "more than a day after now" in r.getMessage()]
    assert len(warnings) == 2, warnings
    assert any("and 2 more" in w and "modification time" in w for w in warnings)


# 10-12. A damaged, foreign or read-only cache, a FIFO where it should be ---------------------------

def damage(cache: Path, rows: int) -> None:
    """Overwrite the stored results of ``rows`` entries with bytes that are no pickle."""
    with sqlite3.connect(cache / "results.sqlite") as db:
        keys = [key for (key,) in db.execute("SELECT key FROM results ORDER BY key LIMIT ?", (rows,))]
        db.executemany("UPDATE results SET value = ? WHERE key = ?", [(b"damaged", key) for key in keys])
    db.close()


def test_a_damaged_entry_in_a_read_only_cache_is_recomputed(tmp_path, monkeypatch, caplog):
    cache = tmp_path / "cache"
    expected = build(EXAMPLE, tmp_path / "a", cache=str(cache))
    damage(cache, 2)
    real_connect = sqlite3.connect

    def read_only(database, *args, **kwargs):  # chmod does not stop root: open it read-only instead
        return real_connect(f"{Path(database).resolve().as_uri()}?mode=ro", *args, **{**kwargs, "uri": True})

    monkeypatch.setattr("briefing.run.store.sqlite3.connect", read_only)
    caplog.set_level(logging.WARNING, logger="briefing")
    again = build(EXAMPLE, tmp_path / "b", cache=str(cache))
    assert {k: v for k, v in again.items() if k != "generated_at"} == {
        k: v for k, v in expected.items() if k != "generated_at"}
    messages = [r.getMessage() for r in caplog.records]
    assert sum("unreadable" in m for m in messages) == 2
    assert any("cannot write the cache" in m for m in messages)


def test_a_cache_file_that_is_not_a_database_is_replaced(tmp_path, caplog):
    cache = tmp_path / "cache"
    expected = build(EXAMPLE, tmp_path / "a", cache=str(cache))
    (cache / "results.sqlite").write_bytes(b"half a database, cut off by a full disk" * 100)
    caplog.set_level(logging.WARNING, logger="briefing")
    again = build(EXAMPLE, tmp_path / "b", cache=str(cache))
    assert again["sections"] == expected["sections"]
    assert any("starting a new one" in r.getMessage() for r in caplog.records)
    caplog.clear()
    build(EXAMPLE, tmp_path / "c", cache=str(cache))
    assert not caplog.records, "the new cache is whole"


def test_a_fifo_in_the_cache_is_discarded_not_waited_on(tmp_path, caplog):
    cache = tmp_path / "cache"
    build(EXAMPLE, tmp_path / "a", cache=str(cache))
    (cache / "results.sqlite").unlink()
    os.mkfifo(cache / "results.sqlite")
    caplog.set_level(logging.WARNING, logger="briefing")
    with time_limit(60):
        build(EXAMPLE, tmp_path / "b", cache=str(cache))
    assert any("not a regular file" in r.getMessage() for r in caplog.records)


# 13. Outputs are never inputs ------------------------------------------------------------------------

def test_an_output_folder_inside_the_input_folder_is_never_read(tmp_path):
    folder = corpus(tmp_path / "in")
    first = build(folder, folder / "briefs", formats=("md", "json", "html"))
    second = build(folder, folder / "briefs", formats=("md", "json", "html"),
                   generated_at=WHEN + timedelta(days=1))
    assert source_names(second) == source_names(first)
    assert second["skipped"] == first["skipped"] == []


def test_brief_build_dot_does_not_read_its_own_output(tmp_path, monkeypatch):
    corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    first = build(".", "output")
    second = build(".", "output", generated_at=WHEN + timedelta(days=1), cache=str(tmp_path / "elsewhere"))
    third = build(".", "output", generated_at=WHEN + timedelta(days=2), cache=str(tmp_path / "elsewhere"))
    assert source_names(first) == source_names(second) == source_names(third)
    assert third["skipped"] == []


def test_an_output_folder_that_is_the_input_folder_leaves_its_briefs_out(tmp_path):
    folder = corpus(tmp_path / "in")
    first = build(folder, folder)
    second = build(folder, folder, generated_at=WHEN + timedelta(days=1))
    assert source_names(second) == source_names(first)
    assert set(skipped(second)) == {"2026-11-21-in.md", "2026-11-21-in.json"}
    assert all("named like a brief" in reason for reason in skipped(second).values())


# 14. Symbolic links ------------------------------------------------------------------------------------

SECRET = "The secret password of the harbour office is swordfish, officials said on Monday.\n"


def test_links_to_files_outside_the_inputs_are_not_followed(tmp_path):
    folder = corpus(tmp_path / "in")
    outside = write(tmp_path / "private", "secret.txt", SECRET)
    (folder / "passwd.txt").symlink_to(outside)
    (folder / "private").symlink_to(outside.parent, target_is_directory=True)
    (folder / "again.txt").symlink_to(folder / "01-almery-courier.txt")  # inside: read once
    (folder / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    sidecar = build(folder, tmp_path / "out", formats=("md", "json", "html"))
    reasons = skipped(sidecar)
    assert "outside the inputs" in reasons["passwd.txt"] and "outside the inputs" in reasons["private"]
    assert "broken symbolic link" in reasons["dangling.txt"] or "outside" in reasons["dangling.txt"]
    assert len(sidecar["sources"]) == 5
    for name in ("latest.md", "latest.json", "latest.html"):
        assert "swordfish" not in (tmp_path / "out" / name).read_text(encoding="utf-8")


def test_a_named_link_and_a_link_into_another_named_folder_are_read(tmp_path):
    a = write(tmp_path / "one", "a.txt", ARTICLE_A)
    write(tmp_path / "two", "b.txt", ARTICLE_B)
    (tmp_path / "one" / "b.txt").symlink_to(tmp_path / "two" / "b.txt")
    (tmp_path / "named.txt").symlink_to(a)
    found = find_inputs([str(tmp_path / "one"), str(tmp_path / "two"), str(tmp_path / "named.txt")])
    assert [f.path.name for f in found.files] == ["a.txt", "b.txt"]  # each once
    assert found.skips == ()


def test_an_unlistable_folder_is_a_skip(tmp_path, monkeypatch):
    folder = corpus(tmp_path / "in")
    write(folder / "locked", "x.txt", ARTICLE_A)
    real_scandir = os.scandir

    def refusing(path="."):
        if Path(os.fsdecode(path)).name == "locked":
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)  # chmod 000 does not stop root: pretend instead
    found = find_inputs([str(folder)])
    assert [(Path(s.path).name, s.reason) for s in found.skips] == [
        ("locked", "cannot list folder: Permission denied")]
    assert len(found.files) == 5


# 15. Syndication at any scale ---------------------------------------------------------------------------

def article_sentences(article_id: str, text: str) -> tuple[str, list[Sentence]]:
    return article_id, [Sentence(article_id, i, line, 0, 0, 0) for i, line in enumerate(text.splitlines()) if line]


@pytest.mark.parametrize("copies", [2, 51, 60, 300])
def test_every_copy_of_a_syndicated_story_is_found(copies):
    story = ARTICLE_A + ("The talks are expected to continue into the weekend, a spokesman for the union said.\n"
                         "Ships have been queuing outside the harbour since the strike began ten days ago.\n")
    articles = [article_sentences(f"copy{n}", story + f"Syndicated by outlet number {n} on the wire today.\n")
                for n in range(copies)]
    articles.insert(1, article_sentences("other", ARTICLE_B))
    found = find_duplicate_articles(articles)
    assert found == {f"copy{n}": "copy0" for n in range(1, copies)}


def test_copies_match_a_brute_force_jaccard():
    import numpy as np

    from briefing.dedupe import DUPLICATE_JACCARD, copies_by_shingles

    rng = np.random.default_rng(0)
    for trial in range(30):
        vocabulary = rng.integers(5, 60)
        sets = [np.unique(rng.integers(0, vocabulary, rng.integers(0, 25))).astype(np.uint64) for _ in range(40)]
        articles = [(str(i), s) for i, s in enumerate(sets)]
        expected: dict[str, str] = {}
        for i in range(len(sets)):
            for j in range(i + 1, len(sets)):
                shared = len(np.intersect1d(sets[i], sets[j]))
                union = len(sets[i]) + len(sets[j]) - shared
                if union and shared >= DUPLICATE_JACCARD * union and str(j) not in expected:
                    expected[str(j)] = expected.get(str(i), str(i))
        assert copies_by_shingles(articles) == expected, trial


# 17. One bad byte does not make a UTF-8 file cp1252 -----------------------------------------------------

def test_one_bad_byte_in_utf8_is_one_replacement_character():
    text = "The minister\u2019s caf\u00e9 statement \u2014 on Monday \u2014 was na\u00efve, critics said.\n"
    data = text.encode("utf-8").replace(b"on Monday", b"on \xffMonday")
    assert decode(data) == text.replace("on Monday", "on \ufffdMonday")
    cp1252 = text.encode("cp1252")
    assert decode(cp1252) == text, "cp1252 is still read as cp1252"


# 18. A million bad records are one line ----------------------------------------------------------------

def test_many_bad_records_are_summed_up_in_one_skip(tmp_path):
    folder = corpus(tmp_path / "in")
    write(folder, "empty.json", "[" + ",".join(["{}"] * 100_000) + "]")
    write(folder, "few.jsonl", "{}\n" * 3)
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "briefing.cli", "build", str(folder), "-o", str(out),
                          "--format", "md,json", "-j", "1"], capture_output=True, text=True, timeout=300,
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 4, lines  # the summary and three listed records
    assert "100,000 of 100,000 records skipped (#1, #2, #3, #4, #5 and 99,995 more); #1: record has no text" in lines[0]
    assert (out / "latest.json").stat().st_size < 100_000
    assert sum(p.stat().st_size for p in (out / ".cache").rglob("*") if p.is_file()) < 1_000_000


# Anything at all: every reader and the cleaner, on random names, bytes and records -----------------------

WEIRD = ["\ud800", "\udcff", "\x00", "\x1b[2J", "\u2028", "\u202e", "\r\n", "<p>", "&#55296;", "]]>", "\ufeff"]
TEXTS = st.lists(st.one_of(st.text(max_size=40), st.sampled_from(WEIRD)), max_size=6).map("".join)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), TEXTS)
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=3), st.dictionaries(TEXTS, SCALARS, max_size=2))
SENTENCES = st.sampled_from([ARTICLE_A, ARTICLE_B, "<p>Talks resumed.</p><script>x()</script>", "  "])
RECORDS = st.fixed_dictionaries({}, optional={
    "text": st.one_of(SENTENCES, VALUES), "content": VALUES, "title": VALUES, "headline": VALUES,
    "url": st.one_of(st.sampled_from([value for value, _ in URL_CASES if isinstance(value, str)]), VALUES),
    "published": st.one_of(st.sampled_from([v for v, _ in DATE_CASES if isinstance(v, str)]), VALUES),
})


def as_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # a lone surrogate becomes bytes that are not UTF-8


@st.composite
def hostile_files(draw) -> tuple[bytes, bytes]:
    """(file name, content): random bytes under any name, or random records in the format its suffix says."""
    name = draw(st.binary(min_size=1, max_size=12).filter(lambda b: b"/" not in b and b"\x00" not in b
                                                          and not b.startswith(b".")))
    suffix = draw(st.sampled_from(sorted(READERS) + [".mp4", ""]))
    records = draw(st.lists(st.one_of(RECORDS, VALUES), max_size=4))
    ascii_only = draw(st.booleans())
    if draw(st.booleans()) or suffix in (".mp4", ""):
        content = draw(st.binary(max_size=800))
    elif suffix == ".json":
        content = as_bytes(json.dumps(records if draw(st.booleans()) else records[:1] or None, ensure_ascii=ascii_only))
    elif suffix in (".jsonl", ".ndjson"):
        junk = draw(st.lists(TEXTS, max_size=2))
        content = as_bytes("\n".join([json.dumps(r, ensure_ascii=ascii_only) for r in records] + junk))
    elif suffix in (".rss", ".atom", ".xml"):
        items = "".join(f"<item><title>{xml_escape(str(r.get('title')))}</title><link>{xml_escape(str(r.get('url')))}"
                        f"</link><pubDate>{xml_escape(str(r.get('published')))}</pubDate><description>"
                        f"{xml_escape(str(r.get('text')))}</description></item>"
                        for r in records if isinstance(r, dict))
        content = as_bytes(f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>')
    else:
        content = as_bytes(draw(st.one_of(SENTENCES, TEXTS)) + draw(TEXTS))
    return name + os.fsencode(suffix), content


def xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def assert_writable(*values: object) -> None:
    """What the brief writes of a value: JSON, as UTF-8."""
    json.dumps([v for v in values], ensure_ascii=False).encode("utf-8")


@settings(max_examples=120, deadline=None)
@given(found=hostile_files())
def test_any_file_becomes_articles_or_a_skip(found):
    name, content = found
    with tempfile.TemporaryDirectory() as folder:
        with open(os.fsencode(folder) + b"/" + name, "wb") as out:
            out.write(content)
        inputs = find_inputs([folder])
        outcomes = list(inputs.skips)
        for file in inputs.files:
            result = read_and_clean(file)
            outcomes.extend(result.skips)
            outcomes.extend(result.articles)
            for clean in result.articles:
                article = clean.article
                assert article.text.strip()
                assert article.url is None or article.url.lower().startswith(("http://", "https://"))
                assert article.published is None or article.published.astimezone(timezone.utc)
                assert_writable(article.id, article.path, article.title, article.text, article.url,
                                [block.text for block in clean.blocks])
        assert len(outcomes) >= 1, "every file found is read or skipped"
        for skip in (o for o in outcomes if isinstance(o, Skip)):
            assert skip.reason
            assert_writable(skip.path, skip.reason)
