"""Batches change nothing: partial counts, their merging, and the shared term matrix."""

from __future__ import annotations

import pickle
import random

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.terms import _articles, _batches, sentence_table

from analysis.errors import FramelensError
from analysis.terms import (
    OutletTermCounts,
    PartialCounts,
    TermMatrix,
    article_similarity,
    collocates,
    count_batch,
    distinctive_terms,
    merge_partials,
    merge_spilled,
    outlet_similarity,
    outlet_term_counts,
    spill_batch,
    term_matrix,
)


def assert_same_partials(first: PartialCounts, second: PartialCounts) -> None:
    assert first.outlets == second.outlets
    assert first.terms.to_list() == second.terms.to_list()
    assert (first.counts != second.counts).nnz == 0
    assert (first.article_counts != second.article_counts).nnz == 0
    assert first.articles.tolist() == second.articles.tolist()
    assert first.words.tolist() == second.words.tolist()
    assert first.ngram_range == second.ngram_range


def assert_same_counts(first: OutletTermCounts, second: OutletTermCounts) -> None:
    assert first.table().equals(second.table())
    assert list(first.terms) == list(second.terms)
    assert np.array_equal(first.totals, second.totals)
    assert np.array_equal(first.articles, second.articles)
    assert np.array_equal(first.words, second.words)
    assert first.outlets == second.outlets
    assert first.min_total_count == second.min_total_count


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(0, 60), max_size=6),
    st.randoms(use_true_random=False),
    st.integers(1, 3),
)
def test_partials_merged_in_any_grouping_and_order_equal_one_count(cuts, rng, min_total_count):
    articles = _articles(60)
    partials = [count_batch(batch) for batch in _batches(articles, cuts)]
    rng.shuffle(partials)
    # Merge in a random tree: pick two neighbours, merge them, until one is left.
    pieces = list(partials)
    while len(pieces) > 1:
        i = rng.randrange(len(pieces) - 1)
        pieces[i : i + 2] = [pieces[i].merge(pieces[i + 1])]
    expected = outlet_term_counts(articles, min_total_count=min_total_count)
    assert_same_counts(
        OutletTermCounts.from_partials(pieces, min_total_count=min_total_count), expected
    )
    assert_same_counts(
        OutletTermCounts.from_partials(partials, min_total_count=min_total_count), expected
    )


def test_merge_is_associative_and_commutative():
    a, b, c = (count_batch(batch) for batch in _batches(_articles(90), [30, 60]))
    assert_same_partials(a.merge(b).merge(c), a.merge(b.merge(c)))
    assert_same_partials(a.merge(b), b.merge(a))
    assert_same_partials(merge_partials([c, a, b]), merge_partials([a, b, c]))
    assert_same_partials(merge_partials([a]), a)


def test_partials_survive_pickling():
    partial = count_batch(_articles(20))
    assert_same_partials(pickle.loads(pickle.dumps(partial)), partial)
    matrix = term_matrix(_articles(20))
    again = pickle.loads(pickle.dumps(matrix))
    assert again.terms.equals(matrix.terms)
    assert (again.counts != matrix.counts).nnz == 0


def test_partials_hold_int32_counts_and_finish_as_int64():
    partial = count_batch(_articles(20))
    assert partial.counts.dtype == np.int32
    counts = OutletTermCounts.from_partials([partial])
    assert counts.counts.dtype == np.int64
    assert counts.article_counts.dtype == np.int64


@pytest.mark.parametrize("batch_size", [1, 7, 50, 1000])
def test_term_matrix_does_not_depend_on_batches(batch_size):
    articles = _articles(50)
    whole = term_matrix(articles, batch_size=1000)
    batched = term_matrix(articles, batch_size=batch_size)
    assert batched.terms.to_list() == whole.terms.to_list()
    assert (batched.counts != whole.counts).nnz == 0
    assert batched.counts.has_canonical_format
    assert batched.ids.equals(whole.ids)
    assert batched.words.tolist() == whole.words.tolist()
    parts = [term_matrix(batch) for batch in _batches(articles, [10, 11, 40])]
    joined = TermMatrix.concat(parts)
    assert joined.terms.to_list() == whole.terms.to_list()
    assert (joined.counts != whole.counts).nnz == 0


@pytest.mark.parametrize("min_total_count", [1, 2, 3])
def test_counts_from_a_shared_matrix_equal_counts_made_alone(min_total_count):
    articles = _articles(80)
    matrix = term_matrix(articles)
    assert_same_counts(
        outlet_term_counts(articles, matrix=matrix, min_total_count=min_total_count),
        outlet_term_counts(articles, min_total_count=min_total_count),
    )


def test_every_table_is_the_same_with_a_shared_matrix(seed_articles, seed_sentences):
    matrix = term_matrix(seed_articles)
    counts = outlet_term_counts(seed_articles, min_total_count=2, matrix=matrix)
    alone = outlet_term_counts(seed_articles, min_total_count=2)
    assert_same_counts(counts, alone)
    assert distinctive_terms(seed_articles, counts=counts).equals(
        distinctive_terms(seed_articles, counts=alone)
    )
    assert outlet_similarity(seed_articles, counts=counts).equals(
        outlet_similarity(seed_articles, counts=alone)
    )
    hits = pl.DataFrame({"id": [seed_articles["id"][0]], "term": ["x"], "start": [0], "end": [5]})
    assert collocates(seed_articles, hits, counts=counts).equals(collocates(seed_articles, hits))
    assert article_similarity(seed_articles, seed_sentences, floor=0.01, matrix=matrix).equals(
        article_similarity(seed_articles, seed_sentences, floor=0.01)
    )


def test_a_matrix_of_other_articles_is_a_user_error():
    articles = _articles(30)
    matrix = term_matrix(articles)
    with pytest.raises(FramelensError, match="not made from these"):
        outlet_term_counts(articles.head(20), matrix=matrix)
    with pytest.raises(FramelensError, match="not made from these"):
        outlet_term_counts(articles.reverse(), matrix=matrix)
    with pytest.raises(FramelensError, match="ngram_range"):
        outlet_term_counts(articles, matrix=term_matrix(articles, ngram_range=(1, 1)))
    with pytest.raises(FramelensError, match="not made from these"):
        article_similarity(articles.head(20), sentence_table(articles), matrix=matrix)


def test_partials_of_different_phrase_lengths_do_not_merge():
    articles = _articles(10)
    with pytest.raises(FramelensError, match="ngram_range"):
        count_batch(articles).merge(count_batch(articles, ngram_range=(1, 1)))
    with pytest.raises(FramelensError, match="at least one"):
        merge_partials([])


def test_an_empty_batch_merges_as_nothing():
    articles = _articles(20)
    empty = count_batch(articles.head(0))
    assert empty.outlets == ()
    assert_same_partials(empty.merge(count_batch(articles)), count_batch(articles))


@pytest.mark.slow
def test_fakes_in_shuffled_batches_merge_to_the_same_counts(fakes_path):
    raw = pl.read_ndjson(fakes_path, infer_schema_length=None)
    fakes = raw.select("id", "outlet", clean_text="text")
    batches = _batches(fakes, list(range(97, fakes.height, 97)))
    random.Random(3).shuffle(batches)
    partials = [count_batch(batch) for batch in batches]
    assert_same_counts(
        OutletTermCounts.from_partials(partials, min_total_count=2),
        outlet_term_counts(fakes, min_total_count=2),
    )


@pytest.mark.parametrize("shards", [1, 3, 16])
def test_spilled_batches_merge_to_the_same_counts(tmp_path, shards):
    articles = _articles(90)
    pieces = [spill_batch(batch, tmp_path, shards) for batch in _batches(articles, [5, 40, 41, 77])]
    assert all(len(piece.files) == shards for piece in pieces)
    pieces = [pickle.loads(pickle.dumps(piece)) for piece in reversed(pieces)]
    for min_total_count in (1, 2):
        assert_same_counts(
            merge_spilled(pieces, min_total_count=min_total_count, remove=False),
            outlet_term_counts(articles, min_total_count=min_total_count),
        )
    merge_spilled(pieces)
    assert not list(tmp_path.iterdir())  # every file read once and removed


def test_spilled_counts_of_the_seeds(tmp_path, seed_articles):
    pieces = [spill_batch(seed_articles.slice(i, 2), tmp_path, 4) for i in range(0, 5, 2)]
    assert_same_counts(
        merge_spilled(pieces, min_total_count=2),
        outlet_term_counts(seed_articles, min_total_count=2),
    )
    with pytest.raises(FramelensError, match="at least one"):
        merge_spilled([])
