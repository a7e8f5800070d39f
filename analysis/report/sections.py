"""The markdown (and HTML) report and its data files, from an Analysis.

All text that comes from articles, outlet names or speaker names passes through
:func:`md` (inline text and table cells) before it reaches the markdown, so it cannot
break a table, start a heading, make a link or inject HTML.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

import analysis
from analysis.output import OutputFolder

if TYPE_CHECKING:
    from analysis.pipeline import Analysis

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~#!])")


def md(value: object) -> str:
    """Untrusted text as inert inline markdown: one line, no HTML, no markup, no table breaks."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    text = html.escape(text, quote=False)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def number(value: float | int | None, digits: int = 2) -> str:
    """A number as the report prints it (thousands separators, fixed decimals)."""
    if value is None or (isinstance(value, float) and value != value):
        return "n/a"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.{digits}f}"


def table(header: list[str], rows: list[list[str]], align: str | None = None) -> str:
    """A markdown table; cells must already be escaped with md() or be framelens's own text."""
    align = align or "l" * len(header)
    rule = ["---:" if side == "r" else "---" for side in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


ARTICLE_COLUMNS = ["id", "outlet", "outlet_source", "title", "date", "words", "chars_removed",
                   "lines_removed", "url", "path"]


def overview_section(result: Analysis) -> str:
    articles = result.articles
    per_outlet = (
        articles.group_by("outlet")
        .agg(
            articles=pl.len(),
            words=pl.col("words").sum(),
            first=pl.col("date").min(),
            last=pl.col("date").max(),
            how=pl.col("outlet_source").unique().sort().str.join("; "),
            removed=pl.col("chars_removed").sum(),
            raw=pl.col("raw_text").str.len_chars().sum(),
        )
    )
    order = {outlet: index for index, outlet in enumerate(result.outlets)}
    per_outlet = per_outlet.sort(pl.col("outlet").replace_strict(order, default=len(order)))
    rows = []
    for row in per_outlet.iter_rows(named=True):
        dates = "n/a" if row["first"] is None else (
            row["first"][:10] if row["first"][:10] == row["last"][:10]
            else f"{row['first'][:10]} to {row['last'][:10]}"
        )
        share = row["removed"] / row["raw"] if row["raw"] else 0.0
        rows.append([md(row["outlet"]), number(row["articles"]), number(row["words"]), dates,
                     md(row["how"]), f"{share:.0%}"])
    total_words = int(articles["words"].sum())
    parts = [
        "## 1. The corpus",
        "",
        f"{number(articles.height)} articles from {len(result.outlets)} outlets, "
        f"{number(total_words)} words of article text after page furniture (navigation, "
        "captions, comment policies, related links) was removed.",
        "",
        table(["outlet", "articles", "words", "dates", "how the outlet was identified",
               "page furniture removed"], rows, "lrrllr"),
        "",
    ]
    small = per_outlet.filter(pl.col("words") < 2000)
    if small.height:
        names = ", ".join(md(outlet) for outlet in small["outlet"].to_list())
        parts += [
            f"**Too little text to compare with confidence:** {names} "
            f"({'has' if small.height == 1 else 'have'} fewer than 2,000 words). Rates from a "
            "few hundred words swing widely; read their intervals, not just the numbers.",
            "",
        ]
    if result.duplicates.height:
        parts += [
            f"{number(result.duplicates.height)} duplicate article(s) were counted once "
            "(see `data/duplicates.csv`).",
            "",
        ]
    if result.warnings:
        parts += [
            f"{number(len(result.warnings))} input warning(s): files skipped or changed on the "
            "way in (see `data/warnings.csv`).",
            "",
        ]
    return "\n".join(parts)


def appendix_section(result: Analysis) -> str:
    rows = [
        [md(row["id"]), md(row["outlet"]), md(row["title"]), md(row["date"] or "n/a"),
         number(row["words"]), number(row["chars_removed"])]
        for row in result.articles.sort("outlet", "id").iter_rows(named=True)
    ]
    return "\n".join([
        "## Appendix: the articles",
        "",
        table(["id", "outlet", "title", "date", "words", "characters of furniture removed"],
              rows, "lllrrr"),
        "",
    ])


def render_markdown(result: Analysis) -> str:
    """The whole report as markdown text (deterministic for the same input and options)."""
    parts = [
        f"# How outlets frame the news: {md(result.name)}",
        "",
        f"*framelens {analysis.__version__} report. Every number below can be traced to "
        "sentences in the `data/` files, which give each article's id and character offsets "
        "into its cleaned text.*",
        "",
        overview_section(result),
        appendix_section(result),
    ]
    return "\n".join(parts).rstrip("\n") + "\n"


def write_data(result: Analysis, folder: OutputFolder) -> None:
    """The tidy data files behind the report."""
    folder.write_csv("data/articles.csv", result.articles.select(ARTICLE_COLUMNS))
    folder.write_csv("data/sentences.csv", result.sentences)
    folder.write_csv("data/removed_lines.csv", result.removed)
    folder.write_csv("data/duplicates.csv", result.duplicates)
    warnings = pl.DataFrame(
        {"source": [w.source for w in result.warnings],
         "problem": [w.problem for w in result.warnings]},
        schema={"source": pl.String, "problem": pl.String},
    )
    folder.write_csv("data/warnings.csv", warnings)


def write_report(result: Analysis, out: Path, *, format: str = "md") -> Path:
    """Write the report and data files under ``out`` atomically; returns the report path."""
    with OutputFolder(out, protect=result.corpus) as folder:
        write_data(result, folder)
        markdown = render_markdown(result)
        folder.write_text("report.md", markdown)
        name = "report.md"
    return out / name
