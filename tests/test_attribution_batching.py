"""Attribution does not depend on batching, and its shortcuts agree with their plain definitions.

find_attributions keeps memos across the articles of a call (readings of mentions, full mentions,
known words) and takes shortcuts for speed: a lower-cased prefilter for cues, a search for
earlier capitalized runs stretch by stretch, and a tokenizer that reads (whitespace, token)
pairs. These tests check that a table of articles gives what its articles give one at a time,
and that each shortcut finds exactly what the plain regex search finds.
"""

from __future__ import annotations

import re
import string
import sys

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import build_articles

from analysis.attribution import find_attributions, load_gazetteer, load_reporting_verbs
from analysis.attribution.find import LOWERING_UNSAFE, _Finder
from analysis.attribution.phrases import Token, tokenize
from analysis.attribution.resolve import _CAPITALIZED_RUN, SpeakerResolver
from analysis.clean import split_sentences
from analysis.quotes import find_quotes
from analysis.tokens import WORD_PATTERN

WRITTEN = {
    "w0": (
        "RT",
        "Lieutenant-General Sergei Rudskoy briefed reporters in Moscow. “The corridors are "
        "open,” Rudskoy said. He added that the militants’ claims were false. The Russian "
        "Defense Ministry said in a statement that aid had arrived; the ministry’s statement "
        "reads that 40 tonnes were delivered.",
    ),
    "w1": (
        "BBC",
        "Lavrov: talks will go on\n\nA UN official, who spoke on condition of anonymity, said "
        "the convoy was hit. Rudskoy later told TASS that “nothing happened”. The so-called "
        "moderate rebels DENIED it, according to the Syrian Observatory for Human Rights.",
    ),
    "w2": (
        "RT",
        "Staffan de Mistura, the UN envoy, said on Sunday that talks had stalled. De Mistura "
        "warned of a long war. It was reported that civilians were told to leave, and the plan "
        "was said to be final.",
    ),
    # ſ and İ lower-case unsafely: these articles take the plain cue search
    "w3": ("AFP", "Residents of İdlib ſaid nothing. Officials SAID that the road was open."),
    "w4": (
        "AFP",
        "Sergei Rudskoy said: “We stay.” Claims made by militants were denied by Rudskoy, "
        "the Russian general, who was quoted as saying by Interfax that the truce held.",
    ),
}


@pytest.fixture(scope="module")
def batch(seed_articles) -> pl.DataFrame:
    """The seeds and the written articles in one ARTICLES table."""
    written = build_articles(WRITTEN).select(seed_articles.columns)
    return pl.concat([seed_articles, written.cast(seed_articles.schema)])


def test_attributions_of_a_table_equal_those_of_its_articles_one_at_a_time(batch):
    sentences = split_sentences(batch)
    quotes = find_quotes(batch)
    together = find_attributions(batch, sentences, quotes)
    one_at_a_time = [
        find_attributions(
            batch.filter(pl.col("id") == article_id),
            sentences.filter(pl.col("id") == article_id),
            quotes.filter(pl.col("id") == article_id),
        )
        for article_id in batch["id"]
    ]
    separate = pl.concat(one_at_a_time).sort("id", "start", "cue_start", maintain_order=True)
    assert together.height > 100
    assert set(together["id"]) >= set(WRITTEN)
    assert together.equals(separate)


def test_attributions_do_not_depend_on_the_order_of_the_articles(batch):
    sentences = split_sentences(batch)
    quotes = find_quotes(batch)
    forwards = find_attributions(batch, sentences, quotes)
    backwards = find_attributions(batch.reverse(), sentences.reverse(), quotes.reverse())
    assert forwards.equals(backwards)


# -- the cue prefilter -------------------------------------------------------------------------

_FINDER = _Finder(load_gazetteer(), load_reporting_verbs())

_CUE_PIECES = st.sampled_from(
    [
        "said",
        "Said",
        "SAID",
        "ſaid",
        "saİd",
        "so-called",
        "according to",
        "According\nto",
        "according  to",
        "in a statement",
        "IN A STATEMENT",
        "claims made by",
        "Claims  BY",
        "quoted as saying",
        "quoted as",
        "reads",
        "statement",
        "unsaid",
        "said_",
        "_said",
        "saidé",
        "e\u0301said",
        "told",
        "K",
        "ı",
        "the",
        "ministry",
        ",",
        ".",
        "’",
        "“",
        "-",
        "\n",
        "3",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CUE_PIECES, max_size=30), st.sampled_from(["", " ", "\n", "-"]), st.data())
def test_cue_search_finds_exactly_what_the_cue_pattern_finds(pieces, glue, data):
    text = glue.join(pieces)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    candidates = _FINDER.cue_candidates(text)
    found = [(m.span(), m.lastgroup) for m in _FINDER.cues(text, start, end, candidates)]
    plain = [(m.span(), m.lastgroup) for m in _FINDER.cue_pattern.finditer(text, start, end)]
    assert found == plain


def test_lowering_is_unsafe_only_for_the_listed_characters():
    """The cue prefilter lower-cases the article and searches it case-sensitively. That finds
    every cue only if lower-casing keeps each character's length and word-character status, and
    turns every character a case-insensitive pattern matches to an ASCII letter into that
    letter; LOWERING_UNSAFE lists the characters for which this fails."""
    everything = "".join(
        chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF
    )
    word = re.compile(r"\w")
    unsafe = set()
    for char in everything:
        lowered = char.lower()
        # a character that lower-cases to several is caught by cue_candidates' length test
        if lowered != char and len(lowered) == 1:
            if bool(word.match(char)) != bool(word.match(lowered)):
                unsafe.add(char)
    for letter in string.ascii_lowercase:
        for char in re.findall(letter, everything, re.IGNORECASE):
            if len(char.lower()) == 1 and char.lower() != letter:
                unsafe.add(char)
    assert unsafe <= set(LOWERING_UNSAFE)


# -- earlier capitalized runs ------------------------------------------------------------------

_RUN_PIECES = st.sampled_from(
    [
        "Sergei",
        "Rudskoy",
        "rudskoy",
        "Rudskoy’s",
        "McRudskoy",
        "de",
        "del",
        "al",
        "der",
        "Lt.",
        "Gen.",
        "O’Brien",
        "Al-Assad",
        "said",
        "the",
        "(SOHR)",
        "SOHR",
        ",",
        "(",
        ")",
        "“",
        "”",
        ":",
        "\n",
        "  ",
        "\u00a0",
        "\t",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_RUN_PIECES, max_size=40),
    st.sampled_from(["Rudskoy", "Lt.", "(SOHR)", "SOHR", "O’Brien", "Assad", "de"]),
    st.data(),
)
def test_last_capitalized_run_is_the_last_match_of_the_plain_search(pieces, word, data):
    text = " ".join(pieces)
    position = data.draw(st.integers(0, len(text)))
    resolver = SpeakerResolver(text, load_gazetteer(), load_reporting_verbs())
    pattern = re.compile(rf"{_CAPITALIZED_RUN.pattern}{re.escape(word)}\b")
    matches = list(pattern.finditer(text[:position]))
    plain = matches[-1].group() if matches else None
    assert resolver._last_run_ending_in(word, position) == plain


def test_last_capitalized_run_in_a_long_stretch_without_punctuation():
    text = "the Lt. Sergei Rudskoy and General Ali de Mistura said " * 60
    resolver = SpeakerResolver(text, load_gazetteer(), load_reporting_verbs())
    for word in ("Rudskoy", "Mistura", "Lt."):
        pattern = re.compile(rf"{_CAPITALIZED_RUN.pattern}{re.escape(word)}\b")
        for position in (len(text), len(text) // 2, 100):
            matches = list(pattern.finditer(text[:position]))
            plain = matches[-1].group() if matches else None
            assert resolver._last_run_ending_in(word, position) == plain


# -- tokens ------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab Z9_-'’.,:“\n\t\u00a0é\u0301", max_size=60), st.data())
def test_tokens_are_the_matches_of_the_token_pattern(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    pattern = re.compile(rf"{WORD_PATTERN}|[^\w\s]")
    expected = [Token(m.group(), m.start(), m.end()) for m in pattern.finditer(text, start, end)]
    assert tokenize(text, start, end) == expected
