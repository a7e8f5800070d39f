"""Finding attributions (analysis.attribution.find): quotations, cues, speakers in every
reporting style, and well-formed rows for any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import build_articles
from support.attribution import attribute, pairs

from analysis.attribution import (
    VERB_CLASSES,
    find_attributions,
)
from analysis.clean import split_sentences
from analysis.quotes import find_quotes

# -- what to find: quotations ------------------------------------------------------------------


def test_schema_and_sorting_on_seed_sentences():
    rows = attribute(
        "“We expect that in the near future, civilians will be able to return,” the Russian "
        "general added. Rudskoy said the area had been demined.",
        "On Sunday, Aleppo militants told Reuters that Moscow and Washington had tabled a "
        "proposal.",
    )
    assert [(row["id"], row["start"]) for row in rows] == sorted(
        (row["id"], row["start"]) for row in rows
    )
    assert {row["id"] for row in rows} == {"a0", "a1"}


def test_straight_quote_with_inverted_speaker_is_direct():
    text = (
        '"The issue of withdrawing militants is the subject of separate agreements. This '
        "agreement has not yet been reached, largely because the United States insists on "
        'unacceptable terms," said Ryabkov.'
    )
    [row] = attribute(text)
    assert (row["speaker"], row["cue"], row["direct"]) == ("Ryabkov", "said", True)
    assert row["quote"].startswith("The issue") and row["quote"].endswith("terms,")
    assert (row["start"], row["end"]) == (0, text.index(" said"))
    assert row["quote_index"] == 0


def test_curly_quote_with_pronoun_speaker_resolves_to_the_full_mention():
    text = (
        "The Syrian Army has gained control of 93% of Aleppo’s territory, the head of the Main "
        "Operations Department at Russia’s General Staff, Lieutenant-General Sergei Rudskoy, said "
        "on Friday.\n\n“The government forces and militia units continue the operation to "
        "liberate Aleppo’s eastern districts from terrorists,” he said."
    )
    first, second = attribute(text)
    assert first["speaker"] == (
        "the head of the Main Operations Department at Russia’s General Staff, "
        "Lieutenant-General Sergei Rudskoy"
    )
    assert first["speaker_canonical"] == "Sergei Rudskoy" and not first["direct"]
    assert (second["speaker"], second["speaker_canonical"], second["direct"]) == (
        "he",
        "Sergei Rudskoy",
        True,
    )
    assert (first["speaker_type"], first["country"]) == ("official", "Russia")


def test_quote_over_several_paragraphs_is_one_direct_attribution():
    text = (
        "“We will not leave our homes. The shelling has not stopped for three days.\n\n"
        "“There is no water and no bread, and nobody comes to help us,” a resident of the "
        "Bustan al-Qasr district told AFP by telephone."
    )
    [row] = attribute(text)
    assert row["direct"] and row["speaker"] == "a resident of the Bustan al-Qasr district"
    assert row["start"] == 0 and row["end"] == text.index(" a resident")
    assert row["speaker_type"] == "ordinary_people"


def test_partial_quote_inside_a_sentence_is_direct():
    text = (
        "Russia “still maintains contacts with the Syrian opposition,” Foreign Ministry "
        "spokeswoman Maria Zakharova told journalists during a news briefing on Wednesday, "
        "stressing that Russia “has never concealed this fact.”"
    )
    told, stressing = attribute(text)
    assert (told["speaker"], told["cue"], told["direct"]) == (
        "Foreign Ministry spokeswoman Maria Zakharova",
        "told",
        True,
    )
    assert told["quote"] == "still maintains contacts with the Syrian opposition,"
    assert (stressing["cue"], stressing["speaker_canonical"]) == ("stressing", "Maria Zakharova")
    assert stressing["quote"] == "has never concealed this fact."
    assert stressing["verb_class"] == "assertive"


def test_scare_quote_keeps_an_attribution_indirect():
    text = (
        "Civilians who left the Syrian city of Aleppo have confirmed tortures carried out by the "
        "so-called “moderate opposition” militants, Rudskoy said."
    )
    rows = {row["cue"]: row for row in attribute(text)}
    assert not rows["said"]["direct"] and rows["said"]["speaker"] == "Rudskoy"
    assert rows["confirmed"]["speaker"] == "Civilians who left the Syrian city of Aleppo"


def test_quote_closed_with_a_mismatched_mark_is_attributed():
    text = (
        "“Currently, about 8,000 civilians have been evacuated from the eastern parts of Aleppo,” "
        "Konashenkov added. “All of them have been placed in special humanitarian centers where "
        'they are provided with hot food and medical help if required."'
    )
    [row] = attribute(text)
    assert (row["speaker"], row["cue"], row["direct"]) == ("Konashenkov", "added", True)


# -- what to find: cues and orders -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ("The army stated that the road was open.", "The army", "stated"),
        ("The ministry added that 66 militants had laid down their arms.", "The ministry", "added"),
        ("He noted that talks between the US and Russia would carry on in Geneva.", "He", "noted"),
        ("The general stressed that the corridors remain open.", "The general", "stressed"),
        ("Lavrov emphasized that the talks were over.", "Lavrov", "emphasized"),
        ("The Kremlin warned that the strikes would continue.", "The Kremlin", "warned"),
        (
            "Russian Foreign Minister Sergey Lavrov announced on Thursday that Syrian government "
            "forces suspended “active military activities” against militants.",
            "Russian Foreign Minister Sergey Lavrov",
            "announced",
        ),
        ("The commander explained that the road had been mined.", "The commander", "explained"),
        ("The monitor confirmed that 40 people had died.", "The monitor", "confirmed"),
        ("Russia has denied that its jets struck the hospital.", "Russia", "denied"),
        ("Activists claimed that barrel bombs had been dropped.", "Activists", "claimed"),
        ("The opposition alleged that chlorine had been used.", "The opposition", "alleged"),
        (
            "The Pentagon insisted that its strikes targeted only militants.",
            "The Pentagon",
            "insisted",
        ),
        (
            "The Russian foreign minister also urged the UN special envoy to act.",
            "The Russian foreign minister",
            "urged",
        ),
        (
            "According to the statement, over a dozen militants received amnesty.",
            "the statement",
            "according to",
        ),
        ("The plan was also said to be carried out within 48 hours.", None, "said"),
        (
            "The group said in a statement that its fighters had withdrawn.",
            "The group",
            "said in a statement",
        ),
        ("In a statement, the ministry blamed the coalition.", "the ministry", "in a statement"),
        (
            "Earlier, SANA news agency also reported that the Old City had been retaken.",
            "SANA news agency",
            "reported",
        ),
        (
            "Syrian forces retook the neighborhood of Maadi, said a UK-based monitoring group.",
            "a UK-based monitoring group",
            "said",
        ),
        (
            "Since the operations began, 78,000 civilians have been evacuated, says Moscow.",
            "Moscow",
            "says",
        ),
        (
            "According to Reuters, militant officials had claimed that guarantees would be given.",
            "Reuters",
            "according to",
        ),
    ],
)
def test_cue_and_speaker(text, speaker, cue):
    assert (speaker, cue) in pairs(text)



@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ("Ali al-Hamid said: “We are worried.”", "Ali al-Hamid", "said"),
        ("Bashar al-Assad said: “We will win.”", "Bashar al-Assad", "said"),
        (
            "Zouhir al-Shimale, a journalist in Aleppo, told Reuters that the bombing went on.",
            "Zouhir al-Shimale, a journalist in Aleppo",
            "told",
        ),
        (
            "The pro-government website al-Masdar News reported that the army advanced.",
            "The pro-government website al-Masdar News",
            "reported",
        ),
        ("Jaish al-Islam said its fighters had withdrawn.", "Jaish al-Islam", "said"),
        (
            "“The road is open,” said Abu Omar al-Golani, a commander of the group.",
            "Abu Omar al-Golani, a commander of the group",
            "said",
        ),
    ],
)
def test_names_with_a_hyphenated_particle_are_speakers(text, speaker, cue):
    # "al-Hamid" starts with a lower-case letter but is part of a name: before, the speaker
    # stopped short of it ("News", "Brigade") or was not found at all, and the colon after
    # "said" was read as a headline ("Bashar al-Assad said" with cue ":").
    assert pairs(text) == [(speaker, cue)]

@pytest.mark.parametrize(
    ("text", "speaker", "canonical", "speaker_type"),
    [
        (
            "The Syrian Observatory for Human Rights (SOHR) said 20 people died.",
            "The Syrian Observatory for Human Rights (SOHR)",
            "Syrian Observatory for Human Rights",
            "ngo",
        ),
        (
            "The Islamic State (IS) group claimed the attack.",
            "The Islamic State (IS) group",
            "Islamic State",
            "armed_group",
        ),
        (
            "The Syrian Arab News Agency [SANA] reported that the army advanced.",
            "The Syrian Arab News Agency [SANA]",
            "SANA",
            "media",
        ),
        ("Lavrov (pictured) said the talks had failed.", "Lavrov (pictured)", "Sergey Lavrov",
         "official"),
    ],
)
def test_a_word_in_brackets_after_a_name_stays_in_the_speaker(
    text, speaker, canonical, speaker_type
):
    # Before, the closing bracket ended the search for a subject: no speaker at all, or only
    # "group"; the canonical name leaves the bracketed word out.
    (row,) = attribute(text)
    assert (row["speaker"], row["speaker_canonical"], row["speaker_type"]) == (
        speaker,
        canonical,
        speaker_type,
    )


def test_a_number_in_brackets_is_no_part_of_a_name():
    assert pairs("Islamic State Rises (1881) Related Syrian Forces deny it.") == [
        ("Related Syrian Forces", "deny")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # text whose commas were stripped (as in FA-KES): "the army said, adding"
        (
            "“The attack was repelled” the army said adding “They used 120 fighters.”",
            [("the army", "said"), ("the army", "adding")],
        ),
        (
            "Some were badly hurt the source said noting that the shelling went on.",
            [("the source", "said"), ("the source", "noting")],
        ),
        (
            "The statement by the Russian defence ministry said that the pilots were on a "
            "test flight.",
            [("the Russian defence ministry", "statement by")],
        ),
        # a verb inside a word, or a form that may be a noun, does not cut a speaker short
        (
            "Rami Abdel Rahman, head of the so-called Syrian Observatory for Human Rights, said "
            "that soldiers were executed.",
            [
                (
                    "Rami Abdel Rahman, head of the so-called Syrian Observatory for Human Rights",
                    "said",
                )
            ],
        ),
    ],
)
def test_a_speaker_stops_before_a_reporting_verb_it_would_run_over(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("According to media reports, 20 people died.", [("media reports", "according to")]),
        ("According to Russian reports, the jets struck.", [("Russian reports", "according to")]),
        ("Reports say 20 people died.", [("Reports", "say")]),
        ("Daily reports of attacks continued.", []),
    ],
)
def test_reports_in_the_plural_are_a_source(text, expected):
    # "reports", like "report", is a document that is a source of its own (reporting_verbs.toml);
    # before, "According to Russian reports" gave the speaker "According to Russian" for the
    # verb "reports", and "according to media reports" gave nothing.
    assert pairs(text) == expected


def test_statement_read_reads_and_added_speak_for_the_ministry():
    text = (
        "Over 800,000 people have returned to Aleppo, the Russian Defense Ministry said in a "
        "statement on Saturday.\n\n"
        "“The Russian reconciliation center holds active negotiations,” the statement read.\n\n"
        "“Markets, shops and schools are working,” the statement added.\n\n"
        "The authorities now “fully control 50 neighborhoods,” the ministry’s statement reads."
    )
    rows = attribute(text)
    assert [row["cue"] for row in rows] == ["said in a statement", "read", "added", "reads"]
    assert {row["speaker_canonical"] for row in rows} == {"Russian Defense Ministry"}
    assert [row["direct"] for row in rows] == [False, True, True, True]


def test_passive_quoted_as_saying_by_gives_speaker_and_relay():
    text = (
        "“Russian and Syrian aircraft have not been used in the Aleppo area since October 18,” "
        "he was quoted as saying by Center for Research on Globalization."
    )
    speaker, relay = attribute(text)
    assert (speaker["speaker"], speaker["cue"]) == ("he", "quoted as saying")
    assert relay["speaker"] == "Center for Research on Globalization"
    assert relay["speaker_type"] == "media"
    assert speaker["quote_index"] == relay["quote_index"] == 0


def test_nominal_claims_made_by_casts_doubt():
    text = (
        "Russia has denied claims made by militants that it has reached an agreement with the US "
        "over giving the terrorists safe passage out of Syria’s Aleppo."
    )
    denied, claims = attribute(text)
    assert (denied["speaker"], denied["verb_class"]) == ("Russia", "neutral")
    assert (claims["speaker"], claims["cue"], claims["verb_class"]) == (
        "militants",
        "claims made by",
        "doubt",
    )
    assert claims["speaker_type"] == "armed_group"


def test_as_reported_by_reuters_and_naming_verb_with_quote():
    text = (
        "On Wednesday, Syrian Reconciliation Minister Dr. Ali Haidar called the advance of the "
        "Syrian Army a “strategic victory” that would prevent foreign intervention, as reported "
        "by Reuters."
    )
    called, reported = attribute(text)
    assert (called["speaker"], called["cue"]) == (
        "Syrian Reconciliation Minister Dr. Ali Haidar",
        "called",
    )
    assert called["speaker_canonical"] == "Ali Haidar" and called["country"] == "Syria"
    assert (reported["speaker"], reported["cue"]) == ("Reuters", "reported")


def test_inverted_speaker_list_of_countries():
    text = (
        '"The most urgent goal remains an immediate ceasefire," said the leaders of Germany, '
        "France, Italy, the United States, Canada and Britain in a statement.\n\n"
        "They urged the Syrian government to agree to a plan and called on Russia and Iran "
        "“to exercise their influence to make this happen.”"
    )
    said, urged, called_on = attribute(text)
    leaders = "the leaders of Germany, France, Italy, the United States, Canada and Britain"
    assert said["speaker"] == leaders and said["direct"]
    assert said["country"] == "Germany; France; Italy; United States; Canada; United Kingdom"
    assert urged["speaker"] == "They" and urged["speaker_canonical"] == leaders[4:]
    assert called_on["cue"] == "called on" and called_on["direct"]


def test_participle_and_coordinated_verbs_take_the_main_speaker():
    text = (
        "Following the announcement, Russian Deputy Foreign Minister Sergei Ryabkov said that the "
        "militants' claims were fictitious, adding that Moscow is working on the evacuation. "
        "The Syrian government rejected the proposal, insisting that the militants should leave."
    )
    rows = attribute(text)
    assert [(row["speaker"], row["cue"]) for row in rows] == [
        ("Russian Deputy Foreign Minister Sergei Ryabkov", "said"),
        ("Russian Deputy Foreign Minister Sergei Ryabkov", "adding"),
        ("The Syrian government", "insisting"),
    ]
    assert rows[2]["verb_class"] == "doubt"


# -- other styles ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "speaker_type"),
    [
        # wire copy
        (
            '"We are not going to leave," a spokesman told Reuters.',
            "a spokesman",
            "told",
            "anonymous",
        ),
        (
            "The ceasefire will hold until Friday, a senior U.S. official said on condition of "
            "anonymity.",
            "a senior U.S. official",
            "said",
            "anonymous",
        ),
        (
            "A source close to the negotiations told AFP that a deal was near.",
            "A source close to the negotiations",
            "told",
            "anonymous",
        ),
        (
            "Diplomats in Geneva said the two sides remained far apart.",
            "Diplomats in Geneva",
            "said",
            "anonymous",
        ),
        (
            "The Syrian Observatory for Human Rights, a Britain-based monitoring group, said at "
            "least 40 people were killed.",
            "The Syrian Observatory for Human Rights, a Britain-based monitoring group",
            "said",
            "ngo",
        ),
        # headline style
        ("Lavrov: West is trying to save Nusra Front", "Lavrov", ":", "official"),
        ("The talks have failed, says Moscow.", "Moscow", "says", "government_agency"),
        # long-form
        (
            "For weeks, residents of the besieged eastern districts have told reporters that food "
            "is running out.",
            "residents of the besieged eastern districts",
            "told",
            "ordinary_people",
        ),
        (
            '"There is no bread left," said Umm Ahmad, a mother of four who fled the eastern '
            "districts last week.",
            "Umm Ahmad, a mother of four",
            "said",
            "ordinary_people",
        ),
        (
            "The minister, who spoke to reporters in Geneva, said the plan had been rejected.",
            "The minister",
            "said",
            "official",
        ),
        (
            "Rebels, who have held the east since 2012, denied the reports.",
            "Rebels",
            "denied",
            "armed_group",
        ),
        (
            "Officials from both sides, however, warned that the truce was fragile.",
            "Officials from both sides",
            "warned",
            "anonymous",
        ),
        (
            "UN envoy Staffan de Mistura warned that eastern Aleppo could be “totally destroyed” "
            "by Christmas.",
            "UN envoy Staffan de Mistura",
            "warned",
            "international_body",
        ),
        (
            "Syria's foreign minister, Walid al-Muallem, said the offensive would continue.",
            "Syria's foreign minister, Walid al-Muallem",
            "said",
            "official",
        ),
        ("It was reported that the convoy had been attacked.", None, "reported", "anonymous"),
        (
            "The White Helmets, a rescue group operating in rebel-held areas, said 20 bodies had "
            "been pulled from the rubble.",
            "The White Helmets, a rescue group operating in rebel-held areas",
            "said",
            "ngo",
        ),
    ],
)
def test_other_styles(text, speaker, cue, speaker_type):
    rows = [(r["speaker"], r["cue"], r["speaker_type"]) for r in attribute(text)]
    assert (speaker, cue, speaker_type) in rows


@pytest.mark.parametrize(
    "text",
    [
        "The explosion claimed the lives of 12 people.",
        "The United States sent aid to the displaced.",
        "Russia's claims were rejected by Washington.",
        "The reports were false.",
        "The so-called ‘moderate opposition’ holds the east.",
        "Thousands of civilians were denied access to the city.",
        "Fighting continued in the south on Tuesday.",
        "Civilians were told to leave the eastern districts.",
    ],
)
def test_sentences_without_attribution(text):
    assert attribute(text) == []


def test_cue_with_long_s_or_dotless_i_is_read_as_its_letters():
    # the case-insensitive cue pattern matches ſ as s and ı as i (these used to raise KeyError)
    assert pairs("The ministry ſaid the road was open. Rebels inſiſted on it.") == [
        ("The ministry", "said"),
        ("Rebels", "insisted"),
    ]
    assert pairs("The ministry saıd the road was open.") == [("The ministry", "said")]


def test_verb_inside_the_last_word_of_a_sentence_is_no_cue():
    # "Syria’said" is one word; the cue inside it has no token after it (this used to raise)
    assert pairs("Officials in Syria’said") == []
    assert pairs("Rebels said it was over. Officials in Syria’said") == [("Rebels", "said")]


# -- robustness --------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "said",
        "told",
        "according to",
        "he",
        "the ministry",
        "Rudskoy",
        ",",
        ".",
        "“",
        "”",
        '"',
        "‘",
        "’",
        "claims made by",
        "was",
        "quoted as saying by",
        ":",
        "\n\n",
        "Lavrov",
        "and",
        "who",
        "the",
        "militants",
        "that",
        "reported",
        "by",
        "in a statement",
        "it",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=40).map(" ".join) | st.text(max_size=200))
def test_any_text_gives_well_formed_attributions(text):
    articles = build_articles({"a": ("X", text)})
    quotes = find_quotes(articles)
    table = find_attributions(articles, split_sentences(articles), quotes)
    spans = set(quotes.select("start", "end").rows())
    for row in table.to_dicts():
        assert 0 <= row["start"] <= row["end"] <= len(text)
        assert row["verb_class"] in VERB_CLASSES
        if row["direct"]:
            assert (row["start"], row["end"]) in spans
        if row["speaker"] is not None:
            assert text[row["speaker_start"] : row["speaker_end"]] == row["speaker"]
        assert (
            text[row["cue_start"] : row["cue_end"]].lower().split()
            == row["cue"].split()[: len(text[row["cue_start"] : row["cue_end"]].split())]
        )
