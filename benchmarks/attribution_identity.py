"""Do two versions of the attribution rules give the same attributions table?

For a change meant to leave every attribution as it was (a faster rule, a tidier module), run
the attribution stage of this checkout and of another one (a `git worktree` of the commit
before the change) on the seeds, FA-KES and polnear-dev (../shared/corpora beside the
repository), and compare the tables (find_attributions, then type_across_articles as a corpus
run does), column by column:

    git worktree add /tmp/before HEAD~1
    PYTHONPATH=. python benchmarks/attribution_identity.py /tmp/before
    git worktree remove /tmp/before

Prints one line per table and exits 1 when any differs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
CORPORA = REPOSITORY.parent / "shared" / "corpora"
SAMPLES = {
    "seeds": REPOSITORY / "seeds",
    "fakes": CORPORA / "fakes" / "articles.jsonl",
    "polnear-dev": CORPORA / "polnear-dev" / "articles.jsonl",
}


def write_tables(folder: Path) -> None:
    """Write each sample's attributions, as the code on the import path finds them."""
    from analysis.attribution import find_attributions, type_across_articles
    from analysis.clean import clean_articles, split_sentences
    from analysis.corpus import load_corpus
    from analysis.quotes import find_quotes

    for name, path in SAMPLES.items():
        articles = clean_articles(load_corpus(path)).articles
        found = find_attributions(articles, split_sentences(articles), find_quotes(articles))
        found.write_parquet(folder / f"{name}.parquet")
        type_across_articles(found).write_parquet(folder / f"{name}-across.parquet")


def compare(checkout: Path) -> bool:
    """Run both versions and print whether each table is the same; True when all are."""
    import polars as pl

    with tempfile.TemporaryDirectory() as scratch:
        folders = {}
        for label, code in (("this", REPOSITORY), ("other", checkout)):
            folders[label] = Path(scratch) / label
            folders[label].mkdir()
            environment = {**os.environ, "PYTHONPATH": str(code)}
            command = [sys.executable, __file__, "--write", str(folders[label])]
            subprocess.run(command, env=environment, check=True, cwd=REPOSITORY)
        same = True
        for table in sorted(folders["this"].glob("*.parquet")):
            ours, theirs = pl.read_parquet(table), pl.read_parquet(folders["other"] / table.name)
            equal = ours.equals(theirs)
            same &= equal
            verdict = "identical" if equal else f"DIFFERENT ({theirs.height} rows there)"
            print(f"{table.stem}: {ours.height} rows, {verdict}")
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkout", type=Path, nargs="?", help="the other version's checkout")
    parser.add_argument("--write", type=Path, help=argparse.SUPPRESS)  # the child run
    options = parser.parse_args()
    if options.write is not None:
        write_tables(options.write)
    elif options.checkout is None:
        parser.error("give the other version's checkout")
    else:
        sys.exit(0 if compare(options.checkout.resolve()) else 1)


if __name__ == "__main__":
    main()
