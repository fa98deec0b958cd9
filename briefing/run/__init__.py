"""The execution layer: one memoised map that owns the cache and the workers.

The pipeline's per-file and per-article stages are pure functions of their
item. ``Runner.map(func, items, key, label)`` gives ``[func(item) for item in
items]`` (``Runner.map_batches`` the same for a function that takes many items at
once and gives one result each, when doing them together costs less): each result is looked up by its content key, first among the results
this process already made (several briefs of one ``brief build -c`` share
them), then in the cache folder (``store``); the misses are computed by the
executor and stored back. The stages know nothing of any of this.

Executors behind one interface (``map(func, items, label)`` and ``close()``; an
executor hands ``func`` the items in batches, in order):

- ``InProcess``: here, one item after another;
- ``ProcessPool``: worker processes on this machine (the default; ``--jobs``);
- ``DaskExecutor``: the workers of a Dask cluster (``--scheduler tcp://HOST:PORT``),
  imported only when asked for (``pip install "situation-brief[dask]"``).

Results are the same whichever runs them: the functions are pure, and a worker
sends back its result pickled, which is also what the store keeps.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from .local import Batch, InProcess, ProcessPool
from .store import FolderStore, NoStore, Store, store_for

if TYPE_CHECKING:
    from ..config import Config

log = logging.getLogger("briefing")

T = TypeVar("T")
R = TypeVar("R")

__all__ = ["Each", "Executor", "FolderStore", "InProcess", "NoStore", "ProcessPool", "Runner", "cached_map",
           "executor_for", "runner_for", "store_for"]


class Executor(Protocol):
    def map(self, func: Batch[T, R], items: Sequence[T], label: str) -> list[R]:
        """``func``'s results for all ``items``, in order: ``func`` is given them in
        batches (lists of consecutive items) and gives one result an item. Raises what
        ``func`` raised."""
        ...

    def close(self) -> None:
        """Release the workers (or the connection to them)."""
        ...


def executor_for(jobs: int, scheduler: str | None = None) -> Executor:
    """A Dask cluster's executor when a scheduler address is given, else local worker
    processes (``jobs``: 0 for one per core, 1 for this process only)."""
    if scheduler:
        from .dask import DaskExecutor  # Dask is optional and slow to import: only when asked for

        return DaskExecutor(scheduler)
    return InProcess() if jobs == 1 else ProcessPool(jobs)


@contextmanager
def runner_for(config: Config, shared: Runner | None = None) -> Iterator[Runner]:
    """The runner a brief's config asks for (``jobs``, ``scheduler``, ``cache``), sharing the
    results ``shared`` made; its workers are released when the block ends."""
    runner = Runner(executor_for(config.jobs, config.scheduler), store_for(config.cache_folder()),
                    shared.made if shared is not None else {})
    try:
        yield runner
    finally:
        runner.close()


@dataclass
class Runner:
    """Where a build's per-item work runs (``executor``) and where its results are kept
    (``store``, and ``made``: this process's results, shared by the briefs it builds)."""

    executor: Executor = field(default_factory=InProcess)
    store: Store = field(default_factory=NoStore)
    made: dict[str, Any] = field(default_factory=dict)

    def map(self, func: Callable[[T], R], items: Sequence[T], key: Callable[[T], str], label: str) -> list[R]:
        """``[func(item) for item in items]``, results kept by ``key(item)`` (``cached_map``)."""
        return cached_map(Each(func), items, key, self, label)

    def map_batches(self, func: Batch[T, R], items: Sequence[T], key: Callable[[T], str], label: str) -> list[R]:
        """The same for ``func`` of a list of items, one result an item, in order."""
        return cached_map(func, items, key, self, label)

    def save(self) -> None:
        """Write this run's new results to the store (once a run)."""
        self.store.save()

    def close(self) -> None:
        self.executor.close()
        self.store.close()


def cached_map(func: Batch[T, R], items: Sequence[T], key: Callable[[T], str], runner: Runner,
               label: str) -> list[R]:
    """``func(items)`` (one result an item), with each result looked up by ``key(item)``
    and the misses computed on the runner's executor, in batches, and stored back.

    ``key(item)`` must name everything the result depends on (the item's content
    and every option ``func`` was given), and nothing else: equal keys, equal results.
    Items with the same key are computed once."""
    keys = [key(item) for item in items]
    results: dict[str, Any] = {k: runner.made[k] for k in keys if k in runner.made}
    wanted = [k for k in dict.fromkeys(keys) if k not in results]
    for k, data in runner.store.get_many(wanted).items():
        try:
            results[k] = pickle.loads(data)
        except Exception as exc:  # noqa: BLE001 (a damaged entry, whatever the damage, is made again)
            log.warning("a cached result is unreadable (%s: %s); making it again", type(exc).__name__, exc)
            runner.store.drop(k)
    todo = {k: item for k, item in zip(keys, items, strict=True) if k not in results}
    reused = len(set(keys)) - len(todo)
    if runner.store.persistent:
        for k, data in zip(todo, runner.executor.map(Pickled(func), list(todo.values()), label), strict=True):
            runner.store.put(k, data)
            results[k] = pickle.loads(data)
    else:
        results.update(zip(todo, runner.executor.map(func, list(todo.values()), label), strict=True))
    runner.made.update((k, results[k]) for k in todo)
    if runner.store.persistent:
        log.info("cache: %s: %d reused, %d made", label, reused, len(todo))
    return [results[k] for k in keys]


@dataclass(frozen=True)
class Each:
    """A function of one item as a function of a batch: ``func`` on each item in turn."""

    func: Callable[..., Any]

    def __call__(self, items: Sequence[Any]) -> list[Any]:
        return [self.func(item) for item in items]


@dataclass(frozen=True)
class Pickled:
    """``func``'s results as pickled bytes: a worker pickles its results to send them
    back anyway, and the same bytes then go to the store as they are (pickling 10,000
    results again in the building process took 5 s)."""

    func: Batch[Any, Any]

    def __call__(self, items: Sequence[Any]) -> list[bytes]:
        return [pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL) for result in self.func(items)]
