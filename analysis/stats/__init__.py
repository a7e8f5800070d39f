"""Rates, intervals and tests: the numbers every layer of framelens reports.

Everything here works on plain numbers or numpy arrays (one entry per term, outlet or
article), so the lexicon, terms and attribution layers can hand over columns of their
tables with ``.to_numpy()`` and get columns back. Rates are per ``RATE_PER_WORDS`` (1,000)
words; counts are numbers of occurrences; totals are numbers of words.

Functions are vectorised: a call over hundreds of thousands of terms is one pass of numpy,
not a Python loop.

Modules, by what they own: ``rates`` (rates and their Poisson and bootstrap intervals),
``keyness`` (G2, log ratio, log-odds with a Dirichlet prior), ``differences`` (do outlets
differ?), ``proportions`` (Wilson intervals), ``against_rest`` (each unit against the rest,
Benjamini-Hochberg), ``checks`` (the checks of their inputs), ``defaults`` (the constants,
with their units).
"""

from __future__ import annotations

from analysis.stats.against_rest import (
    AgainstRest,
    against_rest,
    benjamini_hochberg,
    binomial_two_sided,
)
from analysis.stats.defaults import (
    DEFAULT_PRIOR_STRENGTH,
    MAX_SHARE_SMALL_EXPECTED,
    MIN_EXPECTED_COUNT,
    RATE_PER_WORDS,
    RESAMPLE_CELLS,
    SIGNIFICANCE_LEVEL,
    SMALL_EXPECTED_COUNT,
)
from analysis.stats.differences import (
    OutletDifference,
    OutletDifferences,
    outlets_differ,
    outlets_differ_many,
)
from analysis.stats.keyness import (
    g2_p_value,
    informative_prior,
    log_likelihood_g2,
    log_odds_dirichlet,
    log_ratio,
)
from analysis.stats.proportions import (
    wilson_interval,
)
from analysis.stats.rates import (
    bootstrap_rate_interval,
    bootstrap_rate_intervals_many,
    poisson_interval,
    rate_interval,
    rate_per_1000,
)

__all__ = [
    "AgainstRest",
    "DEFAULT_PRIOR_STRENGTH",
    "MAX_SHARE_SMALL_EXPECTED",
    "MIN_EXPECTED_COUNT",
    "OutletDifference",
    "OutletDifferences",
    "RATE_PER_WORDS",
    "RESAMPLE_CELLS",
    "SIGNIFICANCE_LEVEL",
    "SMALL_EXPECTED_COUNT",
    "against_rest",
    "benjamini_hochberg",
    "binomial_two_sided",
    "bootstrap_rate_interval",
    "bootstrap_rate_intervals_many",
    "g2_p_value",
    "informative_prior",
    "log_likelihood_g2",
    "log_odds_dirichlet",
    "log_ratio",
    "outlets_differ",
    "outlets_differ_many",
    "poisson_interval",
    "rate_interval",
    "rate_per_1000",
    "wilson_interval",
]
