"""Rates, outlet differences and concordance lines (analysis.lexicon.rates, .concordance)."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import build_articles

from analysis.errors import FramelensError
from analysis.lexicon import load_lexicon
from analysis.lexicon.concordance import CONCORDANCE, concordance, kwic
from analysis.lexicon.defaults import MIN_ARTICLES_FOR_BOOTSTRAP
from analysis.lexicon.matching import match_terms
from analysis.lexicon.rates import (
    DIFFERENCES,
    RATES,
    framing_rates,
    narration_words,
    rate_intervals,
    term_differences,
)
from analysis.quotes import QUOTES, find_quotes
from analysis.stats import rate_interval
from analysis.tokens import words

LEXICON = load_lexicon()
TERMS = sum(len(category.term_names) for category in LEXICON.categories)


def no_quotes() -> pl.DataFrame:
    return QUOTES.empty()


def rates_of(texts: dict[str, tuple[str, str]], quotes: pl.DataFrame | None = None):
    articles = build_articles(texts)
    quotes = no_quotes() if quotes is None else quotes
    hits = match_terms(articles, None, quotes, LEXICON)
    rates = framing_rates(hits, articles, LEXICON, quotes)
    RATES.check(rates)
    return rates


def row(rates: pl.DataFrame, outlet: str, term: str) -> dict:
    [found] = rates.filter((pl.col("outlet") == outlet) & (pl.col("term") == term)).to_dicts()
    return found


def test_one_row_per_outlet_and_term_including_zero_counts():
    rates = rates_of({"a": ("RT", "Militants left."), "b": ("BBC", "Rebels left.")})
    assert rates.height == 2 * TERMS
    assert rates["outlet"].unique(maintain_order=True).to_list() == ["BBC", "RT"]
    never = row(rates, "RT", "rebel")
    assert never["count"] == 0 and never["rate_per_1000"] == 0.0
    assert never["ci_low"] == 0.0 and never["ci_high"] > 0  # an honest upper bound
    assert never["interval_method"] == "exact Poisson"


def test_rate_counts_per_thousand_words_with_the_words_stated():
    text = "Militants and more militants met terrorists. " + "word " * 94
    rates = rates_of({"a": ("RT", text)})
    militant = row(rates, "RT", "militant")
    assert militant["words"] == 100 and militant["articles"] == 1
    assert militant["count"] == 2 and militant["rate_per_1000"] == pytest.approx(20.0)
    assert militant["ci_low"] < 20.0 < militant["ci_high"]
    assert militant["articles_with_term"] == 1


def test_share_in_contrast_set_is_the_terms_part_of_its_set():
    rates = rates_of({"a": ("RT", "Militants, militants and terrorists. Civilians fled.")})
    assert row(rates, "RT", "militant")["share_in_contrast_set"] == pytest.approx(2 / 3)
    assert row(rates, "RT", "terrorist")["share_in_contrast_set"] == pytest.approx(1 / 3)
    assert row(rates, "RT", "rebel")["share_in_contrast_set"] == 0.0
    assert row(rates, "RT", "militant")["contrast_set"] == "naming_the_armed_groups"
    assert row(rates, "RT", "civilian")["share_in_contrast_set"] is None  # no contrast set
    assert row(rates, "RT", "liberate")["share_in_contrast_set"] is None  # set never used


def test_narration_rate_divides_by_words_outside_quotations():
    text = 'Militants left. "Terrorists and militants stay," he said.'
    articles = build_articles({"a": ("RT", text)})
    quotes = find_quotes(articles)
    assert quotes["kind"].to_list() == ["quotation"]
    words = narration_words(articles, quotes)
    assert words.row(0, named=True)["narration_words"] == 4  # Militants left, he said
    rates = rates_of({"a": ("RT", text)}, quotes)
    militant = row(rates, "RT", "militant")
    assert (militant["count"], militant["narration_count"], militant["quoted_count"]) == (2, 1, 1)
    assert militant["narration_words"] == 4
    assert militant["narration_rate_per_1000"] == pytest.approx(1 / 4 * 1000)
    assert militant["rate_per_1000"] == pytest.approx(2 / 8 * 1000)


def test_bootstrap_over_articles_where_an_outlet_has_several():
    texts = {f"a{n}": ("RT", "Militants came. " * n + "Nothing else here today.") for n in range(6)}
    militant = row(rates_of(texts), "RT", "militant")
    assert militant["interval_method"] == "bootstrap over 6 articles"
    assert militant["articles_with_term"] == 5 and militant["articles"] == 6
    assert militant["ci_low"] < militant["rate_per_1000"] < militant["ci_high"]


def test_term_differences_warn_when_counts_are_too_small():
    articles = build_articles(
        {
            "a": ("RT", "Militants " * 40 + "word " * 60),
            "b": ("BBC", "Rebels " * 40 + "word " * 60),
        }
    )
    hits = match_terms(articles, None, None, LEXICON)
    table = term_differences(hits, articles, LEXICON)
    DIFFERENCES.check(table)
    assert table.height == TERMS
    [militant] = table.filter(pl.col("term") == "militant").to_dicts()
    assert militant["df"] == 1 and militant["g2"] > 40 and militant["p_value"] < 1e-9
    assert not militant["too_small"] and militant["caveat"] is None
    [jihadist] = table.filter(pl.col("term") == "jihadist").to_dicts()
    assert jihadist["caveat"] == "no outlet uses this term"
    tiny = build_articles({"a": ("RT", "Militants left."), "b": ("BBC", "Rebels left.")})
    small = term_differences(match_terms(tiny, None, None, LEXICON), tiny, LEXICON)
    [rebel] = small.filter(pl.col("term") == "rebel").to_dicts()
    assert rebel["too_small"] and rebel["caveat"].startswith("counts too small to tell")


def test_term_differences_with_one_outlet_say_there_is_nothing_to_compare():
    articles = build_articles({"a": ("RT", "Militants left.")})
    table = term_differences(match_terms(articles, None, None, LEXICON), articles, LEXICON)
    assert set(table["caveat"]) == {"only one outlet: nothing to compare"}
    assert table["g2"].null_count() == table.height


def test_concordance_shows_width_words_each_side():
    text = "one two three four five six seven eight nine militants ten eleven twelve thirteen."
    articles = build_articles({"a": ("RT", text)})
    lines = concordance(match_terms(articles, None, None, LEXICON), articles, width=3)
    CONCORDANCE.check(lines)
    [line] = lines.to_dicts()
    assert (line["left"], line["match"], line["right"]) == (
        "seven eight nine",
        "militants",
        "ten eleven twelve",
    )
    assert text[line["start"] : line["end"]] == "militants"


def test_concordance_at_the_edges_and_across_lines():
    text = "Rebels\n\nsaid   “militants”"
    articles = build_articles({"a": ("RT", text)})
    lines = concordance(match_terms(articles, None, None, LEXICON), articles)
    assert lines.select("left", "match", "right").rows() == [
        ("", "Rebels", "said “militants”"),
        ("Rebels said “", "militants", "”"),
    ]


def test_kwic_finds_every_form_of_a_lexicon_term():
    articles = build_articles(
        {"a": ("RT", "They liberated it. The liberation came."), "b": ("BBC", "Liberating towns.")}
    )
    lines = kwic("liberated", articles, LEXICON, width=2)
    CONCORDANCE.check(lines)
    assert lines.select("outlet", "term", "match").rows() == [
        ("BBC", "liberate", "Liberating"),
        ("RT", "liberate", "liberated"),
        ("RT", "liberate", "liberation"),
    ]
    assert lines["voice"].null_count() == 3


def test_kwic_matches_any_literal_phrase_and_gives_voice_with_quotes():
    text = 'The Old City fell. "The old city is free," he said.'
    articles = build_articles({"a": ("RT", text)})
    lines = kwic("old city", articles, LEXICON, quotes=find_quotes(articles))
    assert lines.select("match", "voice").rows() == [
        ("Old City", "narration"),
        ("old city", "quoted"),
    ]
    with pytest.raises(FramelensError, match="not a word or phrase"):
        kwic("“”", articles, LEXICON)


def test_custom_lexicon_works_end_to_end(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        """\
[lexicon]
name = "sanctions"
version = "0.1"

[categories.pressure]
title = "Pressure"
description = "How a measure is named. A sanction sounds lawful; a blockade does not."
terms = ["sanction", "blockade", { term = "embargo", forms = ["embargoes"] }]

[categories.pressure.contrast_sets]
naming_the_measure = ["sanction", "blockade", "embargo"]
""",
        encoding="utf-8",
    )
    lexicon = load_lexicon(path)
    articles = build_articles(
        {
            "a": ("RT", "The blockade and the embargoes. “Sanctions are illegal,” he said."),
            "b": ("BBC", "New sanctions were agreed."),
        }
    )
    quotes = find_quotes(articles)
    hits = match_terms(articles, None, quotes, lexicon)
    assert hits.select("id", "term", "voice").rows() == [
        ("a", "blockade", "narration"),
        ("a", "embargo", "narration"),
        ("a", "sanction", "quoted"),
        ("b", "sanction", "narration"),
    ]
    rates = framing_rates(hits, articles, lexicon, quotes)
    RATES.check(rates)
    assert rates.height == 2 * 3
    assert row(rates, "RT", "blockade")["share_in_contrast_set"] == pytest.approx(1 / 3)
    assert row(rates, "BBC", "sanction")["share_in_contrast_set"] == 1.0
    assert math.isclose(row(rates, "BBC", "sanction")["rate_per_1000"], 1 / 4 * 1000)
    differences = term_differences(hits, articles, lexicon)
    assert differences["term"].to_list() == ["sanction", "blockade", "embargo"]
    assert kwic("embargo", articles, lexicon)["match"].to_list() == ["embargoes"]


def test_seed_rates_give_sputnik_an_upper_bound_for_rebel(seed_articles):
    quotes = find_quotes(seed_articles)
    hits = match_terms(seed_articles, None, quotes, LEXICON)
    rates = framing_rates(hits, seed_articles, LEXICON, quotes)
    RATES.check(rates)
    rebel = row(rates, "Sputnik", "rebel")
    assert rebel["count"] == 0 and rebel["ci_high"] > 0
    militant = row(rates, "Press TV", "militant")
    assert (militant["count"], militant["narration_count"], militant["quoted_count"]) == (16, 13, 3)
    assert militant["words"] == seed_articles.filter(pl.col("outlet") == "Press TV")["words"][0]
    assert militant["narration_words"] < militant["words"]



def test_narration_words_made_batch_by_batch_give_the_same_rates(seed_articles):
    quotes = find_quotes(seed_articles)
    hits = match_terms(seed_articles, None, quotes, LEXICON)
    expected = framing_rates(hits, seed_articles, LEXICON, quotes)
    per_batch = pl.concat(
        narration_words(batch, quotes.filter(pl.col("id").is_in(batch["id"].implode())))
        for batch in seed_articles.iter_slices(2)
    )
    assert per_batch.height == seed_articles.height
    # Neither the quotations nor the texts are read when the narration words are given.
    without_text = seed_articles.with_columns(clean_text=pl.lit(None, pl.String))
    given = framing_rates(hits, without_text, LEXICON, None, narration=per_batch)
    assert given.equals(expected)
    assert given["narration_words"].sum() < given["words"].sum()

def test_batched_intervals_equal_rate_interval_term_by_term():
    rng = np.random.default_rng(3)
    words = rng.integers(0, 400, size=9).astype(float)
    counts = rng.poisson(0.8, size=(6, 9)).astype(float)
    counts[4] = 0  # a term never used: the bootstrap collapses, Poisson takes over
    counts[5] = 0
    counts[5, 2] = 7 if words[2] else 0
    batched = rate_intervals(counts, words)
    assert batched == [
        rate_interval(row, words, 0.95, MIN_ARTICLES_FOR_BOOTSTRAP) for row in counts
    ]
    assert batched[4][2] == "exact Poisson"
    few = rate_intervals(counts[:, :3], words[:3])
    assert {method for _, _, method in few} == {"exact Poisson"}
    assert few == [
        rate_interval(row, words[:3], 0.95, MIN_ARTICLES_FOR_BOOTSTRAP) for row in counts[:, :3]
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["militants", "rebels", "x", "8,500", "Syria’s", "-", " ", "\n\n", "“", "."]
        ),
        max_size=60,
    ).map("".join),
    st.integers(0, 5),
)
def test_context_holds_exactly_the_nearest_words(text, width):
    articles = build_articles({"a": ("RT", text)})
    lines = concordance(match_terms(articles, None, None, LEXICON), articles, width)
    for left, right, start, end in lines.select("left", "right", "start", "end").iter_rows():
        assert words(left) == (words(text[:start])[-width:] if width else [])
        assert words(right) == words(text[end:])[:width]
