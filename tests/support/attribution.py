"""Helpers of the attribution tests: the attributions found in a few texts."""

from __future__ import annotations

from analysis.attribution import (
    ATTRIBUTIONS,
    find_attributions,
)
from analysis.clean import split_sentences
from analysis.quotes import find_quotes
from support import build_articles


def attribute(*texts: str) -> list[dict]:
    """The ATTRIBUTIONS rows for one article per text (ids a0, a1, ...), as dicts."""
    articles = build_articles({f"a{i}": ("Outlet", text) for i, text in enumerate(texts)})
    table = find_attributions(articles, split_sentences(articles), find_quotes(articles))
    ATTRIBUTIONS.check(table)
    return table.to_dicts()


def pairs(text: str) -> list[tuple[str | None, str]]:
    """(speaker as written, cue) of every attribution in ``text``."""
    return [(row["speaker"], row["cue"]) for row in attribute(text)]
