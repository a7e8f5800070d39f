"""Reading a corpus into the articles table.

A corpus is either a folder of ``.txt``, ``.md`` and ``.html`` files (read recursively, with
an optional manifest mapping files to outlet, title, date and url), or a single table file
(CSV, TSV, JSONL or Parquet) with a text column and an outlet column.

:func:`load_corpus` returns the *raw* articles (the ``RAW_ARTICLES`` columns) plus the
warnings for anything skipped; :func:`analysis.clean.clean_articles` turns them into the
``ARTICLES`` table that every later stage reads. The corpus is only ever read.

Nothing in a corpus stops a run except a broken manifest or table: a file that cannot be
used (binary, empty, a symbolic link, a pipe, larger than MAX_FILE_BYTES, longer than
MAX_ARTICLE_CHARACTERS once read) is skipped with an :class:`InputWarning` naming it, and a
text whose encoding had to be guessed or repaired is read with a warning saying so.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path

import polars as pl

from analysis.errors import FramelensError, InputWarning
from analysis.schema import Column, Schema
from analysis.table_lines import csv_record_lines, json_lines_with_rows, row_references

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
        Column("raw_chars", pl.Int64, "characters in raw_text (kept when an analysis drops "
               "raw_text to save memory)"),
    ),
)

RAW_ARTICLES = Schema("raw articles", ARTICLES.columns[:8])

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".parquet")
MANIFEST_NAMES = ("manifest.csv", "manifest.json")
# Limits that keep one oversized file from taking a run's time and memory. The longest news
# features run to some 100,000 characters; text beyond these limits is a book, a dump or
# a concatenation, and is skipped with a warning that says to split it.
# A file larger than this is not even read: a text file this large holds more than the
# article limit below anyway, and extracting an HTML page takes about 2.5 s per MB.
MAX_FILE_BYTES = 10 * 2**20
# An article (a file's text after decoding and HTML extraction, or a table cell) longer than
# this many characters (about 300,000 words) is skipped.
MAX_ARTICLE_CHARACTERS = 2_000_000


@dataclass
class ColumnNames:
    """Column names chosen by the user for a table corpus (None: look for the usual names)."""

    text: str | None = None
    outlet: str | None = None
    id: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None
    group: str | None = None
    """A column kept as the articles' ``group`` (``--group-by``); it must exist."""


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


@dataclass(frozen=True)
class DecodedText:
    """Text decoded from bytes, and how: ``note`` says what was guessed or replaced, or None."""

    text: str
    encoding: str
    note: str | None = None


def decode_text(data: bytes) -> str:
    """Decode file bytes to text (see :func:`decode_bytes`); raises SkippedFile for binary data."""
    return decode_bytes(data).text


def decode_bytes(data: bytes) -> DecodedText:
    """Decode file bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else detected.

    Text that is not UTF-8 (cp1252, latin-1 and the like) is decoded with the encoding
    charset-normalizer finds most likely; cp1252 is preferred to latin-1 because it is a
    superset for printable text. UTF-8 text with a few invalid bytes (a truncated or
    spliced file) stays UTF-8, the bad bytes replaced by U+FFFD. ``note`` says when the
    encoding was guessed or bytes were replaced. Raises SkippedFile for binary data.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return DecodedText(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as error:
            raise SkippedFile(f"invalid UTF-16 text ({error.reason})") from None
    if b"\x00" in data[:8192]:
        raise SkippedFile("binary file (contains NUL bytes), not text")
    try:
        return DecodedText(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8-sig", errors="replace")
    bad = replaced.count("\ufffd") - data.count("\ufffd".encode())
    non_ascii = len(replaced) - len(replaced.encode("ascii", "ignore"))
    valid_non_ascii = non_ascii - replaced.count("\ufffd")
    if valid_non_ascii > bad:
        # Mostly UTF-8: a cp1252 or latin-1 text almost never forms valid multi-byte sequences.
        if _looks_binary(replaced):
            raise SkippedFile("binary file (mostly control characters), not text")
        return DecodedText(replaced, "utf-8", f"{bad} invalid UTF-8 byte(s) replaced by U+FFFD")
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
        encoding = "latin-1"
        text = data.decode("latin-1")
    if _looks_binary(text):
        raise SkippedFile("binary file (mostly control characters), not text")
    return DecodedText(text, encoding, f"not UTF-8: read as {encoding}")


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


@cache
def dateline_patterns() -> tuple[re.Pattern[str], ...]:
    """The page-timestamp patterns (``[[dateline]]`` in analysis/data/furniture.toml),
    compiled once; the cleaner uses the same ones to remove timestamps from pages."""
    data = tomllib.loads(resources.files("analysis.data").joinpath("furniture.toml").read_text())
    return tuple(re.compile(entry["pattern"], re.IGNORECASE) for entry in data.get("dateline", []))


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
    for pattern in dateline_patterns():
        match = pattern.search(text)
        if match:
            return iso_date_from_match(match)
    return None


# ---------------------------------------------------------------------------------------------
# Folder corpora


def _iter_text_files(folder: Path, warnings: list[InputWarning]) -> list[Path]:
    """Text files below ``folder`` in a stable order.

    Symbolic links (to files or folders) are not followed, so a link cannot lead out of the
    corpus or round in a loop; other non-regular files (pipes, sockets, devices) are never
    opened, since reading one can block forever. Both are skipped with a warning. Hidden
    files and folders (names starting with '.') are skipped silently.
    """
    found: list[Path] = []
    for root, directories, files in os.walk(folder, followlinks=False, onerror=_raise_unreadable):
        here = Path(root)
        for name in sorted(d for d in directories if not d.startswith(".")):
            if (here / name).is_symlink():
                warnings.append(InputWarning(_relative(here / name, folder),
                                             "skipped: symbolic link to a folder, not followed"))
        directories[:] = sorted(
            d for d in directories if not d.startswith(".") and not (here / d).is_symlink()
        )
        for name in sorted(files):
            path = here / name
            if name.startswith("."):
                continue
            kind = _file_kind(path)
            if kind == "symbolic link":
                warnings.append(InputWarning(_relative(path, folder),
                                             "skipped: symbolic link, not followed"))
                continue
            if kind != "file":
                warnings.append(InputWarning(_relative(path, folder),
                                             f"skipped: a {kind}, not a regular file"))
                continue
            if name.lower() in MANIFEST_NAMES:
                continue
            if path.suffix.lower() in TEXT_SUFFIXES:
                found.append(path)
            else:
                warnings.append(InputWarning(_relative(path, folder),
                                             f"skipped: not a {'/'.join(TEXT_SUFFIXES)} file"))
    return found


def _raise_unreadable(error: OSError) -> None:
    # A subfolder that cannot be listed is a user problem worth stopping for: skipping it
    # silently would drop its articles from the comparison.
    raise FramelensError(f"{error.filename}: cannot list the folder ({error.strerror})")


def _file_kind(path: Path) -> str:
    """'file', 'symbolic link', or what else ``path`` is (without following links)."""
    try:
        mode = path.lstat().st_mode
    except OSError as error:
        return f"file that cannot be examined ({error.strerror})"
    if stat.S_ISLNK(mode):
        return "symbolic link"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def printable_name(name: str) -> str:
    """A file name as valid text: bytes that are not UTF-8 (kept by the OS as surrogates)
    become U+FFFD, so the name can go into tables, CSV files and messages."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _relative(path: Path, folder: Path) -> str:
    try:
        return printable_name(path.relative_to(folder).as_posix())
    except ValueError:
        return printable_name(str(path))


def _article_ids(paths: list[Path], folder: Path) -> list[str]:
    """File stems; where two files share a stem, their paths without suffix, or with it when
    those repeat too ("a.txt" and "a.md"); '~2', '~3' on the rare names still alike (file
    names that differ only in bytes that are not UTF-8)."""
    stems = [printable_name(path.stem) for path in paths]
    bare = [printable_name(path.relative_to(folder).with_suffix("").as_posix()) for path in paths]
    full = [_relative(path, folder) for path in paths]
    stem_counts = Counter(stems)
    bare_counts = Counter(bare)
    chosen = [
        stem if stem_counts[stem] == 1 else name if bare_counts[name] == 1 else whole
        for stem, name, whole in zip(stems, bare, full, strict=True)
    ]
    seen: Counter[str] = Counter()
    ids = []
    for article_id in chosen:
        seen[article_id] += 1
        ids.append(article_id if seen[article_id] == 1 else f"{article_id}~{seen[article_id]}")
    return ids


@dataclass
class ManifestRow:
    outlet: str | None
    title: str | None
    date: str | None
    url: str | None
    group: str | None = None


MANIFEST_COLUMNS = ("file", "path", "outlet", "title", "date", "url")


def shown(value: object, limit: int = 80) -> str:
    """``repr`` of untrusted text for a message, cut to ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


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
        group_column = _group_column(sorted(keys), group_column.strip().lower(), str(path))
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


def too_long(characters: int) -> str:
    """Why an article of ``characters`` characters is skipped (it is above the limit)."""
    return (f"{characters / 1e6:.1f} million characters, more than the "
            f"{MAX_ARTICLE_CHARACTERS / 1e6:g} million framelens analyses as one article; "
            "split it into articles")


def _read_text_file(path: Path) -> tuple[str, str | None]:
    """The text of one article file and a note on its encoding (or None).

    Raises SkippedFile for files that are too large, binary or too long once read.
    """
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SkippedFile(f"file of {size / 2**20:,.0f} MB, larger than the "
                          f"{MAX_FILE_BYTES // 2**20} MB framelens reads; split it into articles")
    decoded = decode_bytes(path.read_bytes())
    text = normalise_newlines(decoded.text)
    if path.suffix.lower() not in (".html", ".htm") and len(text) > MAX_ARTICLE_CHARACTERS:
        raise SkippedFile(too_long(len(text)))
    return text, decoded.note


def read_folder(
    folder: Path, manifest_path: Path | None = None, group_column: str | None = None
) -> LoadedCorpus:
    """Read every text, markdown and HTML file below ``folder`` (see module docstring)."""
    warnings: list[InputWarning] = []
    if manifest_path is None:
        for name in MANIFEST_NAMES:
            if (folder / name).is_file():
                manifest_path = folder / name
                break
    if group_column is not None and manifest_path is None:
        raise FramelensError(f"{folder}: --group-by {group_column} needs a manifest with that "
                             "column (or a table corpus); or give the groups in a file with "
                             "--groups")
    manifest = (read_manifest(manifest_path, folder, group_column)
                if manifest_path is not None else {})
    paths = _iter_text_files(folder, warnings)
    ids = _article_ids(paths, folder)
    folder_resolved = folder.resolve()
    rows = []
    for article_id, path in zip(ids, paths, strict=True):
        relative = _relative(path, folder)
        try:
            text, note = _read_text_file(path)
            page: dict[str, str | None] = {}
            if path.suffix.lower() in (".html", ".htm"):
                text, page = extract_html(text)
                text = normalise_newlines(text)
                if not text.strip():
                    raise SkippedFile("no article text found in the HTML page")
                if len(text) > MAX_ARTICLE_CHARACTERS:
                    raise SkippedFile(too_long(len(text)))
        except SkippedFile as problem:
            warnings.append(InputWarning(relative, f"skipped: {problem}"))
            continue
        except OSError as error:
            warnings.append(InputWarning(relative, f"skipped: cannot read ({error.strerror})"))
            continue
        if note:
            warnings.append(InputWarning(relative, note))
        entry = manifest.get(path.resolve().relative_to(folder_resolved).as_posix())
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
            **({"group": entry.group if entry else None} if group_column else {}),
        })
    schema = RAW_ARTICLES.polars_schema() | ({"group": pl.String} if group_column else {})
    articles = pl.DataFrame(rows, schema=schema)
    return LoadedCorpus(articles, warnings, name=printable_name(folder_resolved.name))


# ---------------------------------------------------------------------------------------------
# Table corpora


@cache
def _known_columns() -> dict[str, list[str]]:
    data = tomllib.loads(resources.files("analysis.data").joinpath("columns.toml").read_text())
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
    group_col = _group_column(table.columns, columns.group, str(path))
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
    frame = frame.filter(pl.col("raw_text").is_not_null())
    long_text = pl.col("raw_text").str.len_chars() > MAX_ARTICLE_CHARACTERS
    for row_path, length in frame.filter(long_text).select(
        "path", pl.col("raw_text").str.len_chars()
    ).iter_rows():
        warnings.append(InputWarning(row_path, f"skipped: {too_long(length)}"))
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
    kept = RAW_ARTICLES.names + (["group"] if group_col else [])
    return LoadedCorpus(frame.select(kept), warnings, name=path.stem)


def _group_column(available: list[str], chosen: str | None, where: str) -> str | None:
    """The column ``--group-by`` names (exact name first, then ignoring case), or None."""
    if chosen is None:
        return None
    if chosen in available:
        return chosen
    lowered = {name.lower(): name for name in available}
    if chosen.lower() in lowered:
        return lowered[chosen.lower()]
    raise FramelensError(f"{where}: no column {chosen!r} to group by (--group-by); columns "
                         f"are: {', '.join(available)}")


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
