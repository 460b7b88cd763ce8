"""The PostgreSQL event store (psycopg 3), behind the same ``Store`` protocol as SQLite.

``open_postgres("postgresql://user@host:port/dbname")`` connects (autocommit), applies the
migrations of ``polevent.store.migrations.SCHEMA`` (the same statements as SQLite, through
``postgres_sql``) and returns a ``PostgresStore``. The shared SQL is written with ``?``;
``placeholders`` turns it into psycopg's ``%s`` in this one place (values are always bound).

Transactions have SQLite's semantics: every write (a migration, an article with its events and
their clusters) runs in one transaction that commits everything or nothing, and takes a
transaction-scoped advisory lock first, so writers to one database take turns like SQLite's
``BEGIN IMMEDIATE`` (the clusterer needs one writer at a time). Readers never wait.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import psycopg

from polevent.dedup import DedupSettings
from polevent.errors import StoreError
from polevent.store._sql import SqlStore, utc_now
from polevent.store._urls import redact
from polevent.store.migrations import SCHEMA, postgres_sql

__all__ = [
    "POSTGRES_MIGRATIONS",
    "PgMigration",
    "PostgresStore",
    "apply_postgres_migrations",
    "open_postgres",
    "placeholders",
]

PgMigration = tuple[str, tuple[str, ...]]
POSTGRES_MIGRATIONS: tuple[PgMigration, ...] = tuple(
    (name, tuple(postgres_sql(statement) for statement in statements))
    for name, statements in SCHEMA
)
"""``(name, statements)`` of every migration, as PostgreSQL runs them."""

_WRITE_LOCK = 0x706F6C6576656E74  # "polevent": the advisory lock every writer takes
_Connection = psycopg.Connection[tuple[Any, ...]]


@functools.lru_cache(maxsize=512)
def placeholders(sql: str) -> str:
    """``sql`` with ``?`` placeholders as psycopg's ``%s`` (and a literal ``%`` as ``%%``);
    a ``?`` inside a quoted SQL string is left alone.

    >>> placeholders("SELECT 1 WHERE a = ? AND b LIKE '100%?'")
    "SELECT 1 WHERE a = %s AND b LIKE '100%%?'"
    """
    out: list[str] = []
    quoted = False
    for char in sql:
        if char == "'":
            quoted = not quoted
        if char == "%":
            out.append("%%")
        elif char == "?" and not quoted:
            out.append("%s")
        else:
            out.append(char)
    return "".join(out)


class _PgExecutor:
    """``Executor`` over one psycopg connection."""

    def __init__(self, conn: _Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[object] = ()) -> int:
        return self.conn.execute(placeholders(sql), params).rowcount

    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        if rows:
            with self.conn.cursor() as cursor:
                cursor.executemany(placeholders(sql), rows)

    def fetch(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(placeholders(sql), params).fetchall()


@contextmanager
def _locked(conn: _Connection) -> Iterator[_PgExecutor]:
    """One write transaction holding the writers' advisory lock; rolled back on any error."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
        yield _PgExecutor(conn)


class PostgresStore(SqlStore):
    """An event store in a PostgreSQL database; build it with ``open_postgres`` / ``open_store``.

    One connection, used by one thread. ``url`` is shown without its password.
    """

    PLACE_FIELD = "(CAST(events.place_json AS jsonb) ->> '{}')"
    PICK_FIRST = "distinct_on"  # sorts once, without a window function's bookkeeping

    def __init__(
        self,
        conn: _Connection,
        *,
        url: str,
        now: Callable[[], datetime] = utc_now,
        dedup: DedupSettings | None = None,
    ) -> None:
        super().__init__(path=redact(url), now=now, dedup=dedup)
        self._conn: _Connection | None = conn

    @property
    def url(self) -> str:
        """The database URL, password masked."""
        return self._path

    def _connection(self) -> _Connection:
        if self._conn is None:
            raise StoreError("E401", "the store is closed", path=self._path)
        return self._conn

    def _executor(self) -> _PgExecutor:
        return _PgExecutor(self._connection())

    @contextmanager
    def _write(self) -> Iterator[_PgExecutor]:
        with _locked(self._connection()) as executor:
            yield executor

    def _errors(self) -> tuple[type[Exception], ...]:
        return (psycopg.Error,)

    def close(self) -> None:
        """Close the connection (a second call does nothing)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None


_CREATE_MIGRATIONS = (
    'CREATE TABLE IF NOT EXISTS migrations (name TEXT COLLATE "C" PRIMARY KEY,'
    " applied_at TEXT NOT NULL, position BIGINT GENERATED ALWAYS AS IDENTITY)"
)


def _applied(conn: _Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM migrations ORDER BY position").fetchall()
    return [str(name) for (name,) in rows]


def apply_postgres_migrations(
    conn: _Connection,
    migrations: Sequence[PgMigration] = POSTGRES_MIGRATIONS,
    *,
    now: Callable[[], datetime],
) -> list[str]:
    """Apply the missing ``migrations``, each in its own transaction with the row recording it;
    return the names applied now. ``StoreError("E402")`` as for SQLite."""
    try:
        with _locked(conn):
            conn.execute(_CREATE_MIGRATIONS)
            known = set(_applied(conn))
    except psycopg.Error as e:
        raise StoreError("E402", f"cannot read the migrations table: {e}") from e
    unknown = sorted(known - {name for name, _ in migrations})
    if unknown:
        raise StoreError("E402", f"database has migrations this polevent does not know: {unknown}")
    applied: list[str] = []
    for name, statements in migrations:
        if name in known:
            continue
        try:
            with _locked(conn) as sql:
                if sql.fetch("SELECT 1 FROM migrations WHERE name = ?", (name,)):
                    continue  # another process applied it meanwhile
                for statement in statements:
                    sql.execute(statement)
                record = "INSERT INTO migrations (name, applied_at) VALUES (?, ?)"
                sql.execute(record, (name, now().isoformat()))
        except Exception as e:
            raise StoreError("E402", f"{name}: {type(e).__name__}: {e}") from e
        applied.append(name)
    return applied


def open_postgres(
    url: str,
    *,
    migrations: Sequence[PgMigration] = POSTGRES_MIGRATIONS,
    now: Callable[[], datetime] = utc_now,
    dedup: DedupSettings | None = None,
    connect_timeout: int = 10,
) -> PostgresStore:
    """Connect to the PostgreSQL database at ``url`` and apply missing migrations.

    Raises ``StoreError("E401", path=url without password)`` when it cannot connect and
    ``StoreError("E402")`` when a migration fails.
    """
    shown = redact(url)
    try:
        conn: _Connection = psycopg.connect(url, autocommit=True, connect_timeout=connect_timeout)
    except psycopg.Error as e:
        secret = urlsplit(url).password
        detail = str(e).strip() if not secret else str(e).strip().replace(secret, "***")
        raise StoreError("E401", f"cannot connect: {detail}", path=shown) from e
    try:
        apply_postgres_migrations(conn, migrations, now=now)
    except StoreError as e:
        conn.close()
        raise StoreError(e.code, e.detail, path=shown) from e
    return PostgresStore(conn, url=url, now=now, dedup=dedup)
