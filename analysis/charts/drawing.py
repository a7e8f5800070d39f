"""Drawing helpers the chart functions share: figures, small multiples, 100% bars, heatmaps.

Also the checks every chart function makes on its input table (:func:`_require_columns`) and
outlets (:func:`_unique_outlets`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import matplotlib
import numpy as np
import polars as pl
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analysis.charts.style import (
    _ANNOTATION_SIZE,
    _TICK_LABEL_POINTS,
    MISSING_COLOUR,
    _label,
    _plain,
    _text_colour_on,
)

_MIN_LABELLED_PERCENT = 7.0  # narrower segments of a 100% bar carry no text label
_SEGMENT_LABEL_INCHES = 0.32  # room "100%" needs at the annotation size
_MAX_FIGURE_INCHES = 30.0


def _new_figure(width: float, height: float) -> Figure:
    """A figure on the Agg canvas (no screen, no pyplot state), with constrained layout."""
    size = (min(width, _MAX_FIGURE_INCHES), min(height, _MAX_FIGURE_INCHES))
    figure = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _require_columns(table: pl.DataFrame, columns: Sequence[str], table_name: str) -> None:
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise ValueError(f"{table_name} table lacks column(s) {missing}; it has {table.columns}")


def _unique_outlets(outlets: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(outlets))


def _column_labels(labels: Sequence[str], figure_width: float) -> tuple[list[str], int, float]:
    """Heatmap column labels, their rotation and the extra figure height (inches) they need.

    Labels stay horizontal when the longest line of each fits its column, else they turn
    vertical (no two vertical labels can overlap, as columns are wider than two lines of text).
    """
    wrapped = [_label(label, 14) for label in labels]
    longest = max((len(line) for label in wrapped for line in label.split("\n")), default=0)
    text_inches = longest * 0.6 * _TICK_LABEL_POINTS / 72
    column_inches = figure_width * 0.7 / max(len(labels), 1)
    if text_inches <= 0.9 * column_inches:
        return wrapped, 0, 0.0
    return wrapped, 90, text_inches


def _grid(count: int) -> tuple[int, int]:
    """(rows, columns) of small multiples: up to three columns."""
    columns = 1 if count == 1 else 2 if count in (2, 4) else 3
    return math.ceil(count / columns), columns


def _fit_panels(
    count: int, panel_width: float, panel_height: float, margin_width: float, margin_height: float
) -> tuple[int, int, float, float]:
    """(panels shown, columns, figure width, figure height) for ``count`` small multiples of
    ``panel_width`` by ``panel_height`` inches plus margins, within ``_MAX_FIGURE_INCHES`` a side:
    three columns (:func:`_grid`), more when the panels do not fit down the page, and then only
    the first panels, so that every panel keeps its size and nothing collapses."""
    rows, columns = _grid(count)
    most_columns = max(1, int((_MAX_FIGURE_INCHES - margin_width) // panel_width))

    def height(rows: int) -> float:
        return margin_height + rows * panel_height

    while height(rows) > _MAX_FIGURE_INCHES and columns < most_columns:
        columns += 1
        rows = math.ceil(count / columns)
    panels = count
    while height(rows) > _MAX_FIGURE_INCHES and rows > 1:
        rows -= 1
        panels = rows * columns
    return min(panels, count), columns, margin_width + panel_width * columns, height(rows)


def _outlets_that_fit(
    outlets: Sequence[str], inches_per_outlet: float, other_inches: float
) -> tuple[list[str], str]:
    """The first ``outlets`` whose rows (or columns) of ``inches_per_outlet`` fit beside
    ``other_inches`` within ``_MAX_FIGURE_INCHES``, and a note for the title saying how many
    are left out ("" when all fit). Charts show fewer outlets rather than shrinking every
    row to fit: squeezed rows overprint their labels or collapse."""
    most = max(2, int((_MAX_FIGURE_INCHES - other_inches) // inches_per_outlet))
    if len(outlets) <= most:
        return list(outlets), ""
    return list(outlets[:most]), f"the first {most} of {len(outlets)} outlets"


def _small_multiples(
    figure: Figure,
    count: int,
    *,
    sharex: bool = False,
    sharey: bool = False,
    xlabel: str | None = None,
    columns: int | None = None,
) -> list[Axes]:
    """``count`` axes in a grid of up to three columns (or ``columns``); unused grid cells are
    removed.

    ``xlabel`` goes under the lowest panel of each column.
    """
    rows, columns = _grid(count) if columns is None else (math.ceil(count / columns), columns)
    grid = figure.subplots(rows, columns, squeeze=False, sharex=sharex, sharey=sharey)
    axes = list(grid.ravel())
    for unused in axes[count:]:
        unused.remove()
    # Panels above a removed cell keep their x tick labels, which sharex would otherwise hide.
    for index, ax in enumerate(axes[:count]):
        if index + columns >= count:
            ax.xaxis.set_tick_params(labelbottom=True)
            if xlabel is not None:
                ax.set_xlabel(xlabel)
    return axes[:count]


def _draw_note(ax: Axes, x: float, y: float, text: str, **placement: object) -> None:
    """A grey italic note where there is nothing to draw ("no data", "no uses"), centred
    vertically on ``y``; ``placement`` sets the alignment (``ha``) and, if needed, the transform.
    """
    ax.text(
        x,
        y,
        text,
        va="center",
        color="#444444",
        fontsize=_ANNOTATION_SIZE,
        style="italic",
        **placement,
    )


def _draw_segment_label(ax: Axes, x: float, y: float, text: str, segment_colour: str) -> None:
    """A label centred on a bar segment, in black or white, whichever contrasts more with it."""
    ax.text(
        x,
        y,
        text,
        ha="center",
        va="center",
        fontsize=_ANNOTATION_SIZE,
        color=_text_colour_on(segment_colour),
    )


def _draw_bar_end_label(ax: Axes, x: float, y: float, text: str) -> None:
    """A label just right of a horizontal bar ending at ``x`` (may run past the axes)."""
    ax.text(x, y, text, ha="left", va="center", fontsize=_ANNOTATION_SIZE, clip_on=False)


@dataclass(frozen=True)
class _PercentBar:
    """One 100% bar: its label and a count per part, in drawing order."""

    label: str
    counts: dict[str, float]

    @property
    def total(self) -> float:
        return sum(self.counts.values())


def _draw_percent_bars(
    ax: Axes,
    bars: Sequence[_PercentBar],
    styles: Mapping[str, tuple[str, str]],
    empty_text: str,
    plot_inches: float,
) -> None:
    """Horizontal 100% stacked bars, first bar on top; ``n=`` totals right of each bar.

    A bar whose total is 0 is drawn as a dashed outline labelled ``empty_text``. Segments get
    a percentage label when they are wide enough for it, given ``plot_inches``, the expected
    width of the bars' area.
    """
    min_labelled = max(_MIN_LABELLED_PERCENT, 100 * _SEGMENT_LABEL_INCHES / plot_inches)
    for position, bar in enumerate(bars):
        total = bar.total
        if total <= 0:
            ax.barh(position, 100, color="none", edgecolor="#777777", linestyle="--")
            _draw_note(ax, 50, position, empty_text, ha="center")
            continue
        left = 0.0
        for part, count in bar.counts.items():
            if count <= 0:
                continue
            percent = 100.0 * count / total
            colour, hatch = styles[part]
            ax.barh(
                position,
                percent,
                left=left,
                color=colour,
                hatch=hatch,
                edgecolor="#333333",
                linewidth=0.6,
            )
            if percent >= min_labelled:
                _draw_segment_label(ax, left + percent / 2, position, f"{percent:.0f}%", colour)
            left += percent
        _draw_bar_end_label(ax, 101.5, position, f"n={total:,.0f}")
    ax.set_yticks(range(len(bars)), labels=[_label(bar.label) for bar in bars])
    ax.set_ylim(len(bars) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 25, 50, 75, 100])


def _part_handles(styles: Mapping[str, tuple[str, str]]) -> list[Patch]:
    return [
        Patch(facecolor=colour, hatch=hatch, edgecolor="#333333", label=_label(name, 24, 1))
        for name, (colour, hatch) in styles.items()
    ]


def _percent_summary(bar: _PercentBar, empty_text: str) -> str:
    """'A: x 75% (3), y 25% (1), n=4' for alt text, largest part first."""
    total = bar.total
    if total <= 0:
        return f"{_plain(bar.label)}: {empty_text}"
    parts = sorted(
        ((name, count) for name, count in bar.counts.items() if count > 0),
        key=lambda item: -item[1],
    )
    listed = ", ".join(
        f"{_plain(name, 40)} {100 * count / total:.0f}% ({count:,.0f})" for name, count in parts
    )
    return f"{_plain(bar.label)}: {listed}, n={total:,.0f}"


def _annotated_heatmap(
    figure: Figure,
    ax: Axes,
    matrix: np.ndarray,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    column_rotation: int,
    *,
    colour_map: str,
    value_range: tuple[float, float],
    colour_bar_label: str,
    formatter: Callable[[float], str],
    missing_text: str,
) -> None:
    """Draw ``matrix`` (rows x columns, NaN for no value) with a value written in every cell.

    ``column_labels`` are ready to draw (from :func:`_column_labels`); row labels are raw.
    """
    colours = matplotlib.colormaps[colour_map].with_extremes(bad=MISSING_COLOUR)
    masked = np.ma.masked_invalid(matrix)
    # A mesh of cells (not an image) stays sharp as vectors in SVG.
    rows, columns = matrix.shape
    mesh = ax.pcolormesh(
        np.arange(columns + 1) - 0.5,
        np.arange(rows + 1) - 0.5,
        masked,
        cmap=colours,
        vmin=value_range[0],
        vmax=value_range[1],
    )
    for row in range(rows):
        for column in range(columns):
            value = matrix[row, column]
            if np.isnan(value):
                text, colour = missing_text, "#333333"
            else:
                text = formatter(value)
                colour = _text_colour_on(colours(mesh.norm(value)))
            ax.text(
                column, row, text, ha="center", va="center", color=colour, fontsize=_ANNOTATION_SIZE
            )
    ax.set_xticks(range(len(column_labels)), labels=column_labels, rotation=column_rotation)
    ax.set_yticks(range(len(row_labels)), labels=[_label(label, 24) for label in row_labels])
    ax.set_ylim(rows - 0.5, -0.5)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    colour_bar = figure.colorbar(mesh, ax=ax, shrink=0.9)
    colour_bar.set_label(colour_bar_label)
