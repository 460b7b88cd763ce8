"""The data of the dashboard's pages (what their JSON twins return), read from a ``Store``.

One function per page, over any ``Store`` and an ``EventFilter``; each returns a frozen view that
``dashboard`` turns into JSON. Nothing here knows about HTTP or HTML.

* ``dyad_view``: a dyad's series (``polevent.query.dyad_series``), the most active actors to pick
  from, and the events behind one point. The dyad defaults to the store's most frequent one.
* ``events_view``: a page of mentions with their event (cluster) ids and totals.
* ``map_view``: placed mentions grouped by place (name, coordinates), by event or mention.
* ``network_view``: the most active actors and the dyads among them.

The events behind a point are the ones the series counts there: by event, each event (cluster)
counts once, on the day of its first matching mention by (day, mention id), as in
``Store.day_counts``; by mention, every mention of the period. A mention's day is its event date's
start, or its article's publication date when the event date is unknown.

Every page is a few aggregate queries, whatever the store holds: the map groups places in SQL
(``Store.place_counts``), the network and the default dyad count all their dyads in one query
(``Store.dyad_counts``), and a point's events are picked in SQL (``Store.first_mentions``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from polevent.query import ActorCount, EventFilter, Near, SeriesPoint, dyad_series, most_active
from polevent.query.aggregates import DyadTally, Level, Period, PlaceTally, period_of

if TYPE_CHECKING:
    from polevent.records import EventRecord
    from polevent.store.base import CountBy, Store

__all__ = [
    "DyadView",
    "Edge",
    "EventRow",
    "EventsView",
    "MapView",
    "NetworkView",
    "Segment",
    "default_dyad",
    "dyad_view",
    "event_rows",
    "events_view",
    "evidence_segments",
    "map_view",
    "network_view",
    "point_events",
]

SegmentKind = Literal["text", "trigger", "actor"]

_PLACED = Near(lat=0.0, lon=0.0, km=20_040.0)
"""A radius beyond half the earth's circumference: every placed event (``place_x IS NOT NULL``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Segment:
    """A run of an evidence sentence: plain text, the trigger, or an actor (``role`` source or
    target). The segments of a sentence, joined, give it back exactly."""

    text: str
    kind: SegmentKind
    role: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EventRow:
    """A mention as the pages show it: the record, its event (cluster) and its highlighted
    evidence."""

    record: EventRecord
    cluster_id: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class DyadView:
    """The dyad page: ``source``/``target`` are ``None`` when the store has no dyad at all;
    ``events`` are those behind the point ``period`` (empty when no point is chosen)."""

    source: str | None
    target: str | None
    defaulted: bool
    by: Period
    directed: bool
    count_by: CountBy
    actors: tuple[ActorCount, ...]
    points: tuple[SeriesPoint, ...]
    period: date | None
    events: tuple[EventRow, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class EventsView:
    """A page of mentions; ``total`` counts by ``count_by``, ``mentions`` always by mention."""

    rows: tuple[EventRow, ...]
    total: int
    mentions: int
    page: int
    per_page: int
    count_by: CountBy


@dataclass(frozen=True, slots=True, kw_only=True)
class MapView:
    """The map page: places by count (most first); ``placed`` counts the placed mentions read,
    ``truncated`` says whether ``limit`` cut them."""

    places: tuple[PlaceTally, ...]
    count_by: CountBy
    placed: int
    truncated: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Edge:
    """Events from ``source`` to ``target`` and their mean Goldstein score."""

    source: str
    target: str
    events: int
    mean_goldstein: float


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkView:
    """The network page: the most active actors and the directed dyads among them."""

    nodes: tuple[ActorCount, ...]
    edges: tuple[Edge, ...]
    level: Level
    count_by: CountBy


def _find(text: str, needle: str) -> tuple[int, int] | None:
    if not needle.strip():
        return None
    at = text.lower().find(needle.lower())
    return None if at < 0 else (at, at + len(needle))


def _actor_span(record: EventRecord, start: int, end: int, words: str) -> tuple[int, int] | None:
    """The actor's offsets within the evidence, or where its words first occur there."""
    text = record.evidence.text
    inner = (start - record.evidence.start, end - record.evidence.start)
    if 0 <= inner[0] < inner[1] <= len(text) and text[inner[0] : inner[1]] == words:
        return inner
    return _find(text, words)


def _trigger_span(record: EventRecord) -> tuple[int, int] | None:
    """The trigger's offsets within the evidence, or where its words first occur there."""
    evidence = record.evidence
    if evidence.trigger_start is not None and evidence.trigger_end is not None:
        inner = (evidence.trigger_start - evidence.start, evidence.trigger_end - evidence.start)
        if 0 <= inner[0] < inner[1] <= len(evidence.text):
            return inner
    return _find(evidence.text, record.trigger)


def evidence_segments(record: EventRecord) -> tuple[Segment, ...]:
    """The evidence sentence cut into plain, trigger and actor runs. Actors come from their
    article offsets (or, when those do not point at their words, the first occurrence); the
    trigger from its offsets (records made before they were kept: the first occurrence of its
    words). Overlaps go to the trigger, then to the earlier actor."""
    text = record.evidence.text
    marks: list[tuple[int, int, SegmentKind, str | None]] = []
    trigger = _trigger_span(record)
    if trigger is not None:
        marks.append((trigger[0], trigger[1], "trigger", None))
    for role, actors in (("source", record.source), ("target", record.target)):
        for actor in actors:
            span = _actor_span(record, actor.start, actor.end, actor.text)
            if span is not None:
                marks.append((span[0], span[1], "actor", role))
    kept: list[tuple[int, int, SegmentKind, str | None]] = []
    for mark in marks:
        if all(mark[1] <= other[0] or mark[0] >= other[1] for other in kept):
            kept.append(mark)
    segments: list[Segment] = []
    at = 0
    for start, end, kind, side in sorted(kept):
        if start > at:
            segments.append(Segment(text=text[at:start], kind="text"))
        segments.append(Segment(text=text[start:end], kind=kind, role=side))
        at = end
    if at < len(text) or not segments:
        segments.append(Segment(text=text[at:], kind="text"))
    return tuple(segments)


def event_rows(store: Store, records: Sequence[EventRecord]) -> tuple[EventRow, ...]:
    """``records`` with their event (cluster) ids and evidence segments."""
    clusters = store.cluster_of(record.event_id for record in records)
    return tuple(
        EventRow(
            record=record,
            cluster_id=clusters.get(record.event_id, record.event_id),
            segments=evidence_segments(record),
        )
        for record in records
    )


def _day(record: EventRecord) -> date | None:
    if record.date.start is not None:
        return record.date.start
    return None if record.published_at is None else record.published_at.date()


def _period_end(start: date, by: Period) -> date:
    """The last day of the period starting on ``start``."""
    if by == "day":
        return start
    if by == "week":
        return start + timedelta(days=6)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def default_dyad(
    store: Store, where: EventFilter, *, count_by: CountBy = "event"
) -> tuple[str, str] | None:
    """The most frequent directed dyad between two different countries (or actor codes without a
    country) among the events ``where`` matches; ties go to the earlier source, then target.

    Two queries: the 100 busiest sources, then every dyad of theirs (``dyad_counts``)."""
    sources = store.actor_counts(where, role="source", count_by=count_by, n=100)
    top: dict[str, DyadTally] = {}
    if sources:
        among = [source.code for source in sources]
        for tally in store.dyad_counts(where, among=among, count_by=count_by):
            if tally.target != tally.source:
                top.setdefault(tally.source, tally)  # its busiest target other than itself
    best: tuple[str, str, int] | None = None
    for source in sources:
        if best is not None and source.events <= best[2]:
            break  # no dyad of this or a later source can beat it
        target = top.get(source.code)
        if target is not None and (best is None or target.events > best[2]):
            best = (source.code, target.target, target.events)
    return None if best is None else (best[0], best[1])


def point_events(
    store: Store, dyad_filter: EventFilter, *, by: Period, period: date, count_by: CountBy
) -> tuple[EventRow, ...]:
    """The events the series counts in the period containing ``period`` (see the module
    docstring), by (day, mention id). ``dyad_filter`` is the series' filter, dyad included."""
    start, _ = period_of(period, by)
    end = _period_end(start, by)
    if count_by == "event":
        return event_rows(store, store.first_mentions(dyad_filter, first=start, last=end))
    until = end if dyad_filter.until is None else min(dyad_filter.until, end)
    since = start if dyad_filter.since is None else max(dyad_filter.since, start)
    mentions = store.events(replace(dyad_filter, since=since, until=until, limit=None))
    dated = sorted(
        ((day, record) for record in mentions if (day := _day(record)) is not None),
        key=lambda pair: (pair[0], pair[1].event_id),
    )
    return event_rows(store, [record for day, record in dated if start <= day <= end])


def dyad_view(
    store: Store,
    where: EventFilter,
    *,
    dyad: tuple[str, str] | None,
    by: Period = "week",
    directed: bool = True,
    count_by: CountBy = "event",
    period: date | None = None,
    actors: int = 30,
) -> DyadView:
    """The dyad page for ``dyad`` (``None``: the most frequent one) under ``where`` (its actor
    conditions left out of the actor list and the default)."""
    open_filter = replace(where, source=None, target=None, dyad=None)
    chosen = dyad if dyad is not None else default_dyad(store, open_filter, count_by=count_by)
    top = most_active(store, n=actors, count_by=count_by, event_filter=open_filter)
    points: list[SeriesPoint] = []
    rows: tuple[EventRow, ...] = ()
    if chosen is not None:
        source, target = chosen
        points = dyad_series(
            store,
            source,
            target,
            by=by,
            directed=directed,
            count_by=count_by,
            event_filter=open_filter,
        )
        if period is not None:
            dyad_filter = replace(open_filter, dyad=chosen, directed=directed)
            rows = point_events(store, dyad_filter, by=by, period=period, count_by=count_by)
    return DyadView(
        source=None if chosen is None else chosen[0],
        target=None if chosen is None else chosen[1],
        defaulted=dyad is None,
        by=by,
        directed=directed,
        count_by=count_by,
        actors=tuple(top),
        points=tuple(points),
        period=None if period is None else period_of(period, by)[0],
        events=rows,
    )


def events_view(
    store: Store, where: EventFilter, *, page: int, per_page: int, count_by: CountBy = "event"
) -> EventsView:
    """Page ``page`` (from 1) of ``per_page`` mentions in the store's order."""
    if page < 1 or per_page < 1:
        raise ValueError("page and per_page must be positive")
    offset = (page - 1) * per_page
    records = store.events(replace(where, limit=per_page, offset=offset))
    return EventsView(
        rows=event_rows(store, records),
        total=store.count_events(where, by=count_by),
        mentions=store.count_events(where, by="mention"),
        page=page,
        per_page=per_page,
        count_by=count_by,
    )


def map_view(
    store: Store, where: EventFilter, *, count_by: CountBy = "event", limit: int = 20_000
) -> MapView:
    """Placed mentions ``where`` matches (at most ``limit``, the first in the store's order),
    grouped by place name and coordinates (to 4 decimals), most counted first (ties by name,
    then by first mention)."""
    placed_filter = where if where.near is not None else replace(where, near=_PLACED)
    placed = store.count_events(replace(placed_filter, limit=limit + 1), by="mention")
    truncated = placed > limit
    tallies = store.place_counts(
        replace(placed_filter, limit=limit) if truncated else placed_filter
    )
    places = list(tallies)
    places.sort(key=lambda p: (-(p.events if count_by == "event" else p.mentions), p.name))
    return MapView(
        places=tuple(places), count_by=count_by, placed=min(placed, limit), truncated=truncated
    )


def network_view(
    store: Store,
    where: EventFilter,
    *,
    nodes: int = 25,
    level: Level = "country",
    count_by: CountBy = "event",
) -> NetworkView:
    """The ``nodes`` most active actors and the directed edges among them (no self-loops). An
    edge counts the events with a source matching one node and a target matching the other (as
    ``EventFilter.source``: at code level a code also matches its longer codes)."""
    top = most_active(store, n=nodes, level=level, count_by=count_by, event_filter=where)
    codes = {actor.code for actor in top}
    tallies = store.dyad_counts(
        where, among=[actor.code for actor in top], level=level, count_by=count_by
    )
    kept: dict[str, int] = {}
    edges: list[Edge] = []
    for tally in tallies:
        # as many targets per source as one actor_counts(n=nodes + 1) query per node returned
        kept[tally.source] = kept.get(tally.source, 0) + 1
        if kept[tally.source] > nodes + 1 or tally.target not in codes - {tally.source}:
            continue
        edges.append(
            Edge(
                source=tally.source,
                target=tally.target,
                events=tally.events,
                mean_goldstein=tally.goldstein_sum / tally.events,
            )
        )
    return NetworkView(nodes=tuple(top), edges=tuple(edges), level=level, count_by=count_by)
