"""What is planted: framing terms and distinctive words, and the regular expressions that count
them (``data/markers.toml``), plus the rules that keep filler text from planting them by accident.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from . import datafiles


@dataclass(frozen=True)
class Term:
    """A planted expression: ``pattern`` (case-insensitive) counts it, ``forms`` are written.

    Forms are written with curly inner quotes; each outlet writes them in its own typography
    (``Outlet.forms``).
    """

    name: str
    pattern: str
    forms: tuple[str, ...]


def _framing_terms() -> tuple[Term, ...]:
    terms = []
    for name, entry in datafiles.get("markers", "framing_terms").items():
        if not isinstance(entry.get("pattern"), str) or not entry.get("forms"):
            raise datafiles.DataFileError(
                f"markers.toml: framing term {name!r} needs a pattern and a list of forms"
            )
        re.compile(entry["pattern"])  # a broken pattern fails here, naming itself
        terms.append(Term(name, entry["pattern"], tuple(entry["forms"])))
    return tuple(terms)


FRAMING_TERMS: tuple[Term, ...] = _framing_terms()
DISTINCTIVE_WORDS: tuple[Term, ...] = tuple(
    Term(word, rf"\b{word}\b", (word,))
    for word in datafiles.strings("markers", "distinctive_words", "words")
)
"""Words each outlet uses and the others never do, planted like the framing terms."""

MARKERS: tuple[Term, ...] = FRAMING_TERMS + DISTINCTIVE_WORDS
"""Everything planted, framing terms first; a marker's index is its position here."""
N_TERMS = len(FRAMING_TERMS)
N_MARKERS = len(MARKERS)
ANY_MARKER = re.compile("|".join(f"(?:{m.pattern})" for m in MARKERS), re.IGNORECASE)
MARKER_PATTERNS = [re.compile(marker.pattern, re.IGNORECASE) for marker in MARKERS]

FILLER_MAY_USE = frozenset(datafiles.strings("markers", "filler", "may_use"))
"""Words of planted expressions that filler text may still use (see markers.toml)."""


def count_markers(text: str) -> np.ndarray:
    """Occurrences of every marker in ``text``, by the same regexes truth.json publishes."""
    return np.array([len(pattern.findall(text)) for pattern in MARKER_PATTERNS], dtype=np.int64)


def marker_words() -> frozenset[str]:
    """Lower-case words of every planted marker that filler text must never contain."""
    words: set[str] = set(datafiles.strings("markers", "filler", "never_use"))
    for marker in MARKERS:
        for form in marker.forms:
            words.update(part.lower() for part in re.findall(r"\w+", form))
    return frozenset(words - FILLER_MAY_USE)


def safe_filler(text: str, excluded: frozenset[str]) -> bool:
    """Whether ``text`` may appear as filler: no marker in it, no word of a marker."""
    if ANY_MARKER.search(text):
        return False
    return not {part.lower() for part in re.findall(r"\w+", text)} & excluded
