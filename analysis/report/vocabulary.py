"""Report section 4: distinctive vocabulary, neighbours of framing terms, and near-copies."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from analysis.report.defaults import COLLOCATE_TERMS, COLLOCATES_SHOWN, COPIES_LISTED
from analysis.report.markdown import md, number, percent, quoted, table
from analysis.terms import SIMILARITY_FLOOR

if TYPE_CHECKING:
    from analysis.report.figures import Figures
    from analysis.results import Analysis

METHOD_LABELS = {
    "tfidf": "TF-IDF",
    "log_odds": "log-odds z",
    "log_likelihood": "log-likelihood G2",
}


def _term_cell(row: dict | None) -> str:
    if row is None:
        return ""
    score = number(row["score"], 2 if row["method"] == "tfidf" else 1)
    extra = ""
    if row["method"] == "log_likelihood" and row["effect_size"] is not None:
        extra = f", log ratio {number(row['effect_size'])}"
    return f"{md(row['term'])} ({score}{extra}; {row['count_outlet']}×)"


def distinctive_tables(result: Analysis, top: int) -> str:
    distinctive = result.distinctive
    if distinctive.is_empty():
        return ("No outlet uses any word or phrase often enough (at least 3 times) to be "
                "listed as distinctive.\n")
    parts = []
    for outlet in result.outlets:
        mine = distinctive.filter(pl.col("outlet") == outlet)
        if mine.is_empty():
            parts += [f"**{md(outlet)}**: no term is frequent enough to list.", ""]
            continue
        by_method = {
            method: {row["rank"]: row for row in mine.filter(pl.col("method") == method)
                     .iter_rows(named=True)}
            for method in METHOD_LABELS
        }
        ranks = sorted({rank for rows in by_method.values() for rank in rows})[:top]
        notes = [note for note in mine["note"].unique().sort().to_list() if note]
        parts += [
            f"**{md(outlet)}**" + (f" ({md(notes[0])})" if notes else ""),
            "",
            table(["rank"] + list(METHOD_LABELS.values()),
                  [[str(rank)] + [_term_cell(by_method[method].get(rank))
                                  for method in METHOD_LABELS] for rank in ranks], "rlll"),
            "",
        ]
    return "\n".join(parts)


def collocate_table(result: Analysis) -> str:
    neighbours = result.collocates
    if neighbours.is_empty():
        return ""
    leading = (
        result.stored["hits"].scan(["term"]).filter(pl.col("term") != "scare quotes")
        .group_by("term").len().sort(["len", "term"], descending=[True, False])
        .head(COLLOCATE_TERMS).collect()["term"].to_list()
    )
    rows = []
    for term in leading:
        for outlet in result.outlets:
            mine = neighbours.filter((pl.col("term") == term) & (pl.col("outlet") == outlet))
            if mine.is_empty():
                continue
            words = ", ".join(f"{md(row['collocate'])} ({row['count']})" for row in
                              mine.sort("rank").head(COLLOCATES_SHOWN).iter_rows(named=True))
            rows.append([quoted(term), md(outlet), words])
    if not rows:
        return ""
    return "\n".join([
        "### What stands next to the framing terms",
        "",
        "The strongest neighbours (within five words either side) of the most used framing "
        "terms, by logDice, with how often they stand together:",
        "",
        table(["term", "outlet", "neighbours"], rows),
        "",
    ])


def copies_section(result: Analysis) -> str:
    similarity = result.similarity
    copies = similarity.filter(pl.col("near_copy"))
    parts = ["### Copies and reposts", ""]
    if copies.is_empty():
        if similarity.is_empty():
            parts.append("No two articles are alike: no pair reaches a TF-IDF cosine of "
                         f"{number(SIMILARITY_FLOOR, 1)}.")
        else:
            best = similarity.row(0, named=True)
            parts.append(
                "No pair of articles is a near-copy (a TF-IDF cosine of 0.8 or more, or half "
                f"of the shorter article's sentences shared). The most alike pair is "
                f"`{md(best['id_a'])}` ({md(best['outlet_a'])}) and `{md(best['id_b'])}` "
                f"({md(best['outlet_b'])}), cosine {number(best['cosine'], 2)}."
            )
    else:
        rows = [[f"`{md(row['id_a'])}`", md(row["outlet_a"]), f"`{md(row['id_b'])}`",
                 md(row["outlet_b"]), number(row["cosine"], 2),
                 percent(row["shared_sentence_share"])]
                for row in copies.head(COPIES_LISTED).iter_rows(named=True)]
        listed = (
            "" if copies.height <= COPIES_LISTED
            else f" The {COPIES_LISTED} most alike are listed; `data/similarity.csv` has all."
        )
        parts += [
            f"{number(copies.height)} pair(s) of articles are near-copies: one repeats much "
            "of the other's text. Reposting spreads one outlet's framing under another name."
            + listed,
            "",
            table(["article", "outlet", "article", "outlet", "cosine", "shared sentences"],
                  rows, "llllrr"),
        ]
    if result.duplicates.height:
        parts += ["", f"{number(result.duplicates.height)} exact or near-exact duplicate(s) "
                  "were counted once before the analysis (`data/duplicates.csv`)."]
    return "\n".join(parts) + "\n"


def vocabulary_section(result: Analysis, figures: Figures) -> str:
    return "\n".join([
        "## 4. Distinctive vocabulary",
        "",
        "The lexicon finds only what someone thought to list. These are the words and "
        "phrases (one to three words, stop words and numbers left out) that each outlet uses "
        "more than the others, by three measures: TF-IDF with the outlet as the document; "
        "the log-odds ratio with an informative Dirichlet prior (a z-score: above 2 is unlikely "
        "by chance); and Dunning's log-likelihood G2 with the log ratio (each point of log "
        "ratio doubles the relative frequency). The count after each term is how often the "
        "outlet uses it.",
        "",
        figures.block("distinctive_terms"),
        distinctive_tables(result, result.options.top),
        collocate_table(result),
        figures.block("similarity_heatmap"),
        copies_section(result),
    ])
