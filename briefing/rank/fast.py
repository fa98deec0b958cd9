"""LexRank and TextRank with sparse matrices, computing what sumy computes.

sumy compares every pair of sentences in Python loops (quadratic, about 130 s
for 3,860 sentences). These functions follow sumy 0.11+'s definitions step by
step (same tokens, tf and idf formulas, threshold, normalisation and power
iteration with the same stopping rule) but do the pairwise work as one sparse
matrix product, so they return sumy's scores up to floating-point rounding.
tests/test_fast.py compares the two on real articles.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..lang import Language

LEXRANK_THRESHOLD = 0.1  # sumy's LexRankSummarizer.threshold
LEXRANK_EPSILON = 0.1  # sumy's LexRankSummarizer.epsilon
TEXTRANK_EPSILON = 1e-4  # sumy's TextRankSummarizer.epsilon
TEXTRANK_DAMPING = 0.85
ZERO_DIVISION_PREVENTION = 1e-7  # sumy's TextRankSummarizer._ZERO_DIVISION_PREVENTION


def sumy_tokens(text: str, lang: Language) -> list[str]:
    """sumy's ``_to_words_set``: lower-cased words, stop words out, then stemmed (a list, not a set)."""
    return [stem for _, stem in lang.stemmed_words(text)]


def count_matrix(token_lists: Sequence[Sequence[str]]) -> tuple[sparse.csr_matrix, dict[str, int]]:
    """Sentences x terms, raw counts, and the column of each term."""
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[int] = []
    for i, tokens in enumerate(token_lists):
        counts: dict[int, int] = {}
        for token in tokens:
            j = vocab.setdefault(token, len(vocab))
            counts[j] = counts.get(j, 0) + 1
        rows.extend([i] * len(counts))
        cols.extend(counts)
        vals.extend(counts.values())
    matrix = sparse.csr_matrix((np.array(vals, dtype=np.float64), (rows, cols)),
                               shape=(len(token_lists), max(len(vocab), 1)))
    return matrix, vocab


@dataclass(frozen=True)
class Blocks:
    """The sentences of several articles stacked into one matrix, an article a block of
    rows: article k's sentences are rows ``starts[k]:starts[k + 1]``. The matrices built
    on them are block diagonal, each article's rows and columns in the order they have
    on their own, so that a sparse operation does every article's work at once and adds
    the same numbers in the same order as it would for one article alone (its scores
    are the same to the last bit in any batch: tests/test_batch.py)."""

    starts: np.ndarray  # int64, one more than there are articles

    @classmethod
    def of(cls, sizes: Sequence[int]) -> Blocks:
        return cls(np.concatenate([[0], np.cumsum(np.asarray(sizes, dtype=np.int64))]).astype(np.int64))

    @property
    def sizes(self) -> np.ndarray:
        return np.diff(self.starts)

    @property
    def rows(self) -> int:
        return int(self.starts[-1])

    def of_row(self) -> np.ndarray:
        """The block of every row."""
        return np.repeat(np.arange(len(self.sizes)), self.sizes)

    def spans(self) -> list[tuple[int, int]]:
        """Each block's rows, as (start, end)."""
        return list(zip(self.starts[:-1].tolist(), self.starts[1:].tolist(), strict=True))


def batch_scores(scores: Callable[[list[list[str]], Blocks], np.ndarray],
                 texts_by_article: Sequence[Sequence[str]], lang: Language) -> list[np.ndarray]:
    """A block scorer run over the articles that have sentences; the others score nothing."""
    present = [i for i, texts in enumerate(texts_by_article) if texts]
    found = [np.zeros(0) for _ in texts_by_article]
    if not present:
        return found
    blocks = Blocks.of([len(texts_by_article[i]) for i in present])
    stacked = scores([sumy_tokens(t, lang) for i in present for t in texts_by_article[i]], blocks)
    for i, (start, end) in zip(present, blocks.spans(), strict=True):
        found[i] = stacked[start:end]
    return found


def block_counts(token_lists: Sequence[Sequence[str]], blocks: Blocks) -> tuple[sparse.csr_matrix, np.ndarray]:
    """``count_matrix`` of every article at once: sentences x terms, raw counts, each
    article's terms in columns of their own, in the order ``count_matrix`` gives them
    (first appearance in the article); and the block of each column. A token costs
    one dict look-up; the rest is array work."""
    vocabulary: dict[str, int] = {}
    ids = np.fromiter((vocabulary.setdefault(t, len(vocabulary)) for tokens in token_lists for t in tokens),
                      dtype=np.int64)
    rows = np.repeat(np.arange(len(token_lists)), [len(tokens) for tokens in token_lists])
    terms = max(len(vocabulary), 1)
    distinct, first, inverse = np.unique(blocks.of_row()[rows] * terms + ids, return_index=True, return_inverse=True)
    column = np.empty(len(distinct), dtype=np.int64)
    column[np.argsort(first, kind="stable")] = np.arange(len(distinct))  # block by block, first seen first
    width = max(len(distinct), 1)
    cells, counts = np.unique(rows * width + column[inverse], return_counts=True)  # row by row, then by column
    indptr = np.concatenate([[0], np.cumsum(np.bincount(cells // width, minlength=blocks.rows))])
    matrix = sparse.csr_matrix((counts.astype(float), cells % width, indptr), shape=(blocks.rows, width))
    column_block = np.zeros(width, dtype=np.int64)
    column_block[column] = distinct // terms
    return matrix, column_block


def entry_rows(matrix: sparse.csr_matrix) -> np.ndarray:
    """The row of every stored entry of a CSR matrix."""
    return np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))


def row_reduce(ufunc: np.ufunc, values: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """``ufunc`` over each row's stored values of a CSR matrix (0 for an empty row): what
    scipy's ``sum(axis=1)`` and ``max(axis=1)`` compute, the same way (``reduceat``)."""
    found = np.zeros(len(indptr) - 1)
    filled = np.flatnonzero(np.diff(indptr))
    if len(filled):
        found[filled] = ufunc.reduceat(values, indptr[filled])
    return found


def lexrank_scores(texts: Sequence[str], lang: Language) -> np.ndarray:
    """sumy's LexRank scores of one article's sentences (``lexrank_batch`` of one article)."""
    return lexrank_batch([texts], lang)[0]


def lexrank_batch(texts_by_article: Sequence[Sequence[str]], lang: Language) -> list[np.ndarray]:
    """sumy's LexRank scores of each article's sentences, each article on its own
    (its own idf, graph and stopping rule), its graph built for all of them at once."""
    return batch_scores(lexrank_blocks, texts_by_article, lang)


def lexrank_blocks(token_lists: list[list[str]], blocks: Blocks) -> np.ndarray:
    """Every block's links in one sparse product; then each block's graph and power
    method on its own (``lexrank_transition``, ``lexrank_power``: 0.05 ms an article on
    DUC 2006 in batches of 64, against 0.24 ms for its share of the links)."""
    sources, targets = lexrank_links(token_lists, blocks)
    bounds = np.searchsorted(sources, blocks.starts).tolist()  # the links are in row order
    scores = np.zeros(blocks.rows)
    for k, (start, end) in enumerate(blocks.spans()):
        linked = slice(bounds[k], bounds[k + 1])
        scores[start:end] = lexrank_power(lexrank_transition(sources[linked] - start, targets[linked] - start,
                                                             end - start))
    return scores


def lexrank_links(token_lists: list[list[str]], blocks: Blocks) -> tuple[np.ndarray, np.ndarray]:
    """The (row, column) pairs of the LexRank graph of every block: sentences whose
    idf-modified cosine is above the threshold, in row order."""
    counts, column_block = block_counts(token_lists, blocks)
    rows = entry_rows(counts)
    row_max = row_reduce(np.maximum, counts.data, counts.indptr)
    row_max[row_max == 0] = 1.0
    in_sentences = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log(blocks.sizes[column_block] / (1.0 + in_sentences))  # log(N / (1 + n_j)), may be <= 0
    weights = counts.data / row_max[rows] * idf[counts.indices]       # tf / max tf of the sentence, times idf
    norms = np.sqrt(row_reduce(np.add, weights * weights, counts.indptr))
    inverse = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    unit = sparse.csr_matrix((weights * inverse[rows], counts.indices, counts.indptr), shape=counts.shape)
    similar = (unit @ unit.T).tocsr()
    linked = similar.data > LEXRANK_THRESHOLD
    return entry_rows(similar)[linked], similar.indices[linked]


DENSE_BELOW = 400
"""Below this many sentences an article's LexRank graph and power method use dense
arrays: scipy's per-operation overhead dominates small matrices (when the whole
scorer ran one article at a time, on the first 200 DUC 2006 articles, 30 sentences
each on average: 3.7 ms an article sparse, 2.8 ms dense, tokenising included). A
dense and a sparse product round differently, so moving it changes scores in the
last bit, and with them the order of tied sentences (``lexrank_power``)."""


def lexrank_transition(sources: np.ndarray, targets: np.ndarray, n: int) -> np.ndarray | sparse.csr_matrix:
    """One article's transposed row-stochastic LexRank graph from its links. The links
    are 0 or 1 whatever the rounding of the cosines (but at the threshold itself), so
    the graph is exact; a dense array below DENSE_BELOW sentences."""
    if n < DENSE_BELOW:
        adjacency = np.zeros((n, n))
        adjacency[sources, targets] = 1.0
        degrees = adjacency.sum(axis=1)
        degrees[degrees == 0] = 1.0
        return (adjacency / degrees[:, None]).T
    links = sparse.csr_matrix((np.ones(len(sources)), (sources, targets)), shape=(n, n))
    degrees = np.asarray(links.sum(axis=1)).ravel()
    degrees[degrees == 0] = 1.0
    return (sparse.diags(1.0 / degrees) @ links).T.tocsr()


def lexrank_power(transposed: np.ndarray | sparse.csr_matrix) -> np.ndarray:
    """sumy's LexRank power method on one article's graph, sumy's stopping rule.

    One article at a time, not one vectorised iteration over a batch's block-diagonal
    graph: a sparse product rounds differently from this dense one, and LexRank's 0/1
    graph gives many sentences equal scores, whose order the last bit decides (one
    vectorised iteration ranked the candidates of 35 of DUC 2006's 1,250 articles in
    another order). It costs 0.04 ms an article on DUC 2006."""
    n = transposed.shape[0]
    p = np.full(n, 1.0 / n)
    change = 1.0
    while change > LEXRANK_EPSILON:
        following = transposed @ p
        norm = np.linalg.norm(following)
        if norm == 0:
            return np.zeros(n)
        following /= norm
        change = float(np.linalg.norm(following - p))
        p = following
    return p


def textrank_scores(texts: Sequence[str], lang: Language) -> np.ndarray:
    """sumy's TextRank scores of one article's sentences (``textrank_batch`` of one article)."""
    return textrank_batch([texts], lang)[0]


def textrank_batch(texts_by_article: Sequence[Sequence[str]], lang: Language) -> list[np.ndarray]:
    """sumy's TextRank scores of each article's sentences, each article on its own, all at once."""
    return batch_scores(textrank_blocks, texts_by_article, lang)


def textrank_blocks(token_lists: list[list[str]], blocks: Blocks) -> np.ndarray:
    """sumy's TextRank: shared-word overlap over log lengths, damped power method, every
    block at once, each stopping on its own change. Blocks take from a few to hundreds
    of iterations: each time half of those running have stopped, the product is cut
    down to the entries of those still running (``textrank_steps``)."""
    transposed = textrank_transition(token_lists, blocks)
    entries = Entries(entry_rows(transposed), transposed.indices, transposed.data)
    block_of_entry = blocks.of_row()[entries.rows]
    spans = blocks.spans()
    teleport = ((1.0 - TEXTRANK_DAMPING) / blocks.sizes).tolist()
    p = np.repeat(1.0 / blocks.sizes, blocks.sizes)
    running = list(range(len(spans)))
    while running:
        running = textrank_steps(entries.kept(np.isin(block_of_entry, running)), p, spans, teleport, running)
    return p


@dataclass(frozen=True)
class Entries:
    """A sparse matrix's stored entries, row by row and in each row by column (CSR order)."""

    rows: np.ndarray
    columns: np.ndarray
    values: np.ndarray

    def kept(self, mask: np.ndarray) -> Entries:
        return Entries(self.rows[mask], self.columns[mask], self.values[mask])

    def times(self, vector: np.ndarray) -> np.ndarray:
        """The matrix times ``vector``: each row's products added one after another from
        0.0 in the order of its entries, as scipy's csr_matvec adds them (bincount adds
        its weights in order), without scipy's overhead on each call."""
        return np.bincount(self.rows, weights=self.values * vector[self.columns], minlength=len(vector))


def textrank_steps(graph: Entries, p: np.ndarray, spans: list[tuple[int, int]], teleport: list[float],
                   running: list[int]) -> list[int]:
    """Power-method steps of the ``running`` blocks on ``graph`` (their entries) until
    half of them (or all) have stopped, ``p`` updated in place; each block's sum and
    change are taken on its own rows, as for one article (numpy sums a slice pairwise,
    a segment of a longer array otherwise). Returns the blocks still running."""
    going = running
    while len(going) > len(running) // 2:
        # sumy's dense matrix is (1 - d) / n everywhere plus d * weights; its transpose times p:
        following = TEXTRANK_DAMPING * graph.times(p)
        still = []
        for k in going:
            start, end = spans[k]
            block = following[start:end]
            block += teleport[k] * p[start:end].sum()
            change = block - p[start:end]
            if math.sqrt(change.dot(change)) > TEXTRANK_EPSILON:  # np.linalg.norm's formula
                still.append(k)
            p[start:end] = block
        going = still
    return going


def textrank_transition(token_lists: list[list[str]], blocks: Blocks) -> sparse.csr_matrix:
    """The transposed, row-normalised TextRank weights of every block (block diagonal)."""
    counts, _ = block_counts(token_lists, blocks)
    overlap = (counts @ counts.T).tocoo()                         # sum over words_i of words_j.count(w)
    logs = np.array([math.log(len(t)) if t else 0.0 for t in token_lists])
    norm = logs[overlap.row] + logs[overlap.col]
    values = np.where(np.isclose(norm, 0.0), overlap.data, overlap.data / np.where(norm == 0, 1.0, norm))
    weights = sparse.csr_matrix((values, (overlap.row, overlap.col)), shape=(blocks.rows, blocks.rows))
    row_sums = np.asarray(weights.sum(axis=1)).ravel() + ZERO_DIVISION_PREVENTION
    return (sparse.diags(1.0 / row_sums) @ weights).T.tocsr()
