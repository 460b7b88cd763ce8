"""One thread that owns the store: every store call of the app runs on it.

SQLite connections must stay on the thread that made them (``sqlite3`` checks) and one
``SqlStore`` keeps in-memory state (the dedup cluster index) that its writes update, so the app
opens ONE store, lazily, on ONE worker thread and sends every read and write there. Reads and
writes are serialised (SQLite has one writer anyway; a page read takes milliseconds); coding,
the slow part of ``POST /api/code``, runs on another thread and only its write comes here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from polevent.store import Store

__all__ = ["StoreWorker", "Worker"]

T = TypeVar("T")


class Worker:
    """A single thread running calls on a resource ``open_`` builds on first use (on that
    thread); ``close`` closes it there with ``close_`` and stops the thread."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._pool: ThreadPoolExecutor | None = None

    async def run(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` on the worker thread; its result or its exception."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self._name)
        return await asyncio.wrap_future(self._pool.submit(fn))

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None


class StoreWorker:
    """The app's store, opened by ``opener`` on the worker thread at the first call."""

    def __init__(self, opener: Callable[[], Store]) -> None:
        self._opener = opener
        self._store: Store | None = None
        self._worker = Worker("polevent-store")

    def _with(self, fn: Callable[[Store], T]) -> Callable[[], T]:
        def call() -> T:
            if self._store is None:
                self._store = self._opener()
            return fn(self._store)

        return call

    async def run(self, fn: Callable[[Store], T]) -> T:
        """Run ``fn(store)`` on the store thread."""
        return await self._worker.run(self._with(fn))

    async def close(self) -> None:
        """Close the store (on its thread) and stop the thread."""

        def close() -> None:
            if self._store is not None:
                self._store.close()
                self._store = None

        await self._worker.run(close)
        self._worker.shutdown()
