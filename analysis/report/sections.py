"""Report sections 1 (the corpus), 6 (for teaching), 7 (method) and the appendix."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

import analysis
from analysis.groups import is_identity, unit_order
from analysis.report.defaults import ARTICLES_LISTED, OUTLETS_NAMED, SMALL_OUTLET_WORDS
from analysis.report.findings import discussion_questions
from analysis.report.framing import comparisons_tested, significance_threshold
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
        f"{number(articles.height)} articles from {_outlets_shown(result)}, "
        f"{number(total_words)} words of article text after page furniture (navigation, "
        "captions, comment policies, related links) was removed.",
        "",
        table(["outlet", "articles", "words", "dates", "how the outlet was identified",
               "page furniture removed"], rows, "lrrllr"),
        "",
    ]
    parts += units_paragraphs(result)
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


def _outlets_shown(result: Analysis) -> str:
    """"5 outlets", or "204 outlets in 3 groups" when the report shows groups or pools."""
    units = result.units
    outlets = f"{number(units.height)} outlet{'s' if units.height != 1 else ''}"
    if is_identity(units):
        return outlets
    shown = len(unit_order(units))
    if not units["group"].is_null().all():
        return f"{outlets} in {number(shown)} groups"
    return f"{outlets} ({number(shown - 1)} shown by name, the rest pooled)"


def units_paragraphs(result: Analysis) -> list[str]:
    """What the columns of the report are when it shows groups or pools: each with its
    outlets (the largest first; the appendix lists every outlet)."""
    units = result.units
    if is_identity(units):
        return []
    grouped = not units["group"].is_null().all()
    rows = []
    for unit in unit_order(units):
        members = units.filter(pl.col("unit") == unit)
        if not grouped and members.height == 1:
            continue  # an outlet shown as itself: the table above has it
        names = members.sort(["words", "outlet"], descending=[True, False])["outlet"].to_list()
        listed = ", ".join(md(name) for name in names[:OUTLETS_NAMED])
        if len(names) > OUTLETS_NAMED:
            listed += f" and {len(names) - OUTLETS_NAMED} more"
        rows.append([md(unit), number(members.height), number(int(members["words"].sum())),
                     listed])
    pooled = units.filter(pl.col("pooled"))
    kind = "groups" if grouped else "outlets"
    rules = (
        f"The report compares {'groups of outlets' if grouped else 'outlets'}. "
        + (f"Its tables and charts show at most {result.options.max_outlets} {kind} by name, "
           f"the largest by words (those with fewer than {number(result.options.min_words)} "
           "words are pooled where at least two others have more); the other "
           f"{number(pooled.height)} outlet(s) are shown together as one pool. "
           if pooled.height else "")
        + "The data files keep every outlet (`data/outlets.csv` says how each is shown)."
    )
    return [rules, "", table([kind[:-1] if grouped else "pool", "outlets", "words",
                              "its outlets, largest first"], rows, "lrrl"), ""]




def appendix_section(result: Analysis) -> str:
    if result.catalogue.height > ARTICLES_LISTED:
        return outlets_appendix(result)
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


def outlets_appendix(result: Analysis) -> str:
    """Every outlet once, with its group, how the report shows it, articles and words."""
    units = result.units.sort(["words", "outlet"], descending=[True, False])
    grouped = not units["group"].is_null().all()
    rows = [
        [md(row["outlet"])] + ([md(row["group"])] if grouped else [])
        + [md(row["unit"]), number(row["articles"]), number(row["words"])]
        for row in units.iter_rows(named=True)
    ]
    header = ["outlet"] + (["group"] if grouped else []) + ["shown as", "articles", "words"]
    return "\n".join([
        "## Appendix: the outlets",
        "",
        f"{number(result.catalogue.height)} articles are too many to list here; "
        "`data/articles.csv` lists each with its id, title and date. Every outlet, largest "
        "first:",
        "",
        table(header, rows, "l" * (len(header) - 2) + "rr"),
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
        "wins. A term inside quotation marks that hold someone's words is “quoted”; "
        "elsewhere, including inside scare quotes, it is the outlet's own voice.",
        "- **Intervals**: 95% intervals; a percentile bootstrap over articles (2,000 "
        "resamples, fixed seed) when an outlet has at least five articles with text, an exact "
        "Poisson interval otherwise, and always for a count of zero.",
        "- **Do outlets differ?** Each outlet (or group, or pool) is compared with all the "
        "others together, term by term: given how often the term is used in the whole "
        "corpus, would the outlet's share of those uses be this far from its share of the "
        "words if it used the term at the others' rate? An exact binomial test answers, for "
        "any count, however small. With many outlets and terms, some gaps look large by "
        f"chance alone, so the p-values of all {number(comparisons_tested(result))} "
        "comparisons are corrected together (Benjamini-Hochberg): a difference is reported "
        f"only where the expected share of false findings stays below {threshold:.0%} "
        "(q < 0.05). `data/term_against_rest.csv` has every comparison; "
        "`data/term_differences.csv` also has, per term, one G2 test over all outlets.",
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
        "`term_differences.csv`, `term_against_rest.csv`, `outlets.csv`, "
        "`concordance.csv`, `distinctive_terms.csv`, `collocates.csv`, `similarity.csv`, "
        "`outlet_similarity.csv`, `quotes.csv`, `attributions.csv`, "
        "`attribution_outlets.csv`, `speaker_types.csv`, `verb_classes.csv`, "
        "`top_speakers.csv`.",
        "",
    ])
