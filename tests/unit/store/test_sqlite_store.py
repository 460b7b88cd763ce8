"""SqliteStore: round trips, idempotent writes, all-or-nothing transactions."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from polevent.errors import StoreError
from polevent.query import EventFilter
from polevent.records import Article, Counts, EventRecord, Place
from polevent.store import AddResult, SqliteStore, StoreStats, open_sqlite
from polevent.store import sqlite as sqlite_module

NewArticle = Callable[..., Article]
NewEvent = Callable[..., EventRecord]


def _dump(path: Path) -> list[str]:
    """Every row of every table, from a separate connection (what a reader would see)."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _two_events(new_article: NewArticle, new_event: NewEvent) -> tuple[Article, list[EventRecord]]:
    article = new_article(text="India struck. Pakistan replied.")
    first = new_event(article, sentence_index=0, date_start=date(2025, 5, 15))
    second = replace(
        new_event(article, sentence_index=1, source=["PAKMIL"], target=["INDMIL", "INDGOV"]),
        place=Place(
            name="Muzaffarabad",
            geonameid=1164909,
            lat=34.37,
            lon=73.47,
            admin1="Azad Kashmir",
            country="PAK",
            feature="PPLA",
            text="Muzaffarabad",
            reason="gazetteer",
        ),
        counts=Counts(killed=3),
        quote="We will respond",
        speaker="ISPR",
    )
    return article, [first, second]


def test_round_trip_through_the_store(
    store: SqliteStore, new_article: NewArticle, new_event: NewEvent
) -> None:
    article, events = _two_events(new_article, new_event)
    assert store.add_article(article, events) == AddResult(article_added=True, events_added=2)
    assert store.events(EventFilter()) == events
    assert store.articles() == [article]
    assert store.has_article(article.id)
    assert not store.has_article("nope")
    assert store.stats() == StoreStats(articles=1, events=2)


def test_round_trip_survives_reopening(
    db_path: Path, new_article: NewArticle, new_event: NewEvent
) -> None:
    article, events = _two_events(new_article, new_event)
    offset = timezone(timedelta(hours=5, minutes=30))
    article = replace(article, published_at=datetime(2025, 5, 16, 9, 0, tzinfo=offset))
    events = [replace(e, published_at=article.published_at) for e in events]
    with open_sqlite(db_path) as store:
        store.add_article(article, events)
    with open_sqlite(db_path) as store:
        assert store.events(EventFilter()) == events
        (back,) = store.articles()
        assert back == article
        assert back.published_at is not None
        assert back.published_at.utcoffset() == timedelta(hours=5, minutes=30)


def test_re_adding_adds_no_rows(
    store: SqliteStore, db_path: Path, new_article: NewArticle, new_event: NewEvent
) -> None:
    article, events = _two_events(new_article, new_event)
    store.add_article(article, events)
    before = _dump(db_path)
    assert store.add_article(article, events) == AddResult(article_added=False, events_added=0)
    assert store.add_article(article, events[:1]) == AddResult(article_added=False, events_added=0)
    assert _dump(db_path) == before


def test_duplicate_events_in_one_call_are_stored_once(
    store: SqliteStore, new_article: NewArticle, new_event: NewEvent
) -> None:
    article = new_article()
    event = new_event(article)
    assert store.add_article(article, [event, event]).events_added == 1
    assert store.events(EventFilter()) == [event]


def test_new_events_of_a_stored_article_are_added(
    store: SqliteStore, db_path: Path, new_article: NewArticle, new_event: NewEvent
) -> None:
    article, events = _two_events(new_article, new_event)
    store.add_article(article, events[:1])
    assert store.add_article(article, events) == AddResult(article_added=False, events_added=1)
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT n_events FROM articles").fetchone() == (2,)
    conn.close()


def test_article_without_events_is_recorded(store: SqliteStore, new_article: NewArticle) -> None:
    article = new_article(published_at=None)
    assert store.add_article(article, []) == AddResult(article_added=True, events_added=0)
    assert store.has_article(article.id)
    assert store.articles() == [article]


def test_columns_and_actor_rows(
    store: SqliteStore, db_path: Path, new_article: NewArticle, new_event: NewEvent
) -> None:
    article, events = _two_events(new_article, new_event)
    store.add_article(article, events)
    conn = sqlite3.connect(db_path)
    row = conn.execute(
        "SELECT article_id, sentence_index, cameo_code, cameo_root, quad_class, goldstein,"
        " plover_type, date_start, date_end, date_granularity, day, published_at, evidence_text"
        " FROM events WHERE event_id = ?",
        (events[0].event_id,),
    ).fetchone()
    assert row == (
        article.id, 0, "190", "19", 4, -10.0, "ASSAULT", "2025-05-15", "2025-05-15", "day",
        "2025-05-15", "2025-05-16T10:00:00+00:00", "Sentence 0.",
    )  # fmt: skip
    actors = conn.execute(
        "SELECT role, position, code, country, sector FROM event_actors WHERE event_id = ?"
        " ORDER BY role, position",
        (events[1].event_id,),
    ).fetchall()
    assert actors == [
        ("source", 0, "PAKMIL", "PAK", "MIL"),
        ("target", 0, "INDMIL", "IND", "MIL"),
        ("target", 1, "INDGOV", "IND", "GOV"),
    ]
    conn.close()


def test_event_of_another_article_is_refused_and_nothing_is_written(
    store: SqliteStore, db_path: Path, new_article: NewArticle, new_event: NewEvent
) -> None:
    article, events = _two_events(new_article, new_event)
    stranger = new_event(new_article(text="Another story."))
    before = _dump(db_path)
    with pytest.raises(StoreError, match="belongs to article") as info:
        store.add_article(article, [*events, stranger])
    assert info.value.code == "E403"
    assert _dump(db_path) == before
    assert not store.has_article(article.id)


def test_sqlite_failure_mid_transaction_rolls_everything_back(
    store: SqliteStore, db_path: Path, new_article: NewArticle, new_event: NewEvent
) -> None:
    store.add_article(new_article(text="Earlier story."), [])
    other = sqlite3.connect(db_path)
    other.execute(
        "CREATE TRIGGER boom BEFORE INSERT ON event_actors WHEN NEW.code = 'INDMIL'"
        " BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
    )
    other.commit()
    other.close()
    article, events = _two_events(new_article, new_event)  # the second event has INDMIL
    before = _dump(db_path)
    with pytest.raises(StoreError, match="injected failure") as info:
        store.add_article(article, events)
    assert info.value.code == "E403"
    assert isinstance(info.value.__cause__, sqlite3.IntegrityError)
    assert _dump(db_path) == before
    assert not store.has_article(article.id)
    assert store.stats() == StoreStats(articles=1, events=0)


def test_any_exception_mid_transaction_rolls_back_and_the_store_stays_usable(
    store: SqliteStore,
    db_path: Path,
    new_article: NewArticle,
    new_event: NewEvent,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_insert = sqlite_module._insert_event
    calls: list[int] = []

    def failing_insert(*args: object) -> bool:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        return real_insert(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite_module, "_insert_event", failing_insert)
    article, events = _two_events(new_article, new_event)
    before = _dump(db_path)
    with pytest.raises(StoreError, match="RuntimeError: disk on fire"):
        store.add_article(article, events)
    assert len(calls) == 2  # the article and the first event had been written
    assert _dump(db_path) == before
    monkeypatch.undo()
    assert store.add_article(article, events) == AddResult(article_added=True, events_added=2)


def test_malformed_record_json_raises_e401(
    store: SqliteStore, db_path: Path, new_article: NewArticle, new_event: NewEvent
) -> None:
    article = new_article()
    store.add_article(article, [new_event(article)])
    other = sqlite3.connect(db_path)
    other.execute("UPDATE events SET record_json = '{\"event_id\": 1}'")
    other.commit()
    other.close()
    with pytest.raises(StoreError, match="record in store is malformed") as info:
        store.events(EventFilter())
    assert info.value.code == "E401"
    assert info.value.path == str(db_path)


def test_closed_store_raises_and_close_is_idempotent(db_path: Path) -> None:
    with open_sqlite(db_path) as store:
        pass
    store.close()
    with pytest.raises(StoreError, match="the store is closed"):
        store.stats()


def test_coded_at_comes_from_the_clock(
    db_path: Path, new_article: NewArticle, new_event: NewEvent
) -> None:
    moment = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    with open_sqlite(db_path, now=lambda: moment) as store:
        store.add_article(new_article(), [])
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT coded_at FROM articles").fetchone() == (moment.isoformat(),)
    conn.close()


def test_wal_and_foreign_keys_are_on(store: SqliteStore, db_path: Path) -> None:
    conn = store._connection()
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        conn.execute(
            "INSERT INTO event_actors (event_id, role, position, code, text)"
            " VALUES ('missing', 'source', 0, 'X', 'x')"
        )
