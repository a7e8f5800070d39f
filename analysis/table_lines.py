"""Where each row of a table corpus is in its file, as a user finds it: the references that
warnings and the articles table's ``path`` column give for table rows.

- CSV and TSV: ``name:LINE``, the line (from 1, the header being line 1) on which the row's
  record starts; a quoted field may hold line breaks, so a record may span several lines.
- JSON lines: ``name:LINE``, the line (from 1) that holds the row; blank lines, which the
  reader skips, are counted.
- Parquet, or a CSV whose records Python's csv module splits otherwise than polars:
  ``name row N``, the row's position among the data rows, from 1.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path


def csv_record_lines(text: str, separator: str, rows: int) -> list[int] | None:
    """The line (from 1) on which each of the ``rows`` data records of a CSV/TSV ``text``
    (newlines normalised to ``\\n``, header first) starts; None when Python's csv module finds
    another number of records than ``rows`` (polars' count), so the lines cannot be trusted.
    """
    reader = csv.reader(io.StringIO(text), delimiter=separator)
    starts: list[int] = []
    read = 0  # lines read so far
    try:
        for _ in reader:
            starts.append(read + 1)
            read = reader.line_num
    except csv.Error:
        return None
    starts = starts[1:]  # the header
    return starts if len(starts) == rows else None


def json_lines_with_rows(path: Path, rows: int) -> list[int] | None:
    """The line (from 1) of each of the ``rows`` rows of a JSON-lines file: its non-blank
    lines; None when their number is not ``rows``."""
    with path.open("rb") as lines:
        numbers = [number for number, line in enumerate(lines, start=1) if line.strip()]
    return numbers if len(numbers) == rows else None


def row_references(file_name: str, lines: list[int] | None, rows: int) -> list[str]:
    """``name:LINE`` for each row when its ``lines`` are known, else ``name row N`` (from 1)."""
    if lines is None:
        return [f"{file_name} row {number}" for number in range(1, rows + 1)]
    return [f"{file_name}:{line}" for line in lines]
