"""The SQLite event store: WAL, foreign keys, one writer, every write in ``BEGIN IMMEDIATE``.

``open_sqlite(path)`` connects, configures and migrates; ``SqliteStore`` itself does no I/O when
built. Events (mentions) are kept whole as ``record_json`` (what ``events()`` rebuilds them from)
plus the columns filters and exports need, one ``event_actors`` row per actor mention and one
``event_clusters`` row with the mention's event; the SQL is shared with PostgreSQL (``_sql.py``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from polevent.dedup import DedupSettings
from polevent.errors import StoreError
from polevent.store._sql import SqlStore, utc_now
from polevent.store._transaction import immediate
from polevent.store.migrations import MIGRATIONS, Migration, apply_migrations

__all__ = ["SqliteStore", "open_sqlite"]


class _SqliteExecutor:
    """``Executor`` over one ``sqlite3`` connection (``?`` is SQLite's own placeholder)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[object] = ()) -> int:
        return self.conn.execute(sql, params).rowcount

    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        self.conn.executemany(sql, rows)

    def fetch(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, params).fetchall()


class SqliteStore(SqlStore):
    """An event store in one SQLite file; build it with ``open_sqlite`` (or ``open_store``).

    One connection, used by one thread: the single writer. ``now`` stamps ``articles.coded_at``;
    ``dedup`` tunes the clusterer that groups mentions into events.
    """

    # Without ANALYZE statistics SQLite looks mentions up by their primary key and reads their
    # wide rows; this covering index holds what actor aggregates read (id, day, Goldstein).
    EVENTS_SCAN = "events INDEXED BY events_page"
    PICK_FIRST = "min"  # a GROUP BY with min() costs less than a window function here

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        path: str,
        now: Callable[[], datetime] = utc_now,
        dedup: DedupSettings | None = None,
    ) -> None:
        super().__init__(path=path, now=now, dedup=dedup)
        self._conn: sqlite3.Connection | None = conn

    @property
    def path(self) -> str:
        """The database file (``:memory:`` for an in-memory store)."""
        return self._path

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("E401", "the store is closed", path=self._path)
        return self._conn

    def _executor(self) -> _SqliteExecutor:
        return _SqliteExecutor(self._connection())

    @contextmanager
    def _write(self) -> Iterator[_SqliteExecutor]:
        with immediate(self._connection()) as conn:
            yield _SqliteExecutor(conn)

    def _errors(self) -> tuple[type[Exception], ...]:
        return (sqlite3.Error,)

    def close(self) -> None:
        """Close the connection (a second call does nothing)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _configure(conn: sqlite3.Connection) -> None:
    """WAL, foreign keys, a busy timeout; reading the schema makes a non-database fail here."""
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA journal_mode = WAL").fetchone()
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()


def open_sqlite(
    path: str | Path,
    *,
    migrations: Sequence[Migration] = MIGRATIONS,
    now: Callable[[], datetime] = utc_now,
    dedup: DedupSettings | None = None,
) -> SqliteStore:
    """Open (creating if needed) the SQLite store at ``path`` and apply missing migrations.

    Raises ``StoreError("E401", path=...)`` when the file cannot be opened or is not an SQLite
    database, and ``StoreError("E402")`` when a migration fails.
    """
    where = str(path)
    try:
        conn = sqlite3.connect(where, isolation_level=None)
    except sqlite3.Error as e:
        raise StoreError("E401", str(e), path=where) from e
    try:
        _configure(conn)
        apply_migrations(conn, migrations, now=now)
    except sqlite3.Error as e:
        conn.close()
        raise StoreError("E401", str(e), path=where) from e
    except StoreError as e:
        conn.close()
        raise StoreError(e.code, e.detail, path=where) from e
    return SqliteStore(conn, path=where, now=now, dedup=dedup)
