"""Report subsection: "Labels the lexicon does not know", the top discovered contrast sets.

The sets are ``Analysis.contrasts``, found by the pipeline's discovery stage
(:func:`analysis.discover.shown_contrasts`) on the corpus as the report compares it; this
module only writes them out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from analysis.discover import sets_of
from analysis.report.markdown import md, percent, quoted, table

if TYPE_CHECKING:
    from analysis.results import Analysis

OUTLETS_PER_TERM = 2
"""Outlets named per term: those giving it the largest share of the set."""
MIN_SET_USES = 3
"""An outlet is named for a term only if it uses the set's terms at least this often."""


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
    contrasts = result.contrasts
    found_sets = sets_of(contrasts)
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
    if not found_sets:
        return "\n".join(parts + ["No such set was found in this corpus.", ""])
    rows = []
    for found in found_sets:
        in_set = contrasts.filter(pl.col("set") == found.rank)
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
