"""The framing-over-time chart (analysis.charts.trends)."""

from __future__ import annotations

from datetime import date

import polars as pl

from analysis.charts.trends import MAX_TREND_PANELS, framing_trends_chart, period_start


def _trends(outlets: int, periods: list[str]) -> pl.DataFrame:
    rows = []
    for number in range(outlets):
        for index, period in enumerate(periods):
            rows.append({"outlet": f"Outlet {number:02d}", "period": period,
                         "category": "armed_opposition", "term": "rebel",
                         "uses": index + number, "words": 1000 + number})
    return pl.DataFrame(rows)


def test_period_labels_start_on_their_first_day():
    assert period_start("2016-12") == date(2016, 12, 1)
    assert period_start("2016-Q4") == date(2016, 10, 1)
    assert period_start("2016-W49") == date(2016, 12, 5)


def test_many_outlets_are_capped_to_the_panels_with_most_words():
    trends = _trends(12, ["2016-10", "2016-11", "2016-12"])
    outlets = sorted(trends["outlet"].unique().to_list())
    chart = framing_trends_chart(trends, outlets)
    assert chart is not None
    titled = [ax.get_title() for ax in chart.figure.axes if ax.get_title()]
    assert len(titled) == MAX_TREND_PANELS
    assert "Outlet 00" not in titled and "Outlet 11" in titled  # most words first
    assert "3 with fewer dated words left out" in chart.alt_text


def test_one_period_or_only_undated_articles_draw_no_chart():
    assert framing_trends_chart(_trends(2, ["2016-10"]), ["Outlet 00", "Outlet 01"]) is None
    undated = _trends(2, ["undated", "undated"])
    assert framing_trends_chart(undated, ["Outlet 00", "Outlet 01"]) is None
