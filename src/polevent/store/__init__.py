"""The event store: ``open_store(url)`` gives a ``Store``. Never imports spaCy.

URLs: a plain path (``events.db``, ``Path(...)``, ``:memory:``) or ``sqlite:///relative/path.db`` /
``sqlite:////absolute/path.db`` open the SQLite store; ``postgresql://user@host:port/dbname`` (also
``postgres://`` and ``postgresql+psycopg://``, any libpq URL parameters) opens the PostgreSQL
store (needs ``psycopg``). Any other ``scheme://`` raises ``StoreError("E404")``.

Every stored ``EventRecord`` is a mention; the store groups mentions into events (clusters) as
it writes them: ``count_events`` counts events by default, ``cluster_of`` maps mentions to events,
``mention`` gives one mention with its event. Both backends are ``RecodeStore``s: a re-coding's
mentions wait there, invisible to queries, until accepted (``polevent.recode``).
"""

from __future__ import annotations

from pathlib import Path

from polevent.dedup import DedupSettings
from polevent.errors import StoreError
from polevent.store._urls import redact
from polevent.store.base import (
    AcceptResult,
    AddResult,
    CountBy,
    PendingArticle,
    RecodeRun,
    RecodeStore,
    Store,
    StoredMention,
    StoreStats,
)
from polevent.store.sqlite import SqliteStore, open_sqlite

__all__ = [
    "AcceptResult",
    "AddResult",
    "CountBy",
    "PendingArticle",
    "RecodeRun",
    "RecodeStore",
    "SqliteStore",
    "Store",
    "StoreStats",
    "StoredMention",
    "open_sqlite",
    "open_store",
    "require_existing",
]

_SQLITE_PREFIX = "sqlite:///"
_POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2")


def open_store(url: str | Path, *, dedup: DedupSettings | None = None) -> Store:
    """Open the store at ``url`` (created and migrated if needed); see the module doc for URLs.
    ``dedup`` tunes how mentions are grouped into events.

    >>> with open_store(":memory:") as store:
    ...     store.stats()
    StoreStats(articles=0, events=0, clusters=0)
    """
    if isinstance(url, Path):
        return open_sqlite(url, dedup=dedup)
    if url.startswith(_SQLITE_PREFIX):
        path = url[len(_SQLITE_PREFIX) :]
        if not path:
            raise StoreError("E404", f"no database path in {url!r}")
        return open_sqlite(path, dedup=dedup)
    scheme, sep, rest = url.partition("://")
    if sep and scheme.lower() in _POSTGRES_SCHEMES:
        return _open_postgres(f"postgresql://{rest}", dedup=dedup)
    if sep:
        raise StoreError(
            "E404",
            f"{redact(url)}: use a file path, sqlite:///path.db or postgresql://user@host/dbname",
        )
    return open_sqlite(url, dedup=dedup)


def _open_postgres(url: str, *, dedup: DedupSettings | None) -> Store:
    try:
        from polevent.store.postgres import open_postgres
    except ImportError as e:
        detail = f"{redact(url)}: PostgreSQL needs psycopg: pip install 'psycopg[binary]'"
        raise StoreError("E404", detail) from e
    return open_postgres(url, dedup=dedup)


def _sqlite_file(url: str | Path) -> Path | None:
    """The file a SQLite store URL names (``None`` for ``:memory:`` and non-SQLite URLs)."""
    if isinstance(url, Path):
        return url
    if url.startswith(_SQLITE_PREFIX):
        url = url[len(_SQLITE_PREFIX) :]
    elif "://" in url:
        return None  # open_store reports unknown schemes (E404)
    if not url or url == ":memory:":
        return None
    return Path(url)


def require_existing(url: str | Path) -> None:
    """``StoreError("E401")`` when ``url`` names a SQLite file that does not exist: commands
    that only read (or re-code) a store never create an empty one by mistake."""
    path = _sqlite_file(url)
    if path is not None and not path.exists():
        detail = "no such file; create it with `polevent code PATH... --db FILE`"
        raise StoreError("E401", detail, path=str(url))
