"""Framing charts (analysis.charts.framing, analysis.charts.intervals): the framing heatmap,
contrast shares, term rates with intervals and the voice split."""

from __future__ import annotations

import polars as pl
from matplotlib.collections import QuadMesh
from support.charts import CONTRAST_SETS, RATES, main_axes, panel_axes, text_strings, tick_texts

from analysis import charts

# --- 1. framing heatmap ------------------------------------------------------------------------


def test_framing_heatmap_has_a_cell_per_category_and_outlet() -> None:
    chart = charts.framing_heatmap(RATES, ["A", "B"])
    assert chart is not None and chart.name == "framing_heatmap"
    ax = main_axes(chart.figure)
    mesh = next(c for c in ax.collections if isinstance(c, QuadMesh))
    assert mesh.get_array().shape == (2, 2)
    assert ax.get_title() == "Framing terms per 1,000 words, by framing category and outlet"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("outlet", "framing category")
    assert tick_texts(ax.get_xticklabels()) == ["A", "B"]
    assert tick_texts(ax.get_yticklabels()) == ["war", "actor"]
    # war: A (4 + 2) / 2000 words = 3.00, B 6 / 2000 = 3.00; actor: A 1.00, B 0.50.
    assert text_strings(ax) == ["3.00", "3.00", "1.00", "0.50"]
    colour_bar = chart.figure.axes[1]
    assert colour_bar.get_ylabel() == "rate per 1,000 words"


def test_framing_heatmap_by_term_and_missing_outlet() -> None:
    chart = charts.framing_heatmap(RATES, ["A", "B", "C"], by="term")
    assert chart is not None and chart.name == "framing_heatmap_terms"
    ax = main_axes(chart.figure)
    assert tick_texts(ax.get_yticklabels()) == ["war", "conflict", "terrorist", "militant"]
    assert text_strings(ax)[:3] == ["2.00", "0.00", "n/a"]  # C has no rows: grey n/a cells
    assert "C: no data" in chart.alt_text


def test_framing_heatmap_alt_text_names_outlets_and_numbers() -> None:
    chart = charts.framing_heatmap(RATES, ["A", "B"])
    assert chart is not None
    assert "A: highest war 3.00" in chart.alt_text
    assert "B: highest war 3.00" in chart.alt_text
    assert "2 framing categories (rows) by 2 outlets (columns)" in chart.alt_text
    assert "per 1,000 words" in chart.alt_text


# --- 2. contrast shares -----------------------------------------------------------------------


def test_contrast_shares_draws_a_panel_per_set_and_segments_per_outlet() -> None:
    chart = charts.contrast_shares(RATES, CONTRAST_SETS, ["A", "B"])
    assert chart is not None and chart.name == "contrast_shares"
    event, actor = panel_axes(chart.figure)
    assert event.get_title() == "Contrast set: event"
    assert event.get_xlabel() == "share of the set's uses, %"
    assert tick_texts(event.get_yticklabels()) == ["A", "B"]
    # A: war 4 of 6 (67%), conflict 2 (33%); B: conflict 6 of 6.
    widths = [round(patch.get_width(), 1) for patch in event.patches]
    assert widths == [66.7, 33.3, 100.0]
    assert {"67%", "33%", "100%", "n=6"} <= set(text_strings(event))
    # actor: A militant 2 of 2, B terrorist 1 of 1.
    assert [round(p.get_width()) for p in actor.patches] == [100, 100]
    legend_labels = [t.get_text() for legend in chart.figure.subfigs[0].legends
                     for t in legend.get_texts()]  # fmt: skip
    assert legend_labels == ["war", "conflict"]


def test_contrast_shares_labels_an_outlet_without_uses() -> None:
    rates = RATES.filter(~((pl.col("outlet") == "B") & (pl.col("category") == "actor")))
    chart = charts.contrast_shares(rates, CONTRAST_SETS, ["A", "B"])
    assert chart is not None
    actor = panel_axes(chart.figure)[1]
    assert "no uses" in text_strings(actor)
    empty = actor.patches[-1]
    assert empty.get_width() == 100 and empty.get_facecolor()[3] == 0
    assert "B: no uses" in chart.alt_text


def test_contrast_shares_alt_text_has_shares_and_counts() -> None:
    chart = charts.contrast_shares(RATES, CONTRAST_SETS, ["A", "B"])
    assert chart is not None
    assert "A: war 67% (4), conflict 33% (2), n=6" in chart.alt_text
    assert "B: conflict 100% (6), n=6" in chart.alt_text


def test_contrast_set_nobody_uses_is_named_not_drawn() -> None:
    sets = {"event": ["war", "conflict"], "unused": ["nonexistent"]}
    chart = charts.contrast_shares(RATES, sets, ["A", "B"])
    assert chart is not None
    assert len(panel_axes(chart.figure)) == 1
    assert "not drawn: unused" in chart.alt_text


# --- 3. term rates with intervals -----------------------------------------------------------


def test_term_rates_draws_a_dot_and_interval_per_outlet_and_term() -> None:
    chart = charts.term_rates_with_intervals(RATES, ["war", "conflict"], ["A", "B"])
    assert chart is not None and chart.name == "term_rates_with_intervals"
    axes = panel_axes(chart.figure)
    assert [ax.get_title() for ax in axes] == ["war", "conflict"]
    war = axes[0]
    dots = [line for line in war.lines if line.get_marker() == "o"]
    assert [float(line.get_xdata()[0]) for line in dots] == [2.0, 0.0]
    assert len(war.collections) == 2  # one whisker per outlet
    assert tick_texts(war.get_yticklabels()) == ["A", "B"]
    assert "rate per 1,000 words" in chart.figure.get_supxlabel()
    assert "95% interval (poisson)" in chart.figure.get_supxlabel()
    assert chart.figure.get_suptitle() == "Rate of each term per 1,000 words, with 95% intervals"


def test_term_rates_alt_text_gives_rates_and_intervals() -> None:
    chart = charts.term_rates_with_intervals(RATES, ["war"], ["A", "B"])
    assert chart is not None
    assert "war: A 2.00 (1.75 to 2.50), B 0.00 (0.00 to 0.50)." in chart.alt_text


def test_term_rates_interval_that_misses_its_rate_does_not_raise() -> None:
    rates = RATES.with_columns(
        pl.col("rate_per_1000").alias("ci_high"), pl.lit(9.0).alias("ci_low")
    )
    chart = charts.term_rates_with_intervals(rates, ["war"], ["A"])
    assert chart is not None
    chart.figure.canvas.draw()


def test_term_rates_missing_outlet_says_no_data() -> None:
    chart = charts.term_rates_with_intervals(RATES, ["war"], ["A", "Z"])
    assert chart is not None
    assert " no data" in text_strings(main_axes(chart.figure))
    assert "Z no data" in chart.alt_text


# --- 4. voice split ---------------------------------------------------------------------------


def test_voice_split_stacks_narration_and_quotations() -> None:
    chart = charts.voice_split(RATES, ["A", "B"])
    assert chart is not None and chart.name == "voice_split"
    ax = main_axes(chart.figure)
    # A: 7 narration + 1 quoted; B: 1 narration + 6 quoted.
    assert [patch.get_width() for patch in ax.patches] == [7, 1, 1, 6]
    assert ax.get_xlabel() == "framing hits (count)"
    assert {"12% quoted", "86% quoted"} <= set(text_strings(ax))
    assert "A: 7 in its own narration, 1 inside quotations (12% quoted)" in chart.alt_text
    legend = chart.figure.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == ["own narration", "inside quotations"]
