"""Unattended nights, with real processes and signals: no run hangs, blocks the
next one or leaves workers behind; bad values are usage errors, not tracebacks;
one pathological input never costs the brief."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing import write
from briefing.errors import OutputError, WorkerDied
from briefing.lang import Language
from briefing.model import Article, Block, BlockKind, CleanArticle
from briefing.per_article import MAX_SENTENCES, analyse_article
from briefing.run import Each
from briefing.run import local as parallel

from .conftest import EXAMPLE
from .conftest import write as write_file
from .test_nightly import complete_outputs

BRIEF = [sys.executable, "-m", "briefing.cli"]

PLACES = "Serrin Halden Tarvik Osmund Velka Rodan Brisk Calloway Dunmore Esker Fallow Grennet".split()
NOUNS = ("dockworkers union ministry terminal harbour shipment fuel convoy tribunal council negotiators "
         "inspectors crane contract wages shifts berth tanker pilots mediators").split()
VERBS = "met blocked signed rejected reported opened closed delayed approved criticised inspected".split()


def synthetic_corpus(folder: Path, count: int, seed: int = 7) -> Path:
    """``count`` distinct articles of plain news-like sentences (enough to start worker processes)."""
    rng = random.Random(seed)
    for n in range(count):
        lines = [f"{rng.choice(PLACES)} {rng.choice(NOUNS)} report number {n}"]
        for _ in range(rng.randint(6, 12)):
            lines.append(f"The {rng.choice(NOUNS)} in {rng.choice(PLACES)} {rng.choice(VERBS)} "
                         f"{rng.randint(2, 900)} {rng.choice(NOUNS)} on Tuesday after talks with the "
                         f"{rng.choice(NOUNS)} of {rng.choice(PLACES)}.")
        write_file(folder, f"{n:04d}.txt", "\n".join(lines) + "\n")
    return folder


def start(*args: str) -> subprocess.Popen:
    """A build in a session of its own, so every process it starts can be found afterwards,
    with Ctrl-C's signal handled as in a terminal: a shell that runs the tests in the
    background (``.ci/run &``) ignores SIGINT in them, a build inherits that, and Python
    keeps a signal ignored at start-up ignored (so would the build, rightly, in such a job)."""
    return subprocess.Popen([*BRIEF, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, preexec_fn=sigint_as_in_a_terminal)


def sigint_as_in_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def session_processes(sid: int) -> list[int]:
    """Live processes (not zombies) of session ``sid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def wait_for_workers(build: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(session_processes(build.pid)) >= 2:
            return
        if build.poll() is not None:
            pytest.fail(f"the build ended before it started workers: {build.stderr.read()}")
        time.sleep(0.05)
    pytest.fail("no worker process started")


def assert_session_ends(sid: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while session_processes(sid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not session_processes(sid), "worker processes outlived the build"


needs_linux = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    return synthetic_corpus(tmp_path_factory.mktemp("big") / "in", 120)


@needs_linux
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_to_a_build_with_workers_leaves_no_process_and_no_lock(tmp_path, big_corpus, signum):
    out = tmp_path / "out"
    build = start("build", str(big_corpus), "-o", str(out), "--no-cache", "-j", "2", "--format", "md,json")
    wait_for_workers(build)
    os.kill(build.pid, signum)
    status = build.wait(timeout=60)
    stderr = build.stderr.read()
    assert_session_ends(build.pid)
    if signum in (signal.SIGTERM, signal.SIGHUP):
        assert status == 128 + signum, stderr
        assert f"stopped by {signal.Signals(signum).name}" in stderr
    elif signum == signal.SIGINT:
        assert status == 128 + signum and "interrupted" in stderr
    assert "internal error" not in stderr
    after = subprocess.run([*BRIEF, "build", str(big_corpus), "-o", str(out), "--format", "md,json"],
                           capture_output=True, text=True, timeout=300)
    assert after.returncode == 0, after.stderr


@needs_linux
def test_ctrl_c_to_the_whole_process_group_stops_every_process(tmp_path, big_corpus):
    build = start("build", str(big_corpus), "-o", str(tmp_path / "out"), "--no-cache", "-j", "2",
                  "--format", "md,json")
    wait_for_workers(build)
    os.killpg(build.pid, signal.SIGINT)
    assert build.wait(timeout=60) == 128 + signal.SIGINT
    assert_session_ends(build.pid)


def test_a_forked_child_does_not_inherit_the_output_lock(tmp_path):
    """The lock belongs to the process that took it: a child it forked, still running
    after its parent died, does not keep the next night out (flock locks were inherited)."""
    code = ("import os, sys, time\nfrom briefing.write import output_lock\n"
            "with output_lock(sys.argv[1]):\n"
            "    if os.fork() == 0:\n        null = os.open(os.devnull, os.O_RDWR); os.dup2(null, 1); os.dup2(null, 2)\n"
            "        time.sleep(30); os._exit(0)\n"
            "    print('forked', flush=True); os._exit(0)\n")
    holder = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True,
                            timeout=30, start_new_session=True)
    assert holder.stdout.strip() == "forked"
    try:
        assert _holding_the_lock_file(tmp_path), "the child is still running with the lock file open"
        with write.output_lock(str(tmp_path)):
            pass
    finally:
        for pid in _holding_the_lock_file(tmp_path):
            os.kill(pid, signal.SIGKILL)


def _holding_the_lock_file(folder: Path) -> list[int]:
    """Processes still holding ``folder``'s lock file open (the sleeping child)."""
    lock = str(folder / write.LOCK_FILE)
    found = []
    for entry in Path("/proc").glob("[0-9]*/fd/*"):
        try:
            if os.readlink(entry) == lock:
                found.append(int(entry.parts[2]))
        except OSError:
            continue
    return [pid for pid in set(found) if pid != os.getpid()]


def _kill_self_on_three(n: int) -> int:
    if n == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return n


def test_a_worker_killed_from_outside_is_a_clear_error_not_a_bug(monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 0)
    monkeypatch.setattr(parallel, "ITEMS_PER_WORKER", 1)
    with pytest.raises(WorkerDied, match="out-of-memory"):
        parallel.map_in_processes(Each(_kill_self_on_three), list(range(40)), 2, "testing")


def test_workers_never_outnumber_the_cores_or_the_work():
    cores = parallel.available_cores()
    assert parallel.worker_count(1000) == cores
    assert parallel.worker_count(1000, 100) <= min(cores, 100 // parallel.ITEMS_PER_WORKER)
    assert parallel.worker_count(0, 10) == 1
    assert parallel.worker_count(1) == 1


def run(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*BRIEF, *args], capture_output=True, text=True, timeout=120, cwd=cwd,
                          env={**os.environ, **(env or {})})


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "1e12"])
def test_wait_that_is_not_a_finite_number_of_seconds_is_a_usage_error(tmp_path, value):
    result = run("build", str(EXAMPLE), "-o", str(tmp_path), "--wait", value)
    assert result.returncode == 2 and "wait must be" in result.stderr


def test_wait_nan_in_brief_toml_is_a_usage_error(tmp_path):
    (tmp_path / "brief.toml").write_text(f'inputs = ["{EXAMPLE}"]\nwait = nan\n')
    result = run("build", "-c", str(tmp_path / "brief.toml"))
    assert result.returncode == 2 and "wait must be" in result.stderr


@pytest.mark.parametrize("epoch", ["", "1e9", "99999999999999999"])
def test_bad_source_date_epoch_is_a_usage_error_even_for_version(epoch):
    result = run("--version", env={"SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 2
    assert "SOURCE_DATE_EPOCH" in result.stderr and "Traceback" not in result.stderr


def test_since_beyond_the_calendar_is_a_usage_error(tmp_path):
    result = run("build", str(EXAMPLE), "-o", str(tmp_path), "--since", "999999999d")
    assert result.returncode == 2 and "since" in result.stderr and "Traceback" not in result.stderr


def test_non_string_output_in_a_file_of_several_briefs_is_a_usage_error(tmp_path):
    (tmp_path / "brief.toml").write_text(f'output = 5\n[brief.a]\ninputs = ["{EXAMPLE}"]\n')
    result = run("build", "-c", str(tmp_path / "brief.toml"))
    assert result.returncode == 2 and "output must be a string" in result.stderr


def test_a_title_too_long_for_the_page_is_a_usage_error(tmp_path):
    result = run("build", str(EXAMPLE), "-o", str(tmp_path), "--title", "x" * 10_000)
    assert result.returncode == 2 and "title" in result.stderr and "CSS" not in result.stderr


def test_a_huge_source_title_is_shortened_on_the_page_not_fatal_to_it(tmp_path):
    folder = tmp_path / "in"
    for name in sorted(os.listdir(EXAMPLE)):
        write_file(folder, name, (EXAMPLE / name).read_bytes())
    record = {"title": "Harbour " * 1250, "text": (EXAMPLE / sorted(os.listdir(EXAMPLE))[0]).read_text()}
    write_file(folder, "long-title.json", json.dumps(record))
    baseline = run("build", str(EXAMPLE), "-o", str(tmp_path / "base"), "--format", "json")
    result = run("build", str(folder), "-o", str(tmp_path / "out"), "--format", "md,json,pdf")
    assert result.returncode == 0, result.stderr
    quoted = lambda path: sum(len(s["items"]) for s in json.loads(Path(path).read_text())["sections"])  # noqa: E731
    assert quoted(result.stdout.split()[2]) >= quoted(baseline.stdout.split()[0]) - 2
    assert len(max(Path(result.stdout.split()[0]).read_text().splitlines(), key=len)) < 2000


def low_vocabulary_article(sentences: int) -> CleanArticle:
    text = " ".join(f"The port workers said the strike went on at the port number {n % 7} today."
                    for n in range(sentences))
    article = Article(id="long", path="long.txt", title="Long", text=text)
    return CleanArticle(article, (Block(BlockKind.PARAGRAPH, text),))


def test_one_very_long_article_is_analysed_on_a_bounded_number_of_sentences():
    clean = low_vocabulary_article(MAX_SENTENCES + 500)
    result = analyse_article(clean, "lexrank", Language.english())
    assert result.sentence_count == MAX_SENTENCES
    [note] = [r for r in result.ranking.rejected if r.rule == "article-too-long"]
    assert "500" in note.detail or "499" in note.detail


def test_a_full_disk_mid_write_leaves_no_partial_brief(tmp_path, monkeypatch):
    folder = tmp_path / "out"
    folder.mkdir()
    write.write_outputs({"md": b"# old", "json": b"{}"}, str(folder), _now(), "brief")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    real, calls = write.staged, []

    def fills_the_disk(path: Path, data: bytes) -> Path:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(write, "staged", fills_the_disk)
    with pytest.raises(OutputError, match="No space left"):
        write.write_outputs({"md": b"# new", "pdf": b"%PDF", "json": b"{}"}, str(folder), _now(1), "brief")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_outputs_are_readable_by_others_under_the_usual_umask(tmp_path):
    old = os.umask(0o022)
    try:
        [path] = write.write_outputs({"md": b"# brief"}, str(tmp_path), _now(), "brief")
    finally:
        os.umask(old)
    assert Path(path).stat().st_mode & 0o777 == 0o644


def test_only_our_own_stale_temporaries_are_removed(tmp_path):
    ours = tmp_path / ".2026-11-21-brief.md.0a1b2c3d4e5f.tmp"
    theirs = tmp_path / ".editor-swap.tmp"
    for path in (ours, theirs):
        path.write_text("x")
    with write.output_lock(str(tmp_path)):
        pass
    assert not ours.exists() and theirs.exists()


def _now(second: int = 0):
    from datetime import datetime, timezone

    return datetime(2026, 11, 21, 6, 0, second, tzinfo=timezone.utc)


SOAK_BUILDS = 50


@needs_linux
def test_soak_signals_at_random_moments_never_leave_a_broken_folder(tmp_path):
    """50 builds of 200 articles, each sent KILL, TERM, HUP or INT at a random moment,
    then one more build: no process is left, ``latest.*`` is always a complete brief,
    the last build succeeds and leaves no temporary file."""
    corpus = synthetic_corpus(tmp_path / "in", 200, seed=11)
    out = tmp_path / "out"
    rng = random.Random(2026)
    first = run("build", str(corpus), "-o", str(out), "--format", "md,json")
    assert first.returncode == 0, first.stderr
    for _ in range(SOAK_BUILDS):
        build = start("build", str(corpus), "-o", str(out), "--format", "md,json", "-j", "2")
        time.sleep(rng.uniform(0.0, 3.0))
        signum = rng.choice([signal.SIGKILL, signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
        if build.poll() is None:
            os.kill(build.pid, signum)
        build.wait(timeout=120)
        assert "internal error" not in build.stderr.read()
        assert_session_ends(build.pid)
        complete_outputs(out)
        assert (out / "latest.md").read_text().startswith("# ")
    last = run("build", str(corpus), "-o", str(out), "--format", "md,json")
    assert last.returncode == 0, last.stderr
    complete_outputs(out)
    # The cache removes a killed write's temporary once it is an hour old (a cache folder may be
    # shared by runs on other machines: tests/test_hostile.py); the output folder's are gone now.
    leftovers = [p for p in out.rglob("*.tmp") if ".cache" not in p.relative_to(out).parts]
    assert not leftovers, leftovers


def test_an_unbroken_long_word_wraps_inside_the_pdf_page():
    """A 300-character URL-like token in a quoted line is broken over several lines of
    the page, not laid out as one line running off its right edge."""
    import io
    from dataclasses import replace as changed

    from pypdf import PdfReader

    from briefing.model import Item
    from briefing.render import render_all

    from .test_render import brief

    base = brief()
    long_line = Item("The port authority posted its notice at https-example-org-" + "x" * 300 + " on Friday.",
                     "b", ("b", 1))
    sections = (changed(base.sections[0], items=(long_line,)), *base.sections[1:])
    pdf = render_all(changed(base, sections=sections), ("pdf",)).outputs["pdf"]
    lines: set[float] = set()

    def visit(text: str, cm: list, tm: list, font: dict, size: float) -> None:
        if "xxxx" in text:
            lines.add(round(tm[5] * cm[3] + cm[5], 1))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    assert len(lines) >= 3, f"the long word sits on {len(lines)} line(s)"
