"""A subject of a verb of saying that carries a post-modifier, beyond the plain noun phrase of
:mod:`analysis.attribution.subjects`: "a source close to the senator said", "people familiar
with the plan say", "aides loyal to the governor said"."""

from __future__ import annotations

from collections.abc import Callable

from analysis.attribution.function_words import RELATIVES
from analysis.attribution.phrases import Token, phrase_before
from analysis.attribution.subjects import opens_clause

# words that end the clause a subject's complement may run over
_CLAUSE_BREAKS = RELATIVES | {"and", "but", "or"}
# adjectives that take a complement after a noun naming someone: "a source close to him",
# "officials familiar with the matter", "aides loyal to the governor"
POSTMODIFIER_ADJECTIVES = frozenset(
    "close closest familiar privy loyal allied sympathetic connected opposed".split()
)
# the prepositions those complements open
_POSTMODIFIER_LINKS = frozenset({"to", "with"})
# the longest complement ("the planning for Thursday's meeting"), in tokens
POSTMODIFIER_TOKENS = 8


def postmodified_subject(
    tokens: list[Token], last: int, known: Callable[[str], bool],
    accepts: Callable[[int, int], bool],
) -> tuple[int, int] | None:
    """The token span of a subject ending at tokens[last] whose head has an adjective
    complement ("A person familiar with the planning for Thursday's meeting | says"), when
    the head phrase opens its clause and ``accepts(first, head_last)`` takes it; else None."""
    for k in range(last, max(last - POSTMODIFIER_TOKENS, 1), -1):
        token = tokens[k]
        lower = token.lower
        if lower in _CLAUSE_BREAKS or not token.text[0].isalnum():  # not token.is_word
            return None
        if lower in _POSTMODIFIER_LINKS and tokens[k - 1].lower in POSTMODIFIER_ADJECTIVES:
            if k == last or k < 2:
                return None
            head = phrase_before(tokens, k - 2, known)
            if head is None or head[1] != k - 2 or not opens_clause(tokens, head[0]):
                return None  # "... at a checkpoint close to the border local sources said"
            if not accepts(head[0], head[1]):
                return None
            return head[0], last
    return None


# the longest aside between dashes or brackets before a verb, in tokens
ASIDE_TOKENS = 30
_DASHES = frozenset({"—", "–"})


def aside_opening(tokens: list[Token], closing: int) -> int | None:
    """The index of the mark opening an aside that closes at tokens[closing] (a dash, two
    hyphens or a closing bracket, perhaps followed by a comma), right before a verb: "Murphy
    — after a knock on wood — told", "Sen. Jack Reed (D-R.I.), said", "Democrats -- including
    Clinton -- accused"; None when there is none."""
    if closing > 0 and tokens[closing].text == ",":
        closing -= 1
    mark = tokens[closing].text
    first = max(closing - ASIDE_TOKENS, 0)
    if mark in _DASHES:
        for k in range(closing - 1, first - 1, -1):
            if tokens[k].text == mark:
                return k
        return None
    if mark == "-" and closing > 0 and tokens[closing - 1].text == "-":
        for k in range(closing - 2, first, -1):
            if tokens[k].text == "-" and tokens[k - 1].text == "-":
                return k - 1
        return None
    if mark == ")":
        depth = 0
        for k in range(closing, first - 1, -1):
            depth += {")": 1, "(": -1}.get(tokens[k].text, 0)
            if depth == 0:
                return k
    return None
