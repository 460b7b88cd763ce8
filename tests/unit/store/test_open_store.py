"""open_store URLs (SQLite paths, PostgreSQL URLs) and the errors for those it cannot open."""

from __future__ import annotations

from pathlib import Path

import pytest

from polevent.errors import StoreError
from polevent.store import SqliteStore, StoreStats, open_store
from polevent.store.postgres import PostgresStore, placeholders


@pytest.mark.parametrize("form", ["path", "str", "url"])
def test_paths_and_sqlite_urls_open_sqlite(tmp_path: Path, form: str) -> None:
    path = tmp_path / "events.db"
    forms: dict[str, str | Path] = {"path": path, "str": str(path), "url": f"sqlite:///{path}"}
    url = forms[form]
    with open_store(url) as store:
        assert isinstance(store, SqliteStore)
        assert store.path == str(path)
        assert store.stats() == StoreStats(articles=0, events=0, clusters=0)
    assert path.exists()


def test_in_memory_store() -> None:
    with open_store(":memory:") as store:
        assert store.stats() == StoreStats(articles=0, events=0, clusters=0)


def test_garbage_file_raises_e401_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "garbage.db"
    path.write_bytes(b"this is not an SQLite database, just some bytes\n" * 100)
    with pytest.raises(StoreError, match="file is not a database") as info:
        open_store(path)
    assert info.value.code == "E401"
    assert info.value.path == str(path)
    assert path.read_bytes().startswith(b"this is not an SQLite database")


def test_missing_directory_raises_e401(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unable to open") as info:
        open_store(tmp_path / "no" / "such" / "dir" / "events.db")
    assert info.value.code == "E401"


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg"])
def test_postgresql_urls_open_postgres(pg_url: str, scheme: str) -> None:
    url = scheme + pg_url[pg_url.index("://") :]
    with open_store(url) as store:
        assert isinstance(store, PostgresStore)
        assert store.stats() == StoreStats(articles=0, events=0, clusters=0)


def test_unreachable_postgresql_raises_e401_without_the_password(tmp_path: Path) -> None:
    url = f"postgresql://polevent:s3cret@/events?host={tmp_path}&port=1&connect_timeout=2"
    with pytest.raises(StoreError, match="cannot connect") as info:
        open_store(url)
    assert info.value.code == "E401"
    assert "s3cret" not in str(info.value)
    assert info.value.path is not None
    assert "polevent:***@" in info.value.path


@pytest.mark.parametrize("url", ["mysql://x/y", "sqlite:///", "https://example.org/e.db"])
def test_other_urls_raise_e404(url: str) -> None:
    with pytest.raises(StoreError) as info:
        open_store(url)
    assert info.value.code == "E404"


def test_placeholders_become_psycopg_style_outside_quoted_strings() -> None:
    sql = "SELECT a FROM t WHERE b = ? AND c LIKE ? ESCAPE '\\' AND d = 'why?' AND e LIKE '5%'"
    assert placeholders(sql) == (
        "SELECT a FROM t WHERE b = %s AND c LIKE %s ESCAPE '\\' AND d = 'why?' AND e LIKE '5%%'"
    )
    assert placeholders("SELECT 'it''s?', ?") == "SELECT 'it''s?', %s"
