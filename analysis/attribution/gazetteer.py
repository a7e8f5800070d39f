"""The source gazetteer: speaker types, named sources, countries and the rules that type a speaker.

The vocabulary lives in ``analysis/data/sources.toml`` (see its header for the typing order);
this module compiles it into a few regexes, once per gazetteer;
:mod:`analysis.attribution.gazetteer_file` reads and validates the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from typing import Any

from analysis.attribution.function_words import INDEFINITE

#: The speaker-type codes every gazetteer must declare (a user file may add more).
SPEAKER_TYPES = (
    "official",
    "government_agency",
    "party_campaign",
    "court",
    "international_body",
    "ngo",
    "expert",
    "business",
    "media",
    "armed_group",
    "ordinary_people",
    "anonymous",
    "document",
    "unknown",
)

#: Types a word at the speaker's head does not override: they are decided by rule order
#: (an office or a document belongs to the body written before it).
_ORDER_DECIDES = frozenset(
    {None, "anonymous", "armed_group", "official", "government_agency", "document"}
)
_ARTICLE = re.compile(r"(?:a|an|the)\s", re.IGNORECASE)
_CLAUSE = re.compile(r"\b(?:of|for|at|in|on|from|to|with|who|whose|which|that|and)\b")

#: Types whose unnamed speakers ("officials", "a campaign aide") are anonymous sources.
_UNNAMED_CAN_BE_ANONYMOUS = ("official", "government_agency", "party_campaign")


@dataclass(frozen=True)
class Source:
    """A named source: its canonical name, type, country (or None) and other spellings."""

    name: str
    type: str
    country: str | None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Country:
    name: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]


_WORD_RUN = re.compile(r"\w+")
_INDEFINITE = re.compile(rf"(?:{'|'.join(sorted(INDEFINITE))})\s", re.IGNORECASE)
_PREPOSITION = re.compile(r"\b(?:of|for|at|in|on|from|to)\b")
_CAPITAL_AFTER_BOUNDARY = re.compile(r"\b[A-Z]")
_CAPITAL_AFTER_SPACE = re.compile(r"(?<=\s)[A-Z]")
# Characters a case-insensitive pattern matches to an ASCII letter of another case.
_NOT_ASCII_CASE = "İıſ\u212a"


@lru_cache(maxsize=1 << 16)  # the same words and mentions are normalized again and again
def normalize(text: str) -> str:
    """Lower-case word runs joined by single spaces ("UK-based" -> "uk based")."""
    return " ".join(_WORD_RUN.findall(text.lower()))


@dataclass
class Gazetteer:
    """Speaker types with labels, typing rules, countries and named sources (see sources.toml)."""

    types: dict[str, str]  # code -> short label ("politician or government official")
    order: tuple[str, ...]
    words: dict[str, tuple[str, ...]]
    unnamed_titles: tuple[str, ...]
    anonymity_phrases: tuple[str, ...]
    person_titles: tuple[str, ...]
    organizations: tuple[str, ...]
    countries: dict[str, Country]
    named_sources: dict[str, Source]  # canonical name -> listed source
    relations: tuple[str, ...] = ()  # heads that relate a speaker to a source ("ally", "aide")
    female: tuple[str, ...] = ()  # words that say a person is a woman ("spokeswoman", "Maria")
    male: tuple[str, ...] = ()  # words that say a person is a man
    female_endings: tuple[str, ...] = ()  # endings of women's surnames ("ova")
    descriptions: dict[str, str] = field(default_factory=dict)  # code -> one plain sentence
    content_hash: str = ""  # sha256 of the file(s) read, first 12 hex digits
    sources: tuple[str, ...] = ()  # the file(s) read, in order
    _compiled: dict[str, Any] = field(default_factory=dict, repr=False)

    def remembering(self) -> Gazetteer:
        """A copy of this gazetteer (sharing its compiled patterns) that remembers what
        :meth:`classify` and :meth:`find_source` answered: for one run over many articles,
        where the same speakers and names recur. Its memory grows with the distinct speakers
        it is asked about, so keep one per batch of articles, not for good."""
        copy = replace(self)
        copy.find_source = cache(copy.find_source)  # type: ignore[method-assign]
        copy.classify = cache(copy.classify)  # type: ignore[method-assign]
        return copy

    # -- lookups -------------------------------------------------------------------------------
    def find_source(self, text: str) -> tuple[Source, int, int] | None:
        """The longest named source written in ``text`` with its span, or None."""
        if text.isascii() and not self._may_name_source(normalize(text).split()):
            return None
        best = None
        for match in self._source_pattern().finditer(text):
            if best is None or match.end() - match.start() > best[2] - best[1]:
                best = (
                    self._source_by_spelling()[match.group().lower()],
                    match.start(),
                    match.end(),
                )
        return best

    def country_of(self, text: str) -> str | None:
        """The first country named (or implied by a nationality adjective) in ``text``."""
        match = self._country_pattern().search(text)
        return self._country_by_spelling()[match.group()] if match else None

    def countries_in(self, text: str) -> list[str]:
        """Every country named in ``text``, in order of first appearance, without repeats."""
        found: list[str] = []
        for match in self._country_pattern().finditer(text):
            country = self._country_by_spelling()[match.group()]
            if country not in found:
                found.append(country)
        return found

    def is_country_name(self, text: str) -> bool:
        """True when ``text`` is just a country name, capital or adjective ("Moscow", "Russia")."""
        match = self._country_pattern().fullmatch(text.strip())
        return match is not None

    def is_nationality(self, word: str) -> bool:
        """True when ``word`` is a nationality adjective ("Russian", "UK-based")."""
        if "adjectives" not in self._compiled:
            self._compiled["adjectives"] = frozenset(
                adjective for country in self.countries.values() for adjective in country.adjectives
            )
        return word in self._compiled["adjectives"]

    def rule_type(self, text: str) -> str | None:
        """The first type in rule order with a word in ``text``, or None."""
        # A rule word matches normalize(text) at word boundaries exactly when it is one of its
        # runs of whole words, so each run of up to the longest rule word's length is looked up
        # (a dict lookup per run instead of a pattern search per type).
        ranks, longest = self._rule_ranks()
        words = normalize(text).split()
        best = len(self.order)
        for first in range(len(words)):
            for last in range(first + 1, min(first + longest, len(words)) + 1):
                rank = ranks.get(" ".join(words[first:last]))
                if rank is not None and rank < best:
                    best = rank
        return self.order[best] if best < len(self.order) else None

    @property
    def title_words(self) -> frozenset[str]:
        """Person titles, normalized ("lieutenant general")."""
        if "titles" not in self._compiled:
            self._compiled["titles"] = frozenset(normalize(t) for t in self.person_titles)
        return self._compiled["titles"]

    @property
    def organization_words(self) -> frozenset[str]:
        """Heads of organizations, normalized."""
        if "organizations" not in self._compiled:
            self._compiled["organizations"] = frozenset(normalize(o) for o in self.organizations)
        return self._compiled["organizations"]

    def gender_of(self, mention: str) -> str | None:
        """"f" when a person's mention has a word of ``female`` (or its last word a surname
        ending of ``female_endings``) and none of ``male``, "m" the other way round, else
        None (either)."""
        if "genders" not in self._compiled:
            self._compiled["genders"] = (
                frozenset(normalize(word) for word in self.female),
                frozenset(normalize(word) for word in self.male),
                tuple(ending.lower() for ending in self.female_endings),
            )
        female, male, endings = self._compiled["genders"]
        words = normalize(mention).split()
        is_female = any(word in female for word in words) or bool(
            words
            and any(
                words[-1].endswith(ending) and len(words[-1]) > len(ending) + 2
                for ending in endings
            )
        )
        is_male = any(word in male for word in words)
        if is_female == is_male:
            return None
        return "f" if is_female else "m"

    @property
    def relation_words(self) -> frozenset[str]:
        """Heads that describe a speaker by a relation to a source, normalized."""
        if "relations" not in self._compiled:
            self._compiled["relations"] = frozenset(normalize(r) for r in self.relations)
        return self._compiled["relations"]

    def is_known_word(self, word: str) -> bool:
        """True when ``word`` is a rule word, title or organization head (a speaker-like noun)."""
        return normalize(word) in self._known_words()

    def classify(self, speaker: str) -> tuple[str, str | None]:
        """(speaker_type, country) for a speaker as written, by the order in sources.toml."""
        found = self.find_source(speaker)
        if found is not None:
            source = found[0]
            country = source.country
            if country is None and source.type != "international_body":
                country = self.country_of(speaker)
            if source.type == "government_agency":
                # "FBI Director James Comey" is an official of the FBI
                head = normalize(_PREPOSITION.split(speaker.partition(",")[0])[0])
                if (
                    head
                    and not head.endswith(normalize(speaker[found[1] : found[2]]))
                    and not self._is_body(head.split())
                ):
                    return "official", country
            return source.type, country
        type_code = self.rule_type(speaker)
        if type_code not in _ORDER_DECIDES:
            # a role at the head outranks a modifier: "a veteran Republican strategist" is an
            # expert, not ordinary people; but an office ("campaign spokesman") or a document
            # ("the ministry's report") belongs to the body written before it
            role = self._head_role(speaker)
            if role is not None and role not in _ORDER_DECIDES:
                type_code = role
        countries = self.countries_in(speaker)
        if " and " not in speaker and "," not in speaker:
            countries = countries[:1]  # "the Russian center in Syria" speaks for Russia
        country = "; ".join(countries) if countries else None
        if type_code is None:
            if country and _INDEFINITE.match(speaker):
                return "unknown", country  # "One Syrian", "a Russian": a person, no state
            if country and self.is_country_name(speaker.removeprefix("the ")):
                return "government_agency", country  # "says Moscow", "Washington said"
            return ("official", country) if country else ("unknown", None)
        if type_code == "international_body":
            return type_code, None
        head_text, _, apposition = speaker.partition(",")
        head_text = _PREPOSITION.split(head_text)[0]
        head = normalize(head_text).split()
        if type_code == "government_agency" and head and not self._is_body(head):
            type_code = "official"  # "the ministry's spokesman", "Army Gen. John Allen"
        named = _CAPITAL_AFTER_BOUNDARY.search(apposition) or _CAPITAL_AFTER_SPACE.search(head_text)
        if type_code in _UNNAMED_CAN_BE_ANONYMOUS and country is None and head and not named:
            if head[-1] in self.unnamed_titles:
                return "anonymous", None  # "officials", "a spokesman", "diplomats in Geneva"
        return type_code, country

    def _head_role(self, speaker: str) -> str | None:
        """The type of the rule word or phrase that ends the speaker's head, or None.

        The head is the apposition when one follows a comma and starts in lower case or with
        an article (", a veteran Republican strategist"), else the text before the comma; it is
        cut at a preposition or relative word, and a name closing it is passed over ("Goldman
        Sachs CEO Lloyd Blankfein" ends in "CEO").
        """
        head_text, _, apposition = speaker.partition(",")
        apposition = apposition.strip()
        if apposition and (apposition[0].islower() or _ARTICLE.match(apposition)):
            head_text = apposition
        tokens = _WORD_RUN.findall(_CLAUSE.split(head_text)[0])
        while tokens and tokens[-1][0].isupper() and not self.is_known_word(tokens[-1]):
            tokens.pop()
        words = [token.lower() for token in tokens]
        roles = self._roles()
        for length in (3, 2, 1):
            if len(words) >= length and " ".join(words[-length:]) in roles:
                return roles[" ".join(words[-length:])]
        return None

    def _roles(self) -> dict[str, str]:
        """Each normalized rule word -> the first type in rule order that lists it."""
        if "roles" not in self._compiled:
            roles: dict[str, str] = {}
            for type_code in self.order:
                for word in self.words.get(type_code, ()):
                    roles.setdefault(normalize(word), type_code)
            self._compiled["roles"] = roles
        return self._compiled["roles"]

    def _is_body(self, head: list[str]) -> bool:
        """True when the normalized words ``head`` end in an organization head or a
        government_agency rule word ("the Justice Department", "the White House")."""
        if head[-1] in self.organization_words:
            return True
        pattern = self._word_patterns().get("government_agency")
        if pattern is None:
            return False
        return any(match.end() == len(" ".join(head)) for match in pattern.finditer(" ".join(head)))

    def grants_anonymity(self, sentence: str) -> bool:
        """True when ``sentence`` says its source is not named ("on condition of anonymity")."""
        if "anonymity" not in self._compiled:
            phrases = sorted((normalize(p) for p in self.anonymity_phrases), key=len, reverse=True)
            alternation = "|".join(re.escape(p) for p in phrases if p) or "(?!)"
            self._compiled["anonymity"] = re.compile(rf"\b(?:{alternation})\b")
            # every word of a phrase found in normalize(sentence) is a run of letters in
            # sentence.lower(); the longest word of each phrase makes a cheap first test
            self._compiled["anonymity_words"] = tuple(
                {max(p.split(), key=len) for p in phrases if p}
            )
        lowered = sentence.lower()
        if not any(word in lowered for word in self._compiled["anonymity_words"]):
            return False
        return self._compiled["anonymity"].search(normalize(sentence)) is not None

    def label(self, type_code: str) -> str:
        """The plain-language label of a speaker type ("politician or government official")."""
        return self.types.get(type_code, type_code)

    def description(self, type_code: str) -> str:
        """One plain sentence saying who a speaker type covers (the label when none is given)."""
        return self.descriptions.get(type_code) or self.label(type_code)

    # -- compiled patterns (built on first use) -----------------------------------------------
    def _source_by_spelling(self) -> dict[str, Source]:
        if "by_spelling" not in self._compiled:
            table: dict[str, Source] = {}
            for source in self.named_sources.values():
                for spelling in (source.name, *source.aliases):
                    table[spelling.lower()] = source
            self._compiled["by_spelling"] = table
        return self._compiled["by_spelling"]

    def _source_pattern(self) -> re.Pattern[str]:
        if "sources" not in self._compiled:
            written_forms = {
                spelling
                for source in self.named_sources.values()
                for spelling in (source.name, *source.aliases)
            }
            parts = []
            for written in sorted(written_forms, key=lambda s: (-len(s), s)):
                escaped = r"\s+".join(map(re.escape, written.split()))
                # acronyms (AP, UN, IS) match with their capitals only; other names in any case
                parts.append(escaped if written.isupper() else f"(?i:{escaped})")
            firsts = _first_characters(
                [w.lstrip()[:1] for w in written_forms if w.isupper()],  # as the pattern reads
                [w.lstrip()[:1] for w in written_forms if not w.isupper()],
            )
            self._compiled["sources"] = re.compile(
                rf"(?<![\w-]){firsts}(?:{'|'.join(parts) or '(?!)'})(?![\w-])"
            )
        return self._compiled["sources"]

    def _may_name_source(self, words: list[str]) -> bool:
        """Can an ASCII text whose normalized words are ``words`` name a listed source? A
        spelling matched in it (ASCII letters in any case, whitespace between words) is, once
        normalized, a run of its whole words; so when no run of ``words`` is one, it names
        none. (True when this test cannot serve: a spelling holds a character matched to an
        ASCII letter in another case, such as the Kelvin sign.)"""
        if "source_words" not in self._compiled:
            spellings = {
                spelling
                for source in self.named_sources.values()
                for spelling in (source.name, *source.aliases)
            }
            lengths: dict[str, set[int]] = {}  # first word -> word counts of the spellings
            for spelling in map(normalize, spellings):
                if spelling:
                    lengths.setdefault(spelling.split()[0], set()).add(len(spelling.split()))
            servable = not any(
                not normalize(s) or any(char in s for char in _NOT_ASCII_CASE) for s in spellings
            )  # (a spelling without letters or digits is matched in no word run)
            self._compiled["source_words"] = (set(map(normalize, spellings)), lengths, servable)
        spellings, lengths, servable = self._compiled["source_words"]
        if not servable:
            return True
        for at, word in enumerate(words):
            for length in lengths.get(word, ()):
                if " ".join(words[at : at + length]) in spellings:
                    return True
        return False

    def _country_by_spelling(self) -> dict[str, str]:
        if "countries_by" not in self._compiled:
            table = {}
            for country in self.countries.values():
                for spelling in (*country.names, *country.adjectives):
                    table[spelling] = country.name
            self._compiled["countries_by"] = table
        return self._compiled["countries_by"]

    def _country_pattern(self) -> re.Pattern[str]:
        if "countries" not in self._compiled:
            spellings = sorted(self._country_by_spelling(), key=lambda s: (-len(s), s))
            alternation = "|".join(map(re.escape, spellings)) or "(?!)"
            firsts = _first_characters([spelling[:1] for spelling in spellings], [])
            self._compiled["countries"] = re.compile(
                rf"(?<!\w){firsts}(?:{alternation})(?![\w])"
            )
        return self._compiled["countries"]

    def _word_patterns(self) -> dict[str, re.Pattern[str]]:
        if "words" not in self._compiled:
            patterns = {}
            for type_code, words in self.words.items():
                forms = sorted({normalize(word) for word in words if normalize(word)}, key=len)
                alternation = "|".join(re.escape(form) for form in reversed(forms))
                if alternation:
                    patterns[type_code] = re.compile(rf"\b(?:{alternation})\b")
            self._compiled["words"] = patterns
        return self._compiled["words"]

    def _rule_ranks(self) -> tuple[dict[str, int], int]:
        """Each normalized rule word -> the rank in rule order of the first type listing it,
        and the most words a rule word has."""
        if "rule_ranks" not in self._compiled:
            ranks: dict[str, int] = {}
            for rank, type_code in enumerate(self.order):
                for word in self.words.get(type_code, ()):
                    if normalize(word):
                        ranks.setdefault(normalize(word), rank)
            longest = max((len(word.split()) for word in ranks), default=0)
            self._compiled["rule_ranks"] = (ranks, longest)
        return self._compiled["rule_ranks"]

    def _known_words(self) -> frozenset[str]:
        if "known" not in self._compiled:
            known = {normalize(w) for words in self.words.values() for w in words}
            known |= {normalize(w) for w in (*self.person_titles, *self.organizations)}
            known |= {normalize(w) for w in self.unnamed_titles}
            self._compiled["known"] = frozenset(known)
        return self._compiled["known"]


def _first_characters(exact: list[str], any_case: list[str]) -> str:
    """A look-ahead for the first characters of the forms of an alternation (as they are, or
    in any case): put before it, it passes over the offsets where no form can start without
    trying each there. Empty when a form is empty (it matches anywhere)."""
    if "" in exact or "" in any_case:
        return ""
    classes = []
    if exact:
        classes.append(f"[{''.join(map(re.escape, sorted(set(exact))))}]")
    if any_case:
        classes.append(f"(?i:[{''.join(map(re.escape, sorted(set(any_case))))}])")
    return f"(?={'|'.join(classes)})" if classes else ""
