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

Modules, by what they own: ``articles`` (the ARTICLES and RAW_ARTICLES tables, file kinds,
size limits), ``encodings`` (bytes to text), ``detection`` (outlet signatures and dates),
``folders`` and ``manifests`` (folder corpora), ``tables`` (table corpora), ``loading``
(:func:`load_corpus`, the entry point).
"""

from analysis.corpus.articles import (
    ARTICLES,
    MANIFEST_NAMES,
    MAX_ARTICLE_CHARACTERS,
    MAX_FILE_BYTES,
    RAW_ARTICLES,
    TABLE_SUFFIXES,
    TEXT_SUFFIXES,
    ColumnNames,
    LoadedCorpus,
    printable_name,
    shown,
    too_long,
)
from analysis.corpus.detection import (
    MONTHS,
    OutletSignature,
    dateline_patterns,
    infer_outlet,
    iso_date_from_match,
    normalise_date,
    outlet_signatures,
)
from analysis.corpus.encodings import (
    DecodedText,
    SkippedFile,
    decode_bytes,
    decode_text,
    normalise_newlines,
)
from analysis.corpus.folders import extract_html, read_folder
from analysis.corpus.loading import load_corpus
from analysis.corpus.manifests import MANIFEST_COLUMNS, ManifestRow, read_manifest
from analysis.corpus.tables import read_table, read_table_rows

__all__ = [
    "ARTICLES",
    "MANIFEST_COLUMNS",
    "MANIFEST_NAMES",
    "MAX_ARTICLE_CHARACTERS",
    "MAX_FILE_BYTES",
    "MONTHS",
    "RAW_ARTICLES",
    "TABLE_SUFFIXES",
    "TEXT_SUFFIXES",
    "ColumnNames",
    "DecodedText",
    "LoadedCorpus",
    "ManifestRow",
    "OutletSignature",
    "SkippedFile",
    "dateline_patterns",
    "decode_bytes",
    "decode_text",
    "extract_html",
    "infer_outlet",
    "iso_date_from_match",
    "load_corpus",
    "normalise_date",
    "normalise_newlines",
    "outlet_signatures",
    "printable_name",
    "read_folder",
    "read_manifest",
    "read_table",
    "read_table_rows",
    "shown",
    "too_long",
]
