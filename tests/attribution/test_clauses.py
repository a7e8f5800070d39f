"""Subjects with a post-modifier and relative pronouns as speakers (analysis.attribution.clauses
and the rules of analysis.attribution.find that use them), on sentences written for each case."""

from __future__ import annotations

from support import build_articles

from analysis.attribution import find_attributions
from analysis.attribution.cue_model import without_cue_model
from analysis.clean import split_sentences
from analysis.quotes import find_quotes


def pairs(text: str) -> list[tuple[str | None, str]]:
    articles = build_articles({"a0": ("Outlet", text)})
    with without_cue_model():  # the rules alone
        table = find_attributions(articles, split_sentences(articles), find_quotes(articles))
    return [(row["speaker"], row["cue"]) for row in table.to_dicts()]


def test_subject_with_an_adjective_complement_is_the_speaker():
    assert pairs("A source close to the senator said he was angry about the vote.") == [
        ("A source close to the senator", "said")
    ]
    assert pairs("People familiar with her thinking say she will run again.") == [
        ("People familiar with her thinking", "say")
    ]
    assert pairs(
        "Two officials familiar with the planning for Thursday's meeting said it was cancelled."
    ) == [("Two officials familiar with the planning for Thursday's meeting", "said")]


def test_adjective_complement_needs_a_noun_phrase_before_it():
    # "close to" after a verb is no post-modifier of a subject
    assert pairs("He came close to the senator said to be furious.") == []
    # nor a phrase inside a longer clause (text stripped of its commas)
    found = pairs(
        "Nine people were killed in a blast on Friday at a rebel checkpoint in Azaz Aleppo "
        "province close to the border with Turkey local sources said."
    )
    assert not any("checkpoint" in (speaker or "") for speaker, _ in found)


def test_relative_pronoun_after_a_count_is_the_speaker():
    assert pairs(
        "Clinton led, compared with four in 10 who said they preferred an outsider."
    ) == [("who", "said")]
    assert pairs("Those who say they will vote backed the measure.") == [("who", "say")]


def test_relative_pronoun_defers_to_a_named_antecedent():
    assert pairs("The move was praised by Senator Jane Smith, who said it was overdue.") == [
        ("Senator Jane Smith", "said")
    ]


def test_why_opens_the_clause_of_a_plain_subject():
    assert pairs("That is why critics say the law will fail.") == [("critics", "say")]


def test_subject_before_an_aside_in_dashes_or_brackets():
    assert pairs("Murphy — after a knock on wood — told me he had been lucky.") == [
        ("Murphy", "told")
    ]
    assert pairs("Kasich (who has 25 delegates to date) said he would stay in the race.") == [
        ("Kasich", "said")
    ]
    assert pairs("Democrats -- and some Republicans -- say the plan failed.") == [
        ("Democrats", "say")
    ]


def test_aside_needs_a_subject_that_opens_its_clause():
    assert pairs("Rebels hit the base — a key position — said to be empty.") == []
