"""Partial term counts: what one batch of articles hands back, and how batches merge.

:func:`count_batch` counts the terms of one batch per outlet, unpruned, into a
:class:`PartialCounts`, small enough to pickle back from a worker process. Partials merge by
adding counts (:meth:`PartialCounts.merge`, :func:`merge_partials`): integer sums over the
union of terms, kept in a canonical form (sorted outlets, sorted terms), so merging is
associative and commutative and the merged counts do not depend on how the articles were
split. :meth:`analysis.terms.OutletTermCounts.from_partials` prunes and finishes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy import sparse

from analysis.errors import FramelensError
from analysis.terms.defaults import DEFAULT_NGRAM_RANGE
from analysis.terms.matrix import TermMatrix, require_columns, term_matrix, unite_terms


@dataclass(frozen=True, eq=False)
class PartialCounts:
    """Unpruned term counts per outlet of some of the articles.

    ``outlets`` are the sorted names of the outlets counted; ``terms`` a sorted String series
    of every term used; ``counts`` and ``article_counts`` (outlets x terms) CSR matrices in
    canonical form, int32 unless a count needs int64: occurrences of each term in the
    outlet, and how many of its articles use it. ``articles`` and ``words`` (int64, one per
    outlet) count articles and words (analysis.tokens); ``ngram_range`` is the phrase
    lengths counted.
    """

    outlets: tuple[str, ...]
    terms: pl.Series
    counts: sparse.csr_matrix
    article_counts: sparse.csr_matrix
    articles: np.ndarray
    words: np.ndarray
    ngram_range: tuple[int, int]

    @property
    def nonzeros(self) -> int:
        """Number of (outlet, term) cells held."""
        return int(self.counts.nnz)

    def merge(self, other: PartialCounts) -> PartialCounts:
        """The counts of both: terms and outlets united, every count added."""
        return merge_partials([self, other])

    def totals(self) -> np.ndarray:
        """(outlets x phrase lengths) int64: every term occurrence of each length."""
        shortest, longest = self.ngram_range
        sizes = longest - shortest + 1
        lengths = words_in_terms(self.terms)
        rows = np.repeat(np.arange(self.counts.shape[0]), np.diff(self.counts.indptr))
        cells = rows * sizes + lengths[self.counts.indices] - shortest
        return sums(cells, self.counts.data, len(self.outlets) * sizes).reshape(-1, sizes)

    def pruned(self, min_total_count: int) -> PartialCounts:
        """Only the terms used at least ``min_total_count`` times over all outlets."""
        corpus_counts = sums(self.counts.indices, self.counts.data, self.terms.len())
        keep = np.flatnonzero(corpus_counts >= min_total_count)
        return PartialCounts(
            outlets=self.outlets,
            terms=self.terms.gather(keep),
            counts=self.counts[:, keep].tocsr(),
            article_counts=self.article_counts[:, keep].tocsr(),
            articles=self.articles,
            words=self.words,
            ngram_range=self.ngram_range,
        )

    def cells(self) -> pl.DataFrame:
        """The counts as a long table: outlet, term, count, articles (one row per cell)."""
        rows = np.repeat(np.arange(self.counts.shape[0]), np.diff(self.counts.indptr))
        return pl.DataFrame(
            {
                "outlet": pl.Series(self.outlets, dtype=pl.String).gather(rows),
                "term": self.terms.gather(self.counts.indices),
                "count": self.counts.data,
                "articles": self.article_counts.data,
            }
        )

    @classmethod
    def from_cells(
        cls, cells: pl.DataFrame, ngram_range: tuple[int, int], *, min_total_count: int = 1
    ) -> PartialCounts:
        """Partial counts from a long table of cells (as :meth:`cells` gives; a cell may occur
        more than once, and is then added up), keeping only terms used at least
        ``min_total_count`` times in all the cells; ``articles`` and ``words`` are left at 0."""
        merged = cells.group_by("outlet", "term").agg(pl.col("count", "articles").sum())
        if min_total_count > 1:
            merged = merged.filter(pl.col("count").sum().over("term") >= min_total_count)
        outlets = tuple(sorted(merged["outlet"].unique().to_list()))
        terms, (columns,) = unite_terms([merged["term"]])
        rows = codes(merged["outlet"], outlets)
        shape = (len(outlets), terms.len())
        counts = sparse.csr_matrix((merged["count"].to_numpy(), (rows, columns)), shape=shape)
        present = sparse.csr_matrix((merged["articles"].to_numpy(), (rows, columns)), shape=shape)
        counts.sum_duplicates()
        present.sum_duplicates()
        counts.data, present.data = compact(counts.data), compact(present.data)
        return cls(
            outlets=outlets,
            terms=terms,
            counts=counts,
            article_counts=present,
            articles=np.zeros(len(outlets), dtype=np.int64),
            words=np.zeros(len(outlets), dtype=np.int64),
            ngram_range=tuple(ngram_range),
        )

    @classmethod
    def from_matrix(cls, matrix: TermMatrix) -> PartialCounts:
        """The per-outlet sums of a :class:`TermMatrix` (of a batch or of a whole corpus)."""
        outlets = tuple(sorted(matrix.outlets.unique().to_list()))
        outlet_of_row = codes(matrix.outlets, outlets)
        # (outlets x articles) 0/1 matrix: multiplying by it sums each outlet's rows.
        membership = sparse.csr_matrix(
            (np.ones(matrix.height, dtype=np.int64), (outlet_of_row, np.arange(matrix.height))),
            shape=(len(outlets), matrix.height),
        )
        counts = membership @ matrix.counts.astype(np.int64)
        used = matrix.counts.copy()
        used.data = np.ones(used.data.size, dtype=np.int64)
        present = membership @ used
        for summed in (counts, present):
            summed.sum_duplicates()  # canonical: sorted indices, no explicit zeros kept
            summed.eliminate_zeros()
            summed.data = compact(summed.data)
        return cls(
            outlets=outlets,
            terms=matrix.terms,
            counts=counts,
            article_counts=present,
            articles=np.bincount(outlet_of_row, minlength=len(outlets)).astype(np.int64),
            words=sums(outlet_of_row, matrix.words, len(outlets)),
            ngram_range=matrix.ngram_range,
        )


def count_batch(
    articles: pl.DataFrame, ngram_range: tuple[int, int] = DEFAULT_NGRAM_RANGE
) -> PartialCounts:
    """Count the terms of one batch of articles per outlet, unpruned (:class:`PartialCounts`).

    ``articles`` needs ``outlet`` and ``clean_text`` (``words`` is used when present).
    Merge the partials of all batches with :func:`merge_partials` or
    :meth:`analysis.terms.OutletTermCounts.from_partials`.
    """
    require_columns(articles, ("outlet", "clean_text"), "articles")
    matrix = term_matrix(articles, ngram_range=ngram_range, batch_size=max(articles.height, 1))
    return PartialCounts.from_matrix(matrix)


def merge_partials(partials: Sequence[PartialCounts]) -> PartialCounts:
    """All of ``partials`` added up into one (exact integer sums: any grouping, any order)."""
    if not partials:
        raise FramelensError("merging term counts needs at least one partial count")
    ranges = {tuple(partial.ngram_range) for partial in partials}
    if len(ranges) > 1:
        raise FramelensError(
            f"cannot merge term counts made with different ngram_range: {sorted(ranges)}"
        )
    if len(partials) == 1:
        return partials[0]
    outlets = tuple(sorted(set().union(*(partial.outlets for partial in partials))))
    terms, term_positions = unite_terms([partial.terms for partial in partials])
    rows, columns, totals, present = [], [], [], []
    articles = np.zeros(len(outlets), dtype=np.int64)
    words = np.zeros(len(outlets), dtype=np.int64)
    for partial, new_columns in zip(partials, term_positions, strict=True):
        new_rows = codes(pl.Series(partial.outlets, dtype=pl.String), outlets)
        counts = partial.counts
        rows.append(new_rows[np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))])
        columns.append(new_columns[counts.indices])
        totals.append(counts.data.astype(np.int64))
        present.append(partial.article_counts.data.astype(np.int64))
        articles[new_rows] += partial.articles
        words[new_rows] += partial.words
    shape = (len(outlets), terms.len())
    coordinates = (np.concatenate(rows), np.concatenate(columns))
    counts = sparse.csr_matrix((np.concatenate(totals), coordinates), shape=shape)
    article_counts = sparse.csr_matrix((np.concatenate(present), coordinates), shape=shape)
    counts.sum_duplicates()
    article_counts.sum_duplicates()
    counts.data, article_counts.data = compact(counts.data), compact(article_counts.data)
    return PartialCounts(
        outlets=outlets,
        terms=terms.rename("term"),
        counts=counts,
        article_counts=article_counts,
        articles=articles,
        words=words,
        ngram_range=partials[0].ngram_range,
    )


def words_in_terms(terms: pl.Series) -> np.ndarray:
    """Number of words in each term (1 + its spaces), as int64."""
    return (terms.str.count_matches(" ", literal=True) + 1).to_numpy().astype(np.int64)


def sums(groups: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """int64 sums of integer ``values`` per group 0 .. size - 1 (exact below 2**53)."""
    return np.bincount(groups, weights=values, minlength=size).round().astype(np.int64)


def codes(values: pl.Series, categories: Sequence[str]) -> np.ndarray:
    """Position of each value in ``categories`` (all values must be there), as int64."""
    return values.cast(pl.Enum(list(categories))).to_physical().to_numpy().astype(np.int64)


def compact(counts: np.ndarray) -> np.ndarray:
    """Counts as int32 when they fit (halving what partials hold and pickle), else int64."""
    fits = counts.size == 0 or int(counts.max()) < np.iinfo(np.int32).max
    return counts.astype(np.int32 if fits else np.int64)


def _concatenate(arrays: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int64)
