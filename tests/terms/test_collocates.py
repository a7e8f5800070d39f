"""Collocates of lexicon terms (analysis.terms.collocates)."""

from __future__ import annotations

import importlib
import math
import re

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import build_articles

from analysis.errors import FramelensError
from analysis.terms import COLLOCATES, collocates, outlet_term_counts

RT_TEXT = (
    "militants shelled homes in Aleppo and militants shelled schools near Aleppo "
    "while army units shelled nothing at all today"
)
PRESS_TV_TEXT = (
    "Foreign militants crossed. Foreign militants fled the city on Monday, and much later "
    "the foreign ministry said."
)


def _hits(articles: pl.DataFrame, pattern: str, term: str) -> pl.DataFrame:
    """A minimal HITS table: every match of ``pattern`` as a hit of ``term``."""
    rows = [
        {"id": article_id, "outlet": outlet, "term": term, "start": m.start(), "end": m.end()}
        for article_id, outlet, text in articles.select("id", "outlet", "clean_text").iter_rows()
        for m in re.finditer(pattern, text, flags=re.IGNORECASE)
    ]
    return pl.DataFrame(
        rows,
        schema={
            "id": pl.String,
            "outlet": pl.String,
            "term": pl.String,
            "start": pl.Int64,
            "end": pl.Int64,
        },
    )


def test_collocates_agree_with_a_hand_count(make_articles):
    articles = make_articles({"rt1": ("RT", RT_TEXT)})
    table = collocates(articles, _hits(articles, r"\bmilitants\b", "militants"))
    COLLOCATES.check(table)
    # Nodes are words 0 and 6; their windows hold words 1-5 and 1-11. "shelled" occurs 3
    # times, but the third (word 14) is 8 words from the nearest node; "aleppo" twice, both
    # near. "homes", "schools" and "near" occur once near a node (below min_count 2).
    assert table.select("collocate", "count", "term_count", "collocate_count", "rank").rows() == [
        ("aleppo", 2, 2, 2, 1),
        ("shelled", 2, 2, 3, 2),
    ]
    assert table["score"].to_list() == pytest.approx(
        [14 + math.log2(2 * 2 / (2 + 2)), 14 + math.log2(2 * 2 / (2 + 3))]
    )
    assert (table["measure"] == "logdice").all()


def test_each_outlet_has_its_own_collocates(make_articles):
    articles = make_articles({"rt1": ("RT", RT_TEXT), "ptv1": ("Press TV", PRESS_TV_TEXT)})
    table = collocates(articles, _hits(articles, r"\bmilitants\b", "militants"))
    press_tv = table.filter(outlet="Press TV")
    assert press_tv["collocate"].to_list() == ["foreign"]
    # "foreign" occurs 3 times in Press TV, twice within 5 words of "militants".
    assert press_tv.select("count", "term_count", "collocate_count").row(0) == (2, 2, 3)
    assert "foreign" not in table.filter(outlet="RT")["collocate"].to_list()


def test_window_is_counted_in_words_each_side(make_articles):
    text = "alpha bravo charlie delta echo NODE foxtrot golf hotel india juliet kilo"
    articles = make_articles({"a": ("RT", text), "b": ("RT", text)})
    hits = _hits(articles, r"NODE", "node")
    near = collocates(articles, hits, window=2)["collocate"].to_list()
    assert sorted(near) == ["delta", "echo", "foxtrot", "golf"]
    wide = collocates(articles, hits, window=5)["collocate"].to_list()
    assert sorted(wide) == [
        "alpha",
        "bravo",
        "charlie",
        "delta",
        "echo",
        "foxtrot",
        "golf",
        "hotel",
        "india",
        "juliet",
    ]


def test_stop_words_numbers_and_the_node_are_not_collocates(make_articles):
    text = "the so-called rebels of 2016 and the so-called rebels of Aleppo"
    articles = make_articles({"a": ("RT", text)})
    table = collocates(articles, _hits(articles, r"so-called", "so-called"), min_count=1)
    assert sorted(table["collocate"]) == ["aleppo", "rebels"]
    assert table.filter(collocate="rebels")["count"].item() == 2


def test_a_word_near_two_nodes_counts_once(make_articles):
    articles = make_articles({"a": ("RT", "militants shelled militants")})
    table = collocates(articles, _hits(articles, r"militants", "militants"), min_count=1)
    assert table.select("collocate", "count").rows() == [("shelled", 1)]


def test_multi_word_node(make_articles):
    text = "armed moderate opposition fighters left. armed moderate opposition fighters"
    articles = make_articles({"a": ("RT", text)})
    table = collocates(articles, _hits(articles, r"moderate opposition", "moderate opposition"))
    assert sorted(table["collocate"]) == ["armed", "fighters"]


def test_counts_made_once_can_be_reused(seed_articles):
    hits = _hits(seed_articles, r"\bmilitants?\b", "militants")
    counts = outlet_term_counts(seed_articles, min_total_count=2)
    assert collocates(seed_articles, hits, counts=counts).equals(collocates(seed_articles, hits))
    with pytest.raises(FramelensError, match="min_total_count=2"):
        collocates(seed_articles, hits, counts=outlet_term_counts(seed_articles, min_total_count=3))
    other = outlet_term_counts(seed_articles.filter(pl.col("id") != hits["id"][0]))
    with pytest.raises(FramelensError, match="not made from these articles"):
        collocates(seed_articles, hits, counts=other)


def test_hits_from_other_articles_are_a_user_error(make_articles):
    articles = make_articles({"a": ("RT", RT_TEXT)})
    hits = _hits(articles, r"militants", "militants").with_columns(id=pl.lit("zzz"))
    with pytest.raises(FramelensError, match="zzz"):
        collocates(articles, hits)
    with pytest.raises(FramelensError, match="'end'"):
        collocates(articles, hits.drop("end"))


def test_no_hits_give_an_empty_table(make_articles):
    articles = make_articles({"a": ("RT", RT_TEXT)})
    table = collocates(articles, _hits(articles, r"nothing-matches-this", "x"))
    COLLOCATES.check(table)
    assert table.is_empty()


def test_seeds_militants(seed_articles):
    table = collocates(seed_articles, _hits(seed_articles, r"\bmilitants?\b", "militants"))
    COLLOCATES.check(table)
    assert not table.is_empty()
    assert (table["count"] >= 2).all()
    assert (table["score"] <= 14).all()
    ranks = table.group_by("outlet", "term").agg(pl.col("rank").max(), pl.len())
    assert (ranks["rank"] == ranks["len"]).all()
    assert (ranks["len"] <= 10).all()


def test_nearby_words_of_batches_add_up_to_the_whole(seed_articles):
    from analysis.terms.collocates import NEARBY, nearby_words

    hits = _hits(seed_articles, r"\b(?:militants?|terrorists?|rebels?)\b", "militant")
    whole = nearby_words(seed_articles, hits)
    NEARBY.check(whole)
    assert whole["count"].sum() > 20
    parts = [
        nearby_words(batch, hits.filter(pl.col("id").is_in(batch["id"].implode())))
        for batch in seed_articles.iter_slices(2)
    ]
    summed = (
        pl.concat(parts)
        .group_by("outlet", "term", "collocate")
        .agg(pl.col("count").sum())
        .sort("outlet", "term", "collocate")
    )
    assert summed.equals(whole.sort("outlet", "term", "collocate"))
    assert collocates(seed_articles, hits, nearby=pl.concat(parts)).equals(
        collocates(seed_articles, hits)
    )


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["militants", "rebels", "army", "x" * 70, "8,500", "the", "-", " ", "  ", "\n\n",
             "“", ".", "Syria’s", "shelled"]
        ),
        max_size=80,
    ).map("".join),
    st.integers(0, 200),
)
def test_reading_stretches_around_hits_counts_as_reading_whole_articles(text, reach):
    # the module (analysis.terms.collocates is also the name of its main function)
    module = importlib.import_module("analysis.terms.collocates")

    articles = build_articles({"a": ("RT", text), "b": ("RT", "militants " + text)})
    hits = _hits(articles, r"\b(?:militants|rebels)\b", "militant")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, "EXCERPT_REACH", 10**9)  # every stretch is the whole article
        whole = module.nearby_words(articles, hits).sort("outlet", "term", "collocate")
        patch.setattr(module, "EXCERPT_REACH", reach)
        stretches = module.nearby_words(articles, hits).sort("outlet", "term", "collocate")
    assert stretches.equals(whole)


def test_collocates_read_only_the_hit_columns_they_declare(seed_articles):
    # the pipeline reads only HIT_COLUMNS of the stored hits for collocates
    from analysis.clean import split_sentences
    from analysis.lexicon import load_lexicon, match_terms
    from analysis.quotes import find_quotes
    from analysis.terms.collocates import HIT_COLUMNS

    hits = match_terms(seed_articles, split_sentences(seed_articles), find_quotes(seed_articles),
                       load_lexicon())
    assert set(HIT_COLUMNS) < set(hits.columns)
    whole = collocates(seed_articles, hits, min_count=1)
    assert whole.height > 10
    assert collocates(seed_articles, hits.select(HIT_COLUMNS), min_count=1).equals(whole)
