"""Framing over time (analysis.events.trends), on the seeds and on written dates."""

from __future__ import annotations

import polars as pl
import pytest

from analysis.errors import FramelensError
from analysis.events import TRENDS, UNDATED, choose_period, framing_trends
from analysis.events.trends import period_of


def _dated(dates: list[str | None]) -> pl.DataFrame:
    return pl.DataFrame({"date": dates}, schema={"date": pl.String})


def test_the_period_follows_the_span_of_the_dates():
    assert choose_period(_dated(["2016-12-01", "2016-12-20", None])) is None
    assert choose_period(_dated(["2016-12-01", "2017-02-20"])) == "week"
    assert choose_period(_dated(["2016-01-01", "2017-12-20"])) == "month"
    assert choose_period(_dated(["2011-01-01", "2018-12-20"])) == "quarter"
    assert choose_period(_dated(["2011-01-01", "2018-12-20"]), "week") == "week"
    assert choose_period(_dated(["2016-12-07", None, None])) is None


def test_an_unknown_period_is_a_one_line_error():
    with pytest.raises(FramelensError, match="--period must be one of"):
        choose_period(_dated(["2016-01-01", "2017-01-01"]), "fortnight")


def test_period_labels_name_weeks_months_and_quarters():
    dates = _dated(["2016-12-07", "2017-01-01", None, "Dec 2016"])
    assert period_of(dates, "week").to_list() == ["2016-W49", "2016-W52", UNDATED, UNDATED]
    assert period_of(dates, "month").to_list() == ["2016-12", "2017-01", UNDATED, UNDATED]
    assert period_of(dates, "quarter").to_list() == ["2016-Q4", "2017-Q1", UNDATED, UNDATED]


def test_seed_uses_over_periods_add_up_to_the_framing_rates(seed_articles):
    import analysis.pipeline as fl

    result = fl.analyse("seeds")
    try:
        assert result.trend_period == "month"  # December 2016 to March 2018
        trends = result.trends
        TRENDS.check(trends)
        summed = trends.group_by("outlet", "category", "term").agg(uses=pl.col("uses").sum())
        counted = result.rates.filter(pl.col("count") > 0).select(
            "outlet", "category", "term", uses="count")
        assert summed.sort(pl.all()).equals(counted.sort(pl.all()))
        # RT's article is dated December 2016; Press TV's has no date.
        assert set(trends.filter(pl.col("outlet") == "RT")["period"]) == {"2016-12"}
        assert set(trends.filter(pl.col("outlet") == "Press TV")["period"]) == {UNDATED}
        liberated = trends.filter((pl.col("outlet") == "Sputnik")
                                  & (pl.col("term") == "liberate")).row(0, named=True)
        assert liberated["period"] == "2018-03" and liberated["uses"] >= 1
        assert liberated["ci_low"] <= liberated["rate_per_1000"] <= liberated["ci_high"]
    finally:
        result.folder.remove()


def test_terms_an_outlet_uses_get_a_zero_row_in_periods_without_them():
    articles = pl.DataFrame({
        "id": ["a", "b"], "outlet": ["RT", "RT"], "date": ["2016-12-07", "2017-03-01"],
        "words": [100, 50]})
    hits = pl.DataFrame({"id": ["a", "a"], "category": ["c", "c"], "term": ["liberate"] * 2})
    rates = pl.DataFrame({"outlet": ["RT"], "category": ["c"], "term": ["liberate"],
                          "count": [2]})
    trends = framing_trends(hits, articles, rates, "month")
    assert trends.select("period", "uses", "words", "rate_per_1000").rows() == [
        ("2016-12", 2, 100, 20.0), ("2017-03", 0, 50, 0.0)]
