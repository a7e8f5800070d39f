"""Folder corpora: the text files below a folder (recursively, never following links), their
ids, their text (HTML pages reduced to their main text) and their manifest entries."""

from __future__ import annotations

import os
import stat
from collections import Counter
from pathlib import Path

import polars as pl

from analysis.corpus.articles import (
    MANIFEST_NAMES,
    MAX_ARTICLE_CHARACTERS,
    MAX_FILE_BYTES,
    RAW_ARTICLES,
    TEXT_SUFFIXES,
    LoadedCorpus,
    printable_name,
    too_long,
)
from analysis.corpus.detection import infer_outlet, normalise_date
from analysis.corpus.encodings import SkippedFile, decode_bytes, normalise_newlines
from analysis.corpus.manifests import read_manifest
from analysis.errors import FramelensError, InputWarning


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
