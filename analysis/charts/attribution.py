"""Charts of the attribution stage's tables: who is quoted, and with which verbs."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from analysis.charts.drawing import (
    _draw_percent_bars,
    _fit_panels,
    _new_figure,
    _outlets_that_fit,
    _part_handles,
    _percent_summary,
    _PercentBar,
    _require_columns,
    _small_multiples,
    _unique_outlets,
)
from analysis.charts.saving import Chart
from analysis.charts.style import (
    VERB_CLASS_COLOURS,
    _join,
    _label,
    _part_styles,
    _plain,
    chart_style,
)

# --- speaker types -----------------------------------------------------------------------------


#: The speaker types drawn one by one at most; the rarer ones share one "other types" part,
#: so that a gazetteer of many types keeps a legend a reader can match to colours.
MOST_SPEAKER_TYPES_SHOWN = 8
OTHER_TYPES = "other types"


def _ordered_by_total(table: pl.DataFrame, column: str) -> list[str]:
    """Values of ``column`` with a count, by their total ``count``, largest first (ties by
    name). Values no row counts are left out: a type nobody quoted draws nothing."""
    totals = (
        table.group_by(column)
        .agg(pl.col("count").sum())
        .filter(pl.col("count") > 0)
        .sort(["count", column], descending=[True, False])
    )
    return [str(value) for value in totals[column]]


def _readable_types(rows: pl.DataFrame, most: int | None = None) -> pl.DataFrame:
    """``rows`` with speaker type codes written as words ("ordinary people"); with ``most``,
    the types beyond the ``most - 1`` largest are counted together as OTHER_TYPES."""
    rows = rows.with_columns(pl.col("speaker_type").cast(pl.String).str.replace_all("_", " "))
    ordered = _ordered_by_total(rows, "speaker_type")
    if most is None or len(ordered) <= most:
        return rows
    kept = ordered[: most - 1]
    lumped = rows.with_columns(
        pl.when(pl.col("speaker_type").is_in(kept))
        .then(pl.col("speaker_type"))
        .otherwise(pl.lit(OTHER_TYPES))
        .alias("speaker_type")
    )
    keys = [name for name in lumped.columns if name != "count"]
    return lumped.group_by(keys, maintain_order=True).agg(pl.col("count").sum())


_BAR_INCHES = 0.38
"""Inches per outlet of the speaker-types chart (a bar each)."""


def speaker_types_chart(speaker_types: pl.DataFrame, outlets: Sequence[str]) -> Chart | None:
    """100% bars of who is quoted: each outlet's attributions split by speaker type.

    Segments are each speaker type's ``count`` divided by the outlet's total, in %; types are
    ordered by their total count over all outlets, colours from :data:`TOL_LIGHT`; types no
    outlet quotes are left out, and beyond MOST_SPEAKER_TYPES_SHOWN the rarest share one
    "other types" part. An outlet
    without attributions gets an empty bar. Returns ``None`` when no outlet has an attribution.
    """
    _require_columns(speaker_types, ["outlet", "speaker_type", "count"], "speaker_types")
    outlets, left_out = _outlets_that_fit(_unique_outlets(outlets), _BAR_INCHES, 1.9)
    rows = speaker_types.filter(pl.col("outlet").is_in(outlets)).with_columns(
        pl.col("count").fill_null(0)
    )
    if rows.is_empty() or not (rows["count"] > 0).any():
        return None
    rows = _readable_types(rows.select("outlet", "speaker_type", "count"),
                           MOST_SPEAKER_TYPES_SHOWN)
    types = _ordered_by_total(rows, "speaker_type")
    if OTHER_TYPES in types:  # the lumped rare types go last, whatever their total
        types = [t for t in types if t != OTHER_TYPES] + [OTHER_TYPES]
    counts = {
        (outlet, str(speaker_type)): count
        for outlet, speaker_type, count in rows.select(
            "outlet", "speaker_type", "count"
        ).iter_rows()
    }
    bars = [
        _PercentBar(outlet, {t: counts.get((outlet, t), 0) for t in types}) for outlet in outlets
    ]
    styles = _part_styles(types)
    with chart_style():
        figure = _new_figure(8.5, 1.9 + _BAR_INCHES * len(outlets))
        ax = figure.subplots()
        _draw_percent_bars(ax, bars, styles, "no attributions", plot_inches=5.0)
        ax.set_xlabel("share of attributions, %")
        ax.set_ylabel("outlet")
        ax.set_title("Who is quoted: attributions by speaker type"
                     + (f"\n({left_out}; all are in speaker_types.csv)" if left_out else ""))
        figure.legend(
            handles=_part_handles(styles),
            loc="outside right upper",
            title="speaker type",
            frameon=False,
        )
    summaries = _join([_percent_summary(bar, "no attributions") for bar in bars])
    alt_text = (
        "Stacked 100% bars showing, for each outlet, the share of its attributions that go to "
        f"each speaker type. {summaries}."
    )
    return Chart(figure, alt_text, "speaker_types")


# --- verb classes ------------------------------------------------------------------------------


def verb_classes_chart(verb_classes: pl.DataFrame, outlets: Sequence[str]) -> Chart | None:
    """One panel per outlet: for each speaker type, 100% bars of the verb classes used.

    Segments are the ``count`` of each verb class divided by the speaker type's total in that
    outlet, in %; neutral, doubt and assertive keep fixed colours (:data:`VERB_CLASS_COLOURS`).
    Speaker types are in the same order in every panel, by total count; as in
    :func:`speaker_types_chart`, unquoted types are left out and the rarest share one "other
    types" bar. Returns ``None`` when no outlet has an attribution.
    """
    _require_columns(
        verb_classes, ["outlet", "speaker_type", "verb_class", "count"], "verb_classes"
    )
    outlets = _unique_outlets(outlets)
    rows = verb_classes.filter(pl.col("outlet").is_in(outlets)).with_columns(
        pl.col("count").fill_null(0)
    )
    if rows.is_empty() or not (rows["count"] > 0).any():
        return None
    rows = _readable_types(rows.select("outlet", "speaker_type", "verb_class", "count"),
                           MOST_SPEAKER_TYPES_SHOWN)
    types = _ordered_by_total(rows, "speaker_type")
    if OTHER_TYPES in types:
        types = [t for t in types if t != OTHER_TYPES] + [OTHER_TYPES]
    present = set(rows["verb_class"].cast(pl.String).to_list())
    known = [verb_class for verb_class in VERB_CLASS_COLOURS if verb_class in present]
    others = sorted(present - set(VERB_CLASS_COLOURS))
    styles = {verb_class: (VERB_CLASS_COLOURS[verb_class], "") for verb_class in known}
    styles.update(_part_styles(others))
    counts: dict[tuple[str, str, str], float] = {}
    for outlet, speaker_type, verb_class, count in rows.select(
        "outlet", "speaker_type", "verb_class", "count"
    ).iter_rows():
        key = (outlet, str(speaker_type), str(verb_class))
        counts[key] = counts.get(key, 0) + count
    panels = {
        outlet: [_PercentBar(t, {v: counts.get((outlet, t, v), 0) for v in styles}) for t in types]
        for outlet in outlets
    }
    shown, columns, width, height = _fit_panels(
        len(outlets), 3.9, 1.0 + 0.34 * len(types), 0.6, 1.4
    )
    title = "How each type of speaker is introduced: verb classes by outlet"
    if shown < len(outlets):
        title += f"\n(the first {shown} of {len(outlets)} outlets; all are in verb_classes.csv)"
        outlets = outlets[:shown]
    with chart_style():
        figure = _new_figure(width, height)
        # The x label goes under each column: a figure-wide one would collide with the legend.
        axes = _small_multiples(
            figure,
            len(outlets),
            sharey=True,
            xlabel="share of the speaker type's attributions, %",
            columns=columns,
        )
        for ax, outlet in zip(axes, outlets, strict=True):
            _draw_percent_bars(ax, panels[outlet], styles, "none", plot_inches=2.5)
            ax.set_title(_label(outlet, 32, 1))
        figure.suptitle(title)
        figure.supylabel("speaker type", fontsize=10)
        figure.legend(
            handles=_part_handles(styles),
            loc="outside lower center",
            ncols=len(styles),
            title="verb class",
            frameon=False,
        )
    sentences = [
        f"In {_plain(outlet)}, "
        + _join([_percent_summary(bar, "none") for bar in panels[outlet] if bar.total > 0])
        + "."
        for outlet in outlets
        if any(bar.total > 0 for bar in panels[outlet])
    ]
    silent = [_plain(outlet) for outlet in outlets if not any(b.total for b in panels[outlet])]
    if silent:
        sentences.append(f"No attributions: {', '.join(silent)}.")
    alt_text = (
        "Stacked 100% bars, one panel per outlet, showing for each speaker type the share of "
        "attributions introduced with neutral, doubt or assertive verbs. " + " ".join(sentences)
    )
    return Chart(figure, alt_text, "verb_classes")
