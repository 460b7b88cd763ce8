"""open_store URLs and the errors for files and URLs it cannot open."""

from __future__ import annotations

from pathlib import Path

import pytest

from polevent.errors import StoreError
from polevent.store import SqliteStore, StoreStats, open_store


@pytest.mark.parametrize("form", ["path", "str", "url"])
def test_paths_and_sqlite_urls_open_sqlite(tmp_path: Path, form: str) -> None:
    path = tmp_path / "events.db"
    forms: dict[str, str | Path] = {"path": path, "str": str(path), "url": f"sqlite:///{path}"}
    url = forms[form]
    with open_store(url) as store:
        assert isinstance(store, SqliteStore)
        assert store.path == str(path)
        assert store.stats() == StoreStats(articles=0, events=0)
    assert path.exists()


def test_in_memory_store() -> None:
    with open_store(":memory:") as store:
        assert store.stats() == StoreStats(articles=0, events=0)


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


def test_postgresql_url_raises_e404_saying_it_comes_later() -> None:
    with pytest.raises(StoreError, match="PostgreSQL is not supported yet") as info:
        open_store("postgresql://polevent:s3cret@db.example/events")
    assert info.value.code == "E404"
    assert "later release" in str(info.value)
    assert "s3cret" not in str(info.value)
    assert "polevent:***@db.example" in str(info.value)


@pytest.mark.parametrize("url", ["mysql://x/y", "sqlite:///", "https://example.org/e.db"])
def test_other_urls_raise_e404(url: str) -> None:
    with pytest.raises(StoreError) as info:
        open_store(url)
    assert info.value.code == "E404"
