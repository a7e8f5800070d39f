"""CPU seconds per MB of clean text that find_attributions takes, on a fixed sample.

The sample: the first 300 articles by id of FA-KES and the first 300 of polnear-dev (both in
../shared/corpora beside the repository), cleaned once; only find_attributions is timed
(process CPU time, best of --repeats runs after one warm-up run). To compare two versions of
the rules, run this script once per version, alternating, and compare the figures:

    PYTHONPATH=. python benchmarks/attribution_time.py
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import polars as pl

from analysis.attribution import find_attributions, load_gazetteer, load_reporting_verbs
from analysis.clean import clean_articles, split_sentences
from analysis.corpus import load_corpus
from analysis.quotes import find_quotes

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
SAMPLES = ("fakes/articles.jsonl", "polnear-dev/articles.jsonl")


def sample_articles(corpora: Path, per_corpus: int) -> pl.DataFrame:
    """The first ``per_corpus`` cleaned articles by id of each sample corpus."""
    tables = []
    for name in SAMPLES:
        articles = clean_articles(load_corpus(corpora / name)).articles
        tables.append(articles.sort("id").head(per_corpus))
    return pl.concat(tables, how="diagonal_relaxed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-corpus", type=int, default=300, help="articles per corpus")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs (best is kept)")
    parser.add_argument("--corpora", type=Path, default=CORPORA, help="the shared corpora folder")
    options = parser.parse_args()
    articles = sample_articles(options.corpora, options.per_corpus)
    sentences, quotes = split_sentences(articles), find_quotes(articles)
    megabytes = sum(len(text.encode("utf-8")) for text in articles["clean_text"]) / 1e6
    gazetteer, verbs = load_gazetteer(), load_reporting_verbs()
    found = find_attributions(articles, sentences, quotes, gazetteer, verbs)  # warm-up
    best = float("inf")
    for _ in range(options.repeats):
        started = time.process_time()
        find_attributions(articles, sentences, quotes, gazetteer, verbs)
        best = min(best, time.process_time() - started)
    print(
        f"{articles.height} articles, {megabytes:.2f} MB of clean text, "
        f"{found.height} attributions: {best / megabytes:.3f} CPU seconds per MB"
    )


if __name__ == "__main__":
    main()
