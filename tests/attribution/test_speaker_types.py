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


def test_speaker_types_chart_draws_rare_types_as_one_part_and_skips_unquoted_ones():
    import polars as pl

    from analysis.charts import speaker_types_chart

    codes = list(SPEAKER_TYPES)  # 14 types: 11 quoted, 3 quoted by nobody
    counts = [30, 20, 12, 10, 9, 8, 7, 6, 3, 2, 1, 0, 0, 0]
    table = pl.DataFrame({"outlet": ["A"] * len(codes), "speaker_type": codes, "count": counts})
    chart = speaker_types_chart(table, ["A"])
    labels = [t.get_text() for t in chart.figure.legends[0].get_texts()]
    assert labels == [
        "official", "government agency", "party campaign", "court", "international body",
        "ngo", "expert", "other types",
    ]
    assert "other types 11% (12)" in chart.alt_text  # business 6 + media 3 + armed 2 + people 1


def test_a_name_typed_in_other_articles_keeps_that_type_across_the_corpus():
    import polars as pl

    from analysis.attribution import type_across_articles

    table = pl.DataFrame({
        "id": ["a1", "a2", "a3", "a3", "a4", "a5"],
        "speaker_canonical": ["Jane Roe", "Jane Roe", "Jane Roe", "Roe", "Roe", "he"],
        "speaker_type": ["expert", "expert", "unknown", "unknown", "expert", "unknown"],
        "country": [None, "Canada", None, None, None, None],
    })
    typed = type_across_articles(table)
    assert typed["speaker_type"].to_list() == [
        "expert", "expert", "expert",  # a full name typed in two other articles
        "unknown",  # a bare surname needs three articles that agree
        "expert", "unknown",  # a pronoun is nobody's name
    ]
    assert typed["country"].to_list()[2] == "Canada"


def test_a_name_the_corpus_types_two_ways_stays_unknown():
    import polars as pl

    from analysis.attribution import type_across_articles

    table = pl.DataFrame({
        "id": ["a1", "a2", "a3"],
        "speaker_canonical": ["Jane Roe", "Jane Roe", "Jane Roe"],
        "speaker_type": ["expert", "business", "unknown"],
        "country": [None, None, None],
    })
    assert type_across_articles(table)["speaker_type"].to_list()[2] == "unknown"
