"""The attribution stage's limits and tuning constants, each with its unit (the vocabulary is
data: analysis/data/reporting_verbs.toml and analysis/data/sources.toml)."""

from __future__ import annotations

# where the cues stand (analysis.attribution.cues)

# First words this short are everywhere inside other words: when they start only forms of
# several words, the literal prefilter looks for them with the rest of the form instead.
SHORT_WORD = 3  # letters or fewer

# a colon this close to a sentence's start may close a headline speaker ("Lavrov: ...")
HEADLINE_COLON_WITHIN = 80  # characters


# the speakers of an article (analysis.attribution.speakers)

# Most questions are answered by one of the last few speakers: these are read directly, and
# the word indexes are built only for an article with more speakers than this.
LOOKBACK = 32
