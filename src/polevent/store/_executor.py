"""What the shared store code needs from a database connection: run SQL with ``?`` placeholders.

Each backend wraps its driver connection in an ``Executor``; the PostgreSQL one translates the
placeholders. Values are always bound, never pasted into SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

__all__ = ["Executor"]


class Executor(Protocol):
    """Run SQL written with ``?`` placeholders on one connection."""

    def execute(self, sql: str, params: Sequence[object] = ()) -> int:
        """Run one statement; the number of rows it changed."""
        ...

    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        """Run one statement once per row of parameters."""
        ...

    def fetch(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Run one query; all its rows."""
        ...
