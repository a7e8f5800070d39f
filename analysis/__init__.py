"""framelens: compare how news outlets frame the same events.

The pipeline runs one way, each stage taking and returning polars DataFrames:

    load (corpus) -> clean -> features (lexicon, terms, attribution) -> statistics -> outputs

Every table that crosses a module boundary has its schema written in the module that
produces it (see :mod:`analysis.schema`).
"""

__version__ = "0.1.0"
