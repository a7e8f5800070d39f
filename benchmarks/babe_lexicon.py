"""How well a lexicon finds the words annotators marked as biased in the BABE sentences.

    PYTHONPATH=. python benchmarks/babe_lexicon.py                 # general pack, both halves
    PYTHONPATH=. python benchmarks/babe_lexicon.py --lexicon general,immigration --terms dev

BABE (../shared/corpora/babe/) has 7,074 news sentences labelled Biased or Non-biased by
experts, with the words the annotators found biased as character spans. Sentences with an even
number in their id are the development half, odd the check half. For each half it prints:

- marked words caught: the share of annotator-marked word spans that a hit overlaps;
- hits on marked words: the share of hits that overlap a marked word (a precision floor: an
  annotator may leave a loaded word unmarked);
- hits in biased sentences: the share of hits in sentences labelled Biased;
- hits per sentence in Biased and in Non-biased sentences, and their ratio.

Scare quotes count as hits of the lexicon's scare-quotes category (analysis.quotes). With
``--terms HALF`` it also lists each term's hits in that half, for reading terms whose hits miss.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

import polars as pl

from analysis.lexicon import SCARE_QUOTES_TERM, load_lexicon
from analysis.quotes import find_quotes

BABE = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "babe"


def read_babe(folder: Path) -> tuple[pl.DataFrame, dict[str, list[tuple[int, int]]]]:
    """The sentences (id, text, biased, half) and the marked word spans by sentence id."""
    rows = []
    for line in (folder / "sentences.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        digits = re.findall(r"\d+", record["id"])
        half = "dev" if digits and int(digits[-1]) % 2 == 0 else "check"
        rows.append((record["id"], record["text"], record["label_bias"] == "Biased", half))
    sentences = pl.DataFrame(rows, schema=["id", "text", "biased", "half"], orient="row")
    marked: dict[str, list[tuple[int, int]]] = {}
    for line in (folder / "biased_words.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        marked.setdefault(record["doc_id"], []).append((record["start"], record["end"]))
    return sentences, marked


def find_hits(sentences: pl.DataFrame, lexicon) -> list[tuple[str, str, str, int, int]]:
    """Every hit as (id, category, term, start, end), scare quotes included."""
    hits = []
    matcher = lexicon.matcher
    for sentence_id, text in sentences.select("id", "text").iter_rows():
        for category, term, start, end in matcher.find(text):
            hits.append((sentence_id, category, term, start, end))
    category = lexicon.scare_quotes_category
    if category is not None:
        articles = sentences.select("id", clean_text="text")
        quotes = find_quotes(articles).filter(pl.col("kind") == "scare")
        for sentence_id, start, end in quotes.select("id", "start", "end").iter_rows():
            hits.append((sentence_id, category, SCARE_QUOTES_TERM, start, end))
    return hits


def overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < span_end and span_start < end for span_start, span_end in spans)


def measure(sentences, marked, hits) -> dict[str, float]:
    """The figures of one half."""
    ids = set(sentences["id"])
    biased = dict(sentences.select("id", "biased").iter_rows())
    mine = [hit for hit in hits if hit[0] in ids]
    spans = [(i, s, e) for i in ids for s, e in marked.get(i, [])]
    hit_spans: dict[str, list[tuple[int, int]]] = {}
    for sentence_id, _, _, start, end in mine:
        hit_spans.setdefault(sentence_id, []).append((start, end))
    caught = sum(overlaps(s, e, hit_spans.get(i, [])) for i, s, e in spans)
    on_marked = sum(overlaps(s, e, marked.get(i, [])) for i, _, _, s, e in mine)
    words = [hit for hit in mine if hit[2] != SCARE_QUOTES_TERM]
    words_on_marked = sum(overlaps(s, e, marked.get(i, [])) for i, _, _, s, e in words)
    in_biased = sum(biased[i] for i, *_ in mine)
    n_biased = sum(biased[i] for i in ids)
    n_plain = len(ids) - n_biased
    rate_biased = in_biased / n_biased if n_biased else 0.0
    rate_plain = (len(mine) - in_biased) / n_plain if n_plain else 0.0
    return {
        "sentences": len(ids),
        "marked words": len(spans),
        "hits": len(mine),
        "marked words caught": caught / len(spans) if spans else 0.0,
        "hits on marked words": on_marked / len(mine) if mine else 0.0,
        "hits on marked words, terms only": words_on_marked / len(words) if words else 0.0,
        "hits in biased sentences": in_biased / len(mine) if mine else 0.0,
        "hits per Biased sentence": rate_biased,
        "hits per Non-biased sentence": rate_plain,
        "ratio": rate_biased / rate_plain if rate_plain else float("inf"),
    }


def term_table(sentences, marked, hits) -> list[tuple[str, int, int, int]]:
    """(term, hits, on marked words, in biased sentences) for one half, most hits first."""
    ids = set(sentences["id"])
    biased = dict(sentences.select("id", "biased").iter_rows())
    total, on, inside = Counter(), Counter(), Counter()
    for sentence_id, _, term, start, end in hits:
        if sentence_id not in ids:
            continue
        total[term] += 1
        on[term] += overlaps(start, end, marked.get(sentence_id, []))
        inside[term] += biased[sentence_id]
    return [(term, count, on[term], inside[term]) for term, count in total.most_common()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lexicon", default="general", help="packs or files (default general)")
    parser.add_argument("--babe", type=Path, default=BABE, help="the BABE folder")
    parser.add_argument("--terms", choices=["dev", "check"], help="list each term's hits")
    parser.add_argument(
        "--half", choices=["dev", "check"], help="print one half's figures only (tune on dev)"
    )
    arguments = parser.parse_args(argv)
    if not (arguments.babe / "sentences.jsonl").is_file():
        print(f"no BABE corpus at {arguments.babe}", file=sys.stderr)
        return 2
    sentences, marked = read_babe(arguments.babe)
    lexicon = load_lexicon(arguments.lexicon)
    hits = find_hits(sentences, lexicon)
    names = [arguments.half] if arguments.half else ["dev", "check"]
    halves = {half: sentences.filter(pl.col("half") == half) for half in ("dev", "check")}
    figures = {half: measure(halves[half], marked, hits) for half in names}
    print(f"lexicon {lexicon.name} {lexicon.version}: BABE sentences, dev half (even ids) "
          "and check half (odd ids)\n")
    print("| " + " | ".join([f"{'figure':<34}"] + [f"{half:>8}" for half in names]) + " |")
    print("|" + "|".join([f"{'-' * 36}"] + [f"{'-' * 10}" for _ in names]) + "|")
    for name in figures[names[0]]:
        values = [figures[half][name] for half in names]
        shown = [f"{v:.1%}" if isinstance(v, float) and name.startswith(("marked words c",
                 "hits on", "hits in")) else (f"{v:.3f}" if isinstance(v, float) else str(v))
                 for v in values]
        print("| " + " | ".join([f"{name:<34}"] + [f"{v:>8}" for v in shown]) + " |")
    if arguments.terms:
        print(f"\nterms in the {arguments.terms} half: hits, on marked words, in Biased sentences")
        for term, count, on, inside in term_table(halves[arguments.terms], marked, hits):
            print(f"{term:<28} {count:>5} {on:>5} {inside:>5}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
