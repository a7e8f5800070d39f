"""TF-IDF vectors of unit length (sublinear tf, smoothed idf), the vectors article similarity
compares, weighted a block of articles at a time."""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

from analysis.terms.defaults import VECTOR_BLOCK
from analysis.terms.matrix import count_terms


def article_vectors(texts: list[str]) -> sparse.csr_matrix:
    """(articles x terms) TF-IDF vectors of unit length: sublinear tf, smoothed idf.

    Terms are those of :func:`analyze`, in alphabetical order.
    """
    _, counts = count_terms(pl.Series(texts, dtype=pl.String))
    return unit_vectors(counts)


def unit_vectors(
    counts: sparse.csr_matrix,
    *,
    shared_only: bool = False,
    single_uses: np.ndarray | None = None,
) -> sparse.csr_matrix:
    """Rows of ``counts`` as TF-IDF vectors of unit length (sublinear tf, smoothed idf).

    ``counts`` is an (articles x terms) matrix in canonical form, columns in alphabetical
    order of the terms, so every sum along a row runs in the same order whatever the order of
    the articles, and cosines come out bit for bit the same. The weights are scikit-learn's
    ``TfidfTransformer(sublinear_tf=True)``, applied ``VECTOR_BLOCK`` rows at a time, and
    each row is divided by its length as scikit-learn does it. ``single_uses`` (one count per
    row) are terms left out of ``counts`` that the row uses once and no other row uses: they
    add their weight to the row's length (summed after the other terms). With
    ``shared_only``, columns of terms used by a single article are dropped after the rows are
    scaled: they add nothing to the product of two different articles, so cosines between
    articles are unchanged, bit for bit.
    """
    if counts.shape[1] == 0:  # no article has a term (or none is kept): every cosine is 0
        return sparse.csr_matrix(counts.shape, dtype=float)
    weights = TfidfTransformer(sublinear_tf=True, norm=None).fit(counts)
    # The idf scikit-learn gives a term of one article: log((1 + n) / (1 + 1)) + 1.
    single_weight = np.log((counts.shape[0] + 1) / 2) + 1
    shared = np.bincount(counts.indices, minlength=counts.shape[1]) >= 2
    if not shared_only:
        shared[:] = True
    column = np.cumsum(shared) - 1
    # The result is filled block by block, so no second copy of it is ever held; its row
    # lengths are counted block by block too, so nothing the size of ``counts`` is made.
    indptr = np.zeros(counts.shape[0] + 1, dtype=np.int64)
    for start in range(0, counts.shape[0], VECTOR_BLOCK):
        stop = min(start + VECTOR_BLOCK, counts.shape[0])
        first, last = counts.indptr[start], counts.indptr[stop]
        running = np.zeros(last - first + 1, dtype=np.int64)
        np.cumsum(shared[counts.indices[first:last]], out=running[1:])
        indptr[start + 1 : stop + 1] = np.diff(running[counts.indptr[start : stop + 1] - first])
    np.cumsum(indptr, out=indptr)
    index_type = np.int32 if max(int(indptr[-1]), counts.shape[1]) < 2**31 else np.int64
    data = np.empty(int(indptr[-1]), dtype=float)
    indices = np.empty(int(indptr[-1]), dtype=index_type)
    for start in range(0, counts.shape[0], VECTOR_BLOCK):
        stop = min(start + VECTOR_BLOCK, counts.shape[0])
        block = sparse.csr_matrix(weights.transform(counts[start:stop]))
        extra = None if single_uses is None else single_uses[start:stop]
        _scale_to_unit_length(block, extra, single_weight)
        if shared_only:
            block = _only_columns(block, shared, column)
        data[indptr[start] : indptr[stop]] = block.data
        indices[indptr[start] : indptr[stop]] = block.indices
    return sparse.csr_matrix(
        (data, indices, indptr.astype(index_type)), shape=(counts.shape[0], int(shared.sum()))
    )


def _scale_to_unit_length(
    block: sparse.csr_matrix, single_uses: np.ndarray | None, single_weight: float
) -> None:
    """Divide each row of ``block`` in place by its length, as scikit-learn's l2 ``normalize``
    does (the squares summed one by one in the row's order, from 0), plus ``single_uses``
    terms of weight ``single_weight`` each."""
    squares = block.multiply(block).tocsr()
    lengths = squares @ np.ones(block.shape[1])  # a sparse-dense product sums row by row
    if single_uses is not None:
        lengths = lengths + np.asarray(single_uses, dtype=float) * single_weight**2
    lengths = np.sqrt(lengths)
    lengths[lengths == 0] = 1.0
    block.data /= np.repeat(lengths, np.diff(block.indptr))


def _only_columns(
    matrix: sparse.csr_matrix, keep: np.ndarray, column: np.ndarray
) -> sparse.csr_matrix:
    """``matrix`` with only the columns where ``keep``; ``column`` numbers the kept ones."""
    kept = keep[matrix.indices]
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    per_row = np.bincount(rows[kept], minlength=matrix.shape[0])
    return sparse.csr_matrix(
        (
            matrix.data[kept],
            column[matrix.indices[kept]],
            np.concatenate([[0], np.cumsum(per_row)]),
        ),
        shape=(matrix.shape[0], int(keep.sum())),
    )
