"""Nightly memory with real builds: each brief says what is new since the last one,
never repeats it, and the output folder is an archive (index.html, feed.atom)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import pytest

from briefing.assemble import same_event

from .conftest import EXAMPLE

BRIEF = [sys.executable, "-m", "briefing.cli"]
DAY = 86400
MONDAY = int(datetime(2026, 11, 16, 9, 0, tzinfo=timezone.utc).timestamp())


def arrive(folder: Path, names: list[str], when: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(EXAMPLE / name, folder / name)
        os.utime(folder / name, (when, when))


def night(folder: Path, out: Path, when: int, *extra: str) -> tuple[subprocess.CompletedProcess, dict | None]:
    result = subprocess.run([*BRIEF, "build", str(folder), "-o", str(out), "--format", "md,json,html", *extra],
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "SOURCE_DATE_EPOCH": str(when)})
    sidecar = next((p for p in result.stdout.split() if p.endswith(".json")), None)
    return result, json.loads(Path(sidecar).read_text()) if sidecar else None


def headline(brief: dict) -> list[dict]:
    return [i for s in brief["sections"] if s["name"] in ("bottom_line", "developments") for i in s["items"]]


@pytest.fixture
def two_nights(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    arrive(folder, ["01-almery-courier.txt", "02-harbour-gazette.md", "03-meridian-wire.txt"], MONDAY)
    first, brief1 = night(folder, out, MONDAY + DAY // 2)
    assert first.returncode == 0, first.stderr
    arrive(folder, ["04-business-daily.txt", "05-coastal-times.txt"], MONDAY + DAY)
    second, brief2 = night(folder, out, MONDAY + DAY + DAY // 2)
    assert second.returncode == 0, second.stderr
    return folder, out, brief1, brief2


def test_the_second_night_is_an_update_of_the_first(two_nights):
    folder, out, brief1, brief2 = two_nights
    assert brief1["previous"] is None and brief1["new_sources"] is None
    assert brief2["previous"]["generated_at"] == brief1["generated_at"]
    assert Path(brief2["previous"]["path"]).name.endswith(".json")
    ids = {s["id"]: Path(s["path"]).name for s in brief2["sources"]}
    # 05 is a syndicated copy of 03, which the reader has seen: not news.
    assert [ids[i] for i in brief2["new_sources"]] == ["04-business-daily.txt"]
    for item in headline(brief2):
        assert item["new"] == (ids[item["source"]] == "04-business-daily.txt")
    said = {i["text"] for i in headline(brief1)}
    assert not [i["text"] for i in headline(brief2) if i["text"] in said]
    seen = {i["text"] for s in brief1["sections"] for i in s["items"]}
    repeated = brief2["repeated_from_previous"]
    assert repeated and all(r["repeats"] in seen for r in repeated)


def test_the_update_page_marks_what_is_new_and_since_when(two_nights):
    folder, out, brief1, brief2 = two_nights
    md = (out / "latest.md").read_text()
    assert "1 new source since 16 Nov 2026, 21:00" in md
    assert "**new**" in md
    bottom = brief2["sections"][0]["items"]
    assert bottom and all(i["new"] for i in bottom), "the bottom line states what changed"


def test_a_night_with_nothing_new_says_so_and_is_archived(two_nights):
    folder, out, brief1, brief2 = two_nights
    third, brief3 = night(folder, out, MONDAY + 2 * DAY + DAY // 2)
    assert third.returncode == 0, third.stderr
    first_lines = [line for line in (out / "latest.md").read_text().splitlines() if line.strip()][:3]
    assert any(line.startswith("**No new reports since 17 Nov 2026") for line in first_lines)
    assert brief3["new_sources"] == []
    assert headline(brief3), "the previous picture stays on the page"
    index = (out / "index.html").read_text()
    assert index.count("<article") == 3
    feed = feedparser.parse((out / "feed.atom").read_bytes())
    assert not feed.bozo and len(feed.entries) == 3
    assert "No new reports" in feed.entries[0].summary or feed.entries[0].summary


def test_fresh_gives_the_sections_of_a_build_in_an_empty_folder(two_nights, tmp_path):
    folder, out, _, _ = two_nights
    when = MONDAY + 2 * DAY
    _, fresh = night(folder, out, when, "--fresh")
    _, empty = night(folder, tmp_path / "empty", when)
    assert fresh["previous"] is None and empty["previous"] is None
    assert fresh["sections"] == empty["sections"]


def test_fresh_in_brief_toml(two_nights, tmp_path):
    folder, out, _, _ = two_nights
    config = tmp_path / "brief.toml"
    config.write_text(f'inputs = ["{folder}"]\noutput = "{out}"\nfresh = true\nformats = ["json"]\n')
    result = subprocess.run([*BRIEF, "build", "-c", str(config)], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "SOURCE_DATE_EPOCH": str(MONDAY + 3 * DAY)})
    assert result.returncode == 0, result.stderr
    assert json.loads(Path(result.stdout.split()[0]).read_text())["previous"] is None


def test_a_damaged_previous_brief_warns_once_and_builds_fresh(two_nights):
    folder, out, _, brief2 = two_nights
    latest_dated = sorted(out.glob("2*.json"))[-1]
    latest_dated.write_text("{ not json")
    result, brief = night(folder, out, MONDAY + 3 * DAY)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("previous brief") == 1 and "fresh" in result.stderr
    assert brief["previous"] is None


def test_a_previous_brief_of_another_version_builds_fresh(two_nights):
    folder, out, _, _ = two_nights
    latest_dated = sorted(out.glob("2*.json"))[-1]
    data = json.loads(latest_dated.read_text())
    latest_dated.write_text(json.dumps({**data, "briefing": "0.0.1"}))
    result, brief = night(folder, out, MONDAY + 3 * DAY)
    assert result.returncode == 0 and "another version" in result.stderr
    assert brief["previous"] is None


def test_keep_prunes_old_briefs_from_the_folder_and_the_archive(two_nights):
    folder, out, _, _ = two_nights
    result, _ = night(folder, out, MONDAY + 10 * DAY, "--keep", "3")
    assert result.returncode == 0, result.stderr
    dated = sorted(p.name for p in out.glob("2*"))
    assert dated and all(name.startswith("2026-11-26") for name in dated)
    assert (out / "latest.md").exists()
    assert (out / "index.html").read_text().count("<article") == 1


def test_a_hostile_title_is_safe_in_the_archive(tmp_path):
    folder = tmp_path / "in"
    arrive(folder, ["01-almery-courier.txt", "03-meridian-wire.txt", "04-business-daily.txt"], MONDAY)
    title = '<script>alert(1)</script> ]]> & "quotes" \u202e'
    result, brief = night(folder, tmp_path / "out", MONDAY + DAY, "--title", title)
    assert result.returncode == 0, result.stderr
    index = (tmp_path / "out" / "index.html").read_text()
    assert "<script>" not in index and "&lt;script&gt;" in index
    feed = feedparser.parse((tmp_path / "out" / "feed.atom").read_bytes())
    assert not feed.bozo and "<script>" in feed.entries[0].title


def test_updated_tolls_are_one_event_and_different_counts_are_not():
    assert same_event("The bomb killed at least 247 people in Nairobi, officials said.",
                      "The death toll in the Nairobi bombing rose to 253 people on Sunday.")
    assert not same_event("The bomb killed at least 247 people in Nairobi, officials said.",
                          "The union is demanding an 11 percent pay rise over two years.")
    assert not same_event("The bomb killed at least 247 people in Nairobi, officials said.",
                          "At least 247 people were killed by the bomb in Nairobi.")


def test_every_quoted_line_is_dated_and_developments_are_in_date_order(two_nights):
    _, _, brief1, _ = two_nights
    items = [i for s in brief1["sections"] for i in s["items"]]
    assert items and all(i["date"] and i["date_from"] in ("sentence", "published") for i in items)
    days = [i["date"] for s in brief1["sections"] if s["name"] == "developments" for i in s["items"]]
    assert days == sorted(days)
