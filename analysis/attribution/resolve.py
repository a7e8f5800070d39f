"""Canonical speakers within an article: pronouns, short mentions and name variants.

Speakers are resolved in the order they appear, each against the speakers before it:

* no speaker (an agentless passive: "the plan was said to") -> no canonical, type 'anonymous';
* "he"/"she" -> the nearest earlier person; "they" -> the nearest earlier plural speaker (else
  organization); "it" -> the nearest earlier organization or document;
* a document that speaks for its issuer ("the statement", "the ministry's statement") -> the
  issuer named before "'s", else the nearest earlier speaker that is not a document;
* a short definite mention ("the ministry", "the Russian general", "Foreign Minister": only
  lower-case words, nationality adjectives and titles) -> the nearest earlier speaker whose
  words include its head noun;
* a bare name ("Rudskoy", "dpa") -> the nearest earlier speaker, or failing that the nearest
  earlier run of capitalized words in the article, that contains it;
* anything else is a full mention: its canonical form is the person's name without titles
  ("Lieutenant-General Sergei Rudskoy" -> "Sergei Rudskoy"), else the gazetteer's name for a
  listed source ("dpa news agency" -> "Deutsche Presse-Agentur"), else the mention without a
  leading article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.attribution.gazetteer import Gazetteer, normalize
from analysis.attribution.phrases import (
    DETERMINERS,
    JOINING,
    PARTICLES,
    PRONOUNS,
    Token,
    tokenize,
)
from analysis.attribution.verbs import ReportingVerbs

_CAPITALIZED_RUN = re.compile(r"(?:[A-Z][\w’'.-]*\s+(?:(?:de|al|el|bin|van|von|der)\s+)?){1,6}")


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

    @property
    def words(self) -> set[str]:
        return set(normalize(self.full or self.written or "").split())


class SpeakerResolver:
    """Resolves the speakers of one article in order; build one per article."""

    def __init__(self, text: str, gazetteer: Gazetteer, verbs: ReportingVerbs) -> None:
        self.text = text
        self.gazetteer = gazetteer
        self.verbs = verbs
        self.earlier: list[Speaker] = []
        self._titles = gazetteer.title_words
        self._organizations = gazetteer.organization_words

    def resolve(self, written: str | None, position: int) -> Speaker:
        """Resolve ``written`` (the speaker as written, or None) found at ``position``."""
        speaker = self._resolve(written, position)
        self.earlier.append(speaker)
        return speaker

    # -- the cases, in the order of the module docstring ---------------------------------------
    def _resolve(self, written: str | None, position: int) -> Speaker:
        if not written:
            return Speaker(None, None, "anonymous", None)
        tokens = [t for t in tokenize(written, 0, len(written)) if t.is_word]
        if not tokens:
            return Speaker(written, written, "unknown", None)
        words = [t.lower for t in tokens]
        if len(words) == 1 and words[0] in PRONOUNS:
            return self._pronoun(written, words[0])
        head = self._head(tokens)
        if head in self.verbs.issued_documents:
            return self._issued_document(written)
        if head in self.verbs.other_documents:
            type_code, country = self.gazetteer.classify(written)
            return Speaker(written, _strip_article(written), type_code, country, document=True)
        if self._is_short_mention(tokens):
            target = self._nearest(lambda s: not s.document and head in s.words)
            if target is not None:
                return _as(target, written)
        else:
            name = [t for t in tokens if t.lower not in DETERMINERS]
            if name and len(name) <= 3 and all(t.is_capitalized for t in name):
                variant = self._name_variant(written, [t.lower for t in name], position)
                if variant is not None:
                    return variant
            elif len(tokens) == 1 and self.gazetteer.find_source(written):
                variant = self._name_variant(written, words, position)  # "dpa"
                if variant is not None:
                    return variant
        return self._full_mention(written, tokens)

    def _pronoun(self, written: str, pronoun: str) -> Speaker:
        if pronoun in ("he", "she"):
            target = self._nearest(lambda s: s.person)
        elif pronoun == "they":
            target = self._nearest(lambda s: s.plural) or self._nearest(
                lambda s: not s.person and s.canonical is not None
            )
        else:
            target = self._nearest(lambda s: not s.person and not s.plural and s.canonical)
        if target is None:
            return Speaker(written, written, "unknown", None)
        return _as(target, written)

    def _issued_document(self, written: str) -> Speaker:
        owned = re.match(r"(.+?)[’']s\s+\S+$", written.strip())
        if owned is not None:
            owner = self._resolve(owned.group(1), len(self.text))
            return Speaker(written, owner.canonical, owner.type, owner.country, document=True)
        target = self._nearest(lambda s: not s.document and s.canonical is not None)
        if target is None:
            return Speaker(written, _strip_article(written), "unknown", None, document=True)
        return Speaker(written, target.canonical, target.type, target.country, document=True)

    def _name_variant(self, written: str, words: list[str], position: int) -> Speaker | None:
        wanted = set(normalize(" ".join(words)).split())
        organization = wanted & self._organizations

        def contains(earlier: Speaker) -> bool:
            their = earlier.words
            return (
                earlier.canonical is not None
                and not earlier.document
                and wanted < their
                and not (organization and earlier.person)
            )

        target = self._nearest(contains)
        if target is not None:
            return _as(target, written)
        if organization:
            return None
        last_word = re.escape(written.split()[-1])
        best = None
        for match in re.finditer(rf"{_CAPITALIZED_RUN.pattern}{last_word}\b", self.text[:position]):
            best = match
        if best is not None and best.group().strip() != written:
            return _as(self._full_mention(best.group(), _words(best.group())), written)
        return None

    def _full_mention(self, written: str, tokens: list[Token]) -> Speaker:
        type_code, country = self.gazetteer.classify(written)
        name = self._personal_name(written)
        head = self._head(tokens)
        plural = (
            any(t.lower == "and" for t in tokens)
            or (not tokens[-1].is_capitalized and head.endswith("s") and head not in ("news",))
            or (head.endswith("s") and not self._head_token(tokens).is_capitalized)
        )
        if name is not None:
            found = self.gazetteer.find_source(name)
            canonical = found[0].name if found and found[2] - found[1] == len(name) else name
            return Speaker(written, canonical, type_code, country, person=True, full=written)
        found = self.gazetteer.find_source(written)
        rest = (written[: found[1]] + " " + written[found[2] :]) if found else ""
        if found is not None and all(
            not t.is_capitalized or t.lower in DETERMINERS or self.gazetteer.is_nationality(t.text)
            for t in _words(rest)
        ):
            canonical = found[0].name  # "SANA news agency" -> "SANA"
        else:
            canonical = _strip_article(written)
        person = head in self._titles and head not in self._organizations
        if (
            len(tokens) == 1
            and tokens[0].is_capitalized
            and found is None
            and not self.gazetteer.is_country_name(written)
            and tokens[0].lower not in self._organizations
            and not tokens[0].text.isupper()
        ):
            person = True  # a surname on its own
        return Speaker(
            written, canonical, type_code, country, person=person, plural=plural, full=written
        )

    # -- helpers -------------------------------------------------------------------------------
    def _nearest(self, fits) -> Speaker | None:
        for speaker in reversed(self.earlier):
            if speaker.written is not None and fits(speaker):
                return speaker
        return None

    def _head_token(self, tokens: list[Token]) -> Token:
        """The head of the first chunk: its last noun before "of"/"in"/a comma."""
        chunk: list[Token] = []
        for token in tokens:
            if chunk and token.lower in JOINING:
                break
            chunk.append(token)
        for token in reversed(chunk):
            if not (token.lower.endswith(("ed", "ing")) and not token.is_capitalized):
                return token
        return chunk[-1]

    def _head(self, tokens: list[Token]) -> str:
        return normalize(self._head_token(tokens).text).split()[-1]

    def _is_short_mention(self, tokens: list[Token]) -> bool:
        """Only lower-case words, nationality adjectives and titles, and definite or bare."""
        if tokens[0].lower in DETERMINERS and tokens[0].lower != "the":
            return False
        for token in tokens:
            if token.lower == "the" or not token.is_capitalized:
                continue
            if normalize(token.text) in self._titles or self.gazetteer.is_nationality(token.text):
                continue
            return False
        return tokens[0].lower == "the" or all(normalize(t.text) in self._titles for t in tokens)

    def _personal_name(self, written: str) -> str | None:
        """The person's name in a mention, without titles, nationality or organization."""
        parts = [written] if " and " in written else [p.strip() for p in written.split(",")]
        for part in parts:
            tokens = tokenize(part, 0, len(part))
            run: list[Token] = []
            for token in reversed(tokens):
                if token.is_word and (token.is_capitalized or token.lower in PARTICLES):
                    run.insert(0, token)
                elif token.text == "." and run:
                    run.insert(0, token)
                else:
                    break
            # drop titles, nationality adjectives, countries and abbreviation dots from the left
            stripped_title = False
            while run and (
                not run[0].is_word
                or normalize(run[0].text) in self._titles
                or self.gazetteer.country_of(run[0].text) is not None
                or run[0].lower in PARTICLES
                or normalize(run[0].text) in self._organizations
                or self.gazetteer.is_known_word(run[0].text)
            ):
                stripped_title |= normalize(run[0].text) in self._titles
                run.pop(0)
            if not run:
                continue
            last = run[-1]
            if normalize(last.text) in self._organizations or last.text.isupper():
                continue
            found = self.gazetteer.find_source(part[run[0].start : run[-1].end])
            if found is not None and found[0].type not in ("official", "international_body"):
                continue  # a listed outlet or group, not a person
            words = [t for t in tokens if t.is_word and t.lower not in DETERMINERS]
            titled_part = any(normalize(t.text) in self._titles for t in words)
            whole = len(run) == len([t for t in words if t.start >= 0]) and run[0] is words[0]
            if stripped_title or (len(run) >= 2 and (titled_part or whole)):
                return part[run[0].start : run[-1].end]
        return None


def _as(target: Speaker, written: str) -> Speaker:
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
    )


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)


def _words(text: str) -> list[Token]:
    return [t for t in tokenize(text, 0, len(text)) if t.is_word]
