"""The event store: ``open_store(url)`` gives a ``Store``. Never imports spaCy.

URLs: a plain path (``events.db``, ``Path(...)``, ``:memory:``) or ``sqlite:///relative/path.db`` /
``sqlite:////absolute/path.db`` open the SQLite store. Anything else with a ``scheme://`` raises
``StoreError("E404")``; PostgreSQL (``postgresql://``) is planned but not implemented yet.
"""

from __future__ import annotations

from pathlib import Path

from polevent.errors import StoreError
from polevent.store.base import AddResult, Store, StoreStats
from polevent.store.sqlite import SqliteStore, open_sqlite

__all__ = ["AddResult", "SqliteStore", "Store", "StoreStats", "open_sqlite", "open_store"]

_SQLITE_PREFIX = "sqlite:///"
_POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+")


def open_store(url: str | Path) -> Store:
    """Open the store at ``url`` (created and migrated if needed); see the module doc for URLs.

    >>> with open_store(":memory:") as store:
    ...     store.stats()
    StoreStats(articles=0, events=0)
    """
    if isinstance(url, Path):
        return open_sqlite(url)
    if url.startswith(_SQLITE_PREFIX):
        path = url[len(_SQLITE_PREFIX) :]
        if not path:
            raise StoreError("E404", f"no database path in {url!r}")
        return open_sqlite(path)
    if url.lower().startswith(_POSTGRES_SCHEMES):
        raise StoreError(
            "E404",
            f"{_redact(url)}: PostgreSQL is not supported yet (it comes in a later release); "
            "use a SQLite path or sqlite:///path.db",
        )
    if "://" in url:
        raise StoreError(
            "E404", f"{_redact(url)}: use a file path or sqlite:///path.db (PostgreSQL comes later)"
        )
    return open_sqlite(url)


def _redact(url: str) -> str:
    """``url`` without a password (``scheme://user:***@host``), safe to put in a message."""
    scheme, _, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"
