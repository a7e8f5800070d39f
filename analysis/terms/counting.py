"""The project's term analyzer and per-outlet counts of terms, made batch by batch.

A *term* is a word or a phrase of two or three adjacent words. :func:`analyze` turns a clean
text into its terms; :func:`outlet_term_counts` counts them per outlet, one batch of articles
at a time, into an :class:`OutletTermCounts` from which every score in
:mod:`analysis.terms.keyness` is computed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from analysis.errors import FramelensError
from analysis.schema import Column, Schema
from analysis.tokens import WORD_PATTERN

STOP_WORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS)
"""scikit-learn's English stop words (lowercase): never a term, never part of a phrase."""

DEFAULT_NGRAM_RANGE = (1, 3)
"""Terms are single words and phrases of up to three adjacent words."""

DEFAULT_BATCH_SIZE = 2000
"""Articles analysed at a time by :func:`outlet_term_counts` (results do not depend on it)."""

# One alternation scanned left to right: a word (group 1, exactly the words of
# analysis.tokens, because a word can only start at a word character and the other branches
# never consume one), or a single punctuation character or line break, which ends a phrase.
_TOKEN = re.compile(rf"({WORD_PATTERN})|[^\s\w]|\n")
_LETTER = re.compile(r"[^\W\d_]")

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


# term_of_word is pure, and a few thousand words make up most of any text, so its results
# are remembered; the cache is emptied when it grows past this many words.
_TERM_CACHE_SIZE = 1_000_000
_TERM_OF_WORD: dict[str, str] = {}


def term_of_word(word: str) -> str | None:
    """The term form of one word (as found by ``WORD_PATTERN``), or None if it is not a term.

    Words are lowercased and curly apostrophes straightened ("Syria’s" -> "syria's"). A word
    without a letter (a number such as 8,500 or 2016) and an English stop word give None.
    The one exception: a stop word written in capitals of two or more letters is an acronym
    (US, IS, WHO, IT) and is kept as written, so "US forces" is not read as "us".
    """
    return _term_or_empty(word) or None


def _term_or_empty(word: str) -> str:
    """term_of_word, remembered, with "" for a word that is not a term."""
    term = _TERM_OF_WORD.get(word)
    if term is None:
        if len(_TERM_OF_WORD) > _TERM_CACHE_SIZE:
            _TERM_OF_WORD.clear()
        term = _TERM_OF_WORD[word] = _term_form(word) or ""
    return term


def _term_form(word: str) -> str | None:
    if not _LETTER.search(word):
        return None
    term = word.lower().replace("\u2019", "'")
    if term in STOP_WORDS:
        return word if len(word) > 1 and word.isupper() else None
    return term


def term_runs(text: str) -> list[list[str]]:
    """The text's terms as runs of adjacent words, each run a list of single-word terms.

    A run ends at any word that is not a term (stop word, number), at any punctuation
    character between two words (comma, full stop, quotation mark, bracket, dash) and at a
    line break. Phrases are made only inside a run, so every phrase occurs verbatim in the text.
    """
    runs: list[list[str]] = []
    run: list[str] = []
    known = _TERM_OF_WORD
    for word in _TOKEN.findall(text):
        # "" stands for punctuation or a line break; it and non-terms end the run.
        term = known.get(word, None) if word else ""
        if term is None:
            term = _term_or_empty(word)
        if term:
            run.append(term)
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return runs


def make_analyzer(ngram_range: tuple[int, int] = DEFAULT_NGRAM_RANGE) -> Callable[[str], list[str]]:
    """An analyzer like :func:`analyze` that makes phrases of ``ngram_range`` words.

    ``ngram_range`` is (shortest, longest) in words, both at least 1. The callable fits
    scikit-learn's ``CountVectorizer(analyzer=...)``.
    """
    shortest, longest = _check_ngram_range(ngram_range)

    def analyzer(text: str) -> list[str]:
        return _phrases(term_runs(text), shortest, longest)

    return analyzer


def _phrases(runs: list[list[str]], shortest: int, longest: int) -> list[str]:
    """Every phrase of ``shortest`` to ``longest`` adjacent terms inside each run."""
    terms: list[str] = []
    for run in runs:
        for size in range(shortest, min(longest, len(run)) + 1):
            if size == 1:
                terms.extend(run)
            else:
                terms.extend(" ".join(run[i : i + size]) for i in range(len(run) - size + 1))
    return terms


def _check_ngram_range(ngram_range: tuple[int, int]) -> tuple[int, int]:
    shortest, longest = ngram_range
    if not 1 <= shortest <= longest:
        raise FramelensError(
            f"ngram_range must be (shortest, longest) words with 1 <= shortest <= longest; "
            f"got {ngram_range}"
        )
    return int(shortest), int(longest)


def analyze(text: str) -> list[str]:
    """The project's term analyzer: the terms of ``text``, in no guaranteed order.

    Words are those of :data:`analysis.tokens.WORD_PATTERN`, put in term form by
    :func:`term_of_word` (lowercase, straight apostrophe; stop words and numbers dropped).
    The result holds every single-word term and every phrase of 2 and 3 adjacent terms
    within a run (see :func:`term_runs`): phrases never span a removed stop word, a number,
    punctuation or a line break, so "city of Aleppo" gives "city" and "aleppo" but no
    "city aleppo", and "Syrian Observatory for Human Rights" gives "syrian observatory"
    and "human rights". Phrase words are joined by one space.
    """
    return _phrases(term_runs(text), *DEFAULT_NGRAM_RANGE)


def words_in_term(terms: Iterable[str]) -> np.ndarray:
    """Number of words in each term (1 for a word, 2 or 3 for a phrase), as int64."""
    return np.fromiter((term.count(" ") + 1 for term in terms), dtype=np.int64)


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
) -> OutletTermCounts:
    """Count the terms of every article per outlet, ``batch_size`` articles at a time.

    ``articles`` needs the ARTICLES columns ``outlet`` and ``clean_text`` (null text counts
    as empty); ``words`` is used when present. Each batch is analysed with
    :func:`make_analyzer` into an article x term matrix whose rows are summed per outlet
    and added to running sums. After the last batch, terms used fewer than
    ``min_total_count`` times in the whole corpus are dropped (the pruning rule: it looks
    only at final corpus counts, so it is deterministic), and terms are sorted.
    The result is identical for any ``batch_size`` and any order of the articles.
    """
    require_columns(articles, ("outlet", "clean_text"), "articles")
    _check_ngram_range(ngram_range)
    if batch_size < 1:
        raise FramelensError(f"batch_size must be at least 1; got {batch_size}")
    if min_total_count < 1:
        raise FramelensError(f"min_total_count must be at least 1; got {min_total_count}")

    outlet_names = articles["outlet"].fill_null("unknown")
    outlets = tuple(sorted(outlet_names.unique().to_list()))
    outlet_index = {outlet: index for index, outlet in enumerate(outlets)}
    analyzer = make_analyzer(ngram_range)
    vocabulary: defaultdict[str, int] = defaultdict()
    vocabulary.default_factory = vocabulary.__len__  # a new term gets the next column
    counts_sum, presence_sum = _SparseSum(len(outlets)), _SparseSum(len(outlets))

    for start in range(0, articles.height, batch_size):
        batch = articles.slice(start, batch_size)
        texts = batch["clean_text"].fill_null("").to_list()
        rows = [outlet_index[name] for name in outlet_names.slice(start, batch_size)]
        matrix = article_term_matrix(texts, analyzer, vocabulary)
        per_outlet = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.int64), (rows, np.arange(len(rows)))),
            shape=(len(outlets), len(rows)),
        )
        counts_sum.add(per_outlet @ matrix)
        presence_sum.add(per_outlet @ (matrix > 0).astype(np.int64))

    terms = np.array(list(vocabulary), dtype=object)
    counts = counts_sum.total(len(terms))
    presence = presence_sum.total(len(terms))
    lengths = words_in_term(terms)
    totals = np.column_stack(
        [
            np.asarray(counts[:, lengths == size].sum(axis=1)).ravel()
            for size in range(ngram_range[0], ngram_range[1] + 1)
        ]
    ).astype(np.int64)
    keep = np.flatnonzero(np.asarray(counts.sum(axis=0)).ravel() >= min_total_count)
    keep = keep[np.argsort(terms[keep], kind="stable")] if keep.size else keep
    return OutletTermCounts(
        outlets=outlets,
        terms=terms[keep] if keep.size else np.array([], dtype=object),
        counts=counts[:, keep].tocsr(),
        article_counts=presence[:, keep].tocsr(),
        totals=totals.reshape(len(outlets), ngram_range[1] - ngram_range[0] + 1),
        articles=np.array(
            [int((outlet_names == outlet).sum()) for outlet in outlets], dtype=np.int64
        ),
        words=_words_per_outlet(articles, outlet_names, outlets),
        ngram_range=(int(ngram_range[0]), int(ngram_range[1])),
        min_total_count=min_total_count,
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


def require_columns(table: pl.DataFrame, names: Iterable[str], what: str) -> None:
    """Raise FramelensError naming any of ``names`` missing from ``table``."""
    missing = [name for name in names if name not in table.columns]
    if missing:
        raise FramelensError(
            f"the {what} table has no column {', '.join(repr(m) for m in missing)} "
            f"(it has {', '.join(table.columns) or 'no columns'}); build it with "
            "analysis.corpus and analysis.clean, or add the column"
        )


MERGE_NONZEROS = 1 << 20
"""Running sums merge their pieces once this many unmerged entries (or more than the merged
result holds) have piled up."""


class _SparseSum:
    """Running sum of sparse (rows x columns) matrices whose column count only grows.

    Pieces are kept as coordinates and merged (duplicates summed) whenever the unmerged
    part outgrows the merged part, so memory stays within a small factor of the result.
    """

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self.pieces: list[sparse.coo_matrix] = []
        self.unmerged = 0
        self.merged = 0

    def add(self, matrix: sparse.spmatrix) -> None:
        piece = sparse.coo_matrix(matrix)
        self.pieces.append(piece)
        self.unmerged += piece.nnz
        if self.unmerged > max(self.merged, MERGE_NONZEROS):
            self._merge(max(piece.shape[1] for piece in self.pieces))

    def _merge(self, columns: int) -> None:
        merged = sparse.coo_matrix(
            (
                np.concatenate([piece.data for piece in self.pieces]),
                (
                    np.concatenate([piece.row for piece in self.pieces]),
                    np.concatenate([piece.col for piece in self.pieces]),
                ),
            ),
            shape=(self.rows, columns),
        )
        merged.sum_duplicates()
        self.pieces = [merged]
        self.merged, self.unmerged = merged.nnz, 0

    def total(self, columns: int) -> sparse.csc_matrix:
        """The sum as a (rows x columns) int64 CSC matrix (cheap to select columns from)."""
        if not self.pieces:
            return sparse.csc_matrix((self.rows, columns), dtype=np.int64)
        self._merge(columns)
        return self.pieces[0].tocsc().astype(np.int64)


def _words_per_outlet(
    articles: pl.DataFrame, outlet_names: pl.Series, outlets: tuple[str, ...]
) -> np.ndarray:
    """Words per outlet: the ``words`` column where present, else counted from clean_text."""
    counted = articles["clean_text"].fill_null("").str.count_matches(WORD_PATTERN)
    if "words" in articles.columns:
        counted = articles["words"].cast(pl.Int64).fill_null(counted.cast(pl.Int64))
    frame = pl.DataFrame({"outlet": outlet_names, "words": counted.cast(pl.Int64)})
    sums = dict(frame.group_by("outlet").agg(pl.col("words").sum()).iter_rows())
    return np.array([int(sums.get(outlet, 0)) for outlet in outlets], dtype=np.int64)
