"""Checking a user's regular expression before it runs on a corpus.

A lexicon entry may give a ``pattern`` instead of a word. Python's regular expressions backtrack,
so a pattern such as ``(a+)+`` or ``(a|ab)*`` can take time exponential in the length of the text
it fails on. Such patterns are refused before any text is read, together with back-references,
named groups (framelens names its own groups) and patterns that match empty text.
"""

from __future__ import annotations

import re
from re import _constants as sre  # the parsed-pattern opcodes (stable since Python 3.11)
from re import _parser as sre_parse

from analysis.lexicon.defaults import MAX_OPEN_ENDED_REPEATS, MAX_PATTERN_LENGTH

_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT}
_ANY_CHARACTER = None  # marker: a node whose first character cannot be bounded


def pattern_problems(pattern: str) -> list[str]:
    """Why ``pattern`` may not be used in a lexicon (an empty list when it is fine).

    Messages are plain sentences without file or line; the caller adds those.
    """
    if len(pattern) > MAX_PATTERN_LENGTH:
        return [f"pattern is longer than {MAX_PATTERN_LENGTH:,} characters"]
    try:
        parsed = sre_parse.parse(pattern)
    except re.error as error:
        return [f"pattern does not compile: {error.msg} (at character {error.pos})"]
    except RecursionError:
        return ["pattern is nested too deeply"]
    try:
        compiled = re.compile(f"(?i:{pattern})")
    except re.error:
        return ["flags for the whole pattern such as (?x) are not allowed; scope them: (?x:...)"]
    problems: list[str] = []
    if parsed.state.groupdict:
        problems.append("named groups are not allowed in a pattern; use (?:...) instead")
    problems += _structure_problems(parsed)
    if not problems and compiled.fullmatch(""):
        problems.append("pattern matches empty text, so it would match everywhere")
    return problems


def _structure_problems(parsed: sre_parse.SubPattern) -> list[str]:
    problems: set[str] = set()
    open_ended = 0

    def visit(items: list, inside_repeat: bool) -> None:
        nonlocal open_ended
        for op, argument in items:
            if op in (sre.GROUPREF, sre.GROUPREF_EXISTS, sre.GROUPREF_IGNORE):
                problems.add("back-references and conditional groups are not allowed in a pattern")
            elif op in _REPEATS:
                low, high, body = argument
                repeats = high > 1
                if high == sre.MAXREPEAT:
                    open_ended += 1
                if repeats and inside_repeat:
                    problems.add(
                        "nested quantifiers such as (a+)+ can take exponential time; "
                        "rewrite the pattern without a repeat inside a repeat"
                    )
                if repeats and _has_overlapping_alternatives(body):
                    problems.add(
                        "a repeated group whose alternatives can start alike, such as (a|ab)*, "
                        "can take exponential time; make the alternatives distinct"
                    )
                visit(list(body), inside_repeat or repeats)
            elif op is sre.SUBPATTERN:
                visit(list(argument[-1]), inside_repeat)
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                visit(list(argument[1]), inside_repeat)
            elif op is sre.ATOMIC_GROUP:
                visit(list(argument), inside_repeat)
            elif op is sre.BRANCH:
                for alternative in argument[1]:
                    visit(list(alternative), inside_repeat)

    visit(list(parsed), inside_repeat=False)
    if open_ended > MAX_OPEN_ENDED_REPEATS:
        problems.add(
            f"pattern has {open_ended} open-ended repeats (*, +, {{n,}}); "
            f"at most {MAX_OPEN_ENDED_REPEATS} are allowed"
        )
    return sorted(problems)


def _has_overlapping_alternatives(items) -> bool:
    """True when a branch directly inside ``items`` has two alternatives that may start alike."""
    for op, argument in items:
        if op is sre.BRANCH:
            seen: set[int] = set()
            for alternative in argument[1]:
                first = _first_characters(list(alternative))
                if first is _ANY_CHARACTER or first & seen:
                    return True
                seen |= first
        elif op is sre.SUBPATTERN and _has_overlapping_alternatives(list(argument[-1])):
            return True
    return False


def _first_characters(items: list) -> set[int] | None:
    """Lower-case code points a match of ``items`` can start with, or None when unbounded."""
    if not items:
        return _ANY_CHARACTER
    op, argument = items[0]
    if op is sre.LITERAL:
        return {ord(chr(argument).lower())}
    if op is sre.SUBPATTERN:
        return _first_characters(list(argument[-1]) + items[1:])
    if op in _REPEATS and argument[0] >= 1:
        return _first_characters(list(argument[2]))
    if op is sre.BRANCH:
        result: set[int] = set()
        for alternative in argument[1]:
            first = _first_characters(list(alternative))
            if first is _ANY_CHARACTER:
                return _ANY_CHARACTER
            result |= first
        return result
    if op is sre.IN:
        result = set()
        for member_op, member in argument:
            if member_op is sre.LITERAL:
                result.add(ord(chr(member).lower()))
            elif member_op is sre.RANGE and member[1] - member[0] < 256:
                result |= {ord(chr(code).lower()) for code in range(member[0], member[1] + 1)}
            else:
                return _ANY_CHARACTER
        return result
    return _ANY_CHARACTER


def pattern_matches(pattern: str, text: str) -> bool:
    """True when ``pattern`` matches somewhere in ``text`` as a whole word, ignoring case."""
    return re.search(rf"(?<!\w)(?i:{pattern})(?!\w)", text) is not None
