"""Batching and worker processes change nothing: the same corpus gives the same tables."""

from __future__ import annotations

import polars as pl
import pytest
from support import SEEDS

from analysis.pipeline import Analysis, Options, analyse

TABLES = ["articles", "removed", "duplicates", "sentences", "quotes", "hits", "rates",
          "differences", "concordance", "attributions", "distinctive", "collocates",
          "similarity", "outlet_similarity"]


def _assert_same(left: Analysis, right: Analysis) -> None:
    for name in TABLES:
        assert getattr(left, name).equals(getattr(right, name)), name
    for name, table in left.attribution_summary.items():
        assert table.equals(right.attribution_summary[name]), name
    assert [str(w) for w in left.warnings] == [str(w) for w in right.warnings]


def test_seed_tables_do_not_depend_on_batch_size():
    whole = analyse(SEEDS, Options(workers=1, batch_rows=1000))
    one_by_one = analyse(SEEDS, Options(workers=1, batch_rows=1))
    _assert_same(whole, one_by_one)


def test_a_report_from_one_article_per_batch_equals_the_committed_report(tmp_path):
    """The report reads its stored tables a file (a batch) at a time and queries them
    lazily for its examples: with a file per article, report.md and every data file are the
    committed ones."""
    golden = SEEDS.parent / "reports" / "seeds"
    result = analyse(SEEDS, Options(workers=1, batch_rows=1))
    assert len(result.stored["hits"].files) == result.catalogue.height
    out = result.write_report(tmp_path / "seeds").parent
    assert (out / "report.md").read_bytes() == (golden / "report.md").read_bytes()
    written = sorted(path.name for path in (out / "data").iterdir())
    assert written == sorted(path.name for path in (golden / "data").iterdir())
    for name in written:
        assert (out / "data" / name).read_bytes() == (golden / "data" / name).read_bytes(), name


@pytest.mark.slow
def test_worker_processes_give_the_same_tables_as_one_process(fakes_path):
    whole = analyse(fakes_path, Options(workers=1, batch_rows=10**6))
    parallel = analyse(fakes_path, Options(workers=2, batch_rows=97))
    _assert_same(whole, parallel)
    assert parallel.hits.height > 1000 and parallel.attributions.height > 1000


def test_articles_out_of_id_order_give_the_same_tables(tmp_path):
    rows = [{"id": article_id, "outlet": outlet, "text": text} for article_id, outlet, text in [
        ("b", "RT", "The army said militants fled the town. “The terrorists left,” he said."),
        ("a", "Press TV", "Rebels claimed they retreated. Civilians were evacuated, Reuters said."),
        ("c", "RT", "Government forces liberated the district, the ministry said on Monday."),
    ]]
    path = tmp_path / "corpus.jsonl"
    pl.DataFrame(rows).write_ndjson(path)
    _assert_same(analyse(path, Options(workers=1)), analyse(path, Options(workers=1,
                                                                          batch_rows=1)))


def test_freed_memory_is_handed_back_where_the_c_library_allows_it():
    """On glibc, release_freed_memory calls malloc_trim; elsewhere it does nothing. Either way
    the analysis goes on: it is called between stages and in every batch."""
    import platform

    from analysis import parallel

    if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
        assert parallel._LIBC is not None
    parallel.release_freed_memory()
    parallel.release_freed_memory()
