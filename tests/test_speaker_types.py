"""Speaker types for any news: the gazetteer's rules, typing from the article, and the
accuracy on 200 PolNeAR attributions labelled by hand (tests/fixtures/polnear_speaker_types.csv).
"""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest
from support import PROJECT

from analysis.attribution import SPEAKER_TYPES, find_attributions, load_gazetteer
from analysis.clean import split_sentences
from analysis.quotes import find_quotes

FIXTURE = PROJECT / "tests" / "fixtures" / "polnear_speaker_types.csv"
CORPORA = PROJECT.parent / "shared" / "corpora"


@pytest.mark.parametrize(
    ("speaker", "expected"),
    [
        ("FBI Director James Comey", ("official", "United States")),
        ("the FBI", ("government_agency", "United States")),
        ("the Clinton campaign", ("party_campaign", None)),
        ("a campaign aide", ("anonymous", None)),
        ("Judge Gonzalo Curiel", ("court", None)),
        ("a professor at Harvard University", ("expert", None)),
        ("Goldman Sachs CEO Lloyd Blankfein", ("business", None)),
        ("Fox News host Sean Hannity", ("media", "United States")),
        ("a Trump supporter", ("ordinary_people", None)),
        ("a new poll", ("document", None)),
        ("people familiar with the matter", ("anonymous", None)),
        ("Russian Defense Ministry spokesman Igor Konashenkov", ("official", "Russia")),
        ("the Syrian army", ("government_agency", "Syria")),
        ("activists", ("ngo", None)),
    ],
)
def test_general_news_speakers_are_typed(speaker, expected):
    assert load_gazetteer().classify(speaker) == expected


def test_every_declared_type_has_a_label_and_a_description():
    gazetteer = load_gazetteer()
    for code in SPEAKER_TYPES:
        assert gazetteer.label(code) != code
        assert gazetteer.description(code) != gazetteer.label(code)


def test_a_bare_name_takes_the_title_the_article_gave_it(make_articles):
    articles = make_articles({
        "a1": ("Wire", "Vermont Sen. Bernie Sanders spoke in Iowa. Sanders said the rules were "
                       "rigged. Dana Wolf, a professor of history, watched. Wolf said it worked."),
    })
    rows = find_attributions(articles, split_sentences(articles), find_quotes(articles))
    assert [(r["speaker"], r["speaker_type"]) for r in rows.iter_rows(named=True)] == [
        ("Sanders", "official"),
        ("Wolf", "expert"),
    ]


def test_a_name_the_article_never_introduces_stays_unknown(make_articles):
    articles = make_articles({"a1": ("Wire", "Dana Wolf said the rules were rigged.")})
    rows = find_attributions(articles, split_sentences(articles), find_quotes(articles))
    assert rows["speaker_type"].to_list() == ["unknown"]


def test_the_labelled_fixture_holds_spans_and_declared_types_only():
    with FIXTURE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 200
    assert set(rows[0]) == {"doc_id", "start", "end", "speaker", "type"}
    for row in rows:
        assert row["type"] in SPEAKER_TYPES
        assert int(row["end"]) - int(row["start"]) == len(row["speaker"])


@pytest.mark.slow
def test_labelled_polnear_accuracy_is_printed():
    if not (CORPORA / "polnear-dev" / "articles.jsonl").exists():
        pytest.skip(f"{CORPORA}/polnear-dev not found: the accuracy needs the PolNeAR corpus")
    result = subprocess.run(
        [sys.executable, str(PROJECT / "benchmarks" / "speaker_types.py"), "--corpora",
         str(CORPORA)],
        capture_output=True, text=True, check=True, cwd=PROJECT,
        env={"PYTHONPATH": str(PROJECT), "PATH": ""},
    )
    print(result.stdout)
    assert "labelled:" in result.stdout and "typed right" in result.stdout
