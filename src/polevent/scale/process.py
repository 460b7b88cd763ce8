"""``ProcessExecutor``: a pool of worker processes, each warmed once, results in input order.

The pool starts on the first ``map`` (the constructor does no I/O) with the ``spawn`` start
method: a worker never inherits the parent's threads, locks or open database connections. Each
worker runs ``warm()`` once (e.g. loading a spaCy model into a ``functools.cache``d loader that
``fn`` then reuses) and watches its parent: when the parent dies, even by ``kill -9``, the
worker exits instead of living on as an orphan holding a model.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import Self, TypeVar

__all__ = ["ProcessExecutor", "worker_peak_rss"]

T = TypeVar("T")
R = TypeVar("R")

_WATCH_SECONDS = 0.5


def _watch_parent(parent: int) -> None:
    """Exit this worker as soon as ``parent`` is no longer its parent process."""
    while os.getppid() == parent:
        time.sleep(_WATCH_SECONDS)
    os._exit(1)


def _start_worker(parent: int, warm: Callable[[], object] | None) -> None:
    """The pool's initializer: start the parent watchdog, then build the worker's state."""
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if warm is not None:
        warm()


class ProcessExecutor:
    """Runs ``fn`` on ``workers`` processes; ``warm`` (picklable) runs once in each first.

    At most ``workers * prefetch`` items are in flight: ``map`` reads its items only that far
    ahead of the results it has yielded. An exception in ``fn`` is raised by ``map`` when its
    item's turn comes; a worker that dies breaks the pool (``BrokenProcessPool``).
    """

    def __init__(
        self,
        *,
        workers: int,
        warm: Callable[[], object] | None = None,
        prefetch: int = 2,
        start_method: str = "spawn",
    ) -> None:
        if workers < 1 or prefetch < 1:
            raise ValueError(f"workers and prefetch must be at least 1, not {workers}, {prefetch}")
        self._workers = workers
        self._warm = warm
        self._prefetch = prefetch
        self._start_method = start_method
        self._pool: ProcessPoolExecutor | None = None

    @property
    def workers(self) -> int:
        return self._workers

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self._workers,
                mp_context=multiprocessing.get_context(self._start_method),
                initializer=_start_worker,
                initargs=(os.getpid(), self._warm),
            )
        return self._pool

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        pool = self._started()
        pending: deque[Future[R]] = deque()
        iterator = iter(items)
        try:
            for item in iterator:
                pending.append(pool.submit(fn, item))
                if len(pending) >= self._workers * self._prefetch:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()

    def pids(self) -> list[int]:
        """The process ids of the running workers (empty before the first ``map``)."""
        if self._pool is None:
            return []
        return sorted(child.pid for child in multiprocessing.active_children() if child.pid)

    def close(self) -> None:
        """Stop the workers (a second call does nothing)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def worker_peak_rss(pid: int) -> int | None:
    """Peak resident memory of process ``pid`` in bytes (Linux ``VmHWM``), ``None`` elsewhere."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return None
