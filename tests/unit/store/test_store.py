"""The store on SQLite and PostgreSQL: round trips, idempotent writes, all-or-nothing
transactions (the same tests on both backends, through the ``backend`` fixture)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from store_backends import Backend

from polevent.errors import StoreError
from polevent.query import EventFilter
from polevent.records import Article, Counts, EventRecord, Place
from polevent.store import AddResult, StoreStats
from polevent.store import _sql as sql_module
from polevent.store._sql import SqlStore

NewArticle = Callable[..., Article]
NewEvent = Callable[..., EventRecord]


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
        goldstein=-9.2,
    )
    return article, [first, second]


def test_round_trip_through_the_store(
    store: SqlStore, new_article: NewArticle, new_event: NewEvent
) -> None:
    article, events = _two_events(new_article, new_event)
    assert store.add_article(article, events) == AddResult(article_added=True, events_added=2)
    assert store.events(EventFilter()) == events
    assert store.articles() == [article]
    assert store.has_article(article.id)
    assert not store.has_article("nope")
    stats = store.stats()
    # same unordered dyad, one family (ASSAULT), identical evidence words: one event
    assert (stats.articles, stats.events, stats.clusters) == (1, 2, 1)


def test_round_trip_survives_reopening(
    backend: Backend, new_article: NewArticle, new_event: NewEvent
) -> None:
    article, events = _two_events(new_article, new_event)
    offset = timezone(timedelta(hours=5, minutes=30))
    article = replace(article, published_at=datetime(2025, 5, 16, 9, 0, tzinfo=offset))
    events = [replace(e, published_at=article.published_at) for e in events]
    with backend.open() as store:
        store.add_article(article, events)
    with backend.open() as store:
        assert store.events(EventFilter()) == events
        (back,) = store.articles()
        assert back == article
        assert back.published_at is not None
        assert back.published_at.utcoffset() == timedelta(hours=5, minutes=30)


def test_re_adding_adds_no_rows(
    store: SqlStore, backend: Backend, new_article: NewArticle, new_event: NewEvent
) -> None:
    article, events = _two_events(new_article, new_event)
    store.add_article(article, events)
    before = backend.dump()
    assert store.add_article(article, events) == AddResult(article_added=False, events_added=0)
    assert store.add_article(article, events[:1]) == AddResult(article_added=False, events_added=0)
    assert backend.dump() == before


def test_duplicate_events_in_one_call_are_stored_once(
    store: SqlStore, new_article: NewArticle, new_event: NewEvent
) -> None:
    article = new_article()
    event = new_event(article)
    assert store.add_article(article, [event, event]).events_added == 1
    assert store.events(EventFilter()) == [event]
    assert store.stats() == StoreStats(articles=1, events=1, clusters=1)


def test_new_events_of_a_stored_article_are_added(
    store: SqlStore, backend: Backend, new_article: NewArticle, new_event: NewEvent
) -> None:
    article, events = _two_events(new_article, new_event)
    store.add_article(article, events[:1])
    assert store.add_article(article, events) == AddResult(article_added=False, events_added=1)
    assert backend.rows("SELECT n_events FROM articles") == [(2,)]


def test_article_without_events_is_recorded(store: SqlStore, new_article: NewArticle) -> None:
    article = new_article(published_at=None)
    assert store.add_article(article, []) == AddResult(article_added=True, events_added=0)
    assert store.has_article(article.id)
    assert store.articles() == [article]


def test_columns_and_actor_rows(
    store: SqlStore, backend: Backend, new_article: NewArticle, new_event: NewEvent
) -> None:
    article, events = _two_events(new_article, new_event)
    store.add_article(article, events)
    row = backend.rows(
        "SELECT article_id, sentence_index, cameo_code, cameo_root, quad_class, goldstein,"
        " plover_type, date_start, date_end, date_granularity, day, published_at, evidence_text"
        " FROM events WHERE event_id = ?",
        (events[0].event_id,),
    )
    assert row == [(
        article.id, 0, "190", "19", 4, -10.0, "ASSAULT", "2025-05-15", "2025-05-15", "day",
        "2025-05-15", "2025-05-16T10:00:00+00:00", "Sentence 0.",
    )]  # fmt: skip
    # a double on both backends (PostgreSQL's REAL would give -9.199999809265137)
    assert backend.rows(
        "SELECT goldstein FROM events WHERE event_id = ?", (events[1].event_id,)
    ) == [(-9.2,)]
    actors = backend.rows(
        "SELECT role, position, code, country, sector FROM event_actors WHERE event_id = ?"
        " ORDER BY role, position",
        (events[1].event_id,),
    )
    assert actors == [
        ("source", 0, "PAKMIL", "PAK", "MIL"),
        ("target", 0, "INDMIL", "IND", "MIL"),
        ("target", 1, "INDGOV", "IND", "GOV"),
    ]


def test_event_of_another_article_is_refused_and_nothing_is_written(
    store: SqlStore, backend: Backend, new_article: NewArticle, new_event: NewEvent
) -> None:
    article, events = _two_events(new_article, new_event)
    stranger = new_event(new_article(text="Another story."))
    before = backend.dump()
    with pytest.raises(StoreError, match="belongs to article") as info:
        store.add_article(article, [*events, stranger])
    assert info.value.code == "E403"
    assert backend.dump() == before
    assert not store.has_article(article.id)


def test_database_failure_mid_transaction_rolls_everything_back(
    store: SqlStore, backend: Backend, new_article: NewArticle, new_event: NewEvent
) -> None:
    store.add_article(new_article(text="Earlier story."), [])
    message = backend.inject_failure()
    article, events = _two_events(new_article, new_event)  # the second event has INDMIL
    before = backend.dump()
    with pytest.raises(StoreError, match=message) as info:
        store.add_article(article, events)
    assert info.value.code == "E403"
    assert isinstance(info.value.__cause__, backend.integrity_error)
    assert backend.dump() == before
    assert not store.has_article(article.id)
    assert store.stats() == StoreStats(articles=1, events=0, clusters=0)


def test_any_exception_mid_transaction_rolls_back_and_the_store_stays_usable(
    store: SqlStore,
    backend: Backend,
    new_article: NewArticle,
    new_event: NewEvent,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_insert = sql_module.insert_event
    calls: list[int] = []

    def failing_insert(*args: object) -> bool:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        return real_insert(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(sql_module, "insert_event", failing_insert)
    article, events = _two_events(new_article, new_event)
    before = backend.dump()
    with pytest.raises(StoreError, match="RuntimeError: disk on fire"):
        store.add_article(article, events)
    assert len(calls) == 2  # the article, the first event and its cluster had been written
    assert backend.dump() == before
    monkeypatch.undo()
    assert store.add_article(article, events) == AddResult(article_added=True, events_added=2)
    assert store.stats().clusters == 1
    assert len(backend.rows("SELECT seq FROM event_clusters")) == 2


def test_malformed_record_json_raises_e401(
    store: SqlStore, backend: Backend, new_article: NewArticle, new_event: NewEvent
) -> None:
    article = new_article()
    store.add_article(article, [new_event(article)])
    backend.execute("UPDATE events SET record_json = '{\"event_id\": 1}'")
    with pytest.raises(StoreError, match="record in store is malformed") as info:
        store.events(EventFilter())
    assert info.value.code == "E401"
    assert info.value.path is not None


def test_closed_store_raises_and_close_is_idempotent(
    backend: Backend, new_article: NewArticle
) -> None:
    with backend.open() as store:
        pass
    store.close()
    with pytest.raises(StoreError, match="the store is closed"):
        store.stats()
    with pytest.raises(StoreError, match="the store is closed") as info:
        store.add_article(new_article(), [])
    assert info.value.code == "E401"


def test_coded_at_comes_from_the_clock(backend: Backend, new_article: NewArticle) -> None:
    moment = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    with backend.open(now=lambda: moment) as store:
        store.add_article(new_article(), [])
    assert backend.rows("SELECT coded_at FROM articles") == [(moment.isoformat(),)]
