"""Aggregates over a store: dyad time series, top partners of an actor, most active actors.

Counting is by *event* (a cluster of mentions of one real-world event, see ``polevent.dedup``) by
default and by *mention* (one coded sentence) with ``count_by="mention"``. An event counts once:
for its day, quad class and Goldstein score it takes those of its first matching mention (by day,
then mention id), so an event reported over two days is counted on the first. Only mentions that
match the filter take part (an event whose mentions all fall outside ``since``/``until`` is not
counted). Events with no date at all (neither an event date nor a publication date) are left out
of series. ``EventFilter.limit`` is ignored here.

The SQL runs on the store's connection (``Store.day_counts`` / ``Store.actor_counts``, written
once in ``polevent.store._aggregates`` for SQLite and PostgreSQL); days are bucketed into weeks and
months here, in Python, so ISO weeks are the same on every backend: a week is named by its ISO
year and number (``2025-W01`` starts on Monday 2024-12-30) and its period is that Monday.

Net cooperation of a period is ``(cooperation - conflict) / total``, where cooperation counts
quad classes 1 and 2 (verbal and material cooperation), conflict quad classes 3 and 4 (verbal and
material conflict): +1 all cooperation, -1 all conflict, ``None`` for an empty period.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from polevent.query.filters import EventFilter

if TYPE_CHECKING:
    from polevent.store.base import CountBy, Store

__all__ = [
    "ActorCount",
    "ActorTally",
    "DayCount",
    "DyadTally",
    "Level",
    "Partner",
    "Period",
    "PlaceTally",
    "Role",
    "SeriesPoint",
    "dyad_series",
    "most_active",
    "period_of",
    "series_from_days",
    "top_partners",
]

Period = Literal["day", "week", "month"]
Role = Literal["source", "target"]
Level = Literal["country", "code"]
"""How actors are grouped: by ``country`` (an actor without one by its code) or by full ``code``."""

_QUADS = (1, 2, 3, 4)


@dataclass(frozen=True, slots=True, kw_only=True)
class DayCount:
    """Events (or mentions) of one day and quad class, with the sum of their Goldstein scores."""

    day: date
    quad_class: int
    events: int
    goldstein_sum: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorTally:
    """Events (or mentions) of one actor key, with the sum of their Goldstein scores."""

    code: str
    events: int
    goldstein_sum: float


@dataclass(frozen=True, slots=True, kw_only=True)
class DyadTally:
    """Events (or mentions) from an actor ``source`` (as given to ``Store.dyad_counts``) to one
    target actor key, with the sum of their Goldstein scores."""

    source: str
    target: str
    events: int
    goldstein_sum: float


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceTally:
    """Mentions at one place (its name and coordinates rounded as ``Store.place_counts`` is
    asked) and how many events (clusters) they belong to; ``country`` and ``admin1`` are those
    of its first mention in the store's order."""

    name: str
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    events: int
    mentions: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SeriesPoint:
    """One period of a series: ``period`` is its first day, ``label`` its name (``2025-05-16``,
    ``2025-W20``, ``2025-05``); ``by_quad`` maps each quad class 1..4 to its count."""

    period: date
    label: str
    events: int
    by_quad: dict[int, int] = field(default_factory=lambda: dict.fromkeys(_QUADS, 0))
    mean_goldstein: float | None = None
    net_cooperation: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Partner:
    """An actor's partner: how many events they share and their mean Goldstein score."""

    code: str
    events: int
    mean_goldstein: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorCount:
    """An actor and the number of events it takes part in."""

    code: str
    events: int
    mean_goldstein: float


def period_of(day: date, by: Period) -> tuple[date, str]:
    """The first day and the label of the period ``day`` falls in.

    >>> period_of(date(2025, 1, 1), "week")
    (datetime.date(2024, 12, 30), '2025-W01')
    """
    if by == "day":
        return day, day.isoformat()
    if by == "week":
        year, week, weekday = day.isocalendar()
        return day - timedelta(days=weekday - 1), f"{year}-W{week:02d}"
    if by == "month":
        return day.replace(day=1), f"{day.year}-{day.month:02d}"
    raise ValueError(f"by must be 'day', 'week' or 'month', not {by!r}")


def _next_period(start: date, by: Period) -> date:
    if by == "day":
        return start + timedelta(days=1)
    if by == "week":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def _point(start: date, label: str, counts: Iterable[DayCount]) -> SeriesPoint:
    by_quad = dict.fromkeys(_QUADS, 0)
    total_goldstein = 0.0
    for count in counts:
        by_quad[count.quad_class] = by_quad.get(count.quad_class, 0) + count.events
        total_goldstein += count.goldstein_sum
    total = sum(by_quad.values())
    if total == 0:
        return SeriesPoint(period=start, label=label, events=0, by_quad=by_quad)
    cooperation = by_quad[1] + by_quad[2]
    conflict = by_quad[3] + by_quad[4]
    return SeriesPoint(
        period=start,
        label=label,
        events=total,
        by_quad=by_quad,
        mean_goldstein=total_goldstein / total,
        net_cooperation=(cooperation - conflict) / total,
    )


def _as_day(value: date) -> date:
    """A ``datetime`` counts as its date (as ``EventFilter.since``/``until`` do)."""
    return value.date() if isinstance(value, datetime) else value


def series_from_days(
    days: Iterable[DayCount],
    *,
    by: Period = "week",
    first: date | None = None,
    last: date | None = None,
) -> list[SeriesPoint]:
    """Bucket day counts into periods, one point per period from ``first`` (default: the
    earliest day) to ``last`` (default: the latest), empty periods included with zero counts."""
    buckets: dict[date, list[DayCount]] = {}
    for count in days:
        buckets.setdefault(period_of(count.day, by)[0], []).append(count)
    if not buckets and (first is None or last is None):
        return []
    start = period_of(_as_day(first) if first is not None else min(buckets), by)[0]
    end = period_of(_as_day(last) if last is not None else max(buckets), by)[0]
    points: list[SeriesPoint] = []
    while start <= end:
        points.append(_point(start, period_of(start, by)[1], buckets.get(start, ())))
        start = _next_period(start, by)
    return points


def _check_count_by(count_by: str) -> None:
    if count_by not in ("event", "mention"):
        raise ValueError(f"count_by must be 'event' or 'mention', not {count_by!r}")


def dyad_series(
    store: Store,
    source: str,
    target: str,
    *,
    by: Period = "week",
    directed: bool = True,
    count_by: CountBy = "event",
    event_filter: EventFilter | None = None,
) -> list[SeriesPoint]:
    """The time series of events from ``source`` to ``target`` (either way with
    ``directed=False``), per day, ISO week or month: counts per quad class, mean Goldstein, net
    cooperation. Actors match as in ``EventFilter.actor`` (country or code prefix). The series
    runs from ``event_filter.since`` (or the first event) to ``until`` (or the last event), with
    empty periods as zero points.

    ``store`` any ``Store``; ``event_filter`` narrows further (its ``dyad`` is replaced).
    """
    period_of(date(2000, 1, 1), by)  # ValueError for an unknown period
    _check_count_by(count_by)
    where = replace(event_filter or EventFilter(), dyad=(source, target), directed=directed)
    days = store.day_counts(where, count_by=count_by)
    return series_from_days(days, by=by, first=where.since, last=where.until)


def _window(
    event_filter: EventFilter | None, since: date | None, until: date | None
) -> EventFilter:
    where = event_filter or EventFilter()
    if since is not None:
        where = replace(where, since=since)
    if until is not None:
        where = replace(where, until=until)
    return where


def top_partners(
    store: Store,
    actor: str,
    *,
    n: int = 10,
    since: date | None = None,
    until: date | None = None,
    level: Level = "country",
    count_by: CountBy = "event",
    event_filter: EventFilter | None = None,
) -> list[Partner]:
    """The ``n`` actors ``actor`` most often acts with, in the other role of the same event
    (its targets when it is a source, its sources when a target), most events first (ties by
    code). Partners that match ``actor`` themselves (``IND`` acting on ``INDGOV``) are left out.
    """
    _check_count_by(count_by)
    if not actor.strip():
        raise ValueError("top_partners: actor must not be empty")
    where = _window(event_filter, since, until)
    tallies = store.actor_counts(
        where, role=None, partner_of=actor, level=level, count_by=count_by, n=n
    )
    return [
        Partner(code=t.code, events=t.events, mean_goldstein=t.goldstein_sum / t.events)
        for t in tallies
    ]


def most_active(
    store: Store,
    *,
    role: Role | None = None,
    n: int = 10,
    since: date | None = None,
    until: date | None = None,
    level: Level = "country",
    count_by: CountBy = "event",
    event_filter: EventFilter | None = None,
) -> list[ActorCount]:
    """The ``n`` actors in the most events (in ``role``, or either), most first (ties by code)."""
    _check_count_by(count_by)
    where = _window(event_filter, since, until)
    tallies = store.actor_counts(
        where, role=role, partner_of=None, level=level, count_by=count_by, n=n
    )
    return [
        ActorCount(code=t.code, events=t.events, mean_goldstein=t.goldstein_sum / t.events)
        for t in tallies
    ]
