"""Report section 2 (key findings) and the discussion questions of section 6.

Findings are plain sentences built from the tables, and claim only what the statistics
support: a difference between outlets is stated as a difference only when its
one-against-the-rest test beats the false discovery rate over all comparisons
(analysis.report.framing.significance_threshold); everything else
is worded as a description of these articles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from analysis.report.defaults import MAX_TERM_FINDINGS
from analysis.report.framing import (
    against_rest_table,
    rate_digits,
    significance_threshold,
    who_says_what,
)
from analysis.report.markdown import interval, label, md, number, p_value, percent, quoted

if TYPE_CHECKING:
    from analysis.results import Analysis


@dataclass
class ContrastSummary:
    """How one outlet names the thing a contrast set names."""

    name: str
    outlet: str
    term: str
    count: int
    total: int
    runner_up: str | None


def contrast_summaries(result: Analysis) -> list[ContrastSummary]:
    """Per contrast set with uses and outlet: the outlet's most used term in the set."""
    summaries = []
    for category in result.lexicon.categories:
        for contrast in category.contrast_sets:
            in_set = result.rates.filter((pl.col("category") == category.name)
                                         & pl.col("term").is_in(contrast.terms))
            for outlet in result.outlets:
                mine = in_set.filter((pl.col("outlet") == outlet) & (pl.col("count") > 0)).sort(
                    ["count", "term"], descending=[True, False])
                if mine.is_empty():
                    continue
                summaries.append(ContrastSummary(
                    contrast.name, outlet, mine["term"][0], int(mine["count"][0]),
                    int(mine["count"].sum()), mine["term"][1] if mine.height > 1 else None))
    return summaries


def term_findings(result: Analysis) -> list[str]:
    """Terms an outlet (or group) uses clearly more or less than the rest, strongest first:
    q below the false discovery rate (analysis.lexicon.against_rest), one finding per term."""
    level = significance_threshold(result)
    tested = against_rest_table(result)
    clear = (tested.filter(pl.col("direction").is_not_null())
             .sort(["q_value", "p_value", "term", "outlet"])
             .unique(["category", "term"], keep="first", maintain_order=True))
    lines = []
    for difference in clear.head(MAX_TERM_FINDINGS).iter_rows(named=True):
        rates = result.rates.filter((pl.col("term") == difference["term"])
                                    & (pl.col("category") == difference["category"])
                                    & (pl.col("outlet") == difference["outlet"]))
        digits = max(2, rate_digits(pl.Series([difference["rate_per_1000"],
                                               difference["rest_rate_per_1000"]])))
        span = ""
        if rates.height:
            own = rates.row(0, named=True)
            span = f"{interval(own['ci_low'], own['ci_high'], digits)}; "
        others = (f"{number(difference['rest_rate_per_1000'], digits)} in the other outlets "
                  f"together ({number(difference['rest_count'])} uses)")
        lines.append(
            f"{md(difference['outlet'])} uses {quoted(difference['term'])} "
            f"{'more' if difference['direction'] == 'higher' else 'less'} often than the rest: "
            f"{number(difference['rate_per_1000'], digits)} times per 1,000 words "
            f"({span}{number(difference['count'])} uses), against {others}. A gap this large is "
            f"unlikely to be chance ({p_value(difference['p_value'])}; "
            f"q = {difference['q_value']:.2g} after correcting for "
            f"{number(tested.height)} comparisons)."
        )
    if not lines and tested.height:
        terms = tested.select("category", "term").unique().height
        lines.append(
            f"No outlet uses any lexicon term clearly more or less often than the rest: of "
            f"the {number(terms)} terms found, none differs by more than chance would allow "
            f"({number(tested.height)} comparisons, false discovery rate {level:.2g}). The "
            "comparisons below describe these articles, not the outlets' coverage in general."
        )
    return lines


def contrast_findings(result: Analysis) -> list[str]:
    by_set: dict[str, list[ContrastSummary]] = {}
    for summary in contrast_summaries(result):
        by_set.setdefault(summary.name, []).append(summary)
    lines = []
    for name, summaries in by_set.items():
        if sum(s.total for s in summaries) < 5:
            continue
        parts = [f"{md(s.outlet)} most often {quoted(s.term)} ({percent(s.count / s.total)} of "
                 f"{s.total})" for s in summaries]
        lines.append(f"In {label(name)}, in these articles: " + "; ".join(parts) + ".")
    return lines


def doubt_verbs_used(result: Analysis) -> bool:
    """Whether any attribution uses a doubt-casting verb (from the summary's counts)."""
    classes = result.attribution_summary["verb_classes"]
    return bool(classes.filter(pl.col("verb_class") == "doubt")["count"].sum())


def attribution_findings(result: Analysis) -> list[str]:
    types = result.attribution_summary["speaker_types"]
    lines = []
    for outlet in result.outlets:
        mine = types.filter((pl.col("outlet") == outlet) & (pl.col("count") > 0)).sort(
            ["count", "speaker_type"], descending=[True, False])
        total = int(mine["count"].sum()) if mine.height else 0
        if total < 3:
            continue
        top = mine.row(0, named=True)
        lines.append(
            f"In {md(outlet)}, {percent(top['count'] / total)} of attributions ({top['count']} "
            f"of {total}) go to "
            f"{md(result.gazetteer.types.get(top['speaker_type'], top['speaker_type']))}."
        )
    doubt = (result.stored["attributions"].scan(["speaker_type", "verb_class"])
             .filter(pl.col("verb_class") == "doubt").collect())
    if doubt.height:
        by_type = doubt.group_by("speaker_type").len().sort(["len", "speaker_type"],
                                                            descending=[True, False])
        listed = ", ".join(f"{md((code or 'unknown').replace('_', ' '))} ({count})"
                           for code, count in by_type.iter_rows())
        lines.append(f"Doubt-casting verbs (claimed, alleged, insisted, ...) appear "
                     f"{doubt.height} time{'s' if doubt.height != 1 else ''}, for: {listed}.")
    return lines


def copy_findings(result: Analysis) -> list[str]:
    copies = result.similarity.filter(pl.col("near_copy"))
    return [
        f"Article `{md(row['id_b'])}` ({md(row['outlet_b'])}) and article `{md(row['id_a'])}` "
        f"({md(row['outlet_a'])}) are near-copies: cosine {number(row['cosine'], 2)}, "
        f"{percent(row['shared_sentence_share'])} of the shorter one's sentences shared."
        for row in copies.head(3).iter_rows(named=True)
    ]


def findings_section(result: Analysis) -> str:
    lines = (term_findings(result) + contrast_findings(result) + who_says_what(result)[:3]
             + attribution_findings(result) + copy_findings(result))
    body = "\n".join(f"- {line}" for line in lines) if lines else (
        "- The corpus is too small for any finding.")
    return "\n".join([
        "## 2. Key findings",
        "",
        "Each finding comes from the tables below; where the numbers cannot rule out "
        "chance, the finding says so.",
        "",
        body,
        "",
    ])


def discussion_questions(result: Analysis) -> list[str]:
    """Questions for a class, built from this corpus's own findings."""
    questions = []
    summaries = [s for s in contrast_summaries(result) if s.total >= 3 and s.runner_up]
    if summaries:
        first = summaries[0]
        questions.append(
            f"{md(first.outlet)} most often writes {quoted(first.term)} where it could write "
            f"{quoted(first.runner_up)} ({label(first.name)}). What does each word make a reader "
            "think about the people or events it names?"
        )
    voice = who_says_what(result)
    if voice:
        questions.append(f"{voice[0]} Why might an outlet carry a word in a quotation that "
                         "it does not use in its own voice?")
    types = result.attribution_summary["speaker_types"].filter(pl.col("count") > 0)
    if types.height:
        top = types.sort(["count", "outlet"], descending=[True, False]).row(0, named=True)
        questions.append(
            f"In {md(top['outlet'])}, the largest group of sources is "
            f"{md(result.gazetteer.types.get(top['speaker_type'], top['speaker_type']))}. "
            "Whose voices are missing, and how could a reader check the claims made?"
        )
    if doubt_verbs_used(result):
        questions.append("Find a sentence above where the verb is “claimed” or “alleged”. "
                         "Rewrite it with “said”. Does your trust in the statement change?")
    if result.similarity.filter(pl.col("near_copy")).height:
        questions.append("Two articles here are near-copies. How would you find out where a "
                         "story first appeared, and who is really speaking?")
    questions.append("Pick one example sentence from section 3 and replace the bold term with "
                     "another term of its contrast set. What changes, and who would object?")
    return questions
