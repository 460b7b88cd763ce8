"""The ``Executor`` protocol and the serial engine (the fake and the ``--workers 1`` engine)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from types import TracebackType
from typing import Protocol, Self, TypeVar

__all__ = ["Executor", "SerialExecutor", "batched"]

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Maps a function over items and yields its results in input order.

    ``fn`` must be pure (its result depends only on its argument and on state its engine built
    once per worker) and, for engines that leave the process, picklable with its items and
    results. ``map`` reads ``items`` lazily, a bounded number ahead of the results consumed, so a
    stream of millions of items never sits in memory. ``workers`` is how many run at once.
    """

    @property
    def workers(self) -> int: ...

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class SerialExecutor:
    """Runs ``fn`` in the calling process, one item at a time."""

    @property
    def workers(self) -> int:
        return 1

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        return (fn(item) for item in items)

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def batched(items: Iterable[T], size: int) -> Iterator[tuple[T, ...]]:
    """``items`` in tuples of ``size`` (the last one shorter), read lazily.

    >>> list(batched(range(5), 2))
    [(0, 1), (2, 3), (4,)]
    """
    if size < 1:
        raise ValueError(f"batch size must be at least 1, not {size}")
    iterator = iter(items)
    while batch := tuple(islice(iterator, size)):
        yield batch
