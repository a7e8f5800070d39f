"""Short quotes that are not full quotations: a scare quote, a few words of someone's, or a name.

:mod:`analysis.quotes` calls a quote of a few words that no speech cue touches a short quote; this
module tells which of three things it is, by the words around it (the words the rules look for
are data, in ``analysis/data/short_quotes.toml``):

* ``'mention'``: a name or a word talked about, not used as the writer's own: a title or a name
  written with capitals (the film “Patriot Act”, the “Rooney Rule”, the “White Helmets”), or a
  quote right after a naming word (dubbed “the wall”, known as “catch and release”, the word
  “choice”, the slogan “build back better”, chanting “no justice”) or right before a noun that
  a name is given to, after it or as its last word (the “cash for clunkers” program, 50
  “yes” votes, the “origination clause”);
* ``'partial'``: a few words of a speaker's that the sentence reports: a reporting cue
  (``analysis/data/reporting_verbs.toml``: said, claimed, told, urged, called, ...) comes earlier
  in the same sentence (Trump claimed he “can't go to TurboTax”; she urged voters to end his
  “American carnage”), or the quote holds a first- or second-person word that a reporter would
  not write in their own voice (“in your own self-interest”);
* ``'scare'``: anything else, a phrase the writer sets off to keep a distance (the “reforms”,
  “diverse” society, trusted “experts”).

A scare quote joined to the quote before it by "and", "or" or a comma takes that quote's kind
when it is a partial quotation or a mention (the terms “dishonest” and “liar”; calling them
“neofascists” and “homophobes”).

A quote right after a distancing word (so-called, self-styled, self-proclaimed, supposed,
purported, alleged) is always a scare quote: the writer says outright that they keep a distance.
"""

from __future__ import annotations

import re
from functools import cache

from analysis.clean import abbreviations
from analysis.reporting_verbs import ReportingVerbs
from analysis.tomlfile import read_packaged

MENTION = "mention"
PARTIAL = "partial"
SCARE = "scare"

#: The packaged word lists (distancing, naming, named, speech) the rules read.
SHORT_QUOTES_DATA = "short_quotes.toml"
#: How far back (characters) to look for the start of the sentence a short quote stands in.
SENTENCE_LOOKBACK = 400
# how many characters before a mark can hold a distancing or naming word (the longest is short)
_TAIL = 60
_LOWER_WORDS = re.compile(r"[a-z]+")

_SMALL_WORDS = frozenset("a an and as at by for from in into of on or the to vs with".split())
_WORDS = re.compile(r"[^\W_][\w’'.-]*")
_FIRST_OR_SECOND_PERSON = re.compile(
    r"(?i)(?<![\w’'-])(?:I|I['’](?:m|ve|ll|d)|me|my|mine|myself|we|we['’](?:re|ve|ll|d)|us|our|"
    r"ours|ourselves|you|you['’](?:re|ve|ll|d)|your|yours|yourself|yourselves)(?![\w’'-])"
)
# what joins two quotes of one list: “neofascists” and “homophobes”, “abortion”, “taxes”
_COORDINATION = re.compile(r"\s*,?\s*(?:(?:and|or|and/or|nor)\s+)?")
_LAST_WORD = re.compile(r"[^\W\d_][\w.]*$")
# where a sentence ends before a quote: . ! ? (and closing marks), a space, and a capital, a
# digit or an opening mark ("the U.S. president" goes on)
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s+(?=[\"“‘'(\[\d]|[^\W\d_](?<=[^\W\d_a-z])|$)")


def _alternation(words: list[str]) -> str:
    """Whole-word alternation of ``words``, longest first; a space matches any spaces."""
    ordered = sorted({word.lower() for word in words}, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, word.split())) for word in ordered)


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    """(distancing, naming, named after the quote, named as its last word, speech) compiled
    from the packaged word lists."""
    data = read_packaged(SHORT_QUOTES_DATA)
    distancing = re.compile(rf"(?i)(?<![\w-])(?:{_alternation(data['distancing'])})\s*$")
    naming = re.compile(
        rf"(?i)(?<![\w-])(?:{_alternation(data['naming'])})"
        r"(?:\s+(?:as|such\s+as|like))?\s*[:,]?\s*$"
    )
    named = re.compile(rf"(?i)\s*(?:{_alternation(data['named'])})(?![\w-])")
    named_last = re.compile(rf"(?i)(?<![\w-])(?:{_alternation(data['named'])})\W*$")
    speech = re.compile(rf"(?i)(?<![\w-])(?:{_alternation(data['speech'])})(?![\w-])")
    return distancing, naming, named, named_last, speech


@cache
def _speech_first_words() -> frozenset[str]:
    """The first word of every speech entry, lower case: a sentence without one of them needs
    no search for the speech words (a fast path; the regex decides)."""
    entries = read_packaged(SHORT_QUOTES_DATA)["speech"]
    return frozenset(entry.split()[0].lower() for entry in entries)


class ShortQuoteKinds:
    """Decides the kind of a short quote; holds the cue regex, compiled once per vocabulary."""

    def __init__(self, verbs: ReportingVerbs) -> None:
        self._cue = verbs.pattern("verbs", "phrases")
        (self._distancing, self._naming, self._named, self._named_last,
         self._speech) = _patterns()
        self._not_before = {
            cue.form: cue.not_before
            for cue in verbs.cues.values()
            if cue.kind in ("verbs", "phrases") and cue.not_before
        }

    def kind(self, text: str, start: int, end: int, inner_start: int, inner_end: int) -> str:
        """'mention', 'partial' or 'scare' for the quote whose marks span ``text[start:end]``
        and whose words are ``text[inner_start:inner_end]``, by the rules in the module
        docstring."""
        before = text[max(0, start - SENTENCE_LOOKBACK) : start].rpartition("\n")[2]
        # the end-anchored patterns need only the last words before the mark
        if self._distancing.search(before, max(0, len(before) - _TAIL)):
            return SCARE
        inner = text[inner_start:inner_end].strip()
        sentence = _sentence_before(before)
        opens_sentence = not sentence.strip()
        named = self._named.match(text, end, min(len(text), end + 40)) is not None or (
            self._named_last.search(inner) is not None
        )
        naming = self._naming.search(sentence, max(0, len(sentence) - _TAIL)) is not None
        if naming or named or _capitalised(inner, opens_sentence):
            return MENTION
        if _FIRST_OR_SECOND_PERSON.search(inner) or self._has_cue(sentence):
            return PARTIAL
        return SCARE

    def _has_cue(self, sentence: str) -> bool:
        """Does a reporting cue or a speech word stand in ``sentence`` (a cue outside the
        contexts where it is none)?"""
        words = set(_LOWER_WORDS.findall(sentence.lower()))
        if not words.isdisjoint(_speech_first_words()) and self._speech.search(sentence):
            return True
        for found in self._cue.finditer(sentence):
            stops = self._not_before.get(" ".join(found.group().lower().split()), ())
            after = sentence[found.end() :].lstrip().lower()
            if not any(re.match(rf"{re.escape(stop)}\b", after) for stop in stops):
                return True
        return False


def coordinated_kind(text: str, previous: tuple[int, str] | None, start: int, kind: str) -> str:
    """``kind`` of the quote opening at ``start``, or the kind of the quote before it (``previous``
    = its end offset and kind) when this one is a scare quote joined to a partial quotation or a
    mention by "and", "or" or a comma."""
    if kind != SCARE or previous is None or previous[1] not in (PARTIAL, MENTION):
        return kind
    if previous[0] <= start and _COORDINATION.fullmatch(text, previous[0], start):
        return previous[1]
    return kind


def _sentence_before(before: str) -> str:
    """The part of the sentence that comes before a quote, from the text ``before`` its mark.
    A period after an initial or a listed abbreviation (Charles E. Schumer, Sen. Grassley) ends
    no sentence."""
    known = abbreviations()
    for found in reversed(list(_SENTENCE_END.finditer(before))):
        word = _LAST_WORD.search(before, max(0, found.start() - 30), found.start())
        if before[found.start()] == "." and word is not None and (
            len(word.group()) == 1 or word.group().lower() in known
        ):
            continue
        return before[found.end() :]
    return before


def _capitalised(inner: str, opens_sentence: bool) -> bool:
    """True when every word of a quote but the small ones (of, the, and, ...) starts with a
    capital letter or a digit, as names and titles are written: “Rooney Rule”, “Army of Conquest”.
    A quote that opens its sentence needs two such words (“Harry Potter” author ...): one may be
    capitalised only because it comes first.
    """
    words = [word for word in _WORDS.findall(inner) if word.lower() not in _SMALL_WORDS]
    if opens_sentence and len(words) < 2:
        return False
    return bool(words) and any(word[0].isalpha() for word in words) and all(
        word[0].isupper() or word[0].isdigit() for word in words
    )
