"""Running a per-article stage over batches of articles, on every core or on a Dask cluster.

Stages whose result for an article depends only on that article (cleaning a page, sentences,
quotations, attributions, lexicon hits) are applied to batches of rows; the batches' results
are returned in input order, so concatenating them gives exactly what one call on the whole
table gives, whatever the batch size, the number of workers or the cluster. The engine is
Dask (dask.distributed): a local cluster of worker processes by default, or any running
cluster given by its scheduler's address. Starting workers costs a second or two, so a
cluster is only used for corpora of two or more batches; smaller inputs run in this process.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import polars as pl

from analysis.errors import FramelensError

Result = TypeVar("Result")

# Rows per batch: large enough to amortise moving tables between processes, small enough
# to keep both cores busy and memory per batch modest.
DEFAULT_BATCH_ROWS = 1000
CONNECT_SECONDS = 30
"""How long to wait for a Dask scheduler given by address."""
BATCH_RETRIES = 2
"""How many more times a batch that raised on a worker is run before the error is raised.
(A batch whose worker process died is run again by Dask itself, up to its
``distributed.scheduler.allowed-failures`` setting.)"""


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


SCHEDULER_VARIABLE = "FRAMELENS_SCHEDULER"
"""The environment variable that names a Dask scheduler to use when no ``scheduler`` is given."""


def scheduler_address(scheduler: str | None = None) -> str | None:
    """The Dask scheduler to run batches on: ``scheduler`` if given, else the
    ``FRAMELENS_SCHEDULER`` environment variable, else None (a local cluster, or this process)."""
    return scheduler or os.environ.get(SCHEDULER_VARIABLE) or None


def _quiet_when_stopped(client: Any) -> None:
    """When a run is interrupted while it waits for its batches, the client's waiting tasks
    end with Dask's ``AllExit`` as the client closes; asyncio would print each of them as a
    traceback ("Task exception was never retrieved"). Those, and only those, are dropped."""
    from distributed.client import AllExit

    loop = client.loop.asyncio_loop

    def handle(event_loop: Any, context: dict[str, Any]) -> None:
        if not isinstance(context.get("exception"), AllExit):
            event_loop.default_exception_handler(context)

    loop.set_exception_handler(handle)


class BatchRunner:
    """Applies functions to batches of a table, on a Dask cluster when it is worth it.

    With a ``scheduler`` address (``tcp://host:8786``, or ``FRAMELENS_SCHEDULER``) the batches
    run on that cluster's workers. Otherwise ``workers`` None means every available core and 1
    means this process only; more than one starts a local Dask cluster of that many worker
    processes (one thread each) on first use, when a table has two or more batches. Use as a
    context manager so the cluster is closed at the end. Results come back in batch order, so
    they are the same for any engine, number of workers and batch size.

    ``announce`` is told, once, which cluster runs the batches; ``batch_done`` is called with
    (batches finished, batches in all) each time a batch of :meth:`map` finishes.
    """

    def __init__(
        self,
        *,
        workers: int | None = None,
        batch_rows: int = DEFAULT_BATCH_ROWS,
        scheduler: str | None = None,
        announce: Callable[[str], None] | None = None,
        batch_done: Callable[[int, int], None] | None = None,
    ):
        self.workers = available_cores() if workers is None else max(1, workers)
        self.batch_rows = max(1, batch_rows)
        self.scheduler = scheduler_address(scheduler)
        self._announce = announce
        self._batch_done = batch_done
        self._client: Any = None
        self._cluster: Any = None
        self._scratch: str | None = None

    def __enter__(self) -> BatchRunner:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()

    def close(self) -> None:
        """Disconnect from the cluster, and stop it if this runner started it."""
        client, cluster, scratch = self._client, self._cluster, self._scratch
        self._client = self._cluster = self._scratch = None
        with interrupts_ignored(termination=True):
            if client is not None:
                client.close()
            if cluster is not None:
                cluster.close()
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)

    def _connect(self, batches_to_run: int) -> Any:
        """The Dask client, started on first use."""
        if self._client is not None:
            return self._client
        # Imported here: runs in one process never pay for importing Dask.
        import dask
        from distributed import Client, LocalCluster

        # Worker processes started meanwhile begin with Ctrl-C ignored: the main process
        # stops the cluster and reports the interruption once.
        with interrupts_ignored():
            if self.scheduler is not None:
                try:
                    self._client = Client(self.scheduler, timeout=CONNECT_SECONDS)
                except (OSError, TimeoutError, ValueError) as error:
                    raise FramelensError(
                        f"cannot reach the Dask scheduler {self.scheduler}: {error}") from None
            else:
                # Dask's scratch space goes into a folder of ours, removed on close.
                self._scratch = tempfile.mkdtemp(prefix="framelens-dask-")
                with dask.config.set({"temporary-directory": self._scratch}):
                    self._cluster = LocalCluster(
                        n_workers=min(self.workers, batches_to_run), threads_per_worker=1,
                        processes=True, host="127.0.0.1", dashboard_address=":0",
                        silence_logs=logging.CRITICAL, local_directory=self._scratch,
                    )
                self._client = Client(self._cluster)
        _quiet_when_stopped(self._client)
        if self._announce is not None:
            where = self.scheduler or "a local cluster"
            workers = len(self._client.scheduler_info().get("workers", {}))
            self._announce(f"Dask: {workers} workers on {where}; dashboard "
                           f"{self._client.dashboard_link}")
        return self._client

    def map(
        self, function: Callable[..., Result], table: pl.DataFrame, *arguments: Any
    ) -> list[Result]:
        """``[function(batch, *arguments) for batch in batches(table)]``, in that order.

        ``function`` must be importable by the workers (a module-level function of this
        package) and ``arguments`` picklable when a cluster is used. Each batch travels to its
        worker as bytes; a batch whose worker dies is run again by Dask on another worker.
        """
        parts = list(batches(table, self.batch_rows))
        if self.scheduler is None and (self.workers == 1 or len(parts) < 2):
            results = []
            for part in parts:
                results.append(function(part, *arguments))
                self._count_batch(len(results), len(parts))
            return results
        client = self._connect(len(parts))
        try:
            return self._run_on_cluster(client, function, parts, arguments)
        except ModuleNotFoundError as error:
            if (error.name or "").split(".")[0] != "analysis":
                raise
            raise FramelensError(
                f"the Dask cluster at {self.scheduler or 'this machine'} cannot import "
                f"framelens ({error}): install the same framelens version on the scheduler and "
                "on every worker") from None

    def _run_on_cluster(
        self, client: Any, function: Callable[..., Result], parts: list[pl.DataFrame],
        arguments: tuple[Any, ...],
    ) -> list[Result]:
        # Each argument is sent to every worker once, not once per batch (a list of one, so that
        # a tuple travels whole).
        shared = [client.scatter([argument], broadcast=True)[0] for argument in arguments]
        futures = [
            client.submit(function, part, *shared, pure=False, retries=BATCH_RETRIES)
            for part in parts
        ]
        try:
            if self._batch_done is not None:
                from distributed import as_completed

                for finished, _ in enumerate(as_completed(futures), start=1):
                    self._count_batch(finished, len(futures))
            return client.gather(futures)
        finally:
            client.cancel(futures)

    def _count_batch(self, finished: int, total: int) -> None:
        if self._batch_done is not None:
            self._batch_done(finished, total)
