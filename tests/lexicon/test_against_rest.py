"""Each outlet against the rest (analysis.lexicon.against_rest, analysis.stats.against_rest):
a real gap between large outlets is found beside many small ones; chance gaps are not."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from scipy import stats as scipy_stats
from support import build_articles

from analysis.clean import split_sentences
from analysis.errors import FramelensError
from analysis.lexicon import AGAINST_REST, load_lexicon, term_against_rest, term_differences
from analysis.lexicon.matching import match_terms
from analysis.quotes import find_quotes
from analysis.stats import against_rest, benjamini_hochberg, binomial_two_sided

FILLER = ("The council of {place} met on {day} to talk about the budget for schools, roads "
          "and parks, and member {index} asked for a second vote on the plan.")
TERM = "Officials in {place} described the regime in a statement on {day}."
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _article(place: str, index: int, fillers: int, uses: int) -> str:
    """Filler sentences (28 words each, no lexicon term) and ``uses`` sentences with
    "regime", all different from each other."""
    sentences = [FILLER.format(place=place, day=DAYS[step % 5], index=index * 100 + step)
                 for step in range(fillers)]
    sentences += [TERM.format(place=place, day=DAYS[step % 5]) for step in range(uses)]
    return " ".join(sentences)


@pytest.fixture(scope="module")
def hundred_outlets():
    """Two large outlets and 98 small ones. Everyone uses "regime" about 5 times per 1,000
    words, except Large A, which uses it three times as often."""
    texts = {}
    for index in range(30):
        texts[f"a{index:02d}"] = ("Large A", _article("Aleppo", index, 7, 3))
        texts[f"b{index:02d}"] = ("Large B", _article("Bonn", index, 7, 1))
    for outlet in range(98):
        texts[f"s{outlet:02d}"] = (f"Small {outlet:02d}",
                                   _article(f"Town{outlet:02d}", outlet, 4, outlet % 2))
    articles = build_articles(texts)
    lexicon = load_lexicon(None)
    hits = match_terms(articles, split_sentences(articles), find_quotes(articles), lexicon)
    return articles, hits, lexicon


def test_a_planted_difference_is_found_among_a_hundred_outlets(hundred_outlets):
    articles, hits, lexicon = hundred_outlets
    table = term_against_rest(hits, articles, lexicon)
    AGAINST_REST.check(table)
    regime = table.filter(pl.col("term") == "regime")
    assert regime.height == 100
    found = regime.filter(pl.col("direction").is_not_null())
    assert found.select("outlet", "direction").rows() == [("Large A", "higher")]
    large_a = found.row(0, named=True)
    assert large_a["count"] == 90 and large_a["rest_count"] == 30 + 49
    # the one test over all outlets cannot tell: most outlets expect less than one use
    overall = term_differences(hits, articles, lexicon).filter(pl.col("term") == "regime")
    assert overall["too_small"].item()


def test_equal_rates_give_no_finding_among_a_hundred_outlets():
    texts = {f"o{outlet:03d}": (f"Outlet {outlet:03d}", _article(f"Place{outlet:03d}",
                                                                 outlet, 6, 1))
             for outlet in range(100)}
    articles = build_articles(texts)
    lexicon = load_lexicon(None)
    hits = match_terms(articles, split_sentences(articles), find_quotes(articles), lexicon)
    table = term_against_rest(hits, articles, lexicon)
    assert table.filter(pl.col("term") == "regime").height == 100
    assert table["direction"].is_null().all()


def test_binomial_two_sided_matches_scipy_binomtest():
    for count, trials, share in [(3, 10, 0.2), (0, 40, 0.1), (17, 20, 0.5), (5, 5, 0.9)]:
        expected = scipy_stats.binomtest(count, trials, share).pvalue
        # scipy sums the outcomes as unlikely as the one seen; doubling the smaller tail is
        # the other usual two-sided rule: the same where the distribution is symmetric, and
        # never smaller than the one-sided tail
        got = float(binomial_two_sided(count, trials, share))
        one_sided = min(scipy_stats.binom.sf(count - 1, trials, share),
                        scipy_stats.binom.cdf(count, trials, share))
        assert one_sided <= got <= 1.0
        if share == 0.5:
            assert got == pytest.approx(expected)


def test_benjamini_hochberg_matches_the_step_up_rule():
    p = np.array([0.01, 0.04, 0.03, 0.005, 0.2])
    q = benjamini_hochberg(p)
    # sorted p: 0.005 0.01 0.03 0.04 0.2 -> times 5/rank: 0.025 0.025 0.05 0.05 0.2
    assert q.tolist() == pytest.approx([0.025, 0.05, 0.05, 0.025, 0.2])
    assert benjamini_hochberg([]).size == 0


def test_against_rest_compares_each_unit_with_the_sum_of_the_others():
    result = against_rest([[10, 0, 5]], [1000, 1000, 2000])
    assert result.rest_count.tolist() == [[5, 15, 10]]
    assert result.rest_words.tolist() == [[3000, 3000, 2000]]
    assert result.rate_ratio[0, 0] == pytest.approx((10 / 1000) / (5 / 3000))
    assert result.p_value[0, 0] == pytest.approx(binomial_two_sided(10, 15, 0.25))


def test_against_rest_needs_two_units():
    with pytest.raises(FramelensError):
        against_rest([[1]], [100])
