"""Resolved speakers, and the speakers of an article so far, indexed for the resolver.

A :class:`Speaker` is what resolving a mention gives (see analysis.attribution.resolve).
Resolving a pronoun or a short mention asks for the nearest earlier speaker that fits ("the
latest person", "the latest speaker whose words hold 'ministry'"). Scanning every earlier speaker
for each question made an article of n attributions cost n² (a long run of "He said." with no
person before it); :class:`EarlierSpeakers` answers each question from the latest fitting speaker
instead, so each costs about as much as the speakers that share a word with it.

Every answer is exactly what a backward scan over all earlier speakers would give: the latest
speaker, in resolution order, that has a written form and fits.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

from analysis.attribution.defaults import LOOKBACK
from analysis.attribution.gazetteer import normalize


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: canonical name (None for agentless), type, country, and flags used
    to resolve later pronouns."""

    written: str | None
    canonical: str | None
    type: str
    country: str | None
    person: bool = False
    plural: bool = False
    document: bool = False
    full: str | None = None  # the fullest mention known for this speaker, for word matching
    gender: str | None = None  # a person's: "f", "m", or None when the mention does not tell

    @functools.cached_property
    def words(self) -> frozenset[str]:
        """The normalized words of the fullest mention (read again for every later speaker)."""
        return frozenset(normalize(self.full or self.written or "").split())


def as_anonymous(speaker: Speaker) -> Speaker:
    """``speaker`` with type 'anonymous' (its sentence says the source is not named); what
    ``dataclasses.replace`` gives, built directly because it runs for many attributions."""
    return Speaker(
        speaker.written,
        speaker.canonical,
        "anonymous",
        speaker.country,
        person=speaker.person,
        plural=speaker.plural,
        document=speaker.document,
        full=speaker.full,
        gender=speaker.gender,
    )


def speaker_as(target: Speaker, written: str) -> Speaker:
    """``target``'s identity under another written form."""
    return Speaker(
        written,
        target.canonical,
        target.type,
        target.country,
        person=target.person,
        plural=target.plural,
        document=target.document,
        full=target.full or target.written,
        gender=target.gender,
    )


class EarlierSpeakers:
    """The speakers of one article in the order they were resolved, with indexes."""

    def __init__(self) -> None:
        self.speakers: list[Speaker] = []
        self.person: Speaker | None = None  # the latest person
        self.not_male: Speaker | None = None  # the latest person not known to be a man
        self.not_female: Speaker | None = None  # the latest person not known to be a woman
        self.plural: Speaker | None = None  # the latest plural speaker
        self.organization: Speaker | None = None  # the latest non-person with a canonical name
        self.single_organization: Speaker | None = None  # ...neither plural, canonical not ""
        self.issuer: Speaker | None = None  # the latest non-document with a canonical name
        # Word indexes, brought up to date only when asked (reading a speaker's words costs)
        self._indexed = 0  # how many speakers the word indexes have read
        self._with_word: dict[str, list[Speaker]] = {}  # non-documents, in order
        self._named_with_word: dict[str, list[Speaker]] = {}  # non-documents with a canonical

    def add(self, speaker: Speaker) -> None:
        """Record ``speaker`` as the latest one resolved."""
        self.speakers.append(speaker)
        if speaker.written is None:
            return  # an agentless passive: no later pronoun or mention can point to it
        if speaker.person:
            self.person = speaker
            if speaker.gender != "m":
                self.not_male = speaker
            if speaker.gender != "f":
                self.not_female = speaker
        if speaker.plural:
            self.plural = speaker
        if not speaker.person and speaker.canonical is not None:
            self.organization = speaker
            if not speaker.plural and speaker.canonical:
                self.single_organization = speaker
        if not speaker.document and speaker.canonical is not None:
            self.issuer = speaker

    def latest_with_word(
        self, word: str, *, organization: bool = False, kind: str | None = None
    ) -> Speaker | None:
        """The latest non-document speaker whose words (:attr:`Speaker.words`) hold ``word``,
        no person when ``organization`` is true, and of type ``kind`` or 'unknown' when a
        ``kind`` is given."""

        def fits(speaker: Speaker) -> bool:
            return (
                not (organization and speaker.person)
                and (kind is None or speaker.type in (kind, "unknown"))
            )

        for speaker in self._recent():
            if (
                speaker.written is not None
                and not speaker.document
                and word in speaker.words
                and fits(speaker)
            ):
                return speaker
        if len(self.speakers) <= LOOKBACK:
            return None
        self._index_words()
        return next((s for s in reversed(self._with_word.get(word, [])) if fits(s)), None)

    def latest_containing(self, wanted: set[str], organization: bool) -> Speaker | None:
        """The latest non-document speaker with a canonical name whose words hold all of
        ``wanted`` and more, and that is no person when ``organization`` is true."""
        if len(self.speakers) <= LOOKBACK:
            candidates = self._recent()  # every speaker
        elif wanted:
            self._index_words()
            # only the speakers whose words hold the rarest wanted word can hold them all
            holding = (self._named_with_word.get(word, []) for word in wanted)
            candidates = reversed(min(holding, key=len))
        else:
            candidates = reversed(self.speakers)  # any words hold the empty set
        for speaker in candidates:
            if (
                speaker.written is not None
                and speaker.canonical is not None
                and not speaker.document
                and wanted < speaker.words
                and not (organization and speaker.person)
            ):
                return speaker
        return None

    def _recent(self) -> Iterator[Speaker]:
        """The last LOOKBACK speakers, latest first."""
        return reversed(self.speakers[-LOOKBACK:])

    def _index_words(self) -> None:
        """Add the speakers resolved since the last question to the word indexes."""
        for speaker in self.speakers[self._indexed :]:
            if speaker.written is None or speaker.document:
                continue
            named = speaker.canonical is not None
            for word in speaker.words:
                self._with_word.setdefault(word, []).append(speaker)
                if named:
                    self._named_with_word.setdefault(word, []).append(speaker)
        self._indexed = len(self.speakers)
