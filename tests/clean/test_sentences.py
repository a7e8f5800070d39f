"""Fast sentence splitting: the same spans as nltk's Punkt (the oracle, run here as framelens ran
it before analysis.sentences), on the seeds, on FA-KES, on text written for the hard cases and on
random text built from them."""

from __future__ import annotations

import re
import sys
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import PROJECT

from analysis.clean import SENTENCES
from analysis.clean.sentences import _SPACE, sentence_spans, split_sentences


@cache
def _punkt():  # -> nltk PunktSentenceTokenizer
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    lines = (PROJECT / "analysis/data/abbreviations.txt").read_text().splitlines()
    parameters = PunktParameters()
    parameters.abbrev_types.update(
        line.strip() for line in lines if line.strip() and not line.startswith("#")
    )
    return PunktSentenceTokenizer(parameters)


def _punkt_spans(text: str) -> list[tuple[int, int]]:
    """The oracle: Punkt on each line, blank spans dropped."""
    spans = []
    for paragraph in re.finditer(r"[^\n]+", text):
        offset = paragraph.start()
        for start, end in _punkt().span_tokenize(paragraph.group()):
            if text[offset + start : offset + end].strip():
                spans.append((offset + start, offset + end))
    return spans


def _sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


def _assert_same_as_punkt(text: str) -> None:
    assert sentence_spans(text) == _punkt_spans(text), repr(text)


# --- the corpora ------------------------------------------------------------------------------


def test_seed_articles_split_exactly_as_punkt_splits_them(seed_articles):
    for text in seed_articles["clean_text"]:
        _assert_same_as_punkt(text)
    table = split_sentences(seed_articles)
    expected = [
        (article_id, number, start, end)
        for article_id, text in seed_articles.select("id", "clean_text").iter_rows()
        for number, (start, end) in enumerate(_punkt_spans(text))
    ]
    assert table.rows() == expected
    assert table.height > 100


def test_fakes_articles_split_exactly_as_punkt_splits_them(fakes_path):
    from analysis.pipeline import prepare

    articles = prepare(fakes_path).articles
    assert articles.height > 700
    for text in articles["clean_text"]:
        _assert_same_as_punkt(text)


def test_sentences_table_follows_schema(seed_articles):
    SENTENCES.check(split_sentences(seed_articles))
    empty = split_sentences(seed_articles.head(0))
    SENTENCES.check(empty)
    assert empty.is_empty()


# --- text written for the hard cases ----------------------------------------------------------

TRICKY = [
    "The U.S. Army said so. The U.K. did not.",
    "Lt.-Gen. Sergei Rudskoy spoke. Lt-Gen. Smith and Maj.-Gen. Jones agreed.",
    "Maj. Gen. Igor Konashenkov said it. Gen. Staff replied.",
    "J. R. Smith arrived. É. Zola wrote. ж. Pushkin too. Ω. 3 wins.",
    "He paused... Then he left. Wait.. what? Fine . . . Go on. . . . End.",
    'Really?! Yes!!! No?? Maybe?!) Sure!" Then (why?) not.',
    "Prices rose 3.5 percent. In 2016. the war went on. In 2016. It went on. Vote 2016.",
    "Page 12. see below. Number 4. (Bracket) then 1,000. Then -3. Go.",
    'He said: "We will win." Then he left. "Will we?" she asked. \u201cNo.\u201d He went.',
    "He said 'no.' It was over. (It was.) [Really.] {Yes.} End.",
    "Sentence one. \u201cQuoted.\u201d \u2018Single.\u2019 \xabGuillemets.\xbb Done.",
    'It ended."\nNext paragraph.\n\nThird paragraph ends with Mr.\nFourth starts lowercase.',
    "lowercase after a period. is not a new sentence? it is after a question mark.",
    "Abbreviation at the end, etc.\nNew paragraph, e.g.\n\nAnother, i.e.",
    "Two  spaces.  Here.   And\ttabs.\tToo.\r\nWindows line. End.   \n   \n",
    "",
    "\n\n\n",
    "   ",
    " .) x. Y",
    " Leading space. Then more.",
    'Mr. Smith." Then Mrs. Jones." Then.',
    "acting!!! I promise. Hi.)x. Z",
    "The end.--The beginning. A dash -- here. Over.--",
    "A no-break\xa0space.\xa0Next. Thin\u2009space.\u2009Next. Odd\x1cseparator.\x1cNext.",
    "Line\u2028separator. Next\x85line. Ideographic\u3000space.\u3000Next.",
    "Numbers 4th. Fifth. 3.5. Ok. ##number##. Odd. \u0663. Arabic digit. e\u0301. Accent.",
    "Dr Who. St.-Petersburg. co-op. Pre-Gen. Smith.",
    "The U.S.-led coalition hit al-Nusra. Then al-Imkoqar. U.N. officials, Maj. Gen. Jones.",
    "It was welcomed., then Gen., then U.S., then x.. Then A4. Then co--op. End.",
    'Ends with closing quote."',
    "Ends with bracket.)   ",
    'Is this it? "Yes," he said. (Fine!) Ok.',
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text_splits_exactly_as_punkt_splits_it(text):
    _assert_same_as_punkt(text)


def test_abbreviations_titles_and_initials_do_not_end_sentences():
    assert _sentences("Lt.-Gen. Sergei Rudskoy of the U.S. Army met J. R. Smith. He left.") == [
        "Lt.-Gen. Sergei Rudskoy of the U.S. Army met J. R. Smith.",
        "He left.",
    ]


def test_closing_quotes_and_brackets_stay_with_their_sentence():
    assert _sentences('He said: "We will win." (It was over.) Then he left.') == [
        'He said: "We will win."',
        "(It was over.)",
        "Then he left.",
    ]


def test_numbers_and_dots_end_sentences_only_before_a_capital():
    assert _sentences("It rose 3.5 percent in 2016. in May. In 2017. It fell... Then rose.") == [
        "It rose 3.5 percent in 2016. in May.",
        "In 2017.",
        "It fell... Then rose.",
    ]


def test_paragraphs_are_split_apart_and_trailing_space_is_left_out():
    text = "First paragraph, Mr.\n\nSecond one?!  \nThird.   "
    # Punkt splits "?!" when nothing follows it in the paragraph; kept for identical output.
    assert _sentences(text) == ["First paragraph, Mr.", "Second one?", "!", "Third."]


def test_spaces_are_the_ones_punkts_patterns_see():
    # Punkt's patterns take \s from the regex module; the fast patterns spell that class out.
    regex = pytest.importorskip("regex")
    punkt_space, fast_space = regex.compile(r"\s"), re.compile(f"[{_SPACE}]")
    characters = [chr(code) for code in range(sys.maxunicode + 1) if code != ord("\n")]
    assert [c for c in characters if punkt_space.match(c)] == [
        c for c in characters if fast_space.match(c)
    ]


# --- random text ------------------------------------------------------------------------------

# Words, abbreviations, initials, numbers, punctuation, quotes and brackets, one per space.
PIECES = (
    "the Smith said war A b é Ж İstanbul U.S. U.S Mr. Mrs Lt.-Gen. Lt-Gen. Maj. Gen. e.g. etc. "
    "No. a.m. J. É. ж. Ω. 3.5 2010. 1,000. -3. .5 4th. \u0663. e\u0301. ². al-Imkoqar. A4. "
    "a_b. co--op. a-. U.S.-led. x.. Gen., welcomed., U.S., x.y X.Y. a,b. "
    ". ? ! ?! !!! ... .. -- , ; : .; \" ' \u201c \u201d \u2018 \u2019 \xab \xbb ( ) [ ] { } * @ # &"
).split() + [". . ."]
SEPARATORS = ["", " ", " ", " ", "  ", "\t", "\n", "\n\n", "\xa0", "\x1c", "\r\n", "\u3000"]
random_texts = st.lists(
    st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), max_size=30
).map(lambda pairs: "".join(piece + separator for piece, separator in pairs))


@settings(max_examples=200, deadline=None)
@given(random_texts)
def test_random_text_splits_exactly_as_punkt_splits_it(text):
    _assert_same_as_punkt(text)


def test_a_state_after_a_party_letter_does_not_end_a_sentence():
    text = "Sen. Dick Durbin (D-Ill.) said it. Rep. Chris Collins, R-N.Y., agreed. He fell ill. So"
    assert _sentences(text) == [
        "Sen. Dick Durbin (D-Ill.) said it.",
        "Rep. Chris Collins, R-N.Y., agreed.",
        "He fell ill.",
        "So",
    ]
    _assert_same_as_punkt(text)
