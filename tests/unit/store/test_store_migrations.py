"""Named migrations: recorded in a table, applied once, each with its record or not at all
(SQLite, then the same schema on PostgreSQL)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from polevent.errors import StoreError
from polevent.store import open_sqlite
from polevent.store.migrations import (
    MIGRATIONS,
    SCHEMA,
    Migration,
    applied_migrations,
    apply_migrations,
    postgres_sql,
)
from polevent.store.postgres import POSTGRES_MIGRATIONS, PgMigration, open_postgres

T0 = datetime(2025, 1, 1, tzinfo=UTC)
T1 = datetime(2026, 1, 1, tzinfo=UTC)


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _tables(path: Path) -> set[str]:
    rows = _rows(path, "SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")
    return {str(name) for (name,) in rows if not str(name).startswith("sqlite_")}


def test_new_database_records_every_migration(db_path: Path) -> None:
    open_sqlite(db_path, now=lambda: T0).close()
    assert _rows(db_path, "SELECT name, applied_at FROM migrations ORDER BY rowid") == [
        ("0001_create_tables", T0.isoformat()),
        ("0002_filter_indexes", T0.isoformat()),
        ("0003_event_clusters", T0.isoformat()),
        ("0004_query_columns", T0.isoformat()),
        ("0005_recoding", T0.isoformat()),
        ("0006_dashboard", T0.isoformat()),
    ]
    expected = {"articles", "events", "event_actors", "event_clusters", "migrations", "events_day"}
    expected |= {"recode_runs", "recode_articles", "pending_events", "events_versions"}
    assert expected <= _tables(db_path)


def test_reopening_applies_nothing(db_path: Path) -> None:
    open_sqlite(db_path, now=lambda: T0).close()
    before = _rows(db_path, "SELECT name, applied_at FROM migrations")
    open_sqlite(db_path, now=lambda: T1).close()
    assert _rows(db_path, "SELECT name, applied_at FROM migrations") == before
    conn = sqlite3.connect(db_path)
    assert apply_migrations(conn, now=lambda: T1) == []
    conn.close()


def test_older_database_gets_only_the_missing_migrations(db_path: Path) -> None:
    open_sqlite(db_path, migrations=MIGRATIONS[:1], now=lambda: T0).close()
    assert "events_day" not in _tables(db_path)
    open_sqlite(db_path, now=lambda: T1).close()
    assert _rows(db_path, "SELECT name, applied_at FROM migrations ORDER BY rowid") == [
        ("0001_create_tables", T0.isoformat()),
        ("0002_filter_indexes", T1.isoformat()),
        ("0003_event_clusters", T1.isoformat()),
        ("0004_query_columns", T1.isoformat()),
        ("0005_recoding", T1.isoformat()),
        ("0006_dashboard", T1.isoformat()),
    ]
    assert {"events_day", "event_clusters"} <= _tables(db_path)


def _add_column(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE events ADD COLUMN extra TEXT")


def _half_then_fail(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE half_done (x INTEGER)")
    raise RuntimeError("migration bug")


def test_a_failing_migration_is_rolled_back_with_its_record(db_path: Path) -> None:
    broken: list[Migration] = [
        *MIGRATIONS,
        ("0098_extra", _add_column),
        ("0099_broken", _half_then_fail),
    ]
    with pytest.raises(StoreError, match="0099_broken: RuntimeError: migration bug") as info:
        open_sqlite(db_path, migrations=broken, now=lambda: T0)
    assert info.value.code == "E402"
    assert info.value.path == str(db_path)
    assert "half_done" not in _tables(db_path)
    names = [name for (name,) in _rows(db_path, "SELECT name FROM migrations ORDER BY rowid")]
    assert names == [name for name, _ in MIGRATIONS] + ["0098_extra"]
    columns = [row[1] for row in _rows(db_path, "PRAGMA table_info(events)")]
    assert "extra" in columns


def test_database_from_a_newer_polevent_is_refused(db_path: Path) -> None:
    newer: list[Migration] = [*MIGRATIONS, ("0099_future", _add_column)]
    open_sqlite(db_path, migrations=newer, now=lambda: T0).close()
    with pytest.raises(StoreError, match=r"does not know: \['0099_future'\]") as info:
        open_sqlite(db_path)
    assert info.value.code == "E402"


def test_applied_migrations_lists_names_in_order() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    assert apply_migrations(conn, now=lambda: T0) == [name for name, _ in MIGRATIONS]
    assert applied_migrations(conn) == [(name, T0.isoformat()) for name, _ in MIGRATIONS]
    conn.close()


def test_migration_names_and_statements_come_from_one_schema() -> None:
    assert [name for name, _ in MIGRATIONS] == [name for name, _ in SCHEMA]
    assert [name for name, _ in POSTGRES_MIGRATIONS] == [name for name, _ in SCHEMA]
    assert SCHEMA[-1][0] == "0006_dashboard"


def test_postgres_sql_changes_only_types_of_tables() -> None:
    create = "CREATE TABLE t (text TEXT NOT NULL, score REAL, evidence_text TEXT)"
    assert postgres_sql(create) == (
        'CREATE TABLE t (text TEXT COLLATE "C" NOT NULL, score DOUBLE PRECISION,'
        ' evidence_text TEXT COLLATE "C")'
    )
    index = "CREATE INDEX events_day ON events (day)"
    assert postgres_sql(index) == index


def _pg_rows(url: str, sql: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


def _pg_tables(url: str) -> set[str]:
    rows = _pg_rows(
        url,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        " UNION SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()",
    )
    return {str(name) for (name,) in rows}


def _pg_create_half(name: str) -> PgMigration:
    return (name, ("CREATE TABLE half_done (x INTEGER)", "SELECT no_such_function()"))


def test_postgres_records_every_migration_and_reopening_applies_nothing(pg_url: str) -> None:
    open_postgres(pg_url, now=lambda: T0).close()
    expected = [(name, T0.isoformat()) for name, _ in SCHEMA]
    sql = "SELECT name, applied_at FROM migrations ORDER BY position"
    assert _pg_rows(pg_url, sql) == expected
    assert {"articles", "event_clusters", "events_day", "event_clusters_cluster"} <= _pg_tables(
        pg_url
    )
    open_postgres(pg_url, now=lambda: T1).close()
    assert _pg_rows(pg_url, sql) == expected


def test_postgres_older_database_gets_only_the_missing_migrations(pg_url: str) -> None:
    open_postgres(pg_url, migrations=POSTGRES_MIGRATIONS[:2], now=lambda: T0).close()
    assert "event_clusters" not in _pg_tables(pg_url)
    open_postgres(pg_url, now=lambda: T1).close()
    sql = "SELECT name, applied_at FROM migrations ORDER BY position"
    assert _pg_rows(pg_url, sql)[-1] == ("0006_dashboard", T1.isoformat())
    assert "event_clusters" in _pg_tables(pg_url)


def test_postgres_failing_migration_is_rolled_back_with_its_record(pg_url: str) -> None:
    broken = [*POSTGRES_MIGRATIONS, _pg_create_half("0099_broken")]
    with pytest.raises(StoreError, match="0099_broken: UndefinedFunction") as info:
        open_postgres(pg_url, migrations=broken, now=lambda: T0)
    assert info.value.code == "E402"
    assert "half_done" not in _pg_tables(pg_url)  # DDL is transactional on PostgreSQL
    names = [str(name) for (name,) in _pg_rows(pg_url, "SELECT name FROM migrations")]
    assert sorted(names) == sorted(name for name, _ in SCHEMA)


def test_postgres_database_from_a_newer_polevent_is_refused(pg_url: str) -> None:
    newer = [*POSTGRES_MIGRATIONS, ("0099_future", ("CREATE TABLE future (x INTEGER)",))]
    open_postgres(pg_url, migrations=newer, now=lambda: T0).close()
    with pytest.raises(StoreError, match=r"does not know: \['0099_future'\]") as info:
        open_postgres(pg_url)
    assert info.value.code == "E402"
