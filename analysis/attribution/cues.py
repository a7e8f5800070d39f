"""Where the reporting cues of an article stand, found without reading every sentence.

One case-insensitive pattern holds every cue form (``analysis/data/reporting_verbs.toml``), with a
named group per kind. Running it over each sentence is slow (it is tried at every character), so
a prefilter first lists the offsets where a cue can start; the cue pattern is then tried only
there, and only the sentences that hold a cue (or a colon that may close a headline speaker,
"Lavrov: ...") are read further. The prefilter is a literal search for the first words of the
forms, in any ASCII case, over a whole column of articles at once (polars' Aho-Corasick); for an
article it cannot serve (a character such as the Kelvin sign matches a letter case-insensitively,
or a first word is not ASCII), a regex search of the lower-cased article; and where lower-casing
is unsafe too, the cue pattern itself. Each finds every cue the cue pattern finds.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

import polars as pl

from analysis.attribution.defaults import HEADLINE_COLON_WITHIN, SHORT_WORD
from analysis.reporting_verbs import Cue, ReportingVerbs, trie_pattern

# The only characters whose lower case breaks the prefilter (see CueSearch.candidates): a
# case-insensitive pattern matches them to an ASCII letter that str.lower() does not give.
# tests/attribution/test_batching.py checks this against every Unicode character.
LOWERING_UNSAFE = "İıſ"
# ...and the letters the cue pattern reads them as, to name the cue a match stands for
_AS_MATCHED = str.maketrans(dict(zip(LOWERING_UNSAFE, "iis", strict=True)))
# Every character a case-insensitive pattern matches to an ASCII letter, besides the ASCII
# letters: the literal prefilter (ASCII case only) does not serve an article holding one.
NOT_ASCII_CASE = "İıſ\u212a"


class CueSearch:
    """The compiled cue pattern of a vocabulary and its prefilter."""

    def __init__(self, verbs: ReportingVerbs) -> None:
        self.verbs = verbs

        def alternation(kind: str) -> str:
            return trie_pattern(cue.form for cue in verbs.cues.values() if cue.kind == kind)

        link = trie_pattern(verbs.noun_links)
        self.pattern = re.compile(
            rf"(?P<nouns>\b(?:{alternation('nouns')})\s+(?:{link})\b)"
            rf"|(?P<phrases>\b(?:{alternation('phrases')})\b)"
            rf"|(?P<verbs>\b(?:{alternation('verbs')})\b)"
            rf"|(?P<document_verbs>\b(?:{alternation('document_verbs')})\b)",
            re.IGNORECASE,
        )
        self.noun_head = re.compile(rf"^(?:{alternation('nouns')})\b", re.IGNORECASE)
        self.starts = _cue_start_pattern(verbs)
        self.words, self.short_words = _literal_prefilter(verbs)
        self._cues: dict[tuple[str | None, str], tuple[Cue, str]] = {}

    def literal_hits(self, texts: pl.Series) -> list[list[int] | None]:
        """For each text of a column, the UTF-8 byte offsets where the first word of a cue
        form starts, in any ASCII case, inside other words too (an Aho-Corasick search over the
        whole column at once); None for every text when the vocabulary has no literal
        prefilter (a first word that is not ASCII)."""
        if self.words is None:
            return [None] * len(texts)
        found = texts.str.find_many(self.words, ascii_case_insensitive=True, overlapping=True)
        return found.to_list()

    def candidates(self, text: str, hits: list[int] | None = None) -> list[int] | None:
        """Sorted offsets in ``text`` where a cue may start (a superset of the cue pattern's
        matches), from its :meth:`literal_hits` when given, else from a search of the
        lower-cased text; None when neither can serve the text."""
        if hits is not None and not any(char in text for char in NOT_ASCII_CASE):
            starts = sorted(set(hits))  # a start found by several words is listed once
            if not text.isascii():
                starts = _char_offsets(text, starts)
            short = [
                match.start() for pattern in self.short_words for match in pattern.finditer(text)
            ]
            return sorted(set(starts).union(short)) if short else starts
        if self.starts is None or any(char in text for char in LOWERING_UNSAFE):
            return None
        lowered = text.lower()
        if len(lowered) != len(text):
            return None  # a character lower-cases to several: offsets would shift
        return [match.start() for match in self.starts.finditer(lowered)]

    def cues(self, text: str, start: int, end: int, candidates: list[int] | None) -> list:
        """The cue pattern's matches in text[start:end], as ``finditer`` would find them, but
        only tried at the candidate offsets."""
        if candidates is None:
            return list(self.pattern.finditer(text, start, end))
        return self._cues_from(text, end, candidates, bisect.bisect_left(candidates, start))

    def _cues_from(self, text: str, end: int, candidates: list[int], first: int) -> list:
        """The cue matches at candidates[first:] before ``end`` (candidates[first] is at or
        after the start of the span searched)."""
        matches = []
        reached = 0
        match_at = self.pattern.match
        for at in range(first, len(candidates)):
            position = candidates[at]
            if position >= end:
                break
            if position < reached:
                continue  # inside the previous match
            match = match_at(text, position, end)
            if match is not None:
                matches.append(match)
                reached = match.end()
        return matches

    def sentences(
        self, text: str, sentences: list[tuple[int, int, int]], hits: list[int] | None = None
    ) -> Iterator[tuple[int, int, int, list[re.Match[str]]]]:
        """The (index, start, end) sentences of ``text`` that hold a cue or a colon within
        HEADLINE_COLON_WITHIN characters of their start, each with its cue matches. ``hits``
        are the text's :meth:`literal_hits`, if known."""
        candidates = self.candidates(text, hits)
        has_colon = ":" in text
        for index, start, end in sentences:
            if candidates is None:
                matches = list(self.pattern.finditer(text, start, end))
            else:
                first = bisect.bisect_left(candidates, start)
                if first < len(candidates) and candidates[first] < end:
                    matches = self._cues_from(text, end, candidates, first)
                else:
                    matches = []
            if matches or (
                has_colon and text.find(":", start, min(end, start + HEADLINE_COLON_WITHIN)) >= 0
            ):
                yield index, start, end, matches

    def cue_of(self, match: re.Match[str]) -> tuple[Cue, str]:
        """The cue a match stands for, and its text as reported in the ``cue`` column (lower
        case, inner whitespace collapsed; a noun with its link: "claims made by")."""
        key = (match.lastgroup, match.group())
        known = self._cues.get(key)
        if known is None:
            kind, written = key
            matched = written.translate(_AS_MATCHED)
            form = " ".join(matched.lower().split())
            if kind == "nouns":
                head = self.noun_head.match(matched)
                cue = self.verbs.cue("nouns", head.group().lower())
            else:
                cue = self.verbs.cues[kind, form]
            known = self._cues[key] = (cue, form)
        return known


def _first_words(verbs: ReportingVerbs) -> tuple[set[str], dict[str, set[str]]] | None:
    """The first words of the cue forms: those that may make a cue on their own, and the
    others with the rest of each form they start ("in" -> {" a statement"}). Every cue starts at
    a word boundary with one of them. None when some form does not start with a word character.
    """
    alone: set[str] = set()
    rests: dict[str, set[str]] = {}
    for cue in verbs.cues.values():
        word = re.match(r"\w*", cue.form).group()
        if not word:
            return None
        rest = cue.form[len(word) :]
        if rest and cue.kind != "nouns":
            rests.setdefault(word, set()).add(rest)
        else:
            alone.add(word)  # a noun is followed by a link, but its own word is enough
    return alone, {word: rest for word, rest in rests.items() if word not in alone}


def _cue_start_pattern(verbs: ReportingVerbs) -> re.Pattern[str] | None:
    """The prefilter for lower-cased text: a case-sensitive pattern that matches where a cue
    may start. None when some form does not start with a word character.

    A first word that may make a cue on its own is looked for as that word (no \\b after it: a
    sentence may end inside a word, and \\b holds at its end); another, with the rest of a form
    it starts ("in" only in "in a statement"), as a look-ahead, so that a match never covers
    the start of another cue.
    """
    words = _first_words(verbs)
    if words is None:
        return None
    alone, rests = words
    tails = {word: f"(?={trie_pattern(rest)})" for word, rest in rests.items()}
    return re.compile(rf"\b(?:{trie_pattern([*alone, *tails], tails)})")


def _literal_prefilter(
    verbs: ReportingVerbs,
) -> tuple[list[str] | None, list[re.Pattern[str]]]:
    """The words for the literal (Aho-Corasick) search, and a regex for each short first word
    that may not make a cue on its own; (None, []) when a first word is empty or not ASCII
    (ASCII case-insensitivity would miss its other cases)."""
    words = _first_words(verbs)
    if words is None or not all(word.isascii() for word in (*words[0], *words[1])):
        return None, []
    alone, rests = words
    short = []
    for word in sorted(rests):
        if len(word) > SHORT_WORD:
            alone.add(word)  # rare enough alone: the rest is left to the cue pattern
            continue
        # the first character in either case, then the rest as the cue pattern reads it; only
        # that character is consumed, so no later start is passed over
        first = re.escape(word[0])
        if word[0].isalpha():
            first = f"[{word[0].lower()}{word[0].upper()}]"
        rest = re.escape(word[1:]) + f"(?:{trie_pattern(rests[word])})"
        short.append(re.compile(rf"{first}(?=(?i:{rest}))"))
    return sorted(alone), short


def _char_offsets(text: str, byte_offsets: list[int]) -> list[int]:
    """Character offsets in ``text`` of sorted UTF-8 byte offsets that each start a character."""
    data = text.encode("utf-8")
    offsets = []
    chars = previous = 0
    for offset in byte_offsets:
        chars += len(data[previous:offset].decode("utf-8"))
        previous = offset
        offsets.append(chars)
    return offsets
