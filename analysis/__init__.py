"""framelens: compare how news outlets frame the same events.

The pipeline runs one way, each stage taking and returning polars DataFrames:

    load (corpus) -> clean -> features (lexicon, terms, attribution) -> statistics -> outputs

Every table that crosses a module boundary has its schema written in the module that
produces it (see :mod:`analysis.schema`).
"""

import os

__version__ = "0.1.0"

# polars allocates with jemalloc, which keeps freed memory for seconds before handing it back;
# large tables made and dropped one after another then add up. Handed back at once instead
# (set before polars is first imported; worker processes inherit it).
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")

# The notebook API: the functions a notebook calls most, importable from the package itself
# (``analysis.discover_contrasts(...)``), loaded on first use so `import analysis` stays light.
_API = {
    "analyse": "analysis.pipeline",
    "prepare": "analysis.pipeline",
    "Options": "analysis.pipeline",
    "discover_contrasts": "analysis.discover",
    "write_discovery": "analysis.discover",
    "sample_hits": "analysis.validation",
    "sample_corpus": "analysis.validation",
    "write_sample": "analysis.validation",
    "read_judgements": "analysis.validation",
    "term_precision": "analysis.validation",
}


def __getattr__(name: str):
    if name in _API:
        import importlib

        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
