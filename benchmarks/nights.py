"""Nightly memory: what each night's brief repeats of the last one, on DUC 2006 clusters.

    python benchmarks/nights.py                  # dev clusters (tune here)
    python benchmarks/nights.py --split test     # report

Each cluster's documents arrive by their dates in three nights (the oldest
third of them, then the next third, then the rest), each file's modification time set to its date, into one input
folder built into one output folder, as cron would. Night k is built at the
day after its newest document (SOURCE_DATE_EPOCH). For nights 2 and 3 it
counts, over the bottom line and developments:

- repeated: lines that are a line of the previous night's brief, or restate one
  (content words shared, Jaccard >= 0.25: stricter than the build's own bar);
- from new: lines whose source arrived since the previous night;

then builds night 3 again with nothing new (exit status, first line, archive)
and times the update build against a ``--fresh`` build of the same folder.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from clusters import dated_copy, document_dates, split, topic

WORD = re.compile(r"[A-Za-z0-9']+")
RESTATED = 0.25


def words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in WORD.findall(text) if len(w) > 3)


def restates(a: str, b: str) -> bool:
    x, y = words(a), words(b)
    return a == b or bool(x and y and len(x & y) / len(x | y) >= RESTATED)


def build(folder: Path, out: Path, title: str, when: int, *extra: str) -> tuple[int, dict | None, str, float]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "briefing.cli", "build", str(folder), "-o", str(out),
                             "--format", "md,json", "--title", title, "-q", "--no-cache", *extra],
                            capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": str(when)})
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        return result.returncode, None, result.stderr, elapsed
    md, js = result.stdout.split()[:2]
    return 0, json.loads(Path(js).read_text()), Path(md).read_text(), elapsed


def headline(brief: dict) -> list[dict]:
    return [i for s in brief["sections"] if s["name"] in ("bottom_line", "developments") for i in s["items"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--clusters", type=int, default=6, help="how many clusters (default 6)")
    parser.add_argument("--show", action="store_true", help="print each night's Markdown")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for cluster in split("duc2006", args.split)[: args.clusters]:
            documents = document_dates(cluster)
            cut = [len(documents) // 3, 2 * len(documents) // 3, len(documents)]
            folder, out = Path(tmp) / cluster.name / "in", Path(tmp) / cluster.name / "out"
            previous: dict | None = None
            arrived: set[str] = set()
            for night, upto in enumerate(cut, start=1):
                new_docs = documents[(cut[night - 2] if night > 1 else 0):upto]
                dated_copy(new_docs, folder)
                when = int((documents[upto - 1][1] + timedelta(hours=12)).timestamp())
                status, brief, md, took = build(folder, out, topic(cluster), when)
                if brief is None:
                    raise SystemExit(f"{cluster.name} night {night} failed: {md}")
                if args.show:
                    print(f"\n===== {cluster.name} night {night}\n{md[:2500]}")
                if previous is not None:
                    lines = headline(brief)
                    said = [i["text"] for i in headline(previous)]
                    paths = {s["id"]: Path(s["path"]).name for s in brief["sources"]}
                    new_names = {p.name for p, _ in new_docs}
                    fresh_out = Path(tmp) / cluster.name / f"fresh{night}"
                    _, _, _, fresh_took = build(folder, fresh_out, topic(cluster), when, "--fresh")
                    shutil.rmtree(fresh_out, ignore_errors=True)
                    rows.append((cluster.name, night, len(lines),
                                 sum(any(restates(i["text"], t) for t in said) for i in lines),
                                 sum(paths[i["source"]] in new_names for i in lines), took, fresh_took))
                previous = brief
                arrived |= {p.name for p, _ in new_docs}
            status, again, md, _ = build(folder, out, topic(cluster), when + 86400)
            index = (out / "index.html").read_text() if (out / "index.html").exists() else ""
            first = next((line for line in md.splitlines()[1:] if line.strip() and not line.startswith("*Situation")),
                         "") if again else md
            rows.append((cluster.name, "nothing new", status, first,
                         index.count("<article"), (out / "feed.atom").read_text().count("<entry")))
    print("\n| cluster | night | lines | repeated | from new sources | update (s) | fresh (s) |")
    print("|---|---|---|---|---|---|---|")
    total = [0, 0, 0, 0.0, 0.0]
    for row in rows:
        if row[1] == "nothing new":
            continue
        name, night, lines, repeated, new, took, fresh = row
        total = [total[0] + lines, total[1] + repeated, total[2] + new, total[3] + took, total[4] + fresh]
        print(f"| {name} | {night} | {lines} | {repeated} | {new} | {took:.1f} | {fresh:.1f} |")
    lines, repeated, new, took, fresh = total
    print(f"| **all** | | {lines} | {repeated} ({repeated / max(lines, 1):.0%}) | {new} ({new / max(lines, 1):.0%}) "
          f"| {took:.1f} | {fresh:.1f} ({took / max(fresh, 1e-9) - 1:+.0%} for the update) |")
    print("\nA night with nothing new (exit status, the page's first line, briefs in index.html, entries in feed.atom):")
    for row in rows:
        if row[1] == "nothing new":
            print(f"- {row[0]}: exit {row[2]}; {row[3]}; index {row[4]}; feed {row[5]}")


if __name__ == "__main__":
    main()
