"""How well framelens groups articles into events: adjusted Rand index against a grouping.

    python benchmarks/events_eval.py planted            # the planted events (generated text)
    python benchmarks/events_eval.py planted --kind left_right --seed 2   # one planted set
    python benchmarks/events_eval.py seeds --seeds 6    # every planted kind, seeds 1-6: min, median
    python benchmarks/events_eval.py fit                # refit the link weights (seeds 101-104)
    python benchmarks/events_eval.py pairs fakes --sample 30   # pairs to read and judge
    python benchmarks/events_eval.py fakes              # FA-KES, weak reference (see below)
    python benchmarks/events_eval.py allsides           # allsides-sample, weak reference
    python benchmarks/events_eval.py FILE --event COLUMN   # any table with a gold column
    ... --window 3 --score 0.5 --floor 0.15 --terms 40 --undated 0.2

Prints the adjusted Rand index (sklearn.metrics.adjusted_rand_score), the number of events
found and in the reference, pairwise precision and recall (pairs of articles put together),
and the CPU seconds spent grouping (analysing the texts included, loading and cleaning not).

References:
- planted: the events planted by benchmarks/planted_events.py (exact): ``--kind syria`` (the
  default, planted_articles) or one of its SET_KINDS (planted_set);
- fakes: FA-KES has no event ids; articles are put together when they share the dataset's
  ``location`` and the crowd's ``cause_of_death`` and their dates are at most 2 days apart
  (connected groups of such pairs). A weak key: one place can see two attacks of one kind
  in three days, and an article's location is the crowd's reading;
- allsides: allsides-sample has no story ids; the key is the same ``topic`` and the same
  date, which puts different stories of one topic and day together: only a rough check.

``--undated SHARE`` removes the date of that share of articles (chosen with a fixed seed),
to measure grouping by text alone.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl
from sklearn.metrics import adjusted_rand_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from analysis.events import EventOptions, events_of_texts  # noqa: E402
from analysis.events.alignment import day_numbers  # noqa: E402
from analysis.pipeline import Options, prepare  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"


def cleaned(path: Path) -> pl.DataFrame:
    """The articles of a table file after framelens's loading and cleaning."""
    return prepare(path, Options()).articles


def fakes_reference(path: Path) -> pl.DataFrame:
    """(id, reference) for FA-KES: connected groups of same location + cause, dates <= 2 days
    apart."""
    import json

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    table = pl.DataFrame(
        {
            "id": [row["id"] for row in rows],
            "key": [f"{row.get('location')}|{_cause(row)}" for row in rows],
            "date": [row.get("date") for row in rows],
        }
    )
    return _connected_by_key(table, days=2)


def _cause(row: dict) -> str | None:
    return (row.get("crowd_extraction") or {}).get("cause_of_death")


def allsides_reference(path: Path) -> pl.DataFrame:
    """(id, reference) for allsides-sample: the same topic and date (undated: alone)."""
    table = pl.read_ndjson(path).select("id", "topic", "date")
    return table.select(
        "id",
        reference=pl.when(pl.col("date").is_not_null())
        .then(pl.concat_str("topic", "date", separator="|"))
        .otherwise(pl.col("id")),
    )


def _connected_by_key(table: pl.DataFrame, days: int) -> pl.DataFrame:
    """Groups of rows with the same ``key`` whose dates chain within ``days`` days."""
    table = table.with_columns(day=pl.Series(day_numbers(table["date"])))
    groups: dict[str, str] = {}
    for (_key,), part in table.sort("day", "id").group_by(["key"], maintain_order=True):
        current, last = None, None
        for article_id, day in part.select("id", "day").iter_rows():
            if day < 0 or last is None or day - last > days:
                current = article_id
            groups[article_id] = current
            last = day if day >= 0 else last
    return table.select("id", reference=pl.col("id").replace_strict(groups))


def pair_scores(found: np.ndarray, reference: np.ndarray) -> tuple[float, float]:
    """Pairwise precision and recall of putting articles together."""
    def pairs(labels: np.ndarray) -> set[tuple[int, int]]:
        out = set()
        for label in np.unique(labels):
            members = np.flatnonzero(labels == label)
            out.update((int(a), int(b)) for i, a in enumerate(members) for b in members[i + 1:])
        return out

    found_pairs, reference_pairs = pairs(found), pairs(reference)
    both = len(found_pairs & reference_pairs)
    precision = both / len(found_pairs) if found_pairs else 1.0
    recall = both / len(reference_pairs) if reference_pairs else 1.0
    return precision, recall


def evaluate(articles: pl.DataFrame, reference: pl.DataFrame, options: EventOptions,
             undated: float) -> dict[str, float]:
    if undated > 0:
        chooser = random.Random(0)
        drop = {article_id for article_id in articles["id"].sort().to_list()
                if chooser.random() < undated}
        articles = articles.with_columns(
            date=pl.when(pl.col("id").is_in(list(drop))).then(None).otherwise(pl.col("date")))
    started = time.process_time()
    events = events_of_texts(articles, options)
    seconds = time.process_time() - started
    joined = events.join(reference, on="id", how="inner").sort("id")
    found = joined["event"].to_numpy()
    truth = joined["reference"].cast(pl.String).to_numpy()
    _, truth_codes = np.unique(truth, return_inverse=True)
    precision, recall = pair_scores(found, truth_codes)
    return {
        "articles": joined.height,
        "undated": int(joined["date"].null_count()),
        "ari": adjusted_rand_score(truth_codes, found),
        "events found": int(np.unique(found).size),
        "reference events": int(np.unique(truth_codes).size),
        "multi-outlet events found": int(
            events.filter(pl.col("outlet_count") > 1)["event"].n_unique()),
        "pair precision": precision,
        "pair recall": recall,
        "cpu seconds": seconds,
    }


def planted_table(kind: str, seed: int) -> pl.DataFrame:
    """The planted articles of one kind and seed (with their ``event``)."""
    from planted_events import planted_articles, planted_set

    return planted_articles(seed=seed) if kind == "syria" else planted_set(kind, seed=seed)


def print_planted_kinds(options: EventOptions, seeds: int) -> int:
    """The adjusted Rand index of every planted kind over seeds 1..``seeds``: each seed's, the
    minimum and the median."""
    from planted_events import SET_KINDS

    for kind in ("syria", *SET_KINDS):
        scores = []
        for seed in range(1, seeds + 1):
            planted = planted_table(kind, seed)
            figures = evaluate(planted.rename({"text": "clean_text"}).drop("event"),
                               planted.select("id", reference=pl.col("event")), options, 0.0)
            scores.append(figures["ari"])
        values = " ".join(f"{value:.3f}" for value in scores)
        print(f"{kind:>14}: min {min(scores):.3f}  median {float(np.median(scores)):.3f}  "
              f"({values})")
    return 0


TRAINING_SEEDS = range(101, 105)
"""Seeds of the planted sets the link weights are fitted on (the figures use seeds 1-6)."""


def fit_link_weights(options: EventOptions) -> int:
    """Fit the logistic link rule on the candidate pairs of planted sets of every kind
    (seeds ``TRAINING_SEEDS``; a pair is positive when its articles tell one planted event)
    and print the weights to put in analysis/events/evidence.py."""
    from planted_events import SET_KINDS
    from sklearn.linear_model import LogisticRegression

    from analysis.events.alignment import scored_pairs
    from analysis.events.evidence import KINDS, event_vectors
    from analysis.terms import comparison_vectors, term_matrix
    from analysis.tokens import count_words

    features, labels = [], []
    for kind in SET_KINDS:  # the Syrian set's copies of one template are too alike to teach
        for seed in TRAINING_SEEDS:
            planted = planted_table(kind, seed).rename({"text": "clean_text"}).sort("id")
            planted = planted.with_columns(
                words=pl.col("clean_text").map_elements(count_words, return_dtype=pl.Int64))
            matrix = term_matrix(planted.select("id", "outlet", "clean_text", "words"))
            weights = event_vectors(comparison_vectors(matrix, planted), options.event_terms)
            days = day_numbers(planted["date"])
            first, second, evidence = scored_pairs(planted, weights, days, options)
            event = planted["event"].to_numpy()
            features.append(evidence)
            labels.append(event[first] == event[second])
    x, y = np.vstack(features), np.concatenate(labels)
    model = LogisticRegression(C=1.0, max_iter=1000).fit(x, y)
    print(f"{y.size} candidate pairs, {int(y.sum())} of one event")
    print("LINK_WEIGHTS = {" + ", ".join(
        f'"{kind}": {weight:.2f}' for kind, weight in zip(KINDS, model.coef_[0], strict=True))
        + "}")
    print(f"LINK_INTERCEPT = {model.intercept_[0]:.2f}")
    return 0


def print_pairs_to_read(name: str, sample: int) -> int:
    """Print, to be read and judged by hand, ``sample`` pairs of articles of different
    outlets (for allsides, of different leanings) that the grouping puts in one event, and,
    for FA-KES, ``sample`` pairs it keeps apart that share the dataset's ``location`` and are
    dated at most a day apart: headline, date and first 300 characters of each (seed 7)."""
    import json

    path = CORPORA / ("fakes/articles.jsonl" if name == "fakes"
                      else "allsides-sample/articles.jsonl")
    key = "location" if name == "fakes" else "allsides_bias"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    raw = pl.DataFrame({"id": [row["id"] for row in records],
                        key: [row.get(key) for row in records]}, schema={"id": pl.String,
                                                                          key: pl.String})
    articles = cleaned(path).join(raw.select("id", key), on="id", how="left")
    events = events_of_texts(articles.drop(key))
    table = articles.join(events.select("id", "event"), on="id").sort("id")
    rows = table.select("id", "outlet", "date", "title", "clean_text", key, "event").rows()
    day = dict(zip(table["id"], day_numbers(table["date"]).tolist(), strict=True))
    linked, apart = [], []
    for i, one in enumerate(rows):
        for other in rows[i + 1:]:
            if one[1] == other[1]:
                continue
            if one[6] == other[6] and (name == "fakes" or one[5] != other[5]):
                linked.append((one, other))
            elif (name == "fakes" and one[5] == other[5] and day[one[0]] >= 0
                  and day[other[0]] >= 0 and abs(day[one[0]] - day[other[0]]) <= 1):
                apart.append((one, other))
    chooser = random.Random(7)
    for title, pairs in (("LINKED", linked), ("APART", apart)):
        if not pairs:
            continue
        print(f"== {title}: {len(pairs)} pairs, {min(sample, len(pairs))} shown")
        for number, pair in enumerate(chooser.sample(pairs, min(sample, len(pairs))), 1):
            for article in pair:
                text = article[4][:300].replace("\n", " ")
                print(f"{number:>3} {article[1]} {article[2]} [{article[5]}] {article[3]}\n"
                      f"      {text}")
            print()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set", help="planted, seeds, fit, pairs, fakes, allsides, or a table file")
    parser.add_argument("corpus", nargs="?", default="fakes", help="pairs: fakes or allsides")
    parser.add_argument("--event", default="event", help="the gold column of a table file")
    parser.add_argument("--window", type=int, default=EventOptions.window_days)
    parser.add_argument("--score", type=float, default=EventOptions.event_score)
    parser.add_argument("--floor", type=float, default=EventOptions.link_floor)
    parser.add_argument("--terms", type=int, default=EventOptions.event_terms)
    parser.add_argument("--undated", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=1, help="planted: the generator's seed")
    parser.add_argument("--kind", default="syria", help="planted: syria or a planted_set kind")
    parser.add_argument("--sample", type=int, default=30, help="pairs: how many of each")
    parser.add_argument("--seeds", type=int, default=6, help="seeds: how many seeds, from 1")
    arguments = parser.parse_args(argv)
    options = EventOptions(window_days=arguments.window, event_terms=arguments.terms,
                           link_floor=arguments.floor, event_score=arguments.score)
    if arguments.set == "pairs":
        return print_pairs_to_read(arguments.corpus, arguments.sample)
    if arguments.set == "fit":
        return fit_link_weights(options)
    if arguments.set == "seeds":
        return print_planted_kinds(options, arguments.seeds)
    if arguments.set == "planted":
        planted = planted_table(arguments.kind, arguments.seed)
        articles = planted.rename({"text": "clean_text"}).drop("event")
        reference = planted.select("id", reference=pl.col("event"))
    elif arguments.set in ("fakes", "allsides"):
        path = CORPORA / ("fakes/articles.jsonl" if arguments.set == "fakes"
                          else "allsides-sample/articles.jsonl")
        if not path.exists():
            print(f"{path}: not found (the development corpora are not here)")
            return 1
        articles = cleaned(path)
        reference = (fakes_reference if arguments.set == "fakes" else allsides_reference)(path)
    else:
        path = Path(arguments.set)
        table = pl.read_ndjson(path) if path.suffix == ".jsonl" else pl.read_csv(path)
        articles = cleaned(path)
        reference = table.select("id", reference=pl.col(arguments.event).cast(pl.String))
    figures = evaluate(articles, reference, options, arguments.undated)
    for name, value in figures.items():
        print(f"{name:>26}: {value:.3f}" if isinstance(value, float) else f"{name:>26}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
