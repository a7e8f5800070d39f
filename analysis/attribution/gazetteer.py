"""The source gazetteer: speaker types, named sources, countries and the rules that type a speaker.

The vocabulary lives in ``analysis/data/sources.toml`` (see its header for the typing order);
this module validates it and compiles it into a few regexes, once per gazetteer.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from analysis.attribution.function_words import INDEFINITE
from analysis.errors import FramelensError
from analysis.tomlfile import problem, read_toml

DEFAULT_SOURCES = Path(__file__).resolve().parent.parent / "data" / "sources.toml"

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

    # -- lookups -------------------------------------------------------------------------------
    def find_source(self, text: str) -> tuple[Source, int, int] | None:
        """The longest named source written in ``text`` with its span, or None."""
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
        normalized = normalize(text)
        for type_code in self.order:
            pattern = self._word_patterns().get(type_code)
            if pattern is not None and pattern.search(normalized):
                return type_code
        return None

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
            self._compiled["sources"] = re.compile(
                rf"(?<![\w-])(?:{'|'.join(parts) or '(?!)'})(?![\w-])"
            )
        return self._compiled["sources"]

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
            self._compiled["countries"] = re.compile(rf"(?<!\w)(?:{alternation})(?![\w])")
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

    def _known_words(self) -> frozenset[str]:
        if "known" not in self._compiled:
            known = {normalize(w) for words in self.words.values() for w in words}
            known |= {normalize(w) for w in (*self.person_titles, *self.organizations)}
            known |= {normalize(w) for w in self.unnamed_titles}
            self._compiled["known"] = frozenset(known)
        return self._compiled["known"]


def load_gazetteer(path: Path | None = None, *, extend: bool = False) -> Gazetteer:
    """Read and validate a source gazetteer.

    With no ``path``, the packaged ``analysis/data/sources.toml``. A user ``path`` replaces it,
    or with ``extend=True`` adds to it (types, words and countries are merged; a source in both
    takes the user's entry). Raises FramelensError naming the file and line of a problem.
    """
    if path is None:
        return _default_gazetteer()
    data, text = read_toml(Path(path))
    if extend:
        base, base_text = read_toml(DEFAULT_SOURCES)
        gazetteer = _build(Path(path), text, _merge(base, data), require_all=False)
        return _stamp(gazetteer, [(DEFAULT_SOURCES, base_text), (Path(path), text)])
    gazetteer = _build(Path(path), text, data, require_all=True)
    return _stamp(gazetteer, [(Path(path), text)])


@cache
def _default_gazetteer() -> Gazetteer:
    data, text = read_toml(DEFAULT_SOURCES)
    return _stamp(_build(DEFAULT_SOURCES, text, data, require_all=True), [(DEFAULT_SOURCES, text)])


def _stamp(gazetteer: Gazetteer, files: list[tuple[Path, str]]) -> Gazetteer:
    """Record which files a gazetteer came from and a hash of their content (for the report)."""
    hasher = hashlib.sha256()
    for _, text in files:
        hasher.update(text.encode("utf-8"))
    gazetteer.content_hash = hasher.hexdigest()[:12]
    gazetteer.sources = tuple(str(path) for path, _ in files)
    return gazetteer


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = {
        key: (dict(value) if isinstance(value, dict) else value) for key, value in base.items()
    }
    for key, value in extra.items():
        if key not in merged or not isinstance(value, dict) or not isinstance(merged[key], dict):
            merged[key] = value
            continue
        for inner_key, inner_value in value.items():
            current = merged[key].get(inner_key)
            if isinstance(current, list) and isinstance(inner_value, list):
                merged[key][inner_key] = current + [v for v in inner_value if v not in current]
            elif isinstance(current, dict) and isinstance(inner_value, dict) and key == "rules":
                for type_code, words in inner_value.items():
                    merged[key][inner_key][type_code] = current.get(type_code, []) + list(words)
            else:
                merged[key][inner_key] = inner_value
    return merged


def _strings(path: Path, text: str, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise problem(path, text, key, f"{key} must be a list of strings")
    return tuple(value)


def _build(path: Path, text: str, data: dict[str, Any], *, require_all: bool) -> Gazetteer:
    types = data.get("types")
    if not isinstance(types, dict) or not all(isinstance(v, str) for v in types.values()):
        raise problem(path, text, "types", 'needs a [types] table: code = "plain-language label"')
    missing = [code for code in SPEAKER_TYPES if code not in types]
    if missing and require_all:
        raise problem(path, text, "types", f"[types] misses {missing}; declare every type")
    types = {**{code: code for code in SPEAKER_TYPES}, **types}
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise problem(path, text, "rules", "[rules] must be a table")
    order = _strings(path, text, "order", rules.get("order", []))
    words_table = rules.get("words", {})
    if not isinstance(words_table, dict):
        raise problem(path, text, "rules.words", "[rules.words] must be a table of word lists")
    words = {}
    for type_code, listed in words_table.items():
        if type_code not in types:
            raise problem(path, text, type_code, f"unknown speaker type {type_code!r} in rules")
        words[type_code] = _strings(path, text, type_code, listed)
    for type_code in order:
        if type_code not in types:
            raise problem(path, text, "order", f"unknown speaker type {type_code!r} in order")
    descriptions = data.get("descriptions", {})
    if not isinstance(descriptions, dict) or not all(
        isinstance(v, str) for v in descriptions.values()
    ):
        raise problem(path, text, "descriptions",
                      '[descriptions] must be a table: code = "one plain sentence"')
    for type_code in descriptions:
        if type_code not in types:
            raise problem(path, text, type_code,
                          f"unknown speaker type {type_code!r} in [descriptions]")
    persons = data.get("persons", {})
    countries = {}
    for name, entry in data.get("countries", {}).items():
        if not isinstance(entry, dict):
            raise problem(path, text, name, f"country {name!r} needs names and adjectives lists")
        countries[name] = Country(
            name,
            _strings(path, text, name, entry.get("names", [name])),
            _strings(path, text, name, entry.get("adjectives", [])),
        )
    sources = {}
    for name, entry in data.get("sources", {}).items():
        if not isinstance(entry, dict) or entry.get("type") not in types:
            raise problem(path, text, name, f"source {name!r} needs type = one of {sorted(types)}")
        country = entry.get("country")
        if country is not None and not isinstance(country, str):
            raise problem(path, text, name, f"source {name!r}: country must be a string")
        aliases = _strings(path, text, name, entry.get("aliases", []))
        sources[name] = Source(name, entry["type"], country, aliases)
    try:
        return Gazetteer(
            types=types,
            order=order or tuple(code for code in SPEAKER_TYPES if code in words),
            words=words,
            unnamed_titles=_strings(path, text, "unnamed_titles", rules.get("unnamed_titles", [])),
            anonymity_phrases=_strings(
                path, text, "anonymity_phrases", rules.get("anonymity_phrases", [])
            ),
            person_titles=_strings(path, text, "titles", persons.get("titles", [])),
            organizations=_strings(path, text, "organizations", persons.get("organizations", [])),
            countries=countries,
            named_sources=sources,
            descriptions=dict(descriptions),
            relations=_strings(path, text, "relations", persons.get("relations", [])),
            female=_strings(path, text, "female", persons.get("female", [])),
            male=_strings(path, text, "male", persons.get("male", [])),
            female_endings=_strings(
                path, text, "female_endings", persons.get("female_endings", [])
            ),
        )
    except AttributeError:
        raise FramelensError(f"{path}, line 1: [persons] must be a table") from None
