"""Filler words: a vocabulary ranked by frequency, made from the seed, and Zipf-law rank draws.

Ranks up to the number of common words (``data/words.toml``) are common English news words;
rarer ranks are pseudo-words, names, places, numbers, dates and titled names, each made
deterministically from (seed, rank), so new words keep appearing as a corpus grows.
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import numpy as np

from . import datafiles
from .markers import marker_words, safe_filler

try:
    from analysis.tokens import WORD_PATTERN
except ModuleNotFoundError:  # run from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from analysis.tokens import WORD_PATTERN

_WORD = re.compile(WORD_PATTERN)

DENSE_VOCABULARY = 65_536
"""Word ranks below this come from a precomputed table; rarer ones are made on demand."""
ZIPF_KNEE = 8_000
"""Rank where the frequency curve steepens from 1/rank to 1/rank**2 (two-regime Zipf)."""
MAX_RANK = 2**40

COMMON_WORDS: list[str] = list(dict.fromkeys(datafiles.get("words", "common").split()))
"""Common words of news text, most frequent first; a repeated word keeps its first rank."""
TITLES = datafiles.strings("words", "names", "titles")
MONTHS = datafiles.strings("words", "dates", "months")
_PREFIXES = datafiles.strings("words", "pseudo_words", "prefixes")
_SYLLABLES = tuple(
    onset + nucleus + coda
    for onset in datafiles.strings("words", "pseudo_words", "onsets")
    for nucleus in datafiles.strings("words", "pseudo_words", "nuclei")
    for coda in datafiles.strings("words", "pseudo_words", "codas")
)
_SUFFIXES = datafiles.strings("words", "pseudo_words", "suffixes")
_COMPOUND_ENDINGS = datafiles.strings("words", "pseudo_words", "compound_endings")
_NAME_SYLLABLES = datafiles.strings("words", "names", "syllables")
_NAME_ENDINGS = datafiles.strings("words", "names", "endings")
_PLACE_PREFIXES = datafiles.strings("words", "names", "place_prefixes")
_ACRONYM_LETTERS: str = datafiles.get("words", "names", "acronym_letters")
_MASK = (1 << 64) - 1


def mix(value: int) -> int:
    """A 64-bit integer hash (splitmix64): the same on every platform and Python version."""
    value = (value + 0x9E3779B97F4A7C15) & _MASK
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK
    return value ^ (value >> 31)


def capitalize(text: str) -> str:
    """``text`` with its first character upper-cased and the rest left alone."""
    return text[:1].upper() + text[1:]


def count_words(text: str) -> int:
    """Words in ``text`` as framelens counts them (``analysis.tokens.WORD_PATTERN``)."""
    return len(_WORD.findall(text))


_PHRASE_WORDS: dict[str, int] = {}


def phrase_words(text: str) -> int:
    """``count_words`` for short strings that recur (attributions, furniture lines), cached."""
    words = _PHRASE_WORDS.get(text)
    if words is None:
        if len(_PHRASE_WORDS) > 200_000:
            _PHRASE_WORDS.clear()
        words = _PHRASE_WORDS[text] = count_words(text)
    return words


class Digits:
    """Draws small choices from one hash value, like reading off its digits."""

    def __init__(self, value: int) -> None:
        self.state = self.value = value

    def pick(self, options: tuple[str, ...] | list[str] | str) -> str:
        """One of ``options``, uniformly."""
        return options[self.below(len(options))]

    def below(self, bound: int) -> int:
        """A whole number in [0, ``bound``)."""
        if self.value < bound << 8:  # running out of digits: draw a fresh hash
            self.state = mix(self.state + 1)
            self.value = self.state
        self.value, result = divmod(self.value, bound)
        return result


class Vocabulary:
    """Filler words by frequency rank, and people's names by rank, both made from the seed.

    Rank 1 is "the"; ranks up to ``len(COMMON_WORDS)`` are common English words and beyond
    that pseudo-words, proper names, places, numbers, dates and titled names, each made
    deterministically from (seed, rank). No filler word is part of a planted marker.
    """

    def __init__(self, seed: int) -> None:
        self.key = mix(seed * 0x2545F4914F6CDD1D + 17)
        self.excluded = marker_words()
        self.dense_words: list[str] = []
        for rank in range(1, DENSE_VOCABULARY + 1):
            self.dense_words.append(self._make_word(rank))
        self.dense_counts = np.array([count_words(w) for w in self.dense_words], dtype=np.int64)
        self._sparse: dict[int, tuple[str, int]] = {}
        self._names: dict[int, str] = {}

    def word(self, rank: int) -> tuple[str, int]:
        """The filler word of ``rank`` and how many words it counts as."""
        if rank <= DENSE_VOCABULARY:
            return self.dense_words[rank - 1], int(self.dense_counts[rank - 1])
        found = self._sparse.get(rank)
        if found is None:
            text = self._make_word(rank)
            found = self._sparse[rank] = (text, count_words(text))
        return found

    def has_rank(self, rank: int) -> bool:
        """Whether the rare word of ``rank`` has been made already."""
        return rank <= DENSE_VOCABULARY or rank in self._sparse

    @property
    def sparse_types(self) -> int:
        """Distinct rare words (rank above the dense table) made so far."""
        return len(self._sparse)

    def person(self, rank: int) -> str:
        """The person of ``rank``: low ranks recur (spokesmen), high ranks are new names."""
        name = self._names.get(rank)
        if name is None:
            for salt in range(50):
                digits = Digits(mix(self.key ^ (rank * 0xD1B54A32D192ED03 + salt)))
                first = self._proper(digits, 2)
                last = self._proper(digits, 2 + digits.below(2))
                name = f"{first} al-{last}" if digits.below(4) == 0 else f"{first} {last}"
                if safe_filler(name, self.excluded):
                    break
            self._names[rank] = name
        return name

    def _make_word(self, rank: int) -> str:
        if rank <= len(COMMON_WORDS):
            return COMMON_WORDS[rank - 1]
        for salt in range(50):
            digits = Digits(mix(self.key ^ (rank * 0x9E3779B97F4A7C15 + salt)))
            text = self._make_rare(digits)
            if safe_filler(text, self.excluded):
                return text
        raise RuntimeError(f"no filler word for rank {rank}")  # pragma: no cover

    def _make_rare(self, digits: Digits) -> str:
        # shares per 1,000 of rare words: what kind of word a rank is
        kind = digits.below(1000)
        if kind < 760:
            return self._pseudo(digits)
        if kind < 880:
            return self._proper(digits, 2 + digits.below(2))  # a surname, town or group
        if kind < 935:
            return _number(digits)
        if kind < 955:
            return f"{self._proper(digits, 2)} {self._proper(digits, 2 + digits.below(2))}"
        if kind < 970:
            place = self._proper(digits, 2)
            if digits.below(2):
                return f"{digits.pick(_PLACE_PREFIXES)} al-{place}"
            return f"al-{place}"
        if kind < 978:
            return _date_phrase(digits)
        if kind < 983:
            title = digits.pick(TITLES)
            return f"{title} {self._proper(digits, 2)} {self._proper(digits, 3)}"
        if kind < 995:
            return f"{self._pseudo(digits)}-{digits.pick(_COMPOUND_ENDINGS)}"
        letters = _ACRONYM_LETTERS
        return "".join(letters[digits.below(len(letters))] for _ in range(3 + digits.below(2)))

    @staticmethod
    def _pseudo(digits: Digits) -> str:
        root = digits.pick(_SYLLABLES)
        if digits.below(4) == 0:
            root += digits.pick(_SYLLABLES)
        prefix = digits.pick(_PREFIXES) if digits.below(5) == 0 else ""
        return prefix + root + digits.pick(_SUFFIXES)

    @staticmethod
    def _proper(digits: Digits, syllables: int) -> str:
        body = "".join(digits.pick(_NAME_SYLLABLES) for _ in range(syllables))
        return capitalize(body + digits.pick(_NAME_ENDINGS))


def _number(digits: Digits) -> str:
    style = digits.below(8)
    if style == 0:
        return f"{digits.below(99) + 2}"
    if style in (1, 2):
        return f"{(digits.below(900) + 10) * 10 ** (1 + digits.below(2)):,}"
    if style == 3:
        return f"{digits.below(99) + 1}%"
    if style == 4:
        return f"{digits.below(90) + 1}.{digits.below(9) + 1}"
    if style == 5:
        return f"${digits.below(9) + 1}.{digits.below(10)} million"
    if style == 6:
        return f"{digits.below(98) + 2} percent"
    return f"{digits.below(9000) + 1000:,}"


def _date_phrase(digits: Digits) -> str:
    month = digits.pick(MONTHS)
    day = digits.below(28) + 1
    year = 2011 + digits.below(8)
    if digits.below(2):
        return f"{month} {day}, {year}"
    return f"{day} {month} {year}"


def draw_ranks(rng: np.random.Generator, count: int, knee: int = ZIPF_KNEE) -> np.ndarray:
    """``count`` word ranks from a two-regime Zipf law: frequency ~ 1/rank up to ``knee``,
    then ~ 1/rank**2, so the number of distinct words grows like the square root of the
    corpus (Heaps' law) while the common words keep English-like shares."""
    log_knee = math.log(knee)
    spread = rng.random(count) * (log_knee + 1.0)
    head = np.exp(np.minimum(spread, log_knee))
    tail = knee / np.maximum(1.0 - (spread - log_knee), 1.0 / MAX_RANK)
    ranks = np.where(spread < log_knee, head, tail)
    return np.minimum(ranks, MAX_RANK).astype(np.int64)


class RankPool:
    """Ranks drawn from ``draw_ranks`` a block at a time and handed out one by one."""

    def __init__(self, rng: np.random.Generator, knee: int, modulo: int = 0) -> None:
        self.rng, self.knee, self.modulo = rng, knee, modulo
        self.ranks: list[int] = []

    def next(self) -> int:
        """The next rank."""
        if not self.ranks:
            block = draw_ranks(self.rng, 4096, self.knee)
            if self.modulo:
                block %= self.modulo  # fold rare ranks back into the common range
            self.ranks = block.tolist()[::-1]
        return self.ranks.pop()


class HeapsTracker:
    """Counts distinct filler words at each power of two of words drawn (Heaps' law)."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.filler_tokens = 0
        self.dense_seen = np.zeros(DENSE_VOCABULARY + 1, dtype=bool)
        self.points: list[list[int]] = []
        """[filler words drawn, distinct filler words among them] at every power of two."""
        self._next_point = 1 << 10

    def track(self, ranks: np.ndarray) -> None:
        """Record a block of drawn ranks; call it before any new rare word is made."""
        start = self.filler_tokens
        end = start + len(ranks)
        if self._next_point < end:
            types = int(self.dense_seen.sum()) + self.vocabulary.sparse_types
            unique, first = np.unique(ranks, return_index=True)
            new = np.zeros(len(unique), dtype=bool)
            dense = unique <= DENSE_VOCABULARY
            new[dense] = ~self.dense_seen[unique[dense]]
            new[~dense] = [not self.vocabulary.has_rank(r) for r in unique[~dense].tolist()]
            firsts = np.sort(first[new])
            while self._next_point < end:
                seen = types + int(np.searchsorted(firsts, self._next_point - start))
                self.points.append([self._next_point, seen])
                self._next_point *= 2
        self.dense_seen[ranks[ranks <= DENSE_VOCABULARY]] = True
        self.filler_tokens = end
