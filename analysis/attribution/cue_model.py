"""A learned check on the attributions the rules find: does this cue introduce speech here?

The rules of :mod:`analysis.attribution.find` take a reporting verb for a cue wherever its
form and the words around it allow; some of those are deeds ("who declared victory"),
requests ("asked him to condemn"), polls ("42% of Ohioans say") or speech that has no content
in the sentence ("what she told the FBI"). A logistic regression over hand-designed features
of the candidate (the cue, its shape, the speaker's shape, the words next to the cue, the
sentence) scores each candidate; candidates scoring below the model's threshold are dropped.

The model is package data, ``analysis/data/cue_model.json``: feature names with their weights,
an intercept, a threshold and its provenance, read with :mod:`json` (no pickle). It holds no
article text: the only words in its feature names are the cue forms of
``reporting_verbs.toml`` and the function words of :data:`VOCABULARY`; any other word is
reduced to its shape (capitalised, lower case, number). It is trained on polnear-dev's
``train`` part by ``benchmarks/train_cue_model.py`` (docs/attribution.md says how).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import repeat
from pathlib import Path

from analysis.attribution.function_words import (
    BETWEEN,
    DETERMINERS,
    JOINING,
    PRONOUNS,
    RELATIVES,
    STOPS,
)
from analysis.attribution.records import Found
from analysis.reporting_verbs import Cue, ReportingVerbs

DEFAULT_CUE_MODEL = Path(__file__).resolve().parent.parent / "data" / "cue_model.json"

# Function words a feature may name as they are; any other word is named by its shape.
# English grammar only (pronouns, determiners, auxiliaries, prepositions, conjunctions,
# question words, quantifiers of polls), no domain vocabulary.
VOCABULARY = frozenset(
    PRONOUNS
    | RELATIVES
    | DETERMINERS
    | JOINING
    | STOPS
    | BETWEEN
    | set(
        "i we you me him us them my your whose what whatever nothing something everything "
        "anything someone anyone everyone nobody percent % people who how never to and "
        "but or not no yes also then so if as by with about".split()
    )
)
_MODALS = frozenset("will would can could should may might must shall".split())
_NEGATIONS = frozenset({"not", "never", "n't", "no"})
_OBJECT_PRONOUNS = frozenset({"him", "her", "them", "us", "me", "you", "it"})
_SUBJECT_PRONOUNS = PRONOUNS | {"i", "we", "you"}
_OBJECT_OPENERS = _OBJECT_PRONOUNS | {"the"}
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
WINDOW = 60
"""Characters read on each side of a cue (and before a speaker) for the tokens next to it."""
_COUNT = re.compile(r"\d|%|\bpercent\b", re.IGNORECASE)  # a count of people: "42 percent"
_QUOTES = frozenset("\"“”‘’'«»")
# the bucket edges of the sentence's length, the cue's position and the speaker's length
_SENTENCE_EDGES = (8, 15, 25, 40)
_POSITION_EDGES = (0, 1, 3, 8, 15)
_SPEAKER_EDGES = (1, 2, 4, 8)

JUDGED_KINDS = frozenset({"verbs", "document_verbs"})
"""The cue kinds the model judges: a verb may report a deed, a request or nothing at all;
"according to", "in a statement", "claims made by" and a headline colon always name a source."""

_disabled = False


@dataclass(frozen=True)
class CueModel:
    """A logistic regression over candidate features: weights by feature name, an intercept,
    and the probability below which a candidate is dropped."""

    weights: dict[str, float]
    intercept: float
    threshold: float

    def probability(self, features: list[str]) -> float:
        """The model's probability that a candidate with these features is speech."""
        weights = self.weights
        score = self.intercept + sum(map(weights.get, features, repeat(0.0)))
        return 1.0 / (1.0 + math.exp(-score))

    def keeps(self, features: list[str]) -> bool:
        """Whether a candidate with these features is kept."""
        return self.probability(features) >= self.threshold


def read_cue_model(path: Path | str) -> CueModel:
    """A cue model from its JSON file (``weights``, ``intercept``, ``threshold``)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return CueModel(
        {str(name): float(value) for name, value in data["weights"].items()},
        float(data["intercept"]),
        float(data["threshold"]),
    )


@cache
def _packaged() -> CueModel | None:
    return read_cue_model(DEFAULT_CUE_MODEL) if DEFAULT_CUE_MODEL.is_file() else None


def load_cue_model() -> CueModel | None:
    """The packaged cue model; None while :func:`without_cue_model` is in force or when the
    file is absent (the rules then decide alone)."""
    return None if _disabled else _packaged()


@contextmanager
def without_cue_model() -> Iterator[None]:
    """Find attributions with the rules alone inside the block (to train the model on what
    the rules find, or to compare)."""
    global _disabled
    before, _disabled = _disabled, True
    try:
        yield
    finally:
        _disabled = before


@lru_cache(maxsize=8192)
def _shape(word: str) -> str:
    """A word as a feature value: itself if a function word, else its shape."""
    lower = word.lower()
    if lower in VOCABULARY:
        return lower
    if not word[0].isalnum():
        return word if len(word) == 1 else "mark"
    if word[0].isdigit():
        return "NUM"
    return "Cap" if word[0].isupper() else "low"


@lru_cache(maxsize=1024)
def _bucket(name: str, count: int, edges: tuple[int, ...]) -> str:
    """The feature ``name=<=edge`` of the first edge ``count`` does not pass."""
    for edge in edges:
        if count <= edge:
            return f"{name}=<={edge}"
    return f"{name}=>{edges[-1]}"


def cue_features(
    text: str,
    sentence: tuple[int, int],
    cue: Cue,
    cue_text: str,
    cue_span: tuple[int, int],
    speaker: tuple[int, int] | None,
    direct: bool,
    first_sentence: bool,
    forms: frozenset[str] = frozenset(),
) -> list[str]:
    """The feature names of one candidate attribution: ``sentence`` and ``cue_span`` are
    character spans of ``text`` (end exclusive), ``speaker`` the speaker's span or None,
    ``direct`` whether a quotation is attached, ``first_sentence`` whether it is the
    article's first sentence (usually the headline). ``forms`` are the reporting cue forms,
    which features may name as written."""
    start, end = sentence
    cue_start, cue_end = cue_span
    # the tokens next to the cue, read in a window of characters (the rules' sentences may be
    # long, and candidates are many); lengths are counted in spaces
    before = _TOKEN.findall(text, max(start, cue_start - WINDOW), cue_start)
    after = _TOKEN.findall(text, cue_end, min(end, cue_end + WINDOW))

    words_before = text.count(" ", start, cue_start)
    features = [
        *_cue_names(cue, cue_text),
        "direct" if direct else "indirect",
        "first_sentence" if first_sentence else "later_sentence",
        _bucket("sentence_words", text.count(" ", start, end) + 1, _SENTENCE_EDGES),
        _bucket("cue_position", words_before, _POSITION_EDGES),
    ]
    if text[cue_start].isupper() and before and before[-1] not in _QUOTES:
        features.append("cue_capitalised")  # "Trump Says He Never Pledged": a headline
    if text.find("?", start, end) >= 0:
        features.append("question")
    if before:
        features.append("before1=" + _cue_or_shape(before[-1], forms))
        if len(before) > 1:
            features.append("before2=" + _cue_or_shape(before[-2], forms))
        lowered_before = {word.lower() for word in before[-4:]}
        if not _MODALS.isdisjoint(lowered_before):
            features.append("modal_before")
        if not _NEGATIONS.isdisjoint(lowered_before):
            features.append("negation_before")
    else:
        features.append("before1=START")
    if after:
        features.append("after1=" + _cue_or_shape(after[0], forms))
        if len(after) > 1:
            features.append("after2=" + _cue_or_shape(after[1], forms))
        if (
            len(after) >= 3
            and after[0].lower() in _OBJECT_OPENERS
            and "to" in {word.lower() for word in after[1:4]}
        ):
            features.append("object_then_to")  # "asked him to condemn", "urged the party to"
    else:
        features.append("after1=END")
    features.extend(_speaker_features(text, start, cue_start, speaker))
    return features


@lru_cache(maxsize=4096)
def _cue_or_shape(word: str, forms: frozenset[str]) -> str:
    """A token as a feature value: "cue:said" for a cue form, else :func:`_shape`."""
    lower = word.lower()
    return f"cue:{lower}" if lower in forms else _shape(word)


@lru_cache(maxsize=1024)
def _cue_names(cue: Cue, cue_text: str) -> tuple[str, ...]:
    """The features of the cue itself: lemma, form, kind, class and the form's shape."""
    last_word = cue_text.split()[-1] if cue_text else ""
    shape = (
        "ing" if last_word.endswith("ing") else "s" if last_word.endswith("s")
        else "ed" if last_word.endswith(("ed", "id", "ld", "te", "ote")) else "bare"
    )
    return (
        f"lemma={cue.lemma}",
        f"form={cue_text}",
        f"kind={cue.kind}",
        f"class={cue.verb_class}",
        f"shape={shape}",
    )


@lru_cache(maxsize=64)
def _speaker_kind(kind: str, side: str) -> tuple[str, str, str]:
    return f"speaker={kind}", f"speaker_side={side}", f"speaker_kind_side={kind}_{side}"


def _speaker_features(
    text: str, sentence_start: int, cue_start: int, speaker: tuple[int, int] | None
) -> list[str]:
    if speaker is None:
        return ["speaker=none"]
    speaker_start, speaker_end = speaker
    words = _TOKEN.findall(text, speaker_start, speaker_end)
    if not words:
        return ["speaker=none"]
    side = "before" if speaker_start < cue_start else "after"
    kind = _kind_of_speaker(text, speaker, words)
    features = [
        *_speaker_kind(kind, side),
        _bucket("speaker_words", len(words), _SPEAKER_EDGES),
        "speaker_first=" + _shape(words[0]),
    ]
    if kind == "noun" and _plural(words[-1]):
        features.append("speaker_plural_noun")
    if side == "before":
        preceding = _TOKEN.findall(text, max(sentence_start, speaker_start - 30), speaker_start)
        features.append("before_speaker=" + (_shape(preceding[-1]) if preceding else "START"))
        between = _TOKEN.findall(text, speaker_end, cue_start)
        if RELATIVES & {word.lower() for word in between}:
            features.append("relative_between")
    return features


def keep_speech(
    model: CueModel | None, text: str, found: list[Found], forms: frozenset[str]
) -> list[Found]:
    """The attributions of one article (``text`` its clean_text) that ``model`` keeps, all of
    them when there is no model. Call it once their quotations are attached."""
    if model is None:
        return found
    return [
        item
        for item in found
        if item.cue.kind not in JUDGED_KINDS
        or model.keeps(cue_features(
            text, (item.sentence_start, item.sentence_end), item.cue, item.cue_text,
            (item.cue_start, item.cue_end), item.speaker, item.quote is not None,
            item.sentence_index == 0, forms))
    ]


def _kind_of_speaker(text: str, speaker: tuple[int, int], words: list[str]) -> str:
    """A speaker's kind as a feature value: pronoun, number, name or noun."""
    first, last = words[0], words[-1]
    if len(words) == 1 and first.lower() in _SUBJECT_PRONOUNS:
        return "pronoun"
    if _COUNT.search(text, speaker[0], speaker[1]):
        return "number"
    return "name" if last[0].isupper() else "noun"


def _plural(word: str) -> bool:
    lower = word.lower()
    return lower.endswith("s") and not lower.endswith("ss")


HEADLINE_CUE = Cue(":", ":", "neutral", "headline")
"""The cue of a headline "Lavrov: ..." (analysis.attribution.find makes the same)."""


def cue_of_row(verbs: ReportingVerbs, cue_text: str) -> Cue:
    """The cue behind an ATTRIBUTIONS row's ``cue`` text ("said", "according to", "claims
    made by", ":"), to compute a row's features as :func:`keep_speech` does."""
    if cue_text == ":":
        return HEADLINE_CUE
    words = cue_text.split()
    # the whole text, else its longest leading words: a reporting noun with its link
    # ("claims made by"), a verb joined to a phrase ("says in a statement")
    for size in range(len(words), 0, -1):
        for kind in ("phrases", "verbs", "document_verbs", "nouns"):
            if (kind, " ".join(words[:size])) in verbs.cues:
                return verbs.cues[kind, " ".join(words[:size])]
    raise KeyError(cue_text)
