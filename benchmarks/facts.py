"""Key facts, before and after: what the brief's facts block would show, read as an analyst would.

    python benchmarks/facts.py                 # shared corpus + six DUC 2006 dev clusters
    python benchmarks/facts.py --before REV    # compare with facts.py as it was at REV
    python benchmarks/facts.py --quiet         # the table only
    python benchmarks/facts.py --speed 10000   # time facts_from_mentions on 10,000 articles

For each corpus, stages 1-6 run in this process (no cache), so every article's
sentences pass through both the current ``article_mentions`` and the one of
``briefing/facts.py`` at REV (loaded from git, not copied). The corpus ranking's
first CENTRAL chosen sentences stand for the ``central`` keys the brief passes.
Prints each corpus's facts, old and new, then a table of counts:

- places: bare names (no role, no organisation) that more than half of the sources mention;
- weekdays: bare weekday facts;
- figures: figures with the noun they count (``facts.tier``: "figure", not a bare "50 percent");
- actors: people with a role.

``--speed N`` times the corpus-wide step (``facts_from_mentions``, the per-article
part runs in workers and is cached) on N articles: DUC 2006's 1,250 articles split
into sentences at full stops, repeated under new ids, old and new.

Asserts nothing; needs ../shared (the corpus and eval/duc2006).
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import re
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import briefing.facts as facts
import briefing.per_article as per_article
from briefing.model import Fact, Sentence
from briefing.pipeline import analyse

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DUC_DEV = ["D0601A", "D0603C", "D0605E", "D0607G", "D0609I", "D0611B"]  # the first six of duc2006's dev split
CENTRAL = 15
"""How many of the corpus ranking's chosen sentences count as central (what the brief passes)."""
BEFORE = "083dfd2"
"""facts.py before single-source, role and figure rules (the commit this work started from)."""
WEEKDAYS = facts.WEEKDAYS
SHARED_TARGETS = ("Witkoff", "Kushner", "28-point", "five hours")
"""What the shared corpus's block must show: the envoys, the plan, the five-hour Kremlin meeting."""


def module_at(rev: str) -> ModuleType:
    """briefing/facts.py as it was at ``rev``, imported as a module of the briefing package."""
    source = subprocess.run(["git", "show", f"{rev}:briefing/facts.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    spec = importlib.util.spec_from_loader("briefing._facts_before", loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "briefing"
    exec(compile(source, f"facts.py@{rev}", "exec"), module.__dict__)  # noqa: S102 (our own history)
    return module


def corpora() -> list[tuple[str, list[str]]]:
    duc = SHARED / "eval" / "duc2006"
    return ([("ukraine-talks", [str(SHARED / "corpus" / "ukraine-talks")])]
            + [(f"duc2006/{c}", [str(duc / c / "docs")]) for c in DUC_DEV])


def run(inputs: list[str], old: ModuleType) -> tuple[tuple[Fact, ...], tuple[Fact, ...], int]:
    """(facts before, facts after, number of sources) for one corpus."""
    sentences: dict[str, list[Sentence]] = {}

    def recording(found: list[Sentence]) -> tuple:
        if found:
            sentences[found[0].article_id] = list(found)
        return facts.article_mentions(found)

    per_article.article_mentions = recording
    try:
        analysis = analyse(inputs)
    finally:
        per_article.article_mentions = facts.article_mentions
    kept = [a.id for a in analysis.articles if a.id not in analysis.duplicates and a.id in sentences]
    central = [c.key for c in analysis.corpus.chosen[:CENTRAL]]
    before = old.facts_from_mentions([(a, old.article_mentions(sentences[a])) for a in kept])
    after = facts.facts_from_mentions([(a, analysis.results[a].mentions) for a in kept], central=central)
    return before, after, len(kept)


def counts(found: tuple[Fact, ...], sources: int) -> dict[str, int]:
    def bare_topic(f: Fact) -> bool:
        return f.kind in ("name", "place") and len(f.sources) * 2 > sources

    return {
        "facts": len(found),
        "places": sum(bare_topic(f) for f in found),
        "weekdays": sum(f.text in WEEKDAYS for f in found),
        "figures": sum(facts.tier(f) == "figure" for f in found),
        "actors": sum(f.kind == "actor" and bool(f.role) for f in found),
    }


def show(title: str, found: tuple[Fact, ...]) -> None:
    print(f"  {title}:")
    for f in found:
        support = getattr(f, "support", len(f.sources))
        print(f"    {f.kind:12} {f.label}  [{support} source(s)]")


def speed(n: int, old: ModuleType) -> None:
    """Seconds of the old and new ``facts_from_mentions`` on ``n`` articles."""
    paths = sorted((SHARED / "eval" / "duc2006").glob("D*/docs/*.txt"))
    articles = []
    for number, path in enumerate(paths):
        texts = [t for t in re.split(r"(?<=[.!?])\s+", path.read_text(encoding="utf-8")) if t.strip()]
        articles.append([Sentence(str(number), i, t, 0, 0, len(t)) for i, t in enumerate(texts)])
    for name, module in (("before", old), ("after", facts)):
        found = [module.article_mentions(sentences) for sentences in articles]
        by_article = [(str(i), found[i % len(found)]) for i in range(n)]
        central = [(str(i), 0) for i in range(0, n, max(1, n // 15))][:15]
        kwargs = {"central": central} if module is facts else {}
        gc.disable()  # as the pipeline runs (``pipeline.cycle_collection_paused``)
        start = time.perf_counter()
        module.facts_from_mentions(by_article, **kwargs)
        seconds = time.perf_counter() - start
        gc.enable()
        print(f"{name}: facts_from_mentions on {n} articles: {seconds:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=BEFORE, help="git revision of the facts.py to compare with")
    parser.add_argument("--quiet", action="store_true", help="print the table only")
    parser.add_argument("--speed", type=int, metavar="N", help="time facts_from_mentions on N articles instead")
    args = parser.parse_args()
    if not SHARED.is_dir():
        sys.exit(f"{SHARED} not found: the benchmark reads the shared corpus and eval data")
    old = module_at(args.before)
    if args.speed:
        speed(args.speed, old)
        return
    rows = []
    for name, inputs in corpora():
        before, after, sources = run(inputs, old)
        if not args.quiet:
            print(f"\n## {name} ({sources} sources)")
            show("before", before)
            show("after", after)
        if name == "ukraine-talks":
            labels = " ".join(f.label for f in after)
            print("  targets: " + ", ".join(f"{t} {'yes' if t in labels else 'NO'}" for t in SHARED_TARGETS))
        rows.append((name, counts(before, sources), counts(after, sources)))
    keys = ["facts", "places", "weekdays", "figures", "actors"]
    print("\n| corpus | " + " | ".join(f"{k} before/after" for k in keys) + " |")
    print("|---|" + "---|" * len(keys))
    for name, b, a in rows:
        print(f"| {name} | " + " | ".join(f"{b[k]} / {a[k]}" for k in keys) + " |")


if __name__ == "__main__":
    main()
