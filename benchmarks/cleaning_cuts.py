"""How much of each article the cleaner removes: the articles it empties or cuts by more than half.

Usage: ``python benchmarks/cleaning_cuts.py CORPUS [CORPUS ...] [--list] [--show ID ...]``

Each CORPUS (a folder or a table file) is loaded and cleaned as ``framelens report`` cleans it
(a table's ``text`` and ``outlet`` columns). For each, prints the number of articles, how many
cleaning empties and how many it cuts by more than half (in words,
:func:`analysis.tokens.count_words`), how many the furniture-safety rule saved (the rules would
have removed most of the text: its sentences were kept, with a warning), and which reasons
removed the most words from those articles. ``--list`` prints every such article (id, outlet,
words before and after, the main reason); ``--show ID`` prints the lines removed from an
article, to read them.

Figures reproduced in docs/cleaning.md:

    PYTHONPATH=. python benchmarks/cleaning_cuts.py \
        ../shared/corpora/allsides-sample/articles.jsonl ../shared/corpora/fakes/articles.jsonl
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import polars as pl

from analysis.clean import clean_batch, repeated_endings, repeated_lines
from analysis.corpus import ColumnNames, load_corpus
from analysis.tokens import count_words


def measure(source: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(pages, removed) for every article of ``source``: id, outlet, raw_words, words,
    prose_restored (the safety rule kept the page's sentences), and the REMOVED_LINES rows."""
    loaded = load_corpus(source, columns=ColumnNames(text="text", outlet="outlet"))
    raw = loaded.articles
    distinct = raw.unique("raw_text", keep="first", maintain_order=True)
    pages, removed = clean_batch(raw, repeated_lines(distinct), repeated_endings(distinct))
    table = pl.concat([raw.select("id", "outlet", "raw_text"), pages], how="horizontal")
    table = table.with_columns(
        raw_words=pl.col("raw_text").map_elements(count_words, return_dtype=pl.Int64),
        prose_restored=(
            pl.col("prose_restored") if "prose_restored" in pages.columns else pl.lit(False)
        ),
    )
    return table.select("id", "outlet", "raw_words", "words", "prose_restored"), removed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--list", action="store_true", help="list every article cut by half")
    parser.add_argument("--show", nargs="*", default=[], help="print the lines removed from ID")
    arguments = parser.parse_args()
    for source in arguments.corpora:
        pages, removed = measure(source)
        with_words = pages.filter(pl.col("raw_words") > 0)
        emptied = with_words.filter(pl.col("words") == 0)
        halved = with_words.filter(
            (pl.col("words") > 0) & (pl.col("words") * 2 < pl.col("raw_words"))
        )
        prose_restored = with_words.filter(pl.col("prose_restored"))
        print(f"{source}: {with_words.height} articles with words")
        print(f"  emptied by cleaning:          {emptied.height}")
        print(f"  cut by more than half:        {halved.height}")
        print(f"  sentences kept by the safety rule: {prose_restored.height}")
        cut = pl.concat([emptied, halved, prose_restored]).unique("id", maintain_order=True)
        lines = removed.join(cut.select("id"), on="id", how="semi")
        reasons: Counter[str] = Counter()
        for text, reason in lines.select("text", "reason").iter_rows():
            reasons[reason] += count_words(text)
        print("  words removed from those articles, by reason:")
        for reason, words in reasons.most_common(12):
            print(f"    {words:>8,}  {reason}")
        if arguments.list:
            for row in cut.iter_rows(named=True):
                mine = lines.filter(pl.col("id") == row["id"])
                counted = Counter()
                for text, reason in mine.select("text", "reason").iter_rows():
                    counted[reason] += count_words(text)
                main_reason = counted.most_common(1)[0][0] if counted else "-"
                whole = " (sentences kept)" if row["prose_restored"] else ""
                print(f"    {row['id']}\t{row['outlet']}\t{row['raw_words']} -> {row['words']}"
                      f"\t{main_reason}{whole}")
        for article_id in arguments.show:
            shown = removed.filter(pl.col("id") == article_id)
            if shown.is_empty():
                continue
            print(f"--- lines removed from {article_id}")
            for number, text, reason in shown.select("line", "text", "reason").iter_rows():
                print(f"{number:>4} [{reason}] {text[:300]}")


if __name__ == "__main__":
    main()
