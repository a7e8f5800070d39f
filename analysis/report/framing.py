"""Report section 3: the framing lexicon, per outlet, with intervals, examples and voice."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from analysis.lexicon import term_against_rest
from analysis.report.defaults import NAMES_IN_CELL, OUTLET_COLUMNS
from analysis.report.markdown import (
    highlight,
    interval,
    label,
    md,
    number,
    p_value,
    percent,
    quoted,
    table,
)
from analysis.report.precision import COLUMN, precision_cells, precision_note
from analysis.stats import SIGNIFICANCE_LEVEL

if TYPE_CHECKING:
    from analysis.report.figures import Figures
    from analysis.results import Analysis


def significance_threshold(result: Analysis) -> float:
    """The false discovery rate the one-against-the-rest tests keep (q below it: a finding)."""
    return SIGNIFICANCE_LEVEL


def against_rest_table(result: Analysis) -> pl.DataFrame:
    """The AGAINST_REST table (analysis.lexicon) of what the report compares."""
    if result.shown is not None:
        return result.shown.against_rest
    hits = result.stored["hits"].read(["outlet", "category", "term"])
    return term_against_rest(hits, result.catalogue, result.lexicon)


def comparisons_tested(result: Analysis) -> int:
    """How many term x outlet (or group) comparisons the correction accounts for."""
    return against_rest_table(result).height


def _rate_cell(row: dict, digits: int = 1) -> str:
    if row["count"] == 0:
        return f"0 (at most {number(row['ci_high'], digits)})"
    return (f"{number(row['rate_per_1000'], digits)} "
            f"({interval(row['ci_low'], row['ci_high'], digits)}; n={row['count']})")


def rate_digits(rates: pl.Series) -> int:
    """Decimals that show the largest of these rates per 1,000 words with at least two
    significant digits (1 from 1 up; 2 from 0.1; 3 below), so rare terms in a large corpus
    do not all print as 0.0."""
    largest = rates.drop_nulls().max()
    if largest is None or largest >= 1:
        return 1
    return 2 if largest >= 0.1 else 3




def _names(rows: list[dict]) -> str:
    names = [md(row["outlet"]) for row in rows[:NAMES_IN_CELL]]
    more = len(rows) - NAMES_IN_CELL
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def _difference_cell(rows: list[dict] | None) -> str:
    """Which outlets use a term more or less than the rest (q < 0.05), from its
    AGAINST_REST rows."""
    if not rows:
        return "one outlet only"
    clear = sorted((row for row in rows if row["direction"]),
                   key=lambda row: (row["q_value"], row["outlet"]))
    if not clear:
        return "no clear difference"
    higher = [row for row in clear if row["direction"] == "higher"]
    lower = [row for row in clear if row["direction"] == "lower"]
    parts = ([f"more in {_names(higher)}"] if higher else []) + (
        [f"less in {_names(lower)}"] if lower else [])
    return "yes: " + "; ".join(parts) + f" ({p_value(clear[0]['p_value'])})"


def used_terms(result: Analysis) -> pl.DataFrame:
    """Rates of the terms that occur at least once in the corpus, in lexicon order."""
    order = {
        (category.name, term): index
        for index, (category, term) in enumerate(
            (category, term) for category in result.lexicon.categories
            for term in category.term_names
        )
    }
    used = result.rates.group_by("category", "term").agg(total=pl.col("count").sum())
    used = used.filter(pl.col("total") > 0)
    keys = set(zip(used["category"], used["term"], strict=True))
    rows = [row for row in result.rates.iter_rows(named=True)
            if (row["category"], row["term"]) in keys]
    outlet_order = {outlet: index for index, outlet in enumerate(result.outlets)}
    rows.sort(key=lambda row: (order.get((row["category"], row["term"]), len(order)),
                               outlet_order.get(row["outlet"], len(outlet_order))))
    return pl.DataFrame(rows, schema=result.rates.schema)


def rates_tables(result: Analysis) -> str:
    """One table per category: terms x outlets, rate per 1,000 words with interval."""
    used = used_terms(result)
    if used.is_empty():
        return "No term of the lexicon occurs in this corpus.\n"
    differences: dict[tuple[str, str], list[dict]] = {}
    for row in against_rest_table(result).iter_rows(named=True):
        differences.setdefault((row["category"], row["term"]), []).append(row)
    precision = precision_cells(result)
    extra = [] if precision is None else [COLUMN]
    parts = []
    for category in result.lexicon.categories:
        in_category = used.filter(pl.col("category") == category.name)
        if in_category.is_empty():
            continue
        # Wide tables are split: at most OUTLET_COLUMNS outlets side by side.
        width = OUTLET_COLUMNS - len(extra)
        facets = [result.outlets[start:start + width]
                  for start in range(0, len(result.outlets), width)]
        for number_of_facet, outlets in enumerate(facets, start=1):
            rows = []
            for term in dict.fromkeys(in_category["term"].to_list()):
                mine = in_category.filter(pl.col("term") == term)
                digits = rate_digits(mine["rate_per_1000"])
                cells = {row["outlet"]: _rate_cell(row, digits)
                         for row in mine.iter_rows(named=True)}
                rows.append([quoted(term)] + [cells.get(outlet, "n/a") for outlet in outlets]
                            + [_difference_cell(differences.get((category.name, term)))]
                            + ([] if precision is None
                               else [precision.get((category.name, term), "not read")]))
            part = f" (part {number_of_facet} of {len(facets)})" if len(facets) > 1 else ""
            parts += [
                f"**{md(category.title)}**{part} (rate per 1,000 words, 95% interval, number "
                "of uses)",
                "",
                table(["term"] + [md(outlet) for outlet in outlets] + ["outlets differ?"]
                      + extra, rows, "l" + "r" * len(outlets) + "l" * (1 + len(extra))),
                "",
            ]
    return "\n".join(parts)


def contrast_tables(result: Analysis) -> str:
    """Per contrast set, how each outlet splits its uses among the set's terms."""
    parts = []
    for category in result.lexicon.categories:
        for contrast in category.contrast_sets:
            in_set = result.rates.filter(
                (pl.col("category") == category.name) & pl.col("term").is_in(contrast.terms)
            )
            if in_set["count"].sum() == 0:
                continue
            used = [term for term in contrast.terms
                    if in_set.filter(pl.col("term") == term)["count"].sum() > 0]
            unused = [term for term in contrast.terms if term not in used]
            rows = []
            for outlet in result.outlets:
                mine = in_set.filter(pl.col("outlet") == outlet)
                total = int(mine["count"].sum())
                if total == 0:
                    rows.append([md(outlet), "no uses"] + [""] * len(used))
                    continue
                counts = dict(zip(mine["term"], mine["count"], strict=True))
                rows.append([md(outlet), number(total)] + [
                    f"{percent(counts.get(term, 0) / total)} ({counts.get(term, 0)})"
                    for term in used
                ])
            parts += [
                f"**{label(contrast.name)}**" + (f": {md(contrast.description)}"
                                                 if contrast.description else ""),
                "",
                table(["outlet", "uses"] + [quoted(term) for term in used], rows,
                      "lr" + "r" * len(used)),
                "",
            ]
            if unused:
                parts += ["Not used by any outlet: "
                          + ", ".join(quoted(term) for term in unused) + ".", ""]
    return "\n".join(parts)


def sentence_starts(result: Analysis, ids: pl.Series) -> pl.DataFrame:
    """The start of each sentence of the articles ``ids``: ``id``, ``sentence_index`` (the
    SENTENCES ``sentence`` number) and ``sentence_start``."""
    return (
        result.stored["sentences"].scan(["id", "sentence", "start"])
        .filter(pl.col("id").is_in(ids.to_list()))
        .select("id", pl.col("sentence").alias("sentence_index"), sentence_start="start")
        .collect()
    )


def example_sentences(result: Analysis, limit_terms: int) -> str:
    """Side-by-side examples: per contrast set and outlet, one sentence per term used."""
    stored = result.stored["hits"]
    if not stored.height:
        return ""
    # Each outlet's first use of each term, in article and offset order, is found without
    # the sentences' text, which is then read for those few hits only.
    keys = ["id", "start", "end", "category", "term"]
    hits = (
        stored.scan([*keys, "outlet", "voice", "speaker", "sentence_index"])
        .sort("id", "start", "category", "term", maintain_order=True)
        .unique(["category", "outlet", "term"], keep="first", maintain_order=True)
        .collect()
    )
    ids = hits["id"].unique()
    texts = (stored.scan([*keys, "sentence"]).filter(pl.col("id").is_in(ids.to_list()))
             .unique(keys))
    hits = (
        hits.lazy().join(texts, on=keys, how="left", maintain_order="left")
        .join(sentence_starts(result, ids).lazy(), on=["id", "sentence_index"], how="left",
              maintain_order="left")
        .collect()
    )
    parts = ["Example sentences, the term in bold, with the article id and the character "
             "offsets of the term in the cleaned text:", ""]
    for category in result.lexicon.categories:
        for contrast in category.contrast_sets:
            in_set = hits.filter(
                (pl.col("category") == category.name) & pl.col("term").is_in(contrast.terms)
            )
            if in_set.is_empty():
                continue
            parts += [f"*{label(contrast.name)}*", ""]
            for outlet in result.outlets:
                mine = in_set.filter(pl.col("outlet") == outlet)
                if mine.is_empty():
                    continue
                firsts = mine.unique(["term"], keep="first", maintain_order=True)
                for row in firsts.head(limit_terms).iter_rows(named=True):
                    offset = row["start"] - (row["sentence_start"] or 0)
                    sentence = highlight(row["sentence"], offset,
                                         offset + row["end"] - row["start"])
                    voice = ("own voice" if row["voice"] == "narration" else
                             f"quoting {md(row['speaker'])}" if row["speaker"]
                             else "in a quotation")
                    parts.append(f"- {md(outlet)}, {quoted(row['term'])} ({voice}): {sentence} "
                                 f"[`{md(row['id'])}` {row['start']}–{row['end']}]")
            parts.append("")
    return "\n".join(parts)


def voice_table(result: Analysis) -> str:
    """Per outlet: framing hits in its own narration versus inside quotations, and from whom."""
    hits = result.stored["hits"].read(["outlet", "voice", "speaker"])
    if hits.is_empty():
        return ""
    rows = []
    for outlet in result.outlets:
        mine = hits.filter(pl.col("outlet") == outlet)
        narration = mine.filter(pl.col("voice") == "narration")
        quoted_hits = mine.filter(pl.col("voice") == "quoted")
        speakers = (
            quoted_hits.filter(pl.col("speaker").is_not_null())
            .group_by("speaker").len().sort(["len", "speaker"], descending=[True, False]).head(3)
        )
        rows.append([
            md(outlet),
            number(narration.height),
            number(quoted_hits.height),
            percent(quoted_hits.height / mine.height) if mine.height else "n/a",
            "; ".join(f"{md(name)} ({count})" for name, count in speakers.iter_rows()) or "–",
        ])
    return table(["outlet", "in its own voice", "inside quotations", "share quoted",
                  "most quoted speakers using framing terms"], rows, "lrrrl")


def who_says_what(result: Analysis) -> list[str]:
    """Sentences like: RT writes “militants” in its own voice; “terrorists” only in quotes."""
    lines = []
    hits = (result.stored["hits"].scan(["category", "outlet", "term", "voice", "speaker"])
            .filter(pl.col("term") != "scare quotes").collect())
    # How often each outlet uses each term in each voice, counted once for all contrast sets.
    uses: dict[tuple[str, str], dict[tuple[str, str], int]] = {}
    for category, outlet, term, voice, count in (
            hits.group_by("category", "outlet", "term", "voice").len().iter_rows()):
        uses.setdefault((category, outlet), {})[(term, voice)] = count
    for category in result.lexicon.categories:
        for contrast in category.contrast_sets:
            terms = set(contrast.terms)
            for outlet in result.outlets:
                mine = {key: count for key, count in uses.get((category.name, outlet), {}).items()
                        if key[0] in terms}
                narrated = {term: count for (term, voice), count in mine.items()
                            if voice == "narration"}
                quoted_terms = {term for term, voice in mine if voice == "quoted"}
                quoted_only = [term for term in contrast.terms
                               if term not in narrated and term in quoted_terms]
                if not narrated or not quoted_only:
                    continue
                # The outlet's most used term in its own voice (ties: first in sort order).
                term, count = min(narrated.items(), key=lambda item: (-item[1], item[0]))
                speakers = (hits.filter((pl.col("category") == category.name)
                                        & (pl.col("outlet") == outlet)
                                        & pl.col("term").is_in(quoted_only)
                                        & pl.col("speaker").is_not_null())["speaker"]
                            .unique().sort().to_list())
                who = f" (quoting {', '.join(md(s) for s in speakers[:2])})" if speakers else ""
                others = " and ".join(quoted(t) for t in quoted_only)
                lines.append(
                    f"{md(outlet)} writes {quoted(term)} in its own voice ({count} "
                    f"time{'s' if count != 1 else ''}), while {others} appear"
                    f"{'s' if len(quoted_only) == 1 else ''} only inside quotations{who}."
                )
    return lines


def framing_section(result: Analysis, figures: Figures) -> str:
    lexicon = result.lexicon
    terms = sum(len(category.term_names) for category in lexicon.categories)
    parts = [
        "## 3. Framing: the words each outlet uses",
        "",
        f"framelens looked for {number(terms)} terms in {len(lexicon.categories)} categories "
        f"(lexicon {md(lexicon.name)}, version {md(lexicon.version)}) and found "
        f"{number(result.stored['hits'].height)} uses. A rate is uses per 1,000 words of the "
        "outlet's article text; the 95% interval shows how much it could move by chance with this "
        "much text (bootstrap over articles where an outlet has at least five, an exact "
        "Poisson interval otherwise). An outlet that never uses a term still gets an upper "
        "bound: with little text, “never” is weak evidence.",
        "",
        figures.block("framing_heatmap"),
        rates_tables(result),
        *([note] if (note := precision_note(result)) else []),
        "The most used terms, with their intervals, side by side:",
        "",
        figures.block("term_rates_with_intervals"),
        "### How each outlet names the same thing",
        "",
        "Contrast sets group terms that name the same thing differently. The share says how "
        "an outlet splits its uses among them.",
        "",
        figures.block("contrast_shares"),
        contrast_tables(result),
        example_sentences(result, limit_terms=result.options.top),
        "### Whose words: the outlet's own voice or a quotation",
        "",
        "A term inside quotation marks is someone else's word that the outlet chose to carry; "
        "outside them it is the outlet's own. Short phrases in quotation marks that are not "
        "anyone's words (scare quotes, as in so-called ‘moderate opposition’) count as the "
        "outlet's own voice, marking distance.",
        "",
        figures.block("voice_split"),
        voice_table(result),
        "",
    ]
    statements = who_says_what(result)
    if statements:
        parts += [f"- {line}" for line in statements] + [""]
    return "\n".join(parts)
