"""No chart-library warning reaches the terminal: charts are sized for what they show, and what
matplotlib reports goes to data/warnings.csv in plain words (analysis/charts/library.py)."""

from __future__ import annotations

import json
import warnings

import polars as pl
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from analysis import charts
from analysis.cli import main


def _distinctive(outlets: int, terms: int = 10) -> pl.DataFrame:
    rows = [
        {"outlet": f"Outlet number {o:03d}", "term": f"ceasefire{o}x{t}", "method": "log_odds",
         "score": 5.0 - t * 0.3,
         "note": f"outlet has only 3 articles and {300 + o} words (fewer than 5 articles or "
                 "5,000 words): the list describes those articles"}
        for o in range(outlets)
        for t in range(terms)
    ]
    return pl.DataFrame(rows)


def test_distinctive_terms_of_100_outlets_are_drawn_without_collapsing(tmp_path):
    outlets = [f"Outlet number {o:03d}" for o in range(100)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any library warning fails the test
        chart = charts.distinctive_terms_chart(_distinctive(100), outlets)
        figure = chart.figure
        width, height = figure.get_size_inches()
        assert width <= 30 and height <= 30
        shown = [ax for ax in figure.axes if ax.get_title()]
        footer = figure.get_supxlabel()
        charts.save_chart(chart, tmp_path)
    # Every panel keeps room for five bars or more: 0.15 inch each.
    assert len(shown) >= 50
    assert all(ax.get_position().height * height >= 0.15 * 5 for ax in shown)
    assert f"showing the first {len(shown)} of 100 outlets" in footer
    assert "100 outlets have a note" in footer


def test_a_chart_that_cannot_be_laid_out_is_reported_in_plain_words():
    figure = Figure(figsize=(1, 1), layout="constrained")
    figure.subplots(12, 12)
    for ax in figure.axes:
        ax.set_title("A long panel title that cannot fit")
    with charts.library_warnings() as found:
        FigureCanvasAgg(figure).draw()
    assert found == ["too many panels or labels for the chart's size: it could not be laid "
                     "out, so labels may overlap"]


@pytest.mark.slow
def test_a_report_on_100_outlets_prints_nothing_under_quiet(tmp_path, capsys):
    corpus = tmp_path / "many.jsonl"
    with corpus.open("w", encoding="utf-8") as file:
        for outlet in range(100):
            for article in range(2):
                text = (f"Officials of district {outlet} said the ceasefire{outlet} talks on the "
                        f"border would resume on Monday after a week of strikes. Aid convoy "
                        f"number {article} reached the market town of term{outlet} on Sunday, "
                        "the governor said.")
                file.write(json.dumps({"id": f"{outlet}-{article}", "outlet": f"Outlet {outlet}",
                                       "text": text}) + "\n")
    assert main(["report", str(corpus), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_verb_classes_of_100_outlets_are_drawn_without_collapsing(tmp_path):
    outlets = [f"Outlet number {o:03d}" for o in range(100)]
    types = ["official", "anonymous", "news_agency", "civilian_witness", "monitor_ngo",
             "international_body", "armed_group", "unknown"]
    table = pl.DataFrame(
        [{"outlet": outlet, "speaker_type": kind, "verb_class": verb, "count": 1 + index % 4}
         for outlet in outlets
         for index, kind in enumerate(types)
         for verb in ("neutral", "doubt", "assertive")]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any library warning fails the test
        chart = charts.verb_classes_chart(table, outlets)
        figure = chart.figure
        width, height = figure.get_size_inches()
        title = figure.get_suptitle()
        panels = [ax for ax in figure.axes if ax.get_title()]
        charts.save_chart(chart, tmp_path)
    assert width <= 30 and height <= 30
    assert f"the first {len(panels)} of 100 outlets" in title
    # Each panel keeps 0.25 inch or more per speaker type.
    assert all(ax.get_position().height * height >= 0.25 * len(types) for ax in panels)


def _contrast_rates(outlets: list[str], sets: int) -> tuple[pl.DataFrame, dict[str, list[str]]]:
    contrast_sets = {f"set {s}": [f"term{s}a", f"term{s}b"] for s in range(sets)}
    rows = [{"outlet": outlet, "term": term, "count": 1 + (o + t) % 3}
            for o, outlet in enumerate(outlets)
            for t, term in enumerate(term for terms in contrast_sets.values() for term in terms)]
    return pl.DataFrame(rows), contrast_sets


def test_contrast_sets_too_tall_for_one_column_go_side_by_side(tmp_path):
    outlets = [f"Outlet {o:02d}" for o in range(13)]  # 12 shown and a pool: the report's most
    rates, contrast_sets = _contrast_rates(outlets, 6)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        chart = charts.contrast_shares(rates, contrast_sets, outlets)
        width, height = chart.figure.get_size_inches()
        columns = {round(panel.bbox_relative.x0, 2) for panel in chart.figure.subfigs
                   if panel.axes}
        title = chart.figure.get_suptitle()
        charts.save_chart(chart, tmp_path)
    assert height <= 30 and width == 16  # two columns of 8 inches, nothing shrunk
    assert columns == {0.0, 0.5}
    assert "first" not in title


def test_contrast_shares_of_100_outlets_show_the_first_that_fit(tmp_path):
    outlets = [f"Outlet {o:03d}" for o in range(100)]
    rates, contrast_sets = _contrast_rates(outlets, 6)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        chart = charts.contrast_shares(rates, contrast_sets, outlets)
        width, height = chart.figure.get_size_inches()
        bars = [ax for ax in chart.figure.axes if ax.get_title().startswith("Contrast set")]
        drawn = len(bars[0].get_yticks())
        title = chart.figure.get_suptitle()
        charts.save_chart(chart, tmp_path)
    assert width <= 30 and height <= 30
    assert 13 <= drawn < 100
    assert f"the first {drawn} of 100 outlets" in title
    assert f"The first {drawn} of 100 outlets are drawn." in chart.alt_text


def test_similarity_of_60_outlets_shows_the_first_that_fit(tmp_path):
    outlets = [f"Outlet {o:02d}" for o in range(60)]
    table = pl.DataFrame(
        [{"outlet_a": a, "outlet_b": b, "cosine": 0.5 + 0.4 * ((i * 7 + j) % 10) / 10}
         for i, a in enumerate(outlets) for j, b in enumerate(outlets) if i < j])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        chart = charts.similarity_heatmap(table, outlets)
        width, height = chart.figure.get_size_inches()
        ax = chart.figure.axes[0]
        rows = len(ax.get_yticks())
        charts.save_chart(chart, tmp_path)
    assert width <= 30 and height <= 30
    assert 13 <= rows < 60
    assert f"the first {rows} of 60 outlets" in ax.get_title()
    assert f"vocabularies of {rows} outlets" in chart.alt_text


def test_speaker_types_of_100_outlets_show_the_first_that_fit(tmp_path):
    outlets = [f"Outlet {o:03d}" for o in range(100)]
    table = pl.DataFrame([{"outlet": outlet, "speaker_type": kind, "count": 2}
                          for outlet in outlets for kind in ("official", "expert")])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        chart = charts.speaker_types_chart(table, outlets)
        width, height = chart.figure.get_size_inches()
        ax = chart.figure.axes[0]
        bars = len(ax.get_yticks())
        charts.save_chart(chart, tmp_path)
    assert height <= 30 and 13 <= bars < 100
    assert f"the first {bars} of 100 outlets" in ax.get_title()
