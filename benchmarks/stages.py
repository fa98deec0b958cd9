"""Where a build's time goes: wall time of each stage of one `brief build`, in this process.

    python benchmarks/stages.py FOLDER [-o OUTPUT] [brief build options ...]

Wraps the pipeline's stage functions with a timer and prints a table, one row a
stage in the order they ran (a stage that runs inside another is indented under
it). Run it twice on the same output folder to see a warm run. Asserts nothing.
"""

from __future__ import annotations

import functools
import resource
import sys
import time
from collections.abc import Callable

T0 = time.perf_counter()
import briefing.pipeline as pipeline  # noqa: E402 (the import is the first thing timed)
import briefing.rank.corpus as corpus  # noqa: E402
from briefing import cli  # noqa: E402
from briefing.run import Runner  # noqa: E402

IMPORT_SECONDS = time.perf_counter() - T0

STAGES = {
    pipeline: ["find_inputs", "named_articles", "with_believable_dates", "copies_by_shingles", "rank_across",
               "rank_corpus", "facts_from_mentions", "assemble", "render_all", "write_outputs", "write_archive"],
    corpus: ["concept_frequencies", "coverage_order", "choose_without_repeats"],
}

rows: list[tuple[int, str, float]] = []
depth = [0]


def timed(name: str | Callable[..., str], func: Callable) -> Callable:
    """``func`` timed under ``name`` (or under the name ``name(*args)`` gives)."""
    @functools.wraps(func)
    def run(*args, **kwargs):
        place = len(rows)
        shown = name(*args) if callable(name) else name
        rows.append((depth[0], shown, 0.0))
        depth[0] += 1
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            depth[0] -= 1
            rows[place] = (rows[place][0], shown, time.perf_counter() - start)
    return run


def main() -> None:
    for module, names in STAGES.items():
        for name in names:
            setattr(module, name, timed(name, getattr(module, name)))
    for method in ("map", "map_batches"):
        setattr(Runner, method, timed(lambda runner, func, items, key, label: f"map: {label} {len(items):,} item(s)",
                                      getattr(Runner, method)))
    Runner.save = timed("save the cache", Runner.save)
    counted = pipeline.DocumentFrequencies.counted.__func__
    pipeline.DocumentFrequencies.counted = classmethod(timed("IDF counts", counted))
    start = time.perf_counter()
    status = cli.main(["build", *sys.argv[1:], "--quiet"])
    total = time.perf_counter() - start
    print("| stage | seconds |\n|---|---|")
    print(f"| import | {IMPORT_SECONDS:.2f} |")
    for level, name, seconds in rows:
        print(f"| {'. ' * level}{name} | {seconds:.2f} |")
    print(f"| the rest of the build | {total - sum(s for level, _, s in rows if level == 0):.2f} |")
    print(f"| **build (without import)** | **{total:.2f}** |")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\npeak memory (RSS): this process {own:.0f} MB, largest worker {workers:.0f} MB")
    sys.exit(status)


if __name__ == "__main__":
    main()
