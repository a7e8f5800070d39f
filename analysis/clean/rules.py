"""The furniture rules of analysis/data/furniture.toml: compiled for Python's re, which decides,
and as polars patterns that find the few lines worth asking it about.

Python's ``re`` is the reference for what a rule matches. Asking it about every line is slow
(a search per rule per line), and most lines match no rule, so a batch first asks polars
which lines a rule of each kind matches: its Rust regex reads these patterns as Python does on
text made of characters the two engines read alike (:mod:`analysis.clean.alike`), and only the
lines it finds, plus the lines holding other characters, go to Python's ``re``. polars may
find a few lines more than Python's re (it ignores word boundaries ``\\b``), never fewer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

import polars as pl

from analysis.corpus import dateline_patterns
from analysis.tomlfile import read_packaged

KINDS = ("line", "tail", "caption", "credit", "dateline")
"""The kinds of rule that are tested on every line, as named in furniture.toml."""


@dataclass(frozen=True)
class FurnitureRules:
    """The compiled rules of analysis/data/furniture.toml.

    ``polars`` holds, per kind of :data:`KINDS`, the polars patterns that together match every
    line some rule of that kind matches (on text polars reads alike) and a few more, or None
    when a rule of that kind uses syntax polars may read otherwise: then every line is tested
    against that kind by Python's re.
    """

    lines: tuple[tuple[re.Pattern[str], str], ...]
    tails: tuple[tuple[re.Pattern[str], str], ...]
    captions: tuple[tuple[re.Pattern[str], str], ...]
    credits: tuple[tuple[re.Pattern[str], str], ...]
    datelines: tuple[re.Pattern[str], ...]
    leading_dates: tuple[re.Pattern[str], ...]
    endings: tuple[tuple[re.Pattern[str], str], ...] = ()
    polars: dict[str, tuple[str, ...] | None] = field(default_factory=dict)
    list_tails: tuple[bool, ...] = ()
    """Per rule of ``tails``: whether it introduces a list of links that may sit inside the
    article (``list = true`` in furniture.toml), after which the text may resume."""

    def patterns(self, kind: str) -> tuple[re.Pattern[str], ...]:
        """The compiled patterns of one kind of :data:`KINDS`, in file order."""
        if kind == "dateline":
            return self.datelines
        rules = {
            "line": self.lines,
            "tail": self.tails,
            "caption": self.captions,
            "credit": self.credits,
        }[kind]
        return tuple(pattern for pattern, _ in rules)


@cache
def furniture_rules() -> FurnitureRules:
    """Load and compile the packaged furniture rules once.

    Each rule stays a pattern of its own for Python's re: most are anchored at the start of
    the line and fail at once, which one combined alternation would not (it was measured
    slower).
    """
    data = read_packaged("furniture.toml")

    def combined(kind: str) -> tuple[tuple[re.Pattern[str], str], ...]:
        return tuple(
            (re.compile(entry["pattern"], re.IGNORECASE), entry.get("reason", kind))
            for entry in data.get(kind, [])
        )

    def separate(kind: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(entry["pattern"], re.IGNORECASE) for entry in data.get(kind, []))

    rules = FurnitureRules(
        lines=combined("line"),
        tails=combined("tail"),
        captions=combined("caption"),
        credits=combined("credit"),
        datelines=dateline_patterns(),
        leading_dates=separate("leading_date"),
        endings=combined("ending"),
        list_tails=tuple(bool(entry.get("list", False)) for entry in data.get("tail", [])),
    )
    return replace(rules, polars={kind: polars_patterns(rules.patterns(kind)) for kind in KINDS})


# Syntax that polars' Rust regex reads otherwise than Python's re, or may: class set operations
# and nested classes ("[a&&b]", "[[a]]"), verbose mode (whitespace inside classes), "{,n}".
# Syntax that Rust's regex refuses (lookaround, backreferences, \Z) needs no check: polars
# raises, and the kind goes without a polars pattern.
_OTHER_SYNTAX = re.compile(r"&&|--|~~|\[\[|\(\?[a-zA-Z]*x|\{,")
# Letter escapes that mean the same to both engines; to Rust \< and \> are word boundaries.
_SHARED_LETTER_ESCAPES = frozenset("AbBdDsSwWfnrtv")


def _read_alike(pattern: re.Pattern[str]) -> bool:
    """Whether polars' regex is known to read ``pattern`` exactly as Python's re does."""
    if pattern.flags & ~(re.IGNORECASE | re.UNICODE) or _OTHER_SYNTAX.search(pattern.pattern):
        return False
    return all(
        char not in "<>" and (not char.isalnum() or char in _SHARED_LETTER_ESCAPES)
        for char in re.findall(r"\\(.)", pattern.pattern, re.DOTALL)
    )


def _compiles_in_polars(pattern: str) -> bool:
    """Whether polars accepts ``pattern`` (Rust's regex refuses lookaround, for one)."""
    try:
        pl.Series([""], dtype=pl.String).str.contains(pattern)
    except pl.exceptions.PolarsError:
        return False
    return True


# A \b inside a class (a backspace to Python's re), allowing for "[]...]" and "[^]...]".
_BOUNDARY_IN_CLASS = re.compile(r"\[\^?\]?(?:\\.|[^\]\\])*\\b")


def _without_word_boundaries(pattern: str) -> str | None:
    """``pattern`` without its ``\\b`` assertions, or None when one stands inside a class.

    Dropping an assertion only lets a pattern match more lines, and Rust's fast regex
    engines give up on a word boundary next to a character that is not ASCII.
    """
    if _BOUNDARY_IN_CLASS.search(pattern):
        return None
    return re.sub(
        r"\\.",
        lambda escape: "" if escape.group() == "\\b" else escape.group(),
        pattern,
        flags=re.DOTALL,
    )


def polars_patterns(patterns: tuple[re.Pattern[str], ...]) -> tuple[str, ...] | None:
    """Polars patterns that together match every line one of ``patterns`` matches (and a few
    more) on text polars reads alike, or None when polars may read one of them otherwise.

    Patterns go into one alternation (one pass of Rust's regex over the text), except those
    with named groups, since a group name may repeat across patterns.
    """
    found: list[str] = []
    for pattern in patterns:
        loosened = _without_word_boundaries(pattern.pattern)
        if not _read_alike(pattern) or loosened is None:
            return None
        found.append(f"(?{'i' if pattern.flags & re.IGNORECASE else ''}:{loosened})")
    together = [p for p in found if "(?P<" not in p]
    apart = [p for p in found if p not in together]
    found = (["|".join(together)] if together else []) + apart
    return tuple(found) if all(_compiles_in_polars(p) for p in found) else None


@dataclass(frozen=True, slots=True)
class LineMatches:
    """What the rules of each kind say about one line (a reason, True, or a dateline match)."""

    line: str | None = None
    tail: str | None = None
    tail_list: bool = False
    """Whether the tail rule that matched introduces a list of links (``list = true``)."""
    caption: bool = False
    credit: bool = False
    dateline: re.Match[str] | None = None


NO_MATCHES = LineMatches()
"""The rules' answer for a line that no rule matches."""


def _first_reason(text: str, rules: tuple[tuple[re.Pattern[str], str], ...]) -> str | None:
    """The reason of the first rule that matches ``text``, or None."""
    for pattern, reason in rules:
        if pattern.search(text):
            return reason
    return None


def _first_tail(text: str, rules: FurnitureRules) -> tuple[str | None, bool]:
    """The reason of the first tail rule that matches ``text`` and whether it introduces a
    list, or (None, False)."""
    for index, (pattern, reason) in enumerate(rules.tails):
        if pattern.search(text):
            return reason, index < len(rules.list_tails) and rules.list_tails[index]
    return None, False


def _first_match(text: str, patterns: tuple[re.Pattern[str], ...]) -> re.Match[str] | None:
    """The match of the first pattern that matches ``text``, or None."""
    for pattern in patterns:
        if match := pattern.search(text):
            return match
    return None


def match_rules(text: str, rules: FurnitureRules, kinds: tuple[str, ...] = KINDS) -> LineMatches:
    """Test one stripped line against the rules of ``kinds`` with Python's re (the reference);
    the other kinds count as not matching."""
    tail, tail_list = _first_tail(text, rules) if "tail" in kinds else (None, False)
    return LineMatches(
        line=_first_reason(text, rules.lines) if "line" in kinds else None,
        tail=tail,
        tail_list=tail_list,
        caption="caption" in kinds and _first_reason(text, rules.captions) is not None,
        credit="credit" in kinds and _first_reason(text, rules.credits) is not None,
        dateline=_first_match(text, rules.datelines) if "dateline" in kinds else None,
    )
