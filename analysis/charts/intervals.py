"""Dot-and-whisker chart of each framing term's rate per 1,000 words with its 95% interval."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import polars as pl
from matplotlib.axes import Axes

from analysis.charts.drawing import (
    _draw_note,
    _grid,
    _new_figure,
    _require_columns,
    _small_multiples,
    _unique_outlets,
)
from analysis.charts.saving import Chart
from analysis.charts.style import (
    _format_rate,
    _label,
    _plain,
    chart_style,
    outlet_colours,
    outlet_markers,
)


def term_rates_with_intervals(
    rates: pl.DataFrame, terms: Sequence[str], outlets: Sequence[str]
) -> Chart | None:
    """Dot-and-whisker panels, one per term: each outlet's rate per 1,000 words and 95% interval.

    Dots are ``rate_per_1000`` in the outlet's colour and marker; whiskers run from ``ci_low`` to
    ``ci_high`` (a missing bound draws the dot alone). One row per outlet and term is expected;
    if a term appears in several categories its first row is drawn. Terms without any row are
    left out. Returns ``None`` when no listed term has a rate above 0 for these outlets.
    """
    _require_columns(rates, ["outlet", "term", "rate_per_1000", "ci_low", "ci_high"], "rates")
    outlets = _unique_outlets(outlets)
    terms = list(dict.fromkeys(terms))
    rows = rates.filter(pl.col("outlet").is_in(outlets) & pl.col("term").is_in(terms)).unique(
        ["term", "outlet"], keep="first", maintain_order=True
    )
    if rows.is_empty() or not (rows["rate_per_1000"].fill_null(0) > 0).any():
        return None
    methods = []
    if "interval_method" in rows.columns:
        methods = [str(m) for m in rows["interval_method"].drop_nulls().unique(maintain_order=True)]
    points = {
        (row["term"], row["outlet"]): row
        for row in rows.select("term", "outlet", "rate_per_1000", "ci_low", "ci_high").iter_rows(
            named=True
        )
    }
    drawn_terms = [term for term in terms if any((term, o) in points for o in outlets)]
    colours, markers = outlet_colours(outlets), outlet_markers(outlets)
    grid_rows, grid_columns = _grid(len(drawn_terms))
    with chart_style():
        figure = _new_figure(
            1.8 + 3.0 * grid_columns, 1.2 + grid_rows * (1.0 + 0.32 * len(outlets))
        )
        axes = _small_multiples(figure, len(drawn_terms), sharey=True)
        for ax, term in zip(axes, drawn_terms, strict=True):
            _draw_term_panel(ax, term, outlets, points, colours, markers)
        method_note = f" ({', '.join(methods)})" if methods else ""
        figure.suptitle("Rate of each term per 1,000 words, with 95% intervals")
        figure.supxlabel(
            f"rate per 1,000 words: dot = rate, line = 95% interval{method_note}", fontsize=10
        )
        figure.supylabel("outlet", fontsize=10)
    return Chart(
        figure,
        _term_rates_alt_text(drawn_terms, outlets, points, method_note),
        "term_rates_with_intervals",
    )


def _draw_term_panel(
    ax: Axes,
    term: str,
    outlets: Sequence[str],
    points: Mapping[tuple[str, str], Mapping[str, float | None]],
    colours: Mapping[str, str],
    markers: Mapping[str, str],
) -> None:
    right_edge = 0.0
    for position, outlet in enumerate(outlets):
        point = points.get((term, outlet))
        rate = None if point is None else point["rate_per_1000"]
        if rate is None or not math.isfinite(rate):
            _draw_note(ax, 0, position, " no data", ha="left")
            continue
        low, high = point["ci_low"], point["ci_high"]
        if low is not None and high is not None and math.isfinite(low) and math.isfinite(high):
            # Clipped at 0: an interval that misses its own rate would make matplotlib raise.
            errors = [[max(rate - low, 0.0)], [max(high - rate, 0.0)]]
            ax.errorbar(
                rate,
                position,
                xerr=errors,
                fmt="none",
                ecolor="#333333",
                elinewidth=1.4,
                capsize=3,
                clip_on=False,
            )
            right_edge = max(right_edge, high)
        # Not clipped, so a dot at 0 shows whole over the axis line instead of half hidden.
        ax.plot(
            rate,
            position,
            linestyle="none",
            marker=markers[outlet],
            markersize=8,
            color=colours[outlet],
            markeredgecolor="black",
            markeredgewidth=0.8,
            clip_on=False,
            zorder=3,
        )
        right_edge = max(right_edge, rate)
    ax.set_xlim(0, right_edge * 1.08 if right_edge > 0 else 1.0)
    ax.set_yticks(range(len(outlets)), labels=[_label(outlet) for outlet in outlets])
    ax.set_ylim(len(outlets) - 0.5, -0.5)
    ax.set_title(_label(term, 26, 1))
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)


def _term_rates_alt_text(
    terms: Sequence[str],
    outlets: Sequence[str],
    points: Mapping[tuple[str, str], Mapping[str, float | None]],
    method_note: str,
) -> str:
    sentences = [
        f"Dot-and-whisker chart of the rate per 1,000 words with 95% intervals{method_note}, "
        f"one panel per term, for {len(outlets)} outlets."
    ]
    for term in terms:
        parts = []
        for outlet in outlets:
            point = points.get((term, outlet))
            rate = None if point is None else point["rate_per_1000"]
            if rate is None or not math.isfinite(rate):
                parts.append(f"{_plain(outlet)} no data")
                continue
            low, high = point["ci_low"], point["ci_high"]
            interval = (
                f" ({_format_rate(low)} to {_format_rate(high)})"
                if low is not None and high is not None
                else ""
            )
            parts.append(f"{_plain(outlet)} {_format_rate(rate)}{interval}")
        sentences.append(f"{_plain(term, 40)}: {', '.join(parts)}.")
    return " ".join(sentences)
