"""Stage 4, dedupe: find articles that are copies of one another (syndication).

A syndicated copy carries the same story under different site furniture, so
articles are compared on the word 5-grams of their quotable sentences. Only
pairs that share a 5-gram are ever compared (a sparse product), so the cost
grows with the corpus, not with its square. Repeated sentences across articles
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

COMMON_SHINGLE = 50
"""A 5-gram in more articles than this is boilerplate, not evidence of copying."""


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


def find_duplicate_articles(articles: Sequence[tuple[str, Sequence[Sentence]]]) -> dict[str, str]:
    """Map each copy's article id to the id of the earlier article it copies."""
    return copies_by_shingles([(article_id, shingles(sentences)) for article_id, sentences in articles])


def copies_by_shingles(articles: Sequence[tuple[str, np.ndarray]]) -> dict[str, str]:
    """``find_duplicate_articles`` on precomputed ``shingles``.

    Shared 5-grams of every pair come from one sparse product (articles x 5-grams
    times its transpose), so only pairs that share something cost anything."""
    sizes = np.array([len(found) for _, found in articles], dtype=float)
    if not sizes.sum():
        return {}
    rows = np.repeat(np.arange(len(articles)), sizes.astype(int))
    columns, cols = np.unique(np.concatenate([found for _, found in articles]), return_inverse=True)
    matrix = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(articles), len(columns)))
    frequency = np.asarray(matrix.sum(axis=0)).ravel()
    matrix = matrix[:, np.flatnonzero(frequency <= COMMON_SHINGLE)]
    shared = sparse.triu(matrix @ matrix.T, k=1).tocoo()
    union = sizes[shared.row] + sizes[shared.col] - shared.data
    copied = np.flatnonzero(shared.data >= DUPLICATE_JACCARD * np.where(union > 0, union, np.inf))
    copies: dict[str, str] = {}
    for a, b in sorted(zip(shared.row[copied].tolist(), shared.col[copied].tolist(), strict=True)):
        original, copy = articles[a][0], articles[b][0]
        if copy not in copies:
            copies[copy] = copies.get(original, original)
    return copies
