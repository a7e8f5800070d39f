"""Copies and reposts: how alike articles and outlets are, and which pairs are near-copies.

Articles are compared by the cosine of their TF-IDF vectors over the project's terms
(:func:`analysis.terms.analyze`: words and 2-3 word phrases; sublinear tf, smoothed idf over
the articles given). Because phrases are terms, two articles on the same event share words
but few phrases, while a copy shares both; near-copies stand well apart.

A pair is a *near-copy* when its cosine is at least ``NEAR_COPY_COSINE`` (0.8), or when at
least ``NEAR_COPY_SHARE`` (half) of the shorter article's sentences occur word for word in
the other (which catches one article pasted inside a longer page).

Finding the pairs above the floor does not multiply every article with every other: only
*candidate* pairs, which share a term of the indexed part of both vectors (prefix filtering,
see :class:`_Index`), can reach the floor; of those, only the ones whose upper bound reaches
the floor are multiplied, so the work grows with the number of candidates, not with the
square of the corpus (a generated 1 GB corpus: 21 s instead of 471 s). The cosines are summed
exactly as a product of all articles would sum them (over the terms the two share, in
alphabetical order), so the table is the same bit for bit. The higher the floor, the fewer
the candidates.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

from analysis.errors import FramelensError
from analysis.schema import Column, Schema
from analysis.terms.analyzer import DEFAULT_NGRAM_RANGE
from analysis.terms.counting import (
    OutletTermCounts,
    check_matrix,
    outlet_term_counts,
    require_columns,
)
from analysis.terms.matrix import TermMatrix, count_terms, term_matrix
from analysis.tokens import WORD_PATTERN

SIMILARITY_FLOOR = 0.6
"""Pairs of articles with a lower cosine are not listed (unless they are near-copies).

Below about 0.6, pairs of articles on the same events are common and their number grows with
the square of the corpus (at 0.3, FA-KES has 320 such pairs among 787 articles; a 100 MB corpus
spent a minute finding them); above it, pairs are rare and cheap to find."""

NEAR_COPY_COSINE = 0.8
"""A pair with at least this cosine is a near-copy."""

NEAR_COPY_SHARE = 0.5
"""A pair sharing at least this share of the shorter article's sentences is a near-copy."""

MIN_SENTENCE_WORDS = 5
"""Sentences with fewer words ("He said.", "Related:") are left out of sentence sharing."""

ROW_BLOCK = 1000
"""Articles compared with all others at a time, so no articles x articles matrix is made."""

MOST_ALIKE = 10
"""Each article's most alike partners kept, at most: a pair is listed when it is among the
ten most alike of either article (by cosine, then by order of the articles). Beyond, n
templated items that all look alike would give n^2/2 pairs."""

BOILERPLATE_ARTICLES = 100
"""A sentence found in more articles than this is boilerplate (a footer, a standard line),
not evidence that one article copies another: it is left out of shared sentences."""

SIMILARITY = Schema(
    "similarity",
    (
        Column("id_a", pl.String, "article id (the smaller of the two, in string order)"),
        Column("id_b", pl.String, "the other article's id"),
        Column("outlet_a", pl.String, "outlet of id_a"),
        Column("outlet_b", pl.String, "outlet of id_b"),
        Column("cosine", pl.Float64, "cosine of the two articles' TF-IDF vectors, 0-1"),
        Column(
            "shared_sentence_share",
            pl.Float64,
            "share (0-1) of the shorter article's sentences (of 5 words or more, distinct, "
            "compared ignoring case, spacing and quote style) that occur in the other; null "
            "when either article has no such sentence",
        ),
        Column("near_copy", pl.Boolean, "cosine >= 0.8 or shared_sentence_share >= 0.5"),
        Column("shared_sentences", pl.Int64, "number of such sentences the two share"),
    ),
)

OUTLET_SIMILARITY = Schema(
    "outlet_similarity",
    (
        Column("outlet_a", pl.String, "outlet name (the smaller of the two, in string order)"),
        Column("outlet_b", pl.String, "the other outlet"),
        Column(
            "cosine",
            pl.Float64,
            "cosine (0-1) of the outlets' TF-IDF vectors, each outlet's articles taken as one "
            "document (the same weights as the tfidf distinctive terms)",
        ),
    ),
)


def article_similarity(
    articles: pl.DataFrame,
    sentences: pl.DataFrame | None,
    *,
    threshold: float = NEAR_COPY_COSINE,
    share_threshold: float = NEAR_COPY_SHARE,
    floor: float = SIMILARITY_FLOOR,
    matrix: TermMatrix | None = None,
    keys: pl.DataFrame | None = None,
    vectors: sparse.csr_matrix | None = None,
) -> pl.DataFrame:
    """Pairs of similar articles and whether they are near-copies (``SIMILARITY``).

    ``articles`` is an ARTICLES table (``id``, ``outlet``, ``clean_text``); ``sentences`` a
    SENTENCES table (``id``, ``start``, ``end``: character offsets into clean_text), not read
    (and may be None) when ``keys`` are given.
    Listed: every pair with cosine >= ``floor`` (default 0.6) and every near-copy, i.e.
    cosine >= ``threshold`` (0.8) or shared_sentence_share >= ``share_threshold`` (0.5),
    that is among the ``MOST_ALIKE`` (10) most alike pairs of either of its articles (by cosine,
    then by the partner's position in ``articles``). Sentences found in more than
    ``BOILERPLATE_ARTICLES`` articles are not counted as shared.
    Sorted by cosine (highest first), then id_a and id_b. ``matrix`` (the
    :class:`TermMatrix` of these articles, from :func:`analysis.terms.term_matrix` with the
    default ngram_range) saves analysing the texts again, and ``keys`` (the
    :func:`sentence_keys` of these articles, made batch by batch) reading their sentences.
    ``vectors`` (:func:`comparison_vectors` of that matrix) replaces the matrix, so that a
    caller can let the matrix go before the vectors are indexed, the largest step. With a
    matrix or vectors and keys, ``clean_text`` is not read.
    """
    reads_texts = keys is None or (vectors is None and matrix is None)
    require_columns(
        articles, ("id", "outlet", "clean_text") if reads_texts else ("id", "outlet"), "articles"
    )
    if keys is None:
        if sentences is None:
            raise FramelensError("article_similarity needs the sentences or their keys")
        require_columns(sentences, ("id", "start", "end"), "sentences")
    for name, value in (
        ("threshold", threshold),
        ("share_threshold", share_threshold),
        ("floor", floor),
    ):
        if not 0 < value <= 1:
            raise FramelensError(f"{name} must be between 0 and 1 (e.g. 0.8); got {value}")
    duplicated = articles.filter(pl.col("id").is_duplicated())["id"].unique().sort()
    if duplicated.len():
        raise FramelensError(
            f"article ids must be unique to compare articles; {duplicated[0]!r} occurs more "
            "than once"
        )
    ids = articles["id"].to_list()
    outlets = articles["outlet"].fill_null("unknown").to_list()
    if len(ids) < 2:
        return SIMILARITY.empty()

    if vectors is None:
        if matrix is None:
            matrix = term_matrix(articles.select("id", "outlet", "clean_text"))
        vectors = comparison_vectors(matrix, articles)
        del matrix
    elif vectors.shape[0] != articles.height:
        raise FramelensError(
            f"article_similarity: {vectors.shape[0]} vectors for {articles.height} articles"
        )
    cosine_pairs = _pairs_above(vectors, min(floor, threshold))
    normalised = keys if keys is not None else sentence_keys(articles, sentences)
    sentence_counts = normalised.group_by("id").agg(sentences=pl.len().cast(pl.Int64))
    shared = _shared_sentences(normalised, sentence_counts)
    position = {article_id: index for index, article_id in enumerate(ids)}
    from_sentences = shared.filter(pl.col("shared_sentence_share") >= share_threshold)
    extra = [
        (position[a], position[b]) for a, b in from_sentences.select("id_a", "id_b").iter_rows()
    ]
    # Each pair once: one found both ways keeps its cosine from the block product.
    pairs = _most_alike(*_with_cosines(vectors, cosine_pairs, extra), MOST_ALIKE)
    table = (
        pl.DataFrame(
            {
                "first": [ids[i] for i in pairs[0]],
                "second": [ids[j] for j in pairs[1]],
                "cosine": pairs[2],
            },
            schema={"first": pl.String, "second": pl.String, "cosine": pl.Float64},
        )
        .select(
            id_a=pl.min_horizontal("first", "second"),
            id_b=pl.max_horizontal("first", "second"),
            cosine=pl.col("cosine").clip(0.0, 1.0),
        )
        .join(shared, on=["id_a", "id_b"], how="left")
        .join(
            sentence_counts.rename({"id": "id_a", "sentences": "sentences_a"}),
            on="id_a",
            how="left",
        )
        .join(
            sentence_counts.rename({"id": "id_b", "sentences": "sentences_b"}),
            on="id_b",
            how="left",
        )
    )
    has_sentences = (pl.col("sentences_a").fill_null(0) > 0) & (
        pl.col("sentences_b").fill_null(0) > 0
    )
    outlet_of = dict(zip(ids, outlets, strict=True))
    table = table.with_columns(
        shared_sentences=pl.col("shared_sentences").fill_null(0),
        shared_sentence_share=pl.when(has_sentences)
        .then(pl.col("shared_sentence_share").fill_null(0.0))
        .otherwise(None),
        outlet_a=pl.col("id_a").replace_strict(outlet_of, return_dtype=pl.String),
        outlet_b=pl.col("id_b").replace_strict(outlet_of, return_dtype=pl.String),
    ).with_columns(
        near_copy=(pl.col("cosine") >= threshold)
        | (pl.col("shared_sentence_share").fill_null(0.0) >= share_threshold)
    )
    return (
        table.filter((pl.col("cosine") >= floor) | pl.col("near_copy"))
        .sort(["cosine", "id_a", "id_b"], descending=[True, False, False])
        .select(SIMILARITY.names)
        .cast(SIMILARITY.polars_schema())
    )


def comparison_vectors(matrix: TermMatrix, articles: pl.DataFrame) -> sparse.csr_matrix:
    """The vectors :func:`article_similarity` compares, one row per article of ``articles``:
    TF-IDF of unit length over the terms of two articles or more (:func:`unit_vectors`).
    ``matrix`` is the :class:`TermMatrix` of these articles (default ngram_range); it is not
    needed once the vectors are made."""
    check_matrix(matrix, articles, DEFAULT_NGRAM_RANGE)
    return unit_vectors(matrix.counts, shared_only=True, single_uses=_single_uses(matrix))


def _single_uses(matrix: TermMatrix) -> np.ndarray | None:
    """Each article's uses of the terms pruned from ``matrix``, when every one of them is a
    term of that article alone, used once (pruning below 2 uses); None when nothing was
    pruned."""
    if matrix.min_total_count == 1:
        return None
    if matrix.min_total_count > 2:
        raise FramelensError(
            f"article similarity needs every term used twice or more; this term matrix was "
            f"pruned below {matrix.min_total_count} uses"
        )
    return matrix.dropped.sum(axis=1)


def outlet_similarity(
    articles: pl.DataFrame, *, counts: OutletTermCounts | None = None
) -> pl.DataFrame:
    """Cosine similarity of every pair of outlets (``OUTLET_SIMILARITY``).

    Each outlet's articles are taken as one document and weighted as in the tfidf
    distinctive terms (sublinear tf, smoothed idf over outlets, unit length). ``counts``
    reuses counts from :func:`outlet_term_counts`; by default all terms are counted (pruned
    counts give slightly different vector lengths). Sorted by cosine (highest first), then
    outlet names.
    """
    if counts is None:
        counts = outlet_term_counts(articles)
    if len(counts.outlets) < 2 or counts.terms.size == 0:
        return OUTLET_SIMILARITY.empty()
    weights = TfidfTransformer(sublinear_tf=True).fit_transform(counts.counts.astype(float))
    cosines = (weights @ weights.T).toarray()
    first, second = np.triu_indices(len(counts.outlets), k=1)
    names = np.asarray(counts.outlets, dtype=object)
    return pl.DataFrame(
        {
            "outlet_a": names[first].tolist(),
            "outlet_b": names[second].tolist(),
            "cosine": np.clip(cosines[first, second], 0.0, 1.0),
        },
        schema=OUTLET_SIMILARITY.polars_schema(),
    ).sort(["cosine", "outlet_a", "outlet_b"], descending=[True, False, False])


def article_vectors(texts: list[str]) -> sparse.csr_matrix:
    """(articles x terms) TF-IDF vectors of unit length: sublinear tf, smoothed idf.

    Terms are those of :func:`analyze`, in alphabetical order.
    """
    _, counts = count_terms(pl.Series(texts, dtype=pl.String))
    return unit_vectors(counts)


VECTOR_BLOCK = 20_000
"""Articles weighted at a time by :func:`unit_vectors`."""


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


PRUNE_FROM = 1_000_000
"""Pairs found beyond ``MOST_ALIKE`` per article before :func:`_pairs_above` drops the ones
that cannot be listed."""


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


CANDIDATE_BLOCK = 4_000_000
"""Candidate pairs looked at in one block of rows, at most (unless one row has more)."""


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


INDEX_BLOCK = 20_000
"""Rows whose indexed part is found at a time (the work arrays are a few times their size)."""


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


SENTENCE_KEYS = Schema(
    "sentence keys",
    (
        Column("id", pl.String, "article id"),
        Column("key", pl.UInt64, "64-bit hash of the sentence's normalised text"),
    ),
)


def sentence_keys(articles: pl.DataFrame, sentences: pl.DataFrame) -> pl.DataFrame:
    """Distinct (id, key) of every sentence of ``MIN_SENTENCE_WORDS`` words or more
    (``SENTENCE_KEYS``): what :func:`article_similarity` compares to find shared sentences.

    Text is lowercased, curly and angle quotes made straight and runs of spacing made
    one space, so copies that differ only in typography compare equal; each text is then
    hashed (polars' hash with a fixed seed: the same in every process of one polars
    version), so batches can be keyed in worker processes and only 8 bytes per sentence
    are kept. Two different sentences share a key with odds of about 1 in 10^19.
    """
    require_columns(sentences, ("id", "start", "end"), "sentences")
    text = pl.col("clean_text").str.slice(pl.col("start"), pl.col("end") - pl.col("start"))
    return (
        sentences.select("id", "start", "end")
        .join(articles.select("id", pl.col("clean_text").fill_null("")), on="id", how="inner")
        .select(
            "id",
            text=text.str.to_lowercase()
            .str.replace_all(r"[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]", '"')
            .str.replace_all(r"[\u2018\u2019\u201a\u201b\u2032`]", "'")
            .str.replace_all(r"\s+", " ")
            .str.strip_chars(),
        )
        .filter(pl.col("text").str.count_matches(WORD_PATTERN) >= MIN_SENTENCE_WORDS)
        .select("id", key=pl.col("text").hash(seed=_KEY_SEED))
        .unique(["id", "key"], maintain_order=True)
        .cast(SENTENCE_KEYS.polars_schema())
    )


_KEY_SEED = 20161213  # any fixed number: keys are only compared within one run


def _shared_sentences(normalised: pl.DataFrame, per_article: pl.DataFrame) -> pl.DataFrame:
    """(id_a, id_b, shared_sentences, shared_sentence_share) for pairs sharing a sentence.

    ``normalised`` comes from :func:`sentence_keys`, ``per_article`` counts its rows
    per id; the share is divided by the sentences of the article with fewer of them.
    """
    common = normalised.group_by("key").agg(articles=pl.len()).filter(
        pl.col("articles") > BOILERPLATE_ARTICLES
    )
    if common.height:
        normalised = normalised.join(common, on="key", how="anti")
    pairs = (
        normalised.join(normalised, on="key", suffix="_b")
        .filter(pl.col("id") < pl.col("id_b"))
        .group_by(id_a="id", id_b="id_b")
        .agg(shared_sentences=pl.len().cast(pl.Int64))
    )
    return (
        pairs.join(per_article.rename({"id": "id_a", "sentences": "n_a"}), on="id_a")
        .join(per_article.rename({"id": "id_b", "sentences": "n_b"}), on="id_b")
        .select(
            "id_a",
            "id_b",
            "shared_sentences",
            shared_sentence_share=pl.col("shared_sentences") / pl.min_horizontal("n_a", "n_b"),
        )
    )
