"""Where the per-article analysis spends its time, on DUC 2006's articles, in one process.

    python benchmarks/articles.py [--split all|dev] [--summarizer NAME] [--stage-batch B]
                                  [--profile N] [--batch 0 1 8 32 ...] [--repeat N]

Loads and cleans the articles as ``brief build`` does (not timed), then times
``per_article.analyse_article`` over every article, one after another with one
Language (one BLAS thread, as ``run.local._start_worker`` sets; the loaded articles
frozen out of the cycle collector's way, as ``run.local.map_in_processes`` freezes
them), or ``per_article.analyse_articles`` on batches of ``--stage-batch`` articles,
as a build's workers call it. Prints one row a stage (the outermost call of each timed
function, so a stage called inside another counts once; the rank rows show what
is inside it), then cProfile's top functions. With ``--batch``, also compares batch
sizes (``batch_table``). Times are this process's CPU seconds, the fastest of
``--repeat`` runs: the machine's other processes change wall time more than the
code does. Asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import io
import pstats
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from threadpoolctl import threadpool_limits

import briefing.per_article as per_article
import briefing.rank as rank
from briefing.lang import Language
from briefing.load import find_inputs
from briefing.model import CleanArticle
from briefing.per_article import read_and_clean
from briefing.pipeline import named_articles
from briefing.segment import Splitter

DUC2006 = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "duc2006"

STAGES = {  # row -> the functions that do its work: (module, name), looked up by name when called
    "split: Punkt learns the article": [(Splitter, "for_text")],
    "segment": [(per_article, "segment_article")],
    "rank": [(per_article, "rank_article"), (per_article, "rank_articles")],
    "stems": [(Language, "content_stems")],
    "shingles": [(per_article, "shingles")],
    "mentions": [(per_article, "article_mentions")],
    "concepts": [(per_article, "all_concepts")],
}
NAMES = ("lexrank", "textrank")
RANK_PARTS = {  # rows inside "rank"; a function this version lacks is left out
    "rank: scores (tokens, graph, power method)": [(rank.SUMMARIZERS, name) for name in NAMES] + [
        (getattr(rank, "BATCH_SCORERS", {}), name) for name in NAMES],
    "rank: percentiles": [(rank, "to_percentiles"), (rank, "block_percentiles")],
    "rank: filters": [(rank, "rejection")],
}


def cluster_folders(split: str) -> list[Path]:
    """DUC 2006's cluster folders: all, or the dev split (even positions of the sorted ids)."""
    clusters = sorted(p for p in DUC2006.iterdir() if p.is_dir())
    return clusters[::2] if split == "dev" else clusters


def load(split: str) -> list[CleanArticle]:
    """The cleaned articles under their run-wide ids, as a build makes them."""
    found = find_inputs([str(folder / "docs") for folder in cluster_folders(split)])
    articles, _ = named_articles(found, [read_and_clean(file) for file in found.files])
    return [a.clean for a in articles]


class StageClock:
    """CPU seconds spent in the outermost call of each row's functions."""

    def __init__(self, rows: dict[str, list[tuple[object, str]]]) -> None:
        self.rows = rows
        self.seconds = dict.fromkeys(rows, 0.0)
        self.depth = 0

    def wrap(self, row: str, func: Callable) -> Callable:
        @functools.wraps(func)
        def timed(*args, **kwargs):
            if self.depth:
                return func(*args, **kwargs)
            self.depth += 1
            start = time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                self.seconds[row] += time.process_time() - start
                self.depth -= 1
        return timed

    @contextmanager
    def installed(self) -> Iterator[None]:
        """The row functions wrapped with this clock while the block runs."""
        found = [(row, owner, name) for row, functions in self.rows.items() for owner, name in functions
                 if (name in owner if isinstance(owner, dict) else hasattr(owner, name))]
        saved = [(owner, name, look_up(owner, name)) for _, owner, name in found]
        for row, owner, name in found:
            put(owner, name, self.wrap(row, look_up(owner, name)))
        try:
            yield
        finally:
            for owner, name, func in saved:
                put(owner, name, func)


def look_up(owner: object, name: str) -> Callable:
    return owner[name] if isinstance(owner, dict) else getattr(owner, name)


def put(owner: object, name: str, func: Callable) -> None:
    if isinstance(owner, dict):
        owner[name] = func
    else:
        setattr(owner, name, func)


def run(articles: Sequence[CleanArticle], summarizer: str, batch: int) -> float:
    """Seconds to analyse every article: one at a time (batch 0) or in batches of ``batch``."""
    lang = Language.english()
    start = time.process_time()
    if batch == 0:
        for article in articles:
            per_article.analyse_article(article, summarizer, lang)
    else:
        for i in range(0, len(articles), batch):
            per_article.analyse_articles(articles[i:i + batch], summarizer, lang)
    return time.process_time() - start


def stage_table(articles: Sequence[CleanArticle], summarizer: str, batch: int,
                repeat: int) -> None:
    """The stage rows of the fastest of ``repeat`` runs."""
    runs = []
    for _ in range(repeat):
        stages, parts = StageClock(STAGES), StageClock(RANK_PARTS)
        with stages.installed(), parts.installed():
            total = run(articles, summarizer, batch)
        rows = [*stages.seconds.items(), ("other", total - sum(stages.seconds.values()))]
        rows[2:2] = parts.seconds.items()
        runs.append((total, rows))
    total, rows = min(runs, key=lambda found: found[0])
    how = "analyse_article, one at a time" if batch == 0 else f"analyse_articles, batches of {batch}"
    print(f"\n{len(articles):,} articles, {summarizer}, {how}: CPU seconds, fastest of {repeat} "
          f"({Path(per_article.__file__).parent})\n")
    print("| stage | seconds | ms per article | share |\n|---|---|---|---|")
    for stage, seconds in rows:
        print(f"| {stage} | {seconds:.2f} | {1000 * seconds / len(articles):.2f} | {seconds / total:.0%} |")
    print(f"| **total** | **{total:.2f}** | **{1000 * total / len(articles):.2f}** | |")


def profile_table(articles: Sequence[CleanArticle], summarizer: str, batch: int,
                  top: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    run(articles, summarizer, batch)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    print(f"\ncProfile, top {top} functions by own time (profiling slows the run down):\n")
    print(out.getvalue().split("\n\n", 1)[-1].rstrip())


CHUNK = 256
"""Articles a batch-size comparison times at once. The machine is shared: comparing
whole runs of 1,250 articles, one batch size after another, moved results by 15%;
taking every size in turn on each chunk compares them under the same conditions."""


def batch_table(articles: Sequence[CleanArticle], summarizer: str, sizes: Sequence[int],
                repeat: int) -> None:
    """Each batch size's time on every article: each chunk of CHUNK articles timed once
    a round for every size in turn (a fresh Language each time, so each pays for
    stemming the chunk's words), fastest of ``repeat`` rounds, summed over the chunks."""
    chunks = [articles[i:i + CHUNK] for i in range(0, len(articles), CHUNK)]
    best = {(size, c): float("inf") for size in sizes for c in range(len(chunks))}
    for round_number in range(repeat):
        for c, chunk in enumerate(chunks):
            turn = round_number + c
            for size in [*sizes[turn % len(sizes):], *sizes[:turn % len(sizes)]]:
                best[size, c] = min(best[size, c], run(chunk, summarizer, size))
    print(f"\nBy batch size: CPU seconds on {len(articles):,} articles, each chunk of {CHUNK} with a fresh "
          f"Language, fastest of {repeat} rounds\n")
    print("| batch size | seconds | ms per article |\n|---|---|---|")
    for size in sizes:
        seconds = sum(best[size, c] for c in range(len(chunks)))
        label = "one at a time (analyse_article)" if size == 0 else str(size)
        print(f"| {label} | {seconds:.2f} | {1000 * seconds / len(articles):.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=["all", "dev"], default="all")
    parser.add_argument("--summarizer", default="lexrank")
    parser.add_argument("--batch", type=int, nargs="*", default=[],
                        help="batch sizes to compare (0: analyse_article one at a time)")
    parser.add_argument("--profile", type=int, default=25, help="cProfile's top N functions (0: none)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement (the fastest is shown)")
    parser.add_argument("--stage-batch", type=int, default=0,
                        help="stage table for analyse_articles with this batch size (0: analyse_article)")
    args = parser.parse_args()
    articles = load(args.split)
    gc.collect()
    gc.freeze()  # as map_in_processes does before it forks the workers: collections skip the loaded articles
    with threadpool_limits(limits=1):
        run(articles[:50], args.summarizer, args.stage_batch)  # warm up imports and NumPy
        stage_table(articles, args.summarizer, args.stage_batch, args.repeat)
        if args.profile:
            profile_table(articles, args.summarizer, args.stage_batch, args.profile)
        if args.batch:
            batch_table(articles, args.summarizer, args.batch, args.repeat)


if __name__ == "__main__":
    main()
