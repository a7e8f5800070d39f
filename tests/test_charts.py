"""Charts: what each figure carries, empty input, hostile labels, palette and saving."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cbook import is_math_text
from matplotlib.collections import QuadMesh
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.text import Text

from analysis import charts
from analysis.charts import Chart

# --- synthetic tables ----------------------------------------------------------------------------

RATES_COLUMNS = [
    "outlet", "category", "term", "count", "rate_per_1000", "ci_low", "ci_high",
    "articles_with_term", "share_in_contrast_set", "narration_count", "quoted_count",
    "narration_rate_per_1000", "words", "articles", "interval_method",
]  # fmt: skip


def make_rates(rows: list[tuple[str, str, str, int, int]], words: int = 2000) -> pl.DataFrame:
    """A rates table from (outlet, category, term, narration_count, quoted_count) rows."""
    records = []
    for outlet, category, term, narration, quoted in rows:
        count = narration + quoted
        rate = 1000 * count / words
        records.append(
            {
                "outlet": outlet,
                "category": category,
                "term": term,
                "count": count,
                "rate_per_1000": rate,
                "ci_low": max(rate - 0.25, 0.0),
                "ci_high": rate + 0.5,
                "articles_with_term": min(count, 3),
                "share_in_contrast_set": None,
                "narration_count": narration,
                "quoted_count": quoted,
                "narration_rate_per_1000": 1000 * narration / words,
                "words": words,
                "articles": 3,
                "interval_method": "poisson",
            }
        )
    schema = {
        "outlet": pl.String, "category": pl.String, "term": pl.String, "count": pl.Int64,
        "rate_per_1000": pl.Float64, "ci_low": pl.Float64, "ci_high": pl.Float64,
        "articles_with_term": pl.Int64, "share_in_contrast_set": pl.Float64,
        "narration_count": pl.Int64, "quoted_count": pl.Int64,
        "narration_rate_per_1000": pl.Float64, "words": pl.Int64, "articles": pl.Int64,
        "interval_method": pl.String,
    }  # fmt: skip
    return pl.DataFrame(records, schema=schema)


# Outlet A: war 4 (3 narration, 1 quoted), conflict 2, terrorist 0, militant 2 -> 8 hits.
# Outlet B: war 0, conflict 6 (all quoted), terrorist 1, militant 0 -> 7 hits.
RATES = make_rates(
    [
        ("A", "war", "war", 3, 1),
        ("A", "war", "conflict", 2, 0),
        ("A", "actor", "terrorist", 0, 0),
        ("A", "actor", "militant", 2, 0),
        ("B", "war", "war", 0, 0),
        ("B", "war", "conflict", 0, 6),
        ("B", "actor", "terrorist", 1, 0),
        ("B", "actor", "militant", 0, 0),
    ]
)
CONTRAST_SETS = {"event": ["war", "conflict"], "actor": ["terrorist", "militant"]}

DISTINCTIVE = pl.DataFrame(
    {
        "outlet": ["A", "A", "A", "B", "B", "A"],
        "term": ["regime", "occupation", "clashes", "aggression", "forces", "other"],
        "method": ["log_odds", "log_odds", "log_odds", "log_odds", "log_odds", "tfidf"],
        "score": [5.5, 3.25, 2.0, 4.0, 1.5, 9.0],
        "count_outlet": [20, 12, 8, 15, 6, 30],
        "count_rest": [1, 2, 3, 1, 2, 4],
        "rank": [1, 2, 3, 1, 2, 1],
        "effect_size": [2.0, 1.5, 1.0, 1.8, 0.9, 1.0],
        "note": ["", "", "", "", "", ""],
    }
)

SPEAKER_TYPES = pl.DataFrame(
    {
        "outlet": ["A", "A", "A", "B", "B"],
        "speaker_type": ["official", "expert", "witness", "official", "anonymous"],
        "count": [6, 3, 1, 2, 2],
        "share": [0.6, 0.3, 0.1, 0.5, 0.5],
    }
)

VERB_CLASSES = pl.DataFrame(
    {
        "outlet": ["A", "A", "A", "A", "B", "B"],
        "speaker_type": ["official", "official", "official", "expert", "official", "official"],
        "verb_class": ["neutral", "doubt", "assertive", "neutral", "neutral", "doubt"],
        "count": [2, 1, 1, 3, 1, 3],
        "share": [0.5, 0.25, 0.25, 1.0, 0.25, 0.75],
    }
)

OUTLET_SIMILARITY = pl.DataFrame(
    {
        "outlet_a": ["A", "A", "B"],
        "outlet_b": ["B", "C", "C"],
        "cosine": [0.82, 0.31, 0.55],
    }
)


def all_charts(
    outlets: list[str],
    rates: pl.DataFrame = RATES,
    contrast_sets: dict[str, list[str]] = CONTRAST_SETS,
    distinctive: pl.DataFrame = DISTINCTIVE,
    speaker_types: pl.DataFrame = SPEAKER_TYPES,
    verb_classes: pl.DataFrame = VERB_CLASSES,
    similarity: pl.DataFrame = OUTLET_SIMILARITY,
) -> list[Chart | None]:
    terms = list(dict.fromkeys(rates["term"].to_list()))
    return [
        charts.framing_heatmap(rates, outlets),
        charts.contrast_shares(rates, contrast_sets, outlets),
        charts.term_rates_with_intervals(rates, terms, outlets),
        charts.voice_split(rates, outlets),
        charts.distinctive_terms_chart(distinctive, outlets),
        charts.speaker_types_chart(speaker_types, outlets),
        charts.verb_classes_chart(verb_classes, outlets),
        charts.similarity_heatmap(similarity, outlets),
    ]


def hostile_tables(outlets: list[str], terms: list[str]) -> dict[str, Any]:
    """Tables for every chart in which every outlet uses every term."""
    rows = [
        (outlet, f"category {index % 3} {term}", term, 1 + (index + position) % 4, position % 3)
        for index, outlet in enumerate(outlets)
        for position, term in enumerate(terms)
    ]
    distinctive = pl.DataFrame(
        [
            {
                "outlet": outlet, "term": term, "method": "log_odds",
                "score": float(len(terms) - position + index % 3), "count_outlet": 5,
                "count_rest": 1, "rank": position + 1, "effect_size": 1.0, "note": "",
            }
            for index, outlet in enumerate(outlets)
            for position, term in enumerate(terms)
        ]
    )  # fmt: skip
    speaker_types = pl.DataFrame(
        [
            {"outlet": outlet, "speaker_type": term, "count": 1 + (i + j) % 5, "share": 0.0}
            for i, outlet in enumerate(outlets)
            for j, term in enumerate(terms)
        ]
    )
    verb_classes = pl.DataFrame(
        [
            {
                "outlet": outlet, "speaker_type": term, "verb_class": verb_class,
                "count": 1 + (i + j + k) % 4, "share": 0.0,
            }
            for i, outlet in enumerate(outlets)
            for j, term in enumerate(terms)
            for k, verb_class in enumerate(["neutral", "doubt", "assertive"])
        ]
    )  # fmt: skip
    similarity = pl.DataFrame(
        [
            {"outlet_a": a, "outlet_b": b, "cosine": 0.3 + 0.05 * ((i + 2 * j) % 12)}
            for (i, a), (j, b) in itertools.combinations(enumerate(outlets), 2)
        ]
    )
    return {
        "rates": make_rates(rows),
        "contrast_sets": {"set $1": terms[:3], "<b>set</b>": terms[3:]},
        "distinctive": distinctive,
        "speaker_types": speaker_types,
        "verb_classes": verb_classes,
        "similarity": similarity,
    }


HOSTILE_OUTLETS = [
    "$\\alpha$",
    "a|b",
    "<script>alert('x')</script>",
    "The Extraordinarily Long-Winded Evening Chronicle and Weekly Gazette of Record " * 3,
    "back\\slash $5 and \\frac{1}{2}",
    "tab\tand\nnewline",
    "",
    "$$",
    "Müller & Søn — «news»",
    "___^^^%%%{}#",
    "-->comment<!--",
    "a" * 300,
]
HOSTILE_TERMS = ["$5 million", "$\\beta$ test", "\\n\\x", "a|b", "<i>term</i>", "x" * 120]


# --- helpers ---------------------------------------------------------------------------------


def main_axes(figure: Figure) -> Axes:
    return figure.axes[0]


def panel_axes(figure: Figure) -> list[Axes]:
    """Every Axes of the figure and its subfigures that is not a colour bar."""
    return [ax for ax in figure.findobj(Axes) if ax.get_label() != "<colorbar>"]


def tick_texts(labels: list[Text]) -> list[str]:
    return [label.get_text() for label in labels]


def facecolours(ax: Axes) -> list[str]:
    return [to_hex(patch.get_facecolor()) for patch in ax.patches]


def text_strings(ax: Axes) -> list[str]:
    return [text.get_text() for text in ax.texts]


def drawn_texts(figure: Figure) -> list[Text]:
    """Visible, non-empty texts that a draw puts on the canvas (tick labels only within view)."""
    figure.canvas.draw()
    tick_labels: set[int] = set()
    drawn: list[Text] = []
    for ax in figure.findobj(Axes):
        for axis, view in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            low, high = sorted(view)
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                for label in (tick.label1, tick.label2):
                    tick_labels.add(id(label))
                    inside = low - 1e-9 <= tick.get_loc() <= high + 1e-9
                    if inside and label.get_visible() and tick.get_visible():
                        drawn.append(label)
    for text in figure.findobj(Text):
        if id(text) not in tick_labels and text.get_visible():
            drawn.append(text)
    return [text for text in drawn if text.get_text().strip()]


def overlapping_pairs(figure: Figure) -> list[tuple[str, str]]:
    renderer = figure.canvas.get_renderer()
    texts = drawn_texts(figure)
    boxes = [(text.get_text(), text.get_window_extent(renderer)) for text in texts]
    pairs = []
    for (first, box_a), (second, box_b) in itertools.combinations(boxes, 2):
        # Shrunk by half a pixel so texts that merely touch are not counted.
        if box_a.expanded(1, 1).padded(-0.5).overlaps(box_b.padded(-0.5)):
            pairs.append((first, second))
    return pairs


def test_overlap_check_finds_overlapping_text() -> None:
    figure = Figure(figsize=(3, 2))
    FigureCanvasAgg(figure)
    ax = figure.subplots()
    ax.text(0.5, 0.5, "first label")
    ax.text(0.52, 0.5, "second label")
    assert ("first label", "second label") in overlapping_pairs(figure)


# --- palette ---------------------------------------------------------------------------------


def test_palette_is_okabe_ito() -> None:
    assert charts.OKABE_ITO == (
        "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
    )  # fmt: skip


def test_outlet_colours_follow_given_order() -> None:
    colours = charts.outlet_colours(["Zeta", "Alpha", "Mid"])
    assert list(colours) == ["Zeta", "Alpha", "Mid"]
    assert list(colours.values()) == list(charts.OKABE_ITO[:3])


def test_outlet_colours_are_stable_across_calls() -> None:
    outlets = [f"outlet {index}" for index in range(12)]
    assert charts.outlet_colours(outlets) == charts.outlet_colours(list(outlets))


def test_outlets_beyond_eight_reuse_colours_with_hatching_and_markers() -> None:
    outlets = [f"o{index}" for index in range(17)]
    colours = charts.outlet_colours(outlets)
    hatches = charts.outlet_hatches(outlets)
    markers = charts.outlet_markers(outlets)
    assert set(colours.values()) == set(charts.OKABE_ITO)
    assert colours["o8"] == colours["o0"]
    assert (hatches["o0"], hatches["o8"], hatches["o16"]) == ("", "//", "..")
    assert (markers["o0"], markers["o8"], markers["o16"]) == ("o", "s", "D")
    styles = {(colours[o], hatches[o], markers[o]) for o in outlets}
    assert len(styles) == len(outlets)


def test_repeated_outlet_keeps_its_first_colour() -> None:
    assert charts.outlet_colours(["A", "B", "A"]) == {"A": "#0072B2", "B": "#E69F00"}


def test_same_outlet_same_colour_in_every_chart() -> None:
    outlets = ["A", "B"]
    expected = {outlet.lower(): colour.lower() for outlet, colour in
                charts.outlet_colours(outlets).items()}  # fmt: skip
    distinctive = charts.distinctive_terms_chart(DISTINCTIVE, outlets)
    assert distinctive is not None
    for ax, outlet in zip(panel_axes(distinctive.figure), ["a", "b"], strict=True):
        assert set(facecolours(ax)) == {expected[outlet]}
    intervals = charts.term_rates_with_intervals(RATES, ["war"], outlets)
    assert intervals is not None
    dots = [line for line in main_axes(intervals.figure).lines if line.get_marker() == "o"]
    assert [to_hex(line.get_color()) for line in dots] == [expected["a"], expected["b"]]


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


# --- every chart -----------------------------------------------------------------------------


def test_every_chart_has_title_labels_and_alt_text_naming_outlets() -> None:
    built = all_charts(["A", "B"])
    names = [chart.name for chart in built if chart is not None]
    assert len(names) == 8 and len(set(names)) == 8
    for chart in built:
        assert chart is not None
        figure = chart.figure
        axes = panel_axes(figure)
        assert figure.get_suptitle() or all(ax.get_title() for ax in axes), chart.name
        labelled = figure.get_supxlabel() or any(ax.get_xlabel() for ax in axes)
        assert labelled, chart.name
        assert "A" in chart.alt_text and "B" in chart.alt_text
        assert any(character.isdigit() for character in chart.alt_text)
        assert chart.name.isidentifier()


EMPTY_CASES: list[tuple[str, Callable[[], Chart | None]]] = [
    ("heatmap no rows", lambda: charts.framing_heatmap(RATES.clear(), ["A"])),
    ("heatmap zeros", lambda: charts.framing_heatmap(RATES.filter(pl.col("count") == 0), ["A"])),
    ("heatmap other outlets", lambda: charts.framing_heatmap(RATES, ["Z"])),
    ("contrast no rows", lambda: charts.contrast_shares(RATES.clear(), CONTRAST_SETS, ["A"])),
    ("contrast no sets", lambda: charts.contrast_shares(RATES, {}, ["A", "B"])),
    ("contrast empty set", lambda: charts.contrast_shares(RATES, {"x": []}, ["A", "B"])),
    ("intervals no rows", lambda: charts.term_rates_with_intervals(RATES.clear(), ["war"], ["A"])),
    ("intervals zero", lambda: charts.term_rates_with_intervals(RATES, ["terrorist"], ["A"])),
    ("intervals no terms", lambda: charts.term_rates_with_intervals(RATES, [], ["A"])),
    ("voice no rows", lambda: charts.voice_split(RATES.clear(), ["A"])),
    ("voice zero", lambda: charts.voice_split(RATES.filter(pl.col("count") == 0), ["A", "B"])),
    ("distinctive no rows", lambda: charts.distinctive_terms_chart(DISTINCTIVE.clear(), ["A"])),
    ("distinctive other method", lambda: charts.distinctive_terms_chart(
        DISTINCTIVE, ["A"], "log_likelihood")),
    ("speakers no rows", lambda: charts.speaker_types_chart(SPEAKER_TYPES.clear(), ["A"])),
    ("speakers zero", lambda: charts.speaker_types_chart(
        SPEAKER_TYPES.with_columns(count=0), ["A"])),
    ("verbs no rows", lambda: charts.verb_classes_chart(VERB_CLASSES.clear(), ["A"])),
    ("verbs zero", lambda: charts.verb_classes_chart(VERB_CLASSES.with_columns(count=0), ["A"])),
    ("similarity no rows", lambda: charts.similarity_heatmap(OUTLET_SIMILARITY.clear(), ["A"])),
    ("similarity one outlet", lambda: charts.similarity_heatmap(OUTLET_SIMILARITY, ["A"])),
    ("similarity zero", lambda: charts.similarity_heatmap(
        OUTLET_SIMILARITY.with_columns(cosine=0.0), ["A", "B"])),
    ("no outlets", lambda: charts.voice_split(RATES, [])),
]  # fmt: skip


@pytest.mark.parametrize("case", EMPTY_CASES, ids=[name for name, _ in EMPTY_CASES])
def test_nothing_to_draw_returns_none(case: tuple[str, Callable[[], Chart | None]]) -> None:
    assert case[1]() is None


def test_missing_column_is_reported() -> None:
    with pytest.raises(ValueError, match="rate_per_1000"):
        charts.framing_heatmap(RATES.drop("rate_per_1000"), ["A"])


# --- hostile labels and layout -------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_charts() -> list[Chart | None]:
    tables = hostile_tables(HOSTILE_OUTLETS, HOSTILE_TERMS)
    return all_charts(HOSTILE_OUTLETS, **tables)


def test_hostile_labels_render_literally(hostile_charts: list[Chart | None]) -> None:
    for chart in hostile_charts:
        assert chart is not None
        texts = drawn_texts(chart.figure)
        for text in texts:
            assert not is_math_text(text.get_text()), (chart.name, text.get_text())
            assert not text.get_usetex()
        shown = "\n".join(text.get_text() for text in texts)
        assert "\\$" in shown  # every $ reaches the canvas escaped, as a literal dollar sign
        assert "\t" not in shown


def test_dollar_label_shows_the_dollar_sign() -> None:
    chart = charts.term_rates_with_intervals(
        make_rates([("A", "money", "$5 million", 2, 0)]), ["$5 million"], ["A"]
    )
    assert chart is not None
    title = main_axes(chart.figure).title
    chart.figure.canvas.draw()
    assert title.get_text() == "\\$5 million"
    assert title._preprocess_math(title.get_text()) == ("$5 million", False)


def test_long_labels_are_cut_with_an_ellipsis(hostile_charts: list[Chart | None]) -> None:
    heatmap = hostile_charts[0]
    assert heatmap is not None
    labels = tick_texts(main_axes(heatmap.figure).get_xticklabels())
    long_label = labels[HOSTILE_OUTLETS.index("a" * 300)]
    assert long_label.endswith("…") and long_label.count("\n") <= 1
    assert all(len(line) <= 14 for label in labels for line in label.split("\n"))
    assert labels[HOSTILE_OUTLETS.index("")] == "(no name)"


def test_twelve_long_outlets_give_no_overlapping_text(
    hostile_charts: list[Chart | None],
) -> None:
    for chart in hostile_charts:
        assert chart is not None
        assert overlapping_pairs(chart.figure) == [], chart.name


def test_twelve_outlets_keep_outlet_palette_order(hostile_charts: list[Chart | None]) -> None:
    distinctive = hostile_charts[4]
    assert distinctive is not None
    colours = charts.outlet_colours(HOSTILE_OUTLETS)
    hatches = charts.outlet_hatches(HOSTILE_OUTLETS)
    for ax, outlet in zip(panel_axes(distinctive.figure), HOSTILE_OUTLETS, strict=True):
        assert set(facecolours(ax)) == {colours[outlet].lower()}
        assert {patch.get_hatch() or "" for patch in ax.patches} == {hatches[outlet]}


def test_hostile_svg_is_well_formed_xml(hostile_charts: list[Chart | None], tmp_path: Path) -> None:
    tables = hostile_tables(HOSTILE_OUTLETS, HOSTILE_TERMS)
    chart = charts.contrast_shares(tables["rates"], tables["contrast_sets"], HOSTILE_OUTLETS)
    assert chart is not None
    (path,) = charts.save_chart(chart, tmp_path, formats=("svg",), dpi=72)
    ElementTree.parse(path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200), st.integers(min_value=4, max_value=40))
def test_any_label_is_never_mathtext_and_stays_within_two_lines(text: str, width: int) -> None:
    label = charts._label(text, width)
    assert not is_math_text(label)
    lines = label.split("\n")
    assert 1 <= len(lines) <= 2
    assert all(len(line.replace("\\$", "$")) <= width for line in lines)


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(min_size=1, max_size=60), min_size=1, max_size=5, unique=True))
def test_any_outlet_names_draw_without_error(outlets: list[str]) -> None:
    tables = hostile_tables(outlets, ["war", "$1"])
    chart = charts.framing_heatmap(tables["rates"], outlets)
    assert chart is not None
    chart.figure.canvas.draw()


def test_usetex_stays_off_even_when_set_globally(tmp_path: Path) -> None:
    with matplotlib.rc_context({"text.usetex": True}):
        chart = charts.framing_heatmap(RATES, ["A", "B"])
        assert chart is not None
        charts.save_chart(chart, tmp_path, dpi=50)


def test_charts_do_not_change_global_rc_params(tmp_path: Path) -> None:
    before = dict(matplotlib.rcParams)
    for chart in all_charts(["A", "B"]):
        assert chart is not None
        charts.save_chart(chart, tmp_path, dpi=40)
    assert dict(matplotlib.rcParams) == before


# --- saving ----------------------------------------------------------------------------------


def test_save_chart_is_byte_identical_for_the_same_tables(tmp_path: Path) -> None:
    first = all_charts(["A", "B", "C"])
    second = all_charts(["A", "B", "C"])
    for index, (chart_a, chart_b) in enumerate(zip(first, second, strict=True)):
        assert chart_a is not None and chart_b is not None
        dpi = 200 if index == 0 else 60  # print resolution once; lower elsewhere to save time
        paths_a = charts.save_chart(chart_a, tmp_path / "a", formats=("png", "svg"), dpi=dpi)
        paths_b = charts.save_chart(chart_b, tmp_path / "b", formats=("png", "svg"), dpi=dpi)
        assert [p.name for p in paths_a] == [f"{chart_a.name}.png", f"{chart_a.name}.svg"]
        for path_a, path_b in zip(paths_a, paths_b, strict=True):
            assert path_a.read_bytes() == path_b.read_bytes(), path_a.name


def test_saving_lays_out_once_and_moves_nothing(tmp_path: Path) -> None:
    """save_chart lays a figure out itself and pins empty axis labels; the PNG must be the one
    a plain savefig of the same chart gives, pixel for pixel."""
    saved = all_charts(["A", "B", "C"])
    plain = all_charts(["A", "B", "C"])
    for chart, twin in zip(saved, plain, strict=True):
        assert chart is not None and twin is not None
        (path,) = charts.save_chart(chart, tmp_path, dpi=60)
        expected = tmp_path / f"expected_{chart.name}.png"
        with charts.chart_style():
            twin.figure.savefig(expected, dpi=60, metadata={"Software": None})
        assert path.read_bytes() == expected.read_bytes(), chart.name


def test_saved_files_carry_no_date_or_software(tmp_path: Path) -> None:
    chart = charts.voice_split(RATES, ["A", "B"])
    assert chart is not None
    png, svg = charts.save_chart(chart, tmp_path, formats=("png", "svg"), dpi=50)
    assert png.read_bytes().startswith(b"\x89PNG")
    assert b"Software" not in png.read_bytes()
    text = svg.read_text(encoding="utf-8")
    assert "<dc:date>" not in text and "Matplotlib v" not in text


def test_save_chart_leaves_no_temporary_files_and_clears_the_figure(tmp_path: Path) -> None:
    chart = charts.voice_split(RATES, ["A", "B"])
    assert chart is not None
    paths = charts.save_chart(chart, tmp_path / "new" / "dir", dpi=50)
    assert [p.name for p in (tmp_path / "new" / "dir").iterdir()] == ["voice_split.png"]
    assert paths == [tmp_path / "new" / "dir" / "voice_split.png"]
    assert paths[0].stat().st_mode & 0o044 == 0o044  # readable by others, like any report file
    assert chart.figure.axes == []


def test_save_chart_rejects_unknown_format(tmp_path: Path) -> None:
    chart = charts.voice_split(RATES, ["A", "B"])
    assert chart is not None
    with pytest.raises(ValueError, match="formats"):
        charts.save_chart(chart, tmp_path, formats=("pdf",))
    assert list(tmp_path.iterdir()) == []


def test_failed_save_removes_its_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chart = charts.voice_split(RATES, ["A", "B"])
    assert chart is not None

    def broken_savefig(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(chart.figure, "savefig", broken_savefig)
    with pytest.raises(OSError, match="disk full"):
        charts.save_chart(chart, tmp_path)
    assert list(tmp_path.iterdir()) == []
