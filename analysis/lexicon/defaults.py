"""The lexicon stage's limits, thresholds and tuning constants, each with its unit (the terms
themselves are data: the packs in analysis/data/lexicons/)."""

from __future__ import annotations

# reading a lexicon file (analysis.lexicon.drafts)

MAX_TERM_LENGTH = 100

MAX_DESCRIPTION_LENGTH = 200
"""A pack's [lexicon] description is one line of at most this many characters."""


# user patterns (analysis.lexicon.patterns)

MAX_PATTERN_LENGTH = 1000

MAX_OPEN_ENDED_REPEATS = 3


# which packs fit a corpus (analysis.lexicon.fit)

MIN_ANCHOR_SHARE = 0.2
"""A topic pack fits a corpus when at least this share of its articles (0 to 1) mention one
of the pack's anchor words."""


# the hits table (analysis.lexicon.matching)

PAIRS_AT_ONCE = 1_000_000
"""Pairs of a quoted hit and a quotation of its article that :func:`attach_speakers` compares
at a time (about 40 MB)."""


# rates and intervals (analysis.lexicon.rates)

# With at least this many articles (with words), an outlet's intervals are bootstrapped.
MIN_ARTICLES_FOR_BOOTSTRAP = 5
