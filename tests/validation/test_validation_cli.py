"""From the command line: discover, sample, judge, report (the five steps, on written text)."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest
from support.planted import planted_articles

from analysis.cli import main


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The planted articles as a folder of text files with a manifest naming the outlets."""
    folder = tmp_path_factory.mktemp("planted") / "planted"
    folder.mkdir()
    articles = planted_articles()
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "outlet"])
        for article_id, outlet, text in articles.select("id", "outlet", "clean_text").iter_rows():
            (folder / f"{article_id}.txt").write_text(text + "\n", encoding="utf-8")
            writer.writerow([f"{article_id}.txt", outlet])
    return folder


def _marked(path: Path, out: Path, mark) -> Path:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["relevant"] = mark(row)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return out


def test_discover_sample_judge_and_report(corpus, tmp_path, capsys):
    assert main(["discover", str(corpus), "--out", str(tmp_path / "found")]) == 0
    assert main(["lexicon", "check", str(tmp_path / "found" / "lexicon.toml")]) == 0
    sample = tmp_path / "sample.csv"
    assert main(["lexicon", "sample", str(corpus), "--lexicon",
                 str(tmp_path / "found" / "lexicon.toml"), "--per-term", "6",
                 "--out", str(sample)]) == 0
    table = pl.read_csv(sample, infer_schema=False)
    assert table.filter(pl.col("term") == "government")["outlet"].value_counts().height == 2
    # The reader finds every "government" relevant and one "regime" of six not.
    first_regime = table.filter(pl.col("term") == "regime")["start"][0]
    judged = _marked(sample, tmp_path / "judged.csv",
                     lambda row: "n" if row["term"] == "regime"
                     and row["start"] == first_regime else "y")
    out = tmp_path / "report"
    assert main(["report", str(corpus), "--lexicon", str(tmp_path / "found" / "lexicon.toml"),
                 "--judgements", str(judged), "--out", str(out), "--quiet",
                 "--workers", "1"]) == 0
    precision = pl.read_csv(out / "data" / "term_precision.csv")
    assert precision.columns[:6] == ["term", "judged", "relevant", "precision", "ci_low",
                                     "ci_high"]
    regime = precision.row(by_predicate=pl.col("term") == "regime", named=True)
    assert (regime["judged"], regime["relevant"]) == (6, 5)
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "precision by reading" in report
    assert "No judged term is under 0.8." in report  # regime: 5 of 6
    assert "a reader judged 30 hits of 5 terms (judged.csv) and found 29" in report


def test_report_flags_a_term_under_the_threshold_and_lists_unknown_labels(corpus, tmp_path):
    sample = tmp_path / "sample.csv"
    # The syria pack alone: it has "regime" but not "government" (the conflict pack has both).
    assert main(["lexicon", "sample", str(corpus), "--lexicon", "syria", "--per-term", "4",
                 "--out", str(sample)]) == 0
    judged = _marked(sample, tmp_path / "judged.csv",
                     lambda row: "no" if row["term"] == "rebel" else "YES")
    out = tmp_path / "report"
    assert main(["report", str(corpus), "--lexicon", "syria", "--judgements", str(judged),
                 "--out", str(out), "--quiet", "--workers", "1"]) == 0
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "Under 0.8: “rebel” (0.00, 4 read)" in report
    section = report[report.index("### Labels the lexicon does not know"):]
    assert "“government” (Capital Times 100%, Evening Wire 100%); “regime” (Northern " \
           "Herald 100%)" in section[:section.index("## 4.")]


def test_a_bad_judgements_file_is_one_line_and_exit_2(corpus, tmp_path, capsys):
    judged = tmp_path / "judged.csv"
    judged.write_text("id,term,start,end,relevant\nnor-0,regime,4,10,perhaps\n",
                      encoding="utf-8")
    status = main(["report", str(corpus), "--judgements", str(judged), "--out",
                   str(tmp_path / "out"), "--quiet", "--workers", "1"])
    error = capsys.readouterr().err.strip()
    assert status == 2
    assert error == (f"framelens: error: {judged}:2: relevant is 'perhaps'; write y or n (or "
                     "yes / no), or leave it blank for a hit not judged")
