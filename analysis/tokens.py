"""The one word tokenization used everywhere in framelens.

A word is a run of letters or digits, joined across inner hyphens and apostrophes
("militant-held", "Syria's"; "3,409" and "3.5" are one word each).
Every "per 1,000 words" rate in the project divides by counts made with this pattern, so
the lexicon, terms and attribution layers agree on what a word is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Letters/digits, optionally joined by inner hyphens or apostrophes (straight or curly),
# or followed by digit groups (8,500 / 3.5 are one word each). The pattern uses only
# features that Python's re and polars' Rust regex read the same way, so counts made in
# either engine are identical.
WORD_PATTERN = r"\w+(?:[-'’]\w+|[.,][0-9]+)*"
WORD = re.compile(WORD_PATTERN)
"""WORD_PATTERN compiled."""


def word_spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) character offsets of every word in ``text``, end exclusive."""
    for match in WORD.finditer(text):
        yield match.start(), match.end()


def words(text: str) -> list[str]:
    """The words of ``text`` in order, as written."""
    return WORD.findall(text)


def count_words(text: str) -> int:
    """Number of words in ``text`` (the denominator of every rate per 1,000 words)."""
    return sum(1 for _ in WORD.finditer(text))
