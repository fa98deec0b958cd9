"""The local executors: this process, or a pool of worker processes on this machine
(the default), each mapping a function over batches of items in input order, with
a progress bar on a terminal.

Reading a file and analysing an article are pure functions of their item, so
running them in worker processes gives exactly the serial result. The bar
(tqdm) shows only when stderr is a terminal: cron logs stay clean.

Workers never outlive the build. Each asks the kernel to kill it when its parent
dies (Linux's parent-death signal, checked once more after it is set, in case the
parent died in between), so SIGKILL, the OOM killer or a dropped SSH session
cannot leave orphans behind; they hold no lock (``write.output_lock`` is a
per-process lock the workers do not inherit). Terminal signals meant for the
whole process group (Ctrl-C, SIGTERM, SIGHUP) are left to the parent: a worker
ignores SIGINT and dies at once on SIGTERM or SIGHUP, and when the parent stops
for any reason it kills its workers before it unwinds, so nothing is left
blocked writing to a pipe nobody reads.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing import get_context
from typing import TypeVar, cast

from threadpoolctl import threadpool_limits
from tqdm import tqdm

from ..errors import WorkerDied

T = TypeVar("T")
R = TypeVar("R")

Batch = Callable[[Sequence[T]], list[R]]
"""A function of a batch of items that gives one result an item, in order."""

BATCH = 64
"""Items in a batch at most: the rankers score a batch of articles at once, which
cost about 15% less CPU an article with 16 to 128 articles than one at a time
(benchmarks/articles.py --batch); a progress bar moves once a batch."""

PARALLEL_MIN = 64
"""Fewer items than this run in this process: starting workers costs more than
analysing a few dozen articles (about 0.3 s, against 3 ms an article)."""

ITEMS_PER_WORKER = 16
"""A worker is worth starting for at least this many items (with PARALLEL_MIN
items, up to four workers): fewer and its start-up costs more than it saves."""


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity), not the machine's."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worker_count(jobs: int, items: int | None = None) -> int:
    """Worker processes for ``items`` items: ``jobs`` (0: one per core), never more
    than the cores (a process per core is the most that helps CPU-bound work, and
    ``-j 1000`` on two cores forked a thousand processes) nor than the work."""
    wanted = jobs if jobs > 0 else available_cores()
    workers = min(wanted, available_cores())
    if items is not None:
        workers = min(workers, max(1, items // ITEMS_PER_WORKER))
    return max(1, workers)


def batched(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """``items`` cut into consecutive batches of ``size`` (the last one may be shorter)."""
    return [items[i:i + size] for i in range(0, len(items), size)]


def gathered(batches: Iterable[list[R]], label: str, total: int) -> list[R]:
    """The results of batches as they come, in one list, with a progress bar of the
    ``total`` items on a terminal."""
    results: list[R] = []
    with tqdm(desc=label, total=total, leave=False, disable=None, mininterval=0.5) as bar:
        for found in batches:
            results.extend(found)
            bar.update(len(found))
    return results


class InProcess:
    """Every item in this process, one batch after another."""

    def map(self, func: Batch[T, R], items: Sequence[T], label: str) -> list[R]:
        return gathered(map(func, batched(items, BATCH)), label, len(items))

    def close(self) -> None:
        pass


class ProcessPool:
    """Worker processes on this machine: ``jobs`` of them (0: one per core), forked for
    each map that has enough items (``map_in_processes``)."""

    def __init__(self, jobs: int):
        self.jobs = jobs

    def map(self, func: Batch[T, R], items: Sequence[T], label: str) -> list[R]:
        return map_in_processes(func, items, self.jobs, label)

    def close(self) -> None:
        pass


def map_in_processes(func: Batch[T, R], items: Sequence[T], jobs: int, label: str) -> list[R]:
    """``func``'s results for ``items`` given in batches, in worker processes when there
    are enough items.

    Raises WorkerDied when a worker is killed from outside (the OOM killer)."""
    workers = worker_count(jobs, len(items))
    if workers <= 1 or len(items) < PARALLEL_MIN:
        return InProcess().map(func, items, label)
    # Four batches a worker at least, so that one slow batch does not leave the others idle.
    batches = batched(items, max(1, min(BATCH, len(items) // (workers * 4))))
    # The function (with its options and the run's stemmer) reaches the workers by fork,
    # once, not pickled with every batch.
    # Objects that exist now are left out of the workers' cycle collections, so the
    # workers do not copy the parent's memory page by page as a collection touches it.
    gc.freeze()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"),
                               initializer=_start_worker, initargs=(func, os.getpid()))
    try:
        with signals_held():  # the workers are forked here
            # The workers apply ``func`` (given to them by ``_start_worker``) to each batch.
            pending = cast("Iterator[list[R]]", pool.map(_call_worker_function, batches))
        results = gathered(pending, label, len(items))
    except BrokenProcessPool as exc:
        stop_pool(pool)
        raise WorkerDied(f"a worker process died while {label} {len(items)} item(s) (killed from outside, "
                         f"most often by the out-of-memory killer); nothing was written. Try fewer workers "
                         f"(-j 1) or more memory") from exc
    except BaseException:  # an error, Ctrl-C or a stop signal: the workers' results are not wanted
        stop_pool(pool)
        raise
    finally:
        gc.unfreeze()
    pool.shutdown(wait=True)
    return results


STOP_SIGNALS = frozenset(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextmanager
def signals_held() -> Iterator[None]:
    """Stop signals wait while worker processes are forked, and arrive just after.

    Python runs a signal's handler in whatever Python code is running, and an
    exception raised inside the fork hooks (logging's lock release, for one) is
    printed and dropped: a SIGTERM that arrived during a fork was lost and the
    build ran on. Forked children inherit the held mask; ``_start_worker`` releases it."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """End the pool now: queued work is cancelled and the workers are killed, not
    waited for (after an error or a signal, their results are not wanted)."""
    # The executor keeps its worker processes in ``_processes`` (CPython 3.8-3.13; 3.14 adds
    # ``kill_workers()``); shutdown() sets it to None, so it is read first.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join(timeout=5)


_worker_function: list[Callable] = []
"""The function a worker process applies; set once per worker by its initializer.
(Per-process state of worker processes only; the parent never sets it.)"""


def _start_worker(func: Callable, parent: int) -> None:
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent handles it
    for name in ("SIGTERM", "SIGHUP"):
        signal.signal(getattr(signal, name), signal.SIG_DFL)  # the parent's handlers are inherited by fork
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)  # held by the parent while it forked us
    # One BLAS thread a worker: with OpenBLAS's default of one thread per core, two
    # workers on two cores oversubscribe them and run slower than one process
    # (1,250 DUC 2006 articles: 9.1 s with two workers against 7.4 s serial; 5.3 s
    # with one BLAS thread a worker).
    threadpool_limits(limits=1)
    gc.enable()  # the parent pauses it while it loads (pipeline.cycle_collection_paused); rankers make cycles
    _worker_function[:] = [func]


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """Have the kernel send this process SIGKILL when its parent dies (Linux), and
    leave at once if the parent is already gone."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def _call_worker_function(item: object) -> object:
    return _worker_function[0](item)
