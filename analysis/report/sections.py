"""Report sections 1 (the corpus), 6 (for teaching), 7 (method) and the appendix."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

import analysis
from analysis.report.defaults import SMALL_OUTLET_WORDS
from analysis.report.findings import discussion_questions
from analysis.report.framing import significance_threshold
from analysis.report.markdown import label, md, number, source_name, table

if TYPE_CHECKING:
    from analysis.results import Analysis


def overview_section(result: Analysis) -> str:
    articles = result.catalogue
    per_outlet = (
        articles.group_by("outlet")
        .agg(
            articles=pl.len(),
            words=pl.col("words").sum(),
            first=pl.col("date").min(),
            last=pl.col("date").max(),
            how=pl.col("outlet_source").unique().sort().str.join("; "),
            removed=pl.col("chars_removed").sum(),
            raw=pl.col("raw_chars").sum(),
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
    small = per_outlet.filter(pl.col("words") < SMALL_OUTLET_WORDS)
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
        for row in result.catalogue.sort("outlet", "id").iter_rows(named=True)
    ]
    return "\n".join([
        "## Appendix: the articles",
        "",
        table(["id", "outlet", "title", "date", "words", "characters of furniture removed"],
              rows, "lllrrr"),
        "",
    ])


def teaching_section(result: Analysis) -> str:
    parts = [
        "## 6. For teaching",
        "",
        "### Glossary",
        "",
        "The categories of the framing lexicon, as its authors describe them:",
        "",
    ]
    for category in result.lexicon.categories:
        parts.append(f"- **{md(category.title)}**: {md(category.description)}")
        for contrast in category.contrast_sets:
            if contrast.description:
                parts.append(f"  - *{label(contrast.name)}* "
                             f"({', '.join(md(term) for term in contrast.terms)}): "
                             f"{md(contrast.description)}")
    parts += ["", "### Questions for discussion", "",
              "Built from what this corpus shows:", ""]
    parts += [f"{index}. {question}"
              for index, question in enumerate(discussion_questions(result), start=1)]
    return "\n".join(parts) + "\n"


def pack_lines(fit) -> list[str]:
    """Which lexicon packs the run used and which it left out, each with the reason."""
    lines = ["- **Lexicon packs** (`data/lexicon_packs.csv`):"]
    for row in fit.iter_rows(named=True):
        state = "used" if row["used"] else "left out"
        lines.append(f"  - {md(row['pack'])} ({state}): {md(row['reason'])}.")
    return lines


def method_section(result: Analysis) -> str:
    lexicon = result.lexicon
    gazetteer = result.gazetteer
    threshold = significance_threshold(result)
    return "\n".join([
        "## 7. Method",
        "",
        f"- **framelens** version {analysis.__version__}.",
        f"- **Lexicon**: {md(lexicon.name)} version {md(lexicon.version)}, content hash "
        f"`{md(lexicon.content_hash)}`, from "
        f"{', '.join(f'`{md(source_name(s))}`' for s in lexicon.sources)}.",
        *pack_lines(result.lexicon_fit),
        f"- **Source gazetteer**: content hash `{md(gazetteer.content_hash)}`, from "
        f"{', '.join(f'`{md(source_name(s))}`' for s in gazetteer.sources)}.",
        "- **Cleaning**: page furniture (navigation, forms, captions, credits, related links, "
        "comment policies, tags) is removed line by line, and from the ends of lines where a "
        "page was flattened into one line, with the rules in `analysis/data/furniture.toml` "
        "and the structural rules of `analysis/clean/`; each removed line or part of a line "
        "and its reason is in `data/removed_lines.csv`. Duplicate articles are counted once.",
        "- **Words**: runs of letters or digits, joined across inner hyphens and apostrophes; "
        "every rate per 1,000 words divides by the words of the outlet's cleaned article "
        "text. Narration rates divide by the words outside quotation marks.",
        "- **Matching**: whole words, any case, with inflections, British and American "
        "spellings, hyphen and quotation-mark variants; within a category the longest match "
        "wins. A term inside quotation marks that hold a full quotation is “quoted”; "
        "elsewhere, including inside scare quotes, it is the outlet's own voice.",
        "- **Intervals**: 95% intervals; a percentile bootstrap over articles (2,000 "
        "resamples, fixed seed) when an outlet has at least five articles with text, an exact "
        "Poisson interval otherwise, and always for a count of zero.",
        f"- **Do outlets differ?** A log-likelihood G2 test per term of the outlets × (term, "
        f"other words) table. A difference is reported only when p is below {threshold:.2g} "
        "(0.05 divided by the number of terms tested) and the expected counts pass Cochran's "
        "rule (every outlet expects at least 1 use at equal rates, and at most a fifth of the "
        "outlets fewer than 5); otherwise the report says the counts are too small to tell.",
        "- **Distinctive vocabulary**: one- to three-word phrases that appear word for word "
        "(no phrase spans a removed stop word or a number), used at least 3 times by the "
        "outlet and in at least 2 of its articles (or all, if fewer); TF-IDF with sublinear "
        "term frequency and the outlet as document; log-odds with an informative Dirichlet "
        "prior of 1,000 pseudo-counts (Monroe, Colaresi & Quinn 2008); Dunning's G2 with "
        "Hardie's log ratio.",
        "- **Near-copies**: TF-IDF cosine of 0.8 or more, or at least half of the shorter "
        "article's sentences (of five words or more) found in the other.",
        "- **Attribution**: reporting verbs and phrases (`analysis/data/reporting_verbs.toml`) "
        "in both orders, passive and nominal forms; speakers resolved within each article "
        "(pronouns and short mentions to the nearest fitting full mention); speaker types "
        "from the gazetteer, title words and nationality adjectives.",
        "",
        "**What such counts cannot show.** Counting words shows which words an outlet chose, "
        "not whether a report is true, nor why the words were chosen. A lexicon finds only the "
        "terms someone listed, in the forms listed; sarcasm, negation (“not terrorists”) and "
        "context are not understood. Speaker detection follows common English reporting "
        "patterns and misses or mistypes some speakers. Small corpora give wide intervals: "
        "with a few hundred words per outlet, differences of several uses per 1,000 words can "
        "be chance. Treat every number as a pointer to sentences worth reading, and read "
        "them: each is listed with its article and offsets in `data/`.",
        "",
        "Data files: `articles.csv`, `sentences.csv`, `removed_lines.csv`, `duplicates.csv`, "
        "`warnings.csv`, `framing_hits.csv`, `framing_rates.csv`, `lexicon_packs.csv`, "
        "`term_differences.csv`, "
        "`concordance.csv`, `distinctive_terms.csv`, `collocates.csv`, `similarity.csv`, "
        "`outlet_similarity.csv`, `quotes.csv`, `attributions.csv`, "
        "`attribution_outlets.csv`, `speaker_types.csv`, `verb_classes.csv`, "
        "`top_speakers.csv`.",
        "",
    ])
