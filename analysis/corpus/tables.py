"""Table corpora: a CSV, TSV, JSONL or Parquet file with one article per row, its columns picked
by the user's names or the usual ones (analysis/data/columns.toml)."""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from pathlib import Path

import polars as pl

from analysis.corpus.articles import (
    MAX_ARTICLE_CHARACTERS,
    RAW_ARTICLES,
    ColumnNames,
    LoadedCorpus,
    find_group_column,
    printable_name,
    shown,
    too_long,
)
from analysis.corpus.detection import infer_outlet, normalise_date
from analysis.corpus.encodings import SkippedFile, decode_bytes, normalise_newlines
from analysis.errors import FramelensError, InputWarning
from analysis.table_lines import csv_record_lines, json_lines_with_rows, row_references
from analysis.tomlfile import read_packaged


@cache
def _known_columns() -> dict[str, list[str]]:
    data = read_packaged("columns.toml")
    return {key: value for key, value in data.items() if isinstance(value, list)}


def _read_table_file(path: Path) -> tuple[pl.DataFrame, str | None, list[int] | None]:
    """The table, a note on its encoding for CSV and TSV files (or None), and the line of the
    file on which each row starts (None for Parquet, or when unsure: see
    :mod:`analysis.table_lines`)."""
    suffix = path.suffix.lower()
    note = None
    try:
        if suffix == ".parquet":
            return pl.read_parquet(path), None, None
        if suffix in (".jsonl", ".ndjson"):
            try:
                table = pl.read_ndjson(path, infer_schema_length=None)
            except pl.exceptions.PolarsError:
                _raise_for_bad_json_line(path)
                raise
            return table, None, json_lines_with_rows(path, table.height)
        separator = "\t" if suffix == ".tsv" else ","
        decoded = decode_bytes(path.read_bytes())
        text = normalise_newlines(decoded.text)
        note = decoded.note
        _refuse_repeated_header(path, text, separator)
        table = pl.read_csv(io.StringIO(text), separator=separator, infer_schema=False,
                            truncate_ragged_lines=True)
        return table, note, csv_record_lines(text, separator, table.height)
    except SkippedFile as problem:
        raise FramelensError(f"{path}: cannot read table: {problem}") from None
    except (pl.exceptions.PolarsError, OSError, ValueError) as error:
        message = str(error).strip()
        first_line = message.splitlines()[0] if message else type(error).__name__
        raise FramelensError(f"{path}: cannot read table: {first_line}") from None


def _raise_for_bad_json_line(path: Path) -> None:
    """Name the first line of a JSON-lines file that is not a JSON object (if one is not)."""
    with path.open("rb") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as error:  # JSONDecodeError and UnicodeDecodeError
                reason = getattr(error, "msg", None) or "not UTF-8"
                raise FramelensError(f"{path}:{number}: not a JSON object ({reason})") from None
            if not isinstance(row, dict):
                raise FramelensError(f"{path}:{number}: not a JSON object (a "
                                     f"{type(row).__name__})") from None


def _refuse_repeated_header(path: Path, text: str, separator: str) -> None:
    try:
        header = next(csv.reader(io.StringIO(text[:1_000_000]), delimiter=separator), [])
    except csv.Error:
        return  # polars reports what is wrong with the file
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise FramelensError(f"{path}:1: the column {shown(repeated[0])} is named twice; "
                             "rename or remove one")


def _pick_column(table: pl.DataFrame, path: Path, role: str, chosen: str | None,
                 required: bool) -> str | None:
    available = table.columns
    if chosen is not None:
        if chosen not in available:
            raise FramelensError(f"{path}: no column {chosen!r} for the {role} "
                                 f"(--{role}-col); columns are: {', '.join(available)}")
        return chosen
    lowered = {name.lower(): name for name in available}
    for candidate in _known_columns()[role]:
        if candidate in lowered:
            return lowered[candidate]
    if required:
        raise FramelensError(f"{path}: no {role} column found (looked for "
                             f"{', '.join(_known_columns()[role])}); name one with --{role}-col; "
                             f"columns are: {', '.join(available)}")
    return None


def read_table_rows(path: Path) -> tuple[pl.DataFrame, list[str]]:
    """A table corpus's file as read, every column kept, with each row's reference: the
    ``path`` its article gets in the articles table (:mod:`analysis.table_lines`)."""
    table, _, lines = _read_table_file(path)
    return table, row_references(printable_name(path.name), lines, table.height)


def read_table(path: Path, columns: ColumnNames | None = None) -> LoadedCorpus:
    """Read a CSV/TSV/JSONL/Parquet table with one article per row."""
    columns = columns or ColumnNames()
    table, note, lines = _read_table_file(path)
    if len(set(table.columns)) != len(table.columns):
        raise FramelensError(f"{path}: duplicated column names")
    text_col = _pick_column(table, path, "text", columns.text, required=True)
    outlet_col = _pick_column(table, path, "outlet", columns.outlet, required=False)
    id_col = _pick_column(table, path, "id", columns.id, required=False)
    title_col = _pick_column(table, path, "title", columns.title, required=False)
    date_col = _pick_column(table, path, "date", columns.date, required=False)
    url_col = _pick_column(table, path, "url", columns.url, required=False)
    group_col = find_group_column(table.columns, columns.group, str(path))
    for name in (text_col, outlet_col, id_col, title_col, date_col, url_col):
        if name is not None and table.schema[name].is_nested():
            raise FramelensError(f"{path}: column {shown(name)} holds "
                                 f"{table.schema[name]} values, not text; name another column "
                                 "or flatten it")
    file_name = printable_name(path.name)
    warnings: list[InputWarning] = []
    if note:
        warnings.append(InputWarning(file_name, note))
    if outlet_col is None:
        warnings.append(InputWarning(file_name, "no outlet column: outlets inferred from the "
                                     "text where possible (name one with --outlet-col)"))

    def as_text(name: str | None) -> pl.Expr:
        if name is None:
            return pl.lit(None, dtype=pl.String)
        return pl.col(name).cast(pl.String, strict=False)

    row_number = pl.int_range(pl.len(), dtype=pl.Int64)
    frame = table.select(
        id=as_text(id_col) if id_col else (row_number + 1).cast(pl.String),
        outlet=as_text(outlet_col).str.strip_chars(),
        title=as_text(title_col).str.strip_chars(),
        date=as_text(date_col),
        url=as_text(url_col),
        path=pl.Series(row_references(file_name, lines, table.height), dtype=pl.String),
        raw_text=as_text(text_col),
        **({"group": as_text(group_col)} if group_col else {}),
    )
    missing_text = frame.filter(pl.col("raw_text").is_null())
    for row in missing_text.iter_rows(named=True):
        warnings.append(InputWarning(row["path"], "skipped: empty text cell"))
    # Rows are filtered out only when there are some: a filter copies every text.
    if missing_text.height:
        frame = frame.filter(pl.col("raw_text").is_not_null())
    long_text = pl.col("raw_text").str.len_chars() > MAX_ARTICLE_CHARACTERS
    too_long_rows = frame.filter(long_text).select("path", pl.col("raw_text").str.len_chars())
    for row_path, length in too_long_rows.iter_rows():
        warnings.append(InputWarning(row_path, f"skipped: {too_long(length)}"))
    if too_long_rows.height:
        frame = frame.filter(~long_text)
    del table  # a second copy of every text otherwise stays alive until the end of loading
    if frame["raw_text"].str.contains("\r", literal=True).any():  # rare: skip the full copy
        frame = frame.with_columns(raw_text=pl.col("raw_text").str.replace_all("\r\n?", "\n"))
    frame = frame.with_columns(
        date=pl.col("date").map_elements(normalise_date, return_dtype=pl.String),
        id=pl.when(pl.col("id").is_null() | (pl.col("id").str.strip_chars() == ""))
        .then(pl.col("path"))
        .otherwise(pl.col("id")),
    )
    frame = _dedupe_ids(frame, warnings)
    known = pl.col("outlet").is_not_null() & (pl.col("outlet") != "")
    outlets = frame["outlet"].to_list()
    sources = [f"column {outlet_col}"] * frame.height
    # Only the texts of rows without an outlet are read in Python, a slice at a time.
    unknown = frame.with_row_index("row").filter(~known).select("row", "raw_text")
    for offset in range(0, unknown.height, _INFERRED_AT_ONCE):
        part = unknown.slice(offset, _INFERRED_AT_ONCE)
        for row, text in zip(part["row"].to_list(), part["raw_text"].to_list(), strict=True):
            outlets[row], sources[row] = infer_outlet(text)
    del unknown
    frame = frame.with_columns(
        outlet=pl.Series(outlets, dtype=pl.String),
        outlet_source=pl.Series(sources, dtype=pl.String),
    )
    kept = RAW_ARTICLES.names + (["group"] if group_col else [])
    return LoadedCorpus(frame.select(kept), warnings, name=path.stem)


_INFERRED_AT_ONCE = 10_000
"""Rows whose outlet is inferred from a text held as Python strings at once."""


def _dedupe_ids(frame: pl.DataFrame, warnings: list[InputWarning]) -> pl.DataFrame:
    """Give repeated ids a suffix so every article id is unique."""
    counts = frame.group_by("id").len().filter(pl.col("len") > 1)
    if counts.is_empty():
        return frame
    for article_id in sorted(counts["id"].to_list()):
        warnings.append(InputWarning(f"id {article_id}", "id used by several rows; "
                                     "numbered as id~2, id~3, ..."))
    occurrence = pl.int_range(pl.len()).over("id") + 1
    return frame.with_columns(
        id=pl.when(occurrence > 1)
        .then(pl.col("id") + "~" + occurrence.cast(pl.String))
        .otherwise(pl.col("id"))
    )
