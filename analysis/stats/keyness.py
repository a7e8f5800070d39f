"""Keyness, one corpus against another: log-likelihood G2, log ratio, and log-odds with an
informative Dirichlet prior (Monroe, Colaresi & Quinn 2008)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats as scipy_stats

from analysis.errors import FramelensError
from analysis.stats.checks import _check_within, _non_negative, _positive
from analysis.stats.defaults import DEFAULT_PRIOR_STRENGTH


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
