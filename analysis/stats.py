"""Rates, intervals and tests: the numbers every layer of framelens reports.

Everything here works on plain numbers or numpy arrays (one entry per term, outlet or
article), so the lexicon, terms and attribution layers can hand over columns of their
tables with ``.to_numpy()`` and get columns back. Rates are per ``RATE_PER_WORDS`` (1,000)
words; counts are numbers of occurrences; totals are numbers of words.

Functions are vectorised: a call over hundreds of thousands of terms is one pass of numpy,
not a Python loop.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats as scipy_stats

from analysis.errors import FramelensError

RATE_PER_WORDS = 1000
"""Every rate in framelens is a count per this many words."""

DEFAULT_PRIOR_STRENGTH = 1000.0
"""Total pseudo-count of :func:`informative_prior` when no strength is given (see there)."""

SMALL_EXPECTED_COUNT = 5.0
# Cochran's rule for a chi-square-type test: every expected count at least 1, and at most a
# fifth of them below SMALL_EXPECTED_COUNT. With two outlets this means both expect 5 or more.
MIN_EXPECTED_COUNT = 1.0
MAX_SHARE_SMALL_EXPECTED = 0.2
"""Below this expected count, chi-square-style tests are not trusted (the usual rule of thumb)."""


# --- input checks -------------------------------------------------------------------------


def _non_negative(values: ArrayLike, name: str) -> np.ndarray:
    """``values`` as a float array, or FramelensError if any entry is negative or not finite."""
    array = np.asarray(values, dtype=float)
    if not np.all(np.isfinite(array)):
        raise FramelensError(f"{name} must be finite numbers; found NaN or infinity")
    if np.any(array < 0):
        raise FramelensError(f"{name} must not be negative; found {array.min()}")
    return array


def _positive(values: ArrayLike, name: str) -> np.ndarray:
    array = _non_negative(values, name)
    if np.any(array == 0):
        raise FramelensError(f"{name} must be greater than 0; drop empty corpora or outlets first")
    return array


def _check_level(level: float) -> None:
    if not 0 < level < 1:
        raise FramelensError(f"confidence level must be between 0 and 1 (e.g. 0.95); got {level}")


def _check_within(counts: np.ndarray, totals: np.ndarray, what: str) -> None:
    if np.any(counts > totals):
        raise FramelensError(f"{what}: a term count is larger than its total number of words")


# --- rates and intervals ------------------------------------------------------------------


def rate_per_1000(counts: ArrayLike, words: ArrayLike) -> np.ndarray:
    """Rate per 1,000 words: ``counts / words * 1000``, broadcast; NaN where words is 0."""
    counts_array = _non_negative(counts, "counts")
    words_array = _non_negative(words, "words")
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = counts_array / words_array * RATE_PER_WORDS
    return np.where(words_array > 0, rate, np.nan)


def poisson_interval(
    counts: ArrayLike, words: ArrayLike, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) confidence interval for a rate per 1,000 words.

    ``counts`` are total occurrences and ``words`` total words (arrays or scalars, broadcast).
    The interval for the Poisson mean is ``chi2.ppf(a/2, 2k)/2`` to ``chi2.ppf(1-a/2, 2k+2)/2``
    with ``a = 1 - level``, then divided by words and multiplied by 1,000. It is two-sided and
    conservative: it covers the true rate at least ``level`` of the time.

    Returns (low, high) arrays in occurrences per 1,000 words. A count of 0 gives low 0 (and a
    real upper bound: 3.689 occurrences at 95%); words 0 gives NaN for both.
    """
    _check_level(level)
    counts_array = _non_negative(counts, "counts")
    words_array = _non_negative(words, "words")
    counts_array, words_array = np.broadcast_arrays(counts_array, words_array)
    alpha = 1.0 - level
    # chi2.ppf with 0 degrees of freedom is NaN, but the lower bound for a zero count is 0.
    low_mean = np.where(
        counts_array > 0, scipy_stats.chi2.ppf(alpha / 2, 2 * counts_array) / 2, 0.0
    )
    high_mean = scipy_stats.chi2.ppf(1 - alpha / 2, 2 * counts_array + 2) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(words_array > 0, RATE_PER_WORDS / words_array, np.nan)
    return low_mean * scale, high_mean * scale


RESAMPLE_CELLS = 2_000_000
"""Draws (resamples x articles) made at a time: memory stays near 50 MB for any outlet."""


def _resample_weights(articles: int, resamples: int, seed: int) -> Iterator[np.ndarray]:
    """How often each article is drawn in each resample: (resamples x articles) matrices of
    consecutive resamples, a few at a time (``RESAMPLE_CELLS``).

    The draws come from one generator in order, so the resamples depend only on the seed, not
    on how many are made at a time.
    """
    rng = np.random.default_rng(seed)
    step = max(1, RESAMPLE_CELLS // max(articles, 1))
    for start in range(0, resamples, step):
        rows = min(step, resamples - start)
        drawn = rng.integers(0, articles, size=(rows, articles))
        # Offset each row's indices so one bincount counts draws per (resample, article) cell.
        drawn += np.arange(rows)[:, None] * articles
        counted = np.bincount(drawn.ravel(), minlength=rows * articles)
        yield counted.reshape(rows, articles).astype(float)


def bootstrap_rate_intervals_many(
    counts_per_article: ArrayLike,
    words_per_article: ArrayLike,
    level: float = 0.95,
    resamples: int = 2000,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap intervals for many terms of one outlet, sharing the same resamples.

    ``counts_per_article`` is a (terms x articles) array of occurrences, ``words_per_article``
    the words of each article. Each resample draws the outlet's articles with replacement and
    computes the ratio-of-sums rate (sum of counts / sum of words * 1,000). Articles with 0
    words are left out first: they add nothing to the rate and would only make some resamples
    empty. Memory is about terms x resamples, and the draws of a few resamples at a time.

    Returns (low, high) arrays, one entry per term, in occurrences per 1,000 words; NaN when no
    article has words.
    """
    _check_level(level)
    if resamples < 1:
        raise FramelensError(f"resamples must be at least 1; got {resamples}")
    counts = _non_negative(counts_per_article, "counts per article")
    words = _non_negative(words_per_article, "words per article")
    if counts.ndim != 2 or words.ndim != 1 or counts.shape[1] != words.shape[0]:
        raise FramelensError(
            "counts per article must be terms x articles and words per article one entry per "
            f"article; got shapes {counts.shape} and {words.shape}"
        )
    has_words = words > 0
    counts, words = counts[:, has_words], words[has_words]
    if words.size == 0:
        nothing = np.full(counts.shape[0], np.nan)
        return nothing, nothing.copy()
    alpha = 1.0 - level
    resampled_rates = np.empty((counts.shape[0], resamples))
    done = 0
    for weights in _resample_weights(words.size, resamples, seed):
        # Every resample draws at least one article, so its words are > 0.
        resampled_words = weights @ words
        block = slice(done, done + weights.shape[0])
        resampled_rates[:, block] = counts @ weights.T / resampled_words * RATE_PER_WORDS
        done += weights.shape[0]
    low, high = np.quantile(resampled_rates, [alpha / 2, 1 - alpha / 2], axis=1)
    return low, high


def bootstrap_rate_interval(
    counts_per_article: ArrayLike,
    words_per_article: ArrayLike,
    level: float = 0.95,
    resamples: int = 2000,
    seed: int = 0,
) -> tuple[float, float]:
    """Percentile bootstrap interval over articles for one term's rate per 1,000 words.

    ``counts_per_article`` and ``words_per_article`` have one entry per article of one outlet.
    The statistic is the ratio-of-sums rate (all counts / all words * 1,000); the same seed
    gives the same interval. Returns (low, high) in occurrences per 1,000 words.
    See :func:`bootstrap_rate_intervals_many` for the details.
    """
    counts = np.asarray(counts_per_article, dtype=float)
    if counts.ndim != 1:
        raise FramelensError(
            f"counts per article must be one entry per article; got {counts.shape}"
        )
    low, high = bootstrap_rate_intervals_many(
        counts[None, :], words_per_article, level, resamples, seed
    )
    return float(low[0]), float(high[0])


def rate_interval(
    counts_per_article: ArrayLike,
    words_per_article: ArrayLike,
    level: float = 0.95,
    min_articles: int = 5,
    *,
    resamples: int = 2000,
    seed: int = 0,
) -> tuple[float, float, str]:
    """The interval to report for one outlet's rate of one term, and how it was made.

    With at least ``min_articles`` articles that have words, a percentile bootstrap over
    articles (it reflects that some articles use a term far more than others). With fewer,
    the exact Poisson interval on the totals. The bootstrap is also replaced by Poisson when
    it collapses to a single value: a term the outlet never uses resamples to (0, 0), which
    would hide that a few uses could easily have been missed.

    Returns (low, high, method) with low and high in occurrences per 1,000 words and method
    ``'bootstrap over N articles'`` or ``'exact Poisson'``.
    """
    counts = _non_negative(counts_per_article, "counts per article").ravel()
    words = _non_negative(words_per_article, "words per article").ravel()
    if counts.shape != words.shape:
        raise FramelensError(
            f"counts and words per article differ in length ({counts.size} vs {words.size})"
        )
    articles_with_words = int(np.count_nonzero(words > 0))
    if articles_with_words >= min_articles:
        low, high = bootstrap_rate_interval(counts, words, level, resamples, seed)
        if high > low:
            return low, high, f"bootstrap over {articles_with_words} articles"
    low_array, high_array = poisson_interval(counts.sum(), words.sum(), level)
    return float(low_array), float(high_array), "exact Poisson"


# --- keyness: one corpus against another --------------------------------------------------


def _g2_from_table(observed: np.ndarray) -> np.ndarray:
    """G2 = 2 * sum(O * ln(O / E)) over the last two axes of ``observed`` (rows x columns).

    Expected counts come from the margins; cells with O = 0 add 0 (the limit of O ln O).
    """
    row_sums = observed.sum(axis=-1, keepdims=True)
    column_sums = observed.sum(axis=-2, keepdims=True)
    grand = row_sums.sum(axis=-2, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = row_sums * column_sums / grand
        terms = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    # Rounding can leave tiny negatives when observed equals expected; G2 is never below 0.
    return np.maximum(2.0 * terms.sum(axis=(-2, -1)), 0.0)


def log_likelihood_g2(
    count_a: ArrayLike, total_a: ArrayLike, count_b: ArrayLike, total_b: ArrayLike
) -> np.ndarray:
    """Dunning's log-likelihood G2 for a term in corpus A against corpus B, vectorised.

    Inputs broadcast: counts of the term and total words of each corpus (totals > 0). The
    table per term is [[count_a, total_a - count_a], [count_b, total_b - count_b]] and G2 is
    2 * sum(O ln(O/E)) over its four cells, as in Dunning (1993). Rayson & Garside (2000) use
    the same expected values E = total * (count_a + count_b) / (total_a + total_b) but sum only
    the two term cells; the two forms agree closely for rare terms, and the four-cell form is
    the exact G2 of the 2x2 table (what ``scipy.stats.chi2_contingency`` computes).

    Returns G2 (>= 0, unitless; 3.84 is p = 0.05 with 1 degree of freedom). Direction is not
    in G2: use :func:`log_ratio` for which corpus uses the term more.
    """
    a, b = _non_negative(count_a, "count_a"), _non_negative(count_b, "count_b")
    total_a_array, total_b_array = _positive(total_a, "total_a"), _positive(total_b, "total_b")
    a, b, total_a_array, total_b_array = np.broadcast_arrays(a, b, total_a_array, total_b_array)
    _check_within(a, total_a_array, "corpus A")
    _check_within(b, total_b_array, "corpus B")
    table = np.stack(
        [np.stack([a, total_a_array - a], axis=-1), np.stack([b, total_b_array - b], axis=-1)],
        axis=-2,
    )
    return _g2_from_table(table)


def g2_p_value(g2: ArrayLike, df: int = 1) -> np.ndarray:
    """p-value of a G2 statistic: the chi-square survival function with ``df`` degrees of freedom.

    Returns an array of probabilities in [0, 1].
    """
    if df < 1:
        raise FramelensError(f"degrees of freedom must be at least 1; got {df}")
    return scipy_stats.chi2.sf(np.asarray(g2, dtype=float), df)


def log_ratio(
    count_a: ArrayLike,
    total_a: ArrayLike,
    count_b: ArrayLike,
    total_b: ArrayLike,
    smoothing: float = 0.5,
) -> np.ndarray:
    """Hardie's Log Ratio effect size: log2 of (relative frequency in A / in B), vectorised.

    ``smoothing`` (default 0.5) is added to both counts before dividing by the totals, so a
    term absent from one corpus gets a finite value rather than infinity. 1 means A uses the
    term twice as often as B, -1 half as often, 0 equally often. The smoothing pulls values
    for rare terms towards 0; for counts in the tens it moves them by a few hundredths.
    ``smoothing=0`` gives Hardie's unsmoothed ratio (infinite when a count is 0).

    Returns Log Ratio in binary log units (doublings).
    """
    if smoothing < 0:
        raise FramelensError(f"smoothing must not be negative; got {smoothing}")
    a, b = _non_negative(count_a, "count_a"), _non_negative(count_b, "count_b")
    total_a_array, total_b_array = _positive(total_a, "total_a"), _positive(total_b, "total_b")
    with np.errstate(divide="ignore"):
        return np.log2((a + smoothing) / total_a_array) - np.log2((b + smoothing) / total_b_array)


# --- keyness with a Dirichlet prior (Monroe, Colaresi & Quinn 2008) ----------------------


def informative_prior(counts_all: ArrayLike, strength: float | None = None) -> np.ndarray:
    """Pseudo-counts alpha_w for :func:`log_odds_dirichlet`, proportional to corpus share.

    ``counts_all`` are the term's counts in the whole corpus (every term must occur at least
    once). alpha_w = strength * count_w / sum(counts). ``strength`` is the total pseudo-count;
    by default ``DEFAULT_PRIOR_STRENGTH`` = 1,000 words' worth. That is strong enough that
    a term seen once or twice in a small corpus is pulled towards the corpus average instead of
    topping the list, yet fixed, so in a large corpus the data dominate (a prior equal to the
    corpus counts themselves would count the same evidence twice).

    Returns alpha_w, one pseudo-count per term, summing to ``strength``.
    """
    counts = _non_negative(counts_all, "counts_all")
    if strength is None:
        strength = DEFAULT_PRIOR_STRENGTH
    if strength <= 0:
        raise FramelensError(f"prior strength must be greater than 0; got {strength}")
    if np.any(counts == 0):
        raise FramelensError("informative prior: drop terms that never occur in the corpus")
    return strength * counts / counts.sum()


def log_odds_dirichlet(
    counts_focus: ArrayLike, counts_rest: ArrayLike, prior: ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

    Inputs are per-term arrays of equal length: counts in the focus group (one outlet), counts
    in the rest, and the prior pseudo-counts alpha_w (> 0, e.g. from :func:`informative_prior`).
    With n the total count of a group and alpha_0 = sum(alpha):

        delta_w = ln((y_focus + a_w) / (n_focus + a_0 - y_focus - a_w))
                - ln((y_rest + a_w) / (n_rest + a_0 - y_rest - a_w))
        variance_w = 1 / (y_focus + a_w) + 1 / (y_rest + a_w)
        z_w = delta_w / sqrt(variance_w)

    (the paper's approximate variance). Returns (delta, variance, z) per term: delta in natural
    log-odds, positive when the focus group uses the term more; z in standard deviations.
    """
    focus = _non_negative(counts_focus, "counts_focus")
    rest = _non_negative(counts_rest, "counts_rest")
    alpha = _non_negative(prior, "prior")
    if not focus.shape == rest.shape == alpha.shape or focus.ndim != 1:
        raise FramelensError(
            "log-odds: focus counts, rest counts and prior must be 1-D and the same length; got "
            f"{focus.shape}, {rest.shape}, {alpha.shape}"
        )
    if np.any(alpha <= 0):
        raise FramelensError("log-odds: every prior pseudo-count must be greater than 0")
    alpha_total = alpha.sum()
    focus_smoothed, rest_smoothed = focus + alpha, rest + alpha
    delta = np.log(focus_smoothed / (focus.sum() + alpha_total - focus_smoothed)) - np.log(
        rest_smoothed / (rest.sum() + alpha_total - rest_smoothed)
    )
    variance = 1.0 / focus_smoothed + 1.0 / rest_smoothed
    return delta, variance, delta / np.sqrt(variance)


# --- do outlets differ? -------------------------------------------------------------------


@dataclass(frozen=True)
class OutletDifference:
    """The k x 2 homogeneity test for one term across k outlets.

    ``g2`` (unitless), ``df`` = k - 1, ``p_value``; ``min_expected`` is the smallest count of
    the term expected in any outlet if all outlets used it at the same rate; ``too_small`` is
    True when the expected counts fail Cochran's rule (any below 1, or more than a fifth of
    them below 5), and the result should read "counts too small to tell".
    """

    g2: float
    df: int
    p_value: float
    min_expected: float
    too_small: bool


@dataclass(frozen=True)
class OutletDifferences:
    """:class:`OutletDifference` for many terms: one array entry per term (``df`` is shared)."""

    g2: np.ndarray
    df: int
    p_value: np.ndarray
    min_expected: np.ndarray
    too_small: np.ndarray


def outlets_differ_many(counts: ArrayLike, totals: ArrayLike) -> OutletDifferences:
    """Log-likelihood G2 test of whether k outlets use each term at the same rate.

    ``counts`` is (terms x outlets): occurrences of each term per outlet; ``totals`` (outlets)
    the words of each outlet (> 0). Per term the table is k x 2, [count, total - count] per
    outlet; df = k - 1. Returns :class:`OutletDifferences` with one entry per term; a term no
    outlet uses gets G2 0, p 1 and ``too_small`` True.
    """
    counts_array = _non_negative(counts, "counts")
    totals_array = _positive(totals, "totals")
    if counts_array.ndim != 2 or totals_array.ndim != 1:
        raise FramelensError(
            f"counts must be terms x outlets and totals one per outlet; got shapes "
            f"{counts_array.shape} and {totals_array.shape}"
        )
    if counts_array.shape[1] != totals_array.size:
        raise FramelensError(
            f"counts have {counts_array.shape[1]} outlets but totals {totals_array.size}"
        )
    outlets = totals_array.size
    if outlets < 2:
        raise FramelensError("comparing outlets needs at least two outlets")
    _check_within(counts_array, totals_array[None, :], "outlets")
    table = np.stack([counts_array, totals_array[None, :] - counts_array], axis=-1)
    g2 = _g2_from_table(table)
    df = outlets - 1
    expected_counts = counts_array.sum(axis=1, keepdims=True) * totals_array / totals_array.sum()
    min_expected = expected_counts.min(axis=1)
    share_small = (expected_counts < SMALL_EXPECTED_COUNT).mean(axis=1)
    return OutletDifferences(
        g2=g2,
        df=df,
        p_value=g2_p_value(g2, df),
        min_expected=min_expected,
        too_small=(min_expected < MIN_EXPECTED_COUNT)
        | (share_small > MAX_SHARE_SMALL_EXPECTED),
    )


def outlets_differ(counts: ArrayLike, totals: ArrayLike) -> OutletDifference:
    """Log-likelihood G2 test of whether k outlets use one term at the same rate.

    ``counts`` has the term's occurrences per outlet, ``totals`` the words per outlet (> 0).
    Returns :class:`OutletDifference` (g2, df = k - 1, p_value, min_expected, too_small).
    """
    counts_array = np.asarray(counts, dtype=float)
    if counts_array.ndim != 1:
        raise FramelensError(f"counts must be one entry per outlet; got shape {counts_array.shape}")
    many = outlets_differ_many(counts_array[None, :], totals)
    return OutletDifference(
        g2=float(many.g2[0]),
        df=many.df,
        p_value=float(many.p_value[0]),
        min_expected=float(many.min_expected[0]),
        too_small=bool(many.too_small[0]),
    )


# --- proportions --------------------------------------------------------------------------


def wilson_interval(
    successes: ArrayLike, trials: ArrayLike, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion (successes out of trials), per entry.

    With z the normal quantile of ``level`` (1.96 for 95%) and p = successes / trials:

        centre = (p + z^2 / 2n) / (1 + z^2 / n)
        half   = z / (1 + z^2 / n) * sqrt(p (1 - p) / n + z^2 / 4n^2)

    Unlike p +- z sqrt(p (1 - p) / n) it stays within 0-1 and is not empty when p is 0 or 1,
    which matters for the small samples a reader judges. Returns (low, high) as shares (0-1);
    NaN where trials is 0.
    """
    _check_level(level)
    hits = _non_negative(successes, "successes")
    n = _non_negative(trials, "trials")
    _check_within(hits, n, "successes")
    z = scipy_stats.norm.ppf(0.5 + level / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = hits / n
        denominator = 1 + z**2 / n
        centre = (share + z**2 / (2 * n)) / denominator
        half = z / denominator * np.sqrt(share * (1 - share) / n + z**2 / (4 * n**2))
        low = np.where(n > 0, np.clip(centre - half, 0.0, 1.0), np.nan)
        high = np.where(n > 0, np.clip(centre + half, 0.0, 1.0), np.nan)
    return low, high
# --- one against the rest, corrected for many comparisons ------------------------------------

SIGNIFICANCE_LEVEL = 0.05
"""The false discovery rate the one-against-the-rest tests keep (Benjamini-Hochberg)."""


@dataclass(frozen=True)
class AgainstRest:
    """Exact tests of each unit's count of a term against the rest of the corpus.

    Every array is terms x units. ``rest_count`` and ``rest_words`` are the other units'
    counts and words; ``rate_ratio`` is the unit's rate over the rest's rate (inf when the
    rest never uses the term, nan when no one does); ``p_value`` is the exact two-sided
    conditional binomial test; ``q_value`` the Benjamini-Hochberg adjusted p-value over every
    entry that was tested; ``tested`` is False where the term has no use at all.
    """

    rest_count: np.ndarray
    rest_words: np.ndarray
    rate_ratio: np.ndarray
    p_value: np.ndarray
    q_value: np.ndarray
    tested: np.ndarray


def binomial_two_sided(count: ArrayLike, trials: ArrayLike, share: ArrayLike) -> np.ndarray:
    """Two-sided p-value of ``count`` successes in ``trials`` with chance ``share`` each:
    twice the smaller tail, at most 1 (exact; element-wise)."""
    count_array = np.asarray(count, dtype=float)
    trials_array = np.asarray(trials, dtype=float)
    share_array = np.asarray(share, dtype=float)
    upper = scipy_stats.binom.sf(count_array - 1, trials_array, share_array)
    lower = scipy_stats.binom.cdf(count_array, trials_array, share_array)
    return np.minimum(1.0, 2.0 * np.minimum(upper, lower))


def benjamini_hochberg(p_values: ArrayLike) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values) of a flat array of p-values, in the
    same order: an entry with q below a level is a discovery at that false discovery rate."""
    p = np.asarray(p_values, dtype=float).ravel()
    if p.size == 0:
        return p.copy()
    order = np.argsort(p, kind="stable")
    ranked = p[order] * p.size / np.arange(1, p.size + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    q = np.empty_like(p)
    q[order] = np.minimum(adjusted, 1.0)
    return q


def against_rest(counts: ArrayLike, totals: ArrayLike) -> AgainstRest:
    """Each unit (an outlet, a group, a pool) against all the others, for every term.

    ``counts`` is terms x units (uses of each term), ``totals`` the words of each unit (> 0).
    Given a term's total uses n, under equal rates a unit's uses are Binomial(n, its share of
    the words); the exact two-sided test of that is the unit's ``p_value``, valid however
    small the counts (no expected-count rule). The q-values correct for every term x unit
    tested at once (Benjamini-Hochberg), so a large corpus with many units does not turn
    chance gaps into findings.
    """
    counts_array = _non_negative(counts, "counts")
    totals_array = _positive(totals, "totals")
    if counts_array.ndim != 2 or counts_array.shape[1] != totals_array.size:
        raise FramelensError(
            f"counts must be terms x units with one total per unit; got shapes "
            f"{counts_array.shape} and {totals_array.shape}"
        )
    if totals_array.size < 2:
        raise FramelensError("comparing against the rest needs at least two units")
    _check_within(counts_array, totals_array[None, :], "units")
    uses = counts_array.sum(axis=1, keepdims=True)
    rest_count = uses - counts_array
    rest_words = totals_array.sum() - totals_array
    share = totals_array / totals_array.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        rate_ratio = (counts_array / totals_array) / (rest_count / rest_words)
    tested = np.broadcast_to(uses > 0, counts_array.shape).copy()
    p_value = np.ones_like(counts_array)
    p_value[tested] = binomial_two_sided(
        counts_array[tested], np.broadcast_to(uses, counts_array.shape)[tested],
        np.broadcast_to(share, counts_array.shape)[tested])
    q_value = np.ones_like(counts_array)
    q_value[tested] = benjamini_hochberg(p_value[tested])
    return AgainstRest(
        rest_count=rest_count,
        rest_words=np.broadcast_to(rest_words, counts_array.shape).copy(),
        rate_ratio=rate_ratio,
        p_value=p_value,
        q_value=q_value,
        tested=tested,
    )
