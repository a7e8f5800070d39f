"""Per-outlet attribution summaries (analysis.attribution.summary) and the attributions CSV."""

from __future__ import annotations

import polars as pl
import pytest
from support import build_articles

from analysis.attribution import (
    ATTRIBUTIONS_CSV_COLUMNS,
    OUTLET_ATTRIBUTIONS,
    SPEAKER_TYPE_COUNTS,
    SPEAKER_TYPES,
    TOP_SPEAKERS,
    VERB_CLASS_COUNTS,
    find_attributions,
    summarise_attributions,
    write_attributions_csv,
)
from analysis.clean import split_sentences
from analysis.quotes import find_quotes
from analysis.tokens import count_words


def summarise(texts: dict[str, tuple[str, str]]) -> dict[str, pl.DataFrame]:
    articles = build_articles(texts)
    quotes = find_quotes(articles)
    attributions = find_attributions(articles, split_sentences(articles), quotes)
    return summarise_attributions(attributions, articles, quotes)


SUMMARY_TEXTS = {
    "r1": ("RT", "“We will win,” the minister said. Militants claimed that the road was open."),
    "r2": ("RT", "It was reported that the convoy had been attacked."),
    "b1": ("BBC", "The weather in Aleppo was cold and dry on Monday."),
}


def test_summaries_read_only_the_columns_they_declare():
    from analysis.attribution.summary import SUMMARISED

    articles = build_articles(SUMMARY_TEXTS)
    quotes = find_quotes(articles)
    attributions = find_attributions(articles, split_sentences(articles), quotes)
    whole = summarise_attributions(attributions, articles, quotes)
    narrow = summarise_attributions(*(table.select(SUMMARISED[name]) for name, table in (
        ("attributions", attributions), ("articles", articles), ("quotes", quotes))))
    assert whole.keys() == narrow.keys()
    for name, table in whole.items():
        assert table.equals(narrow[name]), name
    assert whole["outlets"]["attributions"].sum() > 0


def test_summary_tables_follow_their_schemas_and_list_every_outlet():
    tables = summarise(SUMMARY_TEXTS)
    schemas = {
        "outlets": OUTLET_ATTRIBUTIONS,
        "speaker_types": SPEAKER_TYPE_COUNTS,
        "verb_classes": VERB_CLASS_COUNTS,
        "top_speakers": TOP_SPEAKERS,
    }
    for name, schema in schemas.items():
        schema.check(tables[name])
    assert tables["outlets"]["outlet"].to_list() == ["BBC", "RT"]
    assert tables["speaker_types"].height == 2 * len(SPEAKER_TYPES)
    assert tables["verb_classes"].height == 2 * len(SPEAKER_TYPES) * 3


def test_outlet_rates_and_shares():
    outlets = {row["outlet"]: row for row in summarise(SUMMARY_TEXTS)["outlets"].to_dicts()}
    rt, bbc = outlets["RT"], outlets["BBC"]
    words = count_words(SUMMARY_TEXTS["r1"][1]) + count_words(SUMMARY_TEXTS["r2"][1])
    assert rt["words"] == words and rt["attributions"] == 3
    assert rt["rate_per_1000"] == pytest.approx(3000 / words)
    assert rt["direct_share"] == pytest.approx(1 / 3)
    assert rt["anonymous_share"] == pytest.approx(1 / 3)
    assert rt["quoted_text_share"] == pytest.approx(3 / words)
    assert bbc["attributions"] == 0 and bbc["direct_share"] is None
    assert bbc["rate_per_1000"] == 0.0


def test_quoted_text_counts_outermost_quotes_article_by_article():
    texts = {
        "q1": ("RT", "Later, “We will ‘never’ leave,” the minister said."),  # nested: 4 words
        "q2": ("RT", "“Go home,” he said."),  # starts before q1's quote ends: 2 words
        "q3": ("BBC", "No quotes here."),
    }
    outlets = {row["outlet"]: row for row in summarise(texts)["outlets"].to_dicts()}
    words = count_words(texts["q1"][1]) + count_words(texts["q2"][1])
    assert outlets["RT"]["quoted_text_share"] == pytest.approx(6 / words)
    assert outlets["BBC"]["quoted_text_share"] == 0.0


def test_verb_class_by_speaker_type_and_top_speakers():
    tables = summarise(SUMMARY_TEXTS)
    classes = tables["verb_classes"].filter(pl.col("outlet") == "RT", pl.col("count") > 0)
    assert classes.select("speaker_type", "verb_class", "count").rows() == [
        ("official", "neutral", 1),
        ("armed_group", "doubt", 1),
        ("anonymous", "neutral", 1),
    ]
    top = tables["top_speakers"].filter(pl.col("outlet") == "RT")
    assert top["speaker_canonical"].to_list() == ["Militants", "minister"]
    assert top["rank"].to_list() == [1, 2]


def test_attributions_csv_has_the_documented_columns(tmp_path):
    articles = build_articles({"a": ("RT", "“We will win,” the minister said.")})
    table = find_attributions(articles, split_sentences(articles), find_quotes(articles))
    path = tmp_path / "data" / "attributions.csv"
    write_attributions_csv(table, path)
    written = pl.read_csv(path)
    assert tuple(written.columns) == ATTRIBUTIONS_CSV_COLUMNS
    assert written["speaker"].to_list() == ["the minister"]
