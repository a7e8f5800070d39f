"""Canonical speakers (analysis.attribution.resolve): short mentions, pronouns and names resolved
to the full mention they stand for."""

from __future__ import annotations

import pytest
from support.attribution import attribute


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
