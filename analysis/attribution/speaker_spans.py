"""Where a speaker's phrase starts and ends around a reporting cue: the subject before the
verb (over a relative clause, a participle phrase ending in a place, a plain noun phrase), a
known source closing the sentence after the verb, the subject of the main clause, each as
character offsets (:class:`SpeakerSpans`, the base of the attribution finder in
:mod:`analysis.attribution.find`)."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from analysis.attribution.clauses import postmodified_subject
from analysis.attribution.function_words import (
    CALENDAR,
    DAY_WORDS,
    DETERMINERS,
    JOINING,
    RELATIVES,
    STOPS,
)
from analysis.attribution.gazetteer import Gazetteer, normalize
from analysis.attribution.phrases import Token, is_speaker_like, phrase_after, phrase_before
from analysis.attribution.records import Found
from analysis.attribution.subjects import (
    MODALS,
    dateline_end,
    is_main_subject,
    is_plain_subject,
    plain_start,
)
from analysis.reporting_verbs import ReportingVerbs

# Prepositions of place before a name that ends a participle phrase: "A Madaya resident
# speaking from the bus garage inside Aleppo said" (the name is no subject).
_PLACE_PREPOSITIONS = frozenset(
    "near inside outside around across within throughout behind beyond along toward towards "
    "between among amid".split()
)
CONJUNCTIONS = frozenset({"and", "but", "or"})
_PARTICIPLE_REACH = 10
"""Tokens before such a preposition searched for the participle."""
_CLAUSE_OPENERS = JOINING | STOPS | frozenset({"on", "after", "following", "speaking"})


class SpeakerSpans:
    """The words the gazetteer and the reporting verbs know, and the rules that find a
    speaker's phrase with them; one per (gazetteer, verbs) pair."""

    def __init__(self, gazetteer: Gazetteer, verbs: ReportingVerbs) -> None:
        self.gazetteer = gazetteer
        self.documents = frozenset(verbs.documents)
        self.reporting_nouns = self.documents | {
            cue.form for cue in verbs.cues.values() if cue.kind == "nouns"
        }
        self._known: dict[str, bool] = {}

    def known(self, word: str) -> bool:
        """Is ``word`` a noun the gazetteer or the document list knows, or a listed source?"""
        answer = self._known.get(word)
        if answer is None:
            answer = self._known[word] = (
                self.gazetteer.is_known_word(word)
                or normalize(word) in self.documents
                or self.gazetteer.find_source(word) is not None
            )
        return answer

    # -- speakers ------------------------------------------------------------------------------
    def _never_noun(self, base: Found) -> bool:
        """Is the cue a form no noun shares: of a verb marked any_subject, neither bare nor in
        -s or -ing, nor listed as a reporting noun ("said", "told", "wrote")?"""
        text = base.cue_text
        return (
            base.cue.any_subject
            and text != base.cue.lemma
            and not text.endswith(("s", "ing"))
            and text not in self.reporting_nouns
        )

    def _any_subject(self, base: Found, skipped: set[str]) -> bool:
        """May any noun phrase before this cue be its subject (subjects.is_plain_subject)? Only
        for a verb marked any_subject, in a form that is no noun or participle, without a modal
        between ("Only time will tell")."""
        cue = base.cue
        return (
            cue.any_subject
            and not base.cue_text.endswith("ing")
            and base.cue_text not in self.reporting_nouns
            and not skipped & MODALS
        )

    def _subject(
        self, tokens: list[Token], last: int, plain: Callable[[], bool] | None = None
    ) -> tuple[int, int] | None:
        """The subject ending at tokens[last]; extends over a relative clause when the phrase
        found is no speaker ("Civilians who left the city of Aleppo have confirmed"). With
        ``plain`` answering true, a noun phrase no known word vouches for may be the subject
        too (subjects.is_plain_subject)."""
        modified = postmodified_subject(
            tokens, last, self.known, lambda first, head: is_speaker_like(
                tokens, first, head, self.known
            ) or (plain is not None and plain() and is_plain_subject(tokens, first, head)),
        )
        if modified is not None:
            return self._span(tokens, modified)  # "a source close to the senator said"
        span = phrase_before(tokens, last, self.known)
        if span is None:
            percent = last > 0 and tokens[last].text == "%" and tokens[last - 1].is_number
            if percent and plain is not None and plain():
                return self._span(tokens, (last - 1, last))  # "26% say"
            return None
        if span[0] > 0 and tokens[span[0] - 1].lower in _PLACE_PREPOSITIONS:
            subject = self._participle_subject(tokens, span[0] - 1)
            if subject is not None:
                return subject
        if is_speaker_like(tokens, span[0], span[1], self.known):
            return self._span(tokens, span)
        for k in range(span[0] - 1, max(span[0] - 8, 0), -1):
            if not tokens[k].is_word:
                break
            if tokens[k].lower == "who":
                outer = phrase_before(tokens, k - 1, self.known)
                if outer is not None and is_speaker_like(tokens, outer[0], outer[1], self.known):
                    return self._span(tokens, (outer[0], span[1]))
                break
        if plain is not None and plain():
            first = plain_start(tokens, span[0], self.known)
            if is_plain_subject(tokens, first, span[1]):
                return self._span(tokens, (first, span[1]))
        return None

    def _closing_source(self, tokens: list[Token], start: int) -> tuple[int, int] | None:
        """The speaker after a verb with no object when its phrase, from tokens[start], closes
        the sentence (or only a day follows it: "on Sunday"), holds a word the gazetteer knows
        and has no other lower-case word ("the Observatory", "Observatory director Rami Abdel
        Rahman", "a UK-based monitoring group"); else None, so that "said Aleppo." or "said
        Hezbollah was involved" keep the subject before."""
        span = phrase_after(tokens, start)
        if span is None:
            return None
        for token in itertools.islice(tokens, span[1] + 1, None):
            if token.is_word and token.lower not in CALENDAR and token.lower not in DAY_WORDS:
                return None
        words = [t for t in tokens[span[0] : span[1] + 1] if t.is_word]
        if not any(self.known(t.text) for t in words):
            return None
        # every word a name, a known word, a determiner or a compound ("the Britain-based
        # group"): not "said the strikes hit civilians.", "said Tags ... extremism war."
        for word in words:
            if not (
                word.is_capitalized
                or word.lower in DETERMINERS
                or word.lower in JOINING
                or "-" in word.text
                or self.known(word.text)
            ):
                return None
        return self._valid(tokens, span)

    def _participle_subject(self, tokens: list[Token], place: int) -> tuple[int, int] | None:
        """The subject before a participle phrase that ends with a place (tokens[place] is
        its preposition): "A Madaya resident speaking from the bus garage inside Aleppo", "One
        Syrian living in an area of Islamic State control near Raqqa". None unless a
        lower-case "-ing" word comes within _PARTICIPLE_REACH words, in the same clause, after
        a speaker-like phrase."""
        for k in range(place - 1, max(place - 1 - _PARTICIPLE_REACH, 0), -1):
            token = tokens[k]
            if not token.is_word or token.lower in RELATIVES or token.lower in CONJUNCTIONS:
                return None
            if token.lower.endswith("ing") and len(token.lower) > 4 and not token.is_capitalized:
                outer = phrase_before(tokens, k - 1, self.known)
                if outer is not None and is_speaker_like(tokens, outer[0], outer[1], self.known):
                    return self._span(tokens, outer)
                return None
        return None

    def _main_clause(self, tokens: list[Token], found: list[Found]) -> tuple[int, int] | None:
        """The speaker of the sentence's main clause: its first attribution, else its subject."""
        for item in found:
            if item.speaker is not None and item.relay_of is None:
                return item.speaker
        start = dateline_end(tokens)  # "WASHINGTON (AFP) - The Post ..., saying"
        if tokens[start].lower in _CLAUSE_OPENERS or tokens[start].is_number:
            opening = tokens[start : start + 12]
            comma = next((k for k, t in enumerate(opening) if t.text == ","), None)
            if comma is None:
                return None
            start += comma + 1
        span = phrase_after(tokens, start)
        if span is not None and is_main_subject(tokens, span[0], span[1]):
            return self._span(tokens, span)  # "The Sanders campaign ..., saying"
        valid = self._valid(tokens, span)
        if valid is None and span is not None:
            # a name, then its verb read as a noun: "Carly Fiorina threw her support ..., saying"
            name = span[0]
            while name < span[1] and tokens[name + 1].is_capitalized:
                name += 1
            owner = tokens[name].lower.endswith(("’s", "'s"))  # "Ryan’s campaign shrugged"
            adverb = name == span[0] and tokens[name].lower.endswith("ly")  # "Hastily, ..."
            if name < span[1] and tokens[name].is_capitalized and not owner and not adverb:
                valid = self._valid(tokens, (span[0], name))
        return valid

    def _with_subject(self, tokens: list[Token], last: int) -> tuple[int, int] | None:
        """The subject of a participle in a "with" phrase, ending at tokens[last]: "with 30
        percent of voters saying", "with the campaign of the former senator saying"."""
        span = phrase_before(tokens, last, self.known)
        if span is None or span[1] != last:
            return None
        first = plain_start(tokens, span[0], self.known)
        if first == 0 or tokens[first - 1].lower != "with":
            return None
        return self._span(tokens, (first, last))

    def _valid(self, tokens: list[Token], span: tuple[int, int] | None) -> tuple[int, int] | None:
        if span is None or not is_speaker_like(tokens, span[0], span[1], self.known):
            return None
        return self._span(tokens, span)

    @staticmethod
    def _span(tokens: list[Token], span: tuple[int, int] | None) -> tuple[int, int] | None:
        return None if span is None else (tokens[span[0]].start, tokens[span[1]].end)
