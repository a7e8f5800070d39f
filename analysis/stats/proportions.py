"""Intervals for proportions (Wilson score)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats as scipy_stats

from analysis.stats.checks import _check_level, _check_within, _non_negative


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
