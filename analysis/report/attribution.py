"""Report section 5: who gets to speak, how directly, and with which verbs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from analysis.report.defaults import EXAMPLES_PER_CLASS, TOP_SPEAKERS
from analysis.report.framing import sentence_starts
from analysis.report.markdown import highlight, md, number, percent, table

if TYPE_CHECKING:
    from analysis.report.figures import Figures
    from analysis.results import Analysis

VERB_CLASS_LABELS = {
    "neutral": "neutral (said, told, according to)",
    "doubt": "doubt-casting (claimed, alleged, insisted)",
    "assertive": "endorsing (confirmed, stressed, warned)",
}


def type_label(result: Analysis, code: str) -> str:
    """A speaker type's plain-language name from the gazetteer."""
    return result.gazetteer.types.get(code, code)


def outlets_table(result: Analysis) -> str:
    summary = result.attribution_summary["outlets"]
    order = {outlet: index for index, outlet in enumerate(result.outlets)}
    rows = [
        [md(row["outlet"]), number(row["attributions"]), number(row["rate_per_1000"]),
         percent(row["direct_share"]), percent(row["quoted_text_share"]),
         percent(row["anonymous_share"])]
        for row in sorted(summary.iter_rows(named=True), key=lambda r: order.get(r["outlet"], 0))
        if row["outlet"] in order
    ]
    return table(["outlet", "attributions", "per 1,000 words", "direct quotes",
                  "text inside quotation marks", "anonymous sources"], rows, "lrrrrr")


def speaker_types_table(result: Analysis) -> str:
    """Attributions by speaker type: a row per type some outlet quotes, a column per outlet
    (a gazetteer has more types than a report has outlets, so types run down the page)."""
    types = result.attribution_summary["speaker_types"]
    quoted = set(types.filter(pl.col("count") > 0)["speaker_type"])
    codes = [code for code in result.gazetteer.types if code in quoted]
    cells = {(row["outlet"], row["speaker_type"]): row for row in types.iter_rows(named=True)}
    rows = []
    for code in codes:
        row = [md(code.replace("_", " "))]
        for outlet in result.outlets:
            cell = cells.get((outlet, code))
            row.append(f"{percent(cell['share'])} ({cell['count']})" if cell and cell["count"]
                       else "–")
        rows.append(row)
    return table(["speaker type"] + [md(outlet) for outlet in result.outlets], rows,
                 "l" + "r" * len(result.outlets))


def speaker_types_glossary(result: Analysis) -> str:
    """One line per speaker type the report's outlets quote: its code, label and description."""
    types = result.attribution_summary["speaker_types"]
    quoted = set(types.filter(pl.col("count") > 0)["speaker_type"])
    lines = ["Speaker types in this report:", ""]
    for code in result.gazetteer.types:
        if code in quoted:
            lines.append(f"- **{md(code.replace('_', ' '))}**: "
                         f"{md(result.gazetteer.description(code))}")
    return "\n".join(lines) if len(lines) > 2 else ""


def verb_classes_table(result: Analysis) -> str:
    classes = result.attribution_summary["verb_classes"].filter(pl.col("count") > 0)
    if classes.is_empty():
        return ""
    rows = []
    for outlet in result.outlets:
        mine = classes.filter(pl.col("outlet") == outlet)
        for code in result.gazetteer.types:
            of_type = mine.filter(pl.col("speaker_type") == code)
            if of_type.is_empty():
                continue
            counts = dict(zip(of_type["verb_class"], of_type["count"], strict=True))
            total = sum(counts.values())
            rows.append([md(outlet), md(code.replace("_", " ")), number(total)] + [
                f"{percent(counts.get(name, 0) / total)} ({counts.get(name, 0)})"
                for name in VERB_CLASS_LABELS])
    return table(["outlet", "speaker type", "attributions"] + list(VERB_CLASS_LABELS.values()),
                 rows, "llr" + "r" * len(VERB_CLASS_LABELS))


def top_speakers_table(result: Analysis) -> str:
    speakers = result.attribution_summary["top_speakers"]
    rows = []
    for outlet in result.outlets:
        mine = speakers.filter((pl.col("outlet") == outlet) & (pl.col("rank") <= TOP_SPEAKERS))
        names = "; ".join(
            f"{md(row['speaker_canonical'])} ({md((row['speaker_type'] or '').replace('_', ' '))}"
            f"{', ' + md(row['country']) if row['country'] else ''}, {row['count']})"
            for row in mine.sort("rank").iter_rows(named=True))
        rows.append([md(outlet), names or "–"])
    return table(["outlet", f"most quoted or cited (up to {TOP_SPEAKERS})"], rows)


def examples(result: Analysis) -> str:
    """For each outlet, example attributions with doubt-casting and endorsing verbs."""
    stored = result.stored["attributions"]
    if not stored.height:
        return ""
    # The first few of each outlet and verb class, in article and offset order, named by
    # article and number in the article; only those articles' rows are read whole.
    numbered = pl.int_range(pl.len()).over("id").alias("number")
    chosen = (
        stored.scan(["id", "start", "outlet", "verb_class"]).with_columns(numbered)
        .filter(pl.col("verb_class").is_in(["doubt", "assertive"]))
        .sort("id", "start", maintain_order=True)
        .group_by("outlet", "verb_class", maintain_order=True).head(EXAMPLES_PER_CLASS)
        .select("id", "number")
        .collect()
    )
    ids = chosen["id"].unique()
    rows = (
        stored.scan().filter(pl.col("id").is_in(ids.to_list())).with_columns(numbered)
        .join(chosen.lazy(), on=["id", "number"], how="semi")
        .join(sentence_starts(result, ids).lazy(), on=["id", "sentence_index"], how="left")
        .sort("id", "start", "number")
        .collect()
    )
    parts = ["Examples, the reporting verb in bold:", ""]
    for outlet in result.outlets:
        for verb_class in ("doubt", "assertive"):
            chosen = rows.filter((pl.col("outlet") == outlet)
                                 & (pl.col("verb_class") == verb_class)).head(EXAMPLES_PER_CLASS)
            for row in chosen.iter_rows(named=True):
                offset = row["cue_start"] - (row["sentence_start"] or 0)
                length = row["cue_end"] - row["cue_start"]
                sentence = highlight(row["sentence"], offset, offset + length)
                who = md(row["speaker_canonical"] or row["speaker"] or "unnamed")
                parts.append(f"- {md(outlet)}, {md(verb_class)} verb for {who} "
                             f"({md((row['speaker_type'] or '').replace('_', ' '))}): {sentence} "
                             f"[`{md(row['id'])}` {row['cue_start']}–{row['cue_end']}]")
    return "\n".join(parts) + "\n" if len(parts) > 2 else ""


def attribution_section(result: Analysis, figures: Figures) -> str:
    if not result.stored["attributions"].height:
        return "\n".join(["## 5. Who gets to speak", "",
                          "No attributed speech (said, told, according to, ...) was found.", ""])
    return "\n".join([
        "## 5. Who gets to speak",
        "",
        "An attribution is a place where the text gives words or claims to someone: “...,” "
        "the ministry said; according to the general; claims made by militants. Direct "
        "attributions carry a quotation in quotation marks. Speakers are typed with the "
        "source gazetteer: its listed sources, title and organization words, and the titles "
        "an article or the corpus gives a name elsewhere (docs/speaker-types.md).",
        "",
        outlets_table(result),
        "",
        figures.block("speaker_types"),
        speaker_types_table(result),
        "",
        speaker_types_glossary(result),
        "",
        "### Which verbs for which speakers",
        "",
        "A neutral verb reports; a doubt-casting verb (claimed, alleged) invites the reader to "
        "disbelieve; an endorsing verb (confirmed, stressed) lends weight. Which speakers get "
        "which verbs is a choice of the outlet.",
        "",
        figures.block("verb_classes"),
        verb_classes_table(result),
        "",
        top_speakers_table(result),
        "",
        examples(result),
    ])
