"""The pairs of articles whose cosine reaches a floor, found without multiplying every article
with every other: candidate pairs share a term of the indexed part of both vectors (prefix
filtering, :class:`_Index`), and only those whose upper bound reaches the floor are multiplied.
The cosines are summed as a product of all articles would sum them, so they are the same bit
for bit."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from analysis.terms.defaults import CANDIDATE_BLOCK, INDEX_BLOCK, MOST_ALIKE, PRUNE_FROM, ROW_BLOCK


def _pairs_above(vectors: sparse.csr_matrix, floor: float) -> tuple[np.ndarray, ...]:
    """(rows, columns, cosines) of pairs row < column with cosine >= ``floor``.

    Only *candidates* are looked at: pairs sharing a term of the indexed part of both vectors
    (:class:`_Index`); no other pair can reach the floor. A candidate's cosine is the part
    summed over the terms both index, plus the rest, which is bounded (Cauchy-Schwarz) by the
    lengths of the two vectors over the terms before the later cut point; candidates whose
    bound stays under the floor are dropped, and only the few left are multiplied. Rows are
    taken ``ROW_BLOCK`` at a time (fewer when they have many candidates), and every kept
    cosine comes from a product of the two rows' vectors, summed over their shared terms in
    alphabetical order, exactly as a product of all articles would sum it. So the work grows
    with the number of candidates, not with the square of the corpus.
    """
    found_rows, found_columns, found_cosines = [np.zeros(0, dtype=np.int64)], [], []
    found = 0
    index = _Index(vectors, floor)
    postings = index.weights.T.tocsr()
    # An upper bound on each row's candidates: the articles indexing each of its terms.
    row_of = np.repeat(np.arange(vectors.shape[0]), np.diff(index.weights.indptr))
    per_row = np.bincount(
        row_of,
        weights=np.diff(postings.indptr)[index.weights.indices],
        minlength=vectors.shape[0],
    )
    for start, stop in _blocks(per_row):
        rows, columns = index.candidates(start, stop, postings)
        if not rows.size:
            continue
        pair_rows, row_position = np.unique(rows, return_inverse=True)
        pair_columns, column_position = np.unique(columns, return_inverse=True)
        product = (vectors[pair_rows] @ vectors[pair_columns].T).tocsr()
        cosines = np.asarray(product[row_position, column_position]).ravel()
        keep = cosines >= floor
        found_rows.append(np.minimum(rows, columns)[keep])
        found_columns.append(np.maximum(rows, columns)[keep])
        found_cosines.append(cosines[keep])
        found += int(keep.sum())
        if found > PRUNE_FROM + MOST_ALIKE * vectors.shape[0]:
            # Only pairs among the most alike of one of their articles are listed, and a pair
            # that is not so now cannot become so: drop the others before memory fills.
            kept = _most_alike(
                np.concatenate(found_rows).astype(np.int64),
                np.concatenate(found_columns).astype(np.int64),
                np.concatenate(found_cosines),
                MOST_ALIKE,
            )
            found_rows, found_columns, found_cosines = [kept[0]], [kept[1]], [kept[2]]
            found = kept[0].size
    return (
        np.concatenate(found_rows).astype(np.int64),
        np.concatenate([np.zeros(0, dtype=np.int64), *found_columns]).astype(np.int64),
        np.concatenate([np.zeros(0), *found_cosines]),
    )


def _most_alike(
    rows: np.ndarray, columns: np.ndarray, cosines: np.ndarray, most: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs (row < column, cosine; each pair once) among the ``most`` most alike of their
    row or their column: by cosine, highest first, then by the partner's position. A pair
    given twice (either way round) keeps its first cosine. Order is kept."""
    rows, columns = np.minimum(rows, columns), np.maximum(rows, columns)
    count = int(columns.max(initial=-1)) + 1
    _, first = np.unique(rows * count + columns, return_index=True)
    once = np.zeros(rows.size, dtype=bool)
    once[first] = True
    rows, columns, cosines = rows[once], columns[once], cosines[once]
    ends = np.concatenate([rows, columns])
    partners = np.concatenate([columns, rows])
    order = np.lexsort((partners, -np.concatenate([cosines, cosines]), ends))
    ends = ends[order]
    group_starts = np.flatnonzero(np.concatenate([[True], ends[1:] != ends[:-1]]))
    sizes = np.diff(np.concatenate([group_starts, [ends.size]]))
    rank = np.arange(ends.size) - np.repeat(group_starts, sizes)
    keep = np.zeros(rows.size, dtype=bool)
    if rows.size:
        keep[(order % rows.size)[rank < most]] = True
    return rows[keep], columns[keep], cosines[keep]


def _blocks(per_row: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive row ranges of at most ROW_BLOCK rows and about CANDIDATE_BLOCK candidates."""
    blocks, start, total = [], 0, per_row.size
    running = np.concatenate([[0], np.cumsum(per_row)])
    while start < total:
        stop = int(np.searchsorted(running, running[start] + CANDIDATE_BLOCK, side="right")) - 1
        stop = min(max(stop, start + 1), start + ROW_BLOCK, total)
        blocks.append((start, stop))
        start = stop
    return blocks


# Both bounds are made a little looser than the floor, so that rounding in the sums can never
# lift a pair that was not kept to the floor.
_BOUND_MARGIN = 1e-6


class _Index:
    """The prefix-filtering index of a set of unit vectors, for one floor.

    Terms are ranked by document frequency, most common first (ties by column). A vector's
    *prefix* is its longest run of terms in that order with Euclidean norm below the floor;
    the rest, from its *cut* (the rank of its first term after the prefix), is *indexed*. If
    two vectors share no indexed term, every term they share comes before the later of their
    two cuts, where one of them has only its prefix, so x . y <= |x| |y_prefix| < floor (as in
    Bayardo, Ma and Srikant's All-Pairs). Common words are mostly in the prefixes, so few pairs
    share an indexed term: the higher the floor, the fewer.

    ``weights`` holds the indexed entries (columns are ranks); ``cut`` and ``prefix_norm``
    one value per row (an empty row has cut -1 and indexes nothing).
    """

    def __init__(self, vectors: sparse.csr_matrix, floor: float) -> None:
        self.vectors = vectors
        self.floor = floor
        frequency = np.bincount(vectors.indices, minlength=vectors.shape[1])
        self.rank = np.empty(frequency.size, dtype=np.int64)
        self.rank[np.lexsort((np.arange(frequency.size), -frequency))] = np.arange(frequency.size)
        parts, cuts, norms = [], [], []
        for start in range(0, max(vectors.shape[0], 1), INDEX_BLOCK):
            rows = _RankedRows(vectors[start : start + INDEX_BLOCK], self.rank)
            indexed = rows.indexed(floor)
            parts.append(indexed)
            cuts.append(rows.cuts(indexed))
            norms.append(np.sqrt(rows.norm_before(np.arange(rows.height), cuts[-1])))
        self.weights = sparse.vstack(parts, format="csr") if len(parts) > 1 else parts[0]
        self.cut = np.concatenate(cuts)
        self.prefix_norm = np.concatenate(norms)

    def candidates(
        self, start: int, stop: int, postings: sparse.csr_matrix
    ) -> tuple[np.ndarray, np.ndarray]:
        """(rows, columns) of the candidate pairs of rows start:stop whose bound reaches the
        floor, each pair once: from the row whose cut comes first (the smaller row on a tie).

        The part of the cosine over the terms both index is summed by a product; the rest,
        over terms before the later cut c (column j's, say), is at most |x_<c| |y_prefix|.
        """
        found = (self.weights[start:stop] @ postings).tocoo()
        rows, columns, indexed_part = found.row + start, found.col, found.data
        first = (self.cut[rows] < self.cut[columns]) | (
            (self.cut[rows] == self.cut[columns]) & (rows < columns)
        )
        rows, columns, indexed_part = rows[first], columns[first], indexed_part[first]
        # Ranked again for this block, not kept from __init__: for every row at once that
        # would be three arrays the size of all the vectors.
        ranked = _RankedRows(self.vectors[start:stop], self.rank)
        rest = np.sqrt(ranked.norm_before(rows - start, self.cut[columns]))
        rest *= self.prefix_norm[columns]
        keep = indexed_part + rest >= self.floor * (1 - _BOUND_MARGIN)
        return rows[keep].astype(np.int64), columns[keep].astype(np.int64)


class _RankedRows:
    """Some rows of unit vectors with their entries in rank order (most common term first),
    and the running sum of their squared weights."""

    def __init__(self, vectors: sparse.csr_matrix, rank: np.ndarray) -> None:
        self.height = vectors.shape[0]
        by_rank = sparse.csr_matrix(
            (vectors.data, rank[vectors.indices], vectors.indptr), shape=vectors.shape
        )
        by_rank.has_sorted_indices = False
        by_rank.sort_indices()
        self.by_rank = by_rank
        self.lengths = np.diff(by_rank.indptr)
        self.rows = np.repeat(np.arange(self.height), self.lengths)
        self.running = np.cumsum(by_rank.data**2)
        self.before_row = np.concatenate([[0.0], self.running])[by_rank.indptr[:-1]]
        self.prefix = self.running - np.repeat(self.before_row, self.lengths)

    def indexed(self, floor: float) -> sparse.csr_matrix:
        """The entries from each row's cut on, with their weights (columns are ranks)."""
        keep = self.prefix >= (floor * (1 - _BOUND_MARGIN)) ** 2
        return sparse.csr_matrix(
            (self.by_rank.data[keep], (self.rows[keep], self.by_rank.indices[keep])),
            shape=self.by_rank.shape,
        )

    def cuts(self, indexed: sparse.csr_matrix) -> np.ndarray:
        """Each row's cut: the rank of its first indexed entry (-1 for an empty row)."""
        cuts = np.full(self.height, -1, dtype=np.int64)
        has = np.diff(indexed.indptr) > 0
        cuts[has] = indexed.indices[indexed.indptr[:-1][has]]
        return cuts

    def norm_before(self, rows: np.ndarray, ranks: np.ndarray) -> np.ndarray:
        """The squared length of each of ``rows`` over its terms ranked before ``ranks``."""
        width = max(self.by_rank.shape[1], 1)
        keys = self.rows.astype(np.int64) * width + self.by_rank.indices
        position = np.searchsorted(keys, rows.astype(np.int64) * width + np.maximum(ranks, 0))
        before = np.concatenate([[0.0], self.running])[position]
        return np.maximum(before - self.before_row[rows], 0.0)


def _with_cosines(
    vectors: sparse.csr_matrix,
    pairs: tuple[np.ndarray, ...],
    extra: list[tuple[int, int]],
) -> tuple[np.ndarray, ...]:
    """``pairs`` plus the ``extra`` (row, column) pairs with their cosines computed."""
    if not extra:
        return pairs
    rows = np.array([row for row, _ in extra], dtype=np.int64)
    columns = np.array([column for _, column in extra], dtype=np.int64)
    cosines = np.asarray(vectors[rows].multiply(vectors[columns]).sum(axis=1)).ravel()
    return (
        np.concatenate([pairs[0], rows]),
        np.concatenate([pairs[1], columns]),
        np.concatenate([pairs[2], cosines]),
    )
