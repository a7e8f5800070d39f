"""The articles table a corpus is read into (ARTICLES, RAW_ARTICLES), what loading returns, the
file kinds a corpus may hold, the size limits that skip an oversized file, and how names and
values from a corpus are shown in messages."""

from __future__ import annotations

from dataclasses import dataclass, field

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


def printable_name(name: str) -> str:
    """A file name as valid text: bytes that are not UTF-8 (kept by the OS as surrogates)
    become U+FFFD, so the name can go into tables, CSV files and messages."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def shown(value: object, limit: int = 80) -> str:
    """``repr`` of untrusted text for a message, cut to ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def too_long(characters: int) -> str:
    """Why an article of ``characters`` characters is skipped (it is above the limit)."""
    return (f"{characters / 1e6:.1f} million characters, more than the "
            f"{MAX_ARTICLE_CHARACTERS / 1e6:g} million framelens analyses as one article; "
            "split it into articles")


def find_group_column(available: list[str], chosen: str | None, where: str) -> str | None:
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
