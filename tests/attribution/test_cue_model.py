"""The learned cue check (analysis.attribution.cue_model): its features on sentences written
for the case, the packaged model file (small, safe to read, no article text) and how it filters
the attributions the rules find."""

from __future__ import annotations

import json
import re

from support import build_articles

from analysis.attribution import find_attributions, load_reporting_verbs
from analysis.attribution.cue_model import (
    DEFAULT_CUE_MODEL,
    JUDGED_KINDS,
    VOCABULARY,
    CueModel,
    cue_features,
    cue_of_row,
    keep_speech,
    load_cue_model,
    without_cue_model,
)
from analysis.attribution.records import Found
from analysis.clean import split_sentences
from analysis.quotes import find_quotes

VERBS = load_reporting_verbs()
FORMS = frozenset(form for _, form in VERBS.cues)


def features_of(text: str, cue: str, speaker: str | None, direct: bool = False) -> list[str]:
    at = text.index(cue)
    speaker_span = None
    if speaker is not None:
        start = text.index(speaker)
        speaker_span = (start, start + len(speaker))
    return cue_features(
        text, (0, len(text)), cue_of_row(VERBS, cue.lower()), cue.lower(),
        (at, at + len(cue)), speaker_span, direct, False, FORMS,
    )


def test_features_of_a_request():
    features = features_of("Trump asked him to condemn the attack.", "asked", "Trump")
    assert "object_then_to" in features
    assert "lemma=ask" in features
    assert "speaker=name" in features and "speaker_side=before" in features
    assert "after1=him" in features  # a function word is named as it is


def test_features_of_a_poll_and_of_a_modal():
    poll = features_of("In the poll, 42 percent of voters say the economy matters.", "say",
                       "42 percent of voters")
    assert "speaker=number" in poll
    modal = features_of("She will announce her decision on Monday.", "announce", "She")
    assert "modal_before" in modal and "speaker=pronoun" in modal
    assert "shape=bare" in modal


def test_other_words_are_named_by_their_shape_only():
    features = features_of("Officials in Zanzibar said the ferry sank.", "said", "Officials")
    assert not any("zanzibar" in name.lower() or "ferry" in name for name in features)
    assert "after1=the" in features  # a function word, as it is
    assert "after2=low" in features  # "ferry": its shape only
    assert "speaker_first=Cap" in features


def test_packaged_model_is_small_json_without_article_text():
    assert DEFAULT_CUE_MODEL.stat().st_size < 5_000_000
    data = json.loads(DEFAULT_CUE_MODEL.read_text(encoding="utf-8"))
    assert 0 < data["threshold"] < 1
    # every word in a feature's value is a function word, a cue form or lemma, a name of the
    # vocabulary file (kinds, classes) or a shape the module makes
    allowed = (
        VOCABULARY
        | {word for form in FORMS for word in form.split()}
        | {cue.lemma for cue in VERBS.cues.values()}
        | set(VERBS.classes)
        | {"verbs", "document", "True", "False", "Cap", "low", "NUM", "START", "END", "mark"}
        | {"ing", "s", "ed", "bare", "name", "noun", "number", "pronoun", "none"}
        | {"before", "after", "cue"}
    )
    for name in data["weights"]:
        value = name.split("=", 1)[1] if "=" in name else ""
        for word in re.findall(r"[A-Za-z_]+", value):
            parts = [word] if word.lower() in allowed else word.split("_")
            assert all(part in allowed or part.lower() in allowed for part in parts), name


def test_keep_speech_drops_what_the_model_scores_low():
    text = "Trump asked him to condemn the attack. Trump said the attack was terrible."
    said = text.index("said")
    cue_ask, cue_say = cue_of_row(VERBS, "asked"), cue_of_row(VERBS, "said")
    asked = Found(0, 0, 38, cue_ask, "asked", 6, 11, (0, 5))
    says = Found(1, 39, len(text), cue_say, "said", said, said + 4, (39, 44))
    model = CueModel({"object_then_to": -10.0}, 2.0, 0.5)
    assert keep_speech(model, text, [asked, says], FORMS) == [says]
    assert keep_speech(None, text, [asked, says], FORMS) == [asked, says]


def test_cues_the_model_does_not_judge_are_kept():
    text = "In a statement, the ministry blamed the coalition."
    cue = cue_of_row(VERBS, "in a statement")
    assert cue.kind not in JUDGED_KINDS
    found = Found(0, 0, len(text), cue, "in a statement", 0, 14, (16, 28))
    assert keep_speech(CueModel({}, -50.0, 0.5), text, [found], FORMS) == [found]


def test_without_cue_model_switches_the_packaged_model_off_and_back():
    assert load_cue_model() is not None
    with without_cue_model():
        assert load_cue_model() is None
    assert load_cue_model() is not None


def test_packaged_model_keeps_plain_speech():
    text = (
        "The minister said on Monday that the talks would resume. "
        "Officials told reporters the plan was ready."
    )
    articles = build_articles({"a0": ("Outlet", text)})
    table = find_attributions(articles, split_sentences(articles), find_quotes(articles))
    assert [(row["speaker"], row["cue"]) for row in table.to_dicts()] == [
        ("The minister", "said"),
        ("Officials", "told"),
    ]
