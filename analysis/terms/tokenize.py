"""Tokens and word offsets of many texts at once, found by polars exactly as Python's re finds them.

The project's tokenization is defined by Python's ``re`` (:mod:`analysis.tokens`). polars'
Rust regex reads ``WORD_PATTERN`` the same way except on a few thousand characters whose
Unicode classes the two engines see differently (``\\w``: combining marks, some numerals;
``\\s``: the information separators U+001C-U+001F). A text holding any such character is
tokenized with Python's ``re``; every other text in one polars call. Which characters the
engines disagree on is asked of both engines, one character at a time, the first time the
character is seen, so the split follows whatever Python and polars versions are installed.
"""

from __future__ import annotations

import re

import numpy as np
import polars as pl

from analysis.tokens import WORD, WORD_PATTERN

TOKEN_PATTERN = rf"{WORD_PATTERN}|[^\s\w]|\n"
"""A word, or a single punctuation character or line break (which ends a phrase)."""

TOKEN = re.compile(rf"({WORD_PATTERN})|[^\s\w]|\n")
"""TOKEN_PATTERN with the word as group 1, for Python's ``findall``."""

# A word with the characters before it that are not word characters: consecutive matches
# cover the text from its start, so their lengths give each word's end offset.
_GAP_AND_WORD_PATTERN = rf"[^\w]*{WORD_PATTERN}"
_GAP_AND_WORD = re.compile(_GAP_AND_WORD_PATTERN)
_CLASSES = (r"\w", r"\s")

# Characters already checked: True where polars and Python's re agree on every class.
_ENGINES_AGREE: dict[str, bool] = {}


def _check_characters(characters: list[str]) -> None:
    """Ask both engines whether each character is in each class; remember the answer."""
    unseen = [c for c in characters if c not in _ENGINES_AGREE]
    if not unseen:
        return
    series = pl.Series(unseen, dtype=pl.String)
    agree = np.ones(len(unseen), dtype=bool)
    for cls in _CLASSES:
        python = re.compile(cls)
        in_python = np.array([python.fullmatch(c) is not None for c in unseen], dtype=bool)
        in_polars = series.str.contains(rf"^{cls}$").to_numpy().astype(bool)
        agree &= in_python == in_polars
    _ENGINES_AGREE.update(zip(unseen, agree.tolist(), strict=True))


def read_alike(texts: pl.Series) -> np.ndarray:
    """True for each text that polars tokenizes exactly as Python's re (bool array)."""
    if not _ENGINES_AGREE:
        _check_characters([chr(code) for code in range(128)])
    unusual = texts.str.extract_all(r"[^\x20-\x7e\n]").explode().drop_nulls().unique().to_list()
    _check_characters(unusual)
    differing = [c for c in unusual if not _ENGINES_AGREE[c]]
    if not differing:
        return np.ones(texts.len(), dtype=bool)
    pattern = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in sorted(differing)) + "]"
    return ~texts.str.contains(pattern).to_numpy().astype(bool)


def tokens(texts: pl.Series) -> tuple[pl.Series, np.ndarray]:
    """Every token of every text, in order, and the number of tokens of each text.

    ``texts`` is a String series (null counts as empty). A token is a word of
    ``WORD_PATTERN`` or a phrase break: one punctuation character or line break, or ""
    (texts read by Python's re); no break has a letter or digit.
    """
    texts = texts.cast(pl.String).fill_null("")
    return _flatten(_extract_all(texts, TOKEN_PATTERN, TOKEN, read_alike(texts)))


def word_offsets(texts: pl.Series) -> tuple[np.ndarray, np.ndarray, pl.Series, np.ndarray]:
    """(starts, ends, words, words per text): every word of every text, in order.

    Offsets are character offsets into each text, end exclusive, exactly as
    :func:`analysis.tokens.word_spans` gives them; ``words`` holds the text of each word.
    """
    texts = texts.cast(pl.String).fill_null("")
    alike = read_alike(texts)
    words, counts = _flatten(_extract_all(texts, WORD_PATTERN, WORD, alike))
    with_gaps, _ = _flatten(_extract_all(texts, _GAP_AND_WORD_PATTERN, _GAP_AND_WORD, alike))
    lengths = words.str.len_chars().to_numpy().astype(np.int64)
    ends = np.cumsum(with_gaps.str.len_chars().to_numpy().astype(np.int64))
    # Running lengths restart at each text: subtract the total of the texts before it.
    first = np.cumsum(counts) - counts
    before = np.concatenate([[0], ends])[first]
    ends -= np.repeat(before, counts)
    return ends - lengths, ends, words, counts


def _extract_all(
    texts: pl.Series, pattern: str, python: re.Pattern[str], alike: np.ndarray
) -> pl.Series:
    """``texts.str.extract_all(pattern)``, with Python's re on the texts not read ``alike``."""
    found = texts.str.extract_all(pattern)
    if alike.all():
        return found
    others = np.flatnonzero(~alike)
    by_python = pl.Series(
        [python.findall(text) for text in texts.gather(others).to_list()],
        dtype=pl.List(pl.String),
    )
    order = np.concatenate([np.flatnonzero(alike), others])
    return pl.concat([found.filter(pl.Series(alike)), by_python]).gather(np.argsort(order))


def _flatten(lists: pl.Series) -> tuple[pl.Series, np.ndarray]:
    """The items of a list series in order, and the number of items of each list."""
    counts = lists.list.len().fill_null(0).to_numpy().astype(np.int64)
    items = lists.explode().drop_nulls()  # an empty list explodes to a null
    return items.cast(pl.String), counts
