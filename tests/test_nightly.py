"""Nightly operation with real processes: config files, time windows, atomic
outputs, locking, logs and exit codes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing import cli
from briefing.config import load_configs, read_file
from briefing.errors import ConfigError

from .conftest import ARTICLE_A, ARTICLE_B, EXAMPLE, ROOT, write

BRIEF = [sys.executable, "-m", "briefing.cli"]


def run(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*BRIEF, *args], capture_output=True, text=True, cwd=cwd, timeout=timeout)


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([*BRIEF, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def hold_lock(folder: Path, seconds: float) -> subprocess.Popen:
    """Another process holding the output folder's lock for ``seconds``; returns once it holds it."""
    code = ("import sys, time; from briefing.write import output_lock\n"
            "with output_lock(sys.argv[1]):\n    print('held', flush=True); time.sleep(float(sys.argv[2]))")
    holder = subprocess.Popen([sys.executable, "-c", code, str(folder), str(seconds)], stdout=subprocess.PIPE,
                              text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def complete_outputs(folder: Path) -> None:
    """Every visible output is whole: PDFs open with one page, JSON parses, Markdown has a title."""
    for path in folder.iterdir():
        if path.name.startswith("."):
            continue
        if path.suffix == ".pdf":
            assert len(PdfReader(path).pages) == 1, path
        elif path.suffix == ".json":
            assert json.loads(path.read_text())["sections"], path
        elif path.suffix == ".md":
            assert path.read_text().startswith("# "), path
        elif path.name == "index.html":
            assert path.read_text().rstrip().endswith("</html>"), path
        elif path.name == "feed.atom":
            assert path.read_text().rstrip().endswith("</feed>"), path


def test_lock_held_exits_1_naming_the_lock_then_wait_succeeds(tmp_path):
    out = tmp_path / "out"
    holder = hold_lock(out, 20)  # long enough for the refused build to start on a loaded machine
    try:
        refused = run("build", str(EXAMPLE), "-o", str(out))
        assert refused.returncode == 1
        assert "another brief build" in refused.stderr and ".brief.lock" in refused.stderr
        assert not list(out.glob("*.md"))
        waited = run("build", str(EXAMPLE), "-o", str(out), "--wait", "60")
        assert waited.returncode == 0, waited.stderr
    finally:
        holder.wait(timeout=30)
    complete_outputs(out)


def test_two_overlapping_builds_never_damage_the_output(tmp_path):
    out = tmp_path / "out"
    first, second = start("build", str(EXAMPLE), "-o", str(out)), start("build", str(EXAMPLE), "-o", str(out))
    results = [p.wait(timeout=120) for p in (first, second)]
    errors = [p.stderr.read() for p in (first, second)]
    assert 0 in results and set(results) <= {0, 1}
    for status, error in zip(results, errors, strict=True):
        if status == 1:
            assert "lock" in error
    complete_outputs(out)


@pytest.mark.parametrize("delay", [0.2, 0.8, 1.4, 2.0, 2.6, 3.2])
def test_sigkill_at_any_moment_leaves_no_partial_file(tmp_path, delay):
    out = tmp_path / "out"
    first = run("build", str(EXAMPLE), "-o", str(out))
    assert first.returncode == 0
    earlier = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
    victim = start("build", str(EXAMPLE), "-o", str(out))
    time.sleep(delay)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    complete_outputs(out)
    for name, data in earlier.items():
        if not name.startswith("latest.") and name not in ("index.html", "feed.atom"):  # rewritten by each build
            assert (out / name).read_bytes() == data, f"earlier brief {name} changed"
    after = run("build", str(EXAMPLE), "-o", str(out))
    assert after.returncode == 0, after.stderr
    assert not list(out.glob(".*.tmp")), "temporary files of the killed run are cleaned up"
    complete_outputs(out)


def test_second_brief_of_the_day_gets_a_time_suffix(tmp_path):
    out = tmp_path / "out"
    assert run("build", str(EXAMPLE), "-o", str(out)).returncode == 0
    second = run("build", str(EXAMPLE), "-o", str(out))
    names = sorted(p.name for p in out.glob("2*.md"))
    assert len(names) == 2 and names[1] != names[0]
    assert (out / "latest.md").read_bytes() == Path(second.stdout.split()[0]).read_bytes()


def test_since_over_old_undated_files_exits_1_and_keeps_latest(tmp_path):
    folder = tmp_path / "in"
    for name, text in (("a.txt", ARTICLE_A), ("b.txt", ARTICLE_B)):
        path = write(folder, name, text)
        old = time.time() - 40 * 86400
        os.utime(path, (old, old))
    out = tmp_path / "out"
    assert run("build", str(folder), "-o", str(out)).returncode == 0
    before = {p.name: p.read_bytes() for p in out.glob("latest.*")}
    result = run("build", str(folder), "-o", str(out), "--since", "24h")
    assert result.returncode == 1
    assert "outside the time window" in result.stderr and "Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in out.glob("latest.*")} == before
    recent = run("build", str(folder), "-o", str(out), "--since", "60d")
    assert recent.returncode == 0
    assert "since" in (out / "latest.md").read_text().splitlines()[2]


def test_invalid_config_lists_all_its_errors(tmp_path):
    config = write(tmp_path, "brief.toml", 'inputs = "not-a-list"\nsummarizer = "nope"\ncolour = "red"\n'
                   'since = "yesterday"\nwait = -1\n[brief.x]\ninputs = ["missing"]\n')
    result = run("build", "-c", str(config))
    assert result.returncode == 2
    for expected in ("inputs must be a list", "unknown summarizer", "unknown key 'colour'", "since:",
                     "input not found", "wait must be"):
        assert expected in result.stderr, expected


def test_config_file_defines_several_briefs_and_one_failure_does_not_stop_the_others(tmp_path):
    write(tmp_path, "a/one.txt", ARTICLE_A)
    write(tmp_path, "a/two.txt", ARTICLE_B)
    write(tmp_path, "empty/blank.txt", "")
    write(tmp_path, "brief.toml", 'output = "briefs"\n[brief.port]\ninputs = ["a"]\ntitle = "Port"\n'
          '[brief.nothing]\ninputs = ["empty"]\n')
    result = run("build", cwd=tmp_path)
    assert result.returncode == 1
    assert (tmp_path / "briefs" / "port" / "latest.pdf").is_file()
    assert "nothing: no usable article" in result.stderr
    only = run("build", "--only", "port", "-c", str(tmp_path / "brief.toml"))
    assert only.returncode == 0 and len(only.stdout.split()) == 3


def test_cli_flags_override_the_file_and_paths_are_relative_to_it(tmp_path):
    write(tmp_path, "site/a/one.txt", ARTICLE_A)
    write(tmp_path, "site/a/two.txt", ARTICLE_B)
    config = write(tmp_path, "site/brief.toml", 'inputs = ["a"]\ntitle = "From file"\nformats = ["md"]\n')
    (config_obj,) = load_configs(config, {"title": "From flag"})
    assert config_obj.title == "From flag" and config_obj.formats == ("md",)
    assert config_obj.inputs == (str(tmp_path / "site" / "a"),)
    result = run("build", "-c", str(config), "--title", "Flag title", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "latest.md").read_text().startswith("# Flag title")
    assert not (tmp_path / "out" / "latest.pdf").exists()


def test_init_writes_a_starter_that_loads(tmp_path):
    assert run("init", cwd=tmp_path).returncode == 0
    assert run("init", cwd=tmp_path).returncode == 2, "never overwrites without --force"
    tables, problems = read_file(tmp_path / "brief.toml")
    assert problems == [] and tables[None]["summarizer"] == "lexrank"
    with pytest.raises(ConfigError, match="input not found"):
        load_configs(tmp_path / "brief.toml", {})


def test_json_logs_and_quiet(tmp_path):
    write(tmp_path, "in/a.txt", ARTICLE_A)
    write(tmp_path, "in/b.bin", b"\x00\x01")
    loud = run("build", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--log-format", "json", "-v")
    records = [json.loads(line) for line in loud.stderr.splitlines()]
    assert {"time", "level", "message"} <= records[0].keys()
    assert any(r["level"] == "warning" and "b.bin" in r["message"] for r in records)
    assert any(r["level"] == "info" for r in records)
    quiet = run("build", str(tmp_path / "in"), "-o", str(tmp_path / "out2"), "--quiet")
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_unexpected_error_is_reported_as_a_bug_without_traceback(monkeypatch, capsys):
    def explode(args):
        raise RuntimeError("boom")

    monkeypatch.setitem(cli.COMMANDS, "build", explode)
    assert cli.main(["build", str(EXAMPLE)]) == 1
    error = capsys.readouterr().err
    assert "internal error (RuntimeError: boom)" in error and "report" in error and "Traceback" not in error
    crash_file = Path(error.split("the file ")[1].split()[0])
    assert "RuntimeError: boom" in crash_file.read_text()
    crash_file.unlink()


def test_readme_cron_line_works_as_written(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(row for row in readme.splitlines() if row.startswith("0 6 * * *"))
    command = line.split(" ", 5)[5]
    site = tmp_path / "srv" / "briefing"
    write(site, "articles/port/a.txt", ARTICLE_A)
    write(site, "articles/port/b.txt", ARTICLE_B)
    write(site, "brief.toml", 'inputs = ["articles/port"]\noutput = "output"\n')
    (site / "logs").mkdir()
    (site / ".venv" / "bin").mkdir(parents=True)
    shim = site / ".venv" / "bin" / "brief"
    shim.write_text(f'#!/bin/sh\nexec {sys.executable} -m briefing.cli "$@"\n')
    shim.chmod(0o755)
    result = subprocess.run(["sh", "-c", command.replace("/srv/briefing", str(site))], capture_output=True,
                            text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, (site / "logs" / "brief.log").read_text()
    assert (site / "output" / "latest.pdf").is_file()
