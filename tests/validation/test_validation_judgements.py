"""Judgements by reading: the marked file is checked line by line; precision per term."""

from __future__ import annotations

import polars as pl
import pytest
from support import build_articles

from analysis.errors import FramelensError
from analysis.lexicon import concordance, load_lexicon, match_terms
from analysis.validation import (
    TERM_PRECISION,
    read_judgements,
    sample_hits,
    term_precision,
    write_sample,
)

TEXTS = {
    "a1": ("RT", "Militants shelled the district. The militants then withdrew."),
    "a2": ("BBC", "Rebels held the bridge while militants fired on it."),
}


@pytest.fixture
def sample_file(tmp_path):
    articles = build_articles(TEXTS)
    hits = match_terms(articles, None, None, load_lexicon())
    sample = sample_hits(concordance(hits, articles, 12), per_term=10)
    return write_sample(sample, tmp_path / "sample.csv"), hits


def _mark(path, marks: list[str]) -> None:
    """Fill the relevant column of the sample's data rows with ``marks``, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    position = header.index("relevant")
    out = [lines[0]]
    for line, mark in zip(lines[1:], marks, strict=True):
        cells = line.split(",")
        cells[position] = mark
        out.append(",".join(cells))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def test_precision_counts_yes_and_no_and_skips_blank_rows(sample_file):
    path, hits = sample_file
    # Rows: militant x3 (BBC a2, RT a1, RT a1), rebel x1, sorted by term, outlet, id, start.
    _mark(path, ["y", "Yes", " n ", ""])
    precision = term_precision(read_judgements(path), hits)
    TERM_PRECISION.check(precision)
    militant = precision.row(by_predicate=pl.col("term") == "militant", named=True)
    assert (militant["judged"], militant["relevant"], militant["hits"]) == (3, 2, 3)
    assert militant["precision"] == pytest.approx(2 / 3)
    assert militant["ci_low"] == pytest.approx(0.2077, abs=1e-3)
    assert militant["ci_high"] == pytest.approx(0.9385, abs=1e-3)
    assert "rebel" not in precision["term"].to_list()


@pytest.mark.parametrize(
    ("marks", "message"),
    [
        (["y", "maybe", "n", "y"], "sample.csv:3: relevant is 'maybe'"),
        (["y", "y", "n", "1"], "sample.csv:5: relevant is '1'"),
    ],
)
def test_a_value_other_than_yes_or_no_names_its_line(sample_file, marks, message):
    path, _ = sample_file
    _mark(path, marks)
    with pytest.raises(FramelensError, match=message):
        read_judgements(path)


def test_a_missing_column_is_named(tmp_path):
    path = tmp_path / "judged.csv"
    path.write_text("id,term,start,relevant\na1,militant,0,y\n", encoding="utf-8")
    with pytest.raises(FramelensError, match=r"judged.csv:1: missing column\(s\) end"):
        read_judgements(path)


def test_an_offset_that_is_not_a_number_names_its_line(tmp_path):
    path = tmp_path / "judged.csv"
    path.write_text("id,term,start,end,relevant\na1,militant,0,9,y\na1,militant,x,9,n\n",
                    encoding="utf-8")
    with pytest.raises(FramelensError, match="judged.csv:3: start is 'x'"):
        read_judgements(path)


def test_a_hit_judged_twice_names_both_lines(tmp_path):
    path = tmp_path / "judged.csv"
    path.write_text("id,term,start,end,relevant\na1,militant,0,9,y\na1,militant,0,9,n\n",
                    encoding="utf-8")
    with pytest.raises(FramelensError, match="judged.csv:3: this hit is judged twice .*line 2"):
        read_judgements(path)


def test_a_judgement_of_no_hit_in_this_corpus_names_its_line(sample_file, tmp_path):
    _, hits = sample_file
    path = tmp_path / "judged.csv"
    path.write_text("id,term,start,end,relevant\na1,militant,0,9,y\na9,militant,0,9,n\n",
                    encoding="utf-8")
    with pytest.raises(FramelensError, match="judged.csv:3: no framing hit 'militant' at 0-9 "
                                             "in article 'a9'"):
        term_precision(read_judgements(path), hits, source=path)


def test_a_judgement_with_the_wrong_offsets_is_unknown(sample_file, tmp_path):
    _, hits = sample_file
    path = tmp_path / "judged.csv"
    path.write_text("id,term,start,end,relevant\na1,militant,1,9,y\n", encoding="utf-8")
    with pytest.raises(FramelensError, match="judged.csv:2: no framing hit"):
        term_precision(read_judgements(path), hits, source=path)
