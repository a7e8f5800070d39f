"""Attribution does not depend on batching, and its shortcuts agree with their plain definitions.

find_attributions keeps memos across the articles of a call (readings of mentions, full mentions,
known words) and takes shortcuts for speed: a literal and a lower-cased prefilter for cues, a
search for earlier capitalized runs stretch by stretch, a tokenizer that reads (whitespace,
token) pairs, and indexes of the speakers resolved so far. These tests check that a table of
articles gives what its articles give one at a time, and that each shortcut finds exactly what
the plain search (a regex, a backward scan) finds.
"""

from __future__ import annotations

import re
import string
import sys
from dataclasses import replace
from itertools import pairwise
from unittest.mock import patch

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import build_articles

from analysis.attribution import find_attributions, load_gazetteer, load_reporting_verbs
from analysis.attribution import speakers as speakers_module
from analysis.attribution.cues import LOWERING_UNSAFE, CueSearch
from analysis.attribution.defaults import HEADLINE_COLON_WITHIN
from analysis.attribution.phrases import _GAP_AND_TOKEN, Token, tokenize
from analysis.attribution.resolve import _CAPITALIZED_RUN, SpeakerResolver
from analysis.attribution.speakers import EarlierSpeakers, Speaker, as_anonymous
from analysis.clean import split_sentences
from analysis.quotes import find_quotes
from analysis.reporting_verbs import Cue, ReportingVerbs, trie_pattern
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

_SEARCH = CueSearch(load_reporting_verbs())

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
        "in",
        "In",
        "a",
        "within",
        "in  a\nstatement",
        "statements",
        "statement by",
        "according",
        "to",
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
        "as\u212aed",  # the Kelvin sign, which a case-insensitive "k" matches
        "Él",
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
    plain = [(m.span(), m.lastgroup) for m in _SEARCH.pattern.finditer(text, start, end)]
    hits = _SEARCH.literal_hits(pl.Series([text]))[0]
    for candidates in (_SEARCH.candidates(text), _SEARCH.candidates(text, hits)):
        found = [(m.span(), m.lastgroup) for m in _SEARCH.cues(text, start, end, candidates)]
        assert found == plain


@settings(max_examples=300, deadline=None)
@given(st.lists(_CUE_PIECES, max_size=30), st.sampled_from(["", " ", "\n", "-"]), st.data())
def test_sentences_with_cues_are_those_a_plain_search_finds(pieces, glue, data):
    text = glue.join(pieces)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=6)))
    bounds = [0, *cuts, len(text)]
    sentences = [(index, start, end) for index, (start, end) in enumerate(pairwise(bounds))]
    hits = _SEARCH.literal_hits(pl.Series([text]))[0]
    found = [
        (index, start, end, [(m.span(), m.lastgroup) for m in matches])
        for index, start, end, matches in _SEARCH.sentences(text, sentences, hits)
    ]
    plain = []
    for index, start, end in sentences:
        matches = [(m.span(), m.lastgroup) for m in _SEARCH.pattern.finditer(text, start, end)]
        if matches or ":" in text[start : min(end, start + HEADLINE_COLON_WITHIN)]:
            plain.append((index, start, end, matches))
    assert found == plain


def test_prefilter_looks_for_a_lone_in_only_before_a_statement():
    lowered = "within the plan, in a\nstatement, in  a statement and in a town"
    starts = [match.start() for match in _SEARCH.starts.finditer(lowered)]
    at_in = [start for start in starts if lowered.startswith("in", start)]
    assert at_in == [lowered.index("in a\n"), lowered.index("in  a")]
    assert lowered.index("statement") in starts  # a noun cue ("statement by") of its own


def test_lowering_is_unsafe_only_for_the_listed_characters():
    """The cue prefilter lower-cases the article and searches it case-sensitively. That finds
    every cue only if lower-casing keeps each character's length, word-character and whitespace
    status, and turns every character a case-insensitive pattern matches to an ASCII letter into
    that letter; LOWERING_UNSAFE lists the characters for which this fails."""
    everything = "".join(
        chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF
    )
    word = re.compile(r"\w")
    space = re.compile(r"\s")
    unsafe = set()
    for char in everything:
        lowered = char.lower()
        # a character that lower-cases to several is caught by CueSearch.candidates' length test
        if lowered != char and len(lowered) == 1:
            if bool(word.match(char)) != bool(word.match(lowered)):
                unsafe.add(char)
            if bool(space.match(char)) != bool(space.match(lowered)):
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
    expected = [
        Token(m.group(), m.start(), m.end(), m.group().lower())
        for m in pattern.finditer(text, start, end)
    ]
    assert tokenize(text, start, end) == expected


# -- earlier speakers ----------------------------------------------------------------------------

_MENTIONS = st.sampled_from(
    [
        None,
        "he",
        "the ministry",
        "the Russian Defense Ministry",
        "Sergei Rudskoy",
        "Rudskoy",
        "militants",
        "the statement",
        "the UN",
        "Staffan de Mistura",
        "a source",
        "",
    ]
)
_SPEAKERS = st.builds(
    Speaker,
    written=_MENTIONS,
    canonical=_MENTIONS,
    type=st.sampled_from(["official", "unknown", "ngo"]),
    country=st.none(),
    person=st.booleans(),
    plural=st.booleans(),
    document=st.booleans(),
    full=_MENTIONS,
    gender=st.sampled_from([None, "f", "m"]),
)


def _nearest(speakers: list[Speaker], fits) -> Speaker | None:
    """The plain definition: scan the earlier speakers backwards."""
    for speaker in reversed(speakers):
        if speaker.written is not None and fits(speaker):
            return speaker
    return None


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_SPEAKERS, max_size=25),
    st.lists(st.sampled_from(["ministry", "rudskoy", "the", "militants", "un", "x"]), max_size=3),
    st.booleans(),
    st.sampled_from([2, 5, speakers_module.LOOKBACK]),
)
def test_earlier_speakers_answer_as_a_backward_scan_does(speakers, words, organization, lookback):
    with patch.object(speakers_module, "LOOKBACK", lookback):  # past it, the indexes answer
        _check_earlier_speakers(speakers, words, organization)


def _check_earlier_speakers(speakers: list[Speaker], words: list[str], organization: bool):
    earlier = EarlierSpeakers()
    wanted = set(words)
    for count, speaker in enumerate(speakers):
        earlier.add(speaker)
        seen = speakers[: count + 1]
        assert earlier.person is _nearest(seen, lambda s: s.person)
        assert earlier.not_male is _nearest(seen, lambda s: s.person and s.gender != "m")
        assert earlier.not_female is _nearest(seen, lambda s: s.person and s.gender != "f")
        assert earlier.plural is _nearest(seen, lambda s: s.plural)
        assert earlier.organization is _nearest(
            seen, lambda s: not s.person and s.canonical is not None
        )
        assert earlier.single_organization is _nearest(
            seen, lambda s: not s.person and not s.plural and s.canonical
        )
        assert earlier.issuer is _nearest(
            seen, lambda s: not s.document and s.canonical is not None
        )
        for word in words:
            assert earlier.latest_with_word(word) is _nearest(
                seen, lambda s, word=word: not s.document and word in s.words
            )
            for kind in (None, "official"):
                assert earlier.latest_with_word(
                    word, organization=organization, kind=kind
                ) is _nearest(
                    seen,
                    lambda s, word=word, kind=kind: (
                        not s.document
                        and word in s.words
                        and not (organization and s.person)
                        and (kind is None or s.type in (kind, "unknown"))
                    ),
                )
        assert earlier.latest_containing(wanted, organization) is _nearest(
            seen,
            lambda s: (
                s.canonical is not None
                and not s.document
                and wanted < s.words
                and not (organization and s.person)
            ),
        )


def test_an_anonymous_speaker_is_the_speaker_with_another_type():
    speaker = Speaker("the official", "official", "official", "Syria", True, False, True, "x")
    assert as_anonymous(speaker) == replace(speaker, type="anonymous")


def test_a_trie_tail_is_required_only_where_its_form_ends():
    pattern = re.compile(rf"\b(?:{trie_pattern(['in', 'inside', 'said'], {'in': '(?=x)'})})")
    assert [m.group() for m in pattern.finditer("in inx inside said in")] == [
        "in",
        "inside",
        "said",
    ]
    assert pattern.match("in") is None  # "in" only before its tail
    assert pattern.match("inx").group() == "in"


def test_literal_prefilter_finds_a_cue_around_another_cue_word():
    """A first word inside another ("scribe" inside "described") must not hide it."""
    cues = {
        ("verbs", form): Cue(form, form, "neutral", "verbs") for form in ("described", "scribe")
    }
    search = CueSearch(ReportingVerbs({"neutral": "neutral"}, cues, (), (), ()))
    text = "It was Described well."
    hits = search.literal_hits(pl.Series([text]))[0]
    assert text.index("Described") in search.candidates(text, hits)
    assert [m.group() for m in search.cues(text, 0, len(text), search.candidates(text, hits))] == [
        "Described"
    ]


def test_the_token_regex_is_the_token_pattern_with_possessive_quantifiers():
    """If analysis.tokens.WORD_PATTERN changes, the tokenizer's regex must change with it."""
    plain = _GAP_AND_TOKEN.pattern.replace("++", "+").replace("*+", "*")
    assert plain == rf"(\s*)({WORD_PATTERN}|[^\w\s])"
