"""Charts of the lexicon's framing rates: the rates heatmap, how outlets split their uses
within each contrast set, and framing hits in an outlet's own narration versus quotations.

The rate of each term with its 95% interval is in :mod:`analysis.charts.intervals`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import polars as pl
from matplotlib.axes import Axes
from matplotlib.figure import SubFigure
from matplotlib.patches import Patch

from analysis.charts.drawing import (
    _MAX_FIGURE_INCHES,
    _MIN_LABELLED_PERCENT,
    _annotated_heatmap,
    _column_labels,
    _draw_bar_end_label,
    _draw_note,
    _draw_percent_bars,
    _draw_segment_label,
    _new_figure,
    _outlets_that_fit,
    _part_handles,
    _percent_summary,
    _PercentBar,
    _require_columns,
    _unique_outlets,
)
from analysis.charts.saving import Chart
from analysis.charts.style import (
    NARRATION_COLOUR,
    QUOTATION_COLOUR,
    RATE_COLOUR_MAP,
    _format_rate,
    _join,
    _label,
    _part_styles,
    _plain,
    chart_style,
)

# --- framing heatmap ----------------------------------------------------------------------------

_HEATMAP_INCHES_PER_OUTLET = 0.62
"""Inches of the framing heatmap per outlet (a column)."""
_BAR_INCHES = 0.38
"""Inches per outlet of a chart with one bar per outlet."""


def framing_heatmap(
    rates: pl.DataFrame, outlets: Sequence[str], *, by: str = "category"
) -> Chart | None:
    """Heatmap of framing rates per 1,000 words: categories (or terms) by outlets.

    ``rates`` is the lexicon's rates table (one row per outlet and term). With
    ``by="category"`` a cell is the sum of ``rate_per_1000`` over the category's terms (every
    term of an outlet shares the outlet's word count, so this is the category's rate); with
    ``by="term"`` each term is a row. Rows keep the order of first appearance in ``rates``,
    columns the order of ``outlets``; outlets missing from the table show grey "n/a" cells.
    Returns ``None`` when no rate for these outlets is above 0.
    """
    if by not in ("category", "term"):
        raise ValueError(f"by must be 'category' or 'term'; got {by!r}")
    _require_columns(rates, ["outlet", by, "rate_per_1000"], "rates")
    outlets, left_out = _outlets_that_fit(_unique_outlets(outlets), _HEATMAP_INCHES_PER_OUTLET,
                                          3.4)
    cells = (
        rates.filter(pl.col("outlet").is_in(outlets))
        .group_by([by, "outlet"], maintain_order=True)
        .agg(pl.col("rate_per_1000").sum())
    )
    if cells.is_empty() or not (cells["rate_per_1000"].fill_null(0) > 0).any():
        return None
    rows = cells[by].unique(maintain_order=True).to_list()
    matrix = np.full((len(rows), len(outlets)), np.nan)
    for row_name, outlet, rate in cells.iter_rows():
        matrix[rows.index(row_name), outlets.index(outlet)] = rate
    width = max(6.0, 3.4 + _HEATMAP_INCHES_PER_OUTLET * len(outlets))
    column_labels, rotation, label_height = _column_labels(outlets, width)
    with chart_style():
        figure = _new_figure(width, max(3.0, 2.2 + 0.34 * len(rows)) + label_height)
        ax = figure.subplots()
        _annotated_heatmap(
            figure,
            ax,
            matrix,
            rows,
            column_labels,
            rotation,
            colour_map=RATE_COLOUR_MAP,
            value_range=(0.0, float(np.nanmax(matrix))),
            colour_bar_label="rate per 1,000 words",
            formatter=_format_rate,
            missing_text="n/a",
        )
        what = "framing category" if by == "category" else "framing term"
        ax.set_title(f"Framing terms per 1,000 words, by {what} and outlet"
                     + (f"\n({left_out}; all are in framing_rates.csv)" if left_out else ""))
        ax.set_xlabel("outlet")
        ax.set_ylabel(what)
    return Chart(
        figure,
        _framing_alt_text(matrix, rows, outlets, what),
        "framing_heatmap" if by == "category" else "framing_heatmap_terms",
    )


def _framing_alt_text(
    matrix: np.ndarray, rows: Sequence[str], outlets: Sequence[str], what: str
) -> str:
    peak = np.unravel_index(np.nanargmax(matrix), matrix.shape)
    per_outlet = []
    for column, outlet in enumerate(outlets):
        values = matrix[:, column]
        if np.all(np.isnan(values)):
            per_outlet.append(f"{_plain(outlet)}: no data")
            continue
        top = int(np.nanargmax(values))
        per_outlet.append(
            f"{_plain(outlet)}: highest {_plain(rows[top], 40)} {_format_rate(values[top])}"
        )
    return (
        f"Heatmap of framing-term rates per 1,000 words: {len(rows)} "
        f"{'framing categories' if what == 'framing category' else 'framing terms'} (rows) by "
        f"{len(outlets)} outlets (columns). The highest cell is {_plain(rows[peak[0]], 40)} in "
        f"{_plain(outlets[peak[1]])} at {_format_rate(matrix[peak])} per 1,000 words. By outlet: "
        f"{_join(per_outlet)}."
    )


# --- contrast shares ----------------------------------------------------------------------------


def contrast_shares(
    rates: pl.DataFrame, contrast_sets: Mapping[str, Sequence[str]], outlets: Sequence[str]
) -> Chart | None:
    """For each contrast set, 100% bars of how each outlet splits its uses among the set's terms.

    ``contrast_sets`` maps a set's name to its terms (from the lexicon). A segment is the term's
    ``count`` divided by the outlet's total count over the set's terms (the share in the
    contrast set, in %); an outlet with no uses of the set gets an empty bar labelled "no uses".
    One panel per set that some outlet uses, in the order given; sets nobody uses are named in
    the alt text only. Returns ``None`` when no set has any use.
    """
    _require_columns(rates, ["outlet", "term", "count"], "rates")
    outlets = _unique_outlets(outlets)
    all_outlets = outlets
    counts = {
        (outlet, term): count
        for outlet, term, count in rates.filter(pl.col("outlet").is_in(outlets))
        .unique(["outlet", "term"], keep="first", maintain_order=True)
        .select("outlet", "term", pl.col("count").fill_null(0))
        .iter_rows()
    }
    panels: list[tuple[str, list[_PercentBar]]] = []
    unused_sets = []
    for set_name, set_terms in contrast_sets.items():
        terms = list(dict.fromkeys(set_terms))
        bars = [
            _PercentBar(outlet, {term: counts.get((outlet, term), 0) for term in terms})
            for outlet in outlets
        ]
        if terms and any(bar.total > 0 for bar in bars):
            panels.append((set_name, bars))
        else:
            unused_sets.append(set_name)
    if not panels:
        return None
    # One panel under another; side by side when they would not fit down the page; then the
    # first outlets only, so that no bar is squeezed.
    columns, rows = _contrast_grid(len(panels), 1.9 + 0.3 * len(outlets))
    title = "How each outlet splits its uses within each contrast set"
    if 0.6 + rows * (1.9 + 0.3 * len(outlets)) > _MAX_FIGURE_INCHES:
        outlets, left_out = _outlets_that_fit(outlets, 0.3 * rows, 0.6 + 1.9 * rows)
        panels = [(name, bars[: len(outlets)]) for name, bars in panels]
        title += f"\n({left_out}; all are in framing_rates.csv)"
    width = _CONTRAST_PANEL_WIDTH * columns
    panel_heights = [1.9 + 0.3 * len(outlets) for _ in range(rows)]
    with chart_style():
        figure = _new_figure(width, 0.6 + sum(panel_heights))
        subfigures = figure.subfigures(rows, columns, height_ratios=panel_heights, squeeze=False)
        cells = list(subfigures.ravel())
        for subfigure, (set_name, bars) in zip(cells, panels, strict=False):
            _draw_contrast_panel(subfigure, set_name, bars)
        figure.suptitle(title)
    return Chart(figure, _contrast_alt_text(panels, unused_sets, all_outlets), "contrast_shares")


_CONTRAST_PANEL_WIDTH = 8.0
"""Inches per panel of the contrast-shares chart, across."""


def _contrast_grid(panels: int, panel_height: float) -> tuple[int, int]:
    """(columns, rows) of the contrast-shares panels: one column, more while the panels do
    not fit down the page and another column fits across."""
    columns = 1
    most_columns = max(1, int(_MAX_FIGURE_INCHES // _CONTRAST_PANEL_WIDTH))
    while (0.6 + math.ceil(panels / columns) * panel_height > _MAX_FIGURE_INCHES
           and columns < most_columns):
        columns += 1
    return columns, math.ceil(panels / columns)


def _draw_contrast_panel(subfigure: SubFigure, set_name: str, bars: list[_PercentBar]) -> None:
    styles = _part_styles(list(bars[0].counts))
    ax = subfigure.subplots()
    _draw_percent_bars(ax, bars, styles, "no uses", plot_inches=5.5)
    ax.set_title(f"Contrast set: {_label(set_name, 60, 1)}")
    ax.set_xlabel("share of the set's uses, %")
    subfigure.legend(
        handles=_part_handles(styles),
        loc="outside lower center",
        ncols=min(len(styles), 4),
        title="term",
        frameon=False,
    )


def _contrast_alt_text(
    panels: list[tuple[str, list[_PercentBar]]], unused: list[str], outlets: Sequence[str]
) -> str:
    sentences = [
        "Stacked 100% bars, one panel per contrast set, showing how each outlet divides its "
        "uses among the set's terms."
    ]
    drawn = len(panels[0][1])
    if drawn < len(outlets):
        sentences.append(f"The first {drawn} of {len(outlets)} outlets are drawn.")
    for set_name, bars in panels:
        terms = ", ".join(_plain(term, 40) for term in bars[0].counts)
        summaries = _join([_percent_summary(bar, "no uses") for bar in bars])
        sentences.append(f"Set {_plain(set_name)} (terms: {terms}): {summaries}.")
    if unused:
        sentences.append(
            "Sets with no uses in any outlet, not drawn: "
            + ", ".join(_plain(name) for name in unused)
            + "."
        )
    return " ".join(sentences)


# --- voice split ------------------------------------------------------------------------------


def voice_split(rates: pl.DataFrame, outlets: Sequence[str]) -> Chart | None:
    """Per outlet, framing hits in its own narration and inside quotations (stacked counts).

    Bars are the sums of ``narration_count`` and ``quoted_count`` over the outlet's rows of
    ``rates``; the share in quotations is written after each bar. Returns ``None`` when no
    outlet has a hit.
    """
    _require_columns(rates, ["outlet", "narration_count", "quoted_count"], "rates")
    outlets, left_out = _outlets_that_fit(_unique_outlets(outlets), _BAR_INCHES, 1.9)
    sums = (
        rates.filter(pl.col("outlet").is_in(outlets))
        .group_by("outlet")
        .agg(pl.col("narration_count").sum(), pl.col("quoted_count").sum())
    )
    voices = {outlet: (narration, quoted) for outlet, narration, quoted in sums.iter_rows()}
    if not any(narration + quoted > 0 for narration, quoted in voices.values()):
        return None
    largest = max(narration + quoted for narration, quoted in voices.values())
    with chart_style():
        figure = _new_figure(8.0, 1.9 + _BAR_INCHES * len(outlets))
        ax = figure.subplots()
        for position, outlet in enumerate(outlets):
            narration, quoted = voices.get(outlet, (0, 0))
            _draw_voice_bar(ax, position, narration, quoted, largest)
        ax.set_yticks(range(len(outlets)), labels=[_label(outlet) for outlet in outlets])
        ax.set_ylim(len(outlets) - 0.5, -0.5)
        ax.set_xlim(0, largest * 1.02)
        ax.set_xlabel("framing hits (count)")
        ax.set_ylabel("outlet")
        ax.set_title("Where framing terms appear: the outlet's own narration or quotations"
                     + (f"\n({left_out}; all are in framing_rates.csv)" if left_out else ""))
        figure.legend(
            handles=[
                Patch(facecolor=NARRATION_COLOUR, edgecolor="#333333", label="own narration"),
                Patch(facecolor=QUOTATION_COLOUR, edgecolor="#333333", label="inside quotations"),
            ],
            loc="outside lower center",
            ncols=2,
            frameon=False,
        )
    return Chart(figure, _voice_alt_text(outlets, voices), "voice_split")


def _draw_voice_bar(ax: Axes, position: int, narration: int, quoted: int, largest: int) -> None:
    total = narration + quoted
    if total == 0:
        _draw_note(ax, 0, position, " no framing hits", ha="left")
        return
    left = 0
    for count, colour in ((narration, NARRATION_COLOUR), (quoted, QUOTATION_COLOUR)):
        if count > 0:
            ax.barh(position, count, left=left, color=colour, edgecolor="#333333", linewidth=0.6)
            if count >= largest * _MIN_LABELLED_PERCENT / 100:
                _draw_segment_label(ax, left + count / 2, position, f"{count:,}", colour)
        left += count
    _draw_bar_end_label(
        ax, total + largest * 0.015, position, f"{100 * quoted / total:.0f}% quoted"
    )


def _voice_alt_text(outlets: Sequence[str], voices: Mapping[str, tuple[int, int]]) -> str:
    parts = []
    for outlet in outlets:
        narration, quoted = voices.get(outlet, (0, 0))
        total = narration + quoted
        if total == 0:
            parts.append(f"{_plain(outlet)}: no framing hits")
        else:
            parts.append(
                f"{_plain(outlet)}: {narration:,} in its own narration, {quoted:,} inside "
                f"quotations ({100 * quoted / total:.0f}% quoted)"
            )
    return (
        "Stacked bars of framing-term hits per outlet, split into the outlet's own narration "
        f"and text inside quotations. {_join(parts)}."
    )
