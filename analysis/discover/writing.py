"""The files of ``framelens discover``: contrasts.csv, a draft lexicon and concordance evidence.

- ``contrasts.csv``: the ``CONTRASTS`` table;
- ``lexicon.toml``: one category per set, holding the set's terms and a contrast set of them,
  in the project's lexicon format; it passes ``framelens lexicon check`` (a set whose terms
  the format cannot hold, such as two terms with one spelling, is left out of it) and loads
  with ``--lexicon``;
- ``contrasts.md``: per set, the outlets' shares and a few keyword-in-context lines per term
  and outlet, found with the draft lexicon (so they show what it will count), escaped.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analysis.discover.contrasts import DiscoveredSet, Discovery
from analysis.lexicon import check_lexicon, concordance, load_lexicon, match_terms
from analysis.output import OutputFolder
from analysis.report.markdown import md, number, percent, quoted, table

LINES_PER_OUTLET = 2
"""Concordance lines shown per term and outlet in contrasts.md."""
OUTLETS_PER_TERM = 4
"""Outlets shown per term in contrasts.md: those that use the term most."""
CONTEXT_WORDS = 8
"""Words each side of a concordance line."""


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string (quotes, backslashes and control characters escaped)."""
    out = []
    for character in text:
        if character in '"\\':
            out.append("\\" + character)
        elif ord(character) < 32 or 127 <= ord(character) < 160:
            out.append(f"\\u{ord(character):04x}")
        else:
            out.append(character)
    return '"' + "".join(out) + '"'


def _set_block(found: DiscoveredSet) -> str:
    terms = []
    for term, plural in zip(found.terms, found.plural, strict=True):
        inflect = "noun" if plural else "none"
        terms.append(f"  {{ term = {toml_string(term)}, inflect = \"{inflect}\" }},")
    code = found.code
    return "\n".join([
        f"[categories.{code}]",
        f"title = {toml_string(f'Discovered set {found.rank}: {found.name}')}",
        f"description = {toml_string(_description(found))}",
        'inflect = "none"',
        "terms = [",
        *terms,
        "]",
        "",
        f"[categories.{code}.contrast_sets.{code}]",
        f"description = {toml_string('Labels used in the same contexts, split across outlets.')}",
        "terms = [" + ", ".join(toml_string(term) for term in found.terms) + "]",
        "",
    ])


def _description(found: DiscoveredSet) -> str:
    return (
        f"A draft found by framelens discover: {found.name} are used in the same contexts "
        f"(mean cosine {found.similarity:.2f}) but in different proportions by different "
        f"outlets (divergence {found.divergence:.2f}). Read contrasts.md, keep the terms that "
        "name one and the same thing, and write here what the choice of word tells a reader."
    )


def draft_lexicon(sets: list[DiscoveredSet], corpus_name: str) -> tuple[str, list[int]]:
    """The text of a draft lexicon for ``sets``, and the ranks of the sets it holds."""
    header = "\n".join([
        "# A draft contrast-set lexicon written by `framelens discover`. Each category is one",
        "# discovered set. Edit it: drop terms that do not name the same thing, merge sets,",
        "# give each category a description for readers; then `framelens lexicon check` it and",
        "# use it with --lexicon (see docs/discover-and-validate.md).",
        "",
        "[lexicon]",
        f"name = {toml_string(f'discovered in {corpus_name}')}",
        'version = "0.1.0"',
        f"description = {toml_string(f'Contested labels discovered in {corpus_name} (draft).')}",
        "",
    ])
    return header + "\n" + "\n".join(_set_block(found) for found in sets), [s.rank for s in sets]


def _checked_sets(sets: list[DiscoveredSet], corpus_name: str, path: Path) -> str:
    """The draft's text for the sets that pass ``lexicon check`` (a set named in a problem is
    left out, and the rest checked again)."""
    kept = list(sets)
    while True:
        text, _ = draft_lexicon(kept, corpus_name)
        if not kept:
            return text
        path.write_text(text, encoding="utf-8", newline="\n")
        problems = check_lexicon(path)
        if not problems:
            return text
        lines = [_problem_line(problem) for problem in problems]
        starts = _block_starts(text, kept)
        bad = {_set_at(line, starts) for line in lines}
        if None in bad or not bad:
            kept = []  # a problem outside any set's block: nothing can be trusted
            continue
        kept = [found for found in kept if found.rank not in bad]


def _problem_line(problem: str) -> int:
    parts = problem.split(":")
    for part in parts[1:]:
        if part.strip().isdigit():
            return int(part)
    return 0


def _block_starts(text: str, sets: list[DiscoveredSet]) -> list[tuple[int, int]]:
    """(first line, rank) of each set's block in the draft text."""
    starts = []
    lines = text.split("\n")
    for found in sets:
        marker = f"[categories.{found.code}]"
        starts.append((lines.index(marker) + 1, found.rank))
    return starts


def _set_at(line: int, starts: list[tuple[int, int]]) -> int | None:
    owner = None
    for first, rank in starts:
        if line >= first:
            owner = rank
    return owner


def evidence_markdown(discovery: Discovery, lines: pl.DataFrame, corpus_name: str,
                      kept: set[int]) -> str:
    """contrasts.md: per set, each outlet's shares and concordance lines per term."""
    parts = [
        f"# Contested labels discovered in {md(corpus_name)}",
        "",
        "Sets of words and phrases that the outlets use in the same contexts but in different "
        "proportions, ranked by how strongly the outlets diverge. Read the lines: keep a set "
        "only if its terms name one and the same actor or thing. Offsets are character offsets "
        "into the article's cleaned text (`framelens clean`).",
        "",
    ]
    if not discovery.sets:
        return "\n".join(parts + ["No set was found (discovery needs two outlets or more and "
                                  "words used at least a few times).", ""])
    contrasts = discovery.contrasts
    for found in discovery.sets:
        in_set = contrasts.filter(pl.col("set") == found.rank)
        parts += [
            f"## {found.rank}. {' / '.join(quoted(term) for term in found.terms)}",
            "",
            f"Score {found.score:.3f}: similarity {found.similarity:.2f}, divergence "
            f"{found.divergence:.2f}."
            + ("" if found.rank in kept else " Left out of lexicon.toml: its terms clash "
               "with another set's in the lexicon format."),
            "",
        ]
        rows = []
        for outlet in sorted(set(in_set["outlet"].to_list()), key=lambda o: (o.casefold(), o)):
            mine = in_set.filter(pl.col("outlet") == outlet)
            shares = dict(zip(mine["term"], zip(mine["share_in_set"], mine["uses"],
                                                strict=True), strict=True))
            total = int(mine["uses"].sum())
            rows.append([md(outlet), number(total)] + [
                f"{percent(shares[term][0])} ({shares[term][1]})" for term in found.terms
            ])
        parts += [table(["outlet", "uses"] + [quoted(term) for term in found.terms], rows,
                        "lr" + "r" * len(found.terms)), ""]
        mine_lines = lines.filter(pl.col("category") == found.code)
        for term in found.terms:
            term_lines = mine_lines.filter(pl.col("term") == term)
            top_outlets = (in_set.filter((pl.col("term") == term) & (pl.col("uses") > 0))
                           .sort(["uses", "outlet"], descending=[True, False])
                           .head(OUTLETS_PER_TERM)["outlet"].to_list())
            if term_lines.is_empty() or not top_outlets:
                continue
            parts += [f"*{quoted(term)}*", ""]
            for outlet in top_outlets:
                shown = term_lines.filter(pl.col("outlet") == outlet).head(LINES_PER_OUTLET)
                for row in shown.iter_rows(named=True):
                    parts.append(f"- {md(outlet)}: {md(row['left'])} **{md(row['match'])}** "
                                 f"{md(row['right'])} [`{md(row['id'])}` "
                                 f"{row['start']}–{row['end']}]")
            parts.append("")
    return "\n".join(parts).rstrip("\n") + "\n"


def write_discovery(discovery: Discovery, articles: pl.DataFrame, out: Path,
                    corpus_name: str, *, protect: Path | None = None) -> Path:
    """Write contrasts.csv, lexicon.toml and contrasts.md under ``out`` (atomically); returns
    the path of contrasts.md. ``articles`` (``id``, ``outlet``, ``clean_text``) give the
    concordance lines; ``protect`` is a path the output must not replace (the corpus)."""
    from analysis.discover.contrasts import CONTRASTS

    with OutputFolder(out, protect=protect) as folder:
        folder.write_csv("contrasts.csv", discovery.contrasts, CONTRASTS.names)
        lexicon_path = folder.path("lexicon.toml")
        text = _checked_sets(discovery.sets, corpus_name, lexicon_path)
        folder.write_text("lexicon.toml", text)
        kept = {found.rank for found in discovery.sets if f"[categories.{found.code}]" in text}
        if kept:
            lexicon = load_lexicon(lexicon_path)
            hits = match_terms(articles, None, None, lexicon)
            hits = hits.with_columns(voice=pl.lit(None, pl.String))
            lines = concordance(hits, articles, CONTEXT_WORDS)
        else:
            lines = pl.DataFrame(schema={"category": pl.String, "term": pl.String,
                                         "outlet": pl.String})
        folder.write_text("contrasts.md",
                          evidence_markdown(discovery, lines, corpus_name, kept))
    return out / "contrasts.md"
