"""framelens lexicon sample: a seeded sample of hits, stratified by term and outlet."""

from __future__ import annotations

import csv

import polars as pl
import pytest
from support import build_articles

from analysis.lexicon import concordance, load_lexicon, match_terms
from analysis.validation import SAMPLE, sample_hits, write_sample
from analysis.validation.sampling import unguard

TEXTS = {
    "rt-1": ("RT", "Militants shelled the district. The militants then withdrew. "
                   "Terrorists fired at the corridor. Militants held the bridge."),
    "rt-2": ("RT", "Militants blocked the road, and the militants fired again."),
    "bbc-1": ("BBC", "Rebels shelled the district. The militants said they had withdrawn. "
                     "Rebels held the bridge."),
    "bbc-2": ("BBC", "The militants blocked the road. Militants and rebels fired again."),
    "aj-1": ("Al Jazeera", "The militants shelled the district, and militants withdrew."),
}


@pytest.fixture(scope="module")
def lines():
    articles = build_articles(TEXTS)
    hits = match_terms(articles, None, None, load_lexicon())
    return concordance(hits, articles, 12)


def test_sample_spreads_a_terms_hits_over_the_outlets(lines):
    sample = sample_hits(lines, per_term=3, seed=1)
    SAMPLE.check(sample)
    militants = sample.filter(pl.col("term") == "militant")
    # Three outlets use "militant" (RT 5 times, BBC 2, Al Jazeera 2): one hit from each.
    assert sorted(militants["outlet"].to_list()) == ["Al Jazeera", "BBC", "RT"]
    assert set(sample["relevant"].to_list()) == {""}


def test_sample_takes_every_hit_of_a_rare_term(lines):
    sample = sample_hits(lines, per_term=5, seed=0)
    assert sample.filter(pl.col("term") == "terrorist").height == 1
    assert sample.filter(pl.col("term") == "rebel").height == 3
    assert sample.filter(pl.col("term") == "militant").height == 5


def test_same_seed_same_sample_and_another_seed_another(lines):
    first = sample_hits(lines, per_term=2, seed=7)
    assert first.equals(sample_hits(lines, per_term=2, seed=7))
    others = [sample_hits(lines, per_term=2, seed=seed) for seed in range(8)]
    assert any(not other.equals(first) for other in others)


def test_a_terms_sample_does_not_depend_on_the_other_terms(lines):
    whole = sample_hits(lines, per_term=2, seed=3).filter(pl.col("term") == "militant")
    alone = sample_hits(lines.filter(pl.col("term") == "militant"), per_term=2, seed=3)
    assert whole.equals(alone)


def test_sampled_offsets_point_at_the_match(lines):
    texts = dict(zip(build_articles(TEXTS)["id"], build_articles(TEXTS)["clean_text"],
                     strict=True))
    for row in sample_hits(lines, per_term=10).iter_rows(named=True):
        assert texts[row["id"]][row["start"]:row["end"]] == row["match"]


def test_cells_a_spreadsheet_would_run_are_guarded(tmp_path):
    articles = build_articles({"=cmd|x": ("@Outlet", "-Militants held the bridge.")})
    hits = match_terms(articles, None, None, load_lexicon())
    sample = sample_hits(concordance(hits, articles, 12), per_term=5)
    path = write_sample(sample, tmp_path / "sample.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        row = next(csv.DictReader(handle))
    assert row["id"] == "'=cmd|x"
    assert row["outlet"] == "'@Outlet"
    assert row["left"] == "'-"
    assert unguard(row["id"]) == "=cmd|x"
    assert unguard("'plain") == "'plain"
