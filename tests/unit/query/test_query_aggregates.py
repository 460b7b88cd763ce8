"""Aggregates on hand-made events whose series are computed by hand (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from polevent.query import (
    ActorCount,
    EventFilter,
    Partner,
    SeriesPoint,
    dyad_series,
    most_active,
    top_partners,
)
from polevent.query.aggregates import DayCount, period_of, series_from_days
from polevent.records import Article, EventRecord, Evidence
from polevent.store._sql import SqlStore

NewArticle = Callable[..., Article]
NewEvent = Callable[..., EventRecord]

# name: (source, target, cameo code, quad, goldstein, day, evidence)
EVENTS = {
    "E1": ("INDGOV", "AFGGOV", "036", 1, 4.0, date(2024, 12, 29), "India and Afghanistan met."),
    "E2": ("INDMIL", "AFG", "190", 4, -10.0, date(2024, 12, 30), "Indian troops shelled posts."),
    "E3": ("AFGGOV", "IND", "061", 2, 6.4, date(2025, 1, 5), "Kabul shared data with Delhi."),
    "E4": ("IND", "AFGGOV", "112", 3, -2.0, date(2025, 1, 6), "Delhi accused Kabul of lying."),
    "E5": ("INDGOV", "PAKGOV", "190", 4, -10.0, date(2025, 1, 6), "Jets struck near Lahore."),
    "E6": ("INDGOV", "INDMIL", "173", 4, -5.0, date(2025, 1, 6), "Police detained soldiers."),
}

PLOVER = {"036": "CONSULT", "190": "ASSAULT", "061": "COOPERATE", "112": "ACCUSE", "173": "COERCE"}


def _record(new_article: NewArticle, new_event: NewEvent, name: str, copy: int) -> EventRecord:
    source, target, code, quad, goldstein, day, evidence = EVENTS[name]
    article = new_article(text=f"{evidence} copy {copy}", url=f"https://x.test/{name}/{copy}")
    event = new_event(
        article,
        source=[source],
        target=[target],
        cameo_code=code,
        plover_type=PLOVER[code],
        date_start=day,
    )
    return replace(
        event,
        quad_class=quad,
        goldstein=goldstein,
        evidence=Evidence(text=evidence, start=0, end=len(evidence)),
        published_at=datetime.combine(day, datetime.min.time(), tzinfo=UTC),
    )


@pytest.fixture
def events(store: SqlStore, new_article: NewArticle, new_event: NewEvent) -> dict[str, str]:
    """E1 is reported twice (two articles, same evidence): one event, two mentions. Returns
    mention id -> event name."""
    names: dict[str, str] = {}
    for name, copies in (("E1", 2), ("E2", 1), ("E3", 1), ("E4", 1), ("E5", 1), ("E6", 1)):
        for copy in range(copies):
            record = _record(new_article, new_event, name, copy)
            article = new_article(text=f"{EVENTS[name][6]} copy {copy}", url=record.event_id)
            article = replace(article, id=record.article_id)
            store.add_article(article, [record])
            names[record.event_id] = name
    clusters = store.cluster_of(names)
    by_cluster: dict[str, set[str]] = {}
    for mention, cluster in clusters.items():
        by_cluster.setdefault(cluster, set()).add(names[mention])
    # precondition: the store's dedup grouped exactly the two E1 copies
    assert sorted(sorted(v) for v in by_cluster.values()) == [[f"E{i}"] for i in range(1, 7)]
    assert store.stats().clusters == 6
    return names


def _quads(q1: int = 0, q2: int = 0, q3: int = 0, q4: int = 0) -> dict[int, int]:
    return {1: q1, 2: q2, 3: q3, 4: q4}


W52 = date(2024, 12, 23)  # Monday of ISO week 2024-W52 (contains Sunday 2024-12-29)
W01 = date(2024, 12, 30)  # Monday of 2025-W01 (to Sunday 2025-01-05)
W02 = date(2025, 1, 6)


def test_weekly_directed_series_by_event(store: SqlStore, events: dict[str, str]) -> None:
    assert dyad_series(store, "IND", "AFG", by="week") == [
        SeriesPoint(period=W52, label="2024-W52", events=1, by_quad=_quads(q1=1),
                    mean_goldstein=4.0, net_cooperation=1.0),
        SeriesPoint(period=W01, label="2025-W01", events=1, by_quad=_quads(q4=1),
                    mean_goldstein=-10.0, net_cooperation=-1.0),
        SeriesPoint(period=W02, label="2025-W02", events=1, by_quad=_quads(q3=1),
                    mean_goldstein=-2.0, net_cooperation=-1.0),
    ]  # fmt: skip


def test_counting_by_mention_counts_both_reports(store: SqlStore, events: dict[str, str]) -> None:
    series = dyad_series(store, "IND", "AFG", by="week", count_by="mention")
    assert [(p.label, p.events, p.by_quad[1]) for p in series] == [
        ("2024-W52", 2, 2),
        ("2025-W01", 1, 0),
        ("2025-W02", 1, 0),
    ]


def test_undirected_adds_the_reverse_direction(store: SqlStore, events: dict[str, str]) -> None:
    series = dyad_series(store, "AFG", "IND", by="week", directed=False)
    week1 = series[1]
    assert (week1.label, week1.events, week1.by_quad) == ("2025-W01", 2, _quads(q2=1, q4=1))
    assert week1.mean_goldstein == pytest.approx((-10.0 + 6.4) / 2)
    assert week1.net_cooperation == 0.0
    directed = dyad_series(store, "AFG", "IND", by="week")
    assert [(p.label, p.events) for p in directed] == [("2025-W01", 1)]


def test_monthly_and_daily_with_zero_filled_periods(
    store: SqlStore, events: dict[str, str]
) -> None:
    months = dyad_series(store, "IND", "AFG", by="month", directed=False)
    assert [(p.label, p.events, p.by_quad) for p in months] == [
        ("2024-12", 2, _quads(q1=1, q4=1)),
        ("2025-01", 2, _quads(q2=1, q3=1)),
    ]
    window = EventFilter(since=date(2024, 12, 28), until=date(2024, 12, 31))
    days = dyad_series(store, "IND", "AFG", by="day", event_filter=window)
    assert [(p.label, p.events, p.mean_goldstein) for p in days] == [
        ("2024-12-28", 0, None),
        ("2024-12-29", 1, 4.0),
        ("2024-12-30", 1, -10.0),
        ("2024-12-31", 0, None),
    ]
    assert days[0].net_cooperation is None


def test_top_partners_leaves_out_the_actor_itself(store: SqlStore, events: dict[str, str]) -> None:
    partners = top_partners(store, "IND")
    assert [(p.code, p.events) for p in partners] == [("AFG", 4), ("PAK", 1)]
    assert partners[0].mean_goldstein == pytest.approx((4 - 10 + 6.4 - 2) / 4)
    assert partners[1] == Partner(code="PAK", events=1, mean_goldstein=-10.0)
    assert [(p.code, p.events) for p in top_partners(store, "IND", count_by="mention")] == [
        ("AFG", 5),
        ("PAK", 1),
    ]
    assert [p.code for p in top_partners(store, "IND", level="code", n=2)] == [
        "AFGGOV",
        "AFG",
    ]
    since = top_partners(store, "IND", since=date(2025, 1, 1))
    assert [(p.code, p.events) for p in since] == [("AFG", 2), ("PAK", 1)]


def test_most_active_counts_an_actor_once_per_event(
    store: SqlStore, events: dict[str, str]
) -> None:
    # E6 has India on both sides: it counts once for IND.
    assert [(a.code, a.events) for a in most_active(store)] == [("IND", 6), ("AFG", 4), ("PAK", 1)]
    (targets,) = most_active(store, role="target", n=1)
    assert (targets.code, targets.events) == ("AFG", 3)
    assert targets.mean_goldstein == pytest.approx((4 - 10 - 2) / 3)
    sources = most_active(store, role="source", count_by="mention")
    assert [(a.code, a.events) for a in sources] == [("IND", 6), ("AFG", 1)]
    assert most_active(store, until=date(2024, 12, 29)) == [
        ActorCount(code="AFG", events=1, mean_goldstein=4.0),
        ActorCount(code="IND", events=1, mean_goldstein=4.0),
    ]


def test_filters_narrow_aggregates(store: SqlStore, events: dict[str, str]) -> None:
    conflict = EventFilter(cameo_code="19")
    series = dyad_series(store, "IND", "AFG", event_filter=conflict)
    assert [(p.label, p.events) for p in series] == [("2025-W01", 1)]
    assert [(a.code, a.events) for a in most_active(store, event_filter=conflict)] == [
        ("IND", 2),
        ("AFG", 1),
        ("PAK", 1),
    ]


def test_empty_store_gives_empty_results(store: SqlStore) -> None:
    assert dyad_series(store, "IND", "AFG") == []
    assert top_partners(store, "IND") == []
    assert most_active(store) == []


@pytest.mark.parametrize(
    ("day", "label", "monday"),
    [
        (date(2024, 12, 29), "2024-W52", date(2024, 12, 23)),  # Sunday
        (date(2024, 12, 30), "2025-W01", date(2024, 12, 30)),  # ISO year starts in December
        (date(2021, 1, 3), "2020-W53", date(2020, 12, 28)),  # a 53-week ISO year
        (date(2021, 1, 4), "2021-W01", date(2021, 1, 4)),
        (date(2026, 1, 1), "2026-W01", date(2025, 12, 29)),
    ],
)
def test_iso_week_boundaries(day: date, label: str, monday: date) -> None:
    assert period_of(day, "week") == (monday, label)


def test_series_from_days_fills_gaps_and_crosses_years() -> None:
    days = [
        DayCount(day=date(2020, 12, 31), quad_class=1, events=2, goldstein_sum=6.0),
        DayCount(day=date(2021, 1, 12), quad_class=4, events=1, goldstein_sum=-10.0),
    ]
    weeks = series_from_days(days, by="week")
    assert [(p.label, p.events) for p in weeks] == [
        ("2020-W53", 2),
        ("2021-W01", 0),
        ("2021-W02", 1),
    ]
    months = series_from_days(days, by="month", last=date(2021, 3, 2))
    assert [p.label for p in months] == ["2020-12", "2021-01", "2021-02", "2021-03"]
    moment = datetime(2021, 1, 1, 23, 30, tzinfo=UTC)  # a datetime bound counts as its day
    assert [p.label for p in series_from_days(days, by="day", first=moment)][:2] == [
        "2021-01-01",
        "2021-01-02",
    ]


def test_bad_options_are_rejected(store: SqlStore) -> None:
    with pytest.raises(ValueError, match="by must be"):
        dyad_series(store, "IND", "AFG", by="year")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="count_by must be"):
        most_active(store, count_by="article")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="role must be"):
        most_active(store, role="agent")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="actor must not be empty"):
        top_partners(store, " ")
