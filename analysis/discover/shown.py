"""The contrast sets a full analysis keeps (``Analysis.contrasts``): discovery run on the
corpus as the report compares it.

The outlets are compared as the report shows them: with groups or pools (analysis.groups),
each article counts under its unit's name. A large corpus is read as an even sample of its
articles (every k-th in id order), so the stage stays fast and the same input gives the same
sets; sets whose every term the loaded lexicon already has are left out.
"""

from __future__ import annotations

from typing import Protocol

import polars as pl

from analysis.discover.contrasts import discover_contrasts

SETS_KEPT = 8
"""Sets a full analysis keeps (the report lists them all)."""
MAX_WORDS = 1_500_000
"""Words of text discovery reads at most (an even sample of articles beyond it)."""


class Texts(Protocol):
    """A stored table of ``id`` and ``clean_text`` (analysis.stored.StoredTable)."""

    def scan(self, columns: list[str] | None = None) -> pl.LazyFrame: ...


def sampled_articles(articles: pl.DataFrame, max_words: int = MAX_WORDS) -> pl.DataFrame:
    """``articles`` (with ``id`` and ``words``) in id order, or every k-th of them when they
    hold more than ``max_words`` words (k the smallest step that brings them under it)."""
    ordered = articles.sort("id")
    total = int(ordered["words"].sum()) if "words" in ordered.columns else 0
    if total <= max_words:
        return ordered
    step = -(-total // max_words)
    return ordered.gather_every(step)


def shown_contrasts(
    catalogue: pl.DataFrame,
    texts: Texts,
    lexicon=None,
    *,
    names: dict[str, str] | None = None,
    top: int = SETS_KEPT,
) -> pl.DataFrame:
    """The CONTRASTS table (analysis.discover) of the ``top`` sets found in the corpus.

    ``catalogue`` has each article's ``id``, ``outlet`` and ``words``; ``texts`` holds the
    clean texts (only the sampled articles' are read). ``names`` maps each outlet to the
    unit the report shows it under (its group or pool), so the sets compare units; None
    compares the outlets. ``lexicon`` (analysis.lexicon.Lexicon): sets it already knows
    are left out.
    """
    chosen = sampled_articles(catalogue.select("id", "outlet", "words"))
    if names is not None:
        chosen = chosen.with_columns(pl.col("outlet").replace(names))
    read = (texts.scan(["id", "clean_text"])
            .filter(pl.col("id").is_in(chosen["id"].implode())).collect())
    articles = chosen.join(read, on="id", how="left", maintain_order="left")
    return discover_contrasts(articles, top=top, lexicon=lexicon).contrasts
