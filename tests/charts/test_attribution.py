"""Attribution charts (analysis.charts.attribution): speaker types and verb classes."""

from __future__ import annotations

from support.charts import (
    SPEAKER_TYPES,
    VERB_CLASSES,
    facecolours,
    main_axes,
    panel_axes,
    text_strings,
    tick_texts,
)

from analysis import charts

# --- 6. speaker types ------------------------------------------------------------------------


def test_speaker_types_stacks_shares_per_outlet() -> None:
    chart = charts.speaker_types_chart(SPEAKER_TYPES, ["A", "B"])
    assert chart is not None and chart.name == "speaker_types"
    ax = main_axes(chart.figure)
    assert ax.get_xlabel() == "share of attributions, %"
    # Types by total count: official 8, expert 3, anonymous 2, witness 1.
    legend = chart.figure.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == [
        "official", "expert", "anonymous", "witness",
    ]  # fmt: skip
    assert [round(patch.get_width()) for patch in ax.patches] == [60, 30, 10, 50, 50]
    assert set(facecolours(ax)).isdisjoint(c.lower() for c in charts.OKABE_ITO)
    assert "A: official 60% (6), expert 30% (3), witness 10% (1), n=10" in chart.alt_text


def test_speaker_types_outlet_without_attributions_gets_an_empty_bar() -> None:
    chart = charts.speaker_types_chart(SPEAKER_TYPES, ["A", "C"])
    assert chart is not None
    assert "no attributions" in text_strings(main_axes(chart.figure))
    assert "C: no attributions" in chart.alt_text


# --- 7. verb classes ----------------------------------------------------------------------------


def test_verb_classes_panel_per_outlet_with_fixed_class_colours() -> None:
    chart = charts.verb_classes_chart(VERB_CLASSES, ["A", "B"])
    assert chart is not None and chart.name == "verb_classes"
    first, second = panel_axes(chart.figure)
    assert (first.get_title(), second.get_title()) == ("A", "B")
    assert tick_texts(first.get_yticklabels()) == ["official", "expert"]
    # A official: neutral 2, doubt 1, assertive 1; A expert: neutral 3.
    assert [round(p.get_width()) for p in first.patches] == [50, 25, 25, 100]
    assert facecolours(first)[:3] == [c.lower() for c in charts.VERB_CLASS_COLOURS.values()]
    # B has no expert attributions: an empty bar.
    assert "none" in text_strings(second)
    assert first.get_xlabel() == "share of the speaker type's attributions, %"
    legend = chart.figure.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == ["neutral", "doubt", "assertive"]
    assert (
        "In A, official: neutral 50% (2), doubt 25% (1), assertive 25% (1), n=4; "
        "expert: neutral 100% (3), n=3."
    ) in chart.alt_text
    assert "In B, official: doubt 75% (3), neutral 25% (1), n=4." in chart.alt_text
