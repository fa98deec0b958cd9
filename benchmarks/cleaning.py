"""Cleaning: precision and recall of "quotable" on the labelled line cases.

    python benchmarks/cleaning.py

Reads tests/data/clean_cases.json (each line labelled with the block kind it
must get). "Quotable" means paragraph or list item: the only kinds a brief may
quote. Precision: of the lines we let through, how many should be; recall: of
the lines that should be quotable, how many we let through. Also prints every
miss with the rule that caused it. Asserts nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from briefing.clean import classify, clean_article
from briefing.model import Article, Block, BlockKind

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "data" / "clean_cases.json"
SHARED_LABELS = ROOT / "tests" / "data" / "shared_corpus_labels.json"
SHARED = ROOT.parent / "shared"


def labelled_corpus_lines() -> list[tuple[str, bool]]:
    """(line, should be quotable) for every line of the shared corpus, whole
    articles cleaned as the pipeline does (end markers cut what follows them)."""
    not_quotable = set(json.loads(SHARED_LABELS.read_text(encoding="utf-8"))["not_quotable"])
    found = []
    for path in sorted((SHARED / "corpus" / "ukraine-talks").glob("*.txt")):
        clean = clean_article(Article(path.stem, str(path), "", path.read_text(encoding="utf-8")))
        found.extend((b, b.text not in not_quotable) for b in clean.blocks)
    return found


def duc_paragraphs(limit: int = 100) -> list[Block]:
    """Blocks of DUC 2003 newswire: clean article text, all of it should stay quotable."""
    blocks = []
    for path in sorted((SHARED / "eval" / "duc2003_task2").glob("*/docs/*.txt"))[:limit]:
        blocks.extend(clean_article(Article(path.stem, str(path), "", path.read_text(encoding="utf-8"))).blocks)
    return blocks


def main() -> None:
    cases = json.loads(CASES.read_text(encoding="utf-8"))["lines"]
    tp = fp = fn = tn = 0
    exact = 0
    misses = []
    for case in cases:
        block = classify(case["line"])
        want = BlockKind(case["kind"]).quotable
        got = block.kind.quotable
        exact += block.kind.value == case["kind"]
        tp += want and got
        fp += got and not want
        fn += want and not got
        tn += not want and not got
        if want != got:
            misses.append((case["line"], case["kind"], block.kind.value, block.rule))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"{len(cases)} labelled lines ({tp + fn} quotable, {fp + tn} not)\n")
    print("| measure | value |")
    print("|---|---|")
    print(f"| precision (quotable) | {precision:.3f} |")
    print(f"| recall (quotable) | {recall:.3f} |")
    print(f"| exact block kind | {exact}/{len(cases)} |")
    for line, want, got, rule in misses:
        print(f"miss: {line!r}: want {want}, got {got} ({rule})")
    if not SHARED.is_dir():
        return
    corpus = labelled_corpus_lines()
    tp = sum(want and b.kind.quotable for b, want in corpus)
    fp = sum(not want and b.kind.quotable for b, want in corpus)
    fn = sum(want and not b.kind.quotable for b, want in corpus)
    print(f"\nshared/corpus/ukraine-talks, whole articles: {len(corpus)} blocks, {tp + fn} article text")
    print(f"| precision (quotable) | {tp / max(tp + fp, 1):.3f} |\n| recall (quotable) | {tp / max(tp + fn, 1):.3f} |")
    for block, want in corpus:
        if want != block.kind.quotable:
            print(f"miss: {block.text[:80]!r}: {block.kind.value} ({block.rule})")
    duc = duc_paragraphs()
    kept = sum(b.kind.quotable for b in duc)
    print(f"\nDUC 2003 newswire (first 100 articles): {kept}/{len(duc)} blocks kept quotable ({kept / len(duc):.3f})")
    for block in duc:
        if not block.kind.quotable:
            print(f"dropped: {block.text[:80]!r}: {block.kind.value} ({block.rule})")


if __name__ == "__main__":
    main()
