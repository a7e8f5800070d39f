"""Keyword-in-context lines: each hit with the words before and after it."""

from __future__ import annotations

import re
from functools import cache

import polars as pl

from analysis.errors import FramelensError
from analysis.lexicon.forms import (
    APOSTROPHES,
    QUOTES,
    generated_forms,
    has_word_character,
    tidy,
)
from analysis.lexicon.matching import match_terms
from analysis.lexicon.model import Category, Lexicon, Term
from analysis.schema import Column, Schema
from analysis.tokens import WORD, WORD_PATTERN

CONCORDANCE = Schema(
    "concordance",
    (
        Column("id", pl.String, "article id"),
        Column("outlet", pl.String, "outlet"),
        Column("category", pl.String, "lexicon category (the term itself for a literal kwic)"),
        Column("term", pl.String, "canonical term"),
        Column("voice", pl.String, "'narration' or 'quoted'; null when quotes were not given"),
        Column("left", pl.String, "up to `width` words before the hit, spaces collapsed"),
        Column("match", pl.String, "the matched text"),
        Column("right", pl.String, "up to `width` words after the hit, spaces collapsed"),
        Column("start", pl.Int64, "offset of the hit in clean_text"),
        Column("end", pl.Int64, "offset one past the hit (end exclusive)"),
    ),
)


def _is_punctuation(char: str) -> bool:
    return not (char.isspace() or char.isalnum() or char == "_")


def _left_start(text: str, start: int, width: int) -> int:
    """Offset where the ``width`` words before ``start`` begin, with touching punctuation."""
    left = start
    if width:
        size = 16 * width + 64  # characters: enough for ``width`` words almost always
        while True:
            window_start = max(0, start - size)
            starts = [match.start() for match in WORD.finditer(text, window_start, start)]
            if len(starts) > width or window_start == 0:
                break
            size *= 4
        if starts:
            left = starts[max(len(starts) - width, 0)]
    while left > 0 and _is_punctuation(text[left - 1]):
        left -= 1
    return left


@cache
def _words_after(width: int) -> re.Pattern[str]:
    """Up to ``width`` words, each after any non-word characters: where the last one ends is
    where ``width`` words of :data:`analysis.tokens.WORD` found one after another end."""
    return re.compile(rf"(?:\W*?{WORD_PATTERN}){{0,{width}}}")


def _right_end(text: str, end: int, width: int) -> int:
    """Offset where the ``width`` words after ``end`` stop, with touching punctuation."""
    right = end
    if width:
        words = _words_after(width).match(text, end)
        right = words.end() if words else end
    while right < len(text) and _is_punctuation(text[right]):
        right += 1
    return right


def context(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    """(left, right): up to ``width`` words (analysis.tokens) before ``start`` and after ``end``.

    Only the text near the hit is tokenized. Spaces and line breaks are collapsed to one space;
    punctuation touching the outermost words (a quotation mark, a full stop) is kept.
    """
    left, right = (
        text[_left_start(text, start, width) : start],
        text[end : _right_end(text, end, width)],
    )
    return " ".join(left.split()), " ".join(right.split())


def concordance(hits: pl.DataFrame, articles: pl.DataFrame, width: int = 8) -> pl.DataFrame:
    """Keyword-in-context lines for every hit, as a ``CONCORDANCE`` table.

    ``width`` is the number of words (analysis.tokens) shown on each side. Rows are sorted by
    outlet, id and start, so each outlet's lines come together.
    """
    if width < 0:
        raise FramelensError(f"kwic width must be 0 or more words; got {width}")
    texts = dict(articles.select("id", "clean_text").iter_rows())
    rows = []
    columns = ("id", "outlet", "category", "term", "voice", "matched_text", "start", "end")
    for article_id, outlet, category, term, voice, matched, start, end in hits.select(
        columns
    ).iter_rows():
        left, right = context(texts.get(article_id) or "", start, end, width)
        rows.append((article_id, outlet, category, term, voice, left, matched, right, start, end))
    table = pl.DataFrame(rows, schema=CONCORDANCE.polars_schema(), orient="row")
    return table.sort("outlet", "id", "start", "category", "term")


def kwic(
    term: str,
    articles: pl.DataFrame,
    lexicon: Lexicon | None = None,
    width: int = 8,
    quotes: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Keyword-in-context lines for one term, for a quick look (``framelens kwic TERM CORPUS``).

    When ``term`` is a term of ``lexicon`` (default: the packaged lexicon) or one of its forms,
    all its forms match ("liberated" finds liberate, liberation ...); otherwise ``term`` is
    matched as a literal word or phrase, ignoring case, with the lexicon's spacing, hyphen,
    quotation-mark and spelling variants. With ``quotes`` (QUOTES) each line gets its voice.
    Returns a ``CONCORDANCE`` table.
    """
    if lexicon is None:
        from analysis.lexicon.loading import load_lexicon

        lexicon = load_lexicon()
    entry = lexicon.find_term(term)
    if entry is None:
        marks = [char for char in term if char in QUOTES and char not in APOSTROPHES]
        if not has_word_character(term) or marks:
            raise FramelensError(
                f"kwic: {term!r} is not a word or phrase to look for (give letters or digits, "
                "without quotation marks)"
            )
        literal = tidy(term)
        entry = Term(literal, literal, tuple(generated_forms(literal, "none")))
    category = Category(entry.category, entry.category, "", (entry,))
    single = Lexicon("kwic", "", "", "", (), (category,))
    hits = match_terms(articles, None, quotes, single)
    if quotes is None:
        hits = hits.with_columns(voice=pl.lit(None, pl.String))
    return concordance(hits, articles, width)
