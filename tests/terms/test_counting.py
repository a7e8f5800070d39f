"""The term analyzer and per-outlet term counts (analysis.terms.counting)."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import build_articles

from analysis.clean import SENTENCES
from analysis.errors import FramelensError
from analysis.terms import (
    TERM_COUNTS,
    analyze,
    article_similarity,
    counting,
    distinctive_terms,
    make_analyzer,
    outlet_similarity,
    outlet_term_counts,
)
from analysis.terms.counting import term_of_word
from analysis.tokens import words


def test_stop_words_and_numbers_are_not_terms():
    terms = analyze("The army took 93% of the city in 2016, and 8,500 people left.")
    assert sorted(terms) == ["army", "army took", "city", "left", "people", "people left", "took"]


def test_words_are_lowercased_with_straight_apostrophes():
    assert analyze("Syria’s") == ["syria's"]
    assert analyze("Syria's") == ["syria's"]
    assert analyze("MILITANT-HELD") == ["militant-held"]


def test_capitalised_stop_words_are_kept_as_acronyms():
    assert analyze("US forces") == ["US", "forces", "US forces"]
    assert analyze("WHO said") == ["WHO", "said", "WHO said"]
    assert analyze("us forces") == ["forces"]
    assert analyze("A") == []


def test_phrases_do_not_span_a_removed_stop_word():
    assert sorted(analyze("city of Aleppo")) == ["aleppo", "city"]
    assert "human rights" in analyze("Syrian Observatory for Human Rights")
    assert "syrian observatory" in analyze("Syrian Observatory for Human Rights")
    assert "observatory human" not in analyze("Syrian Observatory for Human Rights")


def test_phrases_do_not_span_punctuation_or_line_breaks():
    assert sorted(analyze("Aleppo, Idlib")) == ["aleppo", "idlib"]
    assert sorted(analyze("Aleppo. Idlib")) == ["aleppo", "idlib"]
    assert sorted(analyze("“moderate opposition” militants")) == [
        "militants",
        "moderate",
        "moderate opposition",
        "opposition",
    ]
    assert sorted(analyze("Aleppo\nIdlib")) == ["aleppo", "idlib"]
    assert "russian defense" in analyze("Russian   Defense")


def test_phrases_of_up_to_three_words():
    assert sorted(analyze("Russian Defense Ministry spokesman")) == sorted(
        [
            "russian",
            "defense",
            "ministry",
            "spokesman",
            "russian defense",
            "defense ministry",
            "ministry spokesman",
            "russian defense ministry",
            "defense ministry spokesman",
        ]
    )
    assert make_analyzer((2, 2))("Russian Defense Ministry") == [
        "russian defense",
        "defense ministry",
    ]


def test_bad_ngram_range_is_a_user_error():
    with pytest.raises(FramelensError, match="ngram_range"):
        make_analyzer((0, 2))
    with pytest.raises(FramelensError, match="ngram_range"):
        make_analyzer((3, 2))


TEXT_PIECES = st.lists(
    st.sampled_from(
        [
            "Aleppo",
            "militants",
            "the",
            "of",
            "US",
            "Syria’s",
            "8,500",
            "so-called",
            "rebels",
            "93",
            "Army",
            "it's",
            " ",
            "  ",
            ", ",
            ". ",
            "\n",
            "“",
            "”",
            "(",
            ") ",
            "-",
            "\t",
        ]
    ),
    max_size=40,
).map(" ".join)


@given(TEXT_PIECES)
def test_single_words_are_the_project_words_in_term_form(text):
    expected = [term for term in map(term_of_word, words(text)) if term is not None]
    assert Counter(t for t in analyze(text) if " " not in t) == Counter(expected)


@given(TEXT_PIECES)
def test_every_phrase_is_consecutive_words_of_the_text(text):
    sequence = [term_of_word(word) for word in words(text)]
    for phrase in analyze(text):
        parts = phrase.split(" ")
        assert any(
            sequence[i : i + len(parts)] == parts for i in range(len(sequence) - len(parts) + 1)
        ), phrase


def _corpus(make_articles):
    return make_articles(
        {
            "a1": ("RT", "Militants fled Aleppo. Militants shelled the city."),
            "a2": ("RT", "The army retook Aleppo, and militants fled."),
            "b1": ("Press TV", "Terrorists fled Aleppo. The army advanced."),
            "c1": ("Sputnik", ""),
        }
    )


def test_counts_per_outlet(make_articles):
    counts = outlet_term_counts(_corpus(make_articles))
    table = counts.table()
    TERM_COUNTS.check(table)
    rows = {(outlet, term): (count, used) for outlet, term, _, count, used in table.iter_rows()}
    assert rows["RT", "militants"] == (3, 2)
    assert rows["RT", "militants fled"] == (2, 2)
    assert rows["RT", "militants fled aleppo"] == (1, 1)
    assert rows["Press TV", "fled aleppo"] == (1, 1)
    assert ("Press TV", "militants") not in rows
    assert counts.outlets == ("Press TV", "RT", "Sputnik")
    assert counts.articles.tolist() == [1, 2, 1]
    assert counts.words.tolist() == [6, 14, 0]


def test_totals_are_counted_before_pruning(make_articles):
    articles = _corpus(make_articles)
    everything = outlet_term_counts(articles)
    pruned = outlet_term_counts(articles, min_total_count=2)
    assert (pruned.totals == everything.totals).all()
    assert set(pruned.terms) == {
        "aleppo",
        "army",
        "fled",
        "fled aleppo",
        "militants",
        "militants fled",
    }
    rt_words = everything.table().filter(outlet="RT", words_in_term=1)["count"].sum()
    assert everything.totals[everything.outlets.index("RT"), 0] == rt_words


def test_missing_column_is_a_user_error(make_articles):
    with pytest.raises(FramelensError, match="clean_text"):
        outlet_term_counts(_corpus(make_articles).drop("clean_text"))
    with pytest.raises(FramelensError, match="batch_size"):
        outlet_term_counts(_corpus(make_articles), batch_size=0)


def test_batch_size_one_equals_one_batch(make_articles):
    articles = _corpus(make_articles)
    one_batch = outlet_term_counts(articles, batch_size=len(articles))
    batch_of_one = outlet_term_counts(articles, batch_size=1)
    assert one_batch.table().equals(batch_of_one.table())
    assert (one_batch.totals == batch_of_one.totals).all()
    assert (one_batch.words == batch_of_one.words).all()


ARTICLE_TEXTS = st.lists(
    st.tuples(st.sampled_from(["RT", "Press TV", "Sputnik"]), TEXT_PIECES), min_size=1, max_size=12
)


@settings(max_examples=50, deadline=None)
@given(ARTICLE_TEXTS, st.integers(1, 13), st.integers(0, 2**16), st.integers(1, 3))
def test_batching_and_order_change_nothing(texts, batch_size, seed, min_total_count):
    articles = build_articles({f"x{i}": pair for i, pair in enumerate(texts)})
    shuffled = articles.sample(fraction=1.0, shuffle=True, seed=seed)
    reference = outlet_term_counts(articles, batch_size=len(texts), min_total_count=min_total_count)
    other = outlet_term_counts(shuffled, batch_size=batch_size, min_total_count=min_total_count)
    assert reference.table().equals(other.table())
    assert np.array_equal(reference.totals, other.totals)
    assert list(reference.terms) == list(other.terms)


def test_batches_merge_many_pieces(make_articles, monkeypatch):
    # A low merge point makes the running sums merge their pieces many times.
    monkeypatch.setattr(counting, "MERGE_NONZEROS", 50)
    rng = random.Random(7)
    vocabulary = [f"word{i}" for i in range(400)]
    texts = {
        f"a{i}": (f"outlet{i % 4}", " ".join(rng.choice(vocabulary) for _ in range(60)))
        for i in range(300)
    }
    articles = make_articles(texts)
    assert (
        outlet_term_counts(articles, batch_size=7)
        .table()
        .equals(outlet_term_counts(articles, batch_size=300).table())
    )


@pytest.mark.parametrize(
    "texts",
    [{}, {"x": ("A", ""), "y": ("B", "The 2016 of it.")}],
    ids=["no articles", "no terms"],
)
def test_corpora_without_terms_give_empty_tables(texts):
    articles = build_articles(texts)
    no_sentences = SENTENCES.empty()
    assert outlet_term_counts(articles).table().is_empty()
    assert distinctive_terms(articles).is_empty()
    assert article_similarity(articles, no_sentences).is_empty()
    assert outlet_similarity(articles).is_empty()
