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
from collections.abc import Sequence

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


DENSE_BELOW = 400
"""Below this many sentences (one article) dense arrays are faster than sparse
ones: scipy's per-operation overhead dominates small matrices. Measured on the first
200 DUC 2006 articles (30 sentences each on average), tokenising included:
3.7 ms an article sparse, 2.8 ms dense."""


def lexrank_scores(texts: Sequence[str], lang: Language) -> np.ndarray:
    """sumy's LexRank scores: binary idf-modified-cosine graph, power method."""
    n = len(texts)
    if n == 0:
        return np.zeros(0)
    counts, _ = count_matrix([sumy_tokens(t, lang) for t in texts])
    transposed = lexrank_transition_dense(counts.toarray()) if n < DENSE_BELOW else lexrank_transition(counts)
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


def lexrank_transition(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """Transposed row-stochastic LexRank graph, sparse."""
    n = counts.shape[0]
    row_max = counts.max(axis=1).toarray().ravel()
    row_max[row_max == 0] = 1.0
    tf = sparse.diags(1.0 / row_max) @ counts                     # tf / max tf of the sentence
    n_j = np.asarray((counts > 0).sum(axis=0)).ravel()
    idf = np.log(n / (1.0 + n_j))                                 # log(N / (1 + n_j)), may be <= 0
    weights = (tf @ sparse.diags(idf)).tocsr()
    norms = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1)).ravel())
    inverse = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    unit = sparse.diags(inverse) @ weights
    adjacency = ((unit @ unit.T) > LEXRANK_THRESHOLD).astype(float)
    degrees = np.asarray(adjacency.sum(axis=1)).ravel()
    degrees[degrees == 0] = 1.0
    return (sparse.diags(1.0 / degrees) @ adjacency).T.tocsr()


def lexrank_transition_dense(counts: np.ndarray) -> np.ndarray:
    """The same graph with dense arrays, for one article's few sentences."""
    n = counts.shape[0]
    row_max = counts.max(axis=1, initial=0.0)
    row_max[row_max == 0] = 1.0
    idf = np.log(n / (1.0 + (counts > 0).sum(axis=0)))
    weights = counts / row_max[:, None] * idf[None, :]
    norms = np.sqrt((weights * weights).sum(axis=1))
    unit = weights * np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)[:, None]
    adjacency = ((unit @ unit.T) > LEXRANK_THRESHOLD).astype(float)
    degrees = adjacency.sum(axis=1)
    degrees[degrees == 0] = 1.0
    return (adjacency / degrees[:, None]).T


def textrank_scores(texts: Sequence[str], lang: Language) -> np.ndarray:
    """sumy's TextRank scores: shared-word overlap over log lengths, damped power method."""
    n = len(texts)
    if n == 0:
        return np.zeros(0)
    token_lists = [sumy_tokens(t, lang) for t in texts]
    counts, _ = count_matrix(token_lists)
    overlap = (counts @ counts.T).tocoo()                         # sum over words_i of words_j.count(w)
    logs = np.array([math.log(len(t)) if t else 0.0 for t in token_lists])
    norm = logs[overlap.row] + logs[overlap.col]
    values = np.where(np.isclose(norm, 0.0), overlap.data, overlap.data / np.where(norm == 0, 1.0, norm))
    weights = sparse.csr_matrix((values, (overlap.row, overlap.col)), shape=(n, n))
    row_sums = np.asarray(weights.sum(axis=1)).ravel() + ZERO_DIVISION_PREVENTION
    transposed = (sparse.diags(1.0 / row_sums) @ weights).T.tocsr()
    p = np.full(n, 1.0 / n)
    change = 1.0
    while change > TEXTRANK_EPSILON:
        # sumy's dense matrix is (1 - d) / n everywhere plus d * weights; its transpose times p:
        following = (1.0 - TEXTRANK_DAMPING) / n * p.sum() + TEXTRANK_DAMPING * (transposed @ p)
        change = float(np.linalg.norm(following - p))
        p = following
    return p
