"""The command line of ``benchmarks/generate_corpus.py``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .corpus import generate, parse_size
from .outlets import OUTLETS
from .writers import WRITERS

DESCRIPTION = (
    "Generate a large synthetic news corpus with known framing rates, for benchmarking framelens."
)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, generate, print a one-line summary and the speed; returns the exit
    status (2 for a bad size or output folder)."""
    parser = argparse.ArgumentParser(description=DESCRIPTION)
    parser.add_argument("--size", required=True, help="text to write: 10MB, 1GB, 500KB, bytes")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--out", required=True, type=Path, help="output folder")
    parser.add_argument("--format", choices=sorted(WRITERS), default="jsonl")
    parser.add_argument("--force", action="store_true", help="write into a non-empty folder")
    parser.add_argument("--quiet", action="store_true", help="no progress messages")
    args = parser.parse_args(argv)
    try:
        size = parse_size(args.size)
    except ValueError as error:
        print(f"generate_corpus: {error}", file=sys.stderr)
        return 2
    if args.out.exists() and not args.out.is_dir():
        print(f"generate_corpus: {args.out} is a file; give a folder", file=sys.stderr)
        return 2
    if args.out.exists() and any(args.out.iterdir()) and not args.force:
        print(f"generate_corpus: {args.out} is not empty; use --force to write into it",
              file=sys.stderr)  # fmt: skip
        return 2
    truth = generate(args.out, size, args.seed, args.format, progress=not args.quiet)
    seconds = truth["seconds"]
    print(
        f"{truth['articles']:,} articles, {truth['text_bytes'] / 1e6:,.1f} MB of text "
        f"({truth['file_bytes'] / 1e6:,.1f} MB on disk) from {len(OUTLETS)} outlets in "
        f"{seconds:.1f} s: {truth['text_bytes'] / 1e6 / seconds:.1f} MB/s -> {args.out}"
    )
    return 0
