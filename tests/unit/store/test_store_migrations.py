"""Named migrations: recorded in a table, applied once, each with its record or not at all."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from polevent.errors import StoreError
from polevent.store import open_sqlite
from polevent.store.migrations import MIGRATIONS, Migration, applied_migrations, apply_migrations

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
    ]
    assert {"articles", "events", "event_actors", "migrations", "events_day"} <= _tables(db_path)


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
    ]
    assert "events_day" in _tables(db_path)


def _add_column(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE events ADD COLUMN extra TEXT")


def _half_then_fail(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE half_done (x INTEGER)")
    raise RuntimeError("migration bug")


def test_a_failing_migration_is_rolled_back_with_its_record(db_path: Path) -> None:
    broken: list[Migration] = [
        *MIGRATIONS,
        ("0003_extra", _add_column),
        ("0004_broken", _half_then_fail),
    ]
    with pytest.raises(StoreError, match="0004_broken: RuntimeError: migration bug") as info:
        open_sqlite(db_path, migrations=broken, now=lambda: T0)
    assert info.value.code == "E402"
    assert info.value.path == str(db_path)
    assert "half_done" not in _tables(db_path)
    names = [name for (name,) in _rows(db_path, "SELECT name FROM migrations ORDER BY rowid")]
    assert names == ["0001_create_tables", "0002_filter_indexes", "0003_extra"]
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
