"""Framing over time: each outlet's uses of each framing term per week, month or quarter.

The period is chosen from the span of the dated articles (``choose_period``) unless the user
names one. Articles without a date are counted in a period of their own, ``undated``, so the
uses over all periods add up to the counts of ``framing_rates.csv``.
"""

from __future__ import annotations

import polars as pl

from analysis.errors import FramelensError
from analysis.schema import Column, Schema
from analysis.stats import poisson_interval, rate_per_1000

PERIODS = ("week", "month", "quarter")
"""The periods trends can be counted in."""

MIN_TREND_DAYS = 28
"""Trends are counted only when the dated articles span more than this many days."""

WEEKS_UP_TO_DAYS = 183
"""Spans up to this many days are counted by week; up to ``MONTHS_UP_TO_DAYS`` by month;
longer ones by quarter."""

MONTHS_UP_TO_DAYS = 3 * 366

UNDATED = "undated"
"""The period of articles without a readable date."""

TRENDS = Schema(
    "framing_trends",
    (
        Column("outlet", pl.String, "outlet name"),
        Column("period", pl.String, "the period: 2016-W49 (ISO week), 2016-12 (month), 2016-Q4 "
               "(quarter), or 'undated' for articles without a date"),
        Column("category", pl.String, "lexicon category"),
        Column("term", pl.String, "lexicon term (canonical form)"),
        Column("uses", pl.Int64, "uses of the term in the outlet's articles of the period"),
        Column("words", pl.Int64, "words in the outlet's articles of the period"),
        Column("rate_per_1000", pl.Float64, "uses per 1,000 words"),
        Column("ci_low", pl.Float64, "95% exact Poisson interval, low end (per 1,000 words)"),
        Column("ci_high", pl.Float64, "95% exact Poisson interval, high end"),
        Column("articles", pl.Int64, "the outlet's articles in the period"),
    ),
)


def dated_span_days(articles: pl.DataFrame) -> int | None:
    """Days between the first and last readable date of ``articles`` (``date`` column), None
    when fewer than two articles have one."""
    days = _dates(articles).drop_nulls()
    if days.len() < 2:
        return None
    return (days.max() - days.min()).days


def choose_period(articles: pl.DataFrame, period: str | None = None) -> str | None:
    """The period to count trends in: ``period`` when given (week, month or quarter; 'auto'
    or None chooses), else by the span of the dates: None (no trends) up to
    ``MIN_TREND_DAYS`` days, week up to about six months, month up to three years, else
    quarter."""
    if period not in (None, "auto") and period not in PERIODS:
        raise FramelensError(f"--period must be one of auto, {', '.join(PERIODS)}; got {period!r}")
    span = dated_span_days(articles)
    if span is None or span <= MIN_TREND_DAYS:
        return None
    if period in PERIODS:
        return period
    if span <= WEEKS_UP_TO_DAYS:
        return "week"
    return "month" if span <= MONTHS_UP_TO_DAYS else "quarter"


def _dates(articles: pl.DataFrame) -> pl.Series:
    return articles["date"].cast(pl.String).str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)


def period_of(articles: pl.DataFrame, period: str) -> pl.Series:
    """Each article's period label (``UNDATED`` when it has no readable date)."""
    day = pl.Series("day", _dates(articles))
    frame = pl.DataFrame({"day": day})
    if period == "week":
        label = pl.format("{}-W{}", pl.col("day").dt.iso_year(),
                          pl.col("day").dt.week().cast(pl.String).str.zfill(2))
    elif period == "month":
        label = pl.col("day").dt.strftime("%Y-%m")
    elif period == "quarter":
        label = pl.format("{}-Q{}", pl.col("day").dt.year(), pl.col("day").dt.quarter())
    else:
        raise FramelensError(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")
    return frame.select(period=label.fill_null(UNDATED))["period"]


def framing_trends(
    hits: pl.DataFrame, articles: pl.DataFrame, rates: pl.DataFrame, period: str,
    *, level: float = 0.95, by: str = "outlet",
) -> pl.DataFrame:
    """Uses, words and rates per outlet (or the column ``by`` of ``articles``), period and
    term (``TRENDS``).

    ``hits`` (HITS: ``id``, ``category``, ``term``), ``articles`` (``id``, ``outlet``,
    ``date``, ``words``) and ``rates`` (RATES of the same analysis: which terms each outlet
    uses). Rows: every period in which the outlet has articles x every term the outlet uses
    at least once (zero uses included, so a line can fall to 0); sorted by outlet, period
    (undated last), category and term."""
    labelled = articles.select("id", by, "words").with_columns(
        period=period_of(articles, period))
    totals = labelled.group_by(by, "period").agg(
        words=pl.col("words").sum().cast(pl.Int64), articles=pl.len().cast(pl.Int64))
    used = (rates.filter(pl.col("count") > 0).select(by, "category", "term").unique()
            if by in rates.columns else
            hits.join(labelled.select("id", by), on="id").select(by, "category", "term").unique())
    uses = (
        hits.select("id", "category", "term")
        .join(labelled.select("id", by, "period"), on="id")
        .group_by(by, "period", "category", "term")
        .agg(uses=pl.len().cast(pl.Int64))
    )
    table = (
        totals.join(used, on=by)
        .join(uses, on=[by, "period", "category", "term"], how="left")
        .with_columns(uses=pl.col("uses").fill_null(0))
    )
    low, high = poisson_interval(table["uses"].to_numpy(), table["words"].to_numpy(), level)
    table = table.with_columns(
        rate_per_1000=pl.Series(rate_per_1000(table["uses"].to_numpy(),
                                              table["words"].to_numpy())),
        ci_low=pl.Series(low), ci_high=pl.Series(high),
        undated=pl.col("period") == UNDATED,
    )
    names = [by if name == "outlet" else name for name in TRENDS.names]
    schema = {(by if name == "outlet" else name): dtype
              for name, dtype in TRENDS.polars_schema().items()}
    return (
        table.sort(by, "undated", "period", "category", "term")
        .select(names)
        .cast(schema)
    )
