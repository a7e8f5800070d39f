"""How framelens types speakers on real news: the share typed 'unknown', and accuracy on a
hand-labelled sample.

Usage::

    python benchmarks/speaker_types.py [--corpora ../shared/corpora] [--gazetteer FILE]
        [--save DIR] [--sample N --seed S]

Prints, for PolNeAR train, PolNeAR dev and FA-KES, how many attributions framelens finds and the
share of each speaker type, then the typing accuracy on the attributions labelled by hand in
``tests/fixtures/polnear_speaker_types.csv``. ``--save DIR`` writes each corpus's attributions as
``DIR/<corpus>.parquet``, to compare two runs. ``--sample N`` prints (instead of accuracy) a
fresh stratified sample of N PolNeAR attributions in the fixture's columns, to label by hand.

The corpora are read, never copied: ``polnear-dev/articles.jsonl`` and ``fakes/articles.jsonl``.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

import polars as pl

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from analysis.attribution import find_attributions, load_gazetteer  # noqa: E402
from analysis.attribution.context_types import type_across_articles  # noqa: E402
from analysis.clean import clean_articles, split_sentences  # noqa: E402
from analysis.corpus import load_corpus  # noqa: E402
from analysis.quotes import find_quotes  # noqa: E402

FIXTURE = PROJECT / "tests" / "fixtures" / "polnear_speaker_types.csv"
FIXTURE_COLUMNS = ("doc_id", "start", "end", "speaker", "type")


def corpus_attributions(path: Path, gazetteer=None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(articles, attributions) of a table corpus, as framelens finds them."""
    articles = clean_articles(load_corpus(path)).articles
    sentences = split_sentences(articles)
    quotes = find_quotes(articles)
    return articles, find_attributions(articles, sentences, quotes, gazetteer)


def type_shares(attributions: pl.DataFrame) -> pl.DataFrame:
    """speaker_type, count and share of all attributions, most frequent first."""
    return (
        attributions.group_by("speaker_type")
        .agg(pl.len().alias("count"))
        .with_columns((pl.col("count") / pl.col("count").sum()).round(3).alias("share"))
        .sort(["count", "speaker_type"], descending=[True, False])
    )


def original_offsets(raw: str, clean: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of ``clean[start:end]`` in ``raw``: at the same offsets when cleaning kept them,
    else the occurrence of the same text nearest to them; None when ``raw`` lacks the text."""
    span = clean[start:end]
    if raw[start:end] == span:
        return start, end
    best = None
    at = raw.find(span)
    while at >= 0:
        if best is None or abs(at - start) < abs(best - start):
            best = at
        at = raw.find(span, at + 1)
    return None if best is None else (best, best + len(span))


def speakers_by_span(articles: pl.DataFrame, attributions: pl.DataFrame) -> dict:
    """{(doc_id, start, end) in the original text: speaker_type} for attributions with a
    written speaker."""
    texts = {
        row["id"]: (row["raw_text"], row["clean_text"])
        for row in articles.select("id", "raw_text", "clean_text").iter_rows(named=True)
    }
    found = {}
    located = attributions.filter(pl.col("speaker").is_not_null())
    for row in located.select("id", "speaker_start", "speaker_end", "speaker_type").iter_rows():
        doc_id, start, end, type_code = row
        raw, clean = texts[doc_id]
        span = original_offsets(raw, clean, start, end)
        if span is not None:
            found[(doc_id, *span)] = type_code
    return found


def read_fixture(path: Path = FIXTURE) -> list[dict[str, str]]:
    """The hand-labelled rows: doc_id, start, end (in the corpus text), speaker, type."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def accuracy(labelled: list[dict[str, str]], predicted: dict) -> tuple[int, int, list]:
    """(right, compared, wrong rows) of the labelled speakers framelens still finds."""
    right, compared, wrong = 0, 0, []
    for row in labelled:
        key = (row["doc_id"], int(row["start"]), int(row["end"]))
        if key not in predicted:
            continue
        compared += 1
        if predicted[key] == row["type"]:
            right += 1
        else:
            wrong.append((row["speaker"], row["type"], predicted[key]))
    return right, compared, wrong


def stratified_sample(
    articles: pl.DataFrame, attributions: pl.DataFrame, size: int, seed: int
) -> list[dict]:
    """``size`` attributions with a written speaker, an equal share from each outlet (by seed)."""
    found = speakers_by_span(articles, attributions)
    outlet_of = dict(articles.select("id", "outlet").iter_rows())
    by_outlet: dict[str, list] = {}
    for key in sorted(found):
        by_outlet.setdefault(outlet_of[key[0]], []).append(key)
    generator = random.Random(seed)
    outlets = sorted(by_outlet)
    rows = []
    for index, outlet in enumerate(outlets):
        wanted = size // len(outlets) + (1 if index < size % len(outlets) else 0)
        rows.extend(generator.sample(by_outlet[outlet], min(wanted, len(by_outlet[outlet]))))
    raw = dict(articles.select("id", "raw_text").iter_rows())
    return [
        {"doc_id": d, "start": s, "end": e, "speaker": raw[d][s:e], "type": found[(d, s, e)]}
        for d, s, e in sorted(rows)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=PROJECT.parent / "shared" / "corpora")
    parser.add_argument("--gazetteer", type=Path)
    parser.add_argument("--save", type=Path)
    parser.add_argument("--sample", type=int)
    parser.add_argument("--seed", type=int, default=19)
    options = parser.parse_args()
    gazetteer = load_gazetteer(options.gazetteer) if options.gazetteer else None
    polnear = options.corpora / "polnear-dev" / "articles.jsonl"
    fakes = options.corpora / "fakes" / "articles.jsonl"
    if not polnear.exists():
        sys.exit(f"{polnear}: not found; give --corpora the folder that holds polnear-dev/")
    articles, attributions = corpus_attributions(polnear, gazetteer)
    with polnear.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    compartment = pl.DataFrame(
        {"id": [r["id"] for r in rows], "compartment": [r["compartment"] for r in rows]}
    )
    attributions = attributions.join(compartment, on="id", how="left")
    if options.sample:
        writer = csv.DictWriter(sys.stdout, FIXTURE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        typed = type_across_articles(attributions)
        writer.writerows(stratified_sample(articles, typed, options.sample, options.seed))
        return
    # each part typed across its own articles, as analysis.pipeline types a corpus
    tables = {
        "polnear-train": type_across_articles(
            attributions.filter(pl.col("compartment") == "train")
        ),
        "polnear-dev": type_across_articles(attributions.filter(pl.col("compartment") == "dev")),
    }
    if fakes.exists():
        tables["fakes"] = type_across_articles(corpus_attributions(fakes, gazetteer)[1])
    pl.Config.set_tbl_rows(40)
    for name, table in tables.items():
        unknown = table.filter(pl.col("speaker_type") == "unknown").height
        print(f"\n{name}: {table.height} attributions, unknown {unknown / table.height:.3f}")
        print(type_shares(table))
        if options.save:
            options.save.mkdir(parents=True, exist_ok=True)
            table.write_parquet(options.save / f"{name}.parquet")
    if FIXTURE.exists():
        typed = pl.concat([tables["polnear-train"], tables["polnear-dev"]])
        right, compared, wrong = accuracy(read_fixture(), speakers_by_span(articles, typed))
        print(f"\nlabelled: {right} of {compared} typed right ({right / max(compared, 1):.3f});"
              f" {len(read_fixture()) - compared} labelled speakers not found")
        predicted = speakers_by_span(articles, typed)
        pairs = [
            (row["type"], predicted[(row["doc_id"], int(row["start"]), int(row["end"]))])
            for row in read_fixture()
            if (row["doc_id"], int(row["start"]), int(row["end"])) in predicted
        ]
        typed_pairs = [(label, guess) for label, guess in pairs if guess != "unknown"]
        typed_right = sum(label == guess for label, guess in typed_pairs)
        left_unknown = sum(guess == "unknown" and label != "unknown" for label, guess in pairs)
        print(f"  typed (not unknown): {typed_right} of {len(typed_pairs)} right "
              f"({typed_right / max(len(typed_pairs), 1):.3f}); left unknown though a reader "
              f"could type them: {left_unknown}")
        for speaker, label, predicted in wrong:
            print(f"  {speaker!r}: labelled {label}, typed {predicted}")


if __name__ == "__main__":
    main()
