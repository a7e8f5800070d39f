"""Attribution patterns of general news (issue 19), on sentences written for each case."""

from __future__ import annotations

from support import build_articles

from analysis.attribution import ATTRIBUTIONS, find_attributions
from analysis.clean import split_sentences
from analysis.quotes import find_quotes


def attribute(text: str) -> list[dict]:
    articles = build_articles({"a0": ("Outlet", text)})
    table = find_attributions(articles, split_sentences(articles), find_quotes(articles))
    ATTRIBUTIONS.check(table)
    return table.to_dicts()


def pairs(text: str) -> list[tuple[str | None, str]]:
    return [(row["speaker"], row["cue"]) for row in attribute(text)]


# -- plain noun-phrase subjects ----------------------------------------------------------------


def test_plain_noun_phrase_subjects_of_say():
    assert pairs("Legal experts say the clause will never be tested in court.") == [
        ("Legal experts", "say")
    ]
    assert pairs("Her campaign said that the senator would not attend.") == [
        ("Her campaign", "said")
    ]
    assert pairs("But opponents say the rise will push companies out of the state.") == [
        ("opponents", "say")
    ]
    assert pairs("Both congressmen said they would vote against the bill.") == [
        ("Both congressmen", "said")
    ]


def test_poll_shares_are_subjects():
    assert pairs("In the poll, 60 percent of voters said the economy came first.") == [
        ("60 percent of voters", "said")
    ]
    assert pairs("Six in 10 say he is at least somewhat decisive.") == [("Six in 10", "say")]
    assert pairs("Sixty percent of voters said the economy came first.") == [
        ("Sixty percent of voters", "said")
    ]


def test_we_and_you_are_subjects():
    assert pairs("We said from the start that the plan would fail.") == [("We", "said")]


def test_no_plain_subject_after_a_modal_or_for_a_noun_form():
    assert pairs("Only time will tell whether the lead holds.") == []
    assert pairs("The war has claimed many lives in the region.") == []
    assert pairs("The share of voters saying they are undecided fell to a new low.") == []


def test_no_plain_subject_inside_a_longer_clause():
    # in text without commas the words before the verb may end another clause
    assert ("strikes", "said") not in pairs(
        "Shells hit the market in the strikes said the Civil Defence on Sunday."
    )
    assert all(
        speaker is None or "Amnesty" not in speaker or speaker == "Amnesty International"
        for speaker, _ in pairs(
            "They hid in homes in the nearby village of Tokhar Amnesty International said."
        )
    )


# -- quotations written with two apostrophes ---------------------------------------------------


def test_speaker_after_a_quotation_in_two_apostrophes():
    rows = attribute("''A clear imperative is to stay close to the president,'' said Mr. Hof.")
    assert [(row["speaker"], row["cue"], row["direct"]) for row in rows] == [
        ("Mr. Hof", "said", True)
    ]
    assert rows[0]["quote"] == "A clear imperative is to stay close to the president,"


# -- "according to" ----------------------------------------------------------------------------


def test_according_to_names_any_source():
    assert pairs("Clinton leads by two points, according to a new poll.") == [
        ("a new poll", "according to")
    ]
    assert pairs("The bombs fell on the city, according to analysts.") == [
        ("analysts", "according to")
    ]


def test_according_to_a_manner_is_no_source():
    found = pairs(
        "The group says which planes carry out raids according to type location flight patterns."
    )
    assert found == [("The group", "says")]


# -- names with a title abbreviation and a party in brackets ----------------------------------


def test_title_abbreviation_and_party_in_brackets_stay_in_the_speaker():
    assert pairs("Sen. Marco Rubio (R-FL) said the vote was close.") == [
        ("Sen. Marco Rubio (R-FL)", "said")
    ]
    assert pairs("Rep. Gregory Meeks said the vote was close.") == [("Rep. Gregory Meeks", "said")]


def test_a_state_abbreviation_after_a_party_letter_does_not_end_the_sentence():
    assert pairs("Sen. Marco Rubio (R-Fla.) said the vote was close.") == [
        ("Sen. Marco Rubio (R-Fla.)", "said")
    ]
    assert pairs("Rep. Chris Collins, R-N.Y., said he would vote no. He left.") == [
        ("Rep. Chris Collins, R-N.Y.", "said")
    ]
    assert pairs("“It is clear,” Senate Majority Leader Mitch McConnell, R-Ky., said.") == [
        ("Senate Majority Leader Mitch McConnell, R-Ky.", "said")
    ]


# -- between the subject and the verb; after the verb ------------------------------------------


def test_time_and_adverbs_between_subject_and_verb():
    assert pairs("RNC spokesman Sean Spicer on Thursday evening said the party was calm.") == [
        ("RNC spokesman Sean Spicer", "said")
    ]
    assert pairs("Carter however said he would welcome the talks.") == [("Carter", "said")]
    assert pairs("The governor last week said he would sign the bill.") == [
        ("The governor", "said")
    ]


def test_addressee_after_told_is_no_speaker():
    assert pairs("His childhood friend told The Daily Beast.") == [("His childhood friend", "told")]


# -- questions put by someone unnamed; participles ---------------------------------------------


def test_when_asked_is_an_attribution_without_speaker():
    found = pairs("When asked whether he would run, the senator smiled.")
    assert (None, "asked") in found
    assert pairs("Asked about the poll, Christie said it was early.") == [
        (None, "asked"),
        ("Christie", "said"),
    ]


def test_asked_with_an_object_is_no_passive():
    assert (None, "asked") not in pairs("The reporter asked him about the poll.")


def test_participle_takes_the_subject_of_the_main_clause():
    assert pairs("The Sanders campaign attacked her record on Monday, saying she had failed.") == [
        ("The Sanders campaign", "saying")
    ]
    assert ("Bolton", "saying") in pairs(
        "Bolton praised the speech while saying that he had doubts."
    )


def test_plain_subject_runs_over_of_phrases_and_counts():
    assert pairs("Several supporters of reform said it is more realistic.") == [
        ("Several supporters of reform", "said")
    ]
    assert pairs("Almost half of respondents said the party has become more hostile.") == [
        ("Almost half of respondents", "said")
    ]
    assert pairs("The 57-year-old scientist says she does not take comparisons lightly.") == [
        ("The 57-year-old scientist", "says")
    ]


def test_a_pronoun_after_the_verb_starts_the_content():
    assert pairs("Other senators said they, too, have had no dealings with him.") == [
        ("Other senators", "said")
    ]


def test_parenthetical_plain_subject():
    assert pairs("Unless countries act, the experts say, the world could suffer.") == [
        ("the experts", "say")
    ]


def test_lower_case_source_after_the_verb_when_it_closes_the_clause():
    assert pairs("“It can go a long way,” said a senior Cruz adviser.") == [
        ("a senior Cruz adviser", "said")
    ]
    # the words after the verb start its content: the subject is the long name before it
    assert ("the turmoil", "said") not in pairs(
        "Christopher Harvey, an African-American delegate from Houston, Texas, said the "
        "turmoil at this week’s convention was part of the circus."
    )


# -- datelines, channels, nouns that agree with "a" ------------------------------------------


def test_a_dateline_is_no_speaker():
    found = pairs(
        "WASHINGTON (AFP) - The Washington Post on Thursday published a report on the deal, "
        "saying the talks had failed."
    )
    assert found == [("The Washington Post", "saying")]


def test_source_after_the_verb_with_a_place_or_channel():
    assert pairs("“The ad is false,” said the narrator in the 30-second spot.") == [
        ("the narrator", "said")
    ]
    assert pairs(
        "Chris Weston, chief market strategist at IG, said in an e-mail to clients that "
        "stocks would fall."
    ) == [("Chris Weston, chief market strategist at IG", "said")]


def test_a_bare_form_after_a_singular_indefinite_phrase_is_a_noun():
    assert ("A news", "report") not in pairs(
        "A news report published Wednesday said the secretary used a personal account."
    )


# -- long asides between the subject and the verb --------------------------------------------


def test_subject_before_a_long_apposition():
    assert pairs(
        "Sherrilyn Ifill, head of the NAACP Legal Defense and Educational Fund, said in a "
        "recent interview that trials were instrumental."
    ) == [("Sherrilyn Ifill, head of the NAACP Legal Defense and Educational Fund", "said")]


def test_subject_before_a_relative_clause_with_commas_inside():
    assert pairs(
        "Sandy Phillips, who lost her daughter during the shooting in Aurora, Colorado, in "
        "July 2012, said that the senator had been rude."
    ) == [("Sandy Phillips", "said")]


# -- labels and credits are no attributions --------------------------------------------------


def test_a_label_before_a_colon_is_no_speaker():
    assert (
        pairs("Editor’s note: The candidate has repeatedly incited violence at his rallies.") == []
    )
    assert pairs("Program note: The debate starts an hour later than planned tonight.") == []


def test_credits_are_no_attributions():
    text = (
        "The talks ended without a deal on Friday night in the capital after two days. "
        "(Additional reporting by Jim Finkle in Boston; Editing by Grant McCool)"
    )
    assert all(cue != "reporting" for _, cue in pairs(text))
    assert pairs("Our correspondent Ahmed Burai reports from Idlib in Syria.") == []


def test_participle_after_a_closing_quotation_mark():
    found = pairs("Lake said the school was “repeatedly attacked” adding that it may be the worst.")
    assert sorted(found) == [("Lake", "adding"), ("Lake", "said")]


def test_passive_question_without_asker():
    assert (None, "asked") in pairs("Why does he remain so popular? Mr. Sanders was asked.")
    assert (None, "asked") in pairs("He spoke after he was asked about the attack in Orlando.")
    assert pairs("The residents were told to leave the area before the strikes began.") == []


def test_plain_subject_with_a_name_inside_and_a_count():
    assert ("the former HP executive", "told") in pairs(
        "Every Friday, the former HP executive told The Washington Post, she would lead a meeting."
    )
    assert pairs(
        "But at least a dozen members of Congress told reporters the House is within reach."
    ) == [("at least a dozen members of Congress", "told")]


def test_a_clause_after_the_verb_is_no_inverted_speaker():
    assert pairs("The NFL legend said people misunderstand Trump.") == [("The NFL legend", "said")]


def test_who_clause_after_a_prepositional_phrase():
    assert pairs("The loss was steep for Mr. Sanders, who said he would take a day off.") == [
        ("Mr. Sanders", "said")
    ]


def test_plain_subjects_of_note_suggest_and_deny():
    assert pairs("Some Clinton allies suggested that the officials were motivated.") == [
        ("Some Clinton allies", "suggested")
    ]
    assert pairs("But the regime has denied any responsibility for the attack.") == [
        ("the regime", "denied")
    ]


def test_adverbs_and_percent_subjects():
    assert pairs("He memorably promised that he would fight until the last dog dies.") == [
        ("He", "promised")
    ]
    assert pairs("Mrs. Clinton has since said she would support a higher wage.") == [
        ("Mrs. Clinton", "said")
    ]
    assert ("the family", "said") in pairs(
        "On Monday the family said the funeral would be private."
    )
    assert pairs("On social issues, 26% say they are conservative.") == [("26%", "say")]


def test_said_before_was_in_a_relative_clause():
    assert ("he", "said") in pairs(
        "Roffman signed a letter of apology that he said was drafted by the firm."
    )


def test_a_denied_passive_is_no_attribution():
    assert pairs("The casualty figures could not be independently confirmed.") == []


def test_speaker_after_nested_closing_marks_with_a_space():
    assert pairs("\"He told me, 'I move to the center,' \" she said. Then he left.") == [
        ("she", "said")
    ]


def test_participle_after_a_name_and_an_irregular_verb():
    found = pairs("Jane Alvarez threw her support behind the mayor on Friday, saying he earned it.")
    assert found == [("Jane Alvarez", "saying")]
    # a possessive name is no subject of its own: never "Ryan’s" alone
    found = pairs("Ryan’s gardener shrugged off the remarks, saying nothing had changed.")
    assert ("Ryan’s", "saying") not in found
    assert pairs("Ryan’s campaign shrugged off the remarks, saying nothing had changed.") == [
        ("Ryan’s campaign", "saying")
    ]


def test_subject_of_a_participle_in_a_with_phrase():
    assert pairs("Turnout rose, with 30 percent of voters saying they had never voted.") == [
        ("30 percent of voters", "saying")
    ]
    assert pairs("The bill passed, with three in 10 saying it went too far.") == [
        ("three in 10", "saying")
    ]


def test_by_before_a_gerund_or_an_adverb_is_no_agent():
    assert pairs("The senator responded by abruptly cutting the aid.") == []
    assert pairs("The senator responded by saying the aid would stay.") == [
        ("The senator", "responded"),
    ]
    assert pairs("The reporter was criticized by the mayor.") == []


def test_a_bare_form_after_a_singular_name_is_a_noun():
    assert pairs("The FEC report covering the last quarter comes out next week.") == []
    assert pairs("The AP report merits a closer look.") == []
    assert pairs("Democrats report that turnout rose.") == [("Democrats", "report")]
    assert pairs("Mr. Autor and Mr. Hanson emphasize that trade is one factor.") == [
        ("Mr. Autor and Mr. Hanson", "emphasize")
    ]
    assert pairs("I'd add a reason for the split.") == [("I'd", "add")]


def test_editors_notes_and_all_told_are_no_attributions():
    assert pairs("This story has been updated to include comments from the governor.") == []
    assert pairs("This post has been updated with comments from the campaign.") == []
    assert pairs("All told, the groups spent more than $2 million on ads.") == []


def test_fractions_and_more_than_counts_are_plain_subjects():
    assert pairs("Most called him honest, and three-quarters said the same of her.") == [
        ("three-quarters", "said")
    ]
    assert pairs("Most agreed, and more than 4 in 10 said the economy was worse.") == [
        ("more than 4 in 10", "said")
    ]


def test_described_reports_an_account_without_a_quotation():
    assert pairs("The senator described the meeting with the president.") == [
        ("The senator", "described")
    ]
    assert pairs("Mr. Comey described a set of email practices that left them exposed.") == [
        ("Mr. Comey", "described")
    ]
    assert pairs("The rules described above apply to every county.") == []
