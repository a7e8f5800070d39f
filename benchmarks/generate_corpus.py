"""Generate a large synthetic news corpus with known framing rates, for benchmarking framelens.

Usage::

    python benchmarks/generate_corpus.py --size 100MB --seed 7 --out DIR [--format jsonl]

The generator itself is the package ``benchmarks/corpusgen`` (its docstring describes the
corpus and its modules); this file is its command line. README.md describes the output.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpusgen import generate, main, parse_size  # noqa: E402

__all__ = ["generate", "main", "parse_size"]

if __name__ == "__main__":
    raise SystemExit(main())
