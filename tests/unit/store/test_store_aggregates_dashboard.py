"""The dashboard's SQL aggregates (``dyad_counts``, ``place_counts``, ``first_mentions``) give
exactly what the slower implementations they replaced gave, on SQLite and PostgreSQL.

The reference implementations below are the dashboard's data builders as they were before
(one ``actor_counts`` query per network node; the map and the events behind a point built from
every decoded mention). The store is hand-built and seeded: clusters whose mentions differ in
actors, days and Goldstein scores, unclustered mentions, undated ones, actors without a country,
places whose coordinates round together and a country coded in lower case. Goldstein scores are
exact binary fractions, so sums do not depend on the order they are added in.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from store_backends import Backend

from polevent.query import EventFilter, most_active
from polevent.query.aggregates import Level, Period, PlaceTally, Role, period_of
from polevent.records import ActorRef, Article, EventDate, EventRecord, Evidence, Place
from polevent.serve._pages import (
    _PLACED,
    Edge,
    EventRow,
    MapView,
    NetworkView,
    _day,
    _period_end,
    default_dyad,
    event_rows,
    map_view,
    network_view,
    point_events,
)
from polevent.store._rows import (
    INSERT_ACTOR,
    INSERT_ARTICLE,
    INSERT_CLUSTER,
    INSERT_EVENT,
    actor_rows,
    event_row,
)
from polevent.store._sql import SqlStore
from polevent.store.base import CountBy, Store
from polevent.store.migrations import postgres_sql

COUNTRIES = ("IND", "AFG", "PAK", "USA", "NPL")
GOLDSTEIN = (-10.0, -2.5, 1.0, 3.5, 7.25)
PLACES = (
    ("Kabul", 34.5, 69.2, "AFG", "Kabul"),
    ("Kabul", 34.50001, 69.20004, "AFG", "Kabul"),  # rounds to the place above
    ("Kabul", 34.5, 69.2, "afg", "Kabul"),  # the country as coded, lower case
    ("Delhi", 28.6, 77.2, "IND", "Delhi"),
    ("Lahore", 31.5, 74.3, "PAK", None),
)
FIRST_DAY = date(2025, 1, 1)


def _actor(rng: random.Random) -> ActorRef:
    if rng.random() < 0.1:
        return ActorRef(
            text="traders",
            code="---BUS",
            country=None,
            sector="BUS",
            name=None,
            kb_id=None,
            reason="test",
            start=0,
            end=7,
        )
    country = rng.choice(COUNTRIES)
    sector = rng.choice(("", "GOV", "MIL"))
    return ActorRef(
        text=f"{country} {sector}",
        code=country + sector,
        country=country,
        sector=sector or None,
        name=None,
        kb_id=None,
        reason="test",
        start=0,
        end=5,
    )


def _place(rng: random.Random) -> Place | None:
    pick = rng.randrange(len(PLACES) + 2)
    if pick >= len(PLACES):
        return (
            None
            if pick == len(PLACES)
            else Place(
                name="Nowhere",
                geonameid=None,
                lat=None,
                lon=None,
                admin1=None,
                country="NPL",
                feature=None,
                text="nowhere",
                reason="test",
            )
        )
    name, lat, lon, country, admin1 = PLACES[pick]
    return Place(
        name=name,
        geonameid=None,
        lat=lat,
        lon=lon,
        admin1=admin1,
        country=country,
        feature="PPL",
        text=name,
        reason="test",
    )


def _mention(
    rng: random.Random, n: int, source: ActorRef, target: ActorRef, day: date
) -> tuple[Article, EventRecord]:
    undated = rng.random() < 0.1
    published = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    published += timedelta(hours=rng.randrange(40))
    if undated and rng.random() < 0.5:
        published = None
    article = Article(
        id=f"a{n:04d}",
        title=f"Story {n}",
        text=f"Story {n}.",
        published_at=published,
        url=None,
        source="tests",
    )
    start = None if undated else day
    sources = (source,) if rng.random() < 0.85 else (source, _actor(rng))
    record = EventRecord(
        event_id=f"m{rng.randrange(10**6):06d}-{n}",
        article_id=article.id,
        sentence_index=0,
        evidence=Evidence(text=f"Story {n}.", start=0, end=8),
        source=sources,
        target=(target,),
        cameo_code="042",
        cameo_root="04",
        cameo_label="visit",
        quad_class=rng.randrange(1, 5),
        goldstein=rng.choice(GOLDSTEIN),
        plover_type="CONSULT",
        plover_mode=None,
        plover_context=(),
        plover_intensity=None,
        modality="asserted",
        trigger="visit",
        code_reason="test",
        published_at=published,
        date=EventDate(
            start=start,
            end=start,
            granularity="day" if start else "unknown",
            text="",
            reason="test",
        ),
        place=_place(rng),
    )
    return article, record


def fill(store: SqlStore, *, seed: int = 8, events: int = 70) -> None:
    """``events`` clusters of 1..4 mentions (a few left unclustered), written in one go."""
    rng = random.Random(seed)
    rows: list[tuple[Article, EventRecord, str | None]] = []
    for k in range(events):
        source, target = _actor(rng), _actor(rng)
        day = FIRST_DAY + timedelta(days=rng.randrange(70))
        for _ in range(rng.choice((1, 1, 2, 3, 4))):
            if rng.random() < 0.2:  # a mention that names other actors
                source, target = _actor(rng), _actor(rng)
            later = day + timedelta(days=rng.randrange(4))
            article, record = _mention(rng, len(rows), source, target, later)
            rows.append((article, record, None if rng.random() < 0.1 else f"c{k:03d}"))
    with store._write() as sql:
        for seq, (article, record, cluster) in enumerate(rows, start=1):
            published = article.published_at
            sql.execute(
                INSERT_ARTICLE,
                (
                    article.id,
                    article.title,
                    None,
                    "tests",
                    None if published is None else published.isoformat(),
                    None if published is None else published.isoformat(),
                    article.text,
                    "2025-06-01",
                ),
            )
            sql.execute(INSERT_EVENT, event_row(record))
            sql.executemany(INSERT_ACTOR, actor_rows(record))
            if cluster is not None:
                sql.execute(INSERT_CLUSTER, (record.event_id, cluster, seq, 0, "test", 1.0))


# -- the implementations these aggregates replaced ---------------------------------------------


def old_point_events(
    store: Store, dyad_filter: EventFilter, *, by: Period, period: date, count_by: CountBy
) -> tuple[EventRow, ...]:
    start, _ = period_of(period, by)
    end = _period_end(start, by)
    until = end if dyad_filter.until is None else min(dyad_filter.until, end)
    since = dyad_filter.since
    if count_by == "mention":
        since = start if since is None else max(since, start)
    mentions = store.events(replace(dyad_filter, since=since, until=until, limit=None))
    dated = sorted(
        ((day, record) for record in mentions if (day := _day(record)) is not None),
        key=lambda pair: (pair[0], pair[1].event_id),
    )
    if count_by == "event":
        clusters = store.cluster_of(record.event_id for _, record in dated)
        first: dict[str, tuple[date, EventRecord]] = {}
        for day, record in dated:
            first.setdefault(clusters.get(record.event_id, record.event_id), (day, record))
        dated = list(first.values())
    return event_rows(store, [record for day, record in dated if start <= day <= end])


def _old_place_counts(placed: Iterable[EventRecord], clusters: dict[str, str]) -> list[PlaceTally]:
    groups: dict[tuple[str, float, float], list[EventRecord]] = {}
    for record in placed:
        place = record.place
        if place is not None and place.lat is not None and place.lon is not None:
            key = (place.name, round(place.lat, 4), round(place.lon, 4))
            groups.setdefault(key, []).append(record)
    counts: list[PlaceTally] = []
    for (name, lat, lon), records in groups.items():
        first = records[0].place
        assert first is not None
        counts.append(
            PlaceTally(
                name=name,
                country=first.country,
                admin1=first.admin1,
                lat=lat,
                lon=lon,
                events=len({clusters.get(r.event_id, r.event_id) for r in records}),
                mentions=len(records),
            )
        )
    return counts


def old_map_view(store: Store, where: EventFilter, *, count_by: CountBy, limit: int) -> MapView:
    placed_filter = where if where.near is not None else replace(where, near=_PLACED)
    records = store.events(replace(placed_filter, limit=limit + 1))
    truncated = len(records) > limit
    records = records[:limit]
    clusters = dict(store.cluster_of(record.event_id for record in records))
    places = _old_place_counts(records, clusters)
    places.sort(key=lambda p: (-(p.events if count_by == "event" else p.mentions), p.name))
    return MapView(
        places=tuple(places), count_by=count_by, placed=len(records), truncated=truncated
    )


def old_network_view(
    store: Store, where: EventFilter, *, nodes: int, level: Level, count_by: CountBy
) -> NetworkView:
    top = most_active(store, n=nodes, level=level, count_by=count_by, event_filter=where)
    codes = {actor.code for actor in top}
    edges: list[Edge] = []
    for actor in top:
        tallies = store.actor_counts(
            replace(where, source=actor.code),
            role="target",
            level=level,
            count_by=count_by,
            n=nodes + 1,
        )
        edges += [
            Edge(
                source=actor.code,
                target=tally.code,
                events=tally.events,
                mean_goldstein=tally.goldstein_sum / tally.events,
            )
            for tally in tallies
            if tally.code in codes and tally.code != actor.code
        ]
    return NetworkView(nodes=tuple(top), edges=tuple(edges), level=level, count_by=count_by)


def old_default_dyad(
    store: Store, where: EventFilter, *, count_by: CountBy
) -> tuple[str, str] | None:
    best: tuple[str, str, int] | None = None
    sources = store.actor_counts(where, role="source", count_by=count_by, n=100)
    for source in sources:
        if best is not None and source.events <= best[2]:
            break
        targets = store.actor_counts(
            replace(where, source=source.code), role="target", count_by=count_by, n=2
        )
        for target in targets:
            if target.code != source.code:
                if best is None or target.events > best[2]:
                    best = (source.code, target.code, target.events)
                break
    return None if best is None else (best[0], best[1])


# -- the tests ---------------------------------------------------------------------------------

WHERES = [
    EventFilter(),
    EventFilter(since=date(2025, 1, 20), until=date(2025, 2, 28)),
    EventFilter(quad_class=1),
    EventFilter(source="IND"),
]


@pytest.fixture
def filled(store: SqlStore) -> SqlStore:
    fill(store)
    return store


def test_the_store_holds_what_the_comparisons_need(filled: SqlStore) -> None:
    stats = filled.stats()
    assert stats.events > 120
    assert 60 < stats.clusters < stats.events
    placed = map_view(filled, EventFilter(), count_by="mention")
    kabul = [p for p in placed.places if p.name == "Kabul"]
    assert len(kabul) == 1  # three coded variants, one place on the map
    assert filled.count_events(EventFilter(), by="mention") > placed.placed


@pytest.mark.parametrize("where", WHERES)
@pytest.mark.parametrize("count_by", ["event", "mention"])
@pytest.mark.parametrize("limit", [20_000, 25])
def test_map_view_equals_decoding_every_placed_mention(
    filled: SqlStore, where: EventFilter, count_by: CountBy, limit: int
) -> None:
    expected = old_map_view(filled, where, count_by=count_by, limit=limit)
    assert expected.places
    assert map_view(filled, where, count_by=count_by, limit=limit) == expected


@pytest.mark.parametrize("where", WHERES[:3])
@pytest.mark.parametrize("level", ["country", "code"])
@pytest.mark.parametrize("count_by", ["event", "mention"])
@pytest.mark.parametrize("nodes", [2, 4, 25])
def test_network_view_equals_one_query_per_node(
    filled: SqlStore, where: EventFilter, level: Level, count_by: CountBy, nodes: int
) -> None:
    expected = old_network_view(filled, where, nodes=nodes, level=level, count_by=count_by)
    assert expected.edges or nodes == 2
    got = network_view(filled, where, nodes=nodes, level=level, count_by=count_by)
    assert got == expected


@pytest.mark.parametrize("where", [*WHERES, EventFilter(quad_class=4, actor="PAK")])
@pytest.mark.parametrize("count_by", ["event", "mention"])
def test_default_dyad_equals_one_query_per_source(
    filled: SqlStore, where: EventFilter, count_by: CountBy
) -> None:
    expected = old_default_dyad(filled, where, count_by=count_by)
    assert expected is not None
    assert default_dyad(filled, where, count_by=count_by) == expected


def test_default_dyad_of_an_empty_selection_is_none(filled: SqlStore) -> None:
    assert default_dyad(filled, EventFilter(article_id="none")) is None


def test_dyad_counts_are_actor_counts_of_each_source(filled: SqlStore) -> None:
    among = ["IND", "AFG", "INDGOV", "---BUS", "ZZZ"]
    tallies = filled.dyad_counts(EventFilter(source="PAK"), among=among, level="code")
    for code in among:
        expected = filled.actor_counts(
            EventFilter(source=code), role="target", level="code", n=1000
        )
        got = [t for t in tallies if t.source == code]
        assert [(t.target, t.events, t.goldstein_sum) for t in got] == [
            (e.code, e.events, e.goldstein_sum) for e in expected
        ]
    assert [t.source for t in tallies] == sorted((t.source for t in tallies), key=among.index)
    assert filled.dyad_counts(EventFilter(), among=[]) == []
    with pytest.raises(ValueError, match="empty"):
        filled.dyad_counts(EventFilter(), among=[" "])


DYADS = [(("IND", "AFG"), True), (("IND", "AFG"), False), (("AFG", "PAK"), True)]


@pytest.mark.parametrize(("dyad", "directed"), DYADS)
@pytest.mark.parametrize("by", ["day", "week", "month"])
@pytest.mark.parametrize("count_by", ["event", "mention"])
def test_point_events_equal_reading_every_mention(
    filled: SqlStore, dyad: tuple[str, str], directed: bool, by: Period, count_by: CountBy
) -> None:
    for since, until in ((None, None), (date(2025, 1, 14), date(2025, 2, 20))):
        dyad_filter = EventFilter(dyad=dyad, directed=directed, since=since, until=until)
        found = 0
        for offset in range(0, 80, 1 if by == "day" else 3):
            period = FIRST_DAY + timedelta(days=offset)
            expected = old_point_events(
                filled, dyad_filter, by=by, period=period, count_by=count_by
            )
            found += len(expected)
            got = point_events(filled, dyad_filter, by=by, period=period, count_by=count_by)
            assert got == expected, (since, period)
        assert found


def test_first_mentions_are_the_events_day_counts_counts(filled: SqlStore) -> None:
    where = EventFilter(actor="IND")
    counted = sum(c.events for c in filled.day_counts(where) if c.day.month == 2)
    firsts = filled.first_mentions(where, first=date(2025, 2, 1), last=date(2025, 2, 28))
    assert len(firsts) == counted > 0
    days = [_day(record) for record in firsts]
    assert days == sorted(days)


def test_postgres_gets_stored_generated_columns() -> None:
    statement = (
        "ALTER TABLE events ADD COLUMN place_json TEXT"
        " GENERATED ALWAYS AS (json_extract(record_json, '$.place')) VIRTUAL"
    )
    assert postgres_sql(statement) == (
        'ALTER TABLE events ADD COLUMN place_json TEXT COLLATE "C" GENERATED ALWAYS AS'
        " ((CAST(record_json AS jsonb) #>> '{place}')) STORED"
    )


@pytest.mark.parametrize("role", [None, "source", "target"])
@pytest.mark.parametrize("level", ["country", "code"])
@pytest.mark.parametrize("count_by", ["event", "mention"])
def test_the_backend_picks_first_mentions_as_the_window_does(
    backend: Backend, role: Role | None, level: Level, count_by: CountBy
) -> None:
    """Each backend picks an event's first mention its own cheaper way (SQLite: ``GROUP BY``
    with ``min()``; PostgreSQL: ``DISTINCT ON``); it must agree with the portable
    ``ROW_NUMBER()`` (undated mentions where ``ORDER BY day`` puts them, ties by mention id)."""
    with backend.open() as store, backend.open() as window:
        assert store.PICK_FIRST in ("min", "distinct_on")
        window.PICK_FIRST = "window"
        fill(store)
        for where in [*WHERES, EventFilter(until=date(2025, 2, 1))]:
            for partner_of in (None, "IND", "AFG"):
                options: dict[str, Any] = {"role": role, "level": level, "count_by": count_by}
                if partner_of is not None:
                    options["role"] = None
                got = store.actor_counts(where, partner_of=partner_of, n=50, **options)
                assert got
                assert got == window.actor_counts(where, partner_of=partner_of, n=50, **options)
        among = ["IND", "AFG", "PAKGOV", "---BUS"]
        assert store.dyad_counts(
            EventFilter(), among=among, level=level, count_by=count_by
        ) == window.dyad_counts(EventFilter(), among=among, level=level, count_by=count_by)
