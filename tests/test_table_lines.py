"""Rows of table corpora are named by the line a user sees in an editor (analysis/table_lines.py),
or by their row number for Parquet."""

from __future__ import annotations

import json

import polars as pl

from analysis.clean import clean_articles
from analysis.corpus import load_corpus

FIRST = ("The army said on Tuesday that it had retaken three districts of the city from the "
         "militants after a week of heavy fighting.")
SECOND = ("Aid agencies said thousands of civilians had left the eastern districts overnight and "
          "that more were expected to leave on Wednesday.")


def _warnings(path) -> list[str]:
    return [str(warning) for warning in clean_articles(load_corpus(path)).warnings]


def test_a_duplicate_on_line_3_of_a_json_lines_file_is_named_by_line_3(tmp_path):
    path = tmp_path / "t.jsonl"
    rows = [{"text": FIRST, "outlet": "A"}, {"text": SECOND, "outlet": "A"},
            {"text": FIRST, "outlet": "B"}]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    assert "t.jsonl:3: duplicate of article 1: counted once" in _warnings(path)


def test_blank_lines_of_a_json_lines_file_are_counted(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text(
        json.dumps({"text": FIRST, "outlet": "A"}) + "\n\n   \n"
        + json.dumps({"text": None, "outlet": "A"}) + "\n",
        encoding="utf-8",
    )
    loaded = load_corpus(path)
    assert loaded.articles["path"].to_list() == ["t.jsonl:1"]
    assert "t.jsonl:4: skipped: empty text cell" in [str(w) for w in loaded.warnings]


def test_csv_rows_are_named_by_the_line_where_their_record_starts(tmp_path):
    path = tmp_path / "t.csv"
    # The header is line 1; the first record spans lines 2-4 (a quoted text with line breaks).
    path.write_text(
        "id,outlet,text\n"
        f'a,A,"{FIRST}\n\n{SECOND}"\n'
        "b,A,\n"
        f"c,B,{FIRST}\n",
        encoding="utf-8",
    )
    warnings = _warnings(path)
    assert "t.csv:5: skipped: empty text cell" in warnings
    loaded = load_corpus(path)
    assert loaded.articles["path"].to_list() == ["t.csv:2", "t.csv:6"]


def test_tsv_rows_are_named_by_their_line(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text(f"outlet\ttext\nA\t{FIRST}\nB\t{FIRST}\n", encoding="utf-8")
    assert "t.tsv:3: duplicate of article 1: counted once" in _warnings(path)


def test_parquet_rows_are_named_by_their_row_number_from_1(tmp_path):
    path = tmp_path / "t.parquet"
    pl.DataFrame({"outlet": ["A", "A", "B"], "text": [FIRST, SECOND, FIRST]}).write_parquet(path)
    assert "t.parquet row 3: duplicate of article 1: counted once" in _warnings(path)
