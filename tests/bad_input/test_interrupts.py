"""An interrupted or crashed run (Ctrl-C, SIGTERM, a crash while drawing or writing) leaves the
previous report as it was, prints no traceback and leaves no temporary files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import PROJECT
from support.hostile import (
    article_text,
    snapshot,
    write_small_corpus,
)

from analysis.cli import main
from analysis.output import STAGING_PREFIX

# --- an interrupted or crashed run leaves the previous report as it was ----------------------


@pytest.fixture
def previous_report(tmp_path) -> tuple[Path, Path, dict]:
    corpus = write_small_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    assert main(["report", str(corpus), "--out", str(out), "--quiet"]) == 0
    return corpus, out, snapshot(out)


def _no_staging_left(out: Path) -> bool:
    return not [path for path in out.iterdir() if path.name.startswith(STAGING_PREFIX)]


def test_ctrl_c_inside_an_analysis_stage_keeps_the_previous_report(previous_report, monkeypatch,
                                                                   capsys):
    from analysis.pipeline import Progress

    corpus, out, before = previous_report
    (corpus / "a0.txt").write_text(article_text(77))  # a new run would change the report
    original = Progress.stage

    def interrupt(self, name, detail=""):
        if "distinctive" in name:
            raise KeyboardInterrupt
        return original(self, name, detail)

    monkeypatch.setattr(Progress, "stage", interrupt)
    assert main(["report", str(corpus), "--out", str(out), "--quiet"]) == 130
    assert capsys.readouterr().err == (
        "framelens: interrupted; the previous output was left as it was\n")
    assert snapshot(out) == before


def test_a_second_interrupt_while_the_first_is_reported_prints_no_traceback(monkeypatch,
                                                                           capsys):
    import builtins

    from analysis import cli

    def interrupted(arguments):
        raise KeyboardInterrupt

    real_print = builtins.print
    pending = [KeyboardInterrupt()]  # as if a second one were already on its way

    def print_after_pending(*args, **kwargs):
        if pending:
            raise pending.pop()
        return real_print(*args, **kwargs)

    monkeypatch.setattr(cli, "run_report", interrupted)
    monkeypatch.setattr(builtins, "print", print_after_pending)
    assert main(["report", "anything", "--quiet"]) == 130
    assert capsys.readouterr().err == (
        "framelens: interrupted; the previous output was left as it was\n")


def test_ctrl_c_while_staged_files_are_written_keeps_the_previous_report(previous_report,
                                                                         monkeypatch):
    from analysis.output import OutputFolder

    corpus, out, before = previous_report
    (corpus / "a0.txt").write_text(article_text(78))
    original = OutputFolder.write_csv
    written: list[str] = []

    def interrupt_after_three(self, relative, table, columns=None):
        if len(written) == 3:
            assert (self.staging / "data" / "articles.csv").is_file()
            raise KeyboardInterrupt
        written.append(relative)
        return original(self, relative, table, columns)

    monkeypatch.setattr(OutputFolder, "write_csv", interrupt_after_three)
    assert main(["report", str(corpus), "--out", str(out), "--quiet"]) == 130
    assert snapshot(out) == before and _no_staging_left(out)


def test_a_crash_while_drawing_keeps_the_previous_report(previous_report, monkeypatch):
    corpus, out, before = previous_report

    def broken(*arguments, **keywords):
        raise RuntimeError("a bug in a chart")

    monkeypatch.setattr("analysis.report.render_markdown", broken)
    with pytest.raises(RuntimeError, match="a bug in a chart"):
        main(["report", str(corpus), "--out", str(out), "--quiet"])
    assert snapshot(out) == before and _no_staging_left(out)


def test_staging_left_by_a_killed_run_is_cleared_but_a_running_ones_is_not(previous_report):
    corpus, out, _ = previous_report
    dead = out / f"{STAGING_PREFIX}999999999"
    dead.mkdir()
    (dead / "report.md").write_text("half-written")
    alive = out / f"{STAGING_PREFIX}{os.getppid()}"  # the process that started pytest
    alive.mkdir()
    assert main(["report", str(corpus), "--out", str(out), "--quiet"]) == 0
    assert not dead.exists() and alive.is_dir()
    alive.rmdir()


def _wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return False


def _start_report(folder: Path, temporary: Path | None = None) -> subprocess.Popen[str]:
    """`framelens report corpus --out out` in a new session, so that a signal to its process
    group is what Ctrl-C in a terminal does: it reaches worker processes too. ``temporary``
    becomes its TMPDIR."""
    environment = {**os.environ, "PYTHONPATH": str(PROJECT), "MPLBACKEND": "Agg"}
    if temporary is not None:
        environment["TMPDIR"] = str(temporary)
    return subprocess.Popen(
        [sys.executable, "-m", "analysis", "report", "corpus", "--out", "out"], cwd=folder,
        env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)


def _interrupt(process: subprocess.Popen[str], when) -> str:
    """Send SIGINT to the process group once ``when()`` is true; returns standard error."""
    try:
        assert _wait_for(when, timeout=120), "the moment to interrupt never came"
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return stderr


def _worker_processes(pid: int) -> list[str]:
    """Process ids of the multiprocessing workers (spawned, past exec) of process ``pid``.
    Dask's local cluster starts them from its own thread, so the children of every thread
    of the process are read."""
    try:
        children = [child for task in Path(f"/proc/{pid}/task").iterdir()
                    for child in (task / "children").read_text().split()]
        return [child for child in children
                if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()]
    except OSError:
        return []


def _assert_interrupted_cleanly(process, stderr: str, out: Path, before: dict) -> None:
    assert process.returncode == 130, stderr[-3000:]
    assert "Traceback" not in stderr, stderr[-3000:]
    assert stderr.strip().splitlines() == [
        "framelens: interrupted; the previous output was left as it was"]
    assert snapshot(out) == before and _no_staging_left(out)


@pytest.fixture(scope="module")
def report_in_progress(tmp_path_factory) -> tuple[Path, dict, float]:
    """A corpus that takes several seconds to analyse, with a previous report in out/ (an
    interrupted run leaves it as it is, so the tests can share it), and how long (seconds)
    the command that wrote it took from start to exit on this machine, as it is loaded now."""
    tmp_path = tmp_path_factory.mktemp("interrupted")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(800):
        (corpus / f"a{number:03d}.txt").write_text(article_text(number, sentences=30))
    started = time.monotonic()
    process = _start_report(tmp_path)
    _, stderr = process.communicate(timeout=600)
    duration = time.monotonic() - started
    assert process.returncode == 0, stderr[-3000:]
    (corpus / "a000.txt").write_text(article_text(1000))
    return tmp_path, snapshot(tmp_path / "out"), duration


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_real_sigint_while_analysing_keeps_the_previous_report(report_in_progress):
    folder, before, duration = report_in_progress
    started = time.monotonic()
    process = _start_report(folder)
    # Start-up (imports) takes about a quarter of the run and writing the report comes last:
    # a little under half-way through, the run is analysing, on a fast machine or a loaded one.
    stderr = _interrupt(process, lambda: time.monotonic() - started > 0.45 * duration)
    _assert_interrupted_cleanly(process, stderr, folder / "out", before)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_real_sigint_while_writing_the_report_keeps_the_previous_report(report_in_progress):
    folder, before, _ = report_in_progress
    out = folder / "out"
    process = _start_report(folder)
    staging = lambda: any(path.name.startswith(STAGING_PREFIX) for path in out.iterdir())  # noqa: E731
    stderr = _interrupt(process, staging)
    _assert_interrupted_cleanly(process, stderr, out, before)


def _corpus_for_workers(tmp_path: Path, batches: int) -> Path:
    """A corpus folder of ``batches`` full batches and one article more, so that the report
    starts worker processes; skips the test on a one-core machine, where it starts none."""
    from analysis.parallel import DEFAULT_BATCH_ROWS, available_cores

    if available_cores() < 2:
        pytest.skip("one core: the command runs no worker processes")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(DEFAULT_BATCH_ROWS * batches + 1):
        (corpus / f"{number:05d}.txt").write_text(article_text(number, sentences=4))
    return corpus


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc to see workers")
def test_real_sigint_while_worker_processes_run_prints_no_traceback(tmp_path):
    _corpus_for_workers(tmp_path, batches=2)
    (tmp_path / "out").mkdir()
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    process = _start_report(tmp_path, temporary)
    def workers_running() -> bool:
        # A worker that has loaded polars is past interpreter start-up, so Python's own
        # SIGINT handler is in place: from then on a KeyboardInterrupt there is printed as a
        # traceback, whether it is importing, working or waiting, unless it ignores SIGINT.
        for worker in _worker_processes(process.pid):
            try:
                if b"polars" in Path(f"/proc/{worker}/maps").read_bytes():
                    return True
            except OSError:
                continue
        return False

    stderr = _interrupt(process, workers_running)
    assert process.returncode == 130, stderr[-3000:]
    assert "Traceback" not in stderr, stderr[-3000:]
    # the batches' vocabulary files were being written to TMPDIR: none is left behind
    assert list(temporary.iterdir()) == []


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc to see workers")
def test_sigterm_while_workers_run_stops_like_ctrl_c_and_leaves_no_temporary_files(tmp_path):
    """`kill` (SIGTERM to the main process alone) in the middle of the per-article pass."""
    _corpus_for_workers(tmp_path, batches=3)
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.md").write_text("the previous report")
    before = snapshot(out)
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    process = _start_report(tmp_path, temporary)
    try:
        # the pass has begun once the workers write the batches' tables to TMPDIR
        assert _wait_for(lambda: any(temporary.glob("framelens-tables-*/*.arrow"))
                         and _worker_processes(process.pid), timeout=120)
        workers = _worker_processes(process.pid)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 143, stderr[-3000:]
    assert stderr.strip().splitlines() == [
        "framelens: terminated; the previous output was left as it was"]
    assert snapshot(out) == before and _no_staging_left(out)
    assert list(temporary.iterdir()) == []
    assert _wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in workers), 30)


def test_sigterm_is_only_caught_while_the_command_runs():
    import analysis.parallel as parallel

    before = signal.getsignal(signal.SIGTERM)
    with parallel.termination_as_interrupt():
        assert signal.getsignal(signal.SIGTERM) is not before
        with pytest.raises(parallel.Terminated):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)  # the handler runs at the next bytecode; never reached
        with parallel.interrupts_ignored(termination=True):
            os.kill(os.getpid(), signal.SIGTERM)  # ignored: cleaning up goes on
            time.sleep(0.05)
    assert signal.getsignal(signal.SIGTERM) is before
