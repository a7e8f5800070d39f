"""Documented table schemas and a check that a DataFrame follows one.

Each stage declares the columns of the tables it produces as a :class:`Schema`; tests call
:func:`Schema.check` on real output so the documentation cannot drift from the code.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class Column:
    name: str
    dtype: type[pl.DataType] | pl.DataType
    meaning: str


@dataclass(frozen=True)
class Schema:
    name: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]

    def polars_schema(self) -> dict[str, pl.DataType]:
        return {column.name: column.dtype for column in self.columns}

    def empty(self) -> pl.DataFrame:
        """An empty table with exactly these columns and types."""
        return pl.DataFrame(schema=self.polars_schema())

    def check(self, table: pl.DataFrame) -> None:
        """Raise AssertionError unless ``table`` has these columns, in order, with these types."""
        if table.columns[: len(self.columns)] != self.names:
            raise AssertionError(f"{self.name}: columns {table.columns} != {self.names}")
        for column in self.columns:
            actual = table.schema[column.name]
            if actual != column.dtype and actual != pl.Null:
                raise AssertionError(f"{self.name}.{column.name}: {actual} != {column.dtype}")

    def describe(self) -> str:
        """Markdown table of the columns, for documentation."""
        lines = ["| column | type | meaning |", "|---|---|---|"]
        for column in self.columns:
            lines.append(f"| `{column.name}` | {column.dtype} | {column.meaning} |")
        return "\n".join(lines)
