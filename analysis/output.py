"""Writing an output folder atomically, and safe file names.

framelens writes everything under the folder the user chose (``--out``) and nowhere else.
A run first writes all its files into a hidden staging folder inside ``--out``; only when
the run has finished are they moved into place (``os.replace``, atomic per file, all within
a few milliseconds), and files a previous run wrote that this run did not are removed.
A crash or Ctrl-C before that point leaves the previous report exactly as it was. Before
anything moves, every destination is checked: none may lead out of ``--out`` through a
symbolic link, or into the corpus (when the corpus is kept inside ``--out``).
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import shutil
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

import polars as pl

from analysis.errors import FramelensError
from analysis.parallel import interrupts_ignored
from analysis.schema import Column, Schema
from analysis.stored import StoredTable

STAGING_PREFIX = ".framelens-staging-"

_UNFINISHED: set[Path] = set()
"""Staging folders of this process not yet committed or removed."""


def discard_unfinished() -> None:
    """Remove the staging folders this process made and did not finish. A Ctrl-C can land
    where no cleanup code of the folder runs (as ``__enter__`` or ``__exit__`` starts), so
    the command line calls this when it reports an interrupt."""
    for staging in sorted(_UNFINISHED):
        shutil.rmtree(staging, ignore_errors=True)
        _UNFINISHED.discard(staging)
RECORD_NAME = ".framelens-files"


def safe_file_stem(name: str, *, fallback: str = "item", max_length: int = 60) -> str:
    """A file-name stem made from untrusted text (an outlet or article id).

    Keeps letters, digits, '-', '_' and '.', folds accents, replaces everything else
    (path separators, '..', shell metacharacters, spaces) with '_', and never returns an
    empty name, a name starting with '.', '-' or '_' or ending with '.', or a reserved
    device name. A trailing '-' or '_' stays ("...-clinton-" gives "...-clinton-").
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    stem = _trim_stem(re.sub(r"[^A-Za-z0-9._-]+", "_", folded))
    stem = _trim_stem(re.sub(r"\.{2,}", "_", stem)[:max_length])
    if not stem or stem.upper() in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}:
        stem = fallback
    return stem


def _trim_stem(stem: str) -> str:
    # Leading '-' reads as an option on a command line, leading '.' hides a file and a
    # trailing '.' is dropped by Windows.
    return stem.lstrip("._-").rstrip(".")


CLEAN_INDEX_NAME = "index.csv"
CLEAN_INDEX = Schema(
    "clean text index",
    (
        Column("id", pl.String, "article id, as in every data file"),
        Column("outlet", pl.String, "outlet of the article"),
        Column("file", pl.String, "the file in the folder holding the article's cleaned text"),
        Column("path", pl.String, "where the article was read: its file in the corpus "
               "folder, or the table file and line ('articles.csv#12')"),
    ),
)


def article_file_names(ids: Iterable[str]) -> list[str]:
    """A distinct ``.txt`` file name for each article id, in order: the id made safe
    (:func:`safe_file_stem`), with ``_2``, ``_3``, ... added when an earlier id took that
    name (case ignored, as macOS and Windows ignore it). Ids that differ only in what
    :func:`safe_file_stem` replaces get different names, but not names from which the id can
    be read back: ``clean --out`` writes CLEAN_INDEX beside them."""
    names: list[str] = []
    taken: set[str] = set()
    for article_id in ids:
        stem = safe_file_stem(article_id, fallback="article")
        name, number = stem, 1
        while name.casefold() in taken:
            number += 1
            name = f"{stem}_{number}"
        taken.add(name.casefold())
        names.append(f"{name}.txt")
    return names


def write_clean_texts(out: Path, articles: pl.DataFrame, *, protect: Path | None = None) -> int:
    """Write each article's ``clean_text`` (ARTICLES) to a ``.txt`` file in the folder
    ``out`` (named by :func:`article_file_names`), and the index ``index.csv``
    (CLEAN_INDEX) that leads from every id to its file; returns the number of texts.
    ``protect``: the corpus, which the folder must not be in."""
    names = article_file_names(articles["id"])
    with OutputFolder(out, protect=protect) as folder:
        for name, text in zip(names, articles["clean_text"], strict=True):
            folder.write_text(name, text)
        index = articles.select("id", "outlet", file=pl.Series(names, dtype=pl.String),
                                path="path")
        folder.write_csv(CLEAN_INDEX_NAME, index)
    return len(names)


class OutputFolder:
    """Stage files for an output folder, then put them in place all at once.

    Use as a context manager: files written through :meth:`path` or the write helpers go
    to the staging folder; leaving the block without an exception commits them, an
    exception (including KeyboardInterrupt) discards them.
    """

    def __init__(self, out: Path, *, protect: Path | None = None) -> None:
        self.out = Path(out)
        self.protect = protect.resolve() if protect is not None else None
        if self.protect is not None:
            corpus = self.protect
            target = self.out.resolve()
            if target == corpus or (corpus.is_dir() and target.is_relative_to(corpus)):
                raise FramelensError(f"{self.out}: the output folder is inside the corpus "
                                     "folder; choose another --out so the corpus stays untouched")
        if self.out.exists() and not self.out.is_dir():
            raise FramelensError(f"{self.out}: exists and is not a folder")
        self.staging: Path | None = None
        self.written: list[str] = []

    def __enter__(self) -> OutputFolder:
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            for old in self.out.glob(STAGING_PREFIX + "*"):
                if not _staging_in_use(old):
                    shutil.rmtree(old, ignore_errors=True)
            self.staging = self.out / f"{STAGING_PREFIX}{os.getpid()}"
            _UNFINISHED.add(self.staging)  # before it exists, so no interrupt can slip between
            self.staging.mkdir()
        except OSError as error:
            raise FramelensError(f"{self.out}: cannot write the output folder "
                                 f"({error.strerror})") from None
        return self

    def __exit__(self, kind, value, traceback) -> None:
        assert self.staging is not None
        try:
            if kind is None:
                self._commit()
        finally:
            # A pending Ctrl-C (polars may raise the same interrupt twice) is raised as soon
            # as a function starts, so the retry has to be here, around the call.
            while self.staging.exists():
                try:
                    self._discard_staging()
                except KeyboardInterrupt:
                    continue

    def _discard_staging(self) -> None:
        """Remove the staging folder with Ctrl-C (and SIGTERM) ignored meanwhile."""
        assert self.staging is not None
        with interrupts_ignored(termination=True):
            shutil.rmtree(self.staging, ignore_errors=True)
            _UNFINISHED.discard(self.staging)

    def path(self, relative: str) -> Path:
        """Where to write ``relative`` (a '/'-separated name chosen by framelens, not by data)."""
        assert self.staging is not None
        if relative.startswith("/") or ".." in relative.split("/"):
            raise ValueError(f"output names must stay inside the folder: {relative!r}")
        target = self.staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if relative not in self.written:
            self.written.append(relative)
        return target

    def write_text(self, relative: str, text: str) -> Path:
        target = self.path(relative)
        target.write_text(text, encoding="utf-8", newline="\n")
        return target

    def write_csv(self, relative: str, table: pl.DataFrame | StoredTable,
                  columns: Sequence[str] | None = None) -> Path:
        """Write a table as UTF-8 CSV, formatted as :func:`table_to_csv` describes: its
        ``columns`` in that order (all by default). A stored table is written a file at a
        time, never whole in memory, with the same bytes as the table read whole."""
        target = self.path(relative)
        if isinstance(table, StoredTable) or hasattr(table, "parts"):  # or a wrapper of one
            names = list(table.schema) if columns is None else list(columns)
            parts: Iterable[pl.DataFrame] = table.parts(names)
        else:
            names = table.columns if columns is None else list(columns)
            parts = [table.select(names)]
        with target.open("wb") as handle:
            _write_csv(names, parts, handle)
        return target

    def _commit(self) -> None:
        assert self.staging is not None
        previous = _read_record(self.out)
        # Every destination is checked before anything moves, so a refusal changes nothing.
        for relative in self.written:
            problem = self._destination_problem(relative)
            if problem:
                raise FramelensError(f"{self.out / relative}: {problem}")
        # Files of the previous run that this one did not write go, never anything else.
        stale = [relative for relative in sorted(previous - set(self.written))
                 if self._destination_problem(relative) is None]
        for relative in self.written:
            destination = self.out / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.staging / relative, destination)
        for relative in stale:
            old = self.out / relative
            if old.is_file() and not old.is_symlink():
                old.unlink()
        record = self.out / RECORD_NAME
        temporary = record.with_name(record.name + ".tmp")
        temporary.write_text("\n".join(sorted(self.written)) + "\n", encoding="utf-8")
        os.replace(temporary, record)

    def _destination_problem(self, relative: str) -> str | None:
        """Why ``relative`` must not be written under ``out``, or None: it would land outside
        ``out`` (through a symbolic link to a folder elsewhere) or in the corpus (a corpus
        kept inside ``out``, e.g. as ``out/data``)."""
        out = self.out.resolve()
        parent = (self.out / relative).parent
        for folder in [parent, *parent.parents]:
            if folder.exists() and not folder.is_dir():
                return f"cannot be written: {folder} is a file, not a folder"
            if folder == self.out:
                break
        destination = parent.resolve() / Path(relative).name
        if destination.is_dir() and not destination.is_symlink():
            return "cannot be written: a folder of that name is in the way"
        if not destination.is_relative_to(out):
            return ("leads outside the output folder (through a symbolic link); remove the "
                    "link or choose another --out")
        corpus = self.protect
        if corpus is not None and (destination == corpus or destination.is_relative_to(corpus)):
            return "would be written into the corpus; choose an --out that does not hold it"
        return None


def _staging_in_use(folder: Path) -> bool:
    """Whether a staging folder belongs to a framelens run still going (another process)."""
    pid = folder.name.removeprefix(STAGING_PREFIX)
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except (ProcessLookupError, OverflowError):
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True


def _read_record(out: Path) -> set[str]:
    record = out / RECORD_NAME
    if not record.is_file():
        return set()
    try:
        lines = record.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return set()  # an unreadable record only means old files are not cleared away
    names = set()
    for line in lines:
        if line and not line.startswith("/") and ".." not in line.split("/"):
            names.add(line)
    return names


def table_to_csv(table: pl.DataFrame) -> str:
    """CSV text of a table: a header, then one line per row, ending in "\\n".

    Cells are written as Python's ``csv`` module writes them with its default (minimal)
    quoting: a cell with a comma, a double quote or a line feed is put in double quotes, with
    inner quotes doubled; a carriage return alone is not quoted. Missing values and NaN are
    empty cells, except in a one-column table, where an empty row is written ``""`` so that
    it is not a blank line. Floats have six significant digits (``f"{value:.6g}"``), booleans
    are ``true`` / ``false``. Cells are formatted column by column with polars expressions, so
    large tables cost little more than polars' own CSV writer.
    """
    buffer = io.BytesIO()
    _write_csv(table.columns, [table], buffer)
    return buffer.getvalue().decode("utf-8")


def _write_csv(columns: list[str], parts: Iterable[pl.DataFrame], handle: BinaryIO) -> None:
    """Write :func:`table_to_csv`'s bytes (UTF-8) to an open binary file for the table that
    is ``parts`` one after the other (each with the named ``columns``)."""
    header = io.StringIO()
    # The header is one row: the csv module quotes it exactly as the cells below are quoted.
    csv.writer(header, lineterminator="\n").writerow(columns)
    handle.write(header.getvalue().encode("utf-8"))
    if not columns:
        return
    # Rows are made text CSV_ROWS at a time: each cell's text depends on that cell alone, and
    # the text of a whole large table at once would double the memory it takes.
    for rows in itertools.chain.from_iterable(part.iter_slices(CSV_ROWS) for part in parts):
        if rows.height == 0:
            continue
        cells = rows.select(_cell_text(rows, name) for name in rows.columns)
        if rows.width == 1:
            (name,) = rows.columns
            cells = cells.select(
                pl.when(pl.col(name).fill_null("") == "").then(pl.lit('""'))
                .otherwise(pl.col(name)).alias(name))
        # Every cell is already final text (quoted where needed): polars must not quote again.
        cells.write_csv(handle, include_header=False, quote_style="never", null_value="",
                        line_terminator="\n")


CSV_ROWS = 100_000
"""Rows of a table made CSV text at a time."""


def _cell_text(table: pl.DataFrame, name: str) -> pl.Expr:
    """An expression giving column ``name`` as final CSV cell text (null for an empty cell)."""
    column = pl.col(name)
    dtype = table.schema[name]
    if dtype == pl.Boolean or dtype.is_integer():
        return column.cast(pl.String)
    if dtype.is_float():
        return _float_text(table[name])
    if dtype in (pl.String, pl.Categorical, pl.Enum, pl.Null):
        text = column.cast(pl.String)
    else:
        # Dates, lists and the like never reach the report's tables; they are written as the
        # csv module writes any other object, str(value), one value at a time.
        values = [None if value is None else str(value) for value in table[name].to_list()]
        text = pl.lit(pl.Series(name, values, dtype=pl.String))
    quoted = pl.concat_str(pl.lit('"'), text.str.replace_all('"', '""', literal=True),
                           pl.lit('"'))
    return pl.when(text.str.contains('[,"\n]')).then(quoted).otherwise(text).alias(name)


def _float_text(values: pl.Series) -> pl.Expr:
    """Floats as ``f"{value:.6g}"``, NaN and null as an empty cell.

    Python formats each distinct value once (there are few: rates, scores, shares), and the
    column is mapped to the results. Zero is handled apart because -0.0 and 0.0 are one value
    to ``unique`` but print as "-0" and "0".
    """
    column = pl.col(values.name)
    distinct = values.filter(values.is_not_nan() & (values != 0)).unique().to_list()
    texts = [f"{value:.6g}" for value in distinct]
    return (
        pl.when(column.is_nan()).then(pl.lit(None, dtype=pl.String))
        .when(column == 0).then(
            pl.when(1.0 / column < 0).then(pl.lit("-0")).otherwise(pl.lit("0")))
        .otherwise(column.replace_strict(distinct, texts, default=None, return_dtype=pl.String))
        .alias(values.name)
    )
