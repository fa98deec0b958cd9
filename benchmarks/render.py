"""Rendering time of the one-page brief as ``brief build`` renders it (md, pdf, json), fit included.

    python benchmarks/render.py                    # DUC 2006 dev clusters, the shared corpus, the example
    python benchmarks/render.py --split test       # the test clusters
    python benchmarks/render.py --walk             # also drop one item at a time, as the fit did up to
                                                   # briefing 0.1, and compare what the two keep
    python benchmarks/render.py --large            # add one brief of all 1,250 DUC 2006 articles

Each cluster is copied with its documents dated (``clusters.dated_copy``), analysed and
assembled once at the day after its newest document, then rendered ``--repeat`` times;
the table gives the best time, how many briefs the fit laid out and how many items it
dropped. With ``--walk`` every brief of the drop sequence is laid out in turn until one
fits (then the PDF written, as the old loop did): its layouts and time, and whether it
kept the same items ("differ" lists the briefs where not). Asserts nothing.

Times are CPU seconds of this process (``time.process_time``): rendering is
single-threaded and CPU-bound, so on a quiet machine they are the wall time, and
on a shared one they do not count the neighbours' work.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from clusters import EVAL, dated_copy, document_dates, split, topic

from briefing import pdf
from briefing.assemble import Heading
from briefing.fit import drop_sequence
from briefing.model import Brief
from briefing.pipeline import analyse, compose, slugify
from briefing.render import BUILTIN_TEMPLATES, render_all

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("md", "pdf", "json")  # what ``brief build`` renders by default
SHARED_CORPUS = EVAL.parent / "corpus" / "ukraine-talks"
EXAMPLE = ROOT / "examples" / "harbor-strike"
SHARED_BUILD_TIME = datetime(2026, 11, 22, 6, 0, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Row:
    name: str
    seconds: float
    layouts: int
    dropped: tuple[str, ...]
    walk_seconds: float | None = None
    walk_layouts: int | None = None
    same: bool | None = None


def assembled(folders: list[Path], title: str, when: datetime) -> Brief:
    return compose(Heading(title, slugify(title), when), analyse([str(f) for f in folders]))


def briefs(split_name: str, large: bool, tmp: Path) -> list[tuple[str, Brief]]:
    """(name, brief) of every DUC 2006 cluster of the split, the shared corpus and the example."""
    found = []
    for cluster in split("duc2006", split_name):
        documents = document_dates(cluster)
        folder = dated_copy(documents, tmp / cluster.name)
        found.append((cluster.name, assembled([folder], topic(cluster), documents[-1][1] + timedelta(hours=12))))
    for name, folder in (("shared corpus", SHARED_CORPUS), ("bundled example", EXAMPLE)):
        if folder.is_dir():
            found.append((name, assembled([folder], name, SHARED_BUILD_TIME)))
    if large:
        every = sorted((EVAL / "duc2006").glob("*/docs"))
        found.append(("DUC 2006, all 1,250 articles", assembled(every, "DUC 2006", SHARED_BUILD_TIME)))
    return found


def best_render(brief: Brief, repeat: int) -> tuple[float, object]:
    best, rendered = float("inf"), None
    for _ in range(repeat):
        start = time.process_time()
        rendered = render_all(brief, FORMATS)
        best = min(best, time.process_time() - start)
    return best, rendered


def walk(brief: Brief) -> tuple[tuple[str, ...], int, float]:
    """The old fit: lay out the brief, drop one item, lay out again, until one page; write the PDF."""
    start = time.process_time()
    fetcher = pdf.AssetFetcher((BUILTIN_TEMPLATES,))
    steps = drop_sequence(brief)
    for drops, step in enumerate(steps):
        html = render_all(step.brief, ("html",)).outputs["html"].decode()
        document = pdf.layout(html, fetcher, BUILTIN_TEMPLATES)
        if len(document.pages) == 1:
            pdf.write_pdf(document)
            return tuple(s.dropped for s in steps[1: drops + 1]), drops + 1, time.process_time() - start
    raise SystemExit(f"{brief.title}: nothing fits one page")


def measure(name: str, brief: Brief, repeat: int, with_walk: bool) -> Row:
    seconds, rendered = best_render(brief, repeat)
    row = Row(name, seconds, rendered.layouts, rendered.dropped)
    if not with_walk:
        return row
    walked, layouts, walk_seconds = walk(brief)
    return Row(name, seconds, rendered.layouts, rendered.dropped, walk_seconds, layouts, walked == rendered.dropped)


def print_table(rows: list[Row], with_walk: bool) -> None:
    if with_walk:
        print("| brief | layouts | render (CPU s) | walk layouts | walk, layouts + PDF (CPU s) | items dropped | "
              "same items |")
        print("|---|---|---|---|---|---|---|")
    else:
        print("| brief | layouts | render, best of repeats (CPU s) | items dropped |")
        print("|---|---|---|---|")
    for r in rows:
        if with_walk:
            print(f"| {r.name} | {r.layouts} | {r.seconds:.2f} | {r.walk_layouts} | {r.walk_seconds:.2f} | "
                  f"{len(r.dropped)} | {'yes' if r.same else 'NO'} |")
        else:
            print(f"| {r.name} | {r.layouts} | {r.seconds:.2f} | {len(r.dropped)} |")
    layouts = [r.layouts for r in rows]
    seconds = [r.seconds for r in rows]
    print(f"\n{len(rows)} briefs: layouts {sum(layouts)} (median {statistics.median(layouts)}, max {max(layouts)}); "
          f"render median {statistics.median(seconds):.2f} s, max {max(seconds):.2f} s, total {sum(seconds):.1f} s")
    if with_walk:
        walks = [r.walk_layouts or 0 for r in rows]
        walk_seconds = [r.walk_seconds or 0.0 for r in rows]
        differ = [r.name for r in rows if not r.same]
        print(f"walk: layouts {sum(walks)} (median {statistics.median(walks)}, max {max(walks)}); median "
              f"{statistics.median(walk_seconds):.2f} s, max {max(walk_seconds):.2f} s, total {sum(walk_seconds):.1f} s")
        print(f"differ: {', '.join(differ) if differ else 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--repeat", type=int, default=3, help="renders of each brief; the best time counts")
    parser.add_argument("--walk", action="store_true", help="also run the one-item-at-a-time fit and compare")
    parser.add_argument("--large", action="store_true", help="add a brief of all 1,250 DUC 2006 articles")
    args = parser.parse_args()
    logging.getLogger("briefing").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        found = briefs(args.split, args.large, Path(tmp))
    print_table([measure(name, brief, args.repeat, args.walk) for name, brief in found], args.walk)


if __name__ == "__main__":
    main()
