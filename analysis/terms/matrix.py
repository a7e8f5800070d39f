"""The article x term matrix: the terms of many articles counted in one vectorised pass.

:func:`count_terms` gives, for a batch of texts, exactly the terms that
:func:`analysis.terms.analyze` gives for each text, counted into a sparse (texts x terms)
matrix, without a Python loop over words: polars finds the tokens
(:mod:`analysis.terms.tokenize`), each distinct token is put in term form once
(:func:`analysis.terms.analyzer.term_of_word`), and phrases are made by numpy from integer word
ids, only the distinct phrases being turned into strings.

:class:`TermMatrix` holds such a matrix for a corpus (or one batch of it) with each article's
id, outlet and word count. :func:`analysis.terms.outlet_term_counts` and
:func:`analysis.terms.article_similarity` both take one (``matrix=``), so a corpus is analysed
once for both.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy import sparse

from analysis.errors import FramelensError
from analysis.terms.analyzer import check_ngram_range, term_form
from analysis.terms.defaults import DEFAULT_BATCH_SIZE, DEFAULT_NGRAM_RANGE
from analysis.terms.tokenize import tokens
from analysis.tokens import WORD_PATTERN


def count_terms(
    texts: pl.Series | Sequence[str], ngram_range: tuple[int, int] = DEFAULT_NGRAM_RANGE
) -> tuple[pl.Series, sparse.csr_matrix]:
    """(terms, counts) of a batch of texts: the terms of :func:`make_analyzer`, counted.

    ``terms`` is a sorted String series of every term used; ``counts`` a (texts x terms)
    int32 CSR matrix in canonical form (sorted column indices, no duplicates): how often
    each text uses each term. Null texts count as empty.
    """
    shortest, longest = check_ngram_range(ngram_range)
    series = texts if isinstance(texts, pl.Series) else pl.Series(list(texts), dtype=pl.String)
    flat, per_text = tokens(series)
    codes, words = _used_words(*token_codes(flat))
    text_of = np.repeat(np.arange(per_text.size, dtype=np.int64), per_text)

    pieces = []  # per length: (distinct terms, text of each use, term of each use)
    grams, gram_terms = codes, words
    for size in range(1, longest + 1):
        if size > 1:
            grams, gram_terms = _longer_grams(grams, gram_terms, codes, words, text_of, size)
        if size >= shortest:
            uses = np.flatnonzero(grams >= 0)
            pieces.append((gram_terms, text_of[uses], grams[uses]))

    every_term = pl.concat([terms for terms, _, _ in pieces])
    order = every_term.arg_sort().to_numpy()
    column = np.empty(order.size, dtype=np.int64)
    column[order] = np.arange(order.size)
    offsets = np.cumsum([0] + [terms.len() for terms, _, _ in pieces])
    rows = np.concatenate([text_rows for _, text_rows, _ in pieces])
    columns = np.concatenate(
        [column[offset + ids] for offset, (_, _, ids) in zip(offsets, pieces, strict=False)]
    )
    counts = sparse.csr_matrix(
        (np.ones(rows.size, dtype=np.int32), (rows, columns)),
        shape=(per_text.size, order.size),
    )
    counts.sum_duplicates()
    return every_term.gather(order), counts


def _used_words(codes: np.ndarray, words: pl.Series) -> tuple[np.ndarray, pl.Series]:
    """The codes renumbered over the words they use, and those words."""
    used = np.zeros(words.len(), dtype=bool)
    used[codes[codes >= 0]] = True
    renumbered = np.cumsum(used) - 1
    return np.where(codes >= 0, renumbered[codes], -1), words.filter(pl.Series(used))


def token_codes(flat: pl.Series) -> tuple[np.ndarray, pl.Series]:
    """(code of each token, words): the position of its term form in ``words``, else -1.

    Tokens that are not terms (stop words, numbers, punctuation, line breaks) get -1.
    ``words`` holds every term form seen so far (in no particular order): tokens are looked
    up in a table kept between calls, and only tokens never seen before are put in term
    form (:func:`term_of_word`), once each.
    """
    return _TOKENS.codes(flat)


class _TokenTable:
    """Tokens seen so far, with the code of their term form; emptied past MAX_TOKENS.

    Codes are only compared within one call (terms are sorted by their text afterwards),
    so results never depend on what the table held before. A lock keeps threads apart.
    """

    MAX_TOKENS = 2_000_000

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._empty()

    def _empty(self) -> None:
        self.table = pl.DataFrame(schema={"token": pl.String, "code": pl.Int64})
        self.words = pl.Series("word", [], dtype=pl.String)
        self.position: dict[str, int] = {}

    def codes(self, flat: pl.Series) -> tuple[np.ndarray, pl.Series]:
        with self.lock:
            return self._codes(flat)

    def _codes(self, flat: pl.Series) -> tuple[np.ndarray, pl.Series]:
        if self.table.height > self.MAX_TOKENS:
            self._empty()
        found = _lookup(flat, self.table)
        if not found.null_count():
            return found.to_numpy(), self.words
        unknown = found.is_null()
        learnt = self._learn(flat.filter(unknown).unique())
        codes = found.fill_null(-1).to_numpy().copy()
        codes[unknown.to_numpy()] = _lookup(flat.filter(unknown), learnt).to_numpy()
        return codes, self.words

    def _learn(self, tokens: pl.Series) -> pl.DataFrame:
        """Add ``tokens`` (all unseen) to the table; returns their rows."""
        new_words: list[str] = []
        codes = []
        for token in tokens.to_list():
            form = term_form(token)
            if form and form not in self.position:
                self.position[form] = len(self.position)
                new_words.append(form)
            codes.append(self.position[form] if form else -1)
        learnt = pl.DataFrame({"token": tokens, "code": np.array(codes, dtype=np.int64)})
        self.table = pl.concat([self.table, learnt]).rechunk()
        self.words = pl.concat([self.words, pl.Series("word", new_words, dtype=pl.String)])
        return learnt


def _lookup(flat: pl.Series, table: pl.DataFrame) -> pl.Series:
    """The ``code`` of each of ``flat`` in ``table`` (token, code); null where absent."""
    joined = (
        flat.rename("token").to_frame().join(table, on="token", how="left", maintain_order="left")
    )
    return joined["code"]


_TOKENS = _TokenTable()


def _longer_grams(
    grams: np.ndarray,
    gram_terms: pl.Series,
    codes: np.ndarray,
    words: pl.Series,
    text_of: np.ndarray,
    size: int,
) -> tuple[np.ndarray, pl.Series]:
    """Phrases of ``size`` words from those of ``size - 1`` (``grams``: id at each start).

    A phrase starts at position i when the shorter phrase does and the token ``size - 1``
    places on is a term of the same text; ids number the distinct phrases, whose text is
    returned (the shorter phrase and the word joined by a space).
    """
    starts = max(codes.size - size + 1, 0)
    last = codes[size - 1 :]
    valid = (grams[:starts] >= 0) & (last >= 0) & (text_of[:starts] == text_of[size - 1 :])
    base = max(words.len(), 1)
    pairs, inverse = np.unique(grams[:starts][valid] * base + last[valid], return_inverse=True)
    longer = np.full(starts, -1, dtype=np.int64)
    longer[valid] = inverse
    parts = pl.DataFrame(
        {"head": gram_terms.gather(pairs // base), "tail": words.gather(pairs % base)}
    )
    return longer, parts.select(pl.concat_str("head", "tail", separator=" ")).to_series()


@dataclass(frozen=True, eq=False)
class TermMatrix:
    """Term counts per article: the one analysis that counts and similarity share.

    ``counts`` is an (articles x terms) int32 CSR matrix in canonical form (column indices
    sorted within each row, so sums along a row run in alphabetical order of the terms);
    ``terms`` a sorted String series of every term used (nothing pruned); ``ids`` and
    ``outlets`` (String series) and ``words`` (int64: the ``words`` column where present, else
    counted with :mod:`analysis.tokens`) one per article, in the articles' order; ids are null
    when the table has no ``id`` column. ``ngram_range`` is (shortest, longest) phrase length.
    Made by :func:`term_matrix`; matrices of batches join with :meth:`concat`.

    A matrix may be *pruned* (:func:`analysis.terms.vocabulary.join_batches`): then ``terms``
    holds only the terms used at least ``min_total_count`` times in all its articles, and
    ``dropped`` (articles x phrase lengths, int64; column 0 is ``ngram_range[0]`` words)
    counts each article's uses of the terms left out, so totals and vector lengths stay
    right. Unpruned, ``min_total_count`` is 1 and ``dropped`` all zeros.
    """

    ids: pl.Series
    outlets: pl.Series
    terms: pl.Series
    counts: sparse.csr_matrix
    words: np.ndarray
    ngram_range: tuple[int, int]
    min_total_count: int = 1
    dropped: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.dropped is None:
            lengths = self.ngram_range[1] - self.ngram_range[0] + 1
            object.__setattr__(self, "dropped", np.zeros((self.height, lengths), dtype=np.int64))

    @property
    def height(self) -> int:
        """Number of articles (rows)."""
        return self.counts.shape[0]

    def document_frequencies(self) -> np.ndarray:
        """Number of articles using each term (int64, aligned with ``terms``)."""
        return np.bincount(self.counts.indices, minlength=self.terms.len()).astype(np.int64)

    @classmethod
    def concat(cls, parts: Sequence[TermMatrix]) -> TermMatrix:
        """The matrices of consecutive batches as one: rows in order, terms merged.

        Equal to :func:`term_matrix` of the concatenated articles, whatever the batches.
        """
        if not parts:
            raise FramelensError("TermMatrix.concat needs at least one matrix")
        if any(part.min_total_count > 1 for part in parts):
            raise FramelensError(
                "pruned term matrices cannot be joined (a term pruned from one batch may be "
                "used in another); join the batches with analysis.terms.join_batches"
            )
        ranges = {part.ngram_range for part in parts}
        if len(ranges) > 1:
            raise FramelensError(f"cannot join term matrices of different ngram_range: {ranges}")
        terms, positions = unite_terms([part.terms for part in parts])
        indptr, indices, data = [np.zeros(1, dtype=np.int64)], [], []
        for part, position in zip(parts, positions, strict=True):
            indices.append(position[part.counts.indices])
            data.append(part.counts.data)
            indptr.append(part.counts.indptr[1:].astype(np.int64) + indptr[-1][-1])
        rows = sum(part.height for part in parts)
        counts = sparse.csr_matrix(
            (np.concatenate(data), np.concatenate(indices), np.concatenate(indptr)),
            shape=(rows, terms.len()),
        )
        counts.has_canonical_format = True  # positions keep each row's order; no duplicates
        return cls(
            ids=pl.concat([part.ids for part in parts]),
            outlets=pl.concat([part.outlets for part in parts]),
            terms=terms,
            counts=counts,
            words=np.concatenate([part.words for part in parts]),
            ngram_range=parts[0].ngram_range,
        )


def unite_terms(parts: Sequence[pl.Series]) -> tuple[pl.Series, list[np.ndarray]]:
    """(terms, positions): the sorted distinct terms of all ``parts``, and where each part's
    terms are in them (one int64 array per part)."""
    every = pl.concat([part.cast(pl.String) for part in parts]).rename("term")
    order = every.arg_sort().to_numpy()
    ordered = every.gather(order)
    run = ordered.rle_id().to_numpy().astype(np.int64)
    position = np.empty(order.size, dtype=np.int64)
    position[order] = run
    starts = np.flatnonzero(np.diff(run, prepend=-1)) if run.size else run
    ends = np.cumsum([part.len() for part in parts])
    return ordered.gather(starts), np.split(position, ends[:-1])


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values of an integer array, sorted (by sorting: numpy's hashing
    ``unique`` is many times slower on large int64 arrays)."""
    ordered = np.sort(values)
    return ordered[np.concatenate([[True], ordered[1:] != ordered[:-1]])] if values.size else values


def require_columns(table: pl.DataFrame, names: Iterable[str], what: str) -> None:
    """Raise FramelensError naming any of ``names`` missing from ``table``."""
    missing = [name for name in names if name not in table.columns]
    if missing:
        raise FramelensError(
            f"the {what} table has no column {', '.join(repr(m) for m in missing)} "
            f"(it has {', '.join(table.columns) or 'no columns'}); build it with "
            "analysis.corpus and analysis.clean, or add the column"
        )


def term_matrix(
    articles: pl.DataFrame,
    *,
    ngram_range: tuple[int, int] = DEFAULT_NGRAM_RANGE,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> TermMatrix:
    """The :class:`TermMatrix` of an ARTICLES table, analysed ``batch_size`` articles at a time.

    ``articles`` needs ``outlet`` and ``clean_text`` (null text counts as empty, a null
    outlet as "unknown"); ``id`` and ``words`` are used when present. The result does not
    depend on ``batch_size``.
    """
    require_columns(articles, ("outlet", "clean_text"), "articles")
    check_ngram_range(ngram_range)
    if batch_size < 1:
        raise FramelensError(f"batch_size must be at least 1; got {batch_size}")
    parts = [
        _batch_matrix(articles.slice(start, batch_size), ngram_range)
        for start in range(0, max(articles.height, 1), batch_size)
    ]
    return parts[0] if len(parts) == 1 else TermMatrix.concat(parts)


def _batch_matrix(articles: pl.DataFrame, ngram_range: tuple[int, int]) -> TermMatrix:
    terms, counts = count_terms(articles["clean_text"], ngram_range)
    given = (
        articles["words"].cast(pl.Int64)
        if "words" in articles.columns
        else pl.Series([None] * articles.height, dtype=pl.Int64)
    )
    if given.null_count():
        counted = articles["clean_text"].fill_null("").str.count_matches(WORD_PATTERN)
        given = given.fill_null(counted.cast(pl.Int64))
    ids = (
        articles["id"].cast(pl.String)
        if "id" in articles.columns
        else pl.Series("id", [None] * articles.height, dtype=pl.String)
    )
    return TermMatrix(
        ids=ids.rename("id"),
        outlets=articles["outlet"].cast(pl.String).fill_null("unknown").rename("outlet"),
        terms=terms.rename("term"),
        counts=counts,
        words=given.to_numpy().astype(np.int64),
        ngram_range=(int(ngram_range[0]), int(ngram_range[1])),
    )
