"""One SQLite write transaction: ``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any error."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["immediate"]


@contextmanager
def immediate(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run the block in a ``BEGIN IMMEDIATE`` transaction (the write lock is taken up front).

    ``conn`` must be in autocommit mode (``isolation_level=None``). On any exception, including a
    failing ``COMMIT``, the transaction is rolled back and the exception propagates unchanged.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
