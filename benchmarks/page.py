"""What ROUGE cannot see: how the page reads, on dated DUC 2006 clusters and the shared corpus.

    python benchmarks/page.py                   # dev clusters (tune here)
    python benchmarks/page.py --split test      # report

For each cluster, a dated copy (``clusters.dated_copy``) is built with
``brief build --format md,json`` at the day after its newest document, and the
sidecar is read for:

- recency: the share of bottom-line lines whose source is in the newest third
  of the cluster's sources by publication time;
- dated: the share of developments that carry a date; order: adjacent pairs of
  developments out of date order;
- dependent: quoted lines that open with a word that points back to a sentence
  the page does not show (``rank.filters.dependent_opening``);
- facts: bare weekdays among the key facts, and figures that name what they count.

It prints one row a cluster and the totals, and asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from clusters import EVAL, dated_copy, document_dates, split, topic

from briefing.rank.filters import dependent_opening

SHARED_CORPUS = EVAL.parent / "corpus" / "ukraine-talks"
WEEKDAY = re.compile(r"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$")


def build(folder: Path, out: Path, title: str, when: str | None) -> dict:
    env = {"SOURCE_DATE_EPOCH": when} if when else {}
    result = subprocess.run([sys.executable, "-m", "briefing.cli", "build", str(folder), "-o", str(out),
                             "--format", "md,json", "--title", title, "--fresh", "-q"],
                            capture_output=True, text=True, env={**os.environ, **env})
    if result.returncode != 0:
        raise SystemExit(f"build of {folder} failed: {result.stderr}")
    return json.loads(Path(result.stdout.split()[1]).read_text())


def measures(brief: dict) -> dict:
    sources = sorted((s for s in brief["sources"] if s["published"] and not s["duplicate_of"]),
                     key=lambda s: s["published"], reverse=True)
    newest = {s["id"] for s in sources[: max(1, round(len(sources) / 3))]}
    sections = {s["name"]: s["items"] for s in brief["sections"]}
    bottom = sections.get("bottom_line", [])
    developments = sections.get("developments", [])
    dates = [i.get("date") for i in developments]
    quoted = [i["text"] for items in sections.values() for i in items]
    return {
        "bottom": len(bottom),
        "recent": sum(i["source"] in newest for i in bottom),
        "developments": len(developments),
        "dated": sum(d is not None for d in dates),
        "out_of_order": sum(1 for a, b in zip(dates, dates[1:], strict=False) if a and b and b < a),
        "dependent": sum(dependent_opening(t) is not None for t in quoted),
        "weekdays": sum(bool(WEEKDAY.match(f["text"])) for f in brief["facts"]),
        "figures": sum(f["kind"] == "figure" for f in brief["facts"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--clusters", type=int, default=0, help="only the first N clusters (0: all)")
    parser.add_argument("--show", action="store_true", help="print each brief's bottom line")
    args = parser.parse_args()
    clusters = split("duc2006", args.split)[: args.clusters or None]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for cluster in clusters:
            documents = document_dates(cluster)
            when = str(int((documents[-1][1] + timedelta(hours=12)).timestamp()))
            folder = dated_copy(documents, Path(tmp) / cluster.name)
            brief = build(folder, Path(tmp) / f"out-{cluster.name}", topic(cluster), when)
            rows.append((cluster.name, measures(brief)))
            if args.show:
                print(f"\n{cluster.name} {topic(cluster)}:")
                for item in brief["sections"][0]["items"]:
                    print(f"  [{item.get('date')}] {item['text']}")
        if SHARED_CORPUS.is_dir():
            brief = build(SHARED_CORPUS, Path(tmp) / "out-shared", "Ukraine talks", None)
            rows.append(("shared corpus", measures(brief)))
    print("\n| cluster | bottom line from newest third | developments dated | out of order | "
          "dependent openings | bare weekdays in facts | figures in facts |")
    print("|---|---|---|---|---|---|---|")
    total: dict[str, int] = {}
    for name, m in rows:
        for key, value in m.items():
            total[key] = total.get(key, 0) + value
        print(f"| {name} | {m['recent']}/{m['bottom']} | {m['dated']}/{m['developments']} | {m['out_of_order']} | "
              f"{m['dependent']} | {m['weekdays']} | {m['figures']} |")
    t = total
    print(f"| **all** | {t['recent']}/{t['bottom']} ({t['recent'] / max(t['bottom'], 1):.0%}) | "
          f"{t['dated']}/{t['developments']} | {t['out_of_order']} | {t['dependent']} | {t['weekdays']} | "
          f"{t['figures']} |")


if __name__ == "__main__":
    main()
