"""Reading a corpus into the articles table.

A corpus is either a folder of ``.txt``, ``.md`` and ``.html`` files (read recursively, with
an optional manifest mapping files to outlet, title, date and url), or a single table file
(CSV, TSV, JSONL or Parquet) with a text column and an outlet column.

:func:`load_corpus` returns the *raw* articles (the ``RAW_ARTICLES`` columns) plus the
warnings for anything skipped; :func:`analysis.clean.clean_articles` turns them into the
``ARTICLES`` table that every later stage reads. The corpus is only ever read.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path

import polars as pl

from analysis.errors import FramelensError, InputWarning
from analysis.schema import Column, Schema

ARTICLES = Schema(
    "articles",
    (
        Column("id", pl.String, "article id: the file stem for a folder corpus, the id column "
               "(or row number) for a table"),
        Column("outlet", pl.String, "outlet name, or 'unknown'"),
        Column("outlet_source", pl.String, "how the outlet was determined: 'manifest', "
               "'column <name>', 'page: <signature>' or 'unknown'"),
        Column("title", pl.String, "headline, null when the page does not show one"),
        Column("date", pl.String, "publication date as ISO 8601 (YYYY-MM-DD or with time), "
               "or null"),
        Column("url", pl.String, "source address, or null"),
        Column("path", pl.String, "where the text came from: a path relative to the corpus "
               "folder, or '<table file>#<row>'"),
        Column("raw_text", pl.String, "the text as read (decoded, HTML already extracted)"),
        Column("clean_text", pl.String, "the article text after page furniture is removed; every "
               "character offset framelens writes refers to this text"),
        Column("words", pl.Int64, "words in clean_text (analysis.tokens), the denominator of "
               "every rate per 1,000 words"),
        Column("chars_removed", pl.Int64, "characters of raw_text removed as page furniture"),
        Column("lines_removed", pl.Int64, "lines of raw_text removed as page furniture"),
    ),
)

RAW_ARTICLES = Schema("raw articles", ARTICLES.columns[:8])

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".parquet")
MANIFEST_NAMES = ("manifest.csv", "manifest.json")
# A file larger than this is read (it may be a long article) but warned about.
LARGE_FILE_BYTES = 50 * 1024 * 1024


@dataclass
class ColumnNames:
    """Column names chosen by the user for a table corpus (None: look for the usual names)."""

    text: str | None = None
    outlet: str | None = None
    id: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None


@dataclass
class LoadedCorpus:
    """Raw articles (RAW_ARTICLES columns) and what was skipped on the way in."""

    articles: pl.DataFrame
    warnings: list[InputWarning] = field(default_factory=list)
    name: str = "corpus"


# ---------------------------------------------------------------------------------------------
# Reading bytes as text


class SkippedFile(Exception):
    """Raised inside the loader for a file that is skipped with a warning."""


def decode_text(data: bytes) -> str:
    """Decode file bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else detected.

    Text that is not UTF-8 (cp1252, latin-1 and the like) is decoded with the encoding
    charset-normalizer finds most likely; cp1252 is preferred to latin-1 because it is a
    superset for printable text. Raises SkippedFile for binary data.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise SkippedFile(f"invalid UTF-16 text ({error.reason})") from None
    if b"\x00" in data[:8192]:
        raise SkippedFile("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:262144]).best()
    encoding = best.encoding if best is not None else None
    # Detectors cannot tell the Latin-alphabet code pages apart on short texts (they read
    # latin-1 "à" as cp1250 "ŕ"); news in those is overwhelmingly cp1252 or latin-1, which
    # cp1252 decodes alike for letters. Only a non-Latin guess (Cyrillic, Greek, Arabic) is
    # trusted.
    if encoding is None or encoding in _LATIN_CODE_PAGES:
        encoding = "cp1252"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        # Every byte is valid latin-1, so this cannot fail; it keeps the text rather than lose it.
        text = data.decode("latin-1")
    if _looks_binary(text):
        raise SkippedFile("binary file (mostly control characters), not text")
    return text


_LATIN_CODE_PAGES = {
    "ascii", "latin_1", "cp1250", "cp1252", "cp1254", "cp1257", "cp850", "cp858", "mac_roman",
    "mac_latin2", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13",
    "iso8859_14", "iso8859_15", "iso8859_16",
}


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    control = sum(1 for char in sample if ord(char) < 32 and char not in "\t\n\r\f")
    return control / len(sample) > 0.05


def normalise_newlines(text: str) -> str:
    """Turn Windows and old Mac line endings into ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------------------------------------
# Outlet signatures and dates shown on pages


@dataclass(frozen=True)
class OutletSignature:
    outlet: str
    pattern: re.Pattern[str]


@cache
def outlet_signatures() -> tuple[OutletSignature, ...]:
    """The packaged outlet signatures (analysis/data/outlets.toml), compiled once."""
    data = tomllib.loads(resources.files("analysis.data").joinpath("outlets.toml").read_text())
    return tuple(
        OutletSignature(entry["name"], re.compile(pattern, re.IGNORECASE | re.MULTILINE))
        for entry in data["outlet"]
        for pattern in entry["signatures"]
    )


def infer_outlet(raw_text: str) -> tuple[str, str]:
    """Guess the outlet from page furniture; returns (outlet, how it was decided)."""
    for signature in outlet_signatures():
        match = signature.pattern.search(raw_text)
        if match:
            shown = " ".join(match.group(0).split())
            return signature.outlet, f"page: '{shown}'"
    return "unknown", "unknown"


MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


def iso_date_from_match(match: re.Match[str]) -> str | None:
    """ISO 8601 date (with time and offset when shown) from a dateline regex match."""
    parts = match.groupdict()
    try:
        month = int(parts["monthnum"]) if parts.get("monthnum") else MONTHS[parts["month"].lower()]
        moment = datetime(int(parts["year"]), month, int(parts["day"]))
    except (KeyError, ValueError, TypeError):
        return None
    if not 1900 <= moment.year <= 2100:
        return None
    text = moment.date().isoformat()
    if parts.get("hour") is not None and parts.get("minute") is not None:
        hour, minute = int(parts["hour"]), int(parts["minute"])
        if hour > 23 or minute > 59:
            return text
        text += f"T{hour:02d}:{minute:02d}"
        if parts.get("offset"):
            offset = int(parts["offset"])
            text += f"{'+' if offset >= 0 else '-'}{abs(offset):02d}:00"
    return text


def normalise_date(value: object) -> str | None:
    """A manifest or column date as ISO 8601; unparseable dates become None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat().replace(
            "T00:00:00", ""
        )
    except ValueError:
        pass
    from analysis.clean import furniture_rules

    for pattern in furniture_rules().datelines:
        match = pattern.search(text)
        if match:
            return iso_date_from_match(match)
    return None


# ---------------------------------------------------------------------------------------------
# Folder corpora


def _iter_text_files(folder: Path, warnings: list[InputWarning]) -> list[Path]:
    """Text files below ``folder`` in a stable order, without following symbolic links."""
    found: list[Path] = []
    for root, directories, files in os.walk(folder, followlinks=False):
        directories[:] = sorted(d for d in directories if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if name.startswith("."):
                continue
            if path.is_symlink():
                warnings.append(InputWarning(_relative(path, folder),
                                             "symbolic link, not followed"))
                continue
            if name.lower() in MANIFEST_NAMES:
                continue
            if path.suffix.lower() in TEXT_SUFFIXES:
                found.append(path)
            else:
                warnings.append(InputWarning(_relative(path, folder),
                                             f"skipped: not a {'/'.join(TEXT_SUFFIXES)} file"))
    return found


def _relative(path: Path, folder: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return str(path)


def _article_ids(paths: list[Path], folder: Path) -> list[str]:
    """File stems, or relative paths without suffix where two files share a stem."""
    stems = [path.stem for path in paths]
    counts: dict[str, int] = {}
    for stem in stems:
        counts[stem] = counts.get(stem, 0) + 1
    return [
        stem if counts[stem] == 1 else path.relative_to(folder).with_suffix("").as_posix()
        for stem, path in zip(stems, paths, strict=True)
    ]


@dataclass
class ManifestRow:
    outlet: str | None
    title: str | None
    date: str | None
    url: str | None


def read_manifest(path: Path, folder: Path) -> dict[str, ManifestRow]:
    """Read a manifest (CSV with a header, or JSON list of objects) keyed by relative path.

    Columns: ``file`` (or ``path``), and any of ``outlet``, ``title``, ``date``, ``url``.
    A row naming a file that does not exist, or a path outside the corpus folder, stops
    with an error naming the manifest row.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FramelensError(f"{path}: cannot read manifest ({error.strerror})") from None
    text = decode_text(data) if data else ""
    rows: list[dict[str, object]]
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
        rows = loaded
    else:
        reader = csv.DictReader(io.StringIO(normalise_newlines(text)))
        rows = list(reader)
        if reader.fieldnames is None:
            raise FramelensError(f"{path}: manifest is empty")
    if rows:
        keys = {str(key).strip().lower() for key in rows[0] if key is not None}
        file_key = "file" if "file" in keys else "path" if "path" in keys else None
        if file_key is None:
            raise FramelensError(f"{path}: manifest has no 'file' column; columns are: "
                                 f"{', '.join(sorted(keys)) or '(none)'}")
    manifest: dict[str, ManifestRow] = {}
    folder_resolved = folder.resolve()
    for number, row in enumerate(rows, start=2 if path.suffix.lower() != ".json" else 1):
        clean = {str(key).strip().lower(): value for key, value in row.items() if key is not None}
        name = str(clean.get("file") or clean.get("path") or "").strip()
        if not name:
            raise FramelensError(f"{path}:{number}: manifest row has an empty file name")
        target = (folder / name).resolve()
        if not target.is_relative_to(folder_resolved):
            raise FramelensError(f"{path}:{number}: manifest row points outside the corpus "
                                 f"folder: {name!r}")
        if not target.is_file():
            raise FramelensError(f"{path}:{number}: manifest names a file that does not exist: "
                                 f"{name!r}")
        key = target.relative_to(folder_resolved).as_posix()
        if key in manifest:
            raise FramelensError(f"{path}:{number}: file {name!r} is listed twice in the manifest")
        manifest[key] = ManifestRow(
            outlet=_text_or_none(clean.get("outlet")),
            title=_text_or_none(clean.get("title")),
            date=normalise_date(_text_or_none(clean.get("date"))),
            url=_text_or_none(clean.get("url")),
        )
    return manifest


def _text_or_none(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def extract_html(html: str) -> tuple[str, dict[str, str | None]]:
    """Main text and metadata (title, date, site name, url) of an HTML page, via trafilatura."""
    import trafilatura

    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_precision=True,
        deduplicate=True,
    ) or ""
    metadata = trafilatura.extract_metadata(html)
    info: dict[str, str | None] = {"title": None, "date": None, "sitename": None, "url": None}
    if metadata is not None:
        info = {
            "title": metadata.title,
            "date": metadata.date,
            "sitename": metadata.sitename,
            "url": metadata.url,
        }
    return text, info


def read_folder(folder: Path, manifest_path: Path | None = None) -> LoadedCorpus:
    """Read every text, markdown and HTML file below ``folder`` (see module docstring)."""
    warnings: list[InputWarning] = []
    if manifest_path is None:
        for name in MANIFEST_NAMES:
            if (folder / name).is_file():
                manifest_path = folder / name
                break
    manifest = read_manifest(manifest_path, folder) if manifest_path is not None else {}
    paths = _iter_text_files(folder, warnings)
    ids = _article_ids(paths, folder)
    rows = []
    for article_id, path in zip(ids, paths, strict=True):
        relative = _relative(path, folder)
        try:
            size = path.stat().st_size
            if size > LARGE_FILE_BYTES:
                warnings.append(InputWarning(relative, f"very large file ({size // 2**20} MB), "
                                             "read as one article"))
            text = normalise_newlines(decode_text(path.read_bytes()))
        except SkippedFile as problem:
            warnings.append(InputWarning(relative, f"skipped: {problem}"))
            continue
        except OSError as error:
            warnings.append(InputWarning(relative, f"skipped: cannot read ({error.strerror})"))
            continue
        page: dict[str, str | None] = {}
        if path.suffix.lower() in (".html", ".htm"):
            text, page = extract_html(text)
            text = normalise_newlines(text)
        entry = manifest.get(path.resolve().relative_to(folder.resolve()).as_posix())
        if entry is not None and entry.outlet:
            outlet, outlet_source = entry.outlet, "manifest"
        elif page.get("sitename"):
            outlet, outlet_source = str(page["sitename"]), "page: HTML site name"
        else:
            outlet, outlet_source = infer_outlet(text)
        rows.append({
            "id": article_id,
            "outlet": outlet,
            "outlet_source": outlet_source,
            "title": (entry.title if entry else None) or page.get("title"),
            "date": (entry.date if entry else None) or normalise_date(page.get("date")),
            "url": (entry.url if entry else None) or page.get("url"),
            "path": relative,
            "raw_text": text,
        })
    articles = pl.DataFrame(rows, schema=RAW_ARTICLES.polars_schema())
    return LoadedCorpus(articles, warnings, name=folder.resolve().name)


# ---------------------------------------------------------------------------------------------
# Table corpora


@cache
def _known_columns() -> dict[str, list[str]]:
    data = tomllib.loads(resources.files("analysis.data").joinpath("columns.toml").read_text())
    return {key: value for key, value in data.items() if isinstance(value, list)}


def _read_table_file(path: Path) -> pl.DataFrame:
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            return pl.read_parquet(path)
        if suffix in (".jsonl", ".ndjson"):
            return pl.read_ndjson(path, infer_schema_length=None)
        separator = "\t" if suffix == ".tsv" else ","
        data = path.read_bytes()
        text = normalise_newlines(decode_text(data))
        return pl.read_csv(io.StringIO(text), separator=separator, infer_schema=False,
                           truncate_ragged_lines=True)
    except SkippedFile as problem:
        raise FramelensError(f"{path}: cannot read table: {problem}") from None
    except (pl.exceptions.PolarsError, OSError, ValueError) as error:
        message = str(error).strip()
        first_line = message.splitlines()[0] if message else type(error).__name__
        raise FramelensError(f"{path}: cannot read table: {first_line}") from None


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


def read_table(path: Path, columns: ColumnNames | None = None) -> LoadedCorpus:
    """Read a CSV/TSV/JSONL/Parquet table with one article per row."""
    columns = columns or ColumnNames()
    table = _read_table_file(path)
    if len(set(table.columns)) != len(table.columns):
        raise FramelensError(f"{path}: duplicated column names")
    text_col = _pick_column(table, path, "text", columns.text, required=True)
    outlet_col = _pick_column(table, path, "outlet", columns.outlet, required=False)
    id_col = _pick_column(table, path, "id", columns.id, required=False)
    title_col = _pick_column(table, path, "title", columns.title, required=False)
    date_col = _pick_column(table, path, "date", columns.date, required=False)
    url_col = _pick_column(table, path, "url", columns.url, required=False)
    warnings: list[InputWarning] = []
    if outlet_col is None:
        warnings.append(InputWarning(path.name, "no outlet column: outlets inferred from the text "
                                     "where possible (name one with --outlet-col)"))

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
        path=pl.lit(f"{path.name}#") + (row_number + 2).cast(pl.String),
        raw_text=as_text(text_col),
    )
    missing_text = frame.filter(pl.col("raw_text").is_null())
    for row in missing_text.iter_rows(named=True):
        warnings.append(InputWarning(row["path"], "skipped: empty text cell"))
    frame = frame.filter(pl.col("raw_text").is_not_null())
    frame = frame.with_columns(
        raw_text=pl.col("raw_text").str.replace_all("\r\n?", "\n"),
        date=pl.col("date").map_elements(normalise_date, return_dtype=pl.String),
        id=pl.when(pl.col("id").is_null() | (pl.col("id").str.strip_chars() == ""))
        .then(pl.col("path"))
        .otherwise(pl.col("id")),
    )
    frame = _dedupe_ids(frame, warnings)
    known = pl.col("outlet").is_not_null() & (pl.col("outlet") != "")
    inferred = [
        infer_outlet(text) if not has_outlet else (outlet, f"column {outlet_col}")
        for text, outlet, has_outlet in zip(
            frame["raw_text"], frame["outlet"], frame.select(known).to_series(), strict=True
        )
    ]
    frame = frame.with_columns(
        outlet=pl.Series([outlet for outlet, _ in inferred], dtype=pl.String),
        outlet_source=pl.Series([source for _, source in inferred], dtype=pl.String),
    )
    return LoadedCorpus(frame.select(RAW_ARTICLES.names), warnings, name=path.stem)


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


# ---------------------------------------------------------------------------------------------
# Entry point


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
        loaded = read_folder(path, Path(manifest) if manifest else None)
    elif path.suffix.lower() in TABLE_SUFFIXES:
        loaded = read_table(path, columns)
    elif path.suffix.lower() in TEXT_SUFFIXES:
        raise FramelensError(f"{path}: a single article file; give the folder that holds it")
    else:
        raise FramelensError(f"{path}: not a folder or a table file "
                             f"({', '.join(TABLE_SUFFIXES)})")
    if loaded.articles.is_empty():
        raise FramelensError(f"{path}: no readable articles found")
    return loaded
