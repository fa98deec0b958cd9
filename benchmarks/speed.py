"""Speed: `brief build` against the floor, a baseline commit, a Dask cluster and naive sumy, in one run.

    python benchmarks/speed.py [--sizes 100 300 1250 10000] [--baseline REF] [--dask] [--repeat N]
                               [--skip-sumy]

Every row times a whole process, from its start to its exit (Python's start-up
and imports included), on slices of the 1,250 DUC 2006 articles; larger sizes
repeat them with small changes (``corpus_copy``), as a big story's folder holds
many near-identical reports. Each build gets its own fresh copy of the corpus
and its own output folder (so its own cache). Peak RSS is the largest of the
process and the worker processes it forked; a Dask build's is its own only.
The machine's cores and load average at the start head the output: compare
the ratios within one run, not seconds across runs. With ``--repeat N`` each
row is run N times (the codes taking turns) and its fastest run is shown: on
a shared machine one run of the same build moved by 15% from one to the next;
a cold run starts from an empty output folder each time, a warm run from a
copy of the folder the cold build left. The rows, for each size N:

- floor: ``benchmarks/floor.py`` on the N articles' folder: import NLTK, read
  the files, split them with untrained Punkt, find their words and stem each
  distinct word once: the work no build can skip (its docstring says why these).
  Every other row is also given as a multiple of it ("x floor").
- summarize: ``brief summarize FILES --words 250`` (no cache), up to 1,250 articles.
- build cold: ``brief build FOLDER -o OUT --title Speed`` with an empty output
  folder: every article read and analysed, on the local process pool (one
  worker per core).
- build warm, 1% new: the same command again on the cold build's output folder
  and cache after N/100 new articles (existing ones with a new first paragraph)
  were added to its folder.
- build cold, Dask: the cold build with ``--scheduler tcp://127.0.0.1:PORT``, on a
  cluster started once for the run (``dask scheduler`` and ``dask worker
  --nworkers 2 --nthreads 1``, both importing the current code, which is
  imported on every worker before the first build, as on a standing cluster);
  the second table gives its overhead against the process pool's cold build.

With ``--baseline REF`` the git ref is checked out in a temporary detached
worktree (removed at the end) and every summarize and build row runs twice,
interleaved (current, then baseline, for each row in turn), the baseline as
``python -m briefing.cli`` with ``PYTHONPATH`` at its checkout and a working
directory outside both; the output says where each imported ``briefing`` from.
"current / baseline" is the ratio of their seconds (below 1: the current code
is faster).

The sumy rows run sumy's LexRank over every sentence of the first 100
articles as one document (what a naive pipeline does), and compare sumy's
LexRank with briefing's sparse one on about 4,000 sentences. Asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DUC2006 = ROOT.parent / "shared" / "eval" / "duc2006"
FLOOR = ROOT / "benchmarks" / "floor.py"
DASK_WORKERS = 2
DASK_START_SECONDS = 120
"""How long the scheduler and its workers may take to come up on a loaded machine."""


def articles(n: int) -> list[str]:
    """The first ``n`` DUC 2006 articles; beyond its 1,250, the same ones again."""
    found = [str(p) for p in sorted(DUC2006.glob("D*/docs/*.txt"))]
    return [found[i % len(found)] for i in range(n)]


def corpus_copy(paths: list[str], folder: Path) -> Path:
    """The articles in one folder; the second and later copies of an article with
    small changes (a new first paragraph and a changed figure), as a big story's
    folder holds many near-identical reports."""
    folder.mkdir(parents=True)
    seen: dict[str, int] = {}
    for i, path in enumerate(paths):
        text = Path(path).read_text(encoding="utf-8")
        copy = seen[path] = seen.get(path, -1) + 1
        if copy:
            text = f"Report {copy} of the day, filed at {copy % 24:02d}:00.\n\n" + text.replace("1", str(copy % 10), 1)
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
    return folder


def add_new_articles(folder: Path, paths: list[str], count: int) -> None:
    """``count`` new articles: existing ones with a new first paragraph (small changes)."""
    for i, path in enumerate(paths[:count]):
        text = Path(path).read_text(encoding="utf-8")
        (folder / f"new-{i:05d}.txt").write_text(f"Update {i}: officials confirmed the report on Friday.\n\n{text}",
                                                  encoding="utf-8")


@dataclass(frozen=True)
class Timing:
    seconds: float
    peak_mb: float


def timed_process(args: Sequence[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Timing:
    """Wall time and peak RSS (the largest of it and its workers) of a child process.
    Its errors go to a file, not a pipe: a pipe nobody reads until the end would
    block a child that writes many warnings."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=errors, env=env, cwd=cwd)
        try:
            _, status, usage = os.wait4(child.pid, 0)
        except BaseException:  # Ctrl-C or a stop signal: the child goes too
            child.kill()
            child.wait()
            raise
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"failed ({child.returncode}): {' '.join(args)[:500]}\n"
                             f"{errors.read().decode(errors='replace')[-3000:]}")
    return Timing(seconds, usage.ru_maxrss / 1024)


@dataclass(frozen=True)
class Code:
    """One version of briefing: the checkout its package is imported from."""

    name: str
    root: Path

    def env(self) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(self.root)}

    def brief(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "briefing.cli", *args]

    def run(self, args: Sequence[str], cwd: Path) -> Timing:
        """``brief ARGS`` with this code, from ``cwd`` (outside every checkout: ``python -m``
        puts the working directory first on the path)."""
        return timed_process(self.brief(*args), self.env(), cwd)

    def imported_from(self, cwd: Path) -> str:
        """Where ``briefing`` comes from for this code's processes; exits unless from its checkout."""
        found = subprocess.run([sys.executable, "-c", "import briefing; print(briefing.__file__)"], env=self.env(),
                               cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()
        if not Path(found).resolve().is_relative_to(self.root.resolve()):
            raise SystemExit(f"{self.name}: briefing imported from {found}, not from {self.root}")
        return found


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()


def described(ref: str) -> str:
    """A ref as its short commit, with a note when the current checkout has uncommitted changes."""
    commit = git("rev-parse", "--short", f"{ref}^{{commit}}")
    return commit + (" + uncommitted changes" if ref == "HEAD" and git("status", "--porcelain", "briefing") else "")


@contextmanager
def baseline_checkout(ref: str) -> Iterator[Code]:
    """``ref`` checked out in a temporary detached worktree, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="speed-baseline-") as holder:
        folder = Path(holder) / "checkout"
        git("worktree", "add", "--quiet", "--detach", str(folder), ref)
        try:
            commit = described(ref)
            yield Code(f"baseline {ref}" + ("" if commit.startswith(ref) else f" ({commit})"), folder)
        finally:
            git("worktree", "remove", "--force", str(folder))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def process_group(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """A child in its own process group (its own children with it), ended with the block
    however it ends: SIGTERM to the group, SIGKILL if it is still there 10 s later."""
    with log.open("wb") as output:
        child = subprocess.Popen(args, env=env, cwd=log.parent, stdout=output, stderr=subprocess.STDOUT,
                                 start_new_session=True)
    try:
        yield child
    finally:
        for stop in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(child.pid, stop)
                child.wait(timeout=10)
                break
            except ProcessLookupError:
                break
            except subprocess.TimeoutExpired:
                continue


def briefing_on_worker() -> str:
    """Run on each Dask worker: imports the pipeline (as a standing cluster has) and says from where."""
    import briefing.pipeline  # noqa: F401 (imported for its cost, paid here and not in the first build)

    return briefing.__file__


@contextmanager
def dask_cluster(code: Code, folder: Path) -> Iterator[tuple[str, str]]:
    """A local Dask scheduler and ``DASK_WORKERS`` single-threaded workers running ``code``,
    stopped with the block: (scheduler address, where the workers import briefing from)."""
    address = f"tcp://127.0.0.1:{free_port()}"
    dask = [sys.executable, "-m", "dask"]
    with ExitStack() as cluster:
        cluster.enter_context(process_group(
            [*dask, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard"],
            code.env(), folder / "scheduler.log"))
        cluster.enter_context(process_group(
            [*dask, "worker", address, "--nworkers", str(DASK_WORKERS), "--nthreads", "1", "--no-dashboard"],
            code.env(), folder / "workers.log"))
        yield address, workers_ready(address, folder)


def workers_ready(address: str, folder: Path) -> str:
    """Waits for the workers; the folders they import briefing from (exits unless all are the current code's)."""
    from distributed import Client

    try:
        with Client(address, timeout=DASK_START_SECONDS, set_as_default=False) as client:
            client.wait_for_workers(DASK_WORKERS, timeout=DASK_START_SECONDS)
            found = set(client.run(briefing_on_worker).values())
    except (OSError, TimeoutError) as exc:
        logs = "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-2000:]}"
                         for log in sorted(folder.glob("*.log")))
        raise SystemExit(f"the Dask cluster did not come up ({exc})\n{logs}") from exc
    if len(found) != 1 or not Path(next(iter(found))).resolve().is_relative_to(ROOT):
        raise SystemExit(f"Dask workers import briefing from {sorted(found)}, not from {ROOT}")
    return next(iter(found))


@dataclass(frozen=True)
class Row:
    """One row of the table: a run of the current code and, with a baseline, the same run of it."""

    articles: int
    run: str
    current: Timing
    baseline: Timing | None = None


def build_args(folder: Path, out: Path, *extra: str) -> list[str]:
    return ["build", str(folder), "-o", str(out), "--title", "Speed", *extra]


def fastest(timings: Sequence[Timing]) -> Timing:
    return min(timings, key=lambda timing: timing.seconds)


def measure(n: int, codes: list[Code], scheduler: str | None, work: Path, repeat: int = 1) -> list[Row]:
    """The rows for ``n`` articles, in ``work``: each row's fastest of ``repeat`` runs for
    each code, the codes taking turns."""
    paths = articles(n)
    floor_folder = corpus_copy(paths, work / "floor")
    rows = [Row(n, "floor", fastest([timed_process([sys.executable, str(FLOOR), str(floor_folder)], cwd=work)
                                      for _ in range(repeat)]))]

    def both(run: str, once: Callable[[int, Code], Timing]) -> None:
        timings: list[list[Timing]] = [[] for _ in codes]
        for _ in range(repeat):
            for i, code in enumerate(codes):
                timings[i].append(once(i, code))
        found = [fastest(t) for t in timings]
        rows.append(Row(n, run, found[0], found[1] if len(found) > 1 else None))

    summarize_args = ["summarize", *paths, "--words", "250"]
    if n <= SUMMARIZE_MAX:
        both("summarize", lambda i, code: code.run(summarize_args, work))
    folders = [corpus_copy(paths, work / f"in-{i}") for i in range(len(codes))]
    outs = [work / f"out-{i}" for i in range(len(codes))]
    both("build cold", lambda i, code: code.run(build_args(folders[i], emptied(outs[i])), work))
    after_cold = [work / f"after-cold-{i}" for i in range(len(codes))]
    for out, kept in zip(outs, after_cold, strict=True):
        shutil.copytree(out, kept, symlinks=True)
    for folder in folders:
        add_new_articles(folder, paths, max(1, n // 100))
    both("build warm, 1% new", lambda i, code: code.run(build_args(folders[i], restored(after_cold[i], outs[i])),
                                                       work))
    if scheduler:
        folder = corpus_copy(paths, work / "in-dask")
        rows.append(Row(n, f"build cold, Dask ({DASK_WORKERS} workers)", fastest([codes[0].run(
            build_args(folder, emptied(work / "out-dask"), "--scheduler", scheduler), work)
            for _ in range(repeat)])))
    return rows


def emptied(folder: Path) -> Path:
    """``folder`` gone (a cold build makes it again, with an empty cache)."""
    shutil.rmtree(folder, ignore_errors=True)
    return folder


def restored(kept: Path, folder: Path) -> Path:
    """``folder`` as ``kept`` holds it (the output folder and cache a cold build left)."""
    shutil.copytree(kept, emptied(folder), symlinks=True)
    return folder


SUMMARIZE_MAX = 1250
"""``brief summarize`` takes files on its command line and keeps no cache: timed up to here."""

TABLE_HEADER = ("| articles | run | current (s) | x floor | baseline (s) | baseline x floor | current / baseline "
                "| peak RSS current / baseline (MB) |\n|---|---|---|---|---|---|---|---|")


def table_line(row: Row, floor: Timing) -> str:
    base = row.baseline
    cells = [str(row.articles), row.run, f"{row.current.seconds:.2f}", f"{row.current.seconds / floor.seconds:.2f}",
             f"{base.seconds:.2f}" if base else "", f"{base.seconds / floor.seconds:.2f}" if base else "",
             f"{row.current.seconds / base.seconds:.2f}" if base else "",
             f"{row.current.peak_mb:.0f}" + (f" / {base.peak_mb:.0f}" if base else "")]
    return "| " + " | ".join(cells) + " |"


def dask_table(rows: list[Row]) -> str:
    """The Dask build's overhead against the process pool's cold build of the same size."""
    pool = {row.articles: row.current.seconds for row in rows if row.run == "build cold"}
    lines = ["| articles | process pool cold (s) | Dask cold (s) | Dask - pool (s) | Dask / pool |",
             "|---|---|---|---|---|"]
    for row in rows:
        if row.run.startswith("build cold, Dask"):
            dask, local = row.current.seconds, pool[row.articles]
            lines.append(f"| {row.articles} | {local:.2f} | {dask:.2f} | {dask - local:+.2f} | {dask / local:.2f} |")
    return "\n".join(lines)


def machine_line() -> str:
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (f"Machine: {os.cpu_count()} cores ({usable} usable here), load average {load} (1, 5, 15 min) at start; "
            f"Python {sys.version.split()[0]}.")


def naive_sumy_seconds(paths: list[str], code: Code) -> float:
    script = ("import sys; sys.path.insert(0, 'benchmarks'); from pathlib import Path; import quality; "
              "quality.naive_sumy(quality.LexRankSummarizer)([Path(p) for p in sys.argv[1:]], 100, None)")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", script, *paths], check=True, cwd=ROOT, env=code.env())
    return time.perf_counter() - start


def ranker_comparison(n_sentences: int = 4000) -> tuple[int, float, float]:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))  # the current checkout's briefing, not an installed one
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence
    from sumy.summarizers.lex_rank import LexRankSummarizer

    from briefing.lang import Language
    from briefing.rank import SumyTokenizer
    from briefing.rank.fast import lexrank_scores
    from briefing.segment import Splitter

    texts = [Path(p).read_text(encoding="utf-8") for p in articles(400)]
    splitter = Splitter.for_texts(texts)
    sentences = list(dict.fromkeys(s for t in texts for s in splitter.split(t)))[:n_sentences]
    lang = Language.english()
    start = time.perf_counter()
    lexrank_scores(sentences, lang)
    fast = time.perf_counter() - start
    summarizer = LexRankSummarizer(lang.stem)
    summarizer.stop_words = lang.stop_words
    tokenizer = SumyTokenizer(splitter)
    document = ObjectDocumentModel([Paragraph([SumySentence(s, tokenizer) for s in sentences])])
    start = time.perf_counter()
    summarizer(document, lambda infos: [])
    slow = time.perf_counter() - start
    return len(sentences), slow, fast


def sumy_rows(code: Code, work: Path) -> None:
    naive = naive_sumy_seconds(articles(100), code)
    ours = code.run(["summarize", *articles(100), "--words", "250"], work).seconds
    print(f"\n100 articles: naive sumy LexRank {naive:.1f} s, brief summarize {ours:.2f} s: {naive / ours:.1f}x faster")
    count, slow, fast = ranker_comparison()
    print(f"LexRank on {count} sentences: sumy {slow:.1f} s, briefing.rank.fast {fast:.3f} s: {slow / fast:.0f}x faster")


def stop_on_signal(signum: int, _frame: object) -> None:
    """SIGTERM and SIGHUP unwind like Ctrl-C: the cluster and the baseline checkout are removed."""
    raise SystemExit(128 + signum)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1250, 10000])
    parser.add_argument("--baseline", metavar="REF", help="also time the builds of this git ref, interleaved")
    parser.add_argument("--dask", action="store_true", help="also time the cold build on a local Dask cluster")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="run every row N times and show its fastest run (default 1)")
    parser.add_argument("--skip-sumy", action="store_true", help="leave out the slow sumy rows")
    args = parser.parse_args()
    if args.dask and importlib.util.find_spec("distributed") is None:
        raise SystemExit('--dask needs Dask\'s distributed scheduler: pip install "situation-brief[dask]"')
    for name in ("SIGTERM", "SIGHUP"):
        signal.signal(getattr(signal, name), stop_on_signal)
    print(machine_line())
    print(f"Each row: the fastest of {args.repeat} run(s) of each code, the codes taking turns.")
    current = Code(f"current ({described('HEAD')})", ROOT)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="speed-") as holder, ExitStack() as stack:
        work = Path(holder)
        codes = [current]
        if args.baseline:
            codes.append(stack.enter_context(baseline_checkout(args.baseline)))
        for code in codes:
            print(f"{code.name}: briefing from {code.imported_from(work)}")
        scheduler = None
        if args.dask:
            scheduler, imported = stack.enter_context(dask_cluster(current, work))
            print(f"Dask at {scheduler}, {DASK_WORKERS} workers: briefing from {imported}")
        print()
        print(TABLE_HEADER, flush=True)
        for n in args.sizes:
            with tempfile.TemporaryDirectory(dir=work) as size_work:
                measured = measure(n, codes, scheduler, Path(size_work), args.repeat)
            for row in measured:
                print(table_line(row, measured[0].current), flush=True)
            rows.extend(measured)
        if scheduler:
            print()
            print(dask_table(rows))
        if not args.skip_sumy:
            sumy_rows(current, work)


if __name__ == "__main__":
    main()
