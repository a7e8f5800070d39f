"""Quotation spans and kinds (analysis.quotes), on seed sentences and sentences written for it."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from support import build_articles

from analysis.quotes import QUOTES, _mark_positions, find_quotes, scan_quotes
from analysis.tokens import count_words

MARKS = "\"“”„«»‘’'"


def quotes_of(text: str) -> list[dict]:
    """The QUOTES rows of one article, each with its span text added as 'text' and 'inner'."""
    table = find_quotes(build_articles({"a": ("Outlet", text)}))
    QUOTES.check(table)
    rows = table.to_dicts()
    for row in rows:
        row["text"] = text[row["start"] : row["end"]]
        row["inner"] = text[row["inner_start"] : row["inner_end"]]
    return rows


def test_schema_holds_on_seed_text(make_articles):
    table = find_quotes(make_articles({"003": ("Press TV", SEED_003_KONASHENKOV)}))
    QUOTES.check(table)
    assert table["quote"].to_list() == [0, 1]


def test_straight_double_quote_with_inverted_cue_is_a_quotation():
    text = (
        '"The issue of withdrawing militants is the subject of separate agreements. This agreement '
        "has not yet been reached, largely because the United States insists on unacceptable "
        'terms," said Ryabkov.'
    )
    [quote] = quotes_of(text)
    assert quote["start"] == 0 and quote["end"] == text.index(" said")
    assert quote["inner"].startswith("The issue") and quote["inner"].endswith("terms,")
    assert quote["kind"] == "quotation" and quote["closed"] and quote["paragraphs"] == 1


def test_curly_double_quote_spans_marks_and_counts_inner_words():
    text = (
        "“The government forces and militia units continue the operation to liberate Aleppo’s "
        "eastern districts from terrorists,” he said."
    )
    [quote] = quotes_of(text)
    assert quote["text"][0] == "“" and quote["text"][-1] == "”"
    assert quote["words"] == 16  # Aleppo’s is one word
    assert quote["kind"] == "quotation"


def test_nested_single_quote_is_a_scare_quote_of_its_own():
    text = (
        "“Civilians who managed to escape from the terrorists have been reporting on the new "
        "crimes carried out in eastern Aleppo by the so-called ‘moderate opposition’ "
        "militants,” the general said."
    )
    outer, inner = quotes_of(text)
    assert outer["kind"] == "quotation" and outer["quote"] == 0
    assert inner["inner"] == "moderate opposition" and inner["kind"] == "scare"
    assert outer["start"] < inner["start"] < inner["end"] < outer["end"]


def test_so_called_curly_double_outside_a_quote_is_scare():
    text = (
        "Civilians who left the Syrian city of Aleppo have confirmed tortures, public executions "
        "and wanton killings carried out by the so-called “moderate opposition” militants, "
        "Rudskoy said."
    )
    [quote] = quotes_of(text)
    assert quote["inner"] == "moderate opposition" and quote["kind"] == "scare"


def test_apostrophes_are_not_quotes():
    text = (
        '"Those who believed in the Syrian triumph know that [the militants’] morale is at its '
        'lowest and that these collapses that have begun are like domino tiles," he said. '
        "Syria’s army doesn’t stop; the websites’ administration can’t either."
    )
    [quote] = quotes_of(text)
    assert quote["inner"].endswith("domino tiles,")


def test_plural_possessive_inside_a_single_quote_does_not_close_it():
    text = "He called it ‘the rebels’ last stand’ on Monday."
    [quote] = quotes_of(text)
    assert quote["inner"] == "the rebels’ last stand"


def test_single_curly_scare_quote_before_a_noun():
    text = (
        "The US proposal initially involved free passage for all ‘opposition’ factions from the "
        "eastern part of Aleppo that are still under US control."
    )
    [quote] = quotes_of(text)
    assert quote["inner"] == "opposition" and quote["kind"] == "scare"


def test_straight_single_quotes_pair_and_spare_apostrophes():
    text = "The minister's aide called the talks 'a waste of time' and left."
    [quote] = quotes_of(text)
    assert quote["inner"] == "a waste of time" and quote["kind"] == "partial"


SEED_003_KONASHENKOV = (
    "“Currently, the Russian Center for Reconciliation, through humanitarian corridors near Karim "
    "El-Hun and Mahayar, has organized the evacuation of [another group of] about 8,000 civilians "
    "from the eastern parts of Aleppo to the safe areas of the city,” Konashenkov added. “All of "
    "them have been placed in special humanitarian centers where they are provided with hot food "
    'and medical help if required."'
)


def test_curly_opening_closed_by_straight_mark():
    first, second = quotes_of(SEED_003_KONASHENKOV)
    assert first["text"].endswith("of the city,”")
    assert second["text"].startswith("“All of them") and second["text"].endswith('required."')
    assert second["closed"] and second["end"] == len(SEED_003_KONASHENKOV)


def test_quote_over_several_paragraphs_is_one_quote():
    text = (
        "The minister described the talks at length.\n\n"
        "“We came to Geneva with a plan. The other side did not.\n\n"
        "“We will come back next week, and the week after, until there is an agreement,” he "
        "told reporters.\n\n"
        "The talks resume on Monday."
    )
    [quote] = quotes_of(text)
    assert quote["paragraphs"] == 2 and quote["closed"]
    assert quote["text"].startswith("“We came") and quote["text"].endswith("agreement,”")
    assert quote["kind"] == "quotation"


def test_unclosed_quote_ends_at_its_paragraph():
    text = (
        "“Dozens of tons of humanitarian aid are delivered to liberated districts daily\n\n"
        "Rudskoy said 1,096 militants have left Aleppo voluntarily.\n\n"
        "The ministry said so too."
    )
    [quote] = quotes_of(text)
    assert not quote["closed"]
    assert quote["end"] == text.index("\n") and quote["inner_end"] == quote["end"]
    assert "Rudskoy" not in quote["text"]


def test_unclosed_single_quote_is_dropped_as_apostrophe():
    assert quotes_of("The rebels’ positions fell; the ‘rebels held out.") == []


def test_short_quote_after_speech_cue_is_a_quotation():
    text = (
        "He noted that the US State Department previously expressed regret over the incident, but "
        "emphasized that “it has to clarify” all the circumstances."
    )
    [quote] = quotes_of(text)
    assert quote["kind"] == "quotation"


def test_short_quote_followed_by_cue_is_a_quotation():
    [quote] = quotes_of("“No,” the spokesman said when asked about a truce.")
    assert quote["kind"] == "quotation"


def test_short_full_sentence_after_colon_is_a_quotation():
    [quote] = quotes_of("The reply from Damascus was short: “We refuse.”")
    assert quote["kind"] == "quotation"


def test_short_phrase_with_period_inside_is_no_full_quotation():
    text = (
        "The offer stressed instead that the fate of the city would be discussed after the "
        "“humanitarian crisis resolution.”"
    )
    [quote] = quotes_of(text)
    assert quote["kind"] == "partial"  # the offer's words, after "stressed"


def test_strategic_victory_is_the_ministers_words_not_a_full_quotation():
    text = (
        "On Wednesday, Syrian Reconciliation Minister Dr. Ali Haidar called the advance of the "
        "Syrian Army a “strategic victory” that would prevent foreign intervention, as reported "
        "by Reuters."
    )
    [quote] = quotes_of(text)
    assert quote["kind"] == "partial"


def test_quotes_numbered_per_article_and_sorted():
    articles = build_articles(
        {"b": ("X", "“One two three four five six,” he said. ‘x’"), "a": ("Y", "“Yes,” she said.")}
    )
    table = find_quotes(articles)
    assert table.select("id", "quote").rows() == [("a", 0), ("b", 0), ("b", 1)]


def test_empty_and_missing_text_give_no_quotes():
    articles = build_articles({"a": ("X", "")}).vstack(
        build_articles({"b": ("X", "x")}).with_columns(clean_text=pl.lit(None, pl.String))
    )
    assert find_quotes(articles).height == 0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(MARKS + "ab s.,\n’")), max_size=60) | st.text())
def test_spans_are_well_formed_for_any_text(text):
    for start, end, inner_start, inner_end, paragraphs, closed in scan_quotes(text):
        assert 0 <= start < inner_start <= inner_end <= end <= len(text)
        assert text[start] in MARKS
        assert paragraphs >= 1
        if closed:
            assert inner_end < end and text[end - 1] in MARKS
        else:
            assert inner_end == end


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(MARKS + "ab s.,\n’-3")), max_size=80))
def test_word_counts_are_the_project_words_inside_the_marks(text):
    quotes = find_quotes(build_articles({"a": ("X", text)}))
    for row in quotes.to_dicts():
        inner = text[row["inner_start"] : row["inner_end"]]
        assert row["words"] == count_words(inner) > 0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(MARKS + "ab s.,\n’")), max_size=60) | st.text())
def test_mark_positions_are_those_of_every_quotation_mark(text):
    assert _mark_positions(text) == [at for at, char in enumerate(text) if char in MARKS]


def test_a_quote_carried_into_a_paragraph_without_marks_ends_with_its_own_paragraph():
    text = "“We stay,\n\n   \nsaid nobody.\nLater “a ‘scare’ and more” here."
    spans = scan_quotes(text)
    assert (0, 9, 1, 9, 1, False) in spans  # ends at "stay," where its paragraph ends
    assert [text[start:end] for start, end, *_ in spans[1:]] == ["‘scare’", "“a ‘scare’ and more”"]


def test_two_apostrophes_make_a_double_quote():
    text = "''I think it can work,'' said Louisa Ermelin. It's the 'moderate' view."
    spans = scan_quotes(text)
    quoted = [
        (text[start:end], text[inner_start:inner_end])
        for start, end, inner_start, inner_end, *_ in spans
    ]
    assert ("''I think it can work,''", "I think it can work,") in quoted
    assert ("'moderate'", "moderate") in quoted


def test_double_mark_after_a_spaced_closing_single_mark_closes_the_quote():
    text = "\"He told me, 'I move to the center,' \" she said. Then he left."
    spans = [(start, end) for start, end, *_ in scan_quotes(text)]
    assert (0, text.index("she") - 1) in spans
