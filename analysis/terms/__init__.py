"""Terms: the project's term analyzer, distinctive terms, collocates and article similarity.

- :mod:`analysis.terms.counting`: :func:`analyze` (words and 2-3 word phrases of a clean text)
  and :func:`outlet_term_counts` (per-outlet counts, made batch by batch);
- :mod:`analysis.terms.keyness`: :func:`distinctive_terms` (TF-IDF, log-odds, G2), ``DISTINCTIVE``;
- :mod:`analysis.terms.collocates`: :func:`collocates` of lexicon hits, ``COLLOCATES``;
- :mod:`analysis.terms.similarity`: :func:`article_similarity` (near-copies) and
  :func:`outlet_similarity`, ``SIMILARITY`` and ``OUTLET_SIMILARITY``.
"""

from analysis.terms.collocates import COLLOCATES, collocates
from analysis.terms.counting import (
    STOP_WORDS,
    TERM_COUNTS,
    OutletTermCounts,
    analyze,
    make_analyzer,
    outlet_term_counts,
)
from analysis.terms.keyness import DISTINCTIVE, distinctive_terms
from analysis.terms.similarity import (
    OUTLET_SIMILARITY,
    SIMILARITY,
    article_similarity,
    outlet_similarity,
)

__all__ = [
    "COLLOCATES",
    "DISTINCTIVE",
    "OUTLET_SIMILARITY",
    "SIMILARITY",
    "STOP_WORDS",
    "TERM_COUNTS",
    "OutletTermCounts",
    "analyze",
    "article_similarity",
    "collocates",
    "distinctive_terms",
    "make_analyzer",
    "outlet_similarity",
    "outlet_term_counts",
]
