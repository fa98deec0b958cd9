"""Speed: `brief summarize` and `brief build` on growing slices of DUC 2006, against naive sumy, in one run.

    python benchmarks/speed.py [--sizes 100 300 1250 10000] [--skip-sumy]

Whole processes are timed (start-up included); peak memory is the build's max
RSS (its own or its largest worker's). DUC 2006 has 1,250 articles; larger
corpora repeat them with small changes (``corpus_copy``). The warm build runs
on the cold build's cache after 1% new articles are added. The sumy rows run sumy's LexRank over every sentence of the first 100
articles as one document (what a naive pipeline does), and compare sumy's
LexRank with briefing's sparse one on about 4,000 sentences. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DUC2006 = ROOT.parent / "shared" / "eval" / "duc2006"


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


def timed_process(args: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of a child process (the largest of it and its workers)."""
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(args)}")
    return seconds, usage.ru_maxrss / 1024


def naive_sumy_seconds(paths: list[str]) -> float:
    code = ("import sys; sys.path.insert(0, 'benchmarks'); from pathlib import Path; import quality; "
            "quality.naive_sumy(quality.LexRankSummarizer)([Path(p) for p in sys.argv[1:]], 100, None)")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *paths], check=True, cwd=ROOT)
    return time.perf_counter() - start


SUMMARIZE_MAX = 1250
"""``brief summarize`` takes files on its command line and keeps no cache: timed up to here."""


def ranker_comparison(n_sentences: int = 4000) -> tuple[int, float, float]:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1250, 10000])
    parser.add_argument("--skip-sumy", action="store_true", help="leave out the slow sumy rows")
    args = parser.parse_args()
    brief = [sys.executable, "-m", "briefing.cli"]
    print("| articles | summarize (s) | build cold (s) | build warm, 1% new (s) | warm / cold | peak RSS (MB) "
          "| cold s / 100 articles |")
    print("|---|---|---|---|---|---|---|")
    for n in args.sizes:
        paths = articles(n)
        summarize_s = (timed_process([*brief, "summarize", *paths, "--words", "250"])[0]
                       if n <= SUMMARIZE_MAX else float("nan"))
        with tempfile.TemporaryDirectory() as work:
            folder = corpus_copy(paths, Path(work) / "in")
            out = str(Path(work) / "out")
            cold, peak = timed_process([*brief, "build", str(folder), "-o", out, "--title", "Speed"])
            add_new_articles(folder, paths, max(1, n // 100))
            warm, _ = timed_process([*brief, "build", str(folder), "-o", out, "--title", "Speed"])
        print(f"| {len(paths)} | {summarize_s:.2f} | {cold:.2f} | {warm:.2f} | {warm / cold:.2f} | {peak:.0f} "
              f"| {100 * cold / n:.2f} |")
    if args.skip_sumy:
        return
    naive = naive_sumy_seconds(articles(100))
    ours = timed_process([*brief, "summarize", *articles(100), "--words", "250"])[0]
    print(f"\n100 articles: naive sumy LexRank {naive:.1f} s, brief summarize {ours:.2f} s: {naive / ours:.1f}x faster")
    count, slow, fast = ranker_comparison()
    print(f"LexRank on {count} sentences: sumy {slow:.1f} s, briefing.rank.fast {fast:.3f} s: {slow / fast:.0f}x faster")


if __name__ == "__main__":
    main()
