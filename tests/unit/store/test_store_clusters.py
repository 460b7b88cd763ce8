"""Events vs mentions in the store: clusters assigned at write time, explained, reloaded lazily,
counted by event or by mention, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from store_backends import Backend

from polevent.dedup import cluster_all, mention_from
from polevent.errors import StoreError
from polevent.query import EventFilter
from polevent.records import Article, EventRecord, Evidence
from polevent.store import StoreStats
from polevent.store import _sql as sql_module
from polevent.store._executor import Executor
from polevent.store._rows import ActorRow, EventRow
from polevent.store._sql import SqlStore

NewArticle = Callable[..., Article]
NewEvent = Callable[..., EventRecord]

STRIKE = "Indian jets struck militant camps near Muzaffarabad on Thursday, officials said."
STRIKE_AGAIN = "Indian jets struck camps near Muzaffarabad in Pakistan-administered Kashmir."
TALKS = "Japan and India held talks on a new railway line to Mumbai."


def _story(
    new_article: NewArticle, new_event: NewEvent, text: str, hour: int, **event: object
) -> tuple[Article, EventRecord]:
    """An article published on 2025-05-16 at ``hour`` with one event whose evidence is ``text``."""
    article = new_article(text=text, published_at=datetime(2025, 5, 16, hour, tzinfo=UTC))
    record = new_event(article, date_start=date(2025, 5, 15), **event)
    return article, replace(record, evidence=Evidence(text=text, start=0, end=len(text)))


@pytest.fixture
def stories(new_article: NewArticle, new_event: NewEvent) -> list[tuple[Article, EventRecord]]:
    """Two reports of one strike (two articles) and an unrelated consultation."""
    return [
        _story(new_article, new_event, STRIKE, 8),
        _story(new_article, new_event, STRIKE_AGAIN, 9),
        _story(
            new_article, new_event, TALKS, 10, source=["JPNGOV"], target=["INDGOV"],
            cameo_code="040", plover_type="CONSULT",
        ),
    ]  # fmt: skip


def _add_all(store: SqlStore, stories: list[tuple[Article, EventRecord]]) -> list[str]:
    for article, record in stories:
        store.add_article(article, [record])
    return [record.event_id for _, record in stories]


def test_two_reports_of_one_strike_are_one_event(
    store: SqlStore, stories: list[tuple[Article, EventRecord]]
) -> None:
    strike, again, talks = _add_all(store, stories)
    clusters = store.cluster_of([strike, again, talks, "not-stored"])
    assert set(clusters) == {strike, again, talks}
    assert clusters[strike] == clusters[again] != clusters[talks]
    assert store.count_events(EventFilter()) == 2
    assert store.count_events(EventFilter(), by="mention") == 3
    assert store.count_events(EventFilter(actor="PAK")) == 1
    assert store.count_events(EventFilter(actor="PAK"), by="mention") == 2
    assert store.count_events(EventFilter(limit=1)) == 1
    assert len(store.events(EventFilter())) == 3  # events() still returns every mention
    stats = store.stats()
    assert (stats.articles, stats.events, stats.clusters) == (3, 3, 2)


def test_assignments_are_stored_with_reason_and_score(
    store: SqlStore, backend: Backend, stories: list[tuple[Article, EventRecord]]
) -> None:
    strike, again, talks = _add_all(store, stories)
    rows = backend.rows(
        "SELECT event_id, cluster_id, seq, new_cluster, reason, score FROM event_clusters"
        " ORDER BY seq"
    )
    assert [(r[0], r[2], r[3]) for r in rows] == [(strike, 1, 1), (again, 2, 0), (talks, 3, 1)]
    assert rows[1][1] == rows[0][1]
    assert rows[0][4] == "no compatible event in the same dyad, type and dates"
    assert "evidence" in rows[1][4] or "dyad" in rows[1][4]  # which fields matched
    assert rows[1][5] >= 0.25  # the clusterer's default threshold
    assert all(isinstance(r[5], float) for r in rows)


def test_the_store_gives_the_same_clusters_as_a_batch_run(
    store: SqlStore, stories: list[tuple[Article, EventRecord]]
) -> None:
    ids = _add_all(store, stories)
    assignments, _ = cluster_all(mention_from(record, article) for article, record in stories)
    assert store.cluster_of(ids) == {a.event_id: a.cluster_id for a in assignments}


def test_clusters_reload_lazily_and_new_mentions_join_old_events(
    backend: Backend,
    stories: list[tuple[Article, EventRecord]],
    new_article: NewArticle,
    new_event: NewEvent,
) -> None:
    with backend.open() as store:
        strike, *_ = _add_all(store, stories)
    with backend.open() as store:
        assert store._clusters is None  # nothing loaded by opening or reading
        assert store.count_events(EventFilter()) == 2
        assert store._clusters is None
        late, record = _story(new_article, new_event, STRIKE + " Pakistan vowed to respond.", 11)
        store.add_article(late, [record])
        assert store._clusters is not None and len(store._clusters.clusterer) == 2
        clusters = store.cluster_of([record.event_id, strike])
        assert clusters[record.event_id] == clusters[strike]
        assert store.stats() == StoreStats(articles=4, events=4, clusters=2)


def test_a_second_writer_catches_up_before_assigning(
    backend: Backend, stories: list[tuple[Article, EventRecord]]
) -> None:
    (first, strike), (second, again), _ = stories
    with backend.open() as one, backend.open() as two:
        one.add_article(first, [])  # one's clusterer is loaded (empty) now
        two.add_article(first, [strike])
        one.add_article(second, [again])  # one must see two's strike to join it
        clusters = one.cluster_of([strike.event_id, again.event_id])
        assert clusters[strike.event_id] == clusters[again.event_id]
        assert two.count_events(EventFilter()) == 1


def test_mentions_stored_without_a_cluster_are_their_own_event_until_the_next_write(
    backend: Backend, stories: list[tuple[Article, EventRecord]], new_article: NewArticle
) -> None:
    with backend.open() as store:
        ids = _add_all(store, stories)
    backend.execute("DELETE FROM event_clusters")  # as in a store written before clustering
    with backend.open() as store:
        assert store.cluster_of(ids) == {i: i for i in ids}
        assert store.count_events(EventFilter()) == 3
        assert store.stats().clusters == 3
        store.add_article(new_article(text="A story without events."), [])
        assert store.count_events(EventFilter()) == 2
    assert backend.rows("SELECT count(*) FROM event_clusters") == [(3,)]


def test_a_failed_write_leaves_no_cluster_behind(
    store: SqlStore,
    backend: Backend,
    stories: list[tuple[Article, EventRecord]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (first, strike), (second, again), _ = stories
    talks = replace(stories[2][1], article_id=first.id, sentence_index=1, event_id="talks-1")
    real_insert = sql_module.insert_event

    def fail_on_talks(sql: Executor, row: EventRow, actors: Sequence[ActorRow]) -> bool:
        if row[0] == "talks-1":
            raise RuntimeError("server went away")
        return real_insert(sql, row, actors)

    monkeypatch.setattr(sql_module, "insert_event", fail_on_talks)
    with pytest.raises(StoreError, match="server went away"):
        store.add_article(first, [strike, talks])  # strike was clustered, then rolled back
    assert backend.rows("SELECT count(*) FROM event_clusters") == [(0,)]
    store.add_article(second, [again])  # must not join the rolled-back strike's cluster
    assert backend.rows("SELECT event_id, seq, new_cluster FROM event_clusters") == [
        (again.event_id, 1, 1)
    ]


def test_count_by_must_be_event_or_mention(store: SqlStore) -> None:
    with pytest.raises(ValueError, match="'event' or 'mention'"):
        store.count_events(EventFilter(), by="article")  # type: ignore[arg-type]
