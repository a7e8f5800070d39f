"""The statistics' constants, each with its unit: the rate base, the prior of log-odds,
the rules of thumb of chi-square tests, the bootstrap's block size, the significance level."""

from __future__ import annotations

RATE_PER_WORDS = 1000
"""Every rate in framelens is a count per this many words."""

RESAMPLE_CELLS = 2_000_000
"""Draws (resamples x articles) made at a time: memory stays near 50 MB for any outlet."""

DEFAULT_PRIOR_STRENGTH = 1000.0
"""Total pseudo-count of :func:`analysis.stats.informative_prior` when no strength is given
(see there)."""

SMALL_EXPECTED_COUNT = 5.0
# Cochran's rule for a chi-square-type test: every expected count at least 1, and at most a
# fifth of them below SMALL_EXPECTED_COUNT. With two outlets this means both expect 5 or more.
MIN_EXPECTED_COUNT = 1.0
MAX_SHARE_SMALL_EXPECTED = 0.2
"""Below this expected count, chi-square-style tests are not trusted (the usual rule of thumb)."""

SIGNIFICANCE_LEVEL = 0.05
"""The false discovery rate the one-against-the-rest tests keep (Benjamini-Hochberg)."""
