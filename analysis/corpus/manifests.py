"""Manifests: a CSV or JSON file beside a folder corpus mapping each file to its outlet, title,
date and url, read with one-line errors naming the row and column."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from analysis.corpus.articles import find_group_column, shown
from analysis.corpus.detection import normalise_date
from analysis.corpus.encodings import SkippedFile, decode_text, normalise_newlines
from analysis.errors import FramelensError


@dataclass
class ManifestRow:
    outlet: str | None
    title: str | None
    date: str | None
    url: str | None
    group: str | None = None


MANIFEST_COLUMNS = ("file", "path", "outlet", "title", "date", "url")


def read_manifest(
    path: Path, folder: Path, group_column: str | None = None
) -> dict[str, ManifestRow]:
    """Read a manifest (CSV with a header, or JSON list of objects) keyed by relative path.

    Columns: ``file`` (or ``path``), and any of ``outlet``, ``title``, ``date``, ``url``;
    names are matched ignoring case and surrounding spaces, other columns are ignored. A row
    naming a file that does not exist, a path outside the corpus folder or a file listed
    twice, a column named twice, or a value that is not text stops with an error naming the
    manifest and its row.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FramelensError(f"{path}: cannot read manifest ({error.strerror})") from None
    try:
        text = decode_text(data) if data else ""
    except SkippedFile as problem:
        raise FramelensError(f"{path}: cannot read manifest: {problem}") from None
    numbered_rows: list[tuple[int, dict[object, object]]]
    if path.suffix.lower() == ".json":
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as error:
            raise FramelensError(f"{path}:{error.lineno}: manifest is not valid JSON "
                                 f"({error.msg})") from None
        if isinstance(loaded, dict):
            loaded = [{"file": key, **value} if isinstance(value, dict) else {"file": key}
                      for key, value in loaded.items()]
        if not isinstance(loaded, list) or not all(isinstance(row, dict) for row in loaded):
            raise FramelensError(f"{path}: manifest JSON must be a list of objects with a "
                                 "'file' key")
        # JSON rows have no line numbers; the message counts objects from 1.
        numbered_rows = list(enumerate(loaded, start=1))
        keys = {str(key).strip().lower() for row in loaded for key in row}
    else:
        reader = csv.reader(io.StringIO(normalise_newlines(text)))
        try:
            header = next(reader, None)
            if header is None:
                raise FramelensError(f"{path}: manifest is empty")
            numbered_rows = [(reader.line_num, dict(zip(header, values, strict=False)))
                             for values in reader if any(value.strip() for value in values)]
        except csv.Error as error:
            raise FramelensError(f"{path}:{reader.line_num}: manifest is not valid CSV "
                                 f"({error})") from None
        names = [name.strip().lower() for name in header]
        repeated = sorted({name for name in names if name and names.count(name) > 1})
        if repeated:
            raise FramelensError(f"{path}:1: manifest names the column {shown(repeated[0])} "
                                 "twice; keep one")
        keys = set(names)
    if group_column is not None:
        group_column = find_group_column(sorted(keys), group_column.strip().lower(), str(path))
    if numbered_rows and "file" not in keys and "path" not in keys:
        raise FramelensError(f"{path}: manifest has no 'file' column; columns are: "
                             f"{', '.join(sorted(keys)) or '(none)'}")
    manifest: dict[str, ManifestRow] = {}
    folder_resolved = folder.resolve()
    for number, row in numbered_rows:
        where = f"{path}:{number}"
        clean = {str(key).strip().lower(): value for key, value in row.items()}
        for column in MANIFEST_COLUMNS:
            value = clean.get(column)
            if value is not None and not isinstance(value, str | int | float):
                raise FramelensError(f"{where}: manifest value of {column!r} is not text: "
                                     f"{shown(value)}")
        name = str(clean.get("file") or clean.get("path") or "").strip()
        if not name:
            raise FramelensError(f"{where}: manifest row has an empty file name")
        if "\x00" in name:
            raise FramelensError(f"{where}: manifest file name contains a NUL character")
        try:
            target = (folder / name).resolve()
            exists = target.is_file()
        except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop before 3.13
            reason = getattr(error, "strerror", None) or "a symbolic link loop"
            raise FramelensError(f"{where}: manifest names a file that cannot be opened "
                                 f"({reason}): {shown(name)}") from None
        if not target.is_relative_to(folder_resolved):
            raise FramelensError(f"{where}: manifest row points outside the corpus "
                                 f"folder: {shown(name)}")
        if not exists:
            raise FramelensError(f"{where}: manifest names a file that does not exist: "
                                 f"{shown(name)}")
        key = target.relative_to(folder_resolved).as_posix()
        if key in manifest:
            raise FramelensError(f"{where}: file {shown(name)} is listed twice in the manifest")
        manifest[key] = ManifestRow(
            outlet=_text_or_none(clean.get("outlet")),
            title=_text_or_none(clean.get("title")),
            date=normalise_date(_text_or_none(clean.get("date"))),
            url=_text_or_none(clean.get("url")),
            group=_text_or_none(clean.get(group_column)) if group_column else None,
        )
    return manifest


def _text_or_none(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
