"""Sentence splitting: Golden Rules score and speed, ours against plain Punkt and pySBD, in one run.

    python benchmarks/segmentation.py [--articles 200]

Needs ../shared/eval (Golden Rules, DUC 2006) and, for the pySBD column,
`pip install -e ".[bench]"`. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable
from pathlib import Path

from nltk.tokenize.punkt import PunktSentenceTokenizer

from briefing.segment import Splitter, split_sentences

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
SUSPECT_END = re.compile(r"\b(?:Gen|St|No|Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Lt|Col|Sgt|Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.$")
"""A sentence that ends like this was most likely cut inside an abbreviation or a number."""


def golden_rules() -> list[dict]:
    return json.loads((SHARED / "segmentation" / "golden_rules_en.json").read_text(encoding="utf-8"))


def duc_articles(limit: int) -> list[str]:
    paths = sorted((SHARED / "duc2006").glob("D*/docs/*.txt"))[:limit]
    return [p.read_text(encoding="utf-8") for p in paths]


def splitters() -> dict[str, Callable[[list[str]], list[list[str]]]]:
    """Row label -> function from a list of texts to their sentences. Each label
    names exactly what is timed: a public function called once per text, as a
    user calls it (``brief build`` splits each article as ``split_sentences`` does),
    or one splitter trained on a sample of all the texts."""
    def per_call(texts: list[str]) -> list[list[str]]:
        return [split_sentences(t) for t in texts]

    def per_run(texts: list[str]) -> list[list[str]]:
        splitter = Splitter.for_texts(texts)  # trained once on a sample of all the texts
        return [splitter.split(t) for t in texts]

    def plain_punkt(texts: list[str]) -> list[list[str]]:
        punkt = PunktSentenceTokenizer()
        return [[s.strip() for s in punkt.tokenize(t)] for t in texts]

    found = {
        "plain Punkt: PunktSentenceTokenizer() untrained, built once, .tokenize per text": plain_punkt,
        "briefing.split_sentences(text), one call per text": per_call,
        "Splitter.for_texts(all texts) once, then .split per text": per_run,
    }
    try:
        import pysbd

        def pysbd_split(texts: list[str]) -> list[list[str]]:
            segmenter = pysbd.Segmenter(language="en", clean=False)
            return [[s.strip() for s in segmenter.segment(t) if s.strip()] for t in texts]

        found["pySBD Segmenter, built once, .segment per text"] = pysbd_split
    except ImportError:
        pass
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    rules = golden_rules()
    articles = duc_articles(args.articles)
    megabytes = sum(len(a.encode()) for a in articles) / 1e6
    print(f"Golden Rules: {len(rules)} cases; timing: {len(articles)} DUC 2006 articles ({megabytes:.2f} MB)\n")
    results = []
    chosen = splitters()
    best = {name: float("inf") for name in chosen}
    for _ in range(5):  # interleaved rounds, best of each: the machine's load varies
        for name, split in chosen.items():
            best[name] = min(best[name], timed(split, articles))
    for name, split in chosen.items():
        passed = sum(split([case["text"]])[0] == case["sentences"] for case in rules)
        sentences = [s for doc in split(articles) for s in doc]
        suspects = [s for s in sentences if SUSPECT_END.search(s)]
        results.append((name, passed, best[name], len(sentences), suspects))
    plain = next(r[2] for r in results if r[0].startswith("plain"))
    print("| splitter | golden rules | time (s) | time / plain Punkt | sentences | suspect ends |")
    print("|---|---|---|---|---|---|")
    for name, passed, best, count, suspects in results:
        print(f"| {name} | {passed}/{len(rules)} | {best:.3f} | {best / plain:.2f} | {count} | {len(suspects)} |")
    for name, _, _, _, suspects in results:
        if suspects:
            print(f"\nsuspect ends, {name} (first 5):")
            for sentence in suspects[:5]:
                print("   ", sentence[-90:])


def timed(split: Callable[[list[str]], list[list[str]]], texts: list[str]) -> float:
    start = time.perf_counter()
    split(texts)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
