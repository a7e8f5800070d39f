"""Cleaning a whole corpus: batches of pages, lines repeated across an outlet (rule 6), empty
articles and duplicates.

A batch measures all its lines at once in polars (stripping, words, spacing, which furniture
rules may match, see :mod:`analysis.clean.rules`) and asks Python only about what polars
cannot answer the same way (:mod:`analysis.clean.alike`); the decisions are then made page by
page (:func:`analysis.clean.pages.decide_page`), exactly as :func:`clean_page` makes them.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass

import polars as pl

from analysis.clean.alike import differing_characters, read_alike
from analysis.clean.pages import (
    BODY_MIN_WORDS,
    ENDING_ROUNDS,
    ENDING_WINDOW,
    CleanPage,
    LineDecision,
    RepeatedEndings,
    RepeatedLines,
    decide_page,
    ending_cuts,
    is_sentence,
    normalise_line,
)
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

REPEATED_MIN_ARTICLES = 3


@dataclass
class CleanedCorpus:
    """The articles table and what cleaning set aside."""

    articles: pl.DataFrame
    removed: pl.DataFrame
    duplicates: pl.DataFrame
    warnings: list[InputWarning]
    name: str = "corpus"


def repeated_lines(raw: pl.DataFrame) -> dict[str, frozenset[str]]:
    """Per outlet, the normalised lines that count as furniture by rule 6 (see module doc).

    Lines are counted by a 64-bit hash of their stripped text, ``REPEATED_CHUNK`` articles at
    a time, so what is held at once is a number per distinct line rather than every line of
    the corpus; the text of the few lines that repeat is then read back. Should two lines
    ever share a hash, the lines are counted again by their text.
    """
    if raw.is_empty():
        return {}
    hashed = pl.concat(
        _stripped_lines(chunk, offset)
        .select("outlet", "article", key=_line_key())
        .unique()
        for offset, chunk in _chunks(raw)
    )
    repeated_keys = (
        hashed.group_by("outlet", "key")
        .agg(articles=pl.len())
        .filter(pl.col("articles") >= REPEATED_MIN_ARTICLES)
    )
    del hashed
    texts = pl.concat(
        _stripped_lines(chunk, offset)
        .with_columns(key=_line_key())
        .join(repeated_keys.select("outlet", "key"), on=["outlet", "key"], how="semi",
              nulls_equal=True)
        .select("outlet", "key", "line")
        .unique()
        for offset, chunk in _chunks(raw)
    ).unique()
    if texts.select(pl.struct("outlet", "key").is_duplicated().any()).item():
        counted = _count_repeated_by_text(raw)  # two lines share a hash: count by text
    else:
        counted = repeated_keys.join(texts, on=["outlet", "key"], nulls_equal=True).select(
            "outlet", "line", "articles"
        )
    articles_per_outlet = raw.group_by("outlet").agg(outlet_articles=pl.len())
    result: dict[str, set[str]] = {}
    for outlet, line, articles, total in counted.join(
        articles_per_outlet, on="outlet", nulls_equal=True
    ).iter_rows():
        if not is_sentence(line) or articles * 2 >= total:
            result.setdefault(outlet, set()).add(normalise_line(line))
    return {outlet: frozenset(lines) for outlet, lines in result.items()}


REPEATED_CHUNK = 20_000
"""Articles whose lines :func:`repeated_lines` splits at a time."""

ENDING_MAX_WORDS = 30
"""The longest repeated ending rule 7 looks for, in words."""
ENDING_SENTENCE_MIN_WORDS = 5
"""Fewest words of a repeated ending that ends like a sentence (rule 7)."""
_COUNTED_CHARS = 1_000
"""Characters at the end of each page in which :func:`repeated_endings` counts endings
(``REPEATED_CHUNK`` pages at a time)."""
_LAST_CHARS = ENDING_WINDOW + 1_000
"""Characters at the end of each page in which :func:`repeated_endings` applies rule 7: enough
for the ``[[ending]]`` patterns' window and an ending after it."""


def repeated_endings(raw: pl.DataFrame) -> dict[str, frozenset[str]]:
    """Per outlet, the endings that count as furniture by rule 7 (see the module doc of
    analysis.clean), each as its words one space apart.

    An ending is counted in a page's last non-blank line when that line has
    ``BODY_MIN_WORDS`` words or more (split at whitespace); it is one or more of the line's
    last words, at most ``ENDING_MAX_WORDS``, after its last word that ends a sentence and
    with words before it. Endings are found in rounds (``ENDING_ROUNDS`` at most, while
    new ones are found): the first counts them in every page. Each later round counts them
    only in the pages from which rule 7, with the endings found so far, cuts more than
    before (:func:`analysis.clean.pages.ending_cuts`), in what it leaves of them; "half the
    outlet's pages" then means half of those pages.
    """
    if raw.is_empty():
        return {}
    rules = furniture_rules()
    population = dict(raw.group_by("outlet").len().iter_rows())
    found: dict[str | None, set[str]] = {}
    rows: list[int] | None = None  # the pages of this round: every page in the first
    cuts: list[int] = []  # characters cut so far from the end of each page of ``rows``
    for _ in range(ENDING_ROUNDS):
        # Only the words an ending may hold are kept for the count; the pages' ends are read
        # again to cut them.
        ends = _page_ends(raw, rows, cuts, _COUNTED_CHARS)
        pages = [(outlet, words) for _, outlet, _, words, _ in ends]
        new = _count_endings(pages, population)
        del pages
        if all(new[outlet] <= found.get(outlet, set()) for outlet in new):
            break
        for outlet, endings in new.items():
            found.setdefault(outlet, set()).update(endings)
        peel = {outlet: RepeatedEndings(frozenset(endings)) for outlet, endings in found.items()}
        if rows is None:  # only the pages of outlets with endings can lose one
            kept = raw["outlet"].is_in(list(found)).arg_true().to_list()
            rows, cuts = kept, [0] * len(kept)
        cut_rows, cut_chars = [], []
        for row, outlet, end, words, cut in _page_ends(raw, rows, cuts, _LAST_CHARS):
            start = _ending_start(end, peel[outlet], rules) if outlet in peel and words else None
            if start is not None:
                cut_rows.append(row)
                cut_chars.append(cut + len(end) - start)
        if not cut_rows:
            break
        rows, cuts = cut_rows, cut_chars
        population = Counter(raw["outlet"].gather(rows).to_list())
    return {outlet: frozenset(endings) for outlet, endings in found.items()}


def _page_ends(raw: pl.DataFrame, rows: list[int] | None, cuts: list[int], chars: int):
    """(row, outlet, end, words, cut) for each page of ``rows`` (every page when None), with
    ``cut`` characters cut from its end: ``end`` is the last ``chars`` characters left
    and ``words`` the words of its last line that an ending may hold, one space apart
    (:func:`_ending_words`). ``REPEATED_CHUNK`` pages are read at a time."""
    total = raw.height if rows is None else len(rows)
    for offset in range(0, total, REPEATED_CHUNK):
        if rows is None:
            chunk_rows = range(offset, min(offset + REPEATED_CHUNK, total))
            chunk = raw.slice(offset, REPEATED_CHUNK).select("outlet", "raw_text")
            chunk_cuts: list[int] = [0] * len(chunk_rows)
        else:
            chunk_rows = rows[offset : offset + REPEATED_CHUNK]
            chunk = raw.select("outlet", "raw_text")[chunk_rows]
            chunk_cuts = cuts[offset : offset + REPEATED_CHUNK]
        left = pl.col("raw_text").str.len_chars() - pl.Series(chunk_cuts, dtype=pl.Int64)
        ends = chunk.select(
            "outlet",
            end=pl.col("raw_text").str.slice(
                pl.max_horizontal(left - chars, 0), pl.min_horizontal(left, chars)
            ),
            whole=left <= chars,
        )
        for row, cut, (outlet, end, whole) in zip(
            chunk_rows, chunk_cuts, ends.iter_rows(), strict=True
        ):
            yield row, outlet, end, " ".join(_ending_words(end, whole=whole)), cut


def _count_endings(
    pages: list[tuple[str | None, str]], population: dict[str | None, int]
) -> dict[str | None, set[str]]:
    """Per outlet, the endings of ``pages`` ((outlet, words that an ending may hold)) that are
    furniture, ``population`` being the number of pages of each outlet in the count.
    Endings are counted one word longer at a time, and only in the pages whose shorter
    ending repeats, since an ending can repeat only where its own ending does."""
    pages = [page for page in pages if page[1]]
    found: dict[str | None, set[str]] = {}
    count = 0
    while pages:
        count += 1
        endings = [(outlet, _last_words(words, count)) for outlet, words in pages]
        counted = Counter(endings)
        for (outlet, ending), articles in counted.items():
            if articles >= REPEATED_MIN_ARTICLES and (
                not is_sentence(ending)
                or (articles * 2 >= population[outlet] and count >= ENDING_SENTENCE_MIN_WORDS)
            ):
                found.setdefault(outlet, set()).add(ending)
        pages = [
            page
            for page, key in zip(pages, endings, strict=True)
            if len(key[1]) < len(page[1]) and counted[key] >= REPEATED_MIN_ARTICLES
        ]
    return found


def _ending_start(end: str, endings: RepeatedEndings, rules: FurnitureRules) -> int | None:
    """Where in ``end`` (the end of a page) rule 7 cuts its last line, with the outlet's
    repeated ``endings``; None when it cuts nothing."""
    end = end.rstrip()
    line_start = end.rfind("\n") + 1
    start = len(end) - len(end[line_start:].lstrip())
    cuts = ending_cuts(end, start, len(end), rules, endings)
    return cuts[-1][0] if cuts else None


def _last_words(words: str, count: int) -> str:
    """The last ``count`` words of ``words`` (words one space apart)."""
    parts = words.rsplit(" ", count)
    return words[len(parts[0]) + 1 :] if len(parts) > count else words


def _ending_words(end: str, *, whole: bool) -> list[str]:
    """The words of the last non-blank line of ``end`` (the end of a page, ``whole`` when it
    is the whole page) that an ending may hold: see :func:`repeated_endings`."""
    end = end.rstrip()
    line = end[end.rfind("\n") + 1 :]
    words = line.split()
    if not whole and len(line) == len(end):  # the line may start before the page's end
        words = words[1:]
    if len(words) < BODY_MIN_WORDS:
        return []
    first, lowest = len(words) - 1, max(len(words) - ENDING_MAX_WORDS, 1)
    while first > lowest and not is_sentence(words[first - 1]):
        first -= 1
    return words[first:]


def _line_key() -> pl.Expr:
    """A 64-bit hash of the ``line`` column (a fixed seed: the same in every chunk)."""
    return pl.col("line").hash(seed=3)


def _chunks(raw: pl.DataFrame):  # -> Iterator[tuple[int, pl.DataFrame]]
    for offset in range(0, raw.height, REPEATED_CHUNK):
        yield offset, raw.slice(offset, REPEATED_CHUNK)


def _stripped_lines(raw: pl.DataFrame, offset: int = 0) -> pl.DataFrame:
    """(outlet, article, line): every non-empty stripped line, ``article`` the row number."""
    return (
        raw.select(
            "outlet",
            article=pl.int_range(pl.len(), dtype=pl.Int64) + offset,
            line=pl.col("raw_text").str.split("\n"),
        )
        .explode("line")
        .with_columns(pl.col("line").str.strip_chars())
        .filter(pl.col("line") != "")
    )


def _count_repeated_by_text(raw: pl.DataFrame) -> pl.DataFrame:
    """(outlet, line, articles) of the lines in ``REPEATED_MIN_ARTICLES`` or more articles."""
    return (
        _stripped_lines(raw)
        .unique(["outlet", "article", "line"])
        .group_by("outlet", "line")
        .agg(articles=pl.len())
        .filter(pl.col("articles") >= REPEATED_MIN_ARTICLES)
    )


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


def clean_articles(loaded: LoadedCorpus, runner: BatchRunner | None = None) -> CleanedCorpus:
    """Clean every article of a loaded corpus into the ARTICLES table.

    Empty articles (nothing left after cleaning) and duplicates (the same words as an
    earlier article, ignoring punctuation, case and spacing) are left out, each with a
    warning; the duplicates table says which article each one repeats. With a ``runner``
    the pages are cleaned in batches on several cores; the result is the same.
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
    pages = pl.concat([pages for pages, _ in parts]) if parts else PAGES.empty()
    removed = pl.concat([lines for _, lines in parts]) if parts else REMOVED_LINES.empty()
    table = pl.concat([raw, pages], how="horizontal")
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
        first_raw=pl.col("raw_text").first().over("duplicate_key"),
    )
    repeats = table.filter(pl.col("id") != pl.col("first_id"))
    duplicates = repeats.select(
        "id",
        duplicate_of="first_id",
        outlet="outlet",
        kind=pl.when(pl.col("raw_text") == pl.col("first_raw"))
        .then(pl.lit("exact"))
        .otherwise(pl.lit("near-exact")),
    )
    for path, first in repeats.select("path", "first_id").iter_rows():
        warnings.append(InputWarning(path, f"duplicate of article {first}: counted once"))
    kept = table.filter(pl.col("id") == pl.col("first_id"))
    articles = kept.with_columns(
        title=pl.coalesce("title", "page_title"),
        date=pl.coalesce("date", "page_date"),
        raw_chars=pl.col("raw_text").str.len_chars().cast(pl.Int64),
    ).select(ARTICLES.names)
    removed = removed.filter(pl.col("id").is_in(articles["id"].implode()))
    return CleanedCorpus(articles, removed, duplicates, warnings, loaded.name)
