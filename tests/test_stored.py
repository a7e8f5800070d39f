"""Stored tables (analysis.stored): what is written is what is read, in the order joined, and
the temporary folder goes away with its owner."""

from __future__ import annotations

import gc
import tempfile
from pathlib import Path

import polars as pl
import pytest
from support import SEEDS

import analysis.pipeline as fl
from analysis.errors import FramelensError
from analysis.features import ArticleFeatures, _joined_by_id
from analysis.stored import StoredTable, TemporaryFolder, in_id_order


def _table(ids: list[str], sentences: list[str | None]) -> pl.DataFrame:
    return pl.DataFrame(
        {"id": ids, "sentence": sentences, "start": list(range(len(ids)))},
        schema={"id": pl.String, "sentence": pl.String, "start": pl.Int64},
    )


def test_a_stored_table_reads_back_exactly_what_was_written(tmp_path):
    table = _table(
        ["a", "a", "b"], ["“Liberated”, he said.", None, "|pipe|\n`tick` <b>\u202e\x00"]
    )
    stored = StoredTable.write(table, tmp_path)
    assert stored.height == 3
    assert (stored.first_id, stored.last_id) == ("a", "b")
    assert stored.read().equals(table)
    assert stored.read(["start", "id"]).equals(table.select("start", "id"))


def test_joined_tables_read_in_the_order_joined_with_empty_parts_kept_out(tmp_path):
    first = _table(["a", "b"], ["one", "two"])
    empty = first.clear()
    last = _table(["c"], ["three"])
    parts = [StoredTable.write(table, tmp_path) for table in (first, empty, last)]
    joined = StoredTable.join(parts)
    assert joined.height == 3
    assert (joined.first_id, joined.last_id) == ("a", "c")
    assert joined.read().equals(pl.concat([first, empty, last]))
    # nothing but an empty part: an empty table with the columns and types
    only_empty = StoredTable.join([parts[1]])
    assert only_empty.read().equals(empty)
    assert only_empty.first_id is None


def test_parts_and_scans_give_the_joined_table_a_file_at_a_time(tmp_path):
    first = _table(["a", "b"], ["Militants fled.", None])
    last = _table(["c", "c"], ["“Terrorists”, he said.", "Rebels, | `x`"])
    joined = StoredTable.join([StoredTable.write(table, tmp_path) for table in (first, last)])
    parts = list(joined.parts(["sentence", "id"]))
    assert [part.height for part in parts] == [2, 2]  # one per file, in the order joined
    assert pl.concat(parts).equals(pl.concat([first, last]).select("sentence", "id"))
    # a query on the scan sees every row, and only the columns asked for
    query = joined.scan(["id", "start"]).filter(pl.col("id") == "c").collect()
    assert query.columns == ["id", "start"]
    assert query["start"].to_list() == [0, 1]
    assert joined.scan().collect().equals(joined.read())


def test_join_refuses_tables_with_different_columns(tmp_path):
    one = StoredTable.write(_table(["a"], ["x"]), tmp_path)
    other = StoredTable.write(pl.DataFrame({"id": ["b"]}), tmp_path)
    with pytest.raises(ValueError, match="different schemas"):
        StoredTable.join([one, other])


def test_in_id_order_compares_each_part_with_the_last_id_before_it(tmp_path):
    def stored(ids: list[str]) -> StoredTable:
        return StoredTable.write(_table(ids, ["s"] * len(ids)), tmp_path)

    assert in_id_order([stored(["a", "b"]), stored([]), stored(["b", "c"])])
    assert not in_id_order([stored(["a", "c"]), stored([]), stored(["b"])])


def test_batches_out_of_id_order_are_sorted_as_one_table_would_be(tmp_path):
    """Articles not in id order: every batch's table is sorted, but the batches interleave;
    the joined table is the stable sort of all the rows, as for one batch."""
    parts = [_table(["a", "c", "c"], ["1", "2", "3"]), _table(["b", "c"], ["4", "5"])]
    joined = _joined_by_id([StoredTable.write(part, tmp_path) for part in parts],
                              str(tmp_path))
    assert joined.read()["sentence"].to_list() == ["1", "4", "2", "3", "5"]


def test_the_folder_is_removed_with_its_owner():
    folder = TemporaryFolder()
    path = Path(folder.path)
    StoredTable.write(_table(["a"], ["x"]), path)
    assert path.is_dir()
    del folder
    gc.collect()
    assert not path.exists()
    again = TemporaryFolder()
    again.remove()
    again.remove()  # a second time does nothing
    assert not Path(again.path).exists()


def test_an_analysis_reads_its_tables_from_files_that_go_with_it():
    result = fl.analyse(SEEDS)
    path = Path(result.folder.path)
    texts = result.stored["texts"]  # one file per batch of articles
    files = len(ArticleFeatures.TABLES) + len(texts.files)
    assert sorted(p.suffix for p in path.iterdir()) == [".arrow"] * files
    # The texts are joined back to the catalogue: the articles as cleaning left them.
    articles = result.articles
    assert articles.drop("clean_text").equals(result.catalogue)
    assert "clean_text" not in result.catalogue.columns
    cleaned = fl.prepare(SEEDS).articles.sort("id")
    assert articles.equals(cleaned.drop("raw_text"))
    hits = result.hits
    assert hits.height == result.stored["hits"].height > 0
    assert result.hits.equals(hits)  # read again: the same
    assert result.sentences["id"].is_sorted()
    del result
    gc.collect()
    assert not path.exists()


def _tables_folders() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("framelens-tables-*")}


def test_a_failed_analysis_leaves_no_table_folder(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    before = _tables_folders()
    with pytest.raises(FramelensError, match="no article has any text"):
        fl.analyse(tmp_path)
    assert _tables_folders() == before
