"""The report (markdown or a self-contained HTML page), its charts and its data files.

All text from articles, outlet names and speaker names reaches the report through
:func:`analysis.report.markdown.md`, which makes it inert markdown; the HTML page is made
from that markdown with raw HTML disabled.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

import analysis
from analysis.compare import WithGroup, outlet_groups, with_group
from analysis.groups import is_identity
from analysis.output import OutputFolder
from analysis.parallel import release_freed_memory
from analysis.report import markdown
from analysis.report.attribution import attribution_section
from analysis.report.events import classroom_page, events_section, trends_section
from analysis.report.figures import Figures
from analysis.report.findings import findings_section
from analysis.report.framing import framing_section
from analysis.report.labels import labels_section
from analysis.report.markdown import md
from analysis.report.sections import (
    appendix_section,
    method_section,
    overview_section,
    teaching_section,
)
from analysis.report.vocabulary import vocabulary_section
from analysis.stored import StoredTable

if TYPE_CHECKING:
    from analysis.results import Analysis

# markdown is exported whole: the one place where untrusted text is escaped, for every page
# framelens writes (analysis.discover writes its own).
__all__ = ["FORMATS", "markdown", "render_markdown", "write_data", "write_report"]

FORMATS = ("md", "html")
SHOWN_FILES = ("outlets.csv", "term_against_rest.csv", "shown_framing_rates.csv")
"""Data files whose ``outlet`` column is what the report shows (a group, an outlet or a pool)
or that already have ``group``: no ``group`` column is added to them."""
ARTICLE_COLUMNS = ["id", "outlet", "outlet_source", "title", "date", "words", "chars_removed",
                   "lines_removed", "url", "path"]
HIT_COLUMNS = ["id", "outlet", "category", "term", "matched_text", "voice", "speaker",
               "sentence", "start", "end"]
RATE_COLUMNS = ["outlet", "category", "term", "count", "rate_per_1000", "ci_low", "ci_high",
                "articles_with_term", "share_in_contrast_set"]
ATTRIBUTION_COLUMNS = ["id", "outlet", "speaker", "speaker_canonical", "speaker_type",
                       "country", "cue", "verb_class", "direct", "quote", "sentence", "start",
                       "end"]


def _first(names: list[str], columns: list[str]) -> list[str]:
    """A table's column ``names`` with the issue-defined ``columns`` first, then the rest,
    so every file is a superset."""
    return columns + [name for name in names if name not in columns]


def render_markdown(result: Analysis, figures: Figures) -> str:
    """The whole report as markdown (byte-identical for the same input and options)."""
    parts = [
        f"# How outlets frame the news: {md(result.name)}",
        "",
        f"*framelens {analysis.__version__}. Every number below can be traced to sentences "
        "in the `data/` files, which give each article's id and the character offsets into "
        "its cleaned text (as `framelens clean` writes it).*",
        "",
        overview_section(result),
        findings_section(result),
        framing_section(result, figures),
        labels_section(result),
        trends_section(result, figures),
        vocabulary_section(result, figures),
        attribution_section(result, figures),
        teaching_section(result),
        events_section(result),
        method_section(result),
        appendix_section(result),
    ]
    return "\n".join(parts).rstrip("\n") + "\n"


def write_data(result: Analysis, folder: OutputFolder) -> None:
    """The tidy data files behind the report (see docs/report.md for their columns), one table in
    memory at a time (the largest are read from the Analysis's stored files as they are
    written)."""
    summary = result.attribution_summary
    stored: dict[str, StoredTable | WithGroup] = dict(result.stored)
    groups = outlet_groups(result.units)
    if groups is not None:
        stored = {name: WithGroup(table, groups) if "outlet" in table.schema else table
                  for name, table in result.stored.items()}
    shown = result.shown
    files: dict[str, Callable[[], pl.DataFrame | StoredTable | WithGroup]] = {
        "articles.csv": lambda: result.catalogue.select(ARTICLE_COLUMNS),
        "sentences.csv": lambda: stored["sentences"],
        "removed_lines.csv": lambda: result.removed,
        "duplicates.csv": lambda: result.duplicates,
        "warnings.csv": lambda: pl.DataFrame(
            {"source": [w.source for w in result.warnings],
             "problem": [w.problem for w in result.warnings]},
            schema={"source": pl.String, "problem": pl.String}),
        "framing_hits.csv": lambda: stored["hits"],
        "framing_rates.csv": lambda: result.rates,
        "lexicon_packs.csv": lambda: result.lexicon_fit,
        "term_differences.csv": lambda: result.differences,
        "concordance.csv": lambda: stored["concordance"],
        "distinctive_terms.csv": lambda: result.distinctive,
        "collocates.csv": lambda: result.collocates,
        "similarity.csv": lambda: result.similarity,
        "outlet_similarity.csv": lambda: result.outlet_similarity,
        "quotes.csv": lambda: stored["quotes"],
        "attributions.csv": lambda: stored["attributions"],
        "attribution_outlets.csv": lambda: summary["outlets"],
        "speaker_types.csv": lambda: summary["speaker_types"],
        "verb_classes.csv": lambda: summary["verb_classes"],
        "top_speakers.csv": lambda: summary["top_speakers"],
        "events.csv": lambda: result.events,
        "framing_trends.csv": lambda: result.trends,
    }
    files["outlets.csv"] = lambda: result.units
    if shown is not None:
        files["term_against_rest.csv"] = lambda: shown.against_rest
        if not is_identity(shown.units):
            files["shown_framing_rates.csv"] = lambda: shown.rates
    leading = {"framing_hits.csv": HIT_COLUMNS, "framing_rates.csv": RATE_COLUMNS,
               "attributions.csv": ATTRIBUTION_COLUMNS}
    if result.precision is not None:
        files["term_precision.csv"] = lambda: result.precision
    for name, make in files.items():
        table = make()
        if (groups is not None and isinstance(table, pl.DataFrame) and name not in SHOWN_FILES
                and "outlet" in table.columns and "group" not in table.columns):
            table = with_group(table, groups)
        # Stored tables are written a file at a time, never whole in memory.
        folder.write_csv(f"data/{name}", table, _first(list(table.schema), leading.get(name, [])))
        del table
        release_freed_memory()


def write_report(result: Analysis, out: Path, *, format: str = "md", svg: bool = False) -> Path:
    """Write the report, charts and data files under ``out`` atomically; returns the report.

    ``format`` 'md' writes report.md with charts as PNG files under charts/; 'html' also
    writes report.html, one self-contained page with the charts embedded.
    """
    if format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    with OutputFolder(out, protect=result.corpus) as folder:
        shown = result.for_report()  # by group, outlet or pool, as the report compares them
        figures = Figures(shown, top_terms=min(result.options.top, 10))
        figures.save(folder, svg=svg)
        # What the chart library reported goes to warnings.csv with the input's warnings.
        result.warnings.extend(w for w in figures.warnings if w not in result.warnings)
        write_data(result, folder)
        markdown = render_markdown(shown, figures)
        folder.write_text("report.md", markdown)
        folder.write_text("classroom.md", classroom_page(result))
        if format == "html":
            from analysis.report.html import render_html

            page = render_html(markdown, title=f"framelens: {result.name}",
                               images={name: folder.path(name).read_bytes()
                                       for name in figures.files.values()})
            folder.write_text("report.html", page)
    return out / ("report.html" if format == "html" else "report.md")
