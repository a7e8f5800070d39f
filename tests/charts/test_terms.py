"""Term charts (analysis.charts.terms): distinctive terms and the outlet similarity heatmap."""

from __future__ import annotations

import polars as pl
import pytest
from support.charts import (
    DISTINCTIVE,
    OUTLET_SIMILARITY,
    main_axes,
    panel_axes,
    text_strings,
    tick_texts,
)

from analysis import charts

# --- 5. distinctive terms ------------------------------------------------------------------


def test_distinctive_terms_panel_per_outlet_highest_first() -> None:
    chart = charts.distinctive_terms_chart(DISTINCTIVE, ["A", "B"], top=2)
    assert chart is not None and chart.name == "distinctive_terms_log_odds"
    first, second = panel_axes(chart.figure)
    assert (first.get_title(), second.get_title()) == ("A", "B")
    assert [patch.get_width() for patch in first.patches] == [5.5, 3.25]
    assert tick_texts(first.get_yticklabels()) == ["regime", "occupation"]
    assert len(second.patches) == 2
    assert "log-odds ratio z-score" in chart.figure.get_supxlabel()
    assert "A: regime (5.5), occupation (3.25)" in chart.alt_text


def test_distinctive_terms_other_method_and_outlet_without_terms() -> None:
    chart = charts.distinctive_terms_chart(DISTINCTIVE, ["A", "B"], method="tfidf")
    assert chart is not None and chart.name == "distinctive_terms_tfidf"
    first, second = panel_axes(chart.figure)
    assert len(first.patches) == 1 and len(second.patches) == 0
    assert "no distinctive terms" in text_strings(second)
    assert "TF-IDF weight" in chart.figure.get_supxlabel()


def test_distinctive_terms_notes_are_flagged_on_the_panel_and_in_alt_text() -> None:
    distinctive = DISTINCTIVE.with_columns(
        note=pl.when(pl.col("outlet") == "B").then(pl.lit("only 2 articles")).otherwise(None)
    )
    chart = charts.distinctive_terms_chart(distinctive, ["A", "B"])
    assert chart is not None
    first, second = panel_axes(chart.figure)
    assert (first.get_title(), second.get_title()) == ("A", "B *")
    assert "* B: only 2 articles" in chart.figure.get_supxlabel()
    assert "B: aggression (4), forces (1.5) (caution: only 2 articles)" in chart.alt_text


def test_distinctive_terms_rejects_unknown_method() -> None:
    with pytest.raises(ValueError, match="method"):
        charts.distinctive_terms_chart(DISTINCTIVE, ["A"], method="chi2")


# --- 8. similarity --------------------------------------------------------------------------


def test_similarity_heatmap_is_symmetric_with_blank_diagonal() -> None:
    chart = charts.similarity_heatmap(OUTLET_SIMILARITY, ["A", "B", "C"])
    assert chart is not None and chart.name == "similarity_heatmap"
    ax = main_axes(chart.figure)
    assert text_strings(ax) == [
        "—", "0.82", "0.31",
        "0.82", "—", "0.55",
        "0.31", "0.55", "—",
    ]  # fmt: skip
    assert "cosine similarity" in chart.figure.axes[1].get_ylabel()
    assert "Most similar pair: A and B (0.82)" in chart.alt_text
    assert "least similar pair: A and C (0.31)" in chart.alt_text
