"""Chart style (analysis.charts.style): the palette, outlet colours, hatches and markers; and the
check for overlapping text the other chart tests rely on."""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from support.charts import DISTINCTIVE, RATES, facecolours, main_axes, overlapping_pairs, panel_axes

from analysis import charts


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
