"""The tables a report compares: the per-outlet statistics again, per shown unit.

When the report compares groups, or pools small outlets (analysis.groups), its sections show
units, not outlets. The per-outlet tables stay as they are (the data files keep every outlet);
this module computes the same tables with each outlet's name replaced by its unit's, and the
one-against-the-rest tests (analysis.lexicon.against_rest) for the units.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import polars as pl

from analysis.attribution import summarise_attributions
from analysis.lexicon import Lexicon, framing_rates, term_against_rest, term_differences
from analysis.stored import StoredTable
from analysis.terms import (
    TermMatrix,
    collocates,
    distinctive_terms,
    outlet_similarity,
    outlet_term_counts,
)


@dataclass
class ShownTables:
    """The tables of the report's units (analysis.groups ``UNITS``); for a report that
    shows its outlets as they are, the per-outlet tables themselves. Schemas as documented
    where each is produced, with ``outlet`` holding the unit's name."""

    units: pl.DataFrame
    rates: pl.DataFrame
    differences: pl.DataFrame
    against_rest: pl.DataFrame
    distinctive: pl.DataFrame
    collocates: pl.DataFrame
    outlet_similarity: pl.DataFrame
    attribution_summary: dict[str, pl.DataFrame]


def unit_names(units: pl.DataFrame) -> dict[str, str]:
    """outlet -> the name the report shows it under."""
    return dict(zip(units["outlet"], units["unit"], strict=True))


def relabel(table: pl.DataFrame, names: dict[str, str], *columns: str) -> pl.DataFrame:
    """``table`` with outlet names in ``columns`` (default ``outlet``) replaced by ``names``."""
    columns = columns or ("outlet",)
    return table.with_columns(
        pl.col(column).replace(names) for column in columns if column in table.columns
    )


def vocabulary_by_unit(
    units: pl.DataFrame,
    articles: pl.DataFrame,
    hits: pl.DataFrame,
    *,
    matrix: TermMatrix,
    nearby: pl.DataFrame,
    top: int,
    min_total_count: int,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Distinctive terms, collocates and outlet similarity of the units (in that order),
    from the corpus's term matrix and words near framing terms."""
    names = unit_names(units)
    by_unit = relabel(articles, names)
    # The matrix knows each article's outlet too: relabeled, it sums per unit.
    matrix = replace(matrix, outlets=matrix.outlets.replace(names))
    counts = outlet_term_counts(by_unit, min_total_count=min_total_count, matrix=matrix)
    distinctive = distinctive_terms(by_unit, top=top, counts=counts)
    alike = outlet_similarity(by_unit, counts=counts)
    near = (relabel(nearby, names).group_by("outlet", "term", "collocate", maintain_order=True)
            .agg(pl.col("count").sum()))
    neighbours = collocates(by_unit, relabel(hits, names), counts=counts, nearby=near)
    return distinctive, neighbours, alike


def framing_by_unit(
    units: pl.DataFrame,
    articles: pl.DataFrame,
    hits: pl.DataFrame,
    narration: pl.DataFrame,
    lexicon: Lexicon,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Rates, differences and one-against-the-rest tests of the units (in that order)."""
    names = unit_names(units)
    by_unit, unit_hits = relabel(articles, names), relabel(hits, names)
    rates = framing_rates(unit_hits, by_unit, lexicon, narration=relabel(narration, names))
    return (rates, term_differences(unit_hits, by_unit, lexicon),
            term_against_rest(unit_hits, by_unit, lexicon))


def attribution_by_unit(
    units: pl.DataFrame, attributions: pl.DataFrame, articles: pl.DataFrame,
    quotes: pl.DataFrame,
) -> dict[str, pl.DataFrame]:
    """The attribution summary (analysis.attribution) of the units."""
    names = unit_names(units)
    return summarise_attributions(relabel(attributions, names), relabel(articles, names),
                                  relabel(quotes, names))


class Relabeled:
    """A stored table (analysis.stored) read with its outlet names replaced by units' names:
    what the report's sections read in a report of groups or pools."""

    def __init__(self, table: StoredTable, names: dict[str, str]) -> None:
        self.table = table
        self.names = names
        self.schema = table.schema
        self.height = table.height
        self.files = table.files

    def scan(self, columns: Sequence[str] | None = None) -> pl.LazyFrame:
        """As StoredTable.scan, the ``outlet`` column relabeled."""
        frame = self.table.scan(columns)
        names = list(self.schema) if columns is None else list(columns)
        if "outlet" in names:
            frame = frame.with_columns(pl.col("outlet").replace(self.names))
        return frame

    def read(self, columns: Sequence[str] | None = None) -> pl.DataFrame:
        """As StoredTable.read, the ``outlet`` column relabeled."""
        return self.scan(columns).collect()

    def parts(self, columns: Sequence[str] | None = None) -> Iterator[pl.DataFrame]:
        """As StoredTable.parts, the ``outlet`` column relabeled."""
        for part in self.table.parts(columns):
            yield relabel(part, self.names)


class WithGroup:
    """A stored table read with a ``group`` column after its columns: each row's outlet's
    group (for the data files of a grouped report)."""

    def __init__(self, table: StoredTable, groups: dict[str, str]) -> None:
        self.table = table
        self.groups = groups
        self.schema = pl.Schema(list(table.schema.items()) + [("group", pl.String)])
        self.height = table.height

    def parts(self, columns: Sequence[str] | None = None) -> Iterator[pl.DataFrame]:
        """As StoredTable.parts, with ``group`` where ``columns`` ask for it."""
        names = list(self.schema) if columns is None else list(columns)
        stored = [name for name in names if name != "group"]
        for part in self.table.parts(list(dict.fromkeys([*stored, "outlet"]))):
            yield with_group(part, self.groups).select(names)


def with_group(table: pl.DataFrame, groups: dict[str, str]) -> pl.DataFrame:
    """``table`` with a last column ``group``: the group of each row's ``outlet``."""
    return table.with_columns(
        group=pl.col("outlet").replace_strict(groups, default=None, return_dtype=pl.String))


def outlet_groups(units: pl.DataFrame) -> dict[str, str] | None:
    """outlet -> group from a UNITS table, or None when the report is not grouped."""
    if units["group"].is_null().all():
        return None
    return dict(zip(units["outlet"], units["group"], strict=True))
