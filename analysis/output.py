"""Writing an output folder atomically, and safe file names.

framelens writes everything under the folder the user chose (``--out``) and nowhere else.
A run first writes all its files into a hidden staging folder inside ``--out``; only when
the run has finished are they moved into place (``os.replace``, atomic per file, all within
a few milliseconds), and files a previous run wrote that this run did not are removed.
A crash or Ctrl-C before that point leaves the previous report exactly as it was.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import unicodedata
from pathlib import Path

import polars as pl

from analysis.errors import FramelensError

STAGING_PREFIX = ".framelens-staging-"
RECORD_NAME = ".framelens-files"


def safe_file_stem(name: str, *, fallback: str = "item", max_length: int = 60) -> str:
    """A file-name stem made from untrusted text (an outlet or article id).

    Keeps letters, digits, '-', '_' and '.', folds accents, replaces everything else
    (path separators, '..', shell metacharacters, spaces) with '_', and never returns an
    empty name, a name starting with '.', or a reserved device name.
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", folded).strip("._-")
    stem = re.sub(r"\.{2,}", "_", stem)[:max_length].strip("._-")
    if not stem or stem.upper() in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}:
        stem = fallback
    return stem


class OutputFolder:
    """Stage files for an output folder, then put them in place all at once.

    Use as a context manager: files written through :meth:`path` or the write helpers go
    to the staging folder; leaving the block without an exception commits them, an
    exception (including KeyboardInterrupt) discards them.
    """

    def __init__(self, out: Path, *, protect: Path | None = None) -> None:
        self.out = Path(out)
        if protect is not None:
            corpus = protect.resolve()
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
                shutil.rmtree(old, ignore_errors=True)
            self.staging = self.out / f"{STAGING_PREFIX}{os.getpid()}"
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
            shutil.rmtree(self.staging, ignore_errors=True)

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

    def write_csv(self, relative: str, table: pl.DataFrame) -> Path:
        """Write a table as UTF-8 CSV (nested values are not allowed in tidy outputs)."""
        target = self.path(relative)
        target.write_text(table_to_csv(table), encoding="utf-8", newline="")
        return target

    def _commit(self) -> None:
        assert self.staging is not None
        previous = _read_record(self.out)
        for relative in self.written:
            destination = self.out / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.staging / relative, destination)
        for relative in sorted(previous - set(self.written)):
            stale = self.out / relative
            if stale.is_file() and not stale.is_symlink():
                stale.unlink()
        record = self.out / RECORD_NAME
        temporary = record.with_name(record.name + ".tmp")
        temporary.write_text("\n".join(sorted(self.written)) + "\n", encoding="utf-8")
        os.replace(temporary, record)


def _read_record(out: Path) -> set[str]:
    record = out / RECORD_NAME
    if not record.is_file():
        return set()
    names = set()
    for line in record.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("/") and ".." not in line.split("/"):
            names.add(line)
    return names


def table_to_csv(table: pl.DataFrame) -> str:
    """CSV text of a table with a header, quoting as needed, floats at full precision."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.iter_rows():
        writer.writerow(["" if value is None else _csv_value(value) for value in row])
    return buffer.getvalue()


def _csv_value(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6g}" if value == value else ""
    return value
