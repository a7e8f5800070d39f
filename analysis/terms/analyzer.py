"""The project's term analyzer: the terms of one text.

A *term* is a word or a phrase of two or three adjacent words. :func:`analyze` turns a clean
text into its terms, one text at a time, in Python; :func:`term_of_word` gives a word's term
form. :mod:`analysis.terms.matrix` finds the same terms for many texts at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from analysis.errors import FramelensError
from analysis.terms.defaults import DEFAULT_NGRAM_RANGE
from analysis.terms.tokenize import TOKEN

STOP_WORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS)
"""scikit-learn's English stop words (lowercase): never a term, never part of a phrase."""


_LETTER = re.compile(r"[^\W\d_]")


# term_of_word is pure, and a few thousand words make up most of any text, so its results
# are remembered; the cache is emptied when it grows past this many words.
_TERM_CACHE_SIZE = 1_000_000
_TERM_OF_WORD: dict[str, str] = {}


def term_of_word(word: str) -> str | None:
    """The term form of one word (as found by ``WORD_PATTERN``), or None if it is not a term.

    Words are lowercased and curly apostrophes straightened ("Syria’s" -> "syria's"). A word
    without a letter (a number such as 8,500 or 2016) and an English stop word give None.
    The one exception: a stop word written in capitals of two or more letters is an acronym
    (US, IS, WHO, IT) and is kept as written, so "US forces" is not read as "us".
    """
    return term_or_empty(word) or None


def term_or_empty(word: str) -> str:
    """term_of_word, remembered, with "" for a word that is not a term."""
    term = _TERM_OF_WORD.get(word)
    if term is None:
        if len(_TERM_OF_WORD) > _TERM_CACHE_SIZE:
            _TERM_OF_WORD.clear()
        term = _TERM_OF_WORD[word] = term_form(word)
    return term


def term_form(word: str) -> str:
    """term_of_word, not remembered, with "" for a word (or any token) that is not a term."""
    if not _LETTER.search(word):
        return ""
    term = word.lower().replace("\u2019", "'")
    if term in STOP_WORDS:
        return word if len(word) > 1 and word.isupper() else ""
    return term


def term_runs(text: str) -> list[list[str]]:
    """The text's terms as runs of adjacent words, each run a list of single-word terms.

    A run ends at any word that is not a term (stop word, number), at any punctuation
    character between two words (comma, full stop, quotation mark, bracket, dash) and at a
    line break. Phrases are made only inside a run, so every phrase occurs verbatim in the text.
    """
    runs: list[list[str]] = []
    run: list[str] = []
    known = _TERM_OF_WORD
    for word in TOKEN.findall(text):
        # "" stands for punctuation or a line break; it and non-terms end the run.
        term = known.get(word, None) if word else ""
        if term is None:
            term = term_or_empty(word)
        if term:
            run.append(term)
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return runs


def make_analyzer(ngram_range: tuple[int, int] = DEFAULT_NGRAM_RANGE) -> Callable[[str], list[str]]:
    """An analyzer like :func:`analyze` that makes phrases of ``ngram_range`` words.

    ``ngram_range`` is (shortest, longest) in words, both at least 1. The callable fits
    scikit-learn's ``CountVectorizer(analyzer=...)``.
    """
    shortest, longest = check_ngram_range(ngram_range)

    def analyzer(text: str) -> list[str]:
        return _phrases(term_runs(text), shortest, longest)

    return analyzer


def _phrases(runs: list[list[str]], shortest: int, longest: int) -> list[str]:
    """Every phrase of ``shortest`` to ``longest`` adjacent terms inside each run."""
    terms: list[str] = []
    for run in runs:
        for size in range(shortest, min(longest, len(run)) + 1):
            if size == 1:
                terms.extend(run)
            else:
                terms.extend(" ".join(run[i : i + size]) for i in range(len(run) - size + 1))
    return terms


def check_ngram_range(ngram_range: tuple[int, int]) -> tuple[int, int]:
    """(shortest, longest) as ints; FramelensError unless 1 <= shortest <= longest."""
    shortest, longest = ngram_range
    if not 1 <= shortest <= longest:
        raise FramelensError(
            f"ngram_range must be (shortest, longest) words with 1 <= shortest <= longest; "
            f"got {ngram_range}"
        )
    return int(shortest), int(longest)


def analyze(text: str) -> list[str]:
    """The project's term analyzer: the terms of ``text``, in no guaranteed order.

    Words are those of :data:`analysis.tokens.WORD_PATTERN`, put in term form by
    :func:`term_of_word` (lowercase, straight apostrophe; stop words and numbers dropped).
    The result holds every single-word term and every phrase of 2 and 3 adjacent terms
    within a run (see :func:`term_runs`): phrases never span a removed stop word, a number,
    punctuation or a line break, so "city of Aleppo" gives "city" and "aleppo" but no
    "city aleppo", and "Syrian Observatory for Human Rights" gives "syrian observatory"
    and "human rights". Phrase words are joined by one space.
    """
    return _phrases(term_runs(text), *DEFAULT_NGRAM_RANGE)


def words_in_term(terms: Iterable[str]) -> np.ndarray:
    """Number of words in each term (1 for a word, 2 or 3 for a phrase), as int64."""
    return np.fromiter((term.count(" ") + 1 for term in terms), dtype=np.int64)
