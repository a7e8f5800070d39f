"""Attribution (analysis.attribution): speakers, cues, verb classes, quotes and summaries."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import build_articles

from analysis.attribution import (
    ATTRIBUTIONS,
    ATTRIBUTIONS_CSV_COLUMNS,
    OUTLET_ATTRIBUTIONS,
    SPEAKER_TYPE_COUNTS,
    SPEAKER_TYPES,
    TOP_SPEAKERS,
    VERB_CLASS_COUNTS,
    VERB_CLASSES,
    find_attributions,
    load_gazetteer,
    load_reporting_verbs,
    summarise_attributions,
    write_attributions_csv,
)
from analysis.clean import split_sentences
from analysis.errors import FramelensError
from analysis.quotes import find_quotes
from analysis.tokens import count_words


def attribute(*texts: str) -> list[dict]:
    """The ATTRIBUTIONS rows for one article per text (ids a0, a1, ...), as dicts."""
    articles = build_articles({f"a{i}": ("Outlet", text) for i, text in enumerate(texts)})
    table = find_attributions(articles, split_sentences(articles), find_quotes(articles))
    ATTRIBUTIONS.check(table)
    return table.to_dicts()


def pairs(text: str) -> list[tuple[str | None, str]]:
    """(speaker as written, cue) of every attribution in ``text``."""
    return [(row["speaker"], row["cue"]) for row in attribute(text)]


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


# -- canonical speakers ------------------------------------------------------------------------


def test_short_mentions_resolve_to_the_nearest_fitting_full_mention():
    text = (
        "Around 8,500 people left militant-held districts, the Russian Peace Coordination Center "
        "in Syria said Friday. “Fourteen militants walked out,” the center said. According to "
        "the statement, the militants received amnesty. SANA news agency reported that the Old "
        "City had been retaken. The troops advanced further, the news agency added."
    )
    rows = attribute(text)
    canonical = [(row["speaker"], row["speaker_canonical"]) for row in rows]
    assert canonical == [
        (
            "the Russian Peace Coordination Center in Syria",
            "Russian Peace Coordination Center in Syria",
        ),
        ("the center", "Russian Peace Coordination Center in Syria"),
        ("the statement", "Russian Peace Coordination Center in Syria"),
        ("SANA news agency", "SANA"),
        ("the news agency", "SANA"),
    ]


def test_she_and_he_skip_persons_known_to_be_of_the_other_sex():
    rows = attribute(
        "Foreign Ministry spokeswoman Maria Zakharova said the convoy had left. Foreign "
        "Minister Sergei Lavrov said talks would go on. She added that the corridor was open. "
        "He said the talks were useful. Zakharova said more buses were coming. Lieutenant-"
        "General Sergei Rudskoy said the shelling continued. She said it had to stop."
    )
    assert [(row["speaker"], row["speaker_canonical"]) for row in rows] == [
        ("Foreign Ministry spokeswoman Maria Zakharova", "Maria Zakharova"),
        ("Foreign Minister Sergei Lavrov", "Sergey Lavrov"),
        ("She", "Maria Zakharova"),  # not Lavrov, the nearest person
        ("He", "Sergey Lavrov"),
        ("Zakharova", "Maria Zakharova"),
        ("Lieutenant-General Sergei Rudskoy", "Sergei Rudskoy"),
        ("She", "Maria Zakharova"),
    ]
    # A person whose mention does not tell may be either.
    rows = attribute("The governor said the road was cut. She said it would reopen.")
    assert rows[1]["speaker_canonical"] == "governor"
    # No person who may be a man: "he" is left unresolved, and stands for no one later.
    rows = attribute(
        "Spokeswoman Maria Zakharova said the road was cut. He said it was open. It said the "
        "road was clear."
    )
    assert [(row["speaker"], row["speaker_canonical"]) for row in rows[1:]] == [
        ("He", "He"),
        ("It", "It"),  # not "He"
    ]


def test_a_capitalized_preposition_inside_a_name_stays_in_the_speaker():
    rows = attribute(
        "Doctors Without Borders (MSF) said the hospital was hit. The clinic was shelled again, "
        "said Reporters Without Borders."
    )
    assert [(row["speaker"], row["speaker_canonical"], row["speaker_type"]) for row in rows] == [
        ("Doctors Without Borders (MSF)", "Doctors Without Borders", "ngo"),
        # a name that ends as an earlier one does is not that name
        ("Reporters Without Borders", "Reporters Without Borders", "ngo"),
    ]
    # but an acronym before a surname names an affiliation, not another person
    rows = attribute(
        "Kurdish spokesman Nawaf Khalil said the strikes hit civilians. The raids target the "
        "whole region on the pretext of fighting the PKK Khalil said."
    )
    assert [row["speaker_canonical"] for row in rows] == ["Nawaf Khalil", "Nawaf Khalil"]


def test_a_word_capitalized_at_a_sentence_start_does_not_join_the_name_after_it():
    rows = attribute(
        "Like Noha Samira, thousands of families fled Idlib this year. Samira said she would "
        "try to migrate. After Aleppo fell, the army moved south. In Raqqa, fighters dug in. "
        "Raqqa said the curfew held."
    )
    assert [(row["speaker"], row["speaker_canonical"]) for row in rows] == [
        ("Samira", "Noha Samira"),  # not "Like Noha Samira"
        ("Raqqa", "Raqqa"),  # not "In Raqqa"
    ]


def test_a_participle_phrase_ending_in_a_place_leaves_the_subject_before_it():
    rows = attribute(
        "Syrian human rights activist Ahmed Ali said the roads were closed. A Madaya resident "
        "speaking from the bus garage inside Aleppo said people had waited since Friday. "
        '"We are sad," he said. One Syrian living in an area of Islamic State control near '
        "Raqqa said the number of fighters had grown."
    )
    assert [
        (row["speaker"], row["speaker_canonical"], row["speaker_type"]) for row in rows
    ] == [
        ("Syrian human rights activist Ahmed Ali", "Ahmed Ali", "ngo"),
        ("A Madaya resident", "Madaya resident", "ordinary_people"),  # not "Aleppo"
        ("he", "Madaya resident", "ordinary_people"),
        # a new speaker: not the earlier Syrian, and a person, not the Syrian state
        ("One Syrian", "One Syrian", "unknown"),
    ]


def test_a_source_closing_the_sentence_after_said_is_its_speaker_without_a_comma():
    # FA-KES strips commas: "... killed 10 civilians, said the Observatory." loses its comma
    rows = attribute(
        "A barrage of air strikes killed at least 10 civilians said the Syrian Observatory for "
        "Human Rights. Mortar rounds struck near the Russian embassy said the Observatory on "
        "Sunday. Among the dead were 20 children added Observatory director Rami Abdel Rahman. "
        "The Observatory said Hezbollah was involved. The army said the strikes continued."
    )
    assert [(row["speaker"], row["speaker_type"]) for row in rows] == [
        ("the Syrian Observatory for Human Rights", "ngo"),  # not "10 civilians"
        ("the Observatory", "ngo"),  # not "the Russian embassy"
        ("Observatory director Rami Abdel Rahman", "ngo"),
        ("The Observatory", "ngo"),  # "said Hezbollah was": the subject before
        ("The army", "government_agency"),
    ]


def test_a_short_organization_mention_skips_persons_and_other_kinds_of_source():
    text = (
        "The Islamic State group said it held the town. The Syrian Observatory for Human Rights "
        "said 40 people were killed. Observatory director Rami Abdel Rahman said the toll would "
        "rise. The observatory said more bodies were found. The monitoring group said the "
        "fighting went on. The group said it would not retreat."
    )
    rows = attribute(text)
    assert [(row["speaker"], row["speaker_canonical"]) for row in rows] == [
        ("The Islamic State group", "Islamic State"),
        ("The Syrian Observatory for Human Rights", "Syrian Observatory for Human Rights"),
        ("Observatory director Rami Abdel Rahman", "Rami Abdel Rahman"),
        # not the director: "observatory" names an organization
        ("The observatory", "Syrian Observatory for Human Rights"),
        # a monitor, so not the Islamic State group, the latest speaker with "group"
        ("The monitoring group", "monitoring group"),
        # no type in its words: the latest speaker with "group"
        ("The group", "monitoring group"),
    ]


def test_where_a_source_is_based_does_not_make_it_another_source():
    text = (
        "The Britain-based Syrian Observatory for Human Rights said 12 people died. The UK-based "
        "Syrian Observatory for Human Rights said the strikes went on."
    )
    rows = attribute(text)
    assert {row["speaker_canonical"] for row in rows} == {"Syrian Observatory for Human Rights"}


def test_surname_merges_with_titled_full_name():
    text = (
        "Lieutenant-General Sergei Rudskoy briefed reporters on Friday. Rudskoy said 1,096 "
        "militants have left Aleppo. According to the general, these settlements have been "
        "cleared of militants."
    )
    rows = attribute(text)
    assert [row["speaker_canonical"] for row in rows] == ["Sergei Rudskoy", "Sergei Rudskoy"]
    assert [row["speaker"] for row in rows] == ["Rudskoy", "the general"]


def test_pronouns_pick_persons_plurals_and_organizations():
    text = (
        "The militants said they would not leave. Russian presidential spokesman Dmitry Peskov "
        "said the offer was still in force. “They were offered to leave,” he told journalists. "
        "They also rejected the talks, the militants added. The ministry said talks continued. "
        "“That means nothing,” it concluded."
    )
    rows = attribute(text)
    resolved = {(row["speaker"], row["speaker_canonical"]) for row in rows}
    assert ("he", "Dmitry Peskov") in resolved
    assert ("it", "ministry") in resolved


def test_a_known_plural_opening_a_sentence_is_no_person_for_he_or_she():
    # "Rebels" alone was read as a surname, so a later "she" became the rebels
    rows = attribute("Rebels said they had left. “Now we have nothing,” she said.")
    assert [(row["speaker"], row["speaker_canonical"]) for row in rows] == [
        ("Rebels", "Rebels"),
        ("she", "she"),
    ]


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        # the capitalized words after "of", "from", "in" name a place or a body
        ("A resident of Eastern Ghouta said 20 people died.", "resident of Eastern Ghouta"),
        (
            "Rami Abdel Rahman head of the Syrian Observatory for Human Rights said 20 died.",
            "Rami Abdel Rahman head of the Syrian Observatory for Human Rights",
        ),
        # ...unless a title or a known word stands between: the name follows it
        ("US Secretary of State John Kerry said the talks had failed.", "John Kerry"),
        ("A spokesman for the Free Syrian Army, Osama Abu Zeid, said 20 died.", "Osama Abu Zeid"),
    ],
)
def test_a_place_after_a_preposition_is_not_read_as_the_speakers_name(text, canonical):
    (row,) = attribute(text)
    assert row["speaker_canonical"] == canonical


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("A close Putin aide said the talks failed.", "close Putin aide"),
        ("The staunch Assad ally insisted that the gas was not theirs.", "staunch Assad ally"),
        ("The British ambassador to the UN said the talks failed.", "British ambassador to the UN"),
        # a word for the source itself still merges with it
        ("SANA news agency reported that the army advanced.", "SANA"),
        ("The Islamic State group said it withdrew.", "Islamic State"),
    ],
)
def test_someone_described_by_a_relation_to_a_source_is_not_that_source(text, canonical):
    # [persons] relations in sources.toml
    (row,) = attribute(text)
    assert row["speaker_canonical"] == canonical


def test_gazetteer_canonical_names_merge_spellings_across_articles():
    rows = attribute(
        "Sergei Lavrov said the talks were over.", "Foreign Minister Sergey Lavrov said so too."
    )
    assert {row["speaker_canonical"] for row in rows} == {"Sergey Lavrov"}


# -- data files --------------------------------------------------------------------------------


def test_default_gazetteer_declares_every_type_with_a_label():
    gazetteer = load_gazetteer()
    for code in SPEAKER_TYPES:
        assert gazetteer.label(code) and gazetteer.label(code) != code


@pytest.mark.parametrize(
    ("speaker", "expected"),
    [
        ("the Russian Defense Ministry", ("government_agency", "Russia")),
        ("Moscow", ("government_agency", "Russia")),
        ("a UK-based monitoring group", ("ngo", "United Kingdom")),
        ("militant officials", ("armed_group", None)),
        ("UN Special Envoy for Syria Staffan de Mistura", ("international_body", None)),
        ("SANA news agency", ("media", "Syria")),
        ("Civilians who left the Syrian city of Aleppo", ("ordinary_people", "Syria")),
        ("a spokesman", ("anonymous", None)),
        ("the plan", ("document", None)),
        ("Turkish President Recep Tayyip Erdogan", ("official", "Turkey")),
        ("an Iranian general", ("official", "Iran")),
    ],
)
def test_speaker_types_from_sources_titles_and_nationality(speaker, expected):
    assert load_gazetteer().classify(speaker) == expected


def test_user_gazetteer_extends_the_default(tmp_path):
    path = tmp_path / "extra.toml"
    path.write_text(
        '[sources]\n"Aleppo Media Center" = { type = "ngo", country = "Syria" }\n'
        '[rules.words]\nordinary_people = ["baker"]\n',
        encoding="utf-8",
    )
    gazetteer = load_gazetteer(path, extend=True)
    assert gazetteer.classify("the Aleppo Media Center") == ("ngo", "Syria")
    assert gazetteer.classify("a baker") == ("ordinary_people", None)
    assert gazetteer.classify("Reuters")[0] == "media"  # the default is still there


def test_user_gazetteer_replaces_the_default(tmp_path):
    types = "\n".join(f'{code} = "{code} label"' for code in SPEAKER_TYPES)
    path = tmp_path / "own.toml"
    path.write_text(
        f'[types]\n{types}\n[sources]\n"Kyiv Independent" = {{ type = "media" }}\n',
        encoding="utf-8",
    )
    gazetteer = load_gazetteer(path)
    assert gazetteer.classify("Kyiv Independent")[0] == "media"
    assert gazetteer.classify("Reuters") == ("unknown", None)


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ('[types]\nofficial = "x"\n', 1, "misses"),
        ("[types\n", 1, "invalid TOML"),
        (
            "[types]\n"
            + "\n".join(f'{c} = "l"' for c in SPEAKER_TYPES)
            + '\n[sources]\n"X" = { type = "pirate" }\n',
            len(SPEAKER_TYPES) + 3,
            "needs type",
        ),
    ],
)
def test_broken_gazetteer_names_file_and_line(tmp_path, content, line, words):
    path = tmp_path / "broken.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FramelensError) as raised:
        load_gazetteer(path)
    message = str(raised.value)
    assert str(path) in message and f"line {line}" in message and words in message
    assert "\n" not in message


def test_missing_gazetteer_file_is_a_user_error(tmp_path):
    with pytest.raises(FramelensError, match="cannot read"):
        load_gazetteer(tmp_path / "nope.toml")


def test_broken_reporting_verbs_names_file_and_line(tmp_path):
    path = tmp_path / "verbs.toml"
    path.write_text(
        '[classes]\nneutral = "n"\n[verbs]\nsay = { class = "neutral", forms = ["said"] }\n'
        'shout = { class = "loud", forms = ["shouted"] }\n',
        encoding="utf-8",
    )
    with pytest.raises(FramelensError, match=r"verbs\.toml, line 5: .*shout"):
        load_reporting_verbs(path)


def test_every_verb_class_of_the_brief_is_in_the_default_cues():
    verbs = load_reporting_verbs()
    expected = {
        "said": "neutral",
        "told": "neutral",
        "stated": "neutral",
        "added": "neutral",
        "reported": "neutral",
        "claimed": "doubt",
        "alleged": "doubt",
        "insisted": "doubt",
        "purported": "doubt",
        "confirmed": "assertive",
        "stressed": "assertive",
        "revealed": "assertive",
        "pointed out": "assertive",
        "explained": "assertive",
        "warned": "assertive",
    }
    for form, verb_class in expected.items():
        assert verbs.cue("verbs", form).verb_class == verb_class
    assert verbs.cue("phrases", "according to").verb_class == "neutral"
    assert verbs.cue("nouns", "claims").verb_class == "doubt"


# -- summaries ---------------------------------------------------------------------------------


def summarise(texts: dict[str, tuple[str, str]]) -> dict[str, pl.DataFrame]:
    articles = build_articles(texts)
    quotes = find_quotes(articles)
    attributions = find_attributions(articles, split_sentences(articles), quotes)
    return summarise_attributions(attributions, articles, quotes)


SUMMARY_TEXTS = {
    "r1": ("RT", "“We will win,” the minister said. Militants claimed that the road was open."),
    "r2": ("RT", "It was reported that the convoy had been attacked."),
    "b1": ("BBC", "The weather in Aleppo was cold and dry on Monday."),
}


def test_summaries_read_only_the_columns_they_declare():
    from analysis.attribution.summary import SUMMARISED

    articles = build_articles(SUMMARY_TEXTS)
    quotes = find_quotes(articles)
    attributions = find_attributions(articles, split_sentences(articles), quotes)
    whole = summarise_attributions(attributions, articles, quotes)
    narrow = summarise_attributions(*(table.select(SUMMARISED[name]) for name, table in (
        ("attributions", attributions), ("articles", articles), ("quotes", quotes))))
    assert whole.keys() == narrow.keys()
    for name, table in whole.items():
        assert table.equals(narrow[name]), name
    assert whole["outlets"]["attributions"].sum() > 0


def test_summary_tables_follow_their_schemas_and_list_every_outlet():
    tables = summarise(SUMMARY_TEXTS)
    schemas = {
        "outlets": OUTLET_ATTRIBUTIONS,
        "speaker_types": SPEAKER_TYPE_COUNTS,
        "verb_classes": VERB_CLASS_COUNTS,
        "top_speakers": TOP_SPEAKERS,
    }
    for name, schema in schemas.items():
        schema.check(tables[name])
    assert tables["outlets"]["outlet"].to_list() == ["BBC", "RT"]
    assert tables["speaker_types"].height == 2 * len(SPEAKER_TYPES)
    assert tables["verb_classes"].height == 2 * len(SPEAKER_TYPES) * 3


def test_outlet_rates_and_shares():
    outlets = {row["outlet"]: row for row in summarise(SUMMARY_TEXTS)["outlets"].to_dicts()}
    rt, bbc = outlets["RT"], outlets["BBC"]
    words = count_words(SUMMARY_TEXTS["r1"][1]) + count_words(SUMMARY_TEXTS["r2"][1])
    assert rt["words"] == words and rt["attributions"] == 3
    assert rt["rate_per_1000"] == pytest.approx(3000 / words)
    assert rt["direct_share"] == pytest.approx(1 / 3)
    assert rt["anonymous_share"] == pytest.approx(1 / 3)
    assert rt["quoted_text_share"] == pytest.approx(3 / words)
    assert bbc["attributions"] == 0 and bbc["direct_share"] is None
    assert bbc["rate_per_1000"] == 0.0


def test_quoted_text_counts_outermost_quotes_article_by_article():
    texts = {
        "q1": ("RT", "Later, “We will ‘never’ leave,” the minister said."),  # nested: 4 words
        "q2": ("RT", "“Go home,” he said."),  # starts before q1's quote ends: 2 words
        "q3": ("BBC", "No quotes here."),
    }
    outlets = {row["outlet"]: row for row in summarise(texts)["outlets"].to_dicts()}
    words = count_words(texts["q1"][1]) + count_words(texts["q2"][1])
    assert outlets["RT"]["quoted_text_share"] == pytest.approx(6 / words)
    assert outlets["BBC"]["quoted_text_share"] == 0.0


def test_verb_class_by_speaker_type_and_top_speakers():
    tables = summarise(SUMMARY_TEXTS)
    classes = tables["verb_classes"].filter(pl.col("outlet") == "RT", pl.col("count") > 0)
    assert classes.select("speaker_type", "verb_class", "count").rows() == [
        ("official", "neutral", 1),
        ("armed_group", "doubt", 1),
        ("anonymous", "neutral", 1),
    ]
    top = tables["top_speakers"].filter(pl.col("outlet") == "RT")
    assert top["speaker_canonical"].to_list() == ["Militants", "minister"]
    assert top["rank"].to_list() == [1, 2]


def test_attributions_csv_has_the_documented_columns(tmp_path):
    articles = build_articles({"a": ("RT", "“We will win,” the minister said.")})
    table = find_attributions(articles, split_sentences(articles), find_quotes(articles))
    path = tmp_path / "data" / "attributions.csv"
    write_attributions_csv(table, path)
    written = pl.read_csv(path)
    assert tuple(written.columns) == ATTRIBUTIONS_CSV_COLUMNS
    assert written["speaker"].to_list() == ["the minister"]


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
