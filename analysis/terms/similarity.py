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
see :mod:`analysis.terms.pairs`), can reach the floor; of those, only the ones whose upper
bound reaches the floor are multiplied, so the work grows with the number of candidates, not
with the square of the corpus (a generated 1 GB corpus: 21 s instead of 471 s). The cosines
are summed exactly as a product of all articles would sum them (over the terms the two share,
in alphabetical order), so the table is the same bit for bit. The higher the floor, the fewer
the candidates.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

from analysis.errors import FramelensError
from analysis.schema import Column, Schema
from analysis.terms.counting import (
    OutletTermCounts,
    check_matrix,
    outlet_term_counts,
    require_columns,
)
from analysis.terms.defaults import (
    DEFAULT_NGRAM_RANGE,
    MOST_ALIKE,
    NEAR_COPY_COSINE,
    NEAR_COPY_SHARE,
    SIMILARITY_FLOOR,
)
from analysis.terms.matrix import TermMatrix, term_matrix
from analysis.terms.pairs import _most_alike, _pairs_above, _with_cosines
from analysis.terms.shared_sentences import _shared_sentences, sentence_keys
from analysis.terms.vectors import unit_vectors

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
