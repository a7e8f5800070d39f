"""Cleaning a whole corpus: batches of pages, lines repeated across an outlet (rule 6, counted
in :mod:`analysis.clean.repeated`), empty articles and duplicates.

A batch measures all its lines at once in polars (stripping, words, spacing, which furniture
rules may match, see :mod:`analysis.clean.rules`) and asks Python only about what polars
cannot answer the same way (:mod:`analysis.clean.alike`); the decisions are then made page by
page (:func:`analysis.clean.pages.decide_page`), exactly as :func:`clean_page` makes them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import polars as pl

from analysis.clean.alike import differing_characters, read_alike
from analysis.clean.endings import RepeatedEndings
from analysis.clean.pages import (
    CleanPage,
    LineDecision,
    RepeatedLines,
    decide_page,
)
from analysis.clean.repeated import repeated_endings, repeated_lines
from analysis.clean.rules import KINDS, NO_MATCHES, FurnitureRules, furniture_rules, match_rules
from analysis.corpus import ARTICLES, LoadedCorpus
from analysis.errors import InputWarning
from analysis.parallel import BatchRunner
from analysis.schema import Column, Schema
from analysis.tokens import WORD_PATTERN, count_words

REMOVED_LINES = Schema(
    "removed lines",
    (
        Column("id", pl.String, "article id"),
        Column("line", pl.Int64, "line number in raw_text, from 1"),
        Column(
            "text",
            pl.String,
            "the removed line, or the part removed from a kept line (a date at its start, "
            "furniture at its end), stripped",
        ),
        Column("reason", pl.String, "why it is furniture, in plain words"),
    ),
)

DUPLICATES = Schema(
    "duplicates",
    (
        Column("id", pl.String, "article left out of the analysis"),
        Column("duplicate_of", pl.String, "the article it repeats, which is counted"),
        Column("outlet", pl.String, "outlet of the left-out article"),
        Column(
            "kind",
            pl.String,
            "'exact' (same clean text) or 'near-exact' (same words, other "
            "punctuation, case or spacing)",
        ),
    ),
)

PAGES = Schema(
    "pages",
    (
        Column("clean_text", pl.String, "the article text after cleaning"),
        Column("page_title", pl.String, "the headline found on the page, or null"),
        Column("page_date", pl.String, "the page's timestamp as ISO 8601, or null"),
        Column("words", pl.Int64, "words in clean_text"),
        Column("chars_removed", pl.Int64, "characters of furniture removed"),
        Column("lines_removed", pl.Int64, "lines of furniture removed"),
        Column(
            "prose_restored",
            pl.Boolean,
            "the rules would have removed prose holding most of the page's words, so every "
            "line that ends like a sentence was kept",
        ),
        Column(
            "duplicate_key",
            pl.String,
            "hash of the words of clean_text (lower case, "
            "punctuation and spacing ignored); null for an empty text",
        ),
    ),
)


@dataclass
class CleanedCorpus:
    """The articles table and what cleaning set aside."""

    articles: pl.DataFrame
    removed: pl.DataFrame
    duplicates: pl.DataFrame
    warnings: list[InputWarning]
    name: str = "corpus"


# ---------------------------------------------------------------------------------------------
# The lines of a batch, measured in polars

# Python's str.strip() removes the characters str.isspace() accepts (all below U+3001);
# polars strips exactly those when given them, and otherwise keeps U+001C-U+001F.
PYTHON_WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())

# The kinds of rule to ask Python's re about, by bit flags (bit i for KINDS[i]).
_KINDS_BY_FLAGS = tuple(
    tuple(kind for bit, kind in enumerate(KINDS) if flags >> bit & 1)
    for flags in range(1 << len(KINDS))
)


def _may_match(kind: str, rules: FurnitureRules) -> pl.Expr:
    """True for lines that a rule of ``kind`` matches, on lines polars reads alike."""
    patterns = rules.polars[kind]
    if patterns is None:
        return pl.lit(True)
    if not patterns:
        return pl.lit(False)
    return pl.any_horizontal([pl.col("text").str.contains(pattern) for pattern in patterns])


def _measured_lines(raw_text: pl.Series, rules: FurnitureRules) -> tuple[pl.DataFrame, list[str]]:
    """One row per non-blank line of each page, and the characters polars does not read as
    Python does.

    Columns: ``article`` (row in ``raw_text``), ``number`` (from 1), ``text`` (stripped as
    ``str.strip`` strips), ``alike`` (polars reads the line as Python does), and, valid on lines
    read alike, ``words``, ``uneven`` (whitespace other than single spaces) and ``flags`` (bit
    i set when a rule of ``KINDS[i]`` may match; every bit set on the other lines).
    """
    lines = (
        pl.DataFrame({"text": raw_text.str.split("\n")})
        .with_row_index("article")
        .with_columns(number=pl.int_ranges(1, pl.col("text").list.len() + 1))
        .explode("text", "number")
        .with_columns(pl.col("text").str.strip_chars(PYTHON_WHITESPACE))
        .filter(pl.col("text") != "")
    )
    differing = differing_characters(lines["text"])
    flags = pl.sum_horizontal(
        [_may_match(kind, rules).cast(pl.Int32) * (1 << bit) for bit, kind in enumerate(KINDS)]
    )
    lines = lines.with_columns(alike=read_alike(pl.col("text"), differing)).with_columns(
        words=pl.col("text").str.count_matches(WORD_PATTERN),
        uneven=pl.col("text").str.contains(r"[^ \S]|  "),
        flags=pl.when("alike").then(flags).otherwise((1 << len(KINDS)) - 1),
    )
    return lines, differing


def _page_lines(lines: pl.DataFrame, pages: int, rules: FurnitureRules) -> list[list[LineDecision]]:
    """The measured lines as each page's LineDecisions; Python measures lines not read alike
    and tests each line only against the kinds of rule polars found (or could not rule out)."""
    by_page: list[list[LineDecision]] = [[] for _ in range(pages)]
    columns = [
        lines[name].to_list()
        for name in ("article", "number", "text", "alike", "words", "uneven", "flags")
    ]
    for article, number, text, alike, words, uneven, flags in zip(*columns, strict=True):
        if not alike:
            words, uneven = count_words(text), True
        by_page[article].append(
            LineDecision(
                number,
                text,
                " ".join(text.split()) if uneven else text,
                words,
                match_rules(text, rules, _KINDS_BY_FLAGS[flags]) if flags else NO_MATCHES,
            )
        )
    return by_page


# ---------------------------------------------------------------------------------------------
# Batches and corpora


def _duplicate_key(text: str) -> str:
    """The words of ``text`` in lower case, one space apart (Python's reference)."""
    return " ".join(re.findall(r"\w+", text.lower()))


def _duplicate_keys(pages: list[CleanPage], differing: list[str]) -> list[str | None]:
    """The PAGES ``duplicate_key`` of each page: words in polars where it reads the text as
    Python does (a page holds its lines' characters, spaces and line breaks)."""
    texts = pl.DataFrame({"text": [page.text for page in pages]}, schema={"text": pl.String})
    found = texts.select(
        alike=read_alike(pl.col("text"), differing),
        # Each run of non-word characters becomes one space; a single space is left alone
        # (far fewer replacements than r"\W+").
        key=pl.col("text")
        .str.to_lowercase()
        .str.replace_all(r"\W{2,}|[^\w ]", " ")
        .str.strip_chars(" "),
    )
    keys: list[str | None] = []
    for page, alike, key in zip(pages, found["alike"], found["key"], strict=True):
        if not page.words:
            keys.append(None)
            continue
        words = key if alike else _duplicate_key(page.text)
        keys.append(hashlib.blake2b(words.encode(), digest_size=16).hexdigest())
    return keys


def clean_batch(
    raw: pl.DataFrame,
    repeated: dict[str, frozenset[str]],
    endings: dict[str, frozenset[str]] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Clean the pages of a batch of raw articles: a PAGES row per article (same order) and
    the REMOVED_LINES rows. ``repeated`` holds each outlet's repeated lines (rule 6),
    ``endings`` its repeated endings (rule 7)."""
    rules = furniture_rules()
    lines, differing = _measured_lines(raw["raw_text"], rules)
    by_outlet = {outlet: RepeatedLines(lines) for outlet, lines in repeated.items()}
    nothing_repeated = RepeatedLines(frozenset())
    endings_by_outlet = {
        outlet: RepeatedEndings(found) for outlet, found in (endings or {}).items()
    }
    no_endings = RepeatedEndings(frozenset())
    pages: list[CleanPage] = []
    removed: list[tuple[object, ...]] = []
    for (article_id, outlet, title), page_lines in zip(
        raw.select("id", "outlet", "title").iter_rows(),
        _page_lines(lines, raw.height, rules),
        strict=True,
    ):
        page = decide_page(
            page_lines,
            rules,
            title=title,
            repeated=by_outlet.get(outlet, nothing_repeated),
            endings=endings_by_outlet.get(outlet, no_endings),
        )
        pages.append(page)
        for line in page.lines:
            if not line.keep:
                removed.append((article_id, line.number, line.text, line.reason))
            elif line.cuts:
                for text, reason in line.removed_parts():
                    removed.append((article_id, line.number, text, reason))
    keys = _duplicate_keys(pages, differing)
    rows = [
        (
            page.text,
            page.title,
            page.date,
            page.words,
            page.chars_removed,
            page.lines_removed,
            page.prose_restored,
            key,
        )
        for page, key in zip(pages, keys, strict=True)
    ]
    return (
        pl.DataFrame(rows, schema=PAGES.polars_schema(), orient="row"),
        pl.DataFrame(removed, schema=REMOVED_LINES.polars_schema(), orient="row"),
    )


def clean_articles(
    loaded: LoadedCorpus, runner: BatchRunner | None = None, *, with_raw_text: bool = True
) -> CleanedCorpus:
    """Clean every article of a loaded corpus into the ARTICLES table.

    Empty articles (nothing left after cleaning) and duplicates (the same words as an
    earlier article, ignoring punctuation, case and spacing) are left out, each with a
    warning; the duplicates table says which article each one repeats. With a ``runner``
    the pages are cleaned in batches on several cores; the result is the same. Without
    ``with_raw_text`` the table has no ``raw_text`` column (its ``raw_chars`` stay), and no
    copy of the raw pages is made for it.
    """
    raw = loaded.articles
    warnings = list(loaded.warnings)
    distinct = raw.unique("raw_text", keep="first", maintain_order=True)
    repeated = repeated_lines(distinct)
    endings = repeated_endings(distinct)
    del distinct
    parts = (
        runner.map(clean_batch, raw, repeated, endings)
        if runner is not None
        else [clean_batch(raw, repeated, endings)]
    )
    # Joined without copying (rechunk=False): the rows kept are copied once, below.
    pages = pl.concat([pages for pages, _ in parts], rechunk=False) if parts else PAGES.empty()
    removed = pl.concat([lines for _, lines in parts]) if parts else REMOVED_LINES.empty()
    del parts
    table = pl.concat([raw, pages], how="horizontal").with_columns(
        raw_chars=pl.col("raw_text").str.len_chars().cast(pl.Int64)
    )
    del pages
    for path in table.filter(pl.col("prose_restored"))["path"]:
        warnings.append(InputWarning(path, "page-furniture rules would have removed most "
                                     "of its text: its sentences were kept; check it"))

    for path, raw_text in table.filter(pl.col("words") == 0).select("path", "raw_text").iter_rows():
        problem = (
            "empty file" if not raw_text.strip() else "nothing left after removing page furniture"
        )
        warnings.append(InputWarning(path, f"skipped: {problem}"))
    table = table.filter(pl.col("words") > 0).with_columns(
        first_id=pl.col("id").first().over("duplicate_key"),
    )
    duplicates = _duplicates(table)
    for path, first in table.filter(pl.col("id") != pl.col("first_id")).select(
        "path", "first_id"
    ).iter_rows():
        warnings.append(InputWarning(path, f"duplicate of article {first}: counted once"))
    if not with_raw_text:  # dropped before the kept rows are copied
        table = table.drop("raw_text")
    kept = table.filter(pl.col("id") == pl.col("first_id"))
    del table
    articles = kept.with_columns(
        title=pl.coalesce("title", "page_title"),
        date=pl.coalesce("date", "page_date"),
    ).select(name for name in ARTICLES.names if name in kept.columns)
    removed = removed.filter(pl.col("id").is_in(articles["id"].implode()))
    return CleanedCorpus(articles, removed, duplicates, warnings, loaded.name)


def _duplicates(table: pl.DataFrame) -> pl.DataFrame:
    """The DUPLICATES rows of ``table`` (cleaned pages with ``raw_text``, ``duplicate_key``
    and ``first_id``, the first article with the same key): the raw text of a repeat and
    of its first article are compared without copying the raw text of every article."""
    repeats = table.filter(pl.col("id") != pl.col("first_id")).select(
        "id", "first_id", "outlet", "raw_text"
    )
    firsts = table.filter(pl.col("id").is_in(repeats["first_id"].implode())).select(
        first_id="id", first_raw="raw_text"
    )
    return repeats.join(firsts, on="first_id", how="left", maintain_order="left").select(
        "id",
        duplicate_of="first_id",
        outlet="outlet",
        kind=pl.when(pl.col("raw_text") == pl.col("first_raw"))
        .then(pl.lit("exact"))
        .otherwise(pl.lit("near-exact")),
    )
