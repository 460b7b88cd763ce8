"""EventFilter against a small hand-built set of events in a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from polevent.query import EventFilter
from polevent.records import ActorRef, Article, EventRecord
from polevent.store._sql import SqlStore

IST = timezone(timedelta(hours=5, minutes=30))


def _ngo(country: str) -> ActorRef:
    return ActorRef(
        text="an NGO",
        code="NGO",
        country=country,
        sector="NGO",
        name=None,
        kb_id=None,
        reason="sector word + country context",
        start=0,
        end=6,
    )


@pytest.fixture
def named(
    store: SqlStore,
    new_article: Callable[..., Article],
    new_event: Callable[..., EventRecord],
) -> dict[str, EventRecord]:
    """Six events in four articles, stored; keyed e1..e6."""
    a1 = new_article(text="one", published_at=datetime(2025, 5, 16, 10, 0, tzinfo=UTC))
    a2 = new_article(text="two", published_at=datetime(2025, 5, 20, 8, 0, tzinfo=IST))  # 02:30Z
    a3 = new_article(text="three", published_at=None)
    a4 = new_article(text="four", published_at=datetime(2025, 5, 20, 4, 0, tzinfo=UTC))
    events = {
        "e1": new_event(a1, sentence_index=0, date_start=date(2025, 5, 15)),
        "e2": new_event(
            a1, sentence_index=1, source=["PAKGOV"], target=["IND"], cameo_code="112",
            plover_type="ACCUSE",
        ),  # date unknown -> published 2025-05-16
        "e3": new_event(
            a2, sentence_index=0, source=["AFGGOV"], target=["USA"], cameo_code="036",
            plover_type="CONSULT", date_start=date(2025, 5, 19),
        ),
        "e4": new_event(
            a2, sentence_index=2, source=[_ngo("IND")], target=["UNO"], cameo_code="141",
            plover_type="PROTEST", date_start=date(2025, 5, 18),
        ),
        "e5": new_event(a3, sentence_index=0, source=["RUS"], target=["UKR"]),  # no date at all
        "e6": new_event(
            a4, sentence_index=0, source=["USAGOV"], target=["CHN"], cameo_code="042",
            plover_type="CONSULT", date_start=date(2025, 5, 20),
        ),
    }  # fmt: skip
    for article in (a1, a2, a3, a4):
        mine = [e for e in events.values() if e.article_id == article.id]
        store.add_article(article, mine)
    return events


def _ids(store: SqlStore, named: dict[str, EventRecord], event_filter: EventFilter) -> list[str]:
    by_id = {event.event_id: name for name, event in named.items()}
    stored = store.events(event_filter)
    found = [by_id[event.event_id] for event in stored]
    assert store.count_events(event_filter, by="mention") == len(found)
    assert store.count_events(event_filter) == len(
        set(store.cluster_of(e.event_id for e in stored).values())
    )
    return found


def test_everything_in_publication_order_undated_last(
    store: SqlStore, named: dict[str, EventRecord]
) -> None:
    # a2 (08:00+05:30 = 02:30Z) comes before a4 (04:00Z) although "08:00" > "04:00" as text.
    assert _ids(store, named, EventFilter()) == ["e1", "e2", "e3", "e4", "e6", "e5"]
    assert store.events(EventFilter()) == [named[k] for k in ("e1", "e2", "e3", "e4", "e6", "e5")]


@pytest.mark.parametrize(
    ("event_filter", "expected"),
    [
        (EventFilter(actor="IND"), ["e1", "e2", "e4"]),  # code prefix, code, country
        (EventFilter(actor="indgov"), ["e1"]),
        (EventFilter(actor="INDG"), ["e1"]),
        (EventFilter(actor="AFGGOV"), ["e3"]),
        (EventFilter(actor="AFGGOVX"), []),
        (EventFilter(actor="USA"), ["e3", "e6"]),
        (EventFilter(source="IND"), ["e1", "e4"]),
        (EventFilter(target="IND"), ["e2"]),
        (EventFilter(source="IND", target="PAK"), ["e1"]),
        (EventFilter(actor="IND", cameo_root="11"), ["e2"]),
    ],
)
def test_actor_filters(
    store: SqlStore,
    named: dict[str, EventRecord],
    event_filter: EventFilter,
    expected: list[str],
) -> None:
    assert _ids(store, named, event_filter) == expected


@pytest.mark.parametrize(
    ("event_filter", "expected"),
    [
        (EventFilter(since=date(2025, 5, 16)), ["e2", "e3", "e4", "e6"]),  # e2: publication date
        (EventFilter(until=date(2025, 5, 16)), ["e1", "e2"]),
        (EventFilter(since=date(2025, 5, 18), until=date(2025, 5, 19)), ["e3", "e4"]),
        (EventFilter(since=date(2025, 5, 21)), []),
        (EventFilter(cameo_root="19"), ["e1", "e5"]),
        (EventFilter(cameo_root="3"), ["e3"]),
        (EventFilter(plover_type="consult"), ["e3", "e6"]),
        (EventFilter(limit=2), ["e1", "e2"]),
        (EventFilter(limit=0), []),
        (EventFilter(actor="USA", since=date(2025, 5, 20)), ["e6"]),
    ],
)
def test_date_code_and_limit_filters(
    store: SqlStore,
    named: dict[str, EventRecord],
    event_filter: EventFilter,
    expected: list[str],
) -> None:
    assert _ids(store, named, event_filter) == expected


def test_article_filter(store: SqlStore, named: dict[str, EventRecord]) -> None:
    article_id = named["e3"].article_id
    assert _ids(store, named, EventFilter(article_id=article_id)) == ["e3", "e4"]
    assert _ids(store, named, EventFilter(article_id=article_id, limit=1)) == ["e3"]
