"""Which texts polars reads exactly as Python does, for the cleaner's purposes.

The cleaner's reference is Python: ``re`` for the furniture rules and for words
(:mod:`analysis.tokens`), ``str.lower`` for duplicate keys. polars' Rust regex and lower
casing agree with them except on a few thousand characters whose Unicode classes or case the
two see differently (``\\w``: combining marks, some numerals; ``\\s``: the information
separators U+001C-U+001F; case: dotless i, the dotted capital I, ...). A text holding any such
character is handled by Python; every other text by polars, in one call per batch.

Whether the engines agree on a character is asked of both, one character at a time, the
first time the character is seen, so the split follows whatever Python and polars versions
are installed. A character is read alike when both engines put it in the same classes
(``\\w``, ``\\s``, ``\\d``), match it case-insensitively against the same letters, digits and
rule characters, and lower-case it to the same text, itself read alike.
"""

from __future__ import annotations

import re
import string
from functools import cache

import polars as pl

from analysis.clean.rules import KINDS, furniture_rules

# Characters already checked: True where polars and Python read them alike.
_ALIKE: dict[str, bool] = {}


@cache
def _probes() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(Python pattern, polars pattern) pairs on which a character must agree."""
    classes = [(re.compile(cls), f"^{cls}$") for cls in (r"\w", r"\s", r"\d")]
    rules = furniture_rules()
    sources = "".join(p.pattern for kind in KINDS for p in rules.patterns(kind))
    literals = sorted(
        set(string.ascii_lowercase + string.digits)
        | {char for char in sources if not char.isascii()}
    )
    folded = [
        (re.compile(re.escape(char), re.IGNORECASE), f"(?i)^\\x{{{ord(char):x}}}$")
        for char in literals
    ]
    return tuple(classes + folded)


def _check(characters: set[str]) -> None:
    """Ask both engines about each character not seen yet; remember whether they agree."""
    unseen = sorted(character for character in characters if character not in _ALIKE)
    if not unseen:
        return
    series = pl.Series(unseen, dtype=pl.String)
    agree = [
        python == polars
        for python, polars in zip(
            [character.lower() for character in unseen],
            series.str.to_lowercase().to_list(),
            strict=True,
        )
    ]
    for python, polars in _probes():
        in_polars = series.str.contains(polars).to_list()
        for index, character in enumerate(unseen):
            agree[index] &= (python.fullmatch(character) is not None) == in_polars[index]
    _ALIKE.update(zip(unseen, agree, strict=True))
    # A lower-cased character must itself be read alike (duplicate keys are words of the
    # lower-cased text).
    _check({lower for character in unseen for lower in character.lower()})
    for character in unseen:
        _ALIKE[character] = _ALIKE[character] and all(_ALIKE[c] for c in character.lower())


def differing_characters(texts: pl.Series) -> list[str]:
    """The characters of ``texts`` (a String series) that polars and Python read differently."""
    if not _ALIKE:
        _check({chr(code) for code in range(128)})
    unusual = set(texts.str.extract_all(r"[^\x20-\x7e]").explode().drop_nulls().unique().to_list())
    _check(unusual)
    return sorted(character for character in unusual if not _ALIKE[character])


def read_alike(texts: pl.Expr, differing: list[str]) -> pl.Expr:
    """True for each text that holds none of the ``differing`` characters."""
    if not differing:
        return pl.lit(True)
    return ~texts.str.contains("[" + "".join(f"\\x{{{ord(c):x}}}" for c in differing) + "]")
