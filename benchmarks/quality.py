"""Summary quality: ROUGE recall of ours against the lead baseline and naive sumy, in one run.

    python benchmarks/quality.py                       # test split, every dataset
    python benchmarks/quality.py --split dev --datasets duc2003_task2

For each cluster of ../shared/eval, every system writes a summary of the
dataset's word budget; ROUGE-1/2/L recall (rouge-score, stemmed) is averaged
over the references, then over clusters. Summaries are truncated to the
budget: the baselines rank every sentence and are cut in the middle of one;
"briefing" gives whole sentences within the budget (what `brief summarize`
prints) and "briefing, cut at the budget" the same ranking cut like the others.
The last column counts the lines each system quotes (sentences that begin within
the budget) that open with a word that needs a sentence the reader does not see
("But ...", "He ...", "After the meeting, he ...": ``filters.dependent_opening``);
``--show-dependent`` prints them. Tune on dev, report test. Needs `pip install -e ".[bench]"`.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rouge_score import rouge_scorer
from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from briefing import summarize
from briefing.lang import Language
from briefing.rank import SumyTokenizer
from briefing.rank.filters import dependent_opening
from briefing.segment import Splitter

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"

DATASETS = {
    # name: (word budget, use the cluster's topic as --focus)
    "duc2003_task2": (100, False),
    "multiling2011_en": (250, False),
    "duc2006": (250, True),
}

System = Callable[[list[Path], int, str | None], list[str]]


def read_reference(path: Path) -> str:
    """DUC references are PTB-tokenised fragments, one a line: join them."""
    text = " ".join(path.read_text(encoding="utf-8").split())
    return text.replace("``", '"').replace("''", '"')


def topic(cluster: Path) -> str | None:
    meta = json.loads((cluster / "meta.json").read_text(encoding="utf-8"))
    t = meta.get("topic") or {}
    return " ".join(filter(None, [t.get("title"), t.get("narrative")])) or None


def doc_sentences(docs: list[Path]) -> list[list[str]]:
    texts = [p.read_text(encoding="utf-8") for p in docs]
    splitter = Splitter.for_texts(texts)
    return [[s for para in re.split(r"\n\s*\n", t) for s in splitter.split(" ".join(para.split()))]
            for t in texts]


def lead(docs: list[Path], words: int, focus: str | None) -> list[str]:
    """First sentence of each document in turn, then the second of each, ..."""
    per_doc = doc_sentences(docs)
    out = []
    for i in range(max(len(d) for d in per_doc)):
        out.extend(d[i] for d in per_doc if i < len(d))
    return out


def naive_sumy(cls: type) -> System:
    """sumy's summariser over every sentence of every document, as one document."""
    def run(docs: list[Path], words: int, focus: str | None) -> list[str]:
        lang = Language.english()
        per_doc = doc_sentences(docs)
        tokenizer = SumyTokenizer(Splitter.for_texts([]))
        document = ObjectDocumentModel([Paragraph([SumySentence(s, tokenizer) for s in d]) for d in per_doc if d])
        summarizer = cls(lang.stem)
        summarizer.stop_words = lang.stop_words
        ratings: dict[int, float] = {}
        summarizer(document, lambda infos: ratings.update((i.order, i.rating) for i in infos) or [])
        sentences = [s for d in per_doc for s in d]
        return [sentences[i] for i in sorted(ratings, key=lambda i: -ratings[i])]
    return run


def ours(docs: list[Path], words: int, focus: str | None) -> list[str]:
    """What ``brief summarize`` prints: whole sentences within the budget."""
    return summarize([str(p) for p in docs], words, focus=focus)


def ours_filled(docs: list[Path], words: int, focus: str | None) -> list[str]:
    """The same ranking filled to the budget and cut there, as the other rows are:
    they rank every sentence and ``truncate`` cuts the last one, while whole
    sentences leave up to a sentence's worth of the budget unused."""
    return summarize([str(p) for p in docs], 2 * words, focus=focus, order="rank")


SYSTEMS: dict[str, System] = {
    "lead": lead,
    "sumy LexRank (naive)": naive_sumy(LexRankSummarizer),
    "sumy TextRank (naive)": naive_sumy(TextRankSummarizer),
    "briefing": ours,
    "briefing, cut at the budget": ours_filled,
}


def truncate(sentences: list[str], words: int) -> str:
    return " ".join(" ".join(sentences).split()[:words])


def quoted_lines(sentences: list[str], words: int) -> list[str]:
    """The sentences a summary cut at ``words`` shows, the last one perhaps in part."""
    shown, used = [], 0
    for sentence in sentences:
        if used >= words:
            break
        shown.append(sentence)
        used += len(sentence.split())
    return shown


@dataclass
class Score:
    """One system's totals over a dataset's clusters."""

    rouge: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])  # ROUGE-1/2/L recall, summed
    seconds: float = 0.0
    lines: int = 0
    dependent: list[str] = field(default_factory=list)  # quoted lines that open with a dependent word


def evaluate(dataset: str, split: str, systems: dict[str, System]) -> dict[str, Score]:
    """Each system's ROUGE recall averaged over the clusters, and its dependent openings."""
    budget, focused = DATASETS[dataset]
    folder = EVAL / dataset
    clusters = json.loads((folder / "split.json").read_text(encoding="utf-8"))[split]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    totals = {name: Score() for name in systems}
    for cluster_id in clusters:
        cluster = folder / cluster_id
        docs = sorted((cluster / "docs").glob("*.txt"))
        refs = [read_reference(p) for p in sorted((cluster / "refs").glob("*.txt"))]
        focus = topic(cluster) if focused else None
        for name, system in systems.items():
            start = time.perf_counter()
            sentences = system(docs, budget, focus)
            totals[name].seconds += time.perf_counter() - start
            summary = truncate(sentences, budget)
            for i, key in enumerate(("rouge1", "rouge2", "rougeL")):
                totals[name].rouge[i] += sum(scorer.score(ref, summary)[key].recall for ref in refs) / len(refs)
            lines = quoted_lines(sentences, budget)
            totals[name].lines += len(lines)
            totals[name].dependent.extend(f"{cluster_id}: {line}" for line in lines if dependent_opening(line))
    for score in totals.values():
        score.rouge = [r / len(clusters) for r in score.rouge]
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test"), default="test")
    parser.add_argument("--datasets", nargs="+", choices=list(DATASETS), default=list(DATASETS))
    parser.add_argument("--systems", nargs="+", choices=list(SYSTEMS), default=list(SYSTEMS))
    parser.add_argument("--show-dependent", action="store_true",
                        help="print the quoted lines that open with a dependent word")
    args = parser.parse_args()
    systems = {name: SYSTEMS[name] for name in args.systems}
    for dataset in args.datasets:
        budget, focused = DATASETS[dataset]
        print(f"\n{dataset}, {args.split} split, {budget} words{', topic as focus' if focused else ''}\n")
        print("| system | ROUGE-1 R | ROUGE-2 R | ROUGE-L R | time (s) | dependent openings / lines |")
        print("|---|---|---|---|---|---|")
        scores = evaluate(dataset, args.split, systems)
        for name, score in scores.items():
            r1, r2, rl = score.rouge
            print(f"| {name} | {r1:.4f} | {r2:.4f} | {rl:.4f} | {score.seconds:.1f} | "
                  f"{len(score.dependent)} / {score.lines} |")
        if args.show_dependent:
            for name, score in scores.items():
                print("".join(f"\n{name}: {line}" for line in score.dependent))


if __name__ == "__main__":
    main()
