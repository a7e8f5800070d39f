"""Every chart: titles, labels and alt text, empty input, hostile labels and layout, saving."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path

import matplotlib
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.cbook import is_math_text
from support.charts import (
    CONTRAST_SETS,
    DISTINCTIVE,
    HOSTILE_OUTLETS,
    HOSTILE_TERMS,
    OUTLET_SIMILARITY,
    RATES,
    SPEAKER_TYPES,
    VERB_CLASSES,
    all_charts,
    drawn_texts,
    facecolours,
    hostile_tables,
    main_axes,
    make_rates,
    overlapping_pairs,
    panel_axes,
    tick_texts,
)

from analysis import charts
from analysis.charts import Chart

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
