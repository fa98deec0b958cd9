"""The Dask executor: per-file and per-article work on the workers of a Dask cluster.

``brief build --scheduler tcp://HOST:PORT`` connects to a running scheduler
(``dask scheduler``, with ``dask worker`` processes on any machines that can
import the same version of briefing) and sends it the work in batches of
``BATCH`` items, one task a batch, each result taken back as soon as it is done.

Inputs travel as bytes: each file that needs reading is read here and its bytes
go with the task (``InputFile.shipped``), so the workers need no view of this
machine's folders, and a worker never reads a different file than the one this
process found (the same checks as a local read: regular file, size limit, the
same file that was found). Results come back here, where the cache is kept:
workers never touch it.

A worker that dies mid-run (killed, out of memory, its machine lost) costs only
time: the scheduler runs its tasks again on the other workers, up to its
``allowed-failures`` setting (3 by default), and the build's result is the same.
Dask is an optional extra (``pip install "situation-brief[dask]"``) imported only
here, and this module only when a scheduler is given.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from ..errors import SchedulerUnavailable, WorkerDied
from ..load import InputFile
from .local import Batch, gathered

T = TypeVar("T")
R = TypeVar("R")

BATCH = 16
"""Items a task: a task costs the scheduler about a millisecond, an article's analysis
about ten; sixteen articles a task keep two workers' queues full with 1,250
articles (80 tasks) while the scheduler's share stays under one per cent."""

IN_FLIGHT = 64
"""Batches sent ahead of the results: enough to keep dozens of workers busy, while
the bytes of at most this many batches' files are held here at once."""

CONNECT_SECONDS = 10
"""How long to wait for the scheduler before giving up with a clear error."""


class DaskExecutor:
    """Runs maps on the Dask cluster whose scheduler is at ``address``; connects on first use."""

    def __init__(self, address: str):
        self.address = address
        self._client: Any = None

    def client(self) -> Any:
        if self._client is None:
            try:
                from distributed import Client
            except ImportError as exc:
                raise SchedulerUnavailable(
                    f"--scheduler {self.address} needs Dask's distributed scheduler, which is not installed: "
                    f"pip install \"situation-brief[dask]\"") from exc
            try:
                self._client = Client(self.address, timeout=CONNECT_SECONDS, set_as_default=False)
            except (OSError, TimeoutError) as exc:
                raise SchedulerUnavailable(f"cannot reach the Dask scheduler at {self.address} ({exc}); is "
                                           f"`dask scheduler` running there?") from exc
        return self._client

    def map(self, func: Batch[T, R], items: Sequence[T], label: str) -> list[R]:
        if not items:
            return []
        client = self.client()  # first: it says how to install Dask if it is missing
        from distributed import as_completed
        from distributed.client import FutureCancelledError
        from distributed.scheduler import KilledWorker

        run = uuid.uuid4().hex
        starts = iter(range(0, len(items), BATCH))
        results: dict[int, list[R]] = {}
        pending: dict[Any, int] = {}

        def submit_next() -> Any:
            start = next(starts, None)
            if start is None:
                return None
            batch = [shipped(item) for item in items[start:start + BATCH]]  # its files are read now
            # The function goes with each task (a few hundred bytes: the functions mapped are
            # module functions with a few options), not scattered: scattered data lost with
            # a worker cannot be made again, and the tasks that need it are forgotten.
            future = client.submit(func, batch, pure=False, key=f"{label}-{run}-{start}")
            pending[future] = start
            return future

        finished = as_completed([future for _ in range(IN_FLIGHT) if (future := submit_next()) is not None],
                                loop=client.loop)
        def done() -> Iterator[list[R]]:
            for future in finished:
                results[pending.pop(future)] = found = future.result()  # raises the first failure at once
                future.release()  # kept here, not on a worker that may yet die
                if (following := submit_next()) is not None:
                    finished.add(following)
                yield found

        try:
            gathered(done(), label, len(items))  # in the order they finish
            return [result for start in sorted(results) for result in results[start]]
        except KilledWorker as exc:
            raise WorkerDied(f"Dask workers died again and again while {label} {len(items)} item(s) (the "
                             f"scheduler gave up on one task: {exc}); nothing was written") from exc
        except (FutureCancelledError, OSError) as exc:
            raise SchedulerUnavailable(f"lost the Dask scheduler at {self.address} while {label} "
                                       f"({type(exc).__name__}: {exc}); nothing was written") from exc
        finally:
            client.cancel(list(pending))

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


def shipped(item: Any) -> Any:
    """An input file as its bytes (read here), anything else as it is."""
    return item.shipped() if isinstance(item, InputFile) else item

