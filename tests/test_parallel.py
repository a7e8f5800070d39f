"""The Dask engine: a local cluster, an existing cluster given by address, and a worker that
dies mid-run all give the report one process gives, byte for byte."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import cloudpickle
import polars as pl
import pytest
from distributed import LocalCluster
from support import SEEDS

import analysis.pipeline
from analysis.cli import main
from analysis.errors import FramelensError
from analysis.parallel import BatchRunner
from analysis.pipeline import Options, analyse

GOLDEN = SEEDS.parent / "reports" / "seeds"

# A cluster that lost its workers waits for new ones for ever: fail the test instead.
pytestmark = pytest.mark.timeout(300)


def _assert_golden(out: Path) -> None:
    assert (out / "report.md").read_bytes() == (GOLDEN / "report.md").read_bytes()
    written = sorted(path.name for path in (out / "data").iterdir())
    assert written == sorted(path.name for path in (GOLDEN / "data").iterdir())
    for name in written:
        assert (out / "data" / name).read_bytes() == (GOLDEN / "data" / name).read_bytes(), name


@pytest.fixture(scope="module")
def cluster():
    """A running two-worker Dask cluster on this machine, as `dask scheduler` and two
    `dask worker` processes would be."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=":0", silence_logs=50) as running:
        yield running


def test_a_two_worker_local_cluster_writes_the_committed_seeds_report(tmp_path):
    result = analyse(SEEDS, Options(workers=2, batch_rows=1))
    _assert_golden(result.write_report(tmp_path / "seeds").parent)


def test_a_cluster_given_by_address_writes_the_committed_seeds_report(tmp_path, cluster):
    result = analyse(SEEDS, Options(scheduler=cluster.scheduler_address, batch_rows=2))
    _assert_golden(result.write_report(tmp_path / "seeds").parent)


def test_the_scheduler_can_come_from_the_environment(tmp_path, cluster, monkeypatch):
    monkeypatch.setenv("FRAMELENS_SCHEDULER", cluster.scheduler_address)
    assert BatchRunner(workers=1).scheduler == cluster.scheduler_address
    assert main(["report", str(SEEDS), "--out", str(tmp_path / "seeds"), "--quiet"]) == 0
    _assert_golden(tmp_path / "seeds")


def _dies_once(marker: str, function):
    """``function``, except that the first call anywhere ends its worker process at once."""

    def run(*arguments):
        try:
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            return function(*arguments)
        os._exit(1)

    return run


def test_a_worker_killed_mid_run_gives_the_same_report(tmp_path, cluster, monkeypatch):
    """The first batch's worker process dies; Dask starts it again and runs the batch on a
    living worker, and the report is the committed one."""
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    marker = tmp_path / "killed"
    try:
        monkeypatch.setattr(analysis.pipeline, "article_features",
                            _dies_once(str(marker), analysis.pipeline.article_features))
        result = analyse(SEEDS, Options(scheduler=cluster.scheduler_address, batch_rows=1))
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert marker.exists(), "no worker was killed"
    _assert_golden(result.write_report(tmp_path / "seeds").parent)


def test_batches_come_back_in_order_whatever_worker_ran_them(cluster):
    table = pl.DataFrame({"n": list(range(23))})
    with BatchRunner(scheduler=cluster.scheduler_address, batch_rows=3) as runner:
        parts = runner.map(pl.DataFrame.sum, table)
    assert [part["n"][0] for part in parts] == [
        sum(range(start, min(start + 3, 23))) for start in range(0, 23, 3)]


def test_an_unreachable_scheduler_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("analysis.parallel.CONNECT_SECONDS", 1)
    status = main(["report", str(SEEDS), "--out", str(tmp_path / "out"), "--quiet",
                   "--scheduler", "tcp://127.0.0.1:9"])
    error = capsys.readouterr().err
    assert status == 2
    assert error.count("\n") == 1 and "Traceback" not in error
    assert error.startswith("framelens: error: cannot reach the Dask scheduler tcp://127.0.0.1:9")
    assert not (tmp_path / "out").exists()


def test_a_local_cluster_leaves_nothing_in_the_temporary_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    with BatchRunner(workers=2, batch_rows=1) as runner:
        assert runner.map(pl.DataFrame.height.fget, pl.DataFrame({"n": [1, 2, 3]})) == [1, 1, 1]
        assert any(tmp_path.iterdir())
    assert list(tmp_path.iterdir()) == []


def _without_framelens(batch):
    raise ModuleNotFoundError("No module named 'analysis'", name="analysis")


def test_a_cluster_without_framelens_is_one_line_saying_to_install_it():
    """Workers (or a scheduler) that cannot import the package fail the way a worker does when
    framelens is not installed there: one FramelensError, not a traceback. (A cluster of
    threads in this process: the function needs no pickling.)"""
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                      dashboard_address=":0", silence_logs=50) as threads:
        with BatchRunner(scheduler=threads.scheduler_address) as runner:
            with pytest.raises(FramelensError, match="cannot import framelens.*install the "
                               "same framelens version on the scheduler and on every worker"):
                runner.map(_without_framelens, pl.DataFrame({"n": [1, 2]}))
