"""The SQLite event store: WAL, foreign keys, one writer, every write in ``BEGIN IMMEDIATE``.

``open_sqlite(path)`` connects, configures and migrates; ``SqliteStore`` itself does no I/O when
built. Events are kept whole as ``record_json`` (what ``events()`` rebuilds them from) plus the
columns filters and exports need, and one ``event_actors`` row per actor mention.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from polevent.errors import StoreError
from polevent.query.filters import EventFilter, to_sql
from polevent.records import ActorRef, Article, EventRecord
from polevent.serialize import article_from_dict, event_from_dict, event_to_dict
from polevent.store._transaction import immediate
from polevent.store.base import AddResult, StoreStats
from polevent.store.migrations import MIGRATIONS, Migration, apply_migrations

__all__ = ["SqliteStore", "open_sqlite"]

_ORDER = "ORDER BY published_utc NULLS LAST, article_id, sentence_index, event_id"
_ARTICLE_COLUMNS = "id, title, text, published_at, url, source"

_INSERT_ARTICLE = (
    "INSERT OR IGNORE INTO articles (id, title, url, source, published_at, published_utc, text,"
    " coded_at, n_events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)"
)
_INSERT_EVENT = (
    "INSERT OR IGNORE INTO events (event_id, article_id, sentence_index, cameo_code, cameo_root,"
    " quad_class, goldstein, plover_type, plover_mode, date_start, date_end, date_granularity, day,"
    " published_at, published_utc, evidence_text, evidence_start, evidence_end, record_json)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_ACTOR = (
    "INSERT INTO event_actors (event_id, role, position, code, country, sector, name, text)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_UPDATE_N_EVENTS = (
    "UPDATE articles SET n_events = (SELECT count(*) FROM events WHERE article_id = ?) WHERE id = ?"
)

_EventRow = tuple[object, ...]
_ActorRow = tuple[str, str, int, str, str | None, str | None, str | None, str]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _utc_key(moment: datetime | None) -> str | None:
    """A fixed-width UTC sort key for ``moment`` (a naive datetime is read as UTC)."""
    if moment is None:
        return None
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def _upper(value: str | None) -> str | None:
    return None if value is None else value.upper()


def _event_row(event: EventRecord) -> _EventRow:
    day = event.date.start or (event.published_at.date() if event.published_at else None)
    record_json = json.dumps(
        event_to_dict(event), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return (
        event.event_id,
        event.article_id,
        event.sentence_index,
        event.cameo_code,
        event.cameo_root,
        event.quad_class,
        event.goldstein,
        event.plover_type,
        event.plover_mode,
        None if event.date.start is None else event.date.start.isoformat(),
        None if event.date.end is None else event.date.end.isoformat(),
        event.date.granularity,
        None if day is None else day.isoformat(),
        None if event.published_at is None else event.published_at.isoformat(),
        _utc_key(event.published_at),
        event.evidence.text,
        event.evidence.start,
        event.evidence.end,
        record_json,
    )


def _actor_rows(event: EventRecord) -> list[_ActorRow]:
    roles: tuple[tuple[str, tuple[ActorRef, ...]], ...] = (
        ("source", event.source),
        ("target", event.target),
    )
    return [
        (
            event.event_id,
            role,
            position,
            actor.code.upper(),
            _upper(actor.country),
            _upper(actor.sector),
            actor.name,
            actor.text,
        )
        for role, actors in roles
        for position, actor in enumerate(actors)
    ]


def _insert_event(conn: sqlite3.Connection, row: _EventRow, actors: Sequence[_ActorRow]) -> bool:
    """Insert one event and its actors unless its id is stored already; ``True`` if inserted."""
    if conn.execute(_INSERT_EVENT, row).rowcount != 1:
        return False
    conn.executemany(_INSERT_ACTOR, actors)
    return True


def _check_belongs(article: Article, events: Sequence[EventRecord], path: str) -> None:
    for event in events:
        if event.article_id != article.id:
            raise StoreError(
                "E403",
                f"event {event.event_id} belongs to article {event.article_id}, not {article.id}",
                path=path,
            )


class SqliteStore:
    """An event store in one SQLite file; build it with ``open_sqlite`` (or ``open_store``).

    One connection, used by one thread: the single writer. ``now`` stamps ``articles.coded_at``.
    """

    def __init__(
        self, conn: sqlite3.Connection, *, path: str, now: Callable[[], datetime] = _utc_now
    ) -> None:
        self._conn: sqlite3.Connection | None = conn
        self._path = path
        self._now = now

    @property
    def path(self) -> str:
        """The database file (``:memory:`` for an in-memory store)."""
        return self._path

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("E401", "the store is closed", path=self._path)
        return self._conn

    def add_article(self, article: Article, events: Sequence[EventRecord]) -> AddResult:
        """Write ``article`` and ``events`` in one transaction; rows already stored are skipped.

        Raises ``StoreError("E403")`` when an event belongs to another article or the write fails;
        the store is then exactly as it was before the call.
        """
        conn = self._connection()
        _check_belongs(article, events, self._path)
        try:
            rows = [(_event_row(event), _actor_rows(event)) for event in events]
            with immediate(conn):
                article_added = conn.execute(_INSERT_ARTICLE, self._article_row(article)).rowcount
                added = sum(_insert_event(conn, row, actors) for row, actors in rows)
                conn.execute(_UPDATE_N_EVENTS, (article.id, article.id))
        except Exception as e:
            detail = f"article {article.id}: {type(e).__name__}: {e}"
            raise StoreError("E403", detail, path=self._path) from e
        return AddResult(article_added=article_added == 1, events_added=added)

    def _article_row(self, article: Article) -> tuple[object, ...]:
        published = article.published_at
        return (
            article.id,
            article.title,
            article.url,
            article.source,
            None if published is None else published.isoformat(),
            _utc_key(published),
            article.text,
            self._now().isoformat(),
        )

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._connection().execute(sql, params).fetchall()
        except sqlite3.Error as e:
            raise StoreError("E401", f"read failed: {e}", path=self._path) from e

    def has_article(self, article_id: str) -> bool:
        """Whether an article with this id is stored."""
        return bool(self._read("SELECT 1 FROM articles WHERE id = ?", (article_id,)))

    def events(self, event_filter: EventFilter) -> list[EventRecord]:
        """Matching events by (published_at, article_id, sentence_index, event_id); undated last."""
        where, params = to_sql(event_filter)
        sql = f"SELECT event_id, record_json FROM events {where} {_ORDER}"
        if event_filter.limit is not None:
            sql += " LIMIT ?"
            params.append(event_filter.limit)
        return [self._decode(event_id, record) for event_id, record in self._read(sql, params)]

    def _decode(self, event_id: str, record_json: str) -> EventRecord:
        try:
            return event_from_dict(json.loads(record_json))
        except (json.JSONDecodeError, StoreError) as e:
            detail = f"record in store is malformed: event {event_id}: {e}"
            raise StoreError("E401", detail, path=self._path) from e

    def count_events(self, event_filter: EventFilter) -> int:
        """How many events ``events(event_filter)`` returns (so at most ``limit``)."""
        where, params = to_sql(event_filter)
        sql = f"SELECT count(*) FROM events {where}"
        if event_filter.limit is not None:
            sql = f"SELECT count(*) FROM (SELECT 1 FROM events {where} LIMIT ?)"
            params.append(event_filter.limit)
        (count,) = self._read(sql, params)[0]
        return int(count)

    def articles(self) -> list[Article]:
        """All stored articles by (published_at, id); undated last."""
        sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY published_utc NULLS LAST, id"
        names = [name.strip() for name in _ARTICLE_COLUMNS.split(",")]
        return [article_from_dict(dict(zip(names, row, strict=True))) for row in self._read(sql)]

    def stats(self) -> StoreStats:
        """Row counts of articles and events."""
        row = self._read("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events)")
        articles, events = row[0]
        return StoreStats(articles=int(articles), events=int(events))

    def close(self) -> None:
        """Close the connection (a second call does nothing)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


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
    now: Callable[[], datetime] = _utc_now,
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
    return SqliteStore(conn, path=where, now=now)
