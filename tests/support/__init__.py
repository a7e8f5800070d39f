"""Helpers shared by the tests (import as ``from support import ...``; the modules of this
package hold the helpers of one stage's tests, ``from support.terms import ...``)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analysis.corpus import ARTICLES
from analysis.tokens import count_words

PROJECT = Path(__file__).resolve().parent.parent.parent
SEEDS = PROJECT / "seeds"
FAKES = PROJECT.parent / "shared" / "corpora" / "fakes" / "articles.jsonl"

def build_articles(texts: dict[str, tuple[str, str]]) -> pl.DataFrame:
    """An ARTICLES table from ``{id: (outlet, text)}``; the text is taken as already clean."""
    rows = [
        {
            "id": article_id,
            "outlet": outlet,
            "outlet_source": "manifest",
            "title": None,
            "date": None,
            "url": None,
            "path": f"{article_id}.txt",
            "raw_text": text,
            "clean_text": text,
            "words": count_words(text),
            "chars_removed": 0,
            "lines_removed": 0,
            "raw_chars": len(text),
        }
        for article_id, (outlet, text) in texts.items()
    ]
    return pl.DataFrame(rows, schema=ARTICLES.polars_schema())
