"""The entry point: a folder or a table file read into raw articles."""

from __future__ import annotations

from pathlib import Path

from analysis.corpus.articles import TABLE_SUFFIXES, TEXT_SUFFIXES, ColumnNames, LoadedCorpus
from analysis.corpus.folders import read_folder
from analysis.corpus.tables import read_table
from analysis.errors import FramelensError


def load_corpus(
    source: Path | str,
    *,
    manifest: Path | str | None = None,
    columns: ColumnNames | None = None,
) -> LoadedCorpus:
    """Read a corpus folder or table file into raw articles.

    Raises FramelensError (one line, naming the file) when the corpus cannot be used at all.
    """
    path = Path(source)
    if not path.exists():
        raise FramelensError(f"{path}: no such file or folder")
    if path.is_dir():
        loaded = read_folder(path, Path(manifest) if manifest else None,
                             columns.group if columns else None)
    elif path.suffix.lower() in TABLE_SUFFIXES:
        if not path.is_file():
            raise FramelensError(f"{path}: not a regular file (a pipe or a device cannot be "
                                 "read as a table)")
        loaded = read_table(path, columns)
    elif path.suffix.lower() in TEXT_SUFFIXES:
        raise FramelensError(f"{path}: a single article file; give the folder that holds it")
    else:
        raise FramelensError(f"{path}: not a folder or a table file "
                             f"({', '.join(TABLE_SUFFIXES)})")
    if loaded.articles.is_empty():
        skipped = [warning for warning in loaded.warnings if "skipped" in warning.problem]
        reason = (f" ({len(skipped)} skipped; the first: {skipped[0]})" if skipped else "")
        raise FramelensError(f"{path}: no readable articles found{reason}")
    return loaded
