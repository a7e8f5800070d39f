"""Print the top contrast sets `framelens discover` finds in a corpus, with timings.

    python benchmarks/discover_sets.py ../shared/corpora/fakes/articles.jsonl
    python benchmarks/discover_sets.py ../shared/corpora/allsides-sample/articles.jsonl --top 20
    python benchmarks/discover_sets.py CORPUS.jsonl --where topic=immigration

Each set is printed with its score, similarity, divergence and each term's uses, one line a
set, so a reader can judge whether its terms name one and the same actor or thing (the
measure of docs/discover-and-validate.md). ``--where COLUMN=VALUE`` keeps the rows of a
JSONL corpus whose column has that value (written to a temporary file first).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import polars as pl

from analysis.discover import discover_contrasts
from analysis.pipeline import prepare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--where", help="COLUMN=VALUE: keep only these rows of a JSONL corpus")
    arguments = parser.parse_args()
    corpus = arguments.corpus
    with tempfile.TemporaryDirectory() as folder:
        if arguments.where:
            column, value = arguments.where.split("=", 1)
            rows = pl.read_ndjson(corpus, infer_schema_length=None)
            corpus = Path(folder) / f"{corpus.stem}-{value}.jsonl"
            rows.filter(pl.col(column).cast(pl.String) == value).write_ndjson(corpus)
        started = time.perf_counter()
        cleaned = prepare(corpus)
        loaded = time.perf_counter()
        discovery = discover_contrasts(cleaned.articles, top=arguments.top)
        done = time.perf_counter()
    articles = cleaned.articles
    print(f"{articles.height} articles, {articles['outlet'].n_unique()} outlets, "
          f"{int(articles['words'].sum()):,} words")
    print(f"loading and cleaning {loaded - started:.1f} s, discovery {done - loaded:.1f} s")
    for found in discovery.sets:
        uses = discovery.contrasts.filter(pl.col("set") == found.rank)
        totals = uses.group_by("term").agg(pl.col("uses").sum())
        counts = dict(zip(totals["term"], totals["uses"], strict=True))
        terms = " / ".join(f"{term} ({counts[term]})" for term in found.terms)
        print(f"{found.rank:>3}  {found.score:.3f}  sim {found.similarity:.2f}  "
              f"div {found.divergence:.2f}  {terms}")


if __name__ == "__main__":
    main()
