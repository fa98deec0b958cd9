"""End to end: the bundled example and the shared scraped corpus, through the library and the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing import Config, build_brief, summarize
from briefing.errors import ConfigError, NoUsableInput

from .conftest import ARTICLE_A, ARTICLE_B, EXAMPLE, write
from .test_clean import SHARED_NOT_QUOTABLE


def squash(text: str) -> str:
    return " ".join(text.split())


def brief_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefing.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def check_outputs(out: Path, inputs_root: Path) -> dict:
    """The checks every built brief must pass; returns the sidecar."""
    (md_path,) = out.glob("2*.md")
    (pdf_path,) = out.glob("2*.pdf")
    (json_path,) = out.glob("2*.json")
    for fmt, dated in (("md", md_path), ("pdf", pdf_path), ("json", json_path)):
        assert (out / f"latest.{fmt}").read_bytes() == dated.read_bytes()
    assert len(PdfReader(pdf_path).pages) == 1
    data = json.loads(json_path.read_text(encoding="utf-8"))
    md = md_path.read_text(encoding="utf-8")
    sources = {s["id"]: s for s in data["sources"]}
    items = [i for s in data["sections"] for i in s["items"]]
    assert items, "the brief quotes something"
    quoted = [i["text"] for i in items]
    assert len(quoted) == len(set(quoted)), "no sentence is quoted twice"
    for item in items:
        source = sources[item["source"]]
        original = Path(source["path"]).read_text(encoding="utf-8")
        assert squash(item["text"]) in squash(original), "quoted verbatim from its source file"
        assert f"[{source['number']}]" in md
        unescaped = re.sub(r"\\(.)", r"\1", md)
        assert f"{squash(item['text'])} [{source['number']}]" in squash(unescaped)
    return data


def test_example_builds_through_the_cli(tmp_path):
    result = brief_cli("build", str(EXAMPLE), "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.split()) == 3 and all(Path(p).exists() for p in result.stdout.split())
    data = check_outputs(tmp_path, EXAMPLE)
    copies = {s["id"]: s["duplicate_of"] for s in data["sources"] if s["duplicate_of"]}
    assert copies == {"05-coastal-times": "03-meridian-wire"}, "the syndicated copy is found"
    assert not any(i["source"] == "05-coastal-times" for s in data["sections"] for i in s["items"])


def test_shared_corpus_brief(shared_corpus, tmp_path):
    brief = build_brief(Config(inputs=(str(shared_corpus),), output_dir=str(tmp_path)))
    assert len(brief.written) == 3
    data = check_outputs(tmp_path, shared_corpus)
    assert data["title"] == "Ukraine talks" and len(data["sources"]) == 5
    text = " ".join(i["text"] for s in data["sections"] for i in s["items"]).lower()
    for junk in ("leave a reply", "more like this", "advertisement", "photo credit", "|", "let’s break down"):
        assert junk not in text
    for line in SHARED_NOT_QUOTABLE:
        if len(line) > 12:  # short labels ("Related", "Popular") are ordinary words in sentences
            assert line.lower() not in text, line


def test_summarize_duc_cluster_within_budget(shared_eval):
    docs = sorted((shared_eval / "duc2003_task2" / "d30005t" / "docs").glob("*.txt"))
    sentences = summarize([str(p) for p in docs], 100)
    count = sum(len(s.split()) for s in sentences)
    assert 50 <= count <= 100
    corpus = squash(" ".join(p.read_text(encoding="utf-8") for p in docs))
    assert all(squash(s) in corpus for s in sentences)


def test_summarize_cli_prints_one_sentence_a_line(tmp_path):
    write(tmp_path, "a.txt", ARTICLE_A)
    write(tmp_path, "b.txt", ARTICLE_B)
    result = brief_cli("summarize", str(tmp_path), "--words", "40")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines and sum(len(line.split()) for line in lines) <= 40
    assert all(line in ARTICLE_A + ARTICLE_B for line in lines)


def test_unknown_summarizer_exits_2_and_lists_valid_names(tmp_path):
    result = brief_cli("build", str(EXAMPLE), "-o", str(tmp_path), "--summarizer", "nope")
    assert result.returncode == 2
    assert "lexrank" in result.stderr and "textrank" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())


def test_missing_input_exits_2(tmp_path):
    result = brief_cli("build", str(tmp_path / "nowhere"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and "input not found" in result.stderr


def test_no_usable_article_exits_1(tmp_path):
    write(tmp_path, "in/empty.txt", "")
    write(tmp_path, "in/furniture.txt", "LEAVE A REPLY\nSubscribe\nShare post:\n")
    result = brief_cli("build", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "no usable article" in result.stderr and "Traceback" not in result.stderr
    with pytest.raises(NoUsableInput):
        build_brief(Config(inputs=(str(tmp_path / "in"),), output_dir=str(tmp_path / "out")))


def test_skips_are_warnings_and_strict_makes_them_fatal(tmp_path):
    write(tmp_path, "in/a.txt", ARTICLE_A)
    write(tmp_path, "in/b.txt", ARTICLE_B)
    write(tmp_path, "in/broken.txt", b"\x00\x01\x02binary")
    result = brief_cli("build", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert result.returncode == 0
    assert "broken.txt" in result.stderr and "binary" in result.stderr
    data = json.loads((tmp_path / "out" / "latest.json").read_text())
    assert [s["path"].rsplit("/", 1)[-1] for s in data["skipped"]] == ["broken.txt"]
    strict = brief_cli("build", str(tmp_path / "in"), "-o", str(tmp_path / "out2"), "--strict")
    assert strict.returncode == 1


def test_unwritable_output_exits_1(tmp_path):
    blocker = write(tmp_path, "file", "not a folder")
    result = brief_cli("build", str(EXAMPLE), "-o", str(blocker / "out"))
    assert result.returncode == 1 and "cannot write" in result.stderr


def test_config_lists_every_problem_at_once(tmp_path):
    with pytest.raises(ConfigError) as error:
        Config(inputs=(str(tmp_path / "x"),), summarizer="nope", page_size="A5").validated()
    message = str(error.value)
    assert "input not found" in message and "unknown summarizer" in message and "page size" in message


def test_inputs_are_never_modified(tmp_path):
    folder = tmp_path / "in"
    write(folder, "a.txt", ARTICLE_A)
    write(folder, "b.txt", ARTICLE_B)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    build_brief(Config(inputs=(str(folder),), output_dir=str(tmp_path / "out")))
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]


def test_the_sidecar_says_why_the_best_left_out_sentences_were_left_out(tmp_path):
    import json

    from briefing import Config, build_brief

    brief = build_brief(Config(inputs=(str(EXAMPLE),), output_dir=str(tmp_path), formats=("json",)))
    sidecar = json.loads(Path(brief.written[0]).read_text(encoding="utf-8"))
    runners = sidecar["runners_up"]
    quoted = {(i["source"], i["sentence"]) for s in sidecar["sections"] for i in s["items"]}
    assert 1 <= len(runners) <= 5
    assert all(r["reason"] and "combined" in r["why"] for r in runners)
    assert not quoted & {(r["source"], r["sentence"]) for r in runners}
    # The syndicated copy's sentences are not runners-up: its article is a duplicate, not a source.
    assert any(r["reason"].startswith("repeats ") for r in runners) or len(runners) == 5
