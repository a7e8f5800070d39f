"""The report's events section, classroom.md and framing over time (analysis.report.events)."""

from __future__ import annotations

import json

import polars as pl
import pytest

import analysis.pipeline as fl


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory):
    result = fl.analyse("seeds")
    out = tmp_path_factory.mktemp("seeds-report")
    result.write_report(out, format="html")
    yield result, out
    result.folder.remove()


def test_classroom_page_puts_the_aleppo_reports_side_by_side(seeds_report):
    _, out = seeds_report
    page = (out / "classroom.md").read_text(encoding="utf-8")
    assert page.startswith("# Same event, different outlets: seeds")
    # Each outlet's headline and first sentence, as the seeds have them.
    assert "**RT**: Syrian Army retakes 70% of E. Aleppo" in page
    assert "**Press TV**: Aleppo militants safe passage deal with US unreal: Russia" in page
    assert "First sentence: Russia has denied claims made by militants" in page
    # The labels each used from the contrast sets, and a pair of sentences with a question.
    assert "| taking territory |" in page
    assert "Naming the same thing differently:" in page
    assert "What does each word suggest" in page
    # The unidentified site's "escape" is the Russian general's word, not the site's.
    assert "unidentified site (in a quotation): ““Civilians who managed to **escape**" in page
    # Sputnik's 2018 article is an event of its own: not side by side.
    assert "Over 800,000 Returned Home" not in page


def test_report_and_html_include_the_side_by_side_and_trends(seeds_report):
    result, out = seeds_report
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "### Same event, different outlets" in report
    assert "### Framing over time" in report
    assert "3 of 5 articles have no date" in report
    assert "charts/framing_trends.png" in report
    assert "Naming the same thing differently" in (out / "report.html").read_text("utf-8")
    events = pl.read_csv(out / "data" / "events.csv")
    assert events.columns[:6] == ["id", "outlet", "date", "event", "label", "first_date"]
    trends = pl.read_csv(out / "data" / "framing_trends.csv")
    assert trends.columns[:9] == ["outlet", "period", "category", "term", "uses", "words",
                                  "rate_per_1000", "ci_low", "ci_high"]
    assert trends["uses"].sum() == result.rates["count"].sum()


def test_article_text_in_the_side_by_side_is_escaped(tmp_path):
    story = ("Syrian troops liberated the Sheikh Saeed district of eastern Aleppo on Wednesday "
             "and evacuated 1,200 civilians through the Jisr al-Haj corridor, the Russian "
             "Defence Ministry said. The rebels had held the district for four years.")
    rows = [
        {"id": "a", "outlet": "RT", "title": "<script>alert(1)</script> Aleppo",
         "date": "2016-12-07", "text": story},
        {"id": "b", "outlet": "[Wire](http://evil)", "title": "# Aleppo | captured",
         "date": "2016-12-08",
         "text": story.replace("liberated", "captured").replace("evacuated", "moved")},
    ]
    corpus = tmp_path / "hostile.jsonl"
    corpus.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    result = fl.analyse(corpus)
    try:
        out = tmp_path / "out"
        result.write_report(out)
        page = (out / "classroom.md").read_text(encoding="utf-8")
    finally:
        result.folder.remove()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Aleppo" in page
    assert "<script>" not in page
    assert "\\[Wire\\](http://evil)" in page
    assert "\\# Aleppo \\| captured" in page
