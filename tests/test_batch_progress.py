"""Progress per batch: BatchRunner.map says when each batch finishes, and Progress shows
"batch N of M" in place on a terminal, and nothing elsewhere or with --quiet."""

from __future__ import annotations

import io

import polars as pl
from support import SEEDS

from analysis.parallel import BatchRunner
from analysis.pipeline import Options, Progress, analyse


class Terminal(io.StringIO):
    """Standard error as a terminal shows it."""

    def isatty(self) -> bool:
        return True


def _sums(table: pl.DataFrame) -> int:
    return int(table["n"].sum())


def test_each_finished_batch_is_counted_in_this_process() -> None:
    finished = []
    with BatchRunner(workers=1, batch_rows=3, batch_done=lambda *c: finished.append(c)) as runner:
        sums = runner.map(_sums, pl.DataFrame({"n": list(range(7))}))
    assert sums == [3, 12, 6]
    assert finished == [(1, 3), (2, 3), (3, 3)]


def test_each_finished_batch_is_counted_on_a_local_cluster() -> None:
    finished = []
    with BatchRunner(workers=2, batch_rows=2, batch_done=lambda *c: finished.append(c)) as runner:
        sums = runner.map(pl.DataFrame.sum, pl.DataFrame({"n": list(range(9))}))
    assert [part["n"][0] for part in sums] == [1, 5, 9, 13, 8]
    assert finished == [(count, 5) for count in range(1, 6)]


def test_batches_are_shown_in_place_on_a_terminal(monkeypatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    progress = Progress(enabled=True)
    for count in (1, 2, 3):
        progress.batch(count, 3)
    assert terminal.getvalue() == (
        "\rframelens:   batch 1 of 3\rframelens:   batch 2 of 3\rframelens:   batch 3 of 3\n")


def test_no_batches_are_shown_off_a_terminal_when_quiet_or_for_a_single_batch(monkeypatch):
    log = io.StringIO()
    monkeypatch.setattr("sys.stderr", log)
    Progress(enabled=True).batch(1, 2)
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    Progress(enabled=False).batch(1, 2)  # --quiet
    Progress(enabled=True).batch(1, 1)
    assert log.getvalue() == terminal.getvalue() == ""


def test_a_report_run_shows_the_batches_of_each_per_article_stage(monkeypatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    analyse(SEEDS, Options(batch_rows=2), progress=Progress(enabled=True))
    shown = terminal.getvalue()
    # the five seed articles in batches of two, for cleaning and for the per-article pass
    assert shown.count("\rframelens:   batch 3 of 3\n") == 2
    assert "framelens: cleaning" in shown.split("batch 1 of 3")[0]
