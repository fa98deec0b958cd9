"""Sentence dating: accuracy and speed of briefing.event_date against dateparser's search_dates.

    python benchmarks/dates.py [--sentences 2000] [--examples 20]

Accuracy is measured on tests/data/date_cases.json (the day expected, or none);
speed also on real sentences of the DUC 2006 dev clusters (../shared/eval,
skipped when absent), whose article dates come from their document ids.
dateparser (installed with trafilatura's htmldate) is read as "the first date
search_dates finds", with RELATIVE_BASE set to the publication time. Prints
tables and examples; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from dateparser.search import search_dates

from briefing.dates import event_date, finders_for
from briefing.segment import Splitter

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "data" / "date_cases.json"
DUC = ROOT.parent / "shared" / "eval" / "duc2006"

Resolver = Callable[[str, datetime], "date | None"]


def dateparser_resolver(prefer: str) -> Resolver:
    """search_dates' first find as a day, counted from the publication time (naive, as dateparser wants)."""
    def resolve(sentence: str, published: datetime) -> date | None:
        settings = {"RELATIVE_BASE": published.replace(tzinfo=None), "PREFER_DATES_FROM": prefer}
        found = search_dates(sentence, languages=["en"], settings=settings)
        return found[0][1].date() if found else None
    return resolve


RESOLVERS: dict[str, Resolver] = {
    "briefing.event_date": event_date,
    "dateparser search_dates (PREFER_DATES_FROM=past)": dateparser_resolver("past"),
    "dateparser search_dates (PREFER_DATES_FROM=current_period)": dateparser_resolver("current_period"),
}


def load_cases() -> list[tuple[str, datetime, date | None]]:
    cases = json.loads(CASES.read_text(encoding="utf-8"))["cases"]
    return [(c["sentence"], datetime.fromisoformat(c["published"]),
             date.fromisoformat(c["expected"]) if c["expected"] else None) for c in cases]


def duc_sentences(limit: int) -> list[tuple[str, datetime]]:
    """``limit`` sentences spread evenly over the dev clusters' articles, with each article's date."""
    if not DUC.is_dir():
        return []
    dev = json.loads((DUC / "split.json").read_text(encoding="utf-8"))["dev"]
    found: list[tuple[str, datetime]] = []
    for cluster in dev:
        meta = json.loads((DUC / cluster / "meta.json").read_text(encoding="utf-8"))
        articles = [(datetime.strptime(doc["source_id"][3:11], "%Y%m%d"),
                     (DUC / cluster / doc["file"]).read_text(encoding="utf-8")) for doc in meta["docs"]]
        splitter = Splitter.for_texts([text for _, text in articles])
        found += [(" ".join(s.split()), published) for published, text in articles for s in splitter.split(text)]
    step = max(1, len(found) // limit)
    return found[::step][:limit]


def microseconds(resolve: Resolver, items: list[tuple[str, datetime]], repeat: int) -> float:
    """Best of ``repeat`` runs, per sentence."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for sentence, published in items:
            resolve(sentence, published)
        best = min(best, time.perf_counter() - start)
    return best / max(1, len(items)) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--examples", type=int, default=20)
    args = parser.parse_args()
    cases = load_cases()
    duc = duc_sentences(args.sentences)
    search_dates("warm up on Monday", languages=["en"])  # dateparser builds its language data on first use
    nulls = sum(expected is None for _, _, expected in cases)
    print(f"cases: {len(cases)} ({nulls} expect no day); DUC 2006 dev sentences: {len(duc)}\n")
    print("| resolver | case accuracy | right when a day is expected | right when none is | "
          "us/sentence (cases) | us/sentence (DUC) | DUC sentences dated |")
    print("|---|---|---|---|---|---|---|")
    answers: dict[str, list[date | None]] = {}
    for name, resolve in RESOLVERS.items():
        got = [resolve(sentence, published) for sentence, published, _ in cases]
        right = [g == expected for g, (_, _, expected) in zip(got, cases, strict=True)]
        on_days = sum(r for r, (_, _, e) in zip(right, cases, strict=True) if e is not None)
        on_nulls = sum(r for r, (_, _, e) in zip(right, cases, strict=True) if e is None)
        repeat = 5 if name.startswith("briefing") else 1
        case_speed = microseconds(resolve, [(s, p) for s, p, _ in cases], repeat)
        duc_speed = microseconds(resolve, duc, repeat) if duc else float("nan")
        answers[name] = [resolve(s, p) for s, p in duc]
        dated_share = sum(a is not None for a in answers[name]) / max(1, len(duc))
        print(f"| {name} | {sum(right) / len(cases):.1%} | {on_days}/{len(cases) - nulls} | {on_nulls}/{nulls} "
              f"| {case_speed:.1f} | {duc_speed:.1f} | {dated_share:.1%} |")
    print_split_speed(duc)
    print_examples(duc, answers, args.examples)


def print_split_speed(duc: list[tuple[str, datetime]]) -> None:
    """event_date's time on sentences without any date word (the precheck) and on the rest."""
    plain = [(s, p) for s, p in duc if not finders_for(s)]
    worded = [(s, p) for s, p in duc if finders_for(s)]
    if plain and worded:
        print(f"\nevent_date on DUC: {len(plain)} sentences with no date word {microseconds(event_date, plain, 5):.1f} us, "
              f"{len(worded)} with one {microseconds(event_date, worded, 5):.1f} us")


def print_examples(duc: list[tuple[str, datetime]], answers: dict[str, list[date | None]], count: int) -> None:
    ours, theirs = answers["briefing.event_date"], answers["dateparser search_dates (PREFER_DATES_FROM=past)"]
    shown = [i for i, day in enumerate(ours) if day is not None][:count]
    print(f"\n{len(shown)} DUC sentences event_date dated (published | event_date | dateparser past | sentence):")
    for i in shown:
        sentence, published = duc[i]
        print(f"  {published:%Y-%m-%d %a} | {ours[i]} | {theirs[i]} | {sentence[:140]}")


if __name__ == "__main__":
    main()
