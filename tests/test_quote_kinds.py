"""Kinds of short quotes (analysis.quote_kinds): scare quote, partial quotation or mention, on
sentences written for each rule, and what each kind does to lexicon hits and their voice."""

from __future__ import annotations

import pytest
from support import build_articles

from analysis.lexicon import load_lexicon, match_terms
from analysis.quotes import QUOTES, find_quotes


def kinds(text: str) -> dict[str, str]:
    """The kind of each quote of ``text``, by the words inside its marks."""
    table = find_quotes(build_articles({"a": ("Outlet", text)}))
    QUOTES.check(table)
    return {text[inner_start:inner_end]: kind for inner_start, inner_end, kind in
            table.select("inner_start", "inner_end", "kind").iter_rows()}


@pytest.mark.parametrize(
    "text, inner",
    [
        ("Since the 1970s capitalism has been accepted as “normal” in America.", "normal"),
        ("They want to rule over a chaotic and fractured “diverse” society.", "diverse"),
        ("Celebrities are considered trusted “experts” solely because of their fame.", "experts"),
        ("The US plan offered free passage for all ‘opposition’ factions.", "opposition"),
    ],
)
def test_a_word_the_writer_sets_off_is_a_scare_quote(text, inner):
    assert kinds(text) == {inner: "scare"}


@pytest.mark.parametrize(
    "text, inner",
    [
        ("Minhaj got his own Netflix series, “Patriot Act,” last year.", "Patriot Act,"),
        ("Critics think the league’s “Rooney Rule” does too little.", "Rooney Rule"),
        ("Rescuers of the “White Helmets” searched the rubble.", "White Helmets"),
        ("A coalition, the “Army of Conquest” took the town.", "Army of Conquest"),
    ],
)
def test_a_capitalised_name_or_title_is_a_mention(text, inner):
    assert kinds(text) == {inner: "mention"}


@pytest.mark.parametrize(
    "text, inner",
    [
        ("Obama refused to use the term “radical Islam” in his speeches.", "radical Islam"),
        ("The senator repeatedly emphasized the word “choice” on the tour.", "choice"),
        ("Preschools address children by the gender-neutral pronoun “hen” now.", "hen"),
        ("Antifa, short for “anti-fascist,” is a loose movement.", "anti-fascist,"),
        ("A banner reading “refugees welcome” hung from the pedestal.", "refugees welcome"),
        ("Reporters are told to avoid phrases such as “mass shooting” in headlines.",
         "mass shooting"),
        ("The wall, nicknamed “the big beautiful wall” by its fans, is unfinished.",
         "the big beautiful wall"),
    ],
)
def test_a_word_after_a_naming_word_is_a_mention(text, inner):
    assert kinds(text) == {inner: "mention"}


@pytest.mark.parametrize(
    "text, inner",
    [
        ("Congress shored up the “cash for clunkers” program in 2009.", "cash for clunkers"),
        ("The lawyers argue it violated the “origination clause” of the Constitution.",
         "origination clause"),
        ("He needs 50 “yes” votes for passage.", "yes"),
    ],
)
def test_a_word_before_the_noun_it_names_is_a_mention(text, inner):
    assert kinds(text) == {inner: "mention"}


def test_a_quote_joined_to_a_mention_or_partial_quotation_takes_its_kind():
    text = "For many adults the terms “dishonest” and “liar” came to mind."
    assert kinds(text) == {"dishonest": "mention", "liar": "mention"}
    text = "Media labeled them a “list of deplorables,” calling them “neofascists” and “bigots.”"
    assert set(kinds(text).values()) == {"partial"}
    text = "Capitalism has been accepted as either “normal” or “inevitable” here."
    assert kinds(text) == {"normal": "scare", "inevitable": "scare"}


def test_a_scare_quote_before_an_ordinary_noun_stays_a_scare_quote():
    assert kinds("They are seeking a “balanced” deal on spending.") == {"balanced": "scare"}


@pytest.mark.parametrize(
    "text, inner",
    [
        ("Trump said China must be “held accountable” for the outbreak.", "held accountable"),
        ("He claimed he “can’t go to TurboTax” to file his returns.", "can’t go to TurboTax"),
        ("A Republican group is urging voters to end his “American carnage” in November.",
         "American carnage"),
        ("Hawley slammed the “reigning consensus” of the ruling class.", "reigning consensus"),
        ("Trump lashed out at the “radical left” in his speech.", "radical left"),
        ("Obama was calling it “economic patriotism” at the time.", "economic patriotism"),
    ],
)
def test_a_few_words_of_a_speaker_the_sentence_reports_are_a_partial_quotation(text, inner):
    assert kinds(text) == {inner: "partial"}


def test_first_or_second_person_words_are_someone_elses():
    text = "At the rally she encouraged women to vote “in your own self-interest” this fall."
    assert kinds(text) == {"in your own self-interest": "partial"}


@pytest.mark.parametrize(
    "text, inner",
    [
        ("The mayor said nothing. The city’s “reforms” left the poor behind.", "reforms"),
        ("The mayor said nothing.  “Multiculturalism” is a dead end, he thinks.",
         "Multiculturalism"),
    ],
)
def test_a_cue_in_an_earlier_sentence_does_not_make_a_partial_quotation(text, inner):
    assert kinds(text) == {inner: "scare"}


def test_a_cue_in_a_context_where_it_is_none_does_not_count():
    # "claimed the lives" is no speech (reporting_verbs.toml: not_before)
    text = "The fire claimed the lives of the “guardians” of the forest."
    assert kinds(text) == {"guardians": "scare"}


@pytest.mark.parametrize(
    "text, inner",
    [
        ("The general said the so-called “moderate opposition” killed civilians.",
         "moderate opposition"),
        ("Bombs fell on the so-called “Islamic State” strongholds.", "Islamic State"),
        ("He called the self-styled “freedom fighters” a gang.", "freedom fighters"),
    ],
)
def test_a_quote_after_a_distancing_word_is_always_a_scare_quote(text, inner):
    assert kinds(text) == {inner: "scare"}


def test_capitals_at_the_start_of_a_sentence_do_not_make_a_name():
    assert kinds("“Diverse” neighbourhoods are what they fear.") == {"Diverse": "scare"}


def test_a_title_of_two_capitalised_words_opening_a_sentence_is_a_mention():
    text = "It rained. “Harry Potter” author J.K. Rowling said she had recovered."
    assert kinds(text) == {"Harry Potter": "mention"}


@pytest.mark.parametrize(
    "text, inner",
    [
        ("Biden wrote an op-ed describing the U.S. president as a “quack apothecary” for it.",
         "quack apothecary"),
        ("Charles E. Schumer said any pick would be “virtually certain” to overturn Roe.",
         "virtually certain"),
        ("Katz said Sen. Grassley showed a “cavalier” attitude.", "cavalier"),
    ],
)
def test_an_abbreviation_does_not_end_the_sentence_before_a_quote(text, inner):
    assert kinds(text) == {inner: "partial"}


def test_only_scare_quotes_count_as_hits_and_partial_quotations_are_quoted_voice():
    text = (
        "The mob of “patriots” gathered. The governor called them “violent thugs” on Monday. "
        "They watched the film “Angry Thugs” twice."
    )
    articles = build_articles({"a": ("Outlet", text)})
    hits = match_terms(articles, None, find_quotes(articles), load_lexicon("general"))
    rows = hits.select("term", "matched_text", "voice").rows()
    assert ("scare quotes", "“patriots”", "narration") in rows
    assert [row for row in rows if row[0] == "scare quotes"] == [
        ("scare quotes", "“patriots”", "narration")
    ]
    # the governor's word is quoted; the film's title is the outlet's narration
    assert [row[2] for row in rows if row[0] == "thug"] == ["quoted", "narration"]
