"""Validation by reading: sample framing hits, read them, and measure each term's precision.

- :mod:`analysis.validation.sampling`: :func:`sample_hits` (a seeded sample, stratified by
  term and outlet), :func:`write_sample` (a spreadsheet-safe CSV), :func:`sample_corpus`
  (``framelens lexicon sample``);
- :mod:`analysis.validation.judgements`: :func:`read_judgements` (the marked file, checked
  line by line) and :func:`term_precision` (precision with a Wilson interval per term).
"""

from analysis.validation.judgements import (
    JUDGEMENTS,
    LOW_PRECISION,
    TERM_PRECISION,
    read_judgements,
    term_precision,
)
from analysis.validation.sampling import (
    DEFAULT_PER_TERM,
    SAMPLE,
    sample_corpus,
    sample_hits,
    write_sample,
)

__all__ = [
    "DEFAULT_PER_TERM",
    "JUDGEMENTS",
    "LOW_PRECISION",
    "SAMPLE",
    "TERM_PRECISION",
    "read_judgements",
    "sample_corpus",
    "sample_hits",
    "term_precision",
    "write_sample",
]
