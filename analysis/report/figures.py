"""The report's charts: built once from the tables, saved under charts/, placed in the text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from analysis import charts
from analysis.charts import framing_trends_chart
from analysis.errors import InputWarning
from analysis.report.markdown import image, md

if TYPE_CHECKING:
    from analysis.output import OutputFolder
    from analysis.results import Analysis

# Why a chart is missing, in the reader's words, when its table is empty.
EMPTY_REASONS = {
    "framing_heatmap": "no term of the lexicon occurs in this corpus",
    "contrast_shares": "no outlet uses any term of a contrast set",
    "voice_split": "there are no framing hits to split by voice",
    "term_rates_with_intervals": "no term is used often enough to compare",
    "distinctive_terms": "no outlet has terms frequent enough to be listed as distinctive",
    "speaker_types": "no attributed speech was found",
    "verb_classes": "no attributed speech was found",
    "similarity_heatmap": "there is only one outlet to compare",
    "framing_trends": "fewer than two periods have dated articles with framing terms",
}


class Figures:
    """Charts for one analysis, keyed by a fixed name; None where a chart would be empty."""

    def __init__(self, result: Analysis, *, top_terms: int = 10) -> None:
        outlets = result.outlets
        summary = result.attribution_summary
        contrast_sets = {
            contrast.name.replace("_", " "): list(contrast.terms)
            for category in result.lexicon.categories
            for contrast in category.contrast_sets
        }
        # Charts show category titles, not the lexicon's codes.
        titles = {category.name: category.title for category in result.lexicon.categories}
        rates = result.rates.with_columns(
            pl.col("category").replace_strict(titles, default=pl.col("category")))
        most_used = (
            result.rates.group_by("term").agg(total=pl.col("count").sum())
            .filter(pl.col("total") >= 3)
            .sort(["total", "term"], descending=[True, False])
            .head(8)["term"].to_list()
        )
        makers: dict[str, Callable[[], charts.Chart | None]] = {
            "framing_heatmap": lambda: charts.framing_heatmap(rates, outlets),
            "contrast_shares": lambda: charts.contrast_shares(rates, contrast_sets, outlets),
            "term_rates_with_intervals": lambda: (
                charts.term_rates_with_intervals(rates, most_used, outlets)
                if most_used else None
            ),
            "voice_split": lambda: charts.voice_split(rates, outlets),
            "distinctive_terms": lambda: charts.distinctive_terms_chart(
                result.distinctive, outlets, method="log_odds", top=top_terms),
            "speaker_types": lambda: charts.speaker_types_chart(summary["speaker_types"], outlets),
            "verb_classes": lambda: charts.verb_classes_chart(summary["verb_classes"], outlets),
            "framing_trends": lambda: framing_trends_chart(
                result.trends.with_columns(
                    pl.col("category").replace_strict(titles, default=pl.col("category"))),
                outlets),
            "similarity_heatmap": lambda: (
                charts.similarity_heatmap(result.outlet_similarity, outlets)
                if len(outlets) > 1 else None
            ),
        }
        self.warnings: list[InputWarning] = []
        """What the chart library reported while drawing or saving a chart, in plain words,
        each naming the chart (charts/NAME.png)."""
        self.charts: dict[str, charts.Chart | None] = {}
        for key, make in makers.items():
            with charts.library_warnings() as found:
                self.charts[key] = make()
            self._warn(key, found)
        self.files: dict[str, str] = {}
        # Saving clears a figure, so read the titles now.
        self.titles = {key: _title(chart) for key, chart in self.charts.items() if chart}

    def save(self, folder: OutputFolder, *, svg: bool = False) -> None:
        """Write every chart as PNG (and SVG on request) under charts/ in the output folder."""
        formats = ("png", "svg") if svg else ("png",)
        for key, chart in self.charts.items():
            if chart is None:
                continue
            for suffix in formats:
                folder.path(f"charts/{chart.name}.{suffix}")  # registers the file
            with charts.library_warnings() as found:
                written = charts.save_chart(
                    chart, folder.path(f"charts/{chart.name}.png").parent, formats=formats)
            self._warn(key, found)
            self.files[key] = f"charts/{Path(written[0]).name}"

    def _warn(self, key: str, found: list[str]) -> None:
        chart = self.charts.get(key)
        name = f"charts/{chart.name}.png" if chart is not None else f"chart {key}"
        for problem in found:
            warning = InputWarning(name, problem)
            if warning not in self.warnings:
                self.warnings.append(warning)

    def block(self, key: str) -> str:
        """The markdown for a chart: image, alt text and caption; or why there is none."""
        chart = self.charts.get(key)
        if chart is None:
            return f"*No chart here: {EMPTY_REASONS[key]}.*\n"
        path = self.files.get(key, f"charts/{chart.name}.png")
        return image(path, f"Chart: {self.titles[key]}", chart.alt_text) + "\n"

    def describe(self, key: str) -> str:
        """The alt text of a chart, escaped (empty when there is no chart)."""
        chart = self.charts.get(key)
        return md(chart.alt_text) if chart is not None else ""


def _title(chart: charts.Chart) -> str:
    figure = chart.figure
    title = figure.get_suptitle() or (figure.axes[0].get_title() if figure.axes else "")
    return " ".join(title.split()) or chart.name.replace("_", " ")
