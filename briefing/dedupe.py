"""Stage 4, dedupe: find articles that are copies of one another (syndication).

A syndicated copy carries the same story under different site furniture, so
articles are compared on the word 5-grams of their quotable sentences. Only
pairs that share one of their rarer 5-grams are ever compared (a sparse product,
``copies_by_shingles``), so the cost grows with the corpus, not with its square,
and a story copied any number of times is found. Repeated sentences across articles
that are not whole copies are left to the cross-corpus stage.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from .model import Sentence
from .segment import words

SHINGLE = 5
DUPLICATE_JACCARD = 0.5
"""Share of 5-grams two articles must have in common to be copies. Copies with
different furniture score above 0.8 once furniture is cleaned; distinct reports
of one event share under 0.05 on DUC 2003 (no pair above 0.2)."""

SHINGLE_BASE = 1_000_003  # an odd multiplier: distinct word sequences get distinct hashes but for rare collisions

SAMPLE = 4
"""Only 5-grams whose hash is divisible by this are kept: a choice by content, so
copies keep the same ones, and the share two articles have in common is
estimated from a quarter of the data (an article of 100 words keeps about 24).
On 10,000 articles this cut dedupe from 3.4 s to under 1 s (benchmarks/speed.py)."""

VERIFIED_AT_ONCE = 200_000
"""Candidate pairs whose shared 5-grams are counted in one sparse operation (bounds memory)."""


def shingles(sentences: Sequence[Sentence]) -> np.ndarray:
    """The article's distinct word 5-grams as sorted 64-bit hashes, stable across
    processes (unlike Python's ``hash``) so they can be cached: a CRC-32 a word,
    combined over each 5-gram as a polynomial modulo 2**64 in one numpy pass."""
    tokens = np.array([zlib.crc32(w.lower().encode("utf-8")) for s in sentences for w in words(s.text)],
                      dtype=np.uint64)
    if len(tokens) < SHINGLE:
        return np.zeros(0, dtype=np.uint64)
    grams = np.zeros(len(tokens) - SHINGLE + 1, dtype=np.uint64)
    for offset in range(SHINGLE):
        grams = grams * np.uint64(SHINGLE_BASE) + tokens[offset:len(tokens) - SHINGLE + 1 + offset]
    return np.unique(grams[grams % np.uint64(SAMPLE) == 0])


def copies_by_shingles(articles: Sequence[tuple[str, np.ndarray]]) -> dict[str, str]:
    """Each copy's article id -> the id of the earlier article it copies, from the articles'
    ``shingles``: every pair of articles that share at least DUPLICATE_JACCARD of their
    5-grams, however many copies a story has.

    Pairs are found by prefix filtering (Bayardo, Ma and Srikant, "Scaling up all pairs
    similarity search", WWW 2007): with the 5-grams ordered rarest first, two sets with a
    Jaccard similarity of at least t share one of the first n - ceil(t * n) + 1 5-grams of
    each set of n. So only pairs sharing a 5-gram of their rare half are candidates, from
    one sparse product, and a 5-gram common to every article (a site's boilerplate, or a
    story syndicated 500 times) costs nothing unless it is among an article's rarest. The
    candidates' shared 5-grams are then counted exactly."""
    sizes = np.array([len(found) for _, found in articles], dtype=np.int64)
    if not sizes.sum():
        return {}
    rows = np.repeat(np.arange(len(articles)), sizes)
    columns, cols = np.unique(np.concatenate([found for _, found in articles]), return_inverse=True)
    shape = (len(articles), len(columns))
    prefix = rarest_first_prefix(rows, cols, sizes, np.bincount(cols, minlength=len(columns)))
    # boolean matrices: products and element-wise products of 0/1 entries several times faster than floats
    first = sparse.csr_matrix((np.ones(int(prefix.sum()), dtype=bool), (rows[prefix], cols[prefix])), shape=shape)
    candidates = sparse.triu(first @ first.T, k=1).tocoo()
    a, b = candidates.row.astype(np.int64), candidates.col.astype(np.int64)
    matrix = sparse.csr_matrix((np.ones(len(rows), dtype=bool), (rows, cols)), shape=shape)
    shared = shared_counts(matrix, a, b)
    union = sizes[a] + sizes[b] - shared
    copied = np.flatnonzero(shared >= DUPLICATE_JACCARD * np.where(union > 0, union, np.inf))
    copies: dict[str, str] = {}
    for i, j in sorted(zip(a[copied].tolist(), b[copied].tolist(), strict=True)):
        original, copy = articles[i][0], articles[j][0]
        if copy not in copies:
            copies[copy] = copies.get(original, original)
    return copies


def rarest_first_prefix(rows: np.ndarray, cols: np.ndarray, sizes: np.ndarray, frequency: np.ndarray) -> np.ndarray:
    """Which (row, column) entries are among their row's n - ceil(t * n) + 1 rarest columns
    (ties broken by column, so the order is one global order)."""
    rank = np.empty(len(frequency), dtype=np.int64)
    rank[np.argsort(frequency, kind="stable")] = np.arange(len(frequency))
    order = np.argsort(rows.astype(np.int64) * len(frequency) + rank[cols])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    rank_in_row = np.empty(len(rows), dtype=np.int64)
    rank_in_row[order] = np.arange(len(rows)) - starts[rows[order]]
    length = sizes - np.ceil(DUPLICATE_JACCARD * sizes).astype(np.int64) + 1
    return rank_in_row < length[rows]


def shared_counts(matrix: sparse.csr_matrix, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """How many 5-grams rows ``a[k]`` and ``b[k]`` share, for each k."""
    counts = np.zeros(len(a))
    for start in range(0, len(a), VERIFIED_AT_ONCE):
        end = start + VERIFIED_AT_ONCE
        counts[start:end] = np.asarray(matrix[a[start:end]].multiply(matrix[b[start:end]]).sum(axis=1)).ravel()
    return counts
