"""Each outlet (or group, or pool of small outlets) against the rest, term by term.

One test over all outlets at once needs every outlet to expect a few uses of a term; with a
long tail of small outlets no term passes, and nothing can be said. Here every unit is
compared with the rest of the corpus in an exact test that holds for any count
(analysis.stats.against_rest), and the p-values of all term x unit pairs are corrected
together (Benjamini-Hochberg), so a real gap between large outlets is found beside many small
ones, and chance gaps among many comparisons are not reported.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from analysis.lexicon.model import Lexicon
from analysis.schema import Column, Schema
from analysis.stats import RATE_PER_WORDS, SIGNIFICANCE_LEVEL, against_rest

AGAINST_REST = Schema(
    "term_against_rest",
    (
        Column("term", pl.String, "canonical term (terms used at least once)"),
        Column("category", pl.String, "lexicon category"),
        Column("outlet", pl.String, "the outlet compared with all the others (in a report "
               "by groups or with pooled outlets: the group or pool)"),
        Column("count", pl.Int64, "uses of the term in the outlet"),
        Column("words", pl.Int64, "words of the outlet"),
        Column("rate_per_1000", pl.Float64, "count per 1,000 words of the outlet"),
        Column("rest_count", pl.Int64, "uses of the term in all other outlets"),
        Column("rest_rate_per_1000", pl.Float64, "rest_count per 1,000 words of all other "
               "outlets"),
        Column("rate_ratio", pl.Float64, "rate_per_1000 / rest_rate_per_1000 (null when the "
               "rest never uses the term)"),
        Column("p_value", pl.Float64, "exact two-sided binomial test: the chance of a split "
               "this uneven if the outlet used the term at the rest's rate"),
        Column("q_value", pl.Float64, "p_value adjusted for every term x outlet tested "
               "(Benjamini-Hochberg false discovery rate)"),
        Column("direction", pl.String, "'higher' or 'lower' when q_value is below 0.05, "
               "else null"),
    ),
)


def term_against_rest(
    hits: pl.DataFrame, articles: pl.DataFrame, lexicon: Lexicon
) -> pl.DataFrame:
    """For every term used at least once and every outlet with words: the outlet's rate
    against the rest's, with an exact p-value and a q-value corrected over all pairs.

    ``hits`` needs ``outlet``, ``category``, ``term``; ``articles`` ``outlet`` and ``words``.
    Returns an ``AGAINST_REST`` table in lexicon order, then outlet order (by name); empty
    with fewer than two outlets.
    """
    totals = (
        articles.group_by("outlet").agg(pl.col("words").sum().cast(pl.Int64))
        .filter(pl.col("words") > 0).sort("outlet")
    )
    outlets = totals["outlet"].to_list()
    order = [(category.name, term) for category in lexicon.categories
             for term in category.term_names]
    row_of = {key: index for index, key in enumerate(order)}
    column = {outlet: index for index, outlet in enumerate(outlets)}
    table = np.zeros((len(order), len(outlets)))
    tallied = (hits.filter(pl.col("outlet").is_in(outlets))
               .group_by("category", "term", "outlet").agg(pl.len()))
    for category, term, outlet, count in tallied.iter_rows():
        if (category, term) in row_of:
            table[row_of[(category, term)], column[outlet]] = count
    used = table.sum(axis=1) > 0
    if len(outlets) < 2 or not used.any():
        return AGAINST_REST.empty()
    table = table[used]
    keys = [key for key, keep in zip(order, used, strict=True) if keep]
    words = totals["words"].to_numpy().astype(float)
    result = against_rest(table, words)
    rows = []
    for index, (category, term) in enumerate(keys):
        for unit, outlet in enumerate(outlets):
            count = int(table[index, unit])
            rest_count = int(result.rest_count[index, unit])
            rest_words = float(result.rest_words[index, unit])
            ratio = float(result.rate_ratio[index, unit])
            q_value = float(result.q_value[index, unit])
            direction = None
            if q_value < SIGNIFICANCE_LEVEL:
                direction = "higher" if count / words[unit] > rest_count / rest_words else "lower"
            rows.append((
                term, category, outlet, count, int(words[unit]),
                count / words[unit] * RATE_PER_WORDS,
                rest_count, rest_count / rest_words * RATE_PER_WORDS,
                ratio if np.isfinite(ratio) else None,
                float(result.p_value[index, unit]), q_value, direction,
            ))
    return pl.DataFrame(rows, schema=AGAINST_REST.polars_schema(), orient="row")
