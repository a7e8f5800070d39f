"""Framing over time: small multiples, one panel per outlet, a line per lexicon category."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import matplotlib.dates as mdates
import polars as pl

from analysis.charts.drawing import _new_figure, _require_columns, _small_multiples
from analysis.charts.saving import Chart
from analysis.charts.style import OKABE_ITO, _format_rate, _label, _plain, chart_style

MAX_TREND_PANELS = 9
"""Outlets drawn at most (those with the most words); the data file has them all."""

MAX_TREND_CATEGORIES = 6
"""Categories drawn at most (those with the most uses in the outlets drawn)."""

MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def period_start(period: str) -> date:
    """The first day of a period label: 2016-W49 (ISO week), 2016-12, 2016-Q4."""
    year, rest = period.split("-", 1)
    if rest.startswith("W"):
        return date.fromisocalendar(int(year), int(rest[1:]), 1)
    if rest.startswith("Q"):
        return date(int(year), 3 * int(rest[1:]) - 2, 1)
    return date(int(year), int(rest), 1)


def framing_trends_chart(
    trends: pl.DataFrame, outlets: Sequence[str], *, by: str = "outlet"
) -> Chart | None:
    """One panel per outlet (at most ``MAX_TREND_PANELS``, the outlets with the most dated
    words, in the order given): each category's uses per 1,000 words per period, one line
    per category. ``trends`` is a TRENDS table (analysis.events); undated rows are left out.
    None when there are fewer than two dated periods or no uses."""
    _require_columns(trends, [by, "period", "category", "uses", "words"], "trends")
    dated = trends.filter((pl.col("period") != "undated") & pl.col(by).is_in(list(outlets)))
    periods = sorted(dated["period"].unique().to_list())
    if len(periods) < 2 or dated["uses"].sum() == 0:
        return None
    words = dated.group_by(by, "period").agg(words=pl.col("words").first())
    by_words = words.group_by(by).agg(total=pl.col("words").sum())
    biggest = set(by_words.sort(["total", by], descending=[True, False])
                  .head(MAX_TREND_PANELS)[by].to_list())
    shown = [outlet for outlet in outlets if outlet in biggest]
    most_used = (dated.filter(pl.col(by).is_in(shown)).group_by("category")
                 .agg(total=pl.col("uses").sum()).filter(pl.col("total") > 0)
                 .sort(["total", "category"], descending=[True, False]))
    categories = sorted(most_used.head(MAX_TREND_CATEGORIES)["category"].to_list())
    fewer = most_used.height - len(categories)
    per_category = (
        dated.group_by(by, "period", "category").agg(uses=pl.col("uses").sum())
        .join(words, on=[by, "period"])
        .with_columns(rate=pl.col("uses") / pl.col("words") * 1000)
    )
    position = {period: period_start(period) for period in periods}  # a time axis
    with chart_style():
        rows = (len(shown) + 2) // 3
        figure = _new_figure(11, 2.6 * rows + 1.2)
        axes = _small_multiples(figure, len(shown), sharex=True, sharey=True, xlabel="period")
        alt = []
        for ax, outlet in zip(axes, shown, strict=True):
            mine = per_category.filter(pl.col(by) == outlet)
            highest = []
            for index, category in enumerate(categories):
                line = mine.filter(pl.col("category") == category).sort("period")
                if line.is_empty():
                    continue
                ax.plot([position[p] for p in line["period"]], line["rate"].to_list(),
                        marker=MARKERS[index % len(MARKERS)],
                        color=OKABE_ITO[index % len(OKABE_ITO)], linewidth=1.4, markersize=4,
                        label=_label(category, 40, 1))
                top = line.sort("rate", descending=True).row(0, named=True)
                highest.append(f"{_plain(category)} peaks at {_format_rate(top['rate'])} "
                               f"in {top['period']}")
            ax.set_title(_label(outlet, 30, 1))
            ax.grid(axis="y", color="#DDDDDD", linewidth=0.6)
            alt.append(f"{_plain(outlet)}: {'; '.join(highest)}.")
        for ax in axes:
            locator = mdates.AutoDateLocator(maxticks=8)
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        axes[0].set_ylabel("uses per 1,000 words")
        handles, labels = axes[0].get_legend_handles_labels()
        seen = dict(zip(labels, handles, strict=True))
        for ax in axes[1:]:
            for handle, text in zip(*ax.get_legend_handles_labels(), strict=True):
                seen.setdefault(text, handle)
        figure.legend(list(seen.values()), list(seen.keys()), loc="outside lower center",
                      ncols=min(4, len(seen)), frameon=False)
        figure.suptitle("Framing terms per 1,000 words over time, by category")
    dated_outlets = set(by_words[by].to_list())
    left_out = len([outlet for outlet in outlets if outlet in dated_outlets
                    and outlet not in biggest])
    undated = len([outlet for outlet in outlets if outlet not in dated_outlets])
    text = (f"Line chart, one panel per outlet with dated articles ({len(shown)} shown"
            + (f", {left_out} with fewer dated words left out" if left_out else "")
            + (f"; {undated} without dated articles" if undated else "")
            + f"), of the uses per 1,000 words of the {len(categories)} lexicon categories "
            + (f"used most ({fewer} others left out)" if fewer else "used")
            + f", in {len(periods)} periods "
            f"from {periods[0]} to {periods[-1]}. " + " ".join(alt))
    return Chart(figure, text, "framing_trends")
