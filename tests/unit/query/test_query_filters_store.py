"""The new EventFilter fields against a real store (SQLite and PostgreSQL): each matches what it
says, values travel as parameters, and a store migrated before 0004 gets its columns backfilled."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from store_backends import Backend

from polevent.query import EventFilter, Near
from polevent.records import ActorRef, Article, EventRecord, Evidence, Place
from polevent.store._sql import SqlStore
from polevent.store.migrations import SCHEMA, postgres_sql

NewArticle = Callable[..., Article]
NewEvent = Callable[..., EventRecord]


def _actor(code: str, *, name: str | None = None, text: str = "someone") -> ActorRef:
    return ActorRef(
        text=text,
        code=code,
        country=code[:3],
        sector=code[3:6] or None,
        name=name,
        kb_id=None,
        reason="test",
        start=0,
        end=3,
    )


def _place(country: str, admin1: str, lat: float, lon: float) -> Place:
    return Place(
        name=f"a town in {admin1}",
        geonameid=None,
        lat=lat,
        lon=lon,
        admin1=admin1,
        country=country,
        feature="PPL",
        text="town",
        reason="test",
    )


KABUL = _place("AFG", "Kabul", 34.53, 69.17)
JALALABAD = _place("AFG", "Nangarhar", 34.43, 70.45)  # ~118 km east of Kabul
DELHI = _place("IND", "Delhi", 28.61, 77.21)  # ~1,000 km from Kabul


def _stored(store: SqlStore, new_article: NewArticle, new_event: NewEvent) -> list[EventRecord]:
    """r0..r4 in one article each, all details set by hand."""
    specs: list[dict[str, Any]] = [
        dict(source=[_actor("INDGOV", name="S. Jaishankar", text="Jaishankar")],
             target=[_actor("AFGGOV", text="the Taliban")], code="036", plover="CONSULT",
             mode=None, context=("diplomatic",), quad=1, modality="asserted", place=KABUL,
             evidence="Jaishankar spoke with the Taliban's 100% foreign minister."),
        dict(source=[_actor("AFGMIL", text="Afghan troops")], target=[_actor("PAKMIL")],
             code="190", plover="ASSAULT", mode="firearms", context=("military",), quad=4,
             modality="asserted", place=JALALABAD, evidence="Afghan troops fired at posts."),
        dict(source=[_actor("PAKGOV", name="Shehbaz Sharif")], target=[_actor("INDGOV")],
             code="112", plover="ACCUSE", mode=None, context=("military", "political"), quad=3,
             modality="negated", place=DELHI, evidence="Sharif did not accuse_India."),
        dict(source=[_actor("INDBUS", text="Tata")], target=[_actor("USABUS")], code="061",
             plover="COOPERATE", mode=None, context=("economic",), quad=2,
             modality="future", place=None, evidence="Tata will build plants with Ford."),
        dict(source=[_actor("USAGOV")], target=[_actor("INDGOV")], code="0874", plover="YIELD",
             mode=None, context=(), quad=2, modality="asserted",
             place=_place("IND", "Delhi", 28.6, 77.2), evidence="Washington eased tariffs."),
    ]  # fmt: skip
    stored = []
    for i, spec in enumerate(specs):
        article = new_article(text=f"article {i}")
        event = new_event(
            article,
            source=spec["source"],
            target=spec["target"],
            cameo_code=spec["code"],
            plover_type=spec["plover"],
            date_start=date(2025, 5, 10 + i),
        )
        event = replace(
            event,
            cameo_root=spec["code"][:2],
            plover_mode=spec["mode"],
            plover_context=spec["context"],
            quad_class=spec["quad"],
            modality=spec["modality"],
            place=spec["place"],
            evidence=Evidence(text=spec["evidence"], start=0, end=len(spec["evidence"])),
        )
        store.add_article(article, [event])
        stored.append(event)
    return stored


def _names(store: SqlStore, stored: list[EventRecord], event_filter: EventFilter) -> list[str]:
    by_id = {event.event_id: f"r{i}" for i, event in enumerate(stored)}
    found = [by_id[event.event_id] for event in store.events(event_filter)]
    assert store.count_events(event_filter, by="mention") == len(found)
    return sorted(found)  # same publication time: stored order is by article id


CASES: list[tuple[EventFilter, list[str]]] = [
    (EventFilter(actor_country="ind"), ["r0", "r2", "r3", "r4"]),
    (EventFilter(actor_sector="mil"), ["r1"]),
    (EventFilter(actor_country="IND", actor_sector="BUS"), ["r3"]),
    (EventFilter(actor_country="PAK", actor_sector="GOV"), ["r2"]),  # one actor with both
    (EventFilter(actor_country="AFG", actor_sector="BUS"), []),
    (EventFilter(actor_name="jaishankar"), ["r0"]),  # dictionary name
    (EventFilter(actor_name="TALIBAN"), ["r0"]),  # words in the text
    (EventFilter(actor_name="sharif"), ["r2"]),
    (EventFilter(dyad=("IND", "AFG")), ["r0"]),
    (EventFilter(dyad=("AFG", "IND")), []),
    (EventFilter(dyad=("AFG", "IND"), directed=False), ["r0"]),
    (EventFilter(dyad=("USA", "INDGOV"), directed=False), ["r4"]),
    (EventFilter(dyad=("IND", "PAK"), directed=False), ["r2"]),
    (EventFilter(cameo_code="1"), ["r1", "r2"]),
    (EventFilter(cameo_code="08"), ["r4"]),
    (EventFilter(cameo_code="0874"), ["r4"]),
    (EventFilter(cameo_code="087_"), []),  # LIKE wildcard taken literally
    (EventFilter(plover_mode="FIREARMS"), ["r1"]),
    (EventFilter(plover_context="military"), ["r1", "r2"]),
    (EventFilter(plover_context="Political"), ["r2"]),
    (EventFilter(plover_context="milit"), []),  # a whole context, not a substring
    (EventFilter(quad_class=2), ["r3", "r4"]),
    (EventFilter(modality="negated"), ["r2"]),
    (EventFilter(modality="FUTURE"), ["r3"]),
    (EventFilter(place_country="afg"), ["r0", "r1"]),
    (EventFilter(place_admin1="delhi"), ["r2", "r4"]),
    (EventFilter(near=Near(lat=34.53, lon=69.17, km=50)), ["r0"]),
    (EventFilter(near=Near(lat=34.53, lon=69.17, km=130)), ["r0", "r1"]),
    (EventFilter(near=Near(lat=34.53, lon=69.17, km=110)), ["r0"]),  # Jalalabad is ~118 km
    (EventFilter(near=Near(lat=28.6, lon=77.2, km=2)), ["r2", "r4"]),
    (EventFilter(near=Near(lat=0, lon=0, km=30000)), ["r0", "r1", "r2", "r4"]),  # placed only
    (EventFilter(text="TALIBAN"), ["r0"]),
    (EventFilter(text="100%"), ["r0"]),
    (EventFilter(text="0% "), ["r0"]),
    (EventFilter(text="1_0"), []),  # "_" is literal
    (EventFilter(text="accuse_india"), ["r2"]),
    (EventFilter(text="accuse india"), []),
    (EventFilter(quad_class=4, place_country="AFG", actor_country="PAK"), ["r1"]),
]


@pytest.mark.parametrize(("event_filter", "expected"), CASES)
def test_new_filters(
    store: SqlStore,
    new_article: NewArticle,
    new_event: NewEvent,
    event_filter: EventFilter,
    expected: list[str],
) -> None:
    stored = _stored(store, new_article, new_event)
    assert _names(store, stored, event_filter) == expected


HOSTILE = "x'); DROP TABLE events; --"


def test_sql_injection_looking_values_are_bound_not_pasted(
    store: SqlStore, new_article: NewArticle, new_event: NewEvent
) -> None:
    stored = _stored(store, new_article, new_event)
    hostile = EventFilter(
        actor=HOSTILE, actor_name=HOSTILE, dyad=(HOSTILE, HOSTILE), directed=False,
        cameo_code=HOSTILE, plover_mode=HOSTILE, plover_context=HOSTILE, modality=HOSTILE,
        place_country=HOSTILE, place_admin1=HOSTILE, text=HOSTILE, actor_sector=HOSTILE,
    )  # fmt: skip
    assert store.events(hostile) == []
    quoted = EventFilter(text="Taliban's")  # a quote inside a value matches as text
    assert _names(store, stored, quoted) == ["r0"]
    assert store.stats().events == len(stored)  # the table is still there


def test_the_migration_backfills_query_columns_from_record_json(
    store: SqlStore, backend: Backend, new_article: NewArticle, new_event: NewEvent
) -> None:
    stored = _stored(store, new_article, new_event)
    select = f"SELECT {', '.join(QUERY_COLUMNS)} FROM events ORDER BY event_id"
    written = backend.rows(select)  # as the store writes them
    # as a store written before 0004 looks: the new columns empty
    backend.execute(f"UPDATE events SET {', '.join(f'{c} = NULL' for c in QUERY_COLUMNS)}")
    assert store.events(EventFilter(modality="negated")) == []
    backfill = [s for s in dict(SCHEMA)["0004_query_columns"] if s.startswith("UPDATE")]
    assert len(backfill) == 2
    for statement in backfill:
        backend.execute(statement if backend.name == "sqlite" else postgres_sql(statement))
    assert _names(store, stored, EventFilter(modality="negated")) == ["r2"]
    assert _names(store, stored, EventFilter(plover_context="military")) == ["r1", "r2"]
    near = EventFilter(near=Near(lat=34.53, lon=69.17, km=130), place_admin1="Nangarhar")
    assert _names(store, stored, near) == ["r1"]
    assert _names(store, stored, EventFilter(place_country="IND")) == ["r2", "r4"]
    for got, want in zip(backend.rows(select), written, strict=True):
        assert got[0] == want[0]
        assert got[1].replace(" ", "") == want[1]  # PostgreSQL's jsonb text has ", "
        assert got[2:4] == want[2:4]
        assert got[4:] == pytest.approx(want[4:])


QUERY_COLUMNS = (
    "modality", "plover_context", "place_country", "place_admin1",
    "place_lat", "place_lon", "place_x", "place_y", "place_z",
)  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"quad_class": 5}, "quad_class must be 1..4"),
        ({"dyad": ("IND", " ")}, "dyad must be two non-empty actors"),
        ({"text": ""}, "EventFilter.text must not be empty"),
        ({"actor_name": " "}, "EventFilter.actor_name must not be empty"),
    ],
)
def test_invalid_filters_are_rejected(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        EventFilter(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lat": 91, "lon": 0, "km": 1}, "out of range"),
        ({"lat": 0, "lon": 0, "km": 0}, "km must be > 0"),
    ],
)
def test_invalid_near_is_rejected(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Near(**kwargs)
