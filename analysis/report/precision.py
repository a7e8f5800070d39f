"""Precision by reading in the report: each judged term's precision beside its rates.

Shown only when the run was given a judgements file (``--judgements``,
analysis.validation): a column in the rate tables and a note saying how many hits were read
and which terms fall under ``LOW_PRECISION``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from analysis.report.markdown import md, number, quoted
from analysis.validation import LOW_PRECISION

if TYPE_CHECKING:
    from analysis.results import Analysis

COLUMN = "precision by reading"


def precision_cells(result: Analysis) -> dict[tuple[str, str], str] | None:
    """(category, term) -> the precision cell of the rate tables; None without judgements."""
    if result.precision is None:
        return None
    cells = {}
    for row in result.precision.iter_rows(named=True):
        flag = f" **under {LOW_PRECISION:g}**" if row["precision"] < LOW_PRECISION else ""
        cells[(row["category"], row["term"])] = (
            f"{row['precision']:.2f} ({number(row['ci_low'], 2)}–{number(row['ci_high'], 2)}; "
            f"{row['judged']} read){flag}"
        )
    return cells


def precision_note(result: Analysis) -> str:
    """How many hits were judged, and the terms under LOW_PRECISION; "" without judgements."""
    if result.precision is None:
        return ""
    table = result.precision
    judged = int(table["judged"].sum())
    relevant = int(table["relevant"].sum())
    low = table.filter(pl.col("precision") < LOW_PRECISION).sort("precision", "term")
    name = md(result.options.judgements.name) if result.options.judgements else "a file"
    parts = [
        f"Precision by reading: a reader judged {number(judged)} hits of {table.height} "
        f"terms ({name}) and found {number(relevant)} of them to be the framing the term stands "
        "for. A term's precision is the share of its judged hits that were; the interval is a "
        "95% Wilson interval. Rates of a term with low precision count many uses that are "
        "not that framing.",
        "",
    ]
    if low.is_empty():
        parts += [f"No judged term is under {LOW_PRECISION:g}.", ""]
    else:
        listed = ", ".join(f"{quoted(row['term'])} ({row['precision']:.2f}, "
                           f"{row['judged']} read)" for row in low.iter_rows(named=True))
        parts += [f"Under {LOW_PRECISION:g}: {listed}. Narrow these terms (exclude, a "
                  "pattern) or read their rates with care.", ""]
    return "\n".join(parts)
