"""Removing page furniture from scraped articles, and sentence spans.

(Implementation in progress: the schema below is the contract other stages rely on.)
"""

from __future__ import annotations

import polars as pl

from analysis.schema import Column, Schema

SENTENCES = Schema(
    "sentences",
    (
        Column("id", pl.String, "article id"),
        Column("sentence", pl.Int64, "sentence number within the article, from 0"),
        Column("start", pl.Int64, "offset of the first character in clean_text"),
        Column("end", pl.Int64, "offset one past the last character in clean_text"),
    ),
)
