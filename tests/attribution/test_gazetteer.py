"""The attribution data files: the source gazetteer (speaker types) and the reporting verbs,
default, extended, replaced and broken."""

from __future__ import annotations

import pytest

from analysis.attribution import (
    SPEAKER_TYPES,
    load_gazetteer,
    load_reporting_verbs,
)
from analysis.errors import FramelensError


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
