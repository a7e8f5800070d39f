"""How often each outlet uses each lexicon term, with honest intervals, and whether outlets differ.

Denominators: ``rate_per_1000`` divides all hits by all words of the outlet's articles;
``narration_rate_per_1000`` divides narration hits by narration words, the words outside direct
quotations (analysis.quotes rows of kind 'quotation' or 'partial'). Intervals and tests come from
analysis.stats: a bootstrap over articles where an outlet has enough of them, an exact Poisson
interval otherwise, and a k x 2 log-likelihood G2 test per term across outlets.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from analysis.lexicon.defaults import MIN_ARTICLES_FOR_BOOTSTRAP
from analysis.lexicon.matching import NARRATION, QUOTED, quotation_spans
from analysis.lexicon.model import Lexicon
from analysis.schema import Column, Schema
from analysis.stats import (
    RATE_PER_WORDS,
    bootstrap_rate_intervals_many,
    outlets_differ_many,
    poisson_interval,
)
from analysis.tokens import WORD_PATTERN

RATES = Schema(
    "rates",
    (
        Column("outlet", pl.String, "outlet"),
        Column("category", pl.String, "lexicon category"),
        Column("term", pl.String, "canonical term (every term of the lexicon, used or not)"),
        Column("count", pl.Int64, "hits of the term in the outlet's articles"),
        Column("rate_per_1000", pl.Float64, "count per 1,000 words of the outlet (all words)"),
        Column("ci_low", pl.Float64, "lower end of the 95% interval of rate_per_1000"),
        Column("ci_high", pl.Float64, "upper end of that interval (above 0 even for a count of 0)"),
        Column("articles_with_term", pl.Int64, "how many of the outlet's articles use the term"),
        Column(
            "share_in_contrast_set",
            pl.Float64,
            "count / the outlet's count of all terms of "
            "the term's contrast set; null without a set or when the set is never used",
        ),
        Column("narration_count", pl.Int64, "hits in the outlet's own words"),
        Column("quoted_count", pl.Int64, "hits inside direct quotations"),
        Column(
            "narration_rate_per_1000",
            pl.Float64,
            "narration_count per 1,000 narration words "
            "(words outside direct quotations); null when there are none",
        ),
        Column("words", pl.Int64, "words of the outlet's articles (the rate's denominator)"),
        Column("articles", pl.Int64, "articles of the outlet"),
        Column(
            "interval_method",
            pl.String,
            "how the interval was made: 'bootstrap over N articles' or 'exact Poisson'",
        ),
        Column(
            "narration_words",
            pl.Int64,
            "words outside direct quotations (the narration rate's denominator)",
        ),
        Column("contrast_set", pl.String, "name of the term's contrast set, or null"),
    ),
)

DIFFERENCES = Schema(
    "term_differences",
    (
        Column("term", pl.String, "canonical term"),
        Column("category", pl.String, "lexicon category"),
        Column(
            "g2",
            pl.Float64,
            "log-likelihood G2 of the outlets x (term, other words) table; "
            "null with fewer than two outlets",
        ),
        Column("df", pl.Int64, "degrees of freedom: outlets - 1"),
        Column(
            "p_value",
            pl.Float64,
            "chance of a G2 this large if all outlets used the term at the same rate",
        ),
        Column(
            "min_expected", pl.Float64, "smallest count expected in any outlet under equal rates"
        ),
        Column("too_small", pl.Boolean, "true when the expected counts fail Cochran's rule (any "
               "below 1, or more than a fifth below 5): the test cannot tell"),
        Column("caveat", pl.String, "plain-words warning to print beside the result, or null"),
        Column("count", pl.Int64, "hits of the term in all outlets"),
    ),
)


def narration_words(articles: pl.DataFrame, quotes: pl.DataFrame | None) -> pl.DataFrame:
    """Words per article in the outlet's own voice: columns id, outlet, words, narration_words.

    Narration words are the article's words minus the words inside direct quotations (QUOTES
    rows of kind 'quotation' or 'partial'; nested quotes are counted once), counted with
    analysis.tokens.
    """
    spans = quotation_spans(quotes)
    quoted = (
        spans.join(articles.select("id", "clean_text"), on="id", how="inner")
        .group_by("id")
        .agg(
            quoted_words=pl.col("clean_text")
            .str.slice(pl.col("start"), pl.col("end") - pl.col("start"))
            .str.count_matches(WORD_PATTERN)
            .sum()
            .cast(pl.Int64)
        )
    )
    return (
        articles.select("id", "outlet", pl.col("words").cast(pl.Int64))
        .join(quoted, on="id", how="left")
        .with_columns(narration_words=pl.col("words") - pl.col("quoted_words").fill_null(0))
        .drop("quoted_words")
    )


def rate_intervals(
    counts_per_article: np.ndarray, words_per_article: np.ndarray, level: float = 0.95
) -> list[tuple[float, float, str]]:
    """``analysis.stats.rate_interval`` for every row of a terms x articles matrix of one outlet.

    Gives exactly what calling rate_interval per term gives, but draws the bootstrap resamples
    once for all terms (same seed) and computes the exact Poisson intervals of all terms in
    one call: an outlet has a row for every term of the lexicon, most of them unused.
    """
    counts_per_article = np.asarray(counts_per_article, dtype=float)
    words_per_article = np.asarray(words_per_article, dtype=float)
    if counts_per_article.shape[0] == 0:
        return []
    articles_with_words = int(np.count_nonzero(words_per_article > 0))
    # rate_interval's fallback: the exact Poisson interval on the totals.
    poisson_low, poisson_high = poisson_interval(
        counts_per_article.sum(axis=1), words_per_article.sum(), level)
    poisson = [(float(low), float(high), "exact Poisson")
               for low, high in zip(poisson_low, poisson_high, strict=True)]
    if articles_with_words < MIN_ARTICLES_FOR_BOOTSTRAP:
        return poisson
    lows, highs = bootstrap_rate_intervals_many(counts_per_article, words_per_article, level)
    method = f"bootstrap over {articles_with_words} articles"
    # Where the bootstrap collapses (a term never used resamples to 0..0), rate_interval
    # switches to the exact Poisson interval.
    return [
        (float(low), float(high), method) if high > low else exact
        for low, high, exact in zip(lows, highs, poisson, strict=True)
    ]


def _term_order(lexicon: Lexicon) -> list[tuple[str, str, str | None]]:
    """(category, term, contrast set name) for every term, in lexicon order."""
    order = []
    for category in lexicon.categories:
        for term in category.term_names:
            contrast_set = category.contrast_set_of(term)
            order.append((category.name, term, contrast_set.name if contrast_set else None))
    return order


def framing_rates(
    hits: pl.DataFrame,
    articles: pl.DataFrame,
    lexicon: Lexicon,
    quotes: pl.DataFrame | None = None,
    *,
    level: float = 0.95,
    narration: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Per outlet and term: counts, rates per 1,000 words with intervals, and contrast-set shares.

    ``hits`` is a HITS table from :func:`match_terms` on the same ``articles`` and ``lexicon``.
    ``quotes`` (QUOTES) gives the narration words; when None it is computed with
    analysis.quotes.find_quotes. Returns a ``RATES`` table with one row per outlet x term of the
    lexicon, zero counts included, sorted by outlet and then lexicon order. ``narration`` (the
    :func:`narration_words` of these articles and quotes, made batch by batch, say) saves
    reading the texts here; then neither ``quotes`` nor the articles' texts are read.
    """
    if narration is None:
        if quotes is None:
            from analysis.quotes import find_quotes

            quotes = find_quotes(articles)
        narration = narration_words(articles, quotes)
    per_article = narration.sort("outlet", "id")
    counts = hits.group_by("id", "category", "term").agg(
        count=pl.len().cast(pl.Int64),
        narration=(pl.col("voice") == NARRATION).sum().cast(pl.Int64),
        quoted=(pl.col("voice") == QUOTED).sum().cast(pl.Int64),
    )
    order = _term_order(lexicon)
    rows = []
    for (outlet,), outlet_articles in per_article.group_by(["outlet"], maintain_order=True):
        ids = outlet_articles["id"].to_list()
        position = {article_id: index for index, article_id in enumerate(ids)}
        words = outlet_articles["words"].to_numpy().astype(float)
        total_words = int(words.sum())
        total_narration = int(outlet_articles["narration_words"].sum())
        per_term: dict[tuple[str, str], np.ndarray] = {}
        voices: dict[tuple[str, str], list[int]] = {}
        for article_id, category, term, count, narration, quoted in counts.filter(
            pl.col("id").is_in(ids)
        ).iter_rows():
            vector = per_term.setdefault((category, term), np.zeros(len(ids)))
            vector[position[article_id]] += count
            tally = voices.setdefault((category, term), [0, 0])
            tally[0] += narration
            tally[1] += quoted
        set_totals: dict[tuple[str, str], float] = {}
        for category, term, set_name in order:
            if set_name is not None:
                vector = per_term.get((category, term))
                total = float(vector.sum()) if vector is not None else 0.0
                set_totals[(category, set_name)] = set_totals.get((category, set_name), 0) + total
        vectors = [
            per_term.get((category, term), np.zeros(len(ids))) for category, term, _ in order
        ]
        matrix = np.vstack(vectors) if vectors else np.zeros((0, len(ids)))
        intervals = rate_intervals(matrix, words, level)
        for (category, term, set_name), vector, (low, high, method) in zip(
            order, vectors, intervals, strict=True
        ):
            count = int(vector.sum())
            narration, quoted = voices.get((category, term), [0, 0])
            set_total = set_totals.get((category, set_name), 0.0) if set_name else 0.0
            rows.append(
                (
                    outlet,
                    category,
                    term,
                    count,
                    count / total_words * RATE_PER_WORDS if total_words else None,
                    _finite(low),
                    _finite(high),
                    int(np.count_nonzero(vector)),
                    count / set_total if set_total else None,
                    narration,
                    quoted,
                    narration / total_narration * RATE_PER_WORDS if total_narration else None,
                    total_words,
                    len(ids),
                    method,
                    total_narration,
                    set_name,
                )
            )
    return pl.DataFrame(rows, schema=RATES.polars_schema(), orient="row")


def _finite(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def term_differences(hits: pl.DataFrame, articles: pl.DataFrame, lexicon: Lexicon) -> pl.DataFrame:
    """For each term, a log-likelihood G2 test of whether the outlets use it at different rates.

    The table per term is outlets x (hits of the term, other words), with all words of each
    outlet's articles as totals (outlets without words are left out). Returns a ``DIFFERENCES``
    table in lexicon order; ``caveat`` says in plain words when the test cannot tell.
    """
    totals = (
        articles.group_by("outlet")
        .agg(pl.col("words").sum().cast(pl.Int64))
        .filter(pl.col("words") > 0)
        .sort("outlet")
    )
    outlets = totals["outlet"].to_list()
    column = {outlet: index for index, outlet in enumerate(outlets)}
    order = _term_order(lexicon)
    row_of = {(category, term): index for index, (category, term, _) in enumerate(order)}
    table = np.zeros((len(order), len(outlets)))
    tallied = hits.filter(pl.col("outlet").is_in(outlets)).group_by("category", "term", "outlet")
    for category, term, outlet, count in tallied.agg(pl.len()).iter_rows():
        if (category, term) in row_of:
            table[row_of[(category, term)], column[outlet]] = count
    counts = table.sum(axis=1).astype(int)
    if len(outlets) < 2:
        caveat = "only one outlet: nothing to compare" if outlets else "no words to compare"
        rows = [
            (term, category, None, None, None, None, True, caveat, int(count))
            for (category, term, _), count in zip(order, counts, strict=True)
        ]
        return pl.DataFrame(rows, schema=DIFFERENCES.polars_schema(), orient="row")
    result = outlets_differ_many(table, totals["words"].to_numpy().astype(float))
    rows = []
    for index, (category, term, _) in enumerate(order):
        too_small = bool(result.too_small[index])
        if counts[index] == 0:
            caveat = "no outlet uses this term"
        elif too_small:
            caveat = (
                f"counts too small to tell (at equal rates the smallest outlet would expect "
                f"only {result.min_expected[index]:.1f} uses; the test needs at least 1 in "
                "each and 5 in most)"
            )
        else:
            caveat = None
        rows.append(
            (
                term,
                category,
                float(result.g2[index]),
                int(result.df),
                float(result.p_value[index]),
                float(result.min_expected[index]),
                too_small,
                caveat,
                int(counts[index]),
            )
        )
    return pl.DataFrame(rows, schema=DIFFERENCES.polars_schema(), orient="row")
