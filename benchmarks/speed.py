"""Speed: `brief summarize` and `brief build` on growing slices of DUC 2006, against naive sumy, in one run.

    python benchmarks/speed.py [--sizes 100 300 1250] [--skip-sumy]

Whole processes are timed (start-up included); peak memory is the child's max
RSS. The sumy rows run sumy's LexRank over every sentence of the first 100
articles as one document (what a naive pipeline does), and compare sumy's
LexRank with briefing's sparse one on about 4,000 sentences. Asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DUC2006 = ROOT.parent / "shared" / "eval" / "duc2006"


def articles(n: int) -> list[str]:
    return [str(p) for p in sorted(DUC2006.glob("D*/docs/*.txt"))[:n]]


def corpus_copy(paths: list[str], folder: Path) -> Path:
    folder.mkdir(parents=True)
    for i, path in enumerate(paths):
        (folder / f"{i:05d}.txt").write_text(Path(path).read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def add_new_articles(folder: Path, paths: list[str], count: int) -> None:
    """``count`` new articles: existing ones with a new first paragraph (small changes)."""
    for i, path in enumerate(paths[:count]):
        text = Path(path).read_text(encoding="utf-8")
        (folder / f"new-{i:05d}.txt").write_text(f"Update {i}: officials confirmed the report on Friday.\n\n{text}",
                                                  encoding="utf-8")


def timed_process(args: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def naive_sumy_seconds(paths: list[str]) -> float:
    code = ("import sys; sys.path.insert(0, 'benchmarks'); from pathlib import Path; import quality; "
            "quality.naive_sumy(quality.LexRankSummarizer)([Path(p) for p in sys.argv[1:]], 100, None)")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *paths], check=True, cwd=ROOT)
    return time.perf_counter() - start


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
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1250])
    parser.add_argument("--skip-sumy", action="store_true", help="leave out the slow sumy rows")
    args = parser.parse_args()
    brief = [sys.executable, "-m", "briefing.cli"]
    print("| articles | summarize (s) | build cold (s) | build warm, 1% new (s) | peak RSS (MB) | cold s / 100 articles |")
    print("|---|---|---|---|---|---|")
    for n in args.sizes:
        paths = articles(n)
        summarize_s, _ = timed_process([*brief, "summarize", *paths, "--words", "250"])
        with tempfile.TemporaryDirectory() as work:
            folder = corpus_copy(paths, Path(work) / "in")
            out = str(Path(work) / "out")
            cold, peak = timed_process([*brief, "build", str(folder), "-o", out, "--title", "Speed"])
            add_new_articles(folder, paths, max(1, n // 100))
            warm, _ = timed_process([*brief, "build", str(folder), "-o", out, "--title", "Speed"])
        print(f"| {len(paths)} | {summarize_s:.2f} | {cold:.2f} | {warm:.2f} | {peak:.0f} | {100 * cold / n:.2f} |")
    if args.skip_sumy:
        return
    naive = naive_sumy_seconds(articles(100))
    ours = timed_process([*brief, "summarize", *articles(100), "--words", "250"])[0]
    print(f"\n100 articles: naive sumy LexRank {naive:.1f} s, brief summarize {ours:.2f} s: {naive / ours:.1f}x faster")
    count, slow, fast = ranker_comparison()
    print(f"LexRank on {count} sentences: sumy {slow:.1f} s, briefing.rank.fast {fast:.3f} s: {slow / fast:.0f}x faster")


if __name__ == "__main__":
    main()
