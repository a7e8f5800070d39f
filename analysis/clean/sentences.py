"""Sentence spans at regular-expression speed, identical to nltk's Punkt.

framelens splits sentences as nltk's ``PunktSentenceTokenizer`` does with untrained parameters
plus the packaged abbreviation list (``analysis/data/abbreviations.txt``). Untrained, Punkt has
no collocations, no frequent sentence starters and an empty orthographic context, so its
decisions reduce to a few rules, which this module applies with compiled regular expressions
and a little Python per candidate boundary, instead of building an object for every word.
The rules, for one paragraph (sentences never cross a line break):

1. A *candidate* is a ``.``, ``?`` or ``!`` followed either by one of Punkt's non-word
   characters (closing brackets and quotes, ``?``, ``!`` and a few others: ``_NON_WORD``) or
   by whitespace and another word.
2. Of several candidates inside one word (a run of characters between ASCII spaces, tabs or
   line ends: ``acting!!!``, ``Hi.)x.``) only the last counts, plus one that starts the word
   (so a paragraph ending in ``?!`` ends with a sentence ``!``, as in Punkt).
   A candidate's *context* is its word up to the candidate, the candidate, and what follows:
   the one non-word character, or the whitespace and the whole next word.
3. A ``?`` or ``!`` candidate always ends a sentence. A ``.`` candidate ends one when, among
   Punkt's word tokens of its context, a token before the last one ends a sentence: a bare
   ``.``, ``?`` or ``!``; or a token ending in a single period that is not an abbreviation
   (its lower case, or the part after its last hyphen, is not on the list) unless it is an
   initial or a number followed by a lower-case word or by ``, ; : . ! ?``, or an initial
   followed by a capitalised word. Runs of dots never end a sentence. In the common case, a
   word such as ``said``, ``U.N`` or ``al-Assad`` followed by a word with no ``. ? !`` before
   its last character, that is one abbreviation lookup; the other contexts, about 2% of
   candidates in news text (mostly numbers), are split into tokens by nltk's Punkt word
   tokenizer and read with its PunktToken.
4. A sentence ends just after its candidate; the next starts at the next word, or at the
   non-word character. The paragraph's last sentence ends before trailing whitespace. Closing
   quotes and brackets that start a sentence and are followed by whitespace (or end the
   paragraph) move to the end of the sentence before. Empty and blank spans are dropped.

Punkt finds word starts from ASCII whitespace only, and its patterns' ``\\s`` is the Unicode
White_Space set without the ASCII separators 0x1c-0x1f; the character classes below follow
both. Tabs, carriage returns, vertical tabs and form feeds behave exactly like spaces in every
rule, so they are read as spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib import resources

import polars as pl

from analysis.schema import Column, Schema

SENTENCES = Schema(
    "sentences",
    (
        Column("id", pl.String, "article id"),
        Column("sentence", pl.Int64, "sentence number within the article, from 0"),
        Column("start", pl.Int64, "offset of the first character in clean_text"),
        Column("end", pl.Int64, "offset one past the last character in clean_text"),
    ),
)

# Punkt's characters that end a word and may directly follow a sentence's final punctuation.
_NON_WORD = re.escape(")\";}]*:@'({[\u2018\u2019\u201c\u201d\xab\xbb?!")
# What Punkt's patterns call whitespace (the regex module's \s), minus the line break.
_SPACE = " \t\r\x0b\x0c\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

# A candidate boundary (rule 1) that rule 2 keeps: it starts its word, or no other candidate
# follows in its word. Exactly one named group matches: "non_word", the character after it; or
# the next word, as "plain" when it holds no . ? or !, as "closed" when its last character is
# its only one, else as "stops". The group's start is where the next sentence would start.
# Nothing looks past a line break.
_CANDIDATE = re.compile(
    rf"""
    [.?!]
    (?: (?<!..) | (?<=.\ .)    # starts its word (a space that starts the paragraph does not count)
      | (?![^\ \n]*?[.?!](?:[{_NON_WORD}]|[{_SPACE}]+[^{_SPACE}\n]))
    )
    (?= (?P<non_word>[{_NON_WORD}])
      | [{_SPACE}]+
        (?: (?P<plain>[^{_SPACE}\n.?!]+)(?![^{_SPACE}\n])
          | (?P<closed>[^{_SPACE}\n.?!]*[.?!])(?![^{_SPACE}\n])
          | (?P<stops>[^{_SPACE}\n]+) )
    )
    """,
    re.VERBOSE,
)
# A word that, with a period after it, is one Punkt token and neither an initial nor a number:
# a letter, then word characters, periods and hyphens, without runs of either, not ending in a
# period.
_ONE_WORD = re.compile(r"(?!.*(?:\.\.|--))[^\W\d_][\w.-]*(?<!\.)")
_SPACE_LIKE = "\t\r\x0b\x0c"
_AS_SPACES = str.maketrans(_SPACE_LIKE, " " * len(_SPACE_LIKE))
# Closing quotes and brackets that Punkt moves back onto the sentence they follow (rule 4).
_CLOSING = "\"')]}\u2018\u2019\u201c\u201d\xab\xbb"
_MOVED_TO_PREVIOUS = re.compile(rf"[{re.escape(_CLOSING)}]+?(?:[{_SPACE}]+|(?=--)|$)")
# Tokens that tell Punkt's orthographic heuristic the next word does not start a sentence.
_PUNCTUATION_TOKENS = frozenset(";:,.!?")


@cache
def abbreviations() -> frozenset[str]:
    """The packaged abbreviations (lower case, without their final period), read once."""
    text = resources.files("analysis.data").joinpath("abbreviations.txt").read_text()
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@cache
def _punkt_words():  # -> nltk PunktLanguageVars
    """nltk's Punkt word tokenizer, for the contexts that an abbreviation lookup does not
    settle (about 2% of candidates)."""
    from nltk.tokenize.punkt import PunktLanguageVars

    return PunktLanguageVars()


def _token_ends_sentence(token: str, following: str) -> bool:
    """Whether Punkt marks ``token`` as a sentence end when ``following`` comes next."""
    if token in (".", "?", "!"):
        return True
    if not token.endswith(".") or token.endswith(".."):
        return False  # no final period, or a run of dots
    stem = token[:-1].lower()
    known = abbreviations()
    if stem in known or stem.split("-")[-1] in known:
        return False
    from nltk.tokenize.punkt import PunktToken

    punkt_token = PunktToken(token)
    word_type = punkt_token.type_no_period  # numbers read as "##number##"
    is_initial = bool(punkt_token.is_initial)
    if is_initial or word_type == "##number##":
        # Without orthographic evidence, only punctuation or a lower-case word says that the
        # sentence goes on; after an initial, a capitalised word says so too.
        if following in _PUNCTUATION_TOKENS or following[0].islower():
            return False
        if is_initial and following[0].isupper():
            return False
    return True


def _context_ends_sentence(context: str) -> bool:
    """Whether a token of a candidate's context, other than the last, ends a sentence."""
    tokens = _punkt_words().word_tokenize(context)
    return any(map(_token_ends_sentence, tokens, tokens[1:]))


def _paragraphs(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, stop, end of its text) of each line of ``text`` that is not empty: where it
    starts and stops, and where it ends without trailing whitespace."""
    start = 0
    length = len(text)
    while start < length:
        stop = text.find("\n", start)
        if stop < 0:
            stop = length
        if stop > start:
            end = stop
            while end > start and text[end - 1].isspace():
                end -= 1
            yield start, stop, end
        start = stop + 1


def _boundary(
    text: str, paragraph_start: int, paragraph_end: int, candidate: re.Match[str]
) -> tuple[int, int] | None:
    """(end of this sentence, start of the next) when a candidate ends a sentence (rules 3
    and 4), else None. ``paragraph_end`` is where the paragraph's text ends."""
    position = candidate.start()
    following = candidate.lastgroup
    if text[position] == ".":
        word_start = text.rfind(" ", paragraph_start, position) + 1 or paragraph_start
        word = text[word_start:position]
        # "word." is then one token (none of the next word's tokens but its last can end a
        # sentence), which the abbreviation list settles. A one-letter word is an initial,
        # settled so only for ASCII letters, all of which are on the list.
        if (
            following != "stops"
            and (word.isalpha() or _ONE_WORD.fullmatch(word))
            and (len(word) > 1 or word.isascii())
        ):
            stem = word.lower()
            if stem in abbreviations() or stem.rpartition("-")[2] in abbreviations():
                return None
        elif not _context_ends_sentence(text[word_start : candidate.end(following)]):
            return None
    next_start = candidate.start(following)
    if text[next_start] in _CLOSING:
        moved = _MOVED_TO_PREVIOUS.match(text, next_start, paragraph_end)
        if moved:
            return next_start + len(moved.group().rstrip()), moved.end()
    return position + 1, next_start


def _keep(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Append (start, end) to ``spans`` unless that part of ``text`` is empty or blank."""
    if start < end and (not text[start].isspace() or text[start:end].strip()):
        spans.append((start, end))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of a clean text; sentences never cross paragraphs.

    Gives exactly the spans of nltk's Punkt with its default parameters plus the packaged
    abbreviation list (analysis/data/abbreviations.txt), so "Lt.-Gen.", "U.S." and "Maj. Gen."
    do not end a sentence, without running Punkt. Needs no downloaded nltk data.
    """
    if any(space in text for space in _SPACE_LIKE):
        text = text.translate(_AS_SPACES)
    spans: list[tuple[int, int]] = []
    paragraphs = _paragraphs(text)
    # The paragraph being split and where its current sentence starts; none before the first.
    start = stop = end = sentence_start = -1
    for candidate in _CANDIDATE.finditer(text):
        while candidate.start() > stop:  # the candidate is in a later paragraph
            _keep(text, sentence_start, end, spans)
            start, stop, end = next(paragraphs)
            sentence_start = start
        boundary = _boundary(text, start, end, candidate)
        if boundary:
            _keep(text, sentence_start, boundary[0], spans)
            sentence_start = boundary[1]
    _keep(text, sentence_start, end, spans)
    for start, _, end in paragraphs:
        _keep(text, start, end, spans)
    return spans


def split_sentences(articles: pl.DataFrame) -> pl.DataFrame:
    """The SENTENCES table for an ARTICLES table (one row per sentence, in text order)."""
    ids: list[str] = []
    numbers: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    for article_id, text in articles.select("id", "clean_text").iter_rows():
        spans = sentence_spans(text)
        ids.extend([article_id] * len(spans))
        numbers.extend(range(len(spans)))
        starts.extend(start for start, _ in spans)
        ends.extend(end for _, end in spans)
    return pl.DataFrame(
        {"id": ids, "sentence": numbers, "start": starts, "end": ends},
        schema=SENTENCES.polars_schema(),
    )
