"""How much the report shows, and its thresholds, each with its unit."""

from __future__ import annotations

# framing (analysis.report.framing)

EXAMPLES_PER_TERM = 1
"""Example sentences shown per framing term."""

NAMES_IN_CELL = 3
"""Outlets named in one cell of the one-against-the-rest table; the rest are counted."""

OUTLET_COLUMNS = 14
"""Outlets side by side in one rates table (with the term and the test: 16 columns)."""


# attribution (analysis.report.attribution)

TOP_SPEAKERS = 5
"""Speakers listed per outlet, most quoted or cited first."""

EXAMPLES_PER_CLASS = 2
"""Example attributions shown per outlet and verb class."""


# overview and method (analysis.report.sections)

SMALL_OUTLET_WORDS = 2000
"""Outlets with fewer words of clean text are named as small in the overview."""

OUTLETS_NAMED = 12
"""Outlets named per group or pool in section 1; the appendix lists them all."""

ARTICLES_LISTED = 200
"""With more articles than this, the appendix lists outlets instead (data/articles.csv has
every article)."""


# findings (analysis.report.findings)

MAX_TERM_FINDINGS = 5
"""Term differences listed among the findings, at most."""


# vocabulary and copies (analysis.report.vocabulary)

COLLOCATE_TERMS = 5
"""Framing terms whose collocates the report shows, at most."""

COLLOCATES_SHOWN = 5
"""Collocates shown per term, by rank."""

COPIES_LISTED = 30
"""Near-copy pairs listed in the report, most alike first (the data file has all)."""
