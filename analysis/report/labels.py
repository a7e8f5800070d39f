"""Report subsection: "Labels the lexicon does not know", the top discovered contrast sets.

The sets come from :func:`analysis.discover.discover_contrasts` run on the corpus (or, for a
large corpus, on an even sample of its articles: every k-th article in id order, so the
section stays fast and the same input gives the same sets), leaving out sets whose every
term the loaded lexicon already has.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from analysis.report.markdown import md, percent, quoted, table

if TYPE_CHECKING:
    from analysis.discover import Discovery
    from analysis.results import Analysis

SETS_SHOWN = 8
"""Sets listed in the report."""
MAX_WORDS = 1_500_000
"""Words of text discovery reads at most (an even sample of articles beyond it)."""
OUTLETS_PER_TERM = 2
"""Outlets named per term: those giving it the largest share of the set."""
MIN_SET_USES = 3
"""An outlet is named for a term only if it uses the set's terms at least this often."""


def sampled_articles(articles: pl.DataFrame, max_words: int = MAX_WORDS) -> pl.DataFrame:
    """``articles`` in id order, or every k-th of them when they hold more than ``max_words``
    words (k the smallest step that brings them under it)."""
    ordered = articles.sort("id")
    total = int(ordered["words"].sum()) if "words" in ordered.columns else 0
    if total <= max_words:
        return ordered
    step = -(-total // max_words)
    return ordered.gather_every(step)


def label_discovery(result: Analysis) -> Discovery:
    """The discovered sets the report shows (see the module docstring). Only the sampled
    articles' texts are read."""
    from analysis.discover import discover_contrasts

    chosen = sampled_articles(result.catalogue.select("id", "outlet", "words"))
    texts = (result.stored["texts"].scan(["id", "clean_text"])
             .filter(pl.col("id").is_in(chosen["id"].implode())).collect())
    articles = chosen.join(texts, on="id", how="left", maintain_order="left")
    return discover_contrasts(articles, top=SETS_SHOWN, lexicon=result.lexicon)


def _preferences(contrasts: pl.DataFrame, term: str) -> str:
    """The outlets that give ``term`` the largest share of their uses of its set."""
    rows = (
        contrasts.filter(pl.col("term") == term)
        .join(contrasts.group_by("outlet").agg(set_uses=pl.col("uses").sum()), on="outlet")
        .filter((pl.col("set_uses") >= MIN_SET_USES) & (pl.col("uses") > 0))
        .sort(["share_in_set", "uses", "outlet"], descending=[True, True, False])
        .head(OUTLETS_PER_TERM)
    )
    named = [f"{md(row['outlet'])} {percent(row['share_in_set'])}"
             for row in rows.iter_rows(named=True)]
    return f"{quoted(term)} ({', '.join(named)})" if named else quoted(term)


def labels_section(result: Analysis) -> str:
    """The subsection's markdown."""
    discovery = label_discovery(result)
    parts = [
        "### Labels the lexicon does not know",
        "",
        "Words and phrases that the outlets use in the same contexts but in different "
        "proportions, found in the corpus itself (not in the lexicon). They are candidates "
        "to read, not findings: some name one and the same actor or thing, others only "
        "look alike. Run `framelens discover` for the evidence lines and a draft lexicon "
        "to edit.",
        "",
    ]
    if not discovery.sets:
        return "\n".join(parts + ["No such set was found in this corpus.", ""])
    rows = []
    for found in discovery.sets:
        in_set = discovery.contrasts.filter(pl.col("set") == found.rank)
        rows.append([
            str(found.rank),
            " / ".join(quoted(term) for term in found.terms),
            "; ".join(_preferences(in_set, term) for term in found.terms),
            f"{found.similarity:.2f}",
            f"{found.divergence:.2f}",
        ])
    parts += [
        table(["set", "labels", "outlets that prefer each (share of their uses of the set)",
               "similarity", "divergence"], rows, "lllrr"),
        "",
        "Similarity: how alike the labels' contexts are (cosine, 1 = the same). Divergence: "
        "how differently the outlets split their uses among them (bias-corrected Cramér's V, "
        "0 = alike, 1 = each outlet uses one label only).",
        "",
    ]
    return "\n".join(parts)
