"""Reading a corpus into the articles table.

(Implementation in progress: the schema below is the contract other stages rely on.)
"""

from __future__ import annotations

import polars as pl

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
        Column("date", pl.String, "publication date as ISO 8601 (YYYY-MM-DD or with time), or null"),
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
