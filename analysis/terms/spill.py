"""Exact per-outlet term counts of a corpus whose distinct terms do not fit in memory at once.

Most distinct terms of a large corpus are phrases used once. They must be counted before the
corpus-wide pruning (``min_total_count``) can drop them, and held together (about 25 bytes
each, plus 12 per outlet that uses them: some 50 million terms for 1 GB of text) they need
more memory than the rest of the analysis. So for large corpora the unpruned counts go to
disk:

- :func:`spill_batch` counts one batch of articles (in a worker process, say) and writes its
  cells (outlet, term, count, articles) to ``shards`` Arrow IPC files in a directory, a term
  always going to the same shard (by a hash of its text); it returns a small picklable
  :class:`SpilledCounts`;
- :func:`merge_spilled` reads, merges and prunes one shard at a time, so memory holds one
  shard of the unpruned cells (about 1/``shards`` of them) plus the pruned counts.

Because every use of a term is in the same shard, pruning sees its corpus-wide count, and the
result equals :func:`analysis.terms.outlet_term_counts` exactly, whatever the batches.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
from scipy import sparse

from analysis.errors import FramelensError
from analysis.terms.counting import OutletTermCounts
from analysis.terms.defaults import DEFAULT_NGRAM_RANGE
from analysis.terms.partial import PartialCounts, codes, count_batch, merge_partials

SHARDS = 16
"""Shards the unpruned cells are split into: memory while merging is about 1/SHARDS of them."""

# A fixed seed: a term goes to the same shard in every process of one run.
_HASH_SEED = 0x5EED


@dataclass(frozen=True)
class SpilledCounts:
    """One batch's unpruned counts, written to disk by :func:`spill_batch`.

    ``files`` holds one Arrow IPC file per shard (columns outlet, term, count, articles);
    ``outlets`` (sorted), ``articles``, ``words`` and ``totals`` (outlets x phrase lengths,
    every term occurrence, int64) are the batch's per-outlet figures, kept in memory.
    """

    files: tuple[str, ...]
    outlets: tuple[str, ...]
    articles: np.ndarray
    words: np.ndarray
    totals: np.ndarray
    ngram_range: tuple[int, int]


def spill_batch(
    articles: pl.DataFrame,
    directory: str | Path,
    shards: int = SHARDS,
    ngram_range: tuple[int, int] = DEFAULT_NGRAM_RANGE,
) -> SpilledCounts:
    """Count one batch of articles (as :func:`analysis.terms.count_batch`) and write the
    counts to ``shards`` new files in ``directory`` (which must exist)."""
    if shards < 1:
        raise FramelensError(f"shards must be at least 1; got {shards}")
    partial = count_batch(articles, ngram_range)
    return SpilledCounts(
        files=write_shards(partial.cells(), directory, shards),
        outlets=partial.outlets,
        articles=partial.articles,
        words=partial.words,
        totals=partial.totals(),
        ngram_range=partial.ngram_range,
    )


def write_shards(table: pl.DataFrame, directory: str | Path, shards: int) -> tuple[str, ...]:
    """Write the rows of ``table`` to ``shards`` new Arrow IPC files in ``directory`` (which
    must exist), each row to the file of its shard by a hash of its ``term``, so the rows of
    one term, from any batch, are always in the same shard. Returns the paths, shard by
    shard (every shard has a file, perhaps empty)."""
    sharded = table.with_columns(shard=pl.col("term").hash(seed=_HASH_SEED) % shards)
    parts = {
        int(key[0]): part.drop("shard")
        for key, part in sharded.partition_by("shard", as_dict=True).items()
    }
    prefix = Path(directory) / uuid.uuid4().hex
    files = []
    for shard in range(shards):
        path = f"{prefix}-{shard:03d}.arrow"
        parts.get(shard, table.clear()).write_ipc(path, compression="lz4")
        files.append(path)
    return tuple(files)


def merge_spilled(
    pieces: Sequence[SpilledCounts], *, min_total_count: int = 1, remove: bool = True
) -> OutletTermCounts:
    """The counts of every spilled batch, merged and pruned one shard at a time.

    Equal to :func:`analysis.terms.outlet_term_counts` of all the batches' articles with the
    same ``min_total_count``. With ``remove``, each file is deleted once it has been read.
    """
    check_spilled(pieces, min_total_count, "merge spilled counts")
    ngram_range = pieces[0].ngram_range
    outlets = tuple(sorted(set().union(*(piece.outlets for piece in pieces))))
    articles = np.zeros(len(outlets), dtype=np.int64)
    words = np.zeros(len(outlets), dtype=np.int64)
    totals = np.zeros((len(outlets), ngram_range[1] - ngram_range[0] + 1), dtype=np.int64)
    for piece in pieces:
        rows = codes(pl.Series(piece.outlets, dtype=pl.String), outlets)
        articles[rows] += piece.articles
        words[rows] += piece.words
        totals[rows] += piece.totals

    kept = [_empty(outlets, articles, words, ngram_range)]
    for shard in range(len(pieces[0].files)):
        paths = [piece.files[shard] for piece in pieces]
        cells = pl.concat([pl.read_ipc(path) for path in paths])
        if remove:
            for path in paths:
                Path(path).unlink(missing_ok=True)
        if cells.height:
            kept.append(
                PartialCounts.from_cells(cells, ngram_range, min_total_count=min_total_count)
            )
    merged = merge_partials(kept)
    return OutletTermCounts.from_merged(merged, totals, min_total_count=min_total_count)


def check_spilled(pieces: Sequence, min_total_count: int, doing: str) -> int:
    """FramelensError unless there are ``pieces`` (spilled batches, with ``ngram_range`` and
    ``files``), all made alike, and ``min_total_count`` is at least 1; returns the shards."""
    if not pieces:
        raise FramelensError(f"cannot {doing} without at least one batch")
    if min_total_count < 1:
        raise FramelensError(f"min_total_count must be at least 1; got {min_total_count}")
    ranges = {tuple(piece.ngram_range) for piece in pieces}
    shards = {len(piece.files) for piece in pieces}
    if len(ranges) > 1 or len(shards) > 1:
        raise FramelensError(
            f"cannot {doing} of batches made with different ngram_range or shards: "
            f"{sorted(ranges)}, {sorted(shards)}"
        )
    return shards.pop()


def _empty(
    outlets: tuple[str, ...],
    articles: np.ndarray,
    words: np.ndarray,
    ngram_range: tuple[int, int],
) -> PartialCounts:
    """Partial counts with every outlet and no term, carrying the per-outlet figures."""
    nothing = sparse.csr_matrix((len(outlets), 0), dtype=np.int32)
    return PartialCounts(
        outlets=outlets,
        terms=pl.Series("term", [], dtype=pl.String),
        counts=nothing,
        article_counts=nothing.copy(),
        articles=articles,
        words=words,
        ngram_range=tuple(ngram_range),
    )
