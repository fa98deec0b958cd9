"""Rendering time of the one-page PDF, fit loop included, for small to large corpora.

    python benchmarks/render.py

For each corpus the brief is analysed and assembled once, then rendered three
times (md, pdf, json, html); the table gives the best time, the number of
layouts the fit loop needed and the items it dropped. Goal: under 1.5 s.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from briefing import Config
from briefing.assemble import Heading
from briefing.pipeline import analyse, compose
from briefing.render import render_all

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {
    "bundled example (5 files)": [ROOT / "examples" / "harbor-strike"],
    "shared corpus (5 scraped)": [ROOT.parent / "shared" / "corpus" / "ukraine-talks"],
    "DUC 2003, all 298 articles": sorted((ROOT.parent / "shared" / "eval" / "duc2003_task2").glob("*/docs")),
}


def assembled(folders: list[Path]):
    config = Config(inputs=tuple(str(f) for f in folders)).validated()
    return compose(Heading("Benchmark", "benchmark", config.generated_at), analyse(config.inputs))


def main() -> None:
    print("| corpus | render, best of 3 (s) | layouts | items dropped | pages |")
    print("|---|---|---|---|---|")
    logging.getLogger("briefing").setLevel(logging.ERROR)
    for name, folders in CORPORA.items():
        if not folders or not all(f.is_dir() for f in folders):
            continue
        brief = assembled(folders)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            rendered = render_all(brief, ("md", "pdf", "json", "html"))
            best = min(best, time.perf_counter() - start)
        print(f"| {name} | {best:.2f} | {len(rendered.dropped) + 1} | {len(rendered.dropped)} | {rendered.pages} |")


if __name__ == "__main__":
    main()
