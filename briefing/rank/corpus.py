"""Stage 6, rank across the corpus: pool every article's best candidates, rank
them together on several signals, and pick them without saying a thing twice.

Signals, each turned into a rank percentile before they are combined:
- centrality: continuous LexRank over the pool (TF-IDF cosine, sparse);
- agreement: how many other sources have a similar sentence in the pool;
- article: the per-article summariser's rank;
- position: earlier in its article is better (news is written lead first);
- informativeness: named things and numbers per sentence;
- focus: similarity to the user's topic description, when one is given.

The combined rank then meets concept coverage (``coverage_order``): candidates
are taken greedily by combined rank less the share of the corpus's concepts
they add that nobody chosen before them has covered.
"""

from __future__ import annotations

import heapq
import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..lang import Language
from ..model import Rejection, ScoredSentence, Sentence, SentenceKey
from .fast import count_matrix
from .filters import commentary_words

POOL_PER_ARTICLE = 25
"""Candidates each article may send to the pool. 1,048 articles of DUC 2003 and
DUC 2006 have a median of 19 quotable sentences (90th percentile 44): 25 takes
every sentence of most news articles and the first 25 of long ones, and keeps a
10,000-article run's memory in bounds. The old top five per article could not
see a name or figure that only a weak-ranked sentence of one source gives (the
shared corpus's envoys: in a ten-sentence article, every sentence ties)."""

POOL_MAX = 800
"""Upper bound of the pool, so the cross-corpus stage costs the same for 200
articles as for 20,000. Over the bound, candidates go in by their place in
their article (``build_pool``), so every article's best sentence is in first."""

EDGE_SIMILARITY = 0.1
"""Similarities below this are not edges of the centrality graph: Erkan & Radev (2004)
found 0.1 best on DUC 2003/2004. sumy's LexRank uses the same value
(``fast.LEXRANK_THRESHOLD``), but that one is sumy's, kept to reproduce sumy's scores;
this one is the cross-corpus ranking's own, to tune on its own."""

DAMPING = 0.85

AGREEMENT_SIMILARITY = 0.3
"""Two sentences of different sources 'agree' above this cosine; chosen by
reading pairs on the shared corpus (0.3 pairs statements of the same event)."""

DUPLICATE_SIMILARITY = 0.5
"""A candidate this similar (cosine of TF-IDF stems) to an already chosen one is
dropped as a repeat. Syndicated copies score above 0.9, restatements 0.5-0.8."""

NEIGHBOUR_SIMILARITY = 0.2
"""Lower bar for two sentences in adjacent paragraphs of one article: content
spinners restate each paragraph in the next one with new words (shared
corpus 000, example 04), and such pairs share few exact stems. On the shared
corpus the restated pairs score 0.2-0.45 and adjacent distinct paragraphs under 0.15."""

SAME_FIGURE_SIMILARITY = 0.25
"""Lower bar for two sentences that give the same figure (not a year): "About 4,200
members ... stopped work" and "the union said about 4,200 of its members joined the
strike" state one fact in different words (cosine about 0.3). Dev ROUGE-1/2 recall
(benchmarks/quality.py --split dev): duc2003_task2 unchanged at 0.2, 0.25 and 0.3;
multiling2011_en 0.4847/0.1874 without, 0.4810/0.1955 at 0.2, 0.4855/0.1999 at
0.25, 0.4852/0.1977 at 0.3."""

WEIGHTS = {
    "centrality": 1.0,
    "article": 1.0,
    "agreement": 0.5,
    "position": 1.5,
    "informativeness": 0.25,  # with the commentary penalty: DUC 2003 dev R-1 0.3561 -> 0.3666; 1.0 gave 0.3547
    "focus": 1.5,
}
"""Weights of the rank percentiles in the combined rank. Set by hand, then
position raised from 0.5 to 1.5 on duc2003_task2 dev (ROUGE-1 R 0.3508 ->
0.3561, benchmarks/quality.py --split dev); the other single-weight changes
tried there (centrality 2, article 0.5, agreement 0 or 1.5, informativeness 0
or 1) moved ROUGE-1 by under 0.01 or lowered it."""

CONCEPT_MIN_ARTICLES = 3
"""A concept (pair of consecutive content stems) counts toward coverage when this
many articles use it, as in Gillick & Favre (2009). duc2003_task2 dev ROUGE-1/2
recall: 2 -> 0.3669/0.0956, 3 -> 0.3688/0.0968, 4 -> 0.3659/0.0905."""

COVERAGE_WEIGHT = 1.0
"""Weight of the concept gain (0..1) against the combined rank percentile (0..1).
duc2003_task2 dev ROUGE-1/2 recall: without coverage 0.3606/0.0874; 0.5 ->
0.3672/0.0949; 1 -> 0.3688/0.0968; 2 -> 0.3705/0.0934. 1 also raised multiling
dev 0.4736 -> 0.4847 and DUC 2006 dev 0.3868 -> 0.3945 (R-2 0.0842 -> 0.0929)."""

FOCUS_CONCEPT_BOOST = 1.0
"""With ``--focus``, a concept containing a word of the topic weighs this much more
(so one used by two articles already counts). DUC 2006 dev ROUGE-1/2 recall, measured
again once the topic was the focus text's stems (it had been the last pool sentence's):
0 -> 0.3943/0.0923, 1 -> 0.4038/0.0939, 2 -> 0.4008/0.0944, 4 -> 0.4009/0.0932."""

KEPT_REPEATS = 20
"""The best-ranked repeats are kept with their candidates, for the brief's runners-up."""

NAME_OR_NUMBER = re.compile(r"(?<!^)(?<![.!?] )\b[A-Z][a-z]+|\d[\d,.]*")


@dataclass(frozen=True)
class CorpusRanking:
    """Chosen candidates, best first, with no two saying the same thing."""

    chosen: tuple[ScoredSentence, ...]
    rejected: tuple[Rejection, ...]
    repeats: tuple[tuple[ScoredSentence, str], ...] = ()  # dropped candidates, best first, and what they repeat


def build_pool(rankings: Sequence[Sequence[ScoredSentence]]) -> list[ScoredSentence]:
    """Every article's candidates, up to POOL_MAX: over the bound, round by round
    (each article's best, then each article's second best, ...), ties within a
    round broken by the per-article rank and position."""
    pool = [c for candidates in rankings for c in candidates[:POOL_PER_ARTICLE]]
    if len(pool) > POOL_MAX:
        place = {c.key: n for candidates in rankings for n, c in enumerate(candidates)}
        pool.sort(key=lambda c: (place[c.key], c.ranks["article"], c.sentence.position, c.key))
        pool = pool[:POOL_MAX]
    return pool


@dataclass(frozen=True)
class DocumentFrequencies:
    """In how many sentences of the corpus each content stem occurs, and how many sentences there are."""

    counts: Mapping[str, int]
    sentences: int

    @classmethod
    def of(cls, token_lists: Iterable[Sequence[str]]) -> DocumentFrequencies:
        stems: list[str] = []
        n = 0
        for tokens in token_lists:
            stems.extend(set(tokens))
            n += 1
        return cls(Counter(stems), n)

    @classmethod
    def counted(cls, occurrences: Iterable[str], sentences: int) -> DocumentFrequencies:
        """From each sentence's distinct stems, one after another (``ArticleResult.stem_occurrences``)."""
        return cls(Counter(occurrences), sentences)


def tfidf_matrix(docs: Sequence[Sequence[str]], idf: DocumentFrequencies | None = None) -> sparse.csr_matrix:
    """Rows of L2-normalised TF-IDF weights, one row a token list (content stems,
    ``Language.content_stems``). IDF from ``idf``, else from the rows themselves."""
    counts, vocab = count_matrix(docs)
    idf = idf or DocumentFrequencies.of(docs)
    df = np.zeros(counts.shape[1])
    for stem, column in vocab.items():
        df[column] = idf.counts.get(stem, 0)
    weights = np.log((1 + idf.sentences) / (1 + df)) + 1
    matrix = (counts @ sparse.diags(weights)).tocsr()
    norms = np.sqrt(matrix.multiply(matrix).sum(axis=1)).A1
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ matrix


def lexrank(similarity: sparse.csr_matrix, threshold: float = EDGE_SIMILARITY) -> np.ndarray:
    """Continuous LexRank: stationary distribution of the thresholded similarity graph."""
    n = similarity.shape[0]
    if n == 0:
        return np.zeros(0)
    graph = similarity.multiply(similarity >= threshold).tocsr()
    graph.setdiag(0)
    degree = np.asarray(graph.sum(axis=1)).ravel()
    degree[degree == 0] = 1.0
    transition = sparse.diags(1.0 / degree) @ graph
    scores = np.full(n, 1.0 / n)
    for _ in range(100):
        updated = (1 - DAMPING) / n + DAMPING * (transition.T @ scores)
        if np.abs(updated - scores).sum() < 1e-8:
            break
        scores = updated
    return scores


def percentiles(values: np.ndarray) -> np.ndarray:
    """Higher value -> lower (better) percentile, 0.0 .. 1.0; ties share the average rank."""
    return block_percentiles([values])[0]


def block_percentiles(scores: Sequence[np.ndarray]) -> list[np.ndarray]:
    """``percentiles`` of each array, for all of them in one sort: the rank within its
    array by descending score (``average_ranks``) over the array's length less one."""
    sizes = np.array([len(found) for found in scores], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes)])
    ranks = average_ranks(-np.concatenate([np.zeros(0), *scores]).astype(float), np.repeat(np.arange(len(scores)), sizes),
                          starts)
    return [(ranks[a:b] - 1) / (b - a - 1) if b - a > 1 else np.zeros(b - a)
            for a, b in zip(starts[:-1].tolist(), starts[1:].tolist(), strict=True)]


def average_ranks(values: np.ndarray, block: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Each value's rank (from 1) among those of its block, smallest first, tied values
    sharing their average rank as scipy's ``rankdata`` computes it: the ties' first rank
    plus half their count less one, exact in floating point."""
    order = np.lexsort((values, block))
    ordered, ordered_block = values[order], block[order]
    opens = np.ones(len(order), dtype=bool)
    opens[1:] = (ordered[1:] != ordered[:-1]) | (ordered_block[1:] != ordered_block[:-1])
    firsts = np.flatnonzero(opens)
    counts = np.diff(np.append(firsts, len(order)))
    ranks = (firsts - starts[ordered_block[firsts]] + 1).astype(float) + (counts - 1).astype(float) / 2
    found = np.empty(len(order))
    found[order] = np.repeat(ranks, counts)
    return found


def informativeness(sentence: Sentence) -> float:
    """Named things and numbers per sentence, with diminishing returns, less one
    for each word of commentary: a brief wants what happened, not how pivotal it is."""
    return math.log1p(len(NAME_OR_NUMBER.findall(sentence.text))) - commentary_words(sentence.text)


def concept_hash(first: str, second: str) -> int:
    """A concept, the pair of consecutive content stems ("peac", "talk"), as a hash
    that is the same in every process (it is cached)."""
    return zlib.crc32(f"{first} {second}".encode("utf-8"))


def concept_hashes(stems: Sequence[str]) -> np.ndarray:
    """The sentence's concepts, distinct and sorted."""
    return all_concepts([stems])


def all_concepts(token_lists: Sequence[Sequence[str]]) -> np.ndarray:
    """The concepts of several sentences, distinct and sorted, in one sort (a sort a
    sentence took three times as long on DUC 2006)."""
    return np.unique(np.array([concept_hash(a, b) for stems in token_lists for a, b in zip(stems, stems[1:], strict=False)],
                              dtype=np.uint64))


def concept_frequencies(pool_tokens: Sequence[Sequence[str]], article_concepts: Sequence[np.ndarray]
                        ) -> dict[int, float]:
    """For each concept of the pool, in how many articles it occurs."""
    wanted = all_concepts(pool_tokens)
    if not len(wanted) or not article_concepts:
        return {}
    found = np.concatenate(article_concepts)
    values, counts = np.unique(found[np.isin(found, wanted)], return_counts=True)
    return dict(zip(values.tolist(), counts.tolist(), strict=True))


def focus_weighted(frequencies: Mapping[int, float], tokens: Sequence[Sequence[str]], topic: set[str]
                   ) -> dict[int, float]:
    """Concept weights with the concepts that contain a word of the focus topic
    counted FOCUS_CONCEPT_BOOST times more (query-biased coverage)."""
    weighted = dict(frequencies)
    for stems in tokens:
        for a, b in zip(stems, stems[1:], strict=False):
            if a in topic or b in topic:
                h = concept_hash(a, b)
                if h in frequencies:
                    weighted[h] = frequencies[h] * (1 + FOCUS_CONCEPT_BOOST)
    return weighted


def rank_corpus(rankings: Sequence[Sequence[ScoredSentence]], lang: Language,
                focus: str | None = None, idf: DocumentFrequencies | None = None,
                stems: Mapping[SentenceKey, Sequence[str]] | None = None,
                article_concepts: Sequence[np.ndarray] = ()) -> CorpusRanking:
    """Rank the pooled candidates together and choose them best first without repeats.

    ``idf``: document frequencies over every sentence of the corpus (default: the
    pool's); ``stems``: content stems of candidates already computed per article."""
    pool = build_pool(rankings)
    if not pool:
        return CorpusRanking((), ())
    stems = stems or {}
    tokens = [stems.get(c.key) or lang.content_stems(c.sentence.text) for c in pool]
    frequencies = concept_frequencies(tokens, article_concepts)
    if focus:
        topic = lang.content_stems(focus)
        frequencies = focus_weighted(frequencies, tokens, set(topic))
        tokens.append(topic)  # the last row of the TF-IDF matrix: the focus signal compares the pool with it
    matrix = tfidf_matrix(tokens, idf)
    vectors = matrix[: len(pool)]
    similarity = (vectors @ vectors.T).tocsr()
    signals = {
        "centrality": percentiles(lexrank(similarity)),
        "agreement": percentiles(agreement(similarity, [c.sentence.article_id for c in pool])),
        "article": np.array([c.ranks["article"] for c in pool]),
        "position": np.array([c.sentence.position for c in pool]),
        "informativeness": percentiles(np.array([informativeness(c.sentence) for c in pool])),
    }
    if focus:
        signals["focus"] = percentiles((vectors @ matrix[len(pool)].T).toarray().ravel())
    combined = weighted_mean(signals, len(pool))
    scored = [
        ScoredSentence(c.sentence, float(1 - combined[i]),
                       {**{name: round(float(v[i]), 4) for name, v in signals.items()},
                        "combined": round(float(combined[i]), 4)})
        for i, c in enumerate(pool)
    ]
    order = sorted(range(len(pool)), key=lambda i: (combined[i], pool[i].sentence.key))
    concepts = [[h for h in concept_hashes(t).tolist() if frequencies.get(h, 0) >= CONCEPT_MIN_ARTICLES]
                for t in tokens[: len(pool)]]
    order, gains = coverage_order(order, combined, concepts, frequencies,
                                  [len(c.sentence.text.split()) for c in pool])
    for i, gain in gains.items():
        scored[i].ranks["coverage"] = round(gain, 4)
    return choose_without_repeats(scored, order, similarity)


def weighted_mean(signals: Mapping[str, np.ndarray], size: int) -> np.ndarray:
    """The WEIGHTS-weighted mean of the signals' rank percentiles, one value a candidate
    (the signals summed in their order, as ``sum`` would, then divided by the total weight)."""
    combined = np.zeros(size)
    for name, values in signals.items():
        combined = combined + WEIGHTS[name] * values
    return combined / sum(WEIGHTS[name] for name in signals)


def coverage_order(order: Sequence[int], combined: np.ndarray, concepts: Sequence[Sequence[int]],
                   frequencies: Mapping[int, float], words: Sequence[int]) -> tuple[list[int], dict[int, float]]:
    """Candidates in the order of a greedy cover of the corpus's concepts.

    Each step takes the candidate with the best ``COVERAGE_WEIGHT * gain - combined
    rank``, where gain is the article count of its concepts not covered yet, per
    word, scaled so the best candidate's first gain is 1 (Gillick & Favre's
    concept coverage, greedily). A concept counts once, so a sentence that
    restates what is chosen gains nothing and falls back to its combined rank:
    redundancy removal in the ranking itself. Gains only fall as concepts are
    covered, so stale values are re-evaluated lazily (a heap), and once nothing
    is left to gain the rest keep the combined order. Returns the order and the
    gain of each candidate when it was taken."""
    words = [max(w, 1) for w in words]
    scale = max((sum(frequencies[h] for h in c) / w for c, w in zip(concepts, words, strict=True)), default=0.0)
    if not scale:
        return list(order), {}
    covered: set[int] = set()

    def gain(i: int) -> float:
        return sum(frequencies[h] for h in concepts[i] if h not in covered) / words[i] / scale

    place = {i: n for n, i in enumerate(order)}
    heap = [(combined[i] - COVERAGE_WEIGHT * gain(i), place[i], i) for i in order]
    heapq.heapify(heap)
    result: list[int] = []
    gains: dict[int, float] = {}
    while heap:
        value, n, i = heapq.heappop(heap)
        current = combined[i] - COVERAGE_WEIGHT * gain(i)
        if current > value + 1e-12:  # stale: something chosen since covered some of its concepts
            heapq.heappush(heap, (current, n, i))
            continue
        gains[i] = gain(i)
        result.append(i)
        covered.update(concepts[i])
    return result, gains


def agreement(similarity: sparse.csr_matrix, article_ids: Sequence[str]) -> np.ndarray:
    """For each sentence, the number of other sources with a similar sentence in the pool."""
    strong = similarity.multiply(similarity >= AGREEMENT_SIMILARITY).tocoo()
    sources: list[set[str]] = [set() for _ in article_ids]
    for i, j in zip(strong.row, strong.col, strict=True):
        if article_ids[i] != article_ids[j]:
            sources[i].add(article_ids[j])
    return np.array([len(s) for s in sources], dtype=float)


def repeat_threshold(a: Sentence, b: Sentence) -> float:
    """Similarity above which ``a`` repeats ``b``: lower for neighbouring paragraphs
    of one article, and for two sentences that give the same figure."""
    if a.article_id == b.article_id and abs(a.block - b.block) == 1:
        return NEIGHBOUR_SIMILARITY
    if figures(a.text) & figures(b.text):
        return SAME_FIGURE_SIMILARITY
    return DUPLICATE_SIMILARITY


FIGURE = re.compile(r"\d[\d,.]*\d")
MODERN_YEAR = re.compile(r"(19|20)\d\d")
"""1900-2099: a number the same-figure rule takes for a year, not a figure. (``facts.YEAR``
starts at 1800; taking 18xx for years here too would change the rule on 51 sentences of
the evaluation data, unmeasured, so the two differ.)"""


def figures(text: str) -> set[str]:
    """Numbers of two digits or more that are not years: "4,200", "38", "6.5"."""
    return {n.replace(",", "") for n in FIGURE.findall(text) if not MODERN_YEAR.fullmatch(n)}


def choose_without_repeats(scored: Sequence[ScoredSentence], order: Sequence[int],
                           similarity: sparse.csr_matrix) -> CorpusRanking:
    """Greedy selection in rank order; a candidate too similar to a chosen one is dropped.

    Only chosen sentences at least as similar as the lowest bar (or with the same
    text) are looked at closely, so the cost stays near one pass over the pool."""
    dense = similarity.toarray() if similarity.shape[0] <= 4000 else None
    lowest = min(NEIGHBOUR_SIMILARITY, SAME_FIGURE_SIMILARITY, DUPLICATE_SIMILARITY)
    sentences = [c.sentence for c in scored]
    chosen: list[int] = []
    chosen_texts: dict[str, int] = {}
    rejected: list[Rejection] = []
    repeats: list[tuple[ScoredSentence, str]] = []
    for i in order:
        row = dense[i] if dense is not None else similarity.getrow(i).toarray().ravel()
        near = np.asarray(chosen, dtype=int)
        near = near[row[near] >= lowest] if len(near) else near
        twin = next((j for j in near.tolist() if row[j] >= repeat_threshold(sentences[i], sentences[j])),
                    chosen_texts.get(sentences[i].text))
        if twin is None:
            chosen.append(i)
            chosen_texts.setdefault(sentences[i].text, i)
        else:
            s = sentences[i]
            other = sentences[twin]
            rejected.append(Rejection(s.key, s.text, "duplicate",
                                      f"repeats {other.article_id}#{other.index} (similarity {row[twin]:.2f})"))
            if len(repeats) < KEPT_REPEATS:
                repeats.append((scored[i], rejected[-1].detail))
    return CorpusRanking(tuple(scored[i] for i in chosen), tuple(rejected), tuple(repeats))
