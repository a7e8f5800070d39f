"""Discovery: contested labels found from the corpus alone (``framelens discover``).

Words and phrases that different outlets use in the same contexts for the same thing
("regime" / "government", "illegal immigrant" / "undocumented immigrant"):

- :mod:`analysis.discover.vectors`: candidates (content words and two-word phrases), their uses
  per outlet, and their context vectors (positional and window contexts, PPMI, seeded
  truncated SVD);
- :mod:`analysis.discover.sets`: distinctive candidates paired by cosine, filtered (parts of
  one another, spellings of one name, two names, parts of one phrase), grouped into sets and
  ranked by how strongly the outlets diverge (bias-corrected Cramér's V);
- :mod:`analysis.discover.contrasts`: :func:`discover_contrasts` and the ``CONTRASTS`` table;
- :mod:`analysis.discover.evidence`: whether two alike candidates are named side by side;
- :mod:`analysis.discover.writing`: contrasts.csv, a draft lexicon.toml and contrasts.md;
- :mod:`analysis.discover.shown`: the pipeline's stage, discovery on the corpus as the
  report compares it (``Analysis.contrasts``).
"""

from analysis.discover.contrasts import (
    CONTRASTS,
    DEFAULT_TOP,
    DiscoveredSet,
    Discovery,
    discover_contrasts,
    sets_of,
)
from analysis.discover.shown import SETS_KEPT, sampled_articles, shown_contrasts
from analysis.discover.writing import draft_lexicon, write_discovery

__all__ = [
    "CONTRASTS",
    "DEFAULT_TOP",
    "DiscoveredSet",
    "Discovery",
    "SETS_KEPT",
    "discover_contrasts",
    "draft_lexicon",
    "sampled_articles",
    "sets_of",
    "shown_contrasts",
    "write_discovery",
]
