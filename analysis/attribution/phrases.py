"""Finding the noun phrase that names a speaker, next to a reporting cue.

A sentence is cut into tokens (the project's words, and single punctuation marks). From a cue,
the speaker is read backwards ("the Russian Defense Ministry said") or forwards ("said Ryabkov",
"according to the general") as a run of words that can make up an English noun phrase:
determiners, names, nouns and adjectives, joined by "of"/"for"/"at"/"in" before a name, by
"and" or commas inside a list of names, and by name particles ("Staffan de Mistura").

The word lists it reads are English grammar (:mod:`analysis.attribution.function_words`), not
domain vocabulary: which nouns name a speaker comes from the gazetteer
(``analysis/data/sources.toml``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import NamedTuple

from analysis.attribution.function_words import (
    ABBREVIATIONS,
    BETWEEN,
    CALENDAR,
    DAY_WORDS,
    DETERMINERS,
    JOINING,
    NAME_PREPOSITIONS,
    NOT_ASIDE,
    PARTICLES,
    PARTS_OF_DAY,
    PERIODS,
    PRONOUNS,
    RELATIVES,
    SKIPPED_ADVERBS,
    STOPS,
)
from analysis.tokens import WORD_PATTERN

_TOKEN = rf"{WORD_PATTERN}|[^\w\s]"  # a word, or a single mark
# A token and the whitespace before it. (Possessive quantifiers read it a fifth faster, but
# some Python 3.11 releases (3.11.2 among them) match them wrongly: "9.:" gave "9.".)
_GAP_AND_TOKEN = re.compile(rf"(\s*)({_TOKEN})")

# unions the loops below test against, built once
# a party letter and a state abbreviation before its dot: "R-Ky", "D-Ill", "R-N" (of R-N.Y.)
_PARTY_STATE = re.compile(r"[DRI]-[A-Z][a-z]{0,4}")
_PARTICLE_OR_JOINING = PARTICLES | JOINING
_STOP_OR_DETERMINER = STOPS | DETERMINERS
_STOP_DETERMINER_OR_JOINING = STOPS | DETERMINERS | JOINING
_JOINING_OR_AND = JOINING | {"and"}
_JOINING_AND_OR_COMMA = JOINING | {"and", ","}
_CANNOT_END_PHRASE = JOINING | {"and"} | DETERMINERS | PARTICLES


class Token(NamedTuple):
    """A word or a punctuation mark, with its character span in the article's clean_text.

    A named tuple rather than a dataclass: sentences with a cue are cut into tokens by the
    hundred thousand, and a tuple is the cheapest object Python builds. The lower-case form is
    a field, made once by :func:`tokenize`, because the rules read it several times per token
    (a field is read at C speed, a property runs Python code each time); the other tests are
    properties, as they are read less often than tokens are made.
    """

    text: str
    start: int
    end: int
    lower: str  # text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def is_capitalized(self) -> bool:
        """Capitalized, or a name whose lower-case particle is joined to it by a hyphen
        ("al-Hamid", "el-Sisi"): such a word is part of a name as "Hamid" is."""
        text = self.text
        if text[0].isupper():
            return True
        dash = text.find("-")
        return dash > 0 and text[dash + 1 : dash + 2].isupper() and text[:dash] in PARTICLES

    @property
    def is_number(self) -> bool:
        return self.text[0].isdigit()


def tokenize(text: str, start: int, end: int) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``."""
    # Every character is whitespace or starts a token, so the tokens follow one another with
    # only whitespace between them: reading (whitespace, token) pairs gives each offset without
    # a match object per token, and tuple.__new__ skips Token's Python-level constructor.
    new = tuple.__new__
    tokens: list[Token] = []
    append = tokens.append
    offset = start
    for gap, word in _GAP_AND_TOKEN.findall(text, start, end):
        offset += len(gap)
        stop = offset + len(word)
        append(new(Token, (word, offset, stop, word.lower())))
        offset = stop
    return tokens


def _abbreviation_dot(tokens: list[Token], k: int) -> bool:
    """True when tokens[k] is the dot of an abbreviation inside a name ("Dr.", "U.S.", a
    party and state "R-Ky.", "D-N.Y.")."""
    if tokens[k].text != "." or k == 0:
        return False
    before = tokens[k - 1]
    if before.end != tokens[k].start or not before.is_capitalized:
        return False
    if before.lower in ABBREVIATIONS or _PARTY_STATE.fullmatch(before.text):
        return True
    # the second letter of a state's initials after a party: "R-N.Y."
    return (
        len(before.text) == 1
        and k > 2
        and tokens[k - 2].text == "."
        and _PARTY_STATE.fullmatch(tokens[k - 3].text) is not None
    )


def _name_list_ahead(tokens: list[Token], k: int) -> bool:
    """At a comma (tokens[k]), does a list of names follow that ends in "and <Name>"?"""
    for t in tokens[k + 1 : k + 40]:
        if t.lower == "and":
            return True
        if t.text == "," or (t.is_word and (t.is_capitalized or t.lower in DETERMINERS)):
            continue
        if t.is_word and t.lower in _PARTICLE_OR_JOINING:
            continue
        return False
    return False


def phrase_before(
    tokens: list[Token], last: int, known: Callable[[str], bool] | None = None
) -> tuple[int, int] | None:
    """The noun phrase ending at tokens[last] (inclusive), read backwards, as (first, last).

    Handles an apposition closed by a comma ("Fares Shehabi, an MP for Aleppo, told") and a
    relative clause ("militants, who said"). None when tokens[last] cannot end a noun phrase.
    With ``known`` (is this word a title or agent noun?), a lower-case word before a bare name
    joins it only when known: "spokesman Dmitry Peskov", not "a war crime Rycroft".
    """
    closing_comma = last >= 0 and tokens[last].text == ","
    end = last - 1 if closing_comma else last
    chunk = _chunk_before(known, tokens, end)
    if chunk is None:
        return None
    first = chunk[0]
    if first > 1 and tokens[first - 1].lower in ("who", "which") and tokens[first - 2].text == ",":
        return _chunk_before(known, tokens, first - 3)  # "X, who spoke to reporters, said": X
    if closing_comma:
        # the apposition opens at the comma before it: "X, a group operating in Y, said"
        opening = _opening_comma(tokens, first)
        if opening is None:
            return None
        outer = _chunk_before(known, tokens, opening - 1)
        if outer is None:
            return None
        if tokens[opening + 1].lower in ("who", "which"):
            return outer  # the relative clause is no part of the name
        return outer[0], end
    return first, end


def _opening_comma(tokens: list[Token], first: int) -> int | None:
    """The comma that opens an apposition ending before tokens[first], if the words between
    can be one: a relative clause ("who ..."), or a noun phrase, possibly with a participle
    (no auxiliary verb, 12 words at most).
    """
    has_verb = False
    for k in range(first - 1, max(first - 16, -1), -1):
        token = tokens[k]
        if token.text == ",":
            opener = tokens[k + 1]
            if opener.lower in ("who", "which"):
                return k  # a relative clause: "Rebels, who have held the east, denied"
            if has_verb or k < first - 13:
                return None
            if opener.lower in DETERMINERS or opener.is_capitalized or k + 1 == first:
                return k
            return None
        if not token.is_word and not _abbreviation_dot(tokens, k) and token.text not in "’'":
            return None
        has_verb |= token.lower in BETWEEN
    return None


def _bracket_before(tokens: list[Token], k: int) -> int | None:
    """When tokens[k] closes a bracket holding one word, with no space inside, that follows a
    word, as an abbreviation, an aside or a party and state follow a name ("the Syrian
    Observatory for Human Rights (SOHR)", "Lavrov (pictured)", "Sen. Marco Rubio (R-Fla.)"):
    how many tokens back the word before the bracket is (3 for "(SOHR)"); else None."""
    if k < 3 or tokens[k].text not in ")]":
        return None
    opening = "(["[")]".index(tokens[k].text)]
    for back in range(2, 6):
        at = k - back
        if at < 1:
            return None
        if tokens[at].text == opening:
            inside = tokens[at + 1 : k]
            if not inside[0].text[0].isalpha() or not tokens[at - 1].is_word:
                return None
            if any(a.end != b.start for a, b in itertools.pairwise(inside)):
                return None  # words with spaces between: no single word
            return back + 1
    return None


def _inside_name(tokens: list[Token], k: int) -> bool:
    """Is tokens[k] a capitalized preposition between two capitalized words, as in "Doctors
    Without Borders" or "Reporters Without Borders"?"""
    token = tokens[k]
    return (
        token.lower in NAME_PREPOSITIONS
        and token.text[0].isupper()
        and 0 < k < len(tokens) - 1
        and tokens[k - 1].is_word
        and tokens[k - 1].is_capitalized
        and tokens[k + 1].is_word
        and tokens[k + 1].is_capitalized
    )


def _chunk_before(
    known: Callable[[str], bool] | None, tokens: list[Token], j: int
) -> tuple[int, int] | None:
    """The longest noun-phrase run ending at tokens[j], read backwards (no apposition)."""
    if j < 0:
        return None
    k = j - (_bracket_before(tokens, j) or 0)
    if not (tokens[k].is_word or _abbreviation_dot(tokens, k) or tokens[k].text in "’'"):
        return None
    first: int | None = None
    lowercase_words = 0
    seen_and = False
    while k >= 0:
        token = tokens[k]
        low = token.lower
        if token.is_word:
            if low in PRONOUNS:
                return (k, k) if first is None else (first, j)
            if low in DETERMINERS or token.is_number:
                first = k
                if k >= 2 and tokens[k - 1].lower in JOINING and tokens[k - 2].is_word:
                    if tokens[k - 2].lower not in _STOP_OR_DETERMINER:
                        first = k - 1
                        k -= 2
                        continue
                break
            if low in PARTICLES and first is not None and k > 0 and tokens[k - 1].is_capitalized:
                first = k
            elif low in JOINING:
                if first is None or k == 0 or not tokens[k - 1].is_word:
                    break
                after = tokens[first]
                named = any(t.is_capitalized for t in tokens[first : j + 1] if t.is_word)
                if not (named or after.lower in DETERMINERS):
                    break
                if after.lower in CALENDAR or tokens[k - 1].lower in _STOP_OR_DETERMINER:
                    break
                first = k
            elif low == "and":
                if first is None or not tokens[first].is_capitalized:
                    break
                if k == 0 or not tokens[k - 1].is_capitalized:
                    break
                seen_and = True
                first = k
            elif first == k + 1 and _inside_name(tokens, k):
                first = k
            elif low in STOPS or low in RELATIVES:
                break
            elif token.is_capitalized:
                if low in CALENDAR:
                    break
                first = k
            else:
                name_only = first is not None and all(
                    t.is_capitalized or not t.is_word or t.lower in PARTICLES
                    for t in tokens[first : j + 1]
                )
                if name_only and known is not None and not known(token.text):
                    run = k
                    while (
                        run > 0 and tokens[run - 1].is_word and not tokens[run - 1].is_capitalized
                    ):
                        if tokens[run - 1].lower in _STOP_DETERMINER_OR_JOINING:
                            break
                        run -= 1
                    if run == 0 or tokens[run - 1].lower not in JOINING:
                        break  # "killed SANA", "a war crime Rycroft" (but "in eastern Aleppo")
                lowercase_words += 1
                if lowercase_words > 4:
                    break
                first = k
        elif _abbreviation_dot(tokens, k):
            first = k
        elif token.text in "’'" and k > 0 and tokens[k - 1].lower.endswith("s") and first:
            first = k  # plural possessive: "the militants’ spokesman"
        elif token.text == "," and seen_and and first is not None and k > 0:
            if not tokens[k - 1].is_capitalized:
                break
            first = k
        elif first is not None and _bracket_before(tokens, k):
            k -= _bracket_before(tokens, k)  # "(IS)" in "the Islamic State (IS) group"
            continue
        else:
            break
        k -= 1
    if first is None:
        return None
    while first <= j and not tokens[first].is_word:
        first += 1
    return (first, j) if first <= j else None


def phrase_after(tokens: list[Token], start: int) -> tuple[int, int] | None:
    """The noun phrase starting at tokens[start], read forwards, as (first, last) inclusive."""
    n = len(tokens)
    if start >= n or not tokens[start].is_word:
        return None
    if tokens[start].lower in PRONOUNS:
        return start, start
    last: int | None = None
    lowercase_words = 0
    k = start
    while k < n:
        token = tokens[k]
        low = token.lower
        nxt = tokens[k + 1] if k + 1 < n else None
        if token.is_word:
            if low in DETERMINERS or token.is_number:
                if last is not None and tokens[last].lower not in _JOINING_AND_OR_COMMA:
                    if tokens[last].lower not in PARTICLES:
                        break
                last = k
            elif low in _JOINING_OR_AND or (low in PARTICLES and last is not None):
                if last is None or nxt is None or not _opens_name(tokens, k + 1):
                    break
                last = k
            elif last == k - 1 and _inside_name(tokens, k):
                last = k
            elif low in STOPS or low in RELATIVES or low in CALENDAR:
                break
            elif token.is_capitalized:
                last = k
            else:
                if (
                    last is not None
                    and tokens[last].lower not in DETERMINERS
                    and low.endswith("ed")
                ):
                    break  # a verb: "the Syrian government rejected ..."
                if low.endswith("ing") and nxt is not None and nxt.lower == "that":
                    break  # a participle: "a resident adding that ..."
                lowercase_words += 1
                if lowercase_words > 4:
                    break
                last = k
        elif _abbreviation_dot(tokens, k) and last is not None:
            last = k
        elif token.text == "," and last is not None and _name_list_ahead(tokens, k):
            if nxt is None or not _opens_name(tokens, k + 1):
                break
            last = k
        else:
            break
        k += 1
    if last is None:
        return None
    while last >= start and (tokens[last].lower in _CANNOT_END_PHRASE or tokens[last].text == ","):
        last -= 1
    if last < start:
        return None
    return start, _apposition_after(tokens, last)


def _apposition_after(tokens: list[Token], last: int) -> int:
    """Extend a name with an apposition that follows it: "Umm Ahmad, a mother of four"."""
    n = len(tokens)
    if not (tokens[last].is_capitalized and last + 2 < n and tokens[last + 1].text == ","):
        return last
    if tokens[last + 2].lower not in ("a", "an", "the"):
        return last
    for k in range(last + 3, min(last + 14, n)):
        token = tokens[k]
        if token.text in (",", ".", ";") or token.lower in ("who", "which", "that"):
            return k - 1 if k - 1 > last + 2 else last
        if token.lower in BETWEEN or not (token.is_word or _abbreviation_dot(tokens, k)):
            return last
    return last


def _opens_name(tokens: list[Token], k: int) -> bool:
    """Does a name start at tokens[k] ("Syria", "the United States")?"""
    if k >= len(tokens):
        return False
    token = tokens[k]
    if token.lower in DETERMINERS and k + 1 < len(tokens):
        token = tokens[k + 1]
    return token.is_word and token.is_capitalized and token.lower not in CALENDAR


def is_speaker_like(
    tokens: list[Token], first: int, last: int, known: Callable[[str], bool]
) -> bool:
    """Can tokens[first..last] name a speaker? A pronoun, or a first chunk (before "of", "in",
    a comma) holding a noun the gazetteer knows ("ministry", "militants", "statement") or ending
    in a name ("Rudskoy", "Syrian Reconciliation Minister Dr. Ali Haidar"; not "the Syrian city").
    """
    if first == last and tokens[first].lower in PRONOUNS:
        return True
    head = None
    for k in range(first, last + 1):
        token = tokens[k]
        if k > first and (token.lower in JOINING or token.text == ","):
            break
        if not token.is_word or token.lower in DETERMINERS:
            continue
        if known(token.text):
            return True
        head = token
    return head is not None and head.is_capitalized and head.lower not in STOPS


def skip_back(tokens: list[Token], k: int) -> tuple[int, set[str]]:
    """Step back over auxiliaries, adverbs, "on Sunday" and ", however," between a subject and
    its verb."""
    skipped: set[str] = set()
    while k >= 0:
        token = tokens[k]
        low = token.lower
        if token.text == "," and k >= 2 and tokens[k - 2].text == ",":
            if tokens[k - 1].lower in STOPS and tokens[k - 1].lower not in NOT_ASIDE:
                k -= 3  # ", however,"
                continue
            break
        if token.is_word and (low in BETWEEN or low in SKIPPED_ADVERBS):
            skipped.add(low)
            k -= 1
        elif (
            token.is_word
            and low in CALENDAR
            and k >= 1
            and tokens[k - 1].lower in DAY_WORDS
        ):
            k -= 2
        elif token.is_word and low in PARTS_OF_DAY and k >= 1 and tokens[k - 1].lower in CALENDAR:
            k -= 1  # "on Thursday evening", "Saturday night": the day is stepped over next
            if k >= 1 and tokens[k - 1].lower in DAY_WORDS:
                k -= 1
            k -= 1
        elif token.is_word and low in PERIODS and k >= 1 and tokens[k - 1].lower in DAY_WORDS:
            k -= 2  # "this week", "last month"
        elif low.endswith("ly") and _adverb_after_subject(tokens, k):
            skipped.add(low)
            k -= 1  # "He memorably promised" (not "the family said")
        else:
            break
    return k, skipped


def _adverb_after_subject(tokens: list[Token], k: int) -> bool:
    """Is tokens[k] a lower-case word in -ly between a name, a pronoun or an auxiliary and a
    verb ("He memorably promised", "Sanders has openly acknowledged")? After a determiner or
    an adjective it is a noun ("the family said", "a close ally said")."""
    token = tokens[k]
    if not (token.is_word and token.lower.endswith("ly") and len(token.text) > 4):
        return False
    if token.is_capitalized or k == 0:
        return False
    previous = tokens[k - 1]
    return previous.is_word and (
        previous.is_capitalized or previous.lower in PRONOUNS or previous.lower in BETWEEN
    )


def is_title_case(tokens: list[Token]) -> bool:
    """True for a headline in title case ("Russia Says Talks Failed")."""
    words = [t for t in tokens if t.is_word and t.text[0].isalpha() and len(t.text) > 3]
    return len(words) >= 3 and sum(t.is_capitalized for t in words) >= 0.8 * len(words)
