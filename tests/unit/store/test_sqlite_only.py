"""What only the SQLite backend has: WAL, and foreign keys switched on per connection."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from polevent.store import open_sqlite


def test_wal_and_foreign_keys_are_on(db_path: Path) -> None:
    with open_sqlite(db_path) as store:
        conn = store._connection()
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            conn.execute(
                "INSERT INTO event_actors (event_id, role, position, code, text)"
                " VALUES ('missing', 'source', 0, 'X', 'x')"
            )
