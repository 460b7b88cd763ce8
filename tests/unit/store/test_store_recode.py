"""Versioned re-coding in the store, on SQLite and PostgreSQL: pending mentions next to the
current ones, invisible to queries until accepted (atomically) or rejected; runs that resume."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date

import pytest
from store_backends import Backend

from polevent.errors import StoreError
from polevent.query import EventFilter
from polevent.recode import RecodeSummary, accept_store, diff_store, recode_with, reject_store
from polevent.records import Article, EventDate, EventRecord
from polevent.store import AcceptResult, StoreStats
from polevent.store._sql import SqlStore

NewArticle = Callable[..., Article]
NewEvent = Callable[..., EventRecord]

OLD = ("polevent 0.1.0; model 3.8.0", "data-old")
NEW = ("polevent 0.2.0; model 3.8.0", "data-new")


def _at(event: EventRecord, versions: tuple[str, str]) -> EventRecord:
    return replace(event, coder_version=versions[0], data_version=versions[1])


class World:
    """Two articles coded by OLD, and what NEW codes them to.

    Article A: sentence 0 keeps its id but gets another date; sentence 1 changes its code from
    190 to 193 (so its id); sentence 2 is no longer coded; sentence 3 is new.
    Article B: one mention coded the same by both versions.
    """

    def __init__(self, new_article: NewArticle, new_event: NewEvent) -> None:
        self.a = new_article(text="Article A.")
        self.b = new_article(text="Article B.")
        a0 = new_event(self.a, sentence_index=0, date_start=date(2025, 5, 15))
        a1 = new_event(self.a, sentence_index=1)
        a2 = new_event(self.a, sentence_index=2, cameo_code="040", plover_type="CONSULT")
        b0 = new_event(self.b, sentence_index=0, source=["JPNGOV"], target=["INDGOV"])
        self.old_a = [_at(e, OLD) for e in (a0, a1, a2)]
        self.old_b = [_at(b0, OLD)]
        moved = EventDate(
            start=date(2025, 5, 14), end=date(2025, 5, 14), granularity="day", text="", reason=""
        )
        self.a0_new = _at(replace(a0, date=moved), NEW)
        self.a1_new = _at(new_event(self.a, sentence_index=1, cameo_code="193"), NEW)
        self.a3_new = _at(new_event(self.a, sentence_index=3, target=["AFGGOV"]), NEW)
        self.new_a = [self.a0_new, self.a1_new, self.a3_new]
        self.new_b = [_at(b0, NEW)]

    def store_old(self, store: SqlStore) -> None:
        store.add_article(self.a, self.old_a)
        store.add_article(self.b, self.old_b)

    def coded(self) -> dict[str, list[EventRecord]]:
        return {self.a.id: self.new_a, self.b.id: self.new_b}


@pytest.fixture
def world(new_article: NewArticle, new_event: NewEvent) -> World:
    return World(new_article, new_event)


def _fake_code(
    coded: dict[str, list[EventRecord]], seen: list[str], *, fail_after: int | None = None
) -> Callable[[Iterable[Article]], Iterator[tuple[Article, Sequence[EventRecord]]]]:
    """A coding step that returns ``coded[article.id]`` (and stops after ``fail_after``)."""

    def code(articles: Iterable[Article]) -> Iterator[tuple[Article, Sequence[EventRecord]]]:
        for article in articles:
            if fail_after is not None and len(seen) >= fail_after:
                raise RuntimeError("coder crashed")
            seen.append(article.id)
            yield article, coded[article.id]

    return code


def _recode(
    store: SqlStore,
    world: World,
    seen: list[str],
    *,
    force: bool = False,
    fail_after: int | None = None,
) -> RecodeSummary:
    return recode_with(
        store,
        coder_version=NEW[0],
        data_version=NEW[1],
        code=_fake_code(world.coded(), seen, fail_after=fail_after),
        force=force,
    )


def test_every_mention_keeps_its_versions_as_columns(
    store: SqlStore, backend: Backend, world: World
) -> None:
    world.store_old(store)
    rows = backend.rows("SELECT DISTINCT coder_version, data_version FROM events")
    assert rows == [OLD]
    assert {e.coder_version for e in store.events(EventFilter())} == {OLD[0]}


def test_pending_mentions_are_invisible_until_accepted(
    store: SqlStore, backend: Backend, world: World
) -> None:
    world.store_old(store)
    before = store.events(EventFilter())
    summary = _recode(store, world, [])
    assert summary.pending == 4
    assert backend.rows("SELECT count(*) FROM pending_events") == [(4,)]
    assert store.events(EventFilter()) == before
    assert store.count_events(EventFilter(), by="mention") == 4
    assert store.stats() == StoreStats(articles=2, events=4)
    assert store.events(EventFilter(cameo_code="193")) == []

    result = accept_store(store)

    assert summary.run_id is not None
    assert result == AcceptResult(
        run_id=summary.run_id,
        articles=2,
        added=2,
        replaced=2,  # a0 (date) and b0 (only its versions differ)
        dropped=2,
        unchanged=0,
    )
    after = store.events(EventFilter())
    assert {e.event_id for e in after} == {e.event_id for e in world.new_a + world.new_b}
    assert {e.coder_version for e in after} == {NEW[0]}
    assert [e.date.start for e in after if e.event_id == world.a0_new.event_id] == [
        date(2025, 5, 14)
    ]
    assert backend.rows("SELECT count(*) FROM pending_events") == [(0,)]
    assert backend.rows("SELECT status FROM recode_runs") == [("accepted",)]
    n_events = backend.rows("SELECT n_events FROM articles WHERE id = ?", (world.a.id,))
    assert n_events == [(3,)]


def test_accept_replaces_actor_rows_and_clusters(
    store: SqlStore, backend: Backend, world: World
) -> None:
    world.store_old(store)
    old_a2 = world.old_a[2].event_id
    old_cluster = store.cluster_of([world.a0_new.event_id])
    _recode(store, world, [])
    accept_store(store)
    assert backend.rows("SELECT count(*) FROM event_actors WHERE event_id = ?", (old_a2,)) == [(0,)]
    assert backend.rows("SELECT count(*) FROM event_clusters WHERE event_id = ?", (old_a2,)) == [
        (0,)
    ]
    actors = backend.rows(
        "SELECT role, code FROM event_actors WHERE event_id = ? ORDER BY role",
        (world.a3_new.event_id,),
    )
    assert actors == [("source", "INDGOV"), ("target", "AFGGOV")]
    clusters = store.cluster_of(e.event_id for e in world.new_a + world.new_b)
    assert set(clusters) == {e.event_id for e in world.new_a + world.new_b}
    assert clusters[world.a0_new.event_id] == old_cluster[world.a0_new.event_id]  # kept
    # the store keeps writing and clustering after an accept
    extra = replace(world.old_b[0], event_id="extra-1", sentence_index=5)
    assert store.add_article(world.b, [extra]).events_added == 1
    assert "extra-1" in store.cluster_of(["extra-1"])
    seqs = backend.rows("SELECT seq FROM event_clusters ORDER BY seq")
    assert len(seqs) == len({s for (s,) in seqs}) == 5


def test_accept_is_atomic(store: SqlStore, backend: Backend, world: World) -> None:
    world.store_old(store)
    world.a3_new = replace(world.a3_new, target=(replace(world.a3_new.source[0], code="INDMIL"),))
    world.new_a[2] = world.a3_new
    _recode(store, world, [])
    message = backend.inject_failure()
    before = backend.dump()

    with pytest.raises(StoreError, match=message) as info:
        accept_store(store)

    assert info.value.code == "E403"
    assert backend.dump() == before
    run = store.recode_run()
    assert run is not None and run.status == "pending" and run.pending == 4
    assert len(store.events(EventFilter())) == 4


def test_recode_resumes_and_a_second_run_codes_nothing(store: SqlStore, world: World) -> None:
    world.store_old(store)
    seen: list[str] = []
    with pytest.raises(RuntimeError, match="coder crashed"):
        _recode(store, world, seen, fail_after=1)
    assert len(seen) == 1
    run = store.recode_run()
    assert run is not None and run.articles == 1

    resumed = _recode(store, world, seen)

    assert seen == sorted([world.a.id, world.b.id])  # by (published_at, id)
    assert resumed.run_id == run.run_id
    assert resumed.articles_recoded == 1
    assert resumed.articles_resumed == 1
    again = _recode(store, world, seen)
    assert len(seen) == 2
    assert again.articles_recoded == 0
    assert again.pending == 4

    accept_store(store)
    after = _recode(store, world, seen)
    assert (after.run_id, len(seen)) == (None, 2)
    assert after.articles_current == 2
    assert store.recode_run() is None


def test_force_recodes_current_articles(store: SqlStore, world: World) -> None:
    store.add_article(world.b, world.new_b)
    seen: list[str] = []
    assert _recode(store, world, seen).run_id is None
    forced = _recode(store, world, seen, force=True)
    assert seen == [world.b.id]
    assert forced.forced and forced.pending == 1
    assert diff_store(store).unchanged == 1


def test_diff_lists_recoded_fields_dropped_and_new(store: SqlStore, world: World) -> None:
    world.store_old(store)
    _recode(store, world, [])

    found = diff_store(store)

    assert (found.articles, found.current, found.pending) == (2, 4, 4)
    assert (found.new, found.dropped, found.recoded, found.unchanged) == (1, 1, 2, 1)
    assert found.old_versions == (OLD,)
    assert (found.coder_version, found.data_version) == NEW
    by_kind = {(c.kind, c.sentence_index): c for c in found.changes}
    code_change = by_kind[("recoded", 1)]
    assert code_change.matched_by == "sentence_trigger"
    assert code_change.old_id == world.old_a[1].event_id
    assert code_change.new_id == world.a1_new.event_id
    assert [(f.field, f.old, f.new) for f in code_change.changes] == [
        ("cameo_code", "190", "193"),
        ("cameo_label", "label 190", "label 193"),
    ]
    date_change = by_kind[("recoded", 0)]
    assert date_change.matched_by == "event_id"
    assert [(f.field, f.old, f.new) for f in date_change.changes] == [
        ("date", "2025-05-15 (day)", "2025-05-14 (day)")
    ]
    assert by_kind[("dropped", 2)].old_id == world.old_a[2].event_id
    assert by_kind[("new", 3)].new_id == world.a3_new.event_id
    assert dict(found.fields) == {"cameo_code": 1, "cameo_label": 1, "date": 1}


def test_reject_discards_pending_and_keeps_current(
    store: SqlStore, backend: Backend, world: World
) -> None:
    world.store_old(store)
    before = store.events(EventFilter())
    _recode(store, world, [])
    rejected = reject_store(store)
    assert rejected.discarded == 4
    assert store.events(EventFilter()) == before
    assert backend.rows("SELECT count(*) FROM pending_events") == [(0,)]
    assert backend.rows("SELECT status FROM recode_runs") == [("rejected",)]
    assert store.recode_run() is None
    with pytest.raises(StoreError, match="no re-code run is pending") as info:
        accept_store(store)
    assert info.value.code == "E405"
    assert _recode(store, world, []).run_id != rejected.run_id


def test_a_run_of_another_version_is_refused_while_one_is_pending(
    store: SqlStore, world: World
) -> None:
    world.store_old(store)
    _recode(store, world, [])
    with pytest.raises(StoreError, match="accept or reject it") as info:
        recode_with(
            store,
            coder_version="polevent 9",
            data_version="x",
            code=_fake_code(world.coded(), []),
        )
    assert info.value.code == "E406"


def test_pending_of_another_article_is_refused(store: SqlStore, world: World) -> None:
    world.store_old(store)
    run = store.start_recode(coder_version=NEW[0], data_version=NEW[1], forced=False)
    with pytest.raises(StoreError, match="belongs to article") as info:
        store.add_pending(run, world.b.id, world.new_a)
    assert info.value.code == "E403"
    assert store.pending_articles(run) == []


def test_mention_returns_the_record_and_its_cluster(
    store: SqlStore, backend: Backend, world: World
) -> None:
    world.store_old(store)
    first = world.old_a[0]
    found = store.mention(first.event_id)
    assert found is not None
    assert found.record == first
    (cluster_id, reason, score) = backend.rows(
        "SELECT cluster_id, reason, score FROM event_clusters WHERE event_id = ?",
        (first.event_id,),
    )[0]
    assert (found.cluster_id, found.reason, found.score) == (cluster_id, reason, score)
    members = backend.rows(
        "SELECT event_id FROM event_clusters WHERE cluster_id = ? ORDER BY seq", (cluster_id,)
    )
    assert found.mentions == tuple(m for (m,) in members)
    assert first.event_id in found.mentions
    assert store.mention("no-such-id") is None


def test_mention_not_yet_clustered_is_its_own_event(
    store: SqlStore, backend: Backend, world: World
) -> None:
    world.store_old(store)
    first = world.old_a[0]
    backend.execute(f"DELETE FROM event_clusters WHERE event_id = '{first.event_id}'")
    found = store.mention(first.event_id)
    assert found is not None
    assert (found.cluster_id, found.reason, found.score, found.mentions) == (
        first.event_id,
        None,
        None,
        (first.event_id,),
    )


def test_offset_pages_through_events(store: SqlStore, world: World) -> None:
    world.store_old(store)
    everything = store.events(EventFilter())
    assert len(everything) == 4
    assert store.events(EventFilter(offset=1, limit=2)) == everything[1:3]
    assert store.events(EventFilter(offset=3)) == everything[3:]
    assert store.events(EventFilter(offset=10)) == []
    assert store.events(EventFilter(offset=0, limit=0)) == []
    assert store.count_events(EventFilter(offset=1, limit=2), by="mention") == 2
    assert store.count_events(EventFilter(offset=3), by="mention") == 1
    assert (
        store.events(EventFilter(article_id=world.a.id, offset=2))
        == [e for e in everything if e.article_id == world.a.id][2:]
    )


def test_recoding_migration_backfills_versions_from_the_records(
    backend: Backend, world: World
) -> None:
    from polevent.store._rows import EVENT_COLUMNS, INSERT_ARTICLE, event_row
    from polevent.store.migrations import MIGRATIONS
    from polevent.store.postgres import POSTGRES_MIGRATIONS

    before = MIGRATIONS[:4] if backend.name == "sqlite" else POSTGRES_MIGRATIONS[:4]
    event = world.old_a[0]
    columns = EVENT_COLUMNS.rsplit(",", 2)[0]  # without coder_version, data_version
    marks = ", ".join("?" * (columns.count(",") + 1))
    with backend.open(migrations=before) as old:
        sql = old._executor()
        sql.execute(INSERT_ARTICLE, old._article_row(world.a))
        sql.execute(f"INSERT INTO events ({columns}) VALUES ({marks})", event_row(event)[:-2])

    with backend.open() as store:
        rows = backend.rows("SELECT coder_version, data_version FROM events")
        assert rows == [OLD]
        assert store.recode_todo(coder_version=OLD[0], data_version=OLD[1], forced=False) == []
        assert store.recode_todo(coder_version=NEW[0], data_version=NEW[1], forced=False) == [
            world.a.id
        ]
