"""A corpus's term matrix from its batches, with the vocabulary kept on disk until pruned.

Most distinct terms of a large corpus are phrases used once (about 85% of the 38 million terms
of a generated 1 GB corpus). They cannot matter to the analysis: per-outlet counts drop terms
used fewer than twice (``min_total_count``), and article similarity drops terms used by a
single article. But whether a term is used once is only known when every batch is counted,
and holding every batch's vocabulary until then took more memory than the rest of the
analysis together. So:

- :func:`spill_terms` (in a worker process, say) writes a batch's vocabulary to ``SHARDS``
  Arrow files in a scratch directory (term, the batch's column for it, its uses in the batch),
  a term always going to the same shard (by a hash of its text), and the batch's counts, with
  the batch's own column numbers and no term text, to one more file; it returns their names
  and the batch's articles: :class:`BatchTerms`;
- :func:`join_batches` reads one shard at a time, keeps the terms used at least
  ``min_total_count`` times in all the batches, numbers them in alphabetical order, then
  reads every batch's counts in turn and renumbers their columns, so memory holds one shard of
  the vocabulary at a time plus the terms kept, and the pruned counts.

The result is the :class:`TermMatrix` of all the articles, pruned: the same for any split of
the articles into batches, with each article's uses of the dropped terms counted per phrase
length (``TermMatrix.dropped``), so per-outlet totals and the lengths of TF-IDF vectors stay
what they are without pruning.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
from scipy import sparse

from analysis.errors import FramelensError
from analysis.stored import TemporaryFolder
from analysis.terms.matrix import TermMatrix
from analysis.terms.partial import words_in_terms
from analysis.terms.spill import check_spilled, write_shards

SHARDS = 16
"""Files a batch's vocabulary is split into: memory while joining holds about 1/SHARDS of it."""

@contextmanager
def scratch_folder() -> Iterator[str]:
    """A new folder for vocabulary files in the system's temporary folder (``TMPDIR``),
    removed on leaving the block, and again when the process exits, should a Ctrl-C have cut
    the removal short."""
    folder = TemporaryFolder(prefix="framelens-terms-")
    try:
        yield folder.path
    finally:
        folder.remove()


@dataclass(frozen=True, eq=False)
class BatchTerms:
    """One batch's term counts and vocabulary, written to disk by :func:`spill_terms`.

    ``files`` holds one Arrow IPC file per shard, with the columns ``term``, ``column``
    (int32) and ``uses`` (int64); ``counts_file`` the batch's counts, read by
    :meth:`read_counts`. ``columns`` is the number of terms the batch uses and ``cells`` the
    number of counts (nonzero cells) it holds. ``ids``, ``outlets`` and ``words`` are as in
    :class:`TermMatrix`.
    """

    ids: pl.Series
    outlets: pl.Series
    words: np.ndarray
    columns: int
    cells: int
    counts_file: str
    files: tuple[str, ...]
    ngram_range: tuple[int, int]

    @property
    def height(self) -> int:
        """Number of articles (rows)."""
        return self.words.size

    def read_counts(self) -> tuple[sparse.csr_matrix, np.ndarray]:
        """(counts, lengths): the batch's (articles x terms) int32 CSR matrix over its own
        vocabulary (columns in the alphabetical order of the batch's terms), and the words in
        each term (int8, one per column)."""
        with np.load(self.counts_file) as saved:
            counts = sparse.csr_matrix(
                (saved["data"], saved["indices"], saved["indptr"]),
                shape=(self.height, self.columns),
            )
            counts.has_canonical_format = True
            return counts, saved["lengths"]


def spill_terms(matrix: TermMatrix, directory: str | Path, shards: int = SHARDS) -> BatchTerms:
    """Write the vocabulary of an unpruned batch ``matrix`` to ``shards`` new files in
    ``directory`` (which must exist) and return the rest (:class:`BatchTerms`)."""
    if shards < 1:
        raise FramelensError(f"shards must be at least 1; got {shards}")
    if matrix.min_total_count > 1:
        raise FramelensError("spill_terms needs the unpruned matrix of a batch")
    counts = matrix.counts
    uses = np.bincount(counts.indices, weights=counts.data, minlength=matrix.terms.len())
    vocabulary = pl.DataFrame(
        {
            "term": matrix.terms,
            "column": np.arange(matrix.terms.len(), dtype=np.int32),
            "uses": uses.round().astype(np.int64),
        }
    )
    counts_file = Path(directory) / f"{uuid.uuid4().hex}-counts.npz"
    np.savez(
        counts_file,
        data=counts.data,
        indices=counts.indices,
        indptr=counts.indptr,
        lengths=words_in_terms(matrix.terms).astype(np.int8),
    )
    return BatchTerms(
        ids=matrix.ids,
        outlets=matrix.outlets,
        words=matrix.words,
        columns=matrix.terms.len(),
        cells=counts.nnz,
        counts_file=str(counts_file),
        files=write_shards(vocabulary, directory, shards),
        ngram_range=matrix.ngram_range,
    )


def join_batches(
    batches: Sequence[BatchTerms], *, min_total_count: int = 2, remove: bool = True
) -> TermMatrix:
    """The pruned :class:`TermMatrix` of consecutive batches (rows in order): only terms used
    at least ``min_total_count`` times in all of them, in alphabetical order; each article's
    uses of the others counted in ``dropped``. With ``remove``, each file is deleted once it
    has been read.
    """
    shards = check_spilled(batches, min_total_count, "join term matrices")
    # Each batch column's number among the kept terms of its shard, offset by the kept terms
    # of the shards before it; -1 for a dropped term.
    provisional = [np.full(batch.columns, -1, dtype=np.int32) for batch in batches]
    kept_terms = []
    offset = 0
    for shard in range(shards):
        terms, batch_of, column_of, number = _kept_in_shard(
            [batch.files[shard] for batch in batches], min_total_count, remove
        )
        for batch, start, stop in _runs(batch_of):
            provisional[batch][column_of[start:stop]] = number[start:stop] + offset
        kept_terms.append(terms)
        offset += terms.len()
    every = pl.concat(kept_terms) if kept_terms else pl.Series("term", [], dtype=pl.String)
    order = every.arg_sort().to_numpy()
    alphabetical = np.empty(order.size, dtype=np.int64)
    alphabetical[order] = np.arange(order.size)
    return _renumbered(
        batches, provisional, alphabetical, every.gather(order), min_total_count, remove
    )


def _kept_in_shard(
    paths: list[str], min_total_count: int, remove: bool
) -> tuple[pl.Series, np.ndarray, np.ndarray, np.ndarray]:
    """(kept terms of a shard, sorted; and for each batch column using one of them, sorted by
    batch: the batch, the column and the term's position among the kept terms)."""
    cells = pl.concat(
        [
            pl.read_ipc(path).with_columns(batch=pl.lit(number, pl.Int64))
            for number, path in enumerate(paths)
        ]
    )
    if remove:
        for path in paths:
            Path(path).unlink(missing_ok=True)
    kept = cells.filter(pl.col("uses").sum().over("term") >= min_total_count)
    terms = kept["term"].unique().sort()
    numbered = pl.DataFrame({"term": terms, "number": np.arange(terms.len(), dtype=np.int64)})
    found = kept.join(numbered, on="term").sort("batch", "column")
    return (
        terms.rename("term"),
        found["batch"].to_numpy(),
        found["column"].to_numpy().astype(np.int64),
        found["number"].to_numpy(),
    )


def _runs(values: np.ndarray) -> list[tuple[int, int, int]]:
    """(value, start, stop) of each run of equal values in a sorted array."""
    if not values.size:
        return []
    starts = np.flatnonzero(np.diff(values, prepend=values[0] - 1))
    stops = np.append(starts[1:], values.size)
    return [
        (int(values[start]), int(start), int(stop))
        for start, stop in zip(starts, stops, strict=True)
    ]


def _renumbered(
    batches: Sequence[BatchTerms],
    provisional: list[np.ndarray],
    alphabetical: np.ndarray,
    terms: pl.Series,
    min_total_count: int,
    remove: bool,
) -> TermMatrix:
    """Every batch's counts over the kept terms, joined in order, with the dropped uses
    (each batch's counts file deleted once read, with ``remove``).

    The joined arrays are made once, as long as all the batches' counts, and filled batch by
    batch; the tail left by the dropped terms is then given back, so the counts are never
    held twice."""
    shortest, longest = batches[0].ngram_range
    sizes = longest - shortest + 1
    rows = sum(batch.height for batch in batches)
    cells = sum(batch.cells for batch in batches)
    pointers = np.zeros(rows + 1, dtype=np.int64)
    indices = np.empty(cells, dtype=np.int32)
    data: np.ndarray | None = None
    dropped, filled, row = [], 0, 0
    for batch, numbers in zip(batches, provisional, strict=True):
        counts, lengths = batch.read_counts()
        if remove:
            Path(batch.counts_file).unlink(missing_ok=True)
        if data is None:
            data = np.empty(cells, dtype=counts.data.dtype)
        column = numbers[counts.indices]
        kept = column >= 0
        batch_rows = np.repeat(np.arange(batch.height), np.diff(counts.indptr))
        cells_of = batch_rows[~kept] * sizes + lengths[counts.indices[~kept]] - shortest
        dropped.append(
            np.bincount(cells_of, weights=counts.data[~kept], minlength=batch.height * sizes)
            .round()
            .astype(np.int64)
            .reshape(batch.height, sizes)
        )
        # Kept columns keep their order (both numberings are alphabetical): still canonical.
        stop = filled + int(np.count_nonzero(kept))
        data[filled:stop] = counts.data[kept]
        indices[filled:stop] = alphabetical[column[kept]]
        per_row = np.bincount(batch_rows[kept], minlength=batch.height)
        pointers[row + 1 : row + batch.height + 1] = filled + np.cumsum(per_row)
        filled, row = stop, row + batch.height
    if data is None:
        data = np.empty(0, dtype=np.int32)
    data.resize(filled, refcheck=False)  # gives the tail back (realloc), without a copy
    indices.resize(filled, refcheck=False)
    if pointers[-1] < np.iinfo(np.int32).max:  # else scipy stores every index as int64
        pointers = pointers.astype(np.int32)
    counts = sparse.csr_matrix((data, indices, pointers), shape=(rows, terms.len()))
    counts.has_canonical_format = True
    return TermMatrix(
        ids=pl.concat([batch.ids for batch in batches]),
        outlets=pl.concat([batch.outlets for batch in batches]),
        terms=terms.rename("term"),
        counts=counts,
        words=np.concatenate([batch.words for batch in batches]),
        ngram_range=(shortest, longest),
        min_total_count=min_total_count,
        dropped=np.concatenate(dropped),
    )
