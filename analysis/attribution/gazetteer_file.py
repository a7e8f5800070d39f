"""Reading a source gazetteer: the packaged ``analysis/data/sources.toml`` or a user's file
(replacing it or, with ``extend``, added to it), validated with each problem at its file and
line, into a :class:`~analysis.attribution.gazetteer.Gazetteer`."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from analysis.attribution.gazetteer import (
    SPEAKER_TYPES,
    Country,
    Gazetteer,
    Source,
)
from analysis.errors import FramelensError
from analysis.tomlfile import problem, read_toml

DEFAULT_SOURCES = Path(__file__).resolve().parent.parent / "data" / "sources.toml"


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
