"""Print the top contrast sets `framelens discover` finds in a corpus, with a reader's verdicts.

    python benchmarks/discover_sets.py ../shared/corpora/fakes/articles.jsonl
    python benchmarks/discover_sets.py ../shared/corpora/allsides-sample/articles.jsonl --half A
    python benchmarks/discover_sets.py ../shared/corpora/allsides-sample/articles.jsonl --half B
    python benchmarks/discover_sets.py CORPUS.jsonl --where topic=immigration

Each set is printed on one line with its score, similarity, divergence and each term's uses
and outlets, then the verdict recorded in ``discover_judgements.toml`` beside this script:
``yes`` when two or more of its terms are labels for one and the same actor or concept (the
measure of docs/discover-and-validate.md), ``no`` when not, ``?`` for a set nobody has read
yet. The last line counts the verdicts. ``--where COLUMN=VALUE`` keeps the rows of a JSONL
corpus whose column has that value; ``--half A`` or ``B`` keeps the half of it whose ids'
MD5 digest begins with an even (A) or odd (B) byte, a split made to develop on one half and
check on the other. Timing: CPU seconds of discovery (``time.process_time``).
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
import tomllib
from pathlib import Path

import polars as pl

from analysis.discover import discover_contrasts
from analysis.pipeline import prepare

JUDGEMENTS = Path(__file__).with_name("discover_judgements.toml")


def half_of(identifier: str) -> str:
    """"A" or "B": the parity of the first byte of the MD5 digest of ``identifier``."""
    return "AB"[hashlib.md5(identifier.encode("utf-8")).digest()[0] % 2]


def verdicts() -> dict[frozenset[str], str]:
    """The recorded verdicts, by the set's terms."""
    recorded = tomllib.loads(JUDGEMENTS.read_text(encoding="utf-8"))
    found = {}
    for verdict, key in (("yes", "one_thing"), ("no", "not_one_thing")):
        for name in recorded[key]:
            found[frozenset(term.strip() for term in name.split(" / "))] = verdict
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--where", help="COLUMN=VALUE: keep only these rows of a JSONL corpus")
    parser.add_argument("--half", choices=["A", "B"], help="keep one half of a JSONL corpus "
                        "by the MD5 digest of its ids")
    arguments = parser.parse_args()
    corpus = arguments.corpus
    with tempfile.TemporaryDirectory() as folder:
        if arguments.where or arguments.half:
            rows = pl.read_ndjson(corpus, infer_schema_length=None)
            if arguments.where:
                column, value = arguments.where.split("=", 1)
                rows = rows.filter(pl.col(column).cast(pl.String) == value)
            if arguments.half:
                rows = rows.filter(pl.col("id").cast(pl.String).map_elements(
                    half_of, return_dtype=pl.String) == arguments.half)
            corpus = Path(folder) / "part.jsonl"
            rows.write_ndjson(corpus)
        cleaned = prepare(corpus)
        started = time.process_time()
        discovery = discover_contrasts(cleaned.articles, top=arguments.top)
        spent = time.process_time() - started
    articles = cleaned.articles
    print(f"{articles.height} articles, {articles['outlet'].n_unique()} outlets, "
          f"{int(articles['words'].sum()):,} words; discovery {spent:.1f} s CPU")
    known = verdicts()
    tally = {"yes": 0, "no": 0, "?": 0}
    for found in discovery.sets:
        uses = discovery.contrasts.filter(pl.col("set") == found.rank)
        totals = uses.group_by("term").agg(pl.col("uses").sum(),
                                           outlets=(pl.col("uses") > 0).sum())
        counts = {row["term"]: row for row in totals.iter_rows(named=True)}
        terms = " / ".join(f"{term} ({counts[term]['uses']}, {counts[term]['outlets']} outlets)"
                           for term in found.terms)
        verdict = known.get(frozenset(found.terms), "?")
        tally[verdict] += 1
        print(f"{found.rank:>3}  {verdict:<3} {found.score:.3f}  sim {found.similarity:.2f}  "
              f"div {found.divergence:.2f}  {terms}")
    print(f"one thing: {tally['yes']} of {len(discovery.sets)} sets "
          f"(not: {tally['no']}, not yet read: {tally['?']})")


if __name__ == "__main__":
    main()
