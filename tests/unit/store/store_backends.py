"""The databases the store tests run on: SQLite files and PostgreSQL schemas (see conftest)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import psycopg

from polevent.store import open_sqlite
from polevent.store._sql import SqlStore
from polevent.store.postgres import open_postgres

__all__ = ["NO_POSTGRES", "PG_ENV", "Backend", "PostgresBackend", "SqliteBackend"]

PG_ENV = "POLEVENT_TEST_PG_URL"
NO_POSTGRES = f"""${PG_ENV} is not set: the store tests run on SQLite AND PostgreSQL.
Run them through the Makefile (`make unit`), which starts a throw-away PostgreSQL server,
or by hand:
    scripts/pg_test_cluster.sh run .venv/bin/pytest tests/unit/store
or start one and point the tests at it:
    export {PG_ENV}=$(scripts/pg_test_cluster.sh start)   # ... scripts/pg_test_cluster.sh stop
(any PostgreSQL URL works: postgresql://user@host:port/dbname; each test uses a fresh schema)"""


class Backend:
    """One database a test runs on: open stores on it and look at its rows from outside."""

    name = ""
    url = ""
    integrity_error: type[Exception] = Exception

    def open(self, **options: Any) -> SqlStore:
        raise NotImplementedError

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Rows of ``sql`` (``?`` placeholders), from a separate connection."""
        raise NotImplementedError

    def execute(self, sql: str) -> None:
        """Run ``sql`` from a separate connection and commit."""
        raise NotImplementedError

    def tables(self) -> list[str]:
        raise NotImplementedError

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table, sorted: what a reader sees."""
        return {t: sorted(self.rows(f"SELECT * FROM {t}"), key=repr) for t in self.tables()}

    def inject_failure(self) -> str:
        """Make inserting an actor coded INDMIL fail; the error text to expect."""
        raise NotImplementedError


class SqliteBackend(Backend):
    name = "sqlite"
    integrity_error = sqlite3.IntegrityError

    def __init__(self, path: Path) -> None:
        self.path = path
        self.url = str(path)

    def open(self, **options: Any) -> SqlStore:
        return open_sqlite(self.path, **options)

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        conn = sqlite3.connect(self.path)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def execute(self, sql: str) -> None:
        conn = sqlite3.connect(self.path)
        try:
            conn.execute(sql)
            conn.commit()
        finally:
            conn.close()

    def tables(self) -> list[str]:
        rows = self.rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        return [str(name) for (name,) in rows]

    def inject_failure(self) -> str:
        self.execute(
            "CREATE TRIGGER boom BEFORE INSERT ON event_actors WHEN NEW.code = 'INDMIL'"
            " BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
        )
        return "injected failure"


class PostgresBackend(Backend):
    name = "postgres"
    integrity_error = psycopg.errors.CheckViolation

    def __init__(self, url: str) -> None:
        self.url = url

    def open(self, **options: Any) -> SqlStore:
        return open_postgres(self.url, **options)

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.url) as conn:
            return conn.execute(sql.replace("?", "%s"), params).fetchall()

    def execute(self, sql: str) -> None:
        with psycopg.connect(self.url) as conn:
            conn.execute(sql)

    def tables(self) -> list[str]:
        rows = self.rows(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = current_schema() ORDER BY table_name"
        )
        return [str(name) for (name,) in rows]

    def inject_failure(self) -> str:
        self.execute("ALTER TABLE event_actors ADD CONSTRAINT boom CHECK (code <> 'INDMIL')")
        return 'violates check constraint "boom"'
