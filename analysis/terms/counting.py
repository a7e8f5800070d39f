"""Per-outlet counts of terms, from which every score in :mod:`analysis.terms.keyness` is made.

:func:`outlet_term_counts` counts the terms of every article per outlet into an
:class:`OutletTermCounts`, batch by batch (:func:`analysis.terms.count_batch`), merging the
batches' partial counts (:mod:`analysis.terms.partial`) and pruning at the end. The term
analyzer is :mod:`analysis.terms.analyzer` (re-exported here).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy import sparse

from analysis.errors import FramelensError
from analysis.schema import Column, Schema
from analysis.terms.analyzer import (
    STOP_WORDS,
    analyze,
    check_ngram_range,
    make_analyzer,
    term_of_word,
    term_runs,
    words_in_term,
)
from analysis.terms.defaults import DEFAULT_BATCH_SIZE, DEFAULT_NGRAM_RANGE, MERGE_NONZEROS
from analysis.terms.matrix import TermMatrix, require_columns
from analysis.terms.partial import PartialCounts, codes, count_batch, merge_partials

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_NGRAM_RANGE",
    "MERGE_NONZEROS",
    "STOP_WORDS",
    "TERM_COUNTS",
    "OutletTermCounts",
    "PartialCounts",
    "analyze",
    "article_term_matrix",
    "count_batch",
    "make_analyzer",
    "merge_partials",
    "outlet_term_counts",
    "require_columns",
    "term_of_word",
    "term_runs",
    "words_in_term",
]

TERM_COUNTS = Schema(
    "term_counts",
    (
        Column("outlet", pl.String, "outlet name"),
        Column("term", pl.String, "a word or a phrase of adjacent words, as made by analyze()"),
        Column("words_in_term", pl.Int64, "1 for a word, 2 or 3 for a phrase"),
        Column("count", pl.Int64, "occurrences of the term in the outlet's articles"),
        Column("articles", pl.Int64, "number of the outlet's articles that use the term"),
    ),
)


@dataclass(frozen=True, eq=False)
class OutletTermCounts:
    """Term counts per outlet: everything the distinctive-term scores need.

    ``outlets`` are sorted names; ``terms`` (a numpy array of str) sorted. ``counts`` and
    ``article_counts`` are sparse (outlets x terms) int64 matrices: occurrences of each term
    in the outlet, and how many of the outlet's articles use it. ``totals`` (outlets x
    phrase lengths, int64) holds every term occurrence of each length, counted *before*
    pruning, so rates keep the right denominator: column 0 is ``ngram_range[0]`` words.
    ``articles`` and ``words`` (int64, one per outlet) are article counts and words
    (analysis.tokens, stop words included). ``min_total_count`` is the pruning threshold:
    terms used fewer times in the whole corpus are not in ``terms``.
    """

    outlets: tuple[str, ...]
    terms: np.ndarray
    counts: sparse.csr_matrix
    article_counts: sparse.csr_matrix
    totals: np.ndarray
    articles: np.ndarray
    words: np.ndarray
    ngram_range: tuple[int, int]
    min_total_count: int = 1

    @classmethod
    def from_partials(
        cls, partials: Sequence[PartialCounts], *, min_total_count: int = 1
    ) -> OutletTermCounts:
        """Merge the partial counts of every batch and prune the terms.

        Terms used fewer than ``min_total_count`` times in all the partials together are
        dropped (the pruning rule looks only at the merged counts, so it does not depend on
        the batches); ``totals`` are taken before pruning. The result is the same for any
        split of the articles into batches and any order of the partials.
        """
        if min_total_count < 1:
            raise FramelensError(f"min_total_count must be at least 1; got {min_total_count}")
        merged = merge_partials(partials)
        return cls.from_merged(merged, merged.totals(), min_total_count=min_total_count)

    @classmethod
    def from_merged(
        cls, merged: PartialCounts, totals: np.ndarray, *, min_total_count: int
    ) -> OutletTermCounts:
        """Finish merged counts: prune below ``min_total_count`` (``totals`` are taken
        before pruning, one row per outlet of ``merged``)."""
        kept = merged.pruned(min_total_count)
        return cls(
            outlets=kept.outlets,
            terms=np.array(kept.terms.to_list(), dtype=object),
            counts=kept.counts.astype(np.int64),
            article_counts=kept.article_counts.astype(np.int64),
            totals=np.asarray(totals, dtype=np.int64),
            articles=kept.articles,
            words=kept.words,
            ngram_range=kept.ngram_range,
            min_total_count=min_total_count,
        )

    def words_in_terms(self) -> np.ndarray:
        """Number of words in each term, aligned with ``terms``."""
        return words_in_term(self.terms)

    def table(self) -> pl.DataFrame:
        """The counts as a long ``TERM_COUNTS`` table, sorted by outlet and term."""
        counts, present = self.counts.tocsr(), self.article_counts.tocsr()
        counts.sort_indices()
        present.sort_indices()
        # A term is used in an article exactly when it occurs there, so both matrices hold
        # the same cells and, in canonical order, their values line up.
        assert np.array_equal(counts.indices, present.indices)
        rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        columns = counts.indices
        return pl.DataFrame(
            {
                "outlet": np.asarray(self.outlets, dtype=object)[rows].tolist(),
                "term": self.terms[columns].tolist(),
                "words_in_term": self.words_in_terms()[columns],
                "count": counts.data.astype(np.int64),
                "articles": present.data.astype(np.int64),
            },
            schema=TERM_COUNTS.polars_schema(),
        )


def outlet_term_counts(
    articles: pl.DataFrame,
    *,
    ngram_range: tuple[int, int] = DEFAULT_NGRAM_RANGE,
    batch_size: int = DEFAULT_BATCH_SIZE,
    min_total_count: int = 1,
    matrix: TermMatrix | None = None,
) -> OutletTermCounts:
    """Count the terms of every article per outlet, ``batch_size`` articles at a time.

    ``articles`` needs the ARTICLES columns ``outlet`` and ``clean_text`` (null text counts
    as empty); ``words`` is used when present. Each batch is counted with
    :func:`count_batch` and the partial counts are merged. After the last batch, terms used
    fewer than ``min_total_count`` times in the whole corpus are dropped (the pruning rule:
    it looks only at final corpus counts, so it is deterministic), and terms are sorted.
    The result is identical for any ``batch_size`` and any order of the articles.
    ``matrix`` (a :class:`TermMatrix` of these articles, from
    :func:`analysis.terms.term_matrix`) is summed per outlet instead of analysing again; then
    ``clean_text`` is not read.
    """
    needed = ("outlet",) if matrix is not None else ("outlet", "clean_text")
    require_columns(articles, needed, "articles")
    check_ngram_range(ngram_range)
    if batch_size < 1:
        raise FramelensError(f"batch_size must be at least 1; got {batch_size}")
    if min_total_count < 1:
        raise FramelensError(f"min_total_count must be at least 1; got {min_total_count}")
    if matrix is not None:
        check_matrix(matrix, articles, ngram_range)
        if matrix.min_total_count > min_total_count:
            raise FramelensError(
                f"the term matrix was pruned below {matrix.min_total_count} uses, more than "
                f"min_total_count={min_total_count}: make it with term_matrix(articles) or "
                "leave matrix out"
            )
        partial = PartialCounts.from_matrix(matrix)
        # Uses of terms pruned from the matrix still count in each outlet's totals.
        totals = partial.totals() + _outlet_sums(matrix, partial.outlets)
        return OutletTermCounts.from_merged(partial, totals, min_total_count=min_total_count)

    merger = CountMerger()
    for start in range(0, max(articles.height, 1), batch_size):
        merger.add(count_batch(articles.slice(start, batch_size), ngram_range=ngram_range))
    return merger.finish(min_total_count=min_total_count)


class CountMerger:
    """Adds up the partial counts of batches as they arrive, holding little at once.

    Partials pile up until they hold ``MERGE_NONZEROS`` cells (or more than the merged counts
    so far), then are merged into one: memory stays near the size of the merged counts
    rather than the sum of the batches'. The result does not depend on when merges happen
    (integer sums), so it equals :meth:`OutletTermCounts.from_partials` of every partial.
    """

    def __init__(self) -> None:
        self._merged: list[PartialCounts] = []
        self._pending: list[PartialCounts] = []

    def add(self, partial: PartialCounts) -> None:
        """Count one more batch."""
        self._pending.append(partial)
        unmerged = sum(pending.nonzeros for pending in self._pending)
        if unmerged > max(sum(done.nonzeros for done in self._merged), MERGE_NONZEROS):
            self._merged = [merge_partials(self._merged + self._pending)]
            self._pending = []

    def finish(self, *, min_total_count: int = 1) -> OutletTermCounts:
        """The counts of every batch added, pruned below ``min_total_count`` corpus uses."""
        return OutletTermCounts.from_partials(
            self._merged + self._pending, min_total_count=min_total_count
        )


def _outlet_sums(matrix: TermMatrix, outlets: tuple[str, ...]) -> np.ndarray:
    """(outlets x phrase lengths) int64: the uses of pruned terms in each outlet's articles."""
    dropped = np.asarray(matrix.dropped, dtype=np.int64)
    summed = np.zeros((len(outlets), dropped.shape[1]), dtype=np.int64)
    np.add.at(summed, codes(matrix.outlets, outlets), dropped)
    return summed


def check_matrix(matrix: TermMatrix, articles: pl.DataFrame, ngram_range: tuple[int, int]) -> None:
    """FramelensError unless ``matrix`` was made from ``articles`` with ``ngram_range``."""
    if tuple(matrix.ngram_range) != tuple(ngram_range):
        raise FramelensError(
            f"the term matrix was made with ngram_range={matrix.ngram_range}, not "
            f"{tuple(ngram_range)}: make it with term_matrix(articles, "
            f"ngram_range={tuple(ngram_range)}) or leave matrix out"
        )
    same_ids = "id" not in articles.columns or matrix.ids.equals(
        articles["id"].cast(pl.String), check_names=False
    )
    if matrix.height != articles.height or not same_ids:
        raise FramelensError(
            f"the term matrix ({matrix.height} articles) was not made from these "
            f"{articles.height} articles in this order: make it with term_matrix(articles) "
            "or leave matrix out"
        )


def article_term_matrix(
    texts: list[str],
    analyzer: Callable[[str], list[str]],
    vocabulary: defaultdict[str, int],
) -> sparse.csr_matrix:
    """(texts x terms) int64 counts; ``vocabulary`` gives each new term the next column.

    ``vocabulary`` is a defaultdict whose default factory is its own ``__len__``; it grows
    in place, and the matrix has one column per term in it after this batch.
    """
    columns: list[int] = []
    pointers = [0]
    for text in texts:
        columns.extend(map(vocabulary.__getitem__, analyzer(text)))
        pointers.append(len(columns))
    matrix = sparse.csr_matrix(
        (
            np.ones(len(columns), dtype=np.int64),
            np.asarray(columns, dtype=np.int64),
            np.asarray(pointers, dtype=np.int64),
        ),
        shape=(len(texts), len(vocabulary)),
    )
    matrix.sum_duplicates()
    return matrix
