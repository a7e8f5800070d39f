"""Choosing the packs that fit a corpus from its clean texts (analysis.lexicon.fit)."""

from __future__ import annotations

import json

import polars as pl
import pytest
from support import PROJECT

from analysis.lexicon import MIN_ANCHOR_SHARE, PACK_FIT, choose_lexicon, fit_packs, list_packs

POLNEAR = PROJECT.parent / "shared" / "corpora" / "polnear-dev" / "articles.jsonl"

ELECTION_NEWS = [
    "Senator Cruz won the Iowa caucus on Monday night, beating Donald Trump by four points "
    "among evangelical voters.",
    "Hillary Clinton leads Bernie Sanders by 20 points in the latest New Hampshire poll, but "
    "her campaign is bracing for a close primary.",
    "Republican party officials said the nominee would be chosen at a contested convention if "
    "no candidate wins a majority of delegates.",
    "Turnout in the South Carolina primary broke records, the state election commission said.",
    "Trump's campaign spent heavily on television ads in Florida ahead of the March 15 vote; "
    "the ads attacked Senator Rubio's record on immigration.",
]


def used(table: pl.DataFrame) -> list[str]:
    return table.filter(pl.col("used"))["pack"].to_list()


def test_fit_chooses_syria_and_general_on_the_seeds(seed_articles):
    table = fit_packs(seed_articles["clean_text"].to_list())
    assert table.columns == PACK_FIT.names
    assert used(table) == ["syria", "general"]
    syria = table.row(by_predicate=pl.col("pack") == "syria", named=True)
    assert syria["articles_with_anchor"] == 5 and syria["share"] == 1.0
    assert "5 of 5 articles (100%)" in syria["reason"]
    # conflict fits too, but syria covers its topic, so it is left out and says so.
    conflict = table.row(by_predicate=pl.col("pack") == "conflict", named=True)
    assert not conflict["used"] and "syria covers its topic" in conflict["reason"]
    assert set(table["pack"]) == {pack.name for pack in list_packs()}


def test_fit_chooses_elections_and_not_syria_on_election_news():
    table = fit_packs(ELECTION_NEWS)
    assert "syria" not in used(table) and "elections" in used(table)
    assert "general" in used(table)
    syria = table.row(by_predicate=pl.col("pack") == "syria", named=True)
    assert syria["reason"].startswith("0 of 5 articles (0%)")
    assert f"under the {MIN_ANCHOR_SHARE:.0%} needed" in syria["reason"]


def test_one_article_in_five_mentioning_syria_is_enough_and_none_is_not():
    with_syria = [*ELECTION_NEWS[:4], "Clinton said the war in Syria needs a no-fly zone."]
    assert "syria" in used(fit_packs(with_syria))
    assert "syria" not in used(fit_packs([*ELECTION_NEWS, *ELECTION_NEWS[:1]] + [""]))


def test_fit_is_deterministic_and_handles_an_empty_corpus():
    assert fit_packs(ELECTION_NEWS).equals(fit_packs(list(ELECTION_NEWS)))
    assert used(fit_packs([])) == ["general"]


def test_a_request_replaces_fit_and_extend_adds_to_it(seed_articles):
    texts = seed_articles["clean_text"].to_list()
    named = choose_lexicon(["general", "immigration"], texts)
    assert [path.stem for path in named.files] == ["general", "immigration"]
    assert used(named.fit) == ["general", "immigration"]
    assert "not named by --lexicon" in named.fit.row(
        by_predicate=pl.col("pack") == "syria", named=True)["reason"]
    extended = choose_lexicon("immigration", texts, extend=True)
    assert [path.stem for path in extended.files] == ["syria", "general", "immigration"]


def test_fit_leaves_syria_out_of_us_election_news_from_polnear():
    if not POLNEAR.is_file():
        pytest.skip(f"development corpus not found at {POLNEAR} (needs ../shared beside the repo)")
    texts = [json.loads(line)["text"] for line in POLNEAR.open(encoding="utf-8")]
    table = fit_packs(texts)
    assert "syria" not in used(table) and "conflict" not in used(table)
    assert "elections" in used(table)
