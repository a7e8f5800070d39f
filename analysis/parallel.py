"""Running a per-article stage over batches of articles, on every core.

Stages whose result for an article depends only on that article (cleaning a page, sentences,
quotations, attributions, lexicon hits) are applied to batches of rows; the batches' results
are returned in input order, so concatenating them gives exactly what one call on the whole
table gives, whatever the batch size or the number of workers. Workers are separate
processes started with "spawn" (polars is not safe to fork), so a pool only pays off for
corpora with more than a few batches; smaller inputs run in this process.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from typing import Any, TypeVar

import polars as pl

Result = TypeVar("Result")

# Rows per batch: large enough to amortise moving tables between processes, small enough
# to keep both cores busy and memory per batch modest.
DEFAULT_BATCH_ROWS = 1000


def available_cores() -> int:
    """Cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _c_library() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        library = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return library if library is not None and hasattr(library, "malloc_trim") else None


_LIBC = _c_library()


def release_freed_memory() -> None:
    """Hand memory freed by this process back to the system, where the C library keeps it
    for reuse (glibc's ``malloc_trim``; elsewhere nothing happens). A stage that built and
    dropped large tables otherwise leaves the process holding their memory while later stages
    need theirs, and the peak is what counts on a small machine."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C and SIGTERM to the main process, which stops the pool and reports
    it once. (A worker whose main process is gone still ends: its queue closes.)"""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


class Terminated(KeyboardInterrupt):
    """The process was asked to stop (SIGTERM: ``kill``, a job scheduler, a container
    stopping) while :func:`termination_as_interrupt` was in force. A KeyboardInterrupt, so
    everything that cleans up after Ctrl-C cleans up after it too."""


def _raise_terminated(signal_number: int, frame: object) -> None:
    raise Terminated


@contextmanager
def termination_as_interrupt() -> Iterator[None]:
    """Meanwhile, SIGTERM raises :class:`Terminated` in the main thread (elsewhere nothing
    changes), instead of ending the process on the spot with its temporary files and
    unfinished output left behind."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def interrupts_ignored(*, termination: bool = False) -> Iterator[None]:
    """Ignore Ctrl-C in this process for a moment (in the main thread; elsewhere nothing
    changes). Worker processes started meanwhile begin with it ignored (an ignored signal
    stays ignored in a new program), so a Ctrl-C while they start cannot print a traceback
    from each of them; a KeyboardInterrupt already pending is dropped too (Python runs a
    signal's handler as it is when the signal is handled, not when it arrived).

    With ``termination``, a SIGTERM that :func:`termination_as_interrupt` would raise is
    ignored too: for cleaning up, when the process is stopping anyway."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    terminating = termination and signal.getsignal(signal.SIGTERM) is _raise_terminated
    if terminating:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if terminating:
            signal.signal(signal.SIGTERM, _raise_terminated)


def batches(table: pl.DataFrame, rows: int) -> Iterator[pl.DataFrame]:
    """Consecutive slices of ``rows`` rows (the last may be shorter; none for an empty table)."""
    for offset in range(0, table.height, max(1, rows)):
        yield table.slice(offset, rows)


class BatchRunner:
    """Applies functions to batches of a table, in a process pool when it is worth it.

    ``workers`` None means every available core; 1 means no pool. Use as a context manager so
    the pool (started on first use) is shut down at the end.
    """

    def __init__(self, *, workers: int | None = None, batch_rows: int = DEFAULT_BATCH_ROWS):
        self.workers = available_cores() if workers is None else max(1, workers)
        self.batch_rows = max(1, batch_rows)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> BatchRunner:
        return self

    def __exit__(self, *exception: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def map(
        self, function: Callable[..., Result], table: pl.DataFrame, *arguments: Any
    ) -> list[Result]:
        """``[function(batch, *arguments) for batch in batches(table)]``, in that order.

        ``function`` must be a module-level function and ``arguments`` picklable when a pool
        is used.
        """
        parts = list(batches(table, self.batch_rows))
        if self.workers == 1 or len(parts) < 2:
            return [function(part, *arguments) for part in parts]
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=min(self.workers, len(parts)), mp_context=get_context("spawn"),
                initializer=_ignore_interrupts,
            )
        with interrupts_ignored():  # workers start during submit and inherit "ignore"
            futures = [self._pool.submit(function, part, *arguments) for part in parts]
        return [future.result() for future in futures]
