"""Rates per 1,000 words and their intervals: Poisson, and the bootstrap over articles."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats as scipy_stats

from analysis.errors import FramelensError
from analysis.stats.checks import _check_level, _non_negative
from analysis.stats.defaults import RATE_PER_WORDS, RESAMPLE_CELLS


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
