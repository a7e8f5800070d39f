"""Charts of the terms stage's tables: distinctive terms per outlet and outlet similarity."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl
from matplotlib.axes import Axes

from analysis.charts.drawing import (
    _MAX_FIGURE_INCHES,
    _annotated_heatmap,
    _column_labels,
    _draw_note,
    _grid,
    _new_figure,
    _outlets_that_fit,
    _require_columns,
    _small_multiples,
    _unique_outlets,
)
from analysis.charts.saving import Chart
from analysis.charts.style import (
    _ANNOTATION_SIZE,
    SIMILARITY_COLOUR_MAP,
    _format_score,
    _join,
    _label,
    _plain,
    chart_style,
    outlet_colours,
    outlet_hatches,
)

SCORE_LABELS: dict[str, str] = {
    "log_odds": "log-odds ratio z-score (standard deviations; above 1.96 is p < 0.05)",
    "log_likelihood": "log-likelihood G² (unitless; above 3.84 is p < 0.05)",
    "tfidf": "TF-IDF weight (0 to 1, unitless)",
}
"""Axis label for the score of each distinctive-terms method."""

_METHOD_NAMES = {"log_odds": "log-odds", "log_likelihood": "log-likelihood", "tfidf": "TF-IDF"}


# --- distinctive terms -----------------------------------------------------------------------


def distinctive_terms_chart(
    distinctive: pl.DataFrame,
    outlets: Sequence[str],
    method: str = "log_odds",
    top: int = 10,
) -> Chart | None:
    """One panel per outlet: horizontal bars of its ``top`` terms by ``score`` for ``method``.

    ``distinctive`` is the terms table; rows of other methods and non-finite scores are ignored.
    Bars are in the outlet's colour, highest score on top, with the score written at the bar's
    end; panels share the score axis so outlets can be compared. An outlet whose rows carry a
    ``note`` (why its list is unreliable) gets a ``*`` after its panel title and the note under
    the chart. The file stem names the method (``distinctive_terms_log_odds``). Returns
    ``None`` when no outlet has a term.
    """
    if method not in SCORE_LABELS:
        raise ValueError(f"method must be one of {sorted(SCORE_LABELS)}; got {method!r}")
    if top < 1:
        raise ValueError(f"top must be at least 1; got {top}")
    _require_columns(distinctive, ["outlet", "term", "method", "score"], "distinctive")
    outlets = _unique_outlets(outlets)
    rows = (
        distinctive.filter(
            (pl.col("method") == method)
            & pl.col("outlet").is_in(outlets)
            & pl.col("score").is_finite()
        )
        .sort(["outlet", "score", "term"], descending=[False, True, False])
        .group_by("outlet", maintain_order=True)
        .head(top)
    )
    if rows.is_empty():
        return None
    top_terms: dict[str, list[tuple[str, float]]] = {outlet: [] for outlet in outlets}
    for outlet, term, score in rows.select("outlet", "term", "score").iter_rows():
        top_terms[outlet].append((term, score))
    notes = _outlet_notes(rows)
    scores = rows["score"]
    low, high = min(0.0, float(scores.min())), max(0.0, float(scores.max()))
    colours, hatches = outlet_colours(outlets), outlet_hatches(outlets)
    footnotes = [f"* {_label(o, 40, 1)}: {_label(n, 90, 1)}" for o, n in notes.items()]
    if len(footnotes) > _MAX_FOOTNOTES:
        footnotes = [f"* {len(notes)} outlets have a note on how far their lists can be trusted "
                     "(the note column of distinctive_terms.csv)"]
    layout = _distinctive_layout(len(outlets), top, len(footnotes))
    all_outlets, outlets = outlets, outlets[: layout.panels]
    top = layout.terms
    if len(outlets) < len(all_outlets):
        footnotes.append(f"showing the first {len(outlets)} of {len(all_outlets)} outlets, "
                         f"top {top} terms each; all are in distinctive_terms.csv")
    top_terms = {outlet: top_terms[outlet][:top] for outlet in outlets}
    notes = {outlet: note for outlet, note in notes.items() if outlet in top_terms}
    with chart_style():
        figure = _new_figure(layout.width, layout.height)
        axes = _small_multiples(figure, len(outlets), sharex=True, columns=layout.columns)
        for ax, outlet in zip(axes, outlets, strict=True):
            _draw_distinctive_panel(
                ax, outlet, top_terms[outlet], colours[outlet], hatches[outlet], top
            )
            if outlet in notes:
                ax.set_title(_label(outlet, 30, 1) + " *")
        span = high - low
        axes[0].set_xlim(low - (0.25 * span if low < 0 else 0), high + 0.25 * span)
        figure.suptitle(
            f"Most distinctive terms per outlet (top {top} by {_METHOD_NAMES[method]} score)"
        )
        figure.supxlabel("\n".join([f"score: {SCORE_LABELS[method]}", *footnotes]), fontsize=10)
    return Chart(
        figure,
        _distinctive_alt_text(outlets, top_terms, notes, method, top),
        f"distinctive_terms_{method}",
    )


_MAX_FOOTNOTES = 6
"""Outlet notes listed one per line under the distinctive-terms chart; with more, one line
says how many outlets have a note."""
_PANEL_WIDTH = 3.6
"""Inches per panel of the distinctive-terms chart, across."""
_FEWEST_TERMS = 5
"""The distinctive-terms chart shows at least this many terms per outlet (or ``top``) before
it shows fewer outlets."""


@dataclass(frozen=True)
class _Layout:
    """How the distinctive-terms chart fits ``panels`` outlets into a figure (inches)."""

    panels: int
    columns: int
    terms: int
    width: float
    height: float


def _distinctive_layout(outlets: int, top: int, footnote_lines: int) -> _Layout:
    """The largest layout that fits within the figure size limit: three columns, or more (up to
    as many as fit across) when the panels would not fit down the page; then fewer terms per
    panel (down to ``_FEWEST_TERMS``); then the first outlets only. Every panel keeps its
    full size, so nothing collapses or overprints."""
    footer = 0.45 + 0.2 * footnote_lines  # the score label and footnotes, 10-point lines

    def height(rows: int, terms: int) -> float:
        return 1.2 + footer + rows * (1.1 + 0.27 * terms)

    most_columns = max(1, int((_MAX_FIGURE_INCHES - 0.6) // _PANEL_WIDTH))
    rows, columns = _grid(outlets)
    terms = top
    while height(rows, terms) > _MAX_FIGURE_INCHES and columns < most_columns:
        columns += 1
        rows = math.ceil(outlets / columns)
    while height(rows, terms) > _MAX_FIGURE_INCHES and terms > min(top, _FEWEST_TERMS):
        terms -= 1
    panels = outlets
    while height(rows, terms) > _MAX_FIGURE_INCHES and rows > 1:
        rows -= 1
        panels = rows * columns
    return _Layout(min(panels, outlets), columns, terms, 0.6 + _PANEL_WIDTH * columns,
                   height(rows, terms))


def _draw_distinctive_panel(
    ax: Axes, outlet: str, terms: list[tuple[str, float]], colour: str, hatch: str, top: int
) -> None:
    ax.set_title(_label(outlet, 32, 1))
    ax.axvline(0, color="#333333", linewidth=0.8)
    if not terms:
        _draw_note(ax, 0.5, 0.5, "no distinctive terms", ha="center", transform=ax.transAxes)
        ax.set_yticks([])
        ax.set_ylim(top - 0.5, -0.5)
        return
    positions = range(len(terms))
    values = [score for _, score in terms]
    ax.barh(positions, values, color=colour, hatch=hatch, edgecolor="#222222", linewidth=0.6)
    for position, value in zip(positions, values, strict=True):
        ax.annotate(
            _format_score(value),
            (value, position),
            xytext=(3 if value >= 0 else -3, 0),
            textcoords="offset points",
            ha="left" if value >= 0 else "right",
            va="center",
            fontsize=_ANNOTATION_SIZE,
        )
    ax.set_yticks(list(positions), labels=[_label(term, 24, 1) for term, _ in terms])
    ax.set_ylim(top - 0.5, -0.5)


def _outlet_notes(rows: pl.DataFrame) -> dict[str, str]:
    """The first non-empty ``note`` of each outlet's rows, if the table has notes."""
    if "note" not in rows.columns:
        return {}
    noted = rows.filter(pl.col("note").cast(pl.String).str.strip_chars().str.len_chars() > 0)
    return {
        outlet: str(note)
        for outlet, note in noted.unique("outlet", keep="first", maintain_order=True)
        .select("outlet", "note")
        .iter_rows()
    }


def _distinctive_alt_text(
    outlets: Sequence[str],
    top_terms: Mapping[str, list[tuple[str, float]]],
    notes: Mapping[str, str],
    method: str,
    top: int,
) -> str:
    parts = []
    for outlet in outlets:
        terms = top_terms[outlet]
        listed = ", ".join(f"{_plain(term, 40)} ({_format_score(score)})" for term, score in terms)
        caution = f" (caution: {_plain(notes[outlet], 200)})" if outlet in notes else ""
        parts.append(f"{_plain(outlet)}: {listed or 'no distinctive terms'}{caution}")
    return (
        f"Bar charts, one per outlet, of the top {top} most distinctive terms by "
        f"{_METHOD_NAMES[method]} score ({SCORE_LABELS[method]}), highest first. {_join(parts)}."
    )


# --- similarity heatmap -------------------------------------------------------------------------

_SIMILARITY_INCHES_PER_OUTLET = 0.62
"""Inches of the similarity heatmap per outlet, across and down."""
_LONGEST_LABEL_INCHES = 1.05
"""The most a turned column label adds to a heatmap's height (14 characters at 9 points)."""


def similarity_heatmap(outlet_similarity: pl.DataFrame, outlets: Sequence[str]) -> Chart | None:
    """Outlet-by-outlet heatmap of cosine similarity (0 to 1) with values in the cells.

    Each row of ``outlet_similarity`` fills both (a, b) and (b, a); the diagonal and pairs
    without a row are grey. Returns ``None`` when no pair of these outlets has a cosine other
    than 0.
    """
    _require_columns(outlet_similarity, ["outlet_a", "outlet_b", "cosine"], "outlet_similarity")
    # A row and a column per outlet: beyond what fits, the first outlets only.
    outlets, left_out = _outlets_that_fit(
        _unique_outlets(outlets), _SIMILARITY_INCHES_PER_OUTLET, 2.8 + _LONGEST_LABEL_INCHES)
    rows = outlet_similarity.filter(
        pl.col("outlet_a").is_in(outlets)
        & pl.col("outlet_b").is_in(outlets)
        & (pl.col("outlet_a") != pl.col("outlet_b"))
        & pl.col("cosine").is_not_null()
        & pl.col("cosine").is_finite()
    )
    if rows.is_empty() or not (rows["cosine"] != 0).any():
        return None
    matrix = np.full((len(outlets), len(outlets)), np.nan)
    for outlet_a, outlet_b, cosine in rows.select("outlet_a", "outlet_b", "cosine").iter_rows():
        first, second = outlets.index(outlet_a), outlets.index(outlet_b)
        matrix[first, second] = matrix[second, first] = cosine
    size = max(5.5, 2.8 + _SIMILARITY_INCHES_PER_OUTLET * len(outlets))
    column_labels, rotation, label_height = _column_labels(outlets, size + 1.0)
    with chart_style():
        figure = _new_figure(size + 1.0, size + label_height)
        ax = figure.subplots()
        _annotated_heatmap(
            figure,
            ax,
            matrix,
            outlets,
            column_labels,
            rotation,
            colour_map=SIMILARITY_COLOUR_MAP,
            value_range=(min(0.0, float(np.nanmin(matrix))), 1.0),
            colour_bar_label="cosine similarity (0 = no shared vocabulary, 1 = same)",
            formatter=lambda value: f"{value:.2f}",
            missing_text="—",
        )
        ax.set_title("How similar the outlets' vocabularies are (cosine similarity)"
                     + (f"\n({left_out}; all are in outlet_similarity.csv)" if left_out else ""))
        ax.set_xlabel("outlet")
        ax.set_ylabel("outlet")
    return Chart(figure, _similarity_alt_text(matrix, outlets), "similarity_heatmap")


def _similarity_alt_text(matrix: np.ndarray, outlets: Sequence[str]) -> str:
    pairs = sorted(
        (
            (float(matrix[first, second]), first, second)
            for first in range(len(outlets))
            for second in range(first + 1, len(outlets))
            if not np.isnan(matrix[first, second])
        ),
        key=lambda pair: (-pair[0], pair[1], pair[2]),
    )

    def describe(pair: tuple[float, int, int]) -> str:
        return f"{_plain(outlets[pair[1]])} and {_plain(outlets[pair[2]])} ({pair[0]:.2f})"

    closest = []
    for index, outlet in enumerate(outlets):
        row = matrix[index]
        if np.all(np.isnan(row)):
            closest.append(f"{_plain(outlet)}: no data")
        else:
            nearest = int(np.nanargmax(row))
            closest.append(
                f"{_plain(outlet)} is closest to {_plain(outlets[nearest])} ({row[nearest]:.2f})"
            )
    return (
        f"Heatmap of cosine similarity between the vocabularies of {len(outlets)} outlets, from "
        f"0 (no shared vocabulary) to 1 (the same). Most similar pair: {describe(pairs[0])}; "
        f"least similar pair: {describe(pairs[-1])}. {_join(closest)}."
    )
