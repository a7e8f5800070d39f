"""Judgements by reading: a sample file marked y / n, and each term's precision from it.

A judgements file is a CSV with at least the columns ``id``, ``term``, ``start``, ``end``
and ``relevant`` (the file ``framelens lexicon sample`` writes, filled in). ``relevant`` is
y or n (also yes / no, any case, spaces around ignored) or blank for a hit not judged yet.
Each row is matched to a framing hit of the corpus by (id, start, end, term). Any problem
(a missing column, an offset that is not a whole number, another value in ``relevant``, a
hit judged twice, a row that matches no hit of this corpus and lexicon) stops the run with
one line naming the file and its line.
"""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl

from analysis.errors import FramelensError
from analysis.schema import Column, Schema
from analysis.stats import wilson_interval
from analysis.validation.sampling import unguard

REQUIRED = ("id", "term", "start", "end", "relevant")
"""Columns a judgements file must have."""
YES = ("y", "yes")
NO = ("n", "no")
LOW_PRECISION = 0.8
"""The report flags terms whose precision by reading is below this."""

JUDGEMENTS = Schema(
    "judgements",
    (
        Column("id", pl.String, "article id"),
        Column("term", pl.String, "canonical term"),
        Column("start", pl.Int64, "offset of the hit"),
        Column("end", pl.Int64, "offset one past the hit"),
        Column("relevant", pl.Boolean, "true (y) or false (n); rows left blank are dropped"),
        Column("line", pl.Int64, "line of the file the judgement is on"),
    ),
)

TERM_PRECISION = Schema(
    "term_precision",
    (
        Column("term", pl.String, "canonical term"),
        Column("judged", pl.Int64, "hits of the term judged y or n"),
        Column("relevant", pl.Int64, "hits judged y"),
        Column("precision", pl.Float64, "relevant / judged (0-1)"),
        Column("ci_low", pl.Float64, "lower end of the 95% Wilson interval of precision"),
        Column("ci_high", pl.Float64, "upper end of the 95% Wilson interval of precision"),
        Column("category", pl.String, "lexicon category of the term"),
        Column("hits", pl.Int64, "hits of the term in the whole corpus"),
    ),
)


def read_judgements(path: Path | str) -> pl.DataFrame:
    """The judged rows of a judgements file (``JUDGEMENTS``), blank ones left out.

    Raises FramelensError naming the file and line of the first problem."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return _read(path, csv.reader(handle))
    except UnicodeDecodeError as error:
        raise FramelensError(f"{path}: not UTF-8 text ({error.reason}); save the judgements "
                             "as UTF-8 CSV") from None
    except csv.Error as error:
        raise FramelensError(f"{path}: not a readable CSV file ({error})") from None
    except FileNotFoundError:
        raise FramelensError(f"{path}: no such judgements file") from None


def _read(path: Path, reader) -> pl.DataFrame:
    header = next(reader, None)
    if header is None:
        raise FramelensError(f"{path}:1: the judgements file is empty; it needs the columns "
                             f"{', '.join(REQUIRED)} (as `framelens lexicon sample` writes them)")
    names = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise FramelensError(f"{path}:1: missing column(s) {', '.join(missing)}; a judgements "
                             f"file needs {', '.join(REQUIRED)} (as `framelens lexicon sample` "
                             "writes them)")
    where = {name: names.index(name) for name in REQUIRED}
    rows = []
    seen: dict[tuple[str, int, int, str], int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) < len(names):
            cells = cells + [""] * (len(names) - len(cells))
        value = cells[where["relevant"]].strip().lower()
        if value in YES:
            relevant = True
        elif value in NO:
            relevant = False
        elif value == "":
            continue
        else:
            shown = cells[where["relevant"]].strip()[:20]
            raise FramelensError(f"{path}:{line}: relevant is {shown!r}; write y or n (or yes "
                                 "/ no), or leave it blank for a hit not judged")
        article = unguard(cells[where["id"]])
        term = unguard(cells[where["term"]])
        offsets = []
        for name in ("start", "end"):
            text = cells[where[name]].strip()
            if not text.isdigit():
                raise FramelensError(f"{path}:{line}: {name} is {text[:20]!r}, not a whole "
                                     "number of characters")
            offsets.append(int(text))
        key = (article, offsets[0], offsets[1], term)
        if key in seen:
            raise FramelensError(f"{path}:{line}: this hit is judged twice (also on line "
                                 f"{seen[key]})")
        seen[key] = line
        rows.append((article, term, offsets[0], offsets[1], relevant, line))
    return pl.DataFrame(rows, schema=JUDGEMENTS.polars_schema(), orient="row")


def term_precision(judgements: pl.DataFrame, hits: pl.DataFrame,
                   source: Path | str = "judgements") -> pl.DataFrame:
    """Each judged term's precision (``TERM_PRECISION``), sorted by category and term.

    ``judgements`` follows ``JUDGEMENTS``; ``hits`` has the HITS columns ``id``, ``category``,
    ``term``, ``start``, ``end``. A judgement that matches no hit raises FramelensError naming
    its line in ``source``."""
    keys = ["id", "start", "end", "term"]
    found = judgements.join(hits.select(*keys, "category").unique(keys), on=keys, how="left",
                            maintain_order="left")
    unknown = found.filter(pl.col("category").is_null())
    if not unknown.is_empty():
        row = unknown.row(0, named=True)
        raise FramelensError(
            f"{source}:{row['line']}: no framing hit '{row['term']}' at {row['start']}-"
            f"{row['end']} in article {row['id']!r} of this corpus (was the sample made from "
            "another corpus or lexicon?)")
    totals = hits.group_by("term").agg(hits=pl.len())
    table = (
        found.group_by("category", "term")
        .agg(judged=pl.len(), relevant=pl.col("relevant").sum().cast(pl.Int64))
        .join(totals, on="term", how="left")
        .sort("category", "term")
    )
    low, high = wilson_interval(table["relevant"].to_numpy(), table["judged"].to_numpy())
    table = table.with_columns(
        judged=pl.col("judged").cast(pl.Int64),
        precision=pl.col("relevant") / pl.col("judged"),
        ci_low=pl.Series(low),
        ci_high=pl.Series(high),
        hits=pl.col("hits").cast(pl.Int64),
    )
    return table.select(TERM_PRECISION.names)
