"""Checks of analysis.stats against independent calculations (scipy, tables, hand arithmetic)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize
from scipy import stats as scipy_stats

from analysis import stats
from analysis.errors import FramelensError
from analysis.stats import rates as rates_module


def scipy_g2(table: list[list[float]]) -> float:
    """G2 of a contingency table as scipy computes it (no continuity correction)."""
    g2, _, _, _ = scipy_stats.chi2_contingency(
        np.array(table, dtype=float), correction=False, lambda_="log-likelihood"
    )
    return float(g2)


# --- G2 -----------------------------------------------------------------------------------

TWO_BY_TWO = [
    # (count_a, total_a, count_b, total_b)
    (10, 1000, 20, 3000),
    (52, 4870, 3, 5120),
    (0, 1000, 12, 2000),  # a zero cell
    (7, 800, 7, 800),  # identical rates: G2 is 0
    (350, 120_000, 900, 250_000),
]


@pytest.mark.parametrize(("count_a", "total_a", "count_b", "total_b"), TWO_BY_TWO)
def test_g2_matches_scipy_log_likelihood_on_2x2_tables(count_a, total_a, count_b, total_b):
    table = [[count_a, total_a - count_a], [count_b, total_b - count_b]]
    g2 = stats.log_likelihood_g2(count_a, total_a, count_b, total_b)
    assert float(g2) == pytest.approx(scipy_g2(table), rel=1e-9, abs=1e-9)


def test_g2_is_vectorised_over_terms():
    columns = np.array(TWO_BY_TWO, dtype=float).T
    g2 = stats.log_likelihood_g2(*columns)
    expected = [scipy_g2([[a, ta - a], [b, tb - b]]) for a, ta, b, tb in TWO_BY_TWO]
    np.testing.assert_allclose(g2, expected, rtol=1e-9, atol=1e-9)


def test_g2_is_close_to_rayson_garside_two_cell_form_for_a_rare_word():
    a, total_a, b, total_b = 30.0, 50_000.0, 10.0, 60_000.0
    expected_a = total_a * (a + b) / (total_a + total_b)
    expected_b = total_b * (a + b) / (total_a + total_b)
    two_cell = 2 * (a * math.log(a / expected_a) + b * math.log(b / expected_b))
    assert float(stats.log_likelihood_g2(a, total_a, b, total_b)) == pytest.approx(
        two_cell, rel=1e-3
    )


def test_g2_is_zero_when_neither_corpus_uses_the_word():
    assert float(stats.log_likelihood_g2(0, 500, 0, 700)) == 0.0


def test_g2_p_value_is_chi_square_tail():
    assert float(stats.g2_p_value(3.841458820694124)) == pytest.approx(0.05)
    assert float(stats.g2_p_value(5.991464547107979, df=2)) == pytest.approx(0.05)
    assert float(stats.g2_p_value(0.0)) == 1.0


def test_g2_rejects_a_count_above_its_total():
    with pytest.raises(FramelensError, match="larger than its total"):
        stats.log_likelihood_g2(11, 10, 1, 10)


def test_g2_rejects_an_empty_corpus():
    with pytest.raises(FramelensError, match="greater than 0"):
        stats.log_likelihood_g2(0, 0, 1, 10)


# --- outlets differ (k x 2) ---------------------------------------------------------------

K_BY_TWO = [
    ([10, 20, 5], [1000, 1200, 900]),
    ([0, 14, 3, 9], [800, 1500, 600, 2000]),  # a zero cell
    ([40, 41], [5000, 5100]),
]


@pytest.mark.parametrize(("counts", "totals"), K_BY_TWO)
def test_outlets_differ_matches_scipy_on_k_by_2_tables(counts, totals):
    table = [[count, total - count] for count, total in zip(counts, totals, strict=True)]
    result = stats.outlets_differ(counts, totals)
    assert result.g2 == pytest.approx(scipy_g2(table), rel=1e-9)
    assert result.df == len(counts) - 1
    _, p_value, dof, expected = scipy_stats.chi2_contingency(
        np.array(table, dtype=float), correction=False, lambda_="log-likelihood"
    )
    assert result.p_value == pytest.approx(p_value, rel=1e-9)
    assert result.df == dof
    assert result.min_expected == pytest.approx(expected[:, 0].min())


def test_outlets_differ_many_equals_one_term_at_a_time():
    counts = np.array([[10, 20, 5], [0, 3, 1], [100, 90, 120]])
    totals = np.array([1000, 1200, 900])
    many = stats.outlets_differ_many(counts, totals)
    for row, term_counts in enumerate(counts):
        one = stats.outlets_differ(term_counts, totals)
        assert many.g2[row] == pytest.approx(one.g2)
        assert many.p_value[row] == pytest.approx(one.p_value)
        assert bool(many.too_small[row]) == one.too_small
    assert many.df == 2


def test_outlets_differ_with_two_outlets_equals_the_2x2_g2():
    result = stats.outlets_differ([52, 3], [4870, 5120])
    assert result.g2 == pytest.approx(float(stats.log_likelihood_g2(52, 4870, 3, 5120)))


def test_outlets_differ_flags_counts_too_small_to_tell():
    # 6 uses over three equal outlets: 2 expected in each, below 5.
    small = stats.outlets_differ([5, 1, 0], [1000, 1000, 1000])
    assert small.too_small
    assert small.min_expected == pytest.approx(2.0)
    large = stats.outlets_differ([30, 20, 25], [1000, 1000, 1000])
    assert not large.too_small


def test_outlets_differ_for_an_unused_term_is_no_evidence():
    result = stats.outlets_differ([0, 0, 0], [1000, 2000, 1500])
    assert result.g2 == 0.0
    assert result.p_value == 1.0
    assert result.too_small


def test_outlets_differ_needs_two_outlets():
    with pytest.raises(FramelensError, match="at least two outlets"):
        stats.outlets_differ([3], [100])


# --- Poisson intervals --------------------------------------------------------------------


def test_poisson_interval_matches_tabulated_values():
    # Garwood's exact 95% limits for the mean: 0 -> (0, 3.689), 10 -> (4.795, 18.39).
    # With 1,000 words the rate per 1,000 words equals the mean.
    low, high = stats.poisson_interval([0, 10], [1000, 1000])
    assert low[0] == 0.0
    assert high[0] == pytest.approx(3.689, abs=1e-3)
    assert low[1] == pytest.approx(4.795, abs=1e-3)
    assert high[1] == pytest.approx(18.39, abs=1e-2)


@pytest.mark.parametrize("count", [1, 3, 17, 250])
def test_poisson_interval_inverts_the_poisson_distribution(count):
    # The exact limits are the means at which the observed count sits in a 2.5% tail.
    lower_mean = optimize.brentq(
        lambda mu: scipy_stats.poisson.sf(count - 1, mu) - 0.025, 1e-9, 10 * count + 10
    )
    upper_mean = optimize.brentq(
        lambda mu: scipy_stats.poisson.cdf(count, mu) - 0.025, 1e-9, 10 * count + 10
    )
    low, high = stats.poisson_interval(count, 4000)
    assert float(low) == pytest.approx(lower_mean / 4, rel=1e-6)
    assert float(high) == pytest.approx(upper_mean / 4, rel=1e-6)


def test_poisson_interval_with_no_words_is_nan():
    low, high = stats.poisson_interval(0, 0)
    assert np.isnan(low) and np.isnan(high)


def test_poisson_interval_rejects_a_level_outside_zero_and_one():
    with pytest.raises(FramelensError, match="between 0 and 1"):
        stats.poisson_interval(3, 100, level=95)


def test_negative_counts_are_a_user_mistake():
    with pytest.raises(FramelensError, match="must not be negative"):
        stats.poisson_interval(-1, 100)


# --- bootstrap and the interval to report ---------------------------------------------------

COUNTS = [1, 4, 0, 3, 2, 6]
WORDS = [800, 950, 400, 700, 650, 1200]


def test_bootstrap_is_deterministic_for_a_seed():
    first = stats.bootstrap_rate_interval(COUNTS, WORDS, seed=7)
    assert stats.bootstrap_rate_interval(COUNTS, WORDS, seed=7) == first
    assert stats.bootstrap_rate_interval(COUNTS, WORDS, seed=8) != first


def test_bootstrap_contains_the_point_estimate():
    rate = sum(COUNTS) / sum(WORDS) * 1000
    low, high = stats.bootstrap_rate_interval(COUNTS, WORDS)
    assert low < rate < high


def test_bootstrap_narrows_as_articles_grow():
    low_few, high_few = stats.bootstrap_rate_interval(COUNTS, WORDS)
    low_many, high_many = stats.bootstrap_rate_interval(COUNTS * 4, WORDS * 4)
    # Four times the articles with the same spread: about half the width.
    assert (high_many - low_many) < 0.7 * (high_few - low_few)


def test_bootstrap_many_terms_share_resamples_with_the_single_term_version():
    counts = np.array([COUNTS, [0, 1, 0, 0, 2, 1]])
    low, high = stats.bootstrap_rate_intervals_many(counts, WORDS, seed=3)
    for row in range(2):
        assert (low[row], high[row]) == stats.bootstrap_rate_interval(counts[row], WORDS, seed=3)


def test_bootstrap_ignores_articles_without_words():
    with_empty = stats.bootstrap_rate_interval([*COUNTS, 0], [*WORDS, 0])
    assert with_empty == stats.bootstrap_rate_interval(COUNTS, WORDS)


def test_rate_interval_bootstraps_when_there_are_enough_articles():
    low, high, method = stats.rate_interval(COUNTS, WORDS)
    assert method == "bootstrap over 6 articles"
    assert (low, high) == stats.bootstrap_rate_interval(COUNTS, WORDS)


def test_rate_interval_uses_exact_poisson_for_few_articles():
    low, high, method = stats.rate_interval(COUNTS[:3], WORDS[:3])
    assert method == "exact Poisson"
    poisson_low, poisson_high = stats.poisson_interval(sum(COUNTS[:3]), sum(WORDS[:3]))
    assert (low, high) == (float(poisson_low), float(poisson_high))


def test_rate_interval_counts_only_articles_with_words():
    _, _, method = stats.rate_interval([1, 2, 0, 1, 0], [500, 600, 0, 700, 800])
    assert method == "exact Poisson"


def test_rate_interval_for_a_term_never_used_still_has_an_upper_bound():
    words = [800, 900, 1000, 700, 600, 500]
    low, high, method = stats.rate_interval([0] * 6, words)
    assert method == "exact Poisson"
    assert low == 0.0
    assert high == pytest.approx(3.689 / sum(words) * 1000, rel=1e-3)


def test_rate_interval_falls_back_when_every_article_has_the_same_rate():
    # Every resample gives exactly 10 per 1,000 words; that says nothing about counting noise.
    low, high, method = stats.rate_interval([1] * 5, [100] * 5)
    assert method == "exact Poisson"
    assert low < 10 < high


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 40), st.integers(1, 5000)).filter(lambda pair: pair[0] <= pair[1]),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from([0.8, 0.9, 0.95, 0.99]),
)
def test_intervals_contain_the_rate_and_never_go_below_zero(articles, level):
    counts = [count for count, _ in articles]
    words = [words for _, words in articles]
    rate = sum(counts) / sum(words) * 1000
    low, high, _ = stats.rate_interval(counts, words, level=level, resamples=500)
    assert 0 <= low <= rate <= high
    poisson_low, poisson_high = stats.poisson_interval(sum(counts), sum(words), level)
    assert 0 <= float(poisson_low) <= rate <= float(poisson_high)


# --- Log Ratio ------------------------------------------------------------------------------


def test_log_ratio_of_double_the_frequency_is_one():
    assert float(stats.log_ratio(20, 1000, 10, 1000, smoothing=0)) == pytest.approx(1.0)
    # Different corpus sizes: 30 in 3,000 words vs 5 in 1,000 is the same 2x.
    assert float(stats.log_ratio(30, 3000, 5, 1000, smoothing=0)) == pytest.approx(1.0)
    # With the default smoothing a large count is still almost exactly one doubling.
    assert float(stats.log_ratio(2000, 100_000, 1000, 100_000)) == pytest.approx(1.0, abs=1e-3)


def test_log_ratio_is_finite_when_one_corpus_never_uses_the_word():
    value = stats.log_ratio([5, 0], [1000, 1000], [0, 5], [1000, 1000])
    assert np.all(np.isfinite(value))
    assert value[0] == pytest.approx(-value[1])
    assert value[0] == pytest.approx(math.log2(5.5 / 0.5))


# --- log-odds with an informative Dirichlet prior -------------------------------------------


def test_log_odds_matches_a_hand_worked_example():
    focus, rest, prior = [3, 1, 0], [1, 2, 4], [1.0, 0.5, 0.5]
    delta, variance, z = stats.log_odds_dirichlet(focus, rest, prior)
    # Totals: n_focus = 4, n_rest = 7, alpha_0 = 2.
    # Term 0: focus y + a = 3 + 1 = 4, odds 4 / (4 + 2 - 4) = 2;
    #         rest  y + a = 1 + 1 = 2, odds 2 / (7 + 2 - 2) = 2 / 7.
    delta_0 = math.log(2.0) - math.log(2.0 / 7.0)  # = ln 7
    variance_0 = 1 / 4 + 1 / 2
    # Term 2: focus 0 + 0.5 = 0.5, odds 0.5 / 5.5; rest 4 + 0.5 = 4.5, odds 4.5 / 4.5 = 1.
    delta_2 = math.log(0.5 / 5.5) - math.log(1.0)
    variance_2 = 1 / 0.5 + 1 / 4.5
    assert delta[0] == pytest.approx(math.log(7.0))
    assert delta[0] == pytest.approx(delta_0)
    assert variance[0] == pytest.approx(variance_0)
    assert z[0] == pytest.approx(delta_0 / math.sqrt(variance_0))
    assert delta[2] == pytest.approx(delta_2)
    assert z[2] == pytest.approx(delta_2 / math.sqrt(variance_2))


def test_log_odds_swapping_focus_and_rest_negates_z():
    rng = np.random.default_rng(1)
    focus = rng.integers(0, 30, size=50)
    rest = rng.integers(0, 80, size=50)
    prior = stats.informative_prior(focus + rest + 1)
    delta, variance, z = stats.log_odds_dirichlet(focus, rest, prior)
    swapped_delta, swapped_variance, swapped_z = stats.log_odds_dirichlet(rest, focus, prior)
    np.testing.assert_allclose(swapped_z, -z)
    np.testing.assert_allclose(swapped_delta, -delta)
    np.testing.assert_allclose(swapped_variance, variance)


def test_informative_prior_is_proportional_to_corpus_share():
    prior = stats.informative_prior([10, 30, 60])
    np.testing.assert_allclose(prior, [100.0, 300.0, 600.0])
    np.testing.assert_allclose(stats.informative_prior([1, 3], strength=8.0), [2.0, 6.0])


def test_informative_prior_rejects_a_term_that_never_occurs():
    with pytest.raises(FramelensError, match="never occur"):
        stats.informative_prior([3, 0, 2])


def test_log_odds_rejects_mismatched_lengths():
    with pytest.raises(FramelensError, match="same length"):
        stats.log_odds_dirichlet([1, 2], [1, 2, 3], [1.0, 1.0])


def test_one_small_outlet_among_many_does_not_block_the_test():
    # Six outlets; at equal rates the smallest expects 2.5 uses, the others 25:
    # one cell in six (17%) is below 5 and none below 1, so Cochran's rule allows the test.
    totals = np.array([1000.0, 10000, 10000, 10000, 10000, 10000])
    counts = np.array([5.0, 20, 30, 25, 28, 22])
    result = stats.outlets_differ(counts, totals)
    assert result.min_expected < 5 and not result.too_small
    # Two small outlets in six (33%) is too many.
    totals = np.array([1000.0, 1000, 10000, 10000, 10000, 10000])
    assert stats.outlets_differ(counts, totals).too_small
    # Any expected count below 1 blocks it.
    totals = np.array([100.0, 10000, 10000, 10000, 10000, 10000])
    assert stats.outlets_differ(counts, totals).too_small


def test_bootstrap_draws_a_few_resamples_at_a_time_with_the_same_result(monkeypatch):
    counts = np.array([COUNTS, [0, 1, 0, 0, 2, 1], [0, 0, 0, 0, 0, 0]])
    words = np.array(WORDS, dtype=float)
    # The reference: every resample's articles drawn at once, as one index matrix.
    drawn = np.random.default_rng(5).integers(0, words.size, size=(25, words.size))
    rates = np.array(
        [[row[pick].sum() / words[pick].sum() * 1000 for pick in drawn] for row in counts]
    )
    expected = np.quantile(rates, [0.025, 0.975], axis=1)
    # 13 cells per block: two resamples of six articles at a time, the last one alone.
    monkeypatch.setattr(rates_module, "RESAMPLE_CELLS", 13)
    low, high = stats.bootstrap_rate_intervals_many(counts, words, resamples=25, seed=5)
    np.testing.assert_allclose(low, expected[0], rtol=1e-12)
    np.testing.assert_allclose(high, expected[1], rtol=1e-12)
    monkeypatch.undo()
    whole = stats.bootstrap_rate_intervals_many(counts, words, resamples=25, seed=5)
    assert np.array_equal(np.array([low, high]), np.array(whole))
