"""``SqlStore``: the ``Store`` methods written once over an ``Executor``, for every SQL backend.

A backend subclass supplies the connection (``_executor``), the write transaction (``_write``:
everything or nothing, one writer at a time) and the driver's error types (``_errors``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any, Self, TypeVar

from polevent.dedup import DedupSettings, mention_from
from polevent.errors import StoreError
from polevent.query.aggregates import ActorTally, DayCount, DyadTally, Level, PlaceTally, Role
from polevent.query.filters import EventFilter, to_sql
from polevent.records import Article, EventRecord
from polevent.serialize import article_from_dict
from polevent.store._aggregates import (
    actor_counts_sql,
    day_counts_sql,
    dyad_counts_sql,
    first_mentions_sql,
    place_rows_sql,
)
from polevent.store._clusters import ClusterIndex, assign, catch_up, new_index
from polevent.store._executor import Executor
from polevent.store._pending import (
    accept_run,
    add_pending,
    pending_articles,
    read_run,
    recode_todo,
    reject_run,
    start_run,
)
from polevent.store._rows import (
    ARTICLE_COLUMNS,
    EVENT_KEY,
    INSERT_ACTOR,
    INSERT_ARTICLE,
    INSERT_EVENT,
    JOIN_CLUSTERS,
    ORDER,
    UPDATE_N_EVENTS,
    ActorRow,
    EventRow,
    actor_rows,
    check_belongs,
    decode,
    event_row,
    utc_key,
)
from polevent.store.base import (
    AcceptResult,
    AddResult,
    CountBy,
    PendingArticle,
    RecodeRun,
    StoredMention,
    StoreStats,
)

__all__ = ["SqlStore", "insert_event", "utc_now"]

_T = TypeVar("_T")
_CHUNK = 500  # ids per ``IN (...)`` list
_NO_LIMIT = 2**63 - 1  # ``LIMIT`` when only ``OFFSET`` is given (SQLite needs a LIMIT)
_MENTION = (
    "SELECT e.event_id, e.record_json, c.cluster_id, c.reason, c.score FROM events AS e"
    " LEFT JOIN event_clusters AS c ON c.event_id = e.event_id WHERE e.event_id = ?"
)
_SIBLINGS = "SELECT event_id FROM event_clusters WHERE cluster_id = ? ORDER BY seq"


def _page(event_filter: EventFilter) -> tuple[str, list[object]]:
    """``LIMIT ? OFFSET ?`` of the filter's page and its values (``""`` when it has none)."""
    if event_filter.limit is None and not event_filter.offset:
        return "", []
    limit = _NO_LIMIT if event_filter.limit is None else event_filter.limit
    return "LIMIT ? OFFSET ?", [limit, event_filter.offset]


def utc_now() -> datetime:
    return datetime.now(UTC)


def insert_event(sql: Executor, row: EventRow, actors: Sequence[ActorRow]) -> bool:
    """Insert one event and its actors unless its id is stored already; ``True`` if inserted."""
    if sql.execute(INSERT_EVENT, row) != 1:
        return False
    sql.executemany(INSERT_ACTOR, actors)
    return True


class _PlaceGroup:
    """The mentions of one place while ``place_counts`` adds them up."""

    __slots__ = ("admin1", "country", "events", "first", "mentions")

    def __init__(self) -> None:
        self.first = 2**63
        self.country: str | None = None
        self.admin1: str | None = None
        self.events: set[str] = set()
        self.mentions = 0

    def add(self, country: object, admin1: object, key: str, count: int, first: int) -> None:
        self.events.add(key)
        self.mentions += count
        if first < self.first:
            self.first = first
            self.country = None if country is None else str(country)
            self.admin1 = None if admin1 is None else str(admin1)


class SqlStore:
    """The shared implementation of ``Store``; see ``SqliteStore`` and ``PostgresStore``."""

    EVENTS_SCAN = "events"
    """How actor aggregates read ``events``: a backend may name the index to read it by."""
    PICK_FIRST = "window"
    """How actor aggregates pick an event's first mention (``_aggregates._firsts``)."""
    PLACE_FIELD = "json_extract(events.place_json, '$.{}')"
    """The SQL of a field of ``events.place_json`` (the place's JSON text)."""

    def __init__(
        self,
        *,
        path: str,
        now: Callable[[], datetime] = utc_now,
        dedup: DedupSettings | None = None,
    ) -> None:
        self._path = path
        self._now = now
        self._dedup = dedup
        self._clusters: ClusterIndex | None = None

    # -- what a backend supplies -------------------------------------------------------------
    def _executor(self) -> Executor:
        raise NotImplementedError

    def _write(self) -> AbstractContextManager[Executor]:
        raise NotImplementedError

    def _errors(self) -> tuple[type[Exception], ...]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # -- writes -------------------------------------------------------------------------------
    def add_article(self, article: Article, events: Sequence[EventRecord]) -> AddResult:
        """Write ``article`` and ``events`` in one transaction; rows already stored are skipped.
        Each new event (a mention) is assigned its event cluster in the same transaction.

        Raises ``StoreError("E403")`` when an event belongs to another article or the write fails;
        the store is then exactly as it was before the call.
        """
        self._executor()  # E401 when closed
        check_belongs(article, events, self._path)
        try:
            rows = [(event, event_row(event), actor_rows(event)) for event in events]
            with self._write() as sql:
                index = self._clusters or new_index(self._dedup)
                self._clusters = index
                catch_up(sql, index)
                article_added = sql.execute(INSERT_ARTICLE, self._article_row(article))
                added = 0
                for event, row, actors in rows:
                    if insert_event(sql, row, actors):
                        assign(sql, index, mention_from(event, article))
                        added += 1
                sql.execute(UPDATE_N_EVENTS, (article.id, article.id))
        except Exception as e:
            self._clusters = None  # it may hold rolled-back mentions: rebuilt on the next write
            detail = f"article {article.id}: {type(e).__name__}: {e}"
            raise StoreError("E403", detail, path=self._path) from e
        return AddResult(article_added=article_added == 1, events_added=added)

    def _article_row(self, article: Article) -> tuple[object, ...]:
        published = article.published_at
        return (
            article.id,
            article.title,
            article.url,
            article.source,
            None if published is None else published.isoformat(),
            utc_key(published),
            article.text,
            self._now().isoformat(),
        )

    # -- reads --------------------------------------------------------------------------------
    def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        executor = self._executor()
        try:
            return executor.fetch(sql, params)
        except self._errors() as e:
            raise StoreError("E401", f"read failed: {e}", path=self._path) from e

    def has_article(self, article_id: str) -> bool:
        """Whether an article with this id is stored."""
        return bool(self._read("SELECT 1 FROM articles WHERE id = ?", (article_id,)))

    def events(self, event_filter: EventFilter) -> list[EventRecord]:
        """Matching mentions by (published_at, article_id, sentence_index, event_id); undated
        last; the filter's ``offset`` first ones skipped, at most ``limit``."""
        where, params = to_sql(event_filter)
        sql = f"SELECT events.event_id, events.record_json FROM events {where} {ORDER}"
        page, page_params = _page(event_filter)
        if page:
            # A page: pick the ids first (from indexes), then read only their records.
            picked = f"SELECT events.event_id FROM events {where} {ORDER} {page}"
            sql = (
                "SELECT events.event_id, events.record_json FROM events"
                f" WHERE events.event_id IN ({picked}) {ORDER}"
            )
            params += page_params
        return [self._decode(event_id, record) for event_id, record in self._read(sql, params)]

    def _decode(self, event_id: str, record_json: str) -> EventRecord:
        return decode(event_id, record_json, path=self._path)

    def count_events(self, event_filter: EventFilter, *, by: CountBy = "event") -> int:
        """How many events (distinct clusters, ``by="event"``) or mentions (``by="mention"``)
        the mentions ``events(event_filter)`` returns hold (its ``limit`` and ``offset``
        included)."""
        if by not in ("event", "mention"):
            raise ValueError(f"count_events(by=...) must be 'event' or 'mention', not {by!r}")
        where, params = to_sql(event_filter)
        key = "events.event_id" if by == "mention" else EVENT_KEY
        inner = f"SELECT {key} AS k FROM events {JOIN_CLUSTERS} {where}"
        page, page_params = _page(event_filter)
        if page:
            inner += f" {ORDER} {page}"
            params += page_params
        (count,) = self._read(f"SELECT count(DISTINCT k) FROM ({inner}) AS picked", params)[0]
        return int(count)

    def day_counts(
        self, event_filter: EventFilter, *, count_by: CountBy = "event"
    ) -> list[DayCount]:
        """Events (or mentions) matching ``event_filter`` per day and quad class; undated events
        left out (see ``polevent.query.aggregates`` for how an event counts once)."""
        sql, params = day_counts_sql(event_filter, count_by=count_by)
        return [
            DayCount(
                day=date.fromisoformat(str(day)),
                quad_class=int(quad),
                events=int(count),
                goldstein_sum=float(total),
            )
            for day, quad, count, total in self._read(sql, params)
        ]

    def actor_counts(
        self,
        event_filter: EventFilter,
        *,
        role: Role | None = None,
        partner_of: str | None = None,
        level: Level = "country",
        count_by: CountBy = "event",
        n: int = 10,
    ) -> list[ActorTally]:
        """The ``n`` actor keys (country or code) in the most matching events (or mentions), in
        ``role`` or either; with ``partner_of``, only the other-role partners of that actor."""
        sql, params = actor_counts_sql(
            event_filter,
            role=role,
            partner_of=partner_of,
            level=level,
            count_by=count_by,
            n=n,
            scan=self.EVENTS_SCAN,
            pick=self.PICK_FIRST,
        )
        return [
            ActorTally(code=str(key), events=int(count), goldstein_sum=float(total))
            for key, count, total in self._read(sql, params)
        ]

    def dyad_counts(
        self,
        event_filter: EventFilter,
        *,
        among: Sequence[str],
        level: Level = "country",
        count_by: CountBy = "event",
    ) -> list[DyadTally]:
        """For each actor in ``among``, its events as a source (matching as
        ``EventFilter.source``, which it replaces) by target key at ``level``: what
        ``actor_counts(replace(event_filter, source=a), role="target")`` counts, every target,
        by ``among`` order, then most events first (ties by target)."""
        if count_by not in ("event", "mention"):
            raise ValueError(f"count_by must be 'event' or 'mention', not {count_by!r}")
        codes = list(among)
        if any(not code.strip() for code in codes):
            raise ValueError("dyad_counts: among must not hold empty actors")
        if not codes:
            return []
        sql, params = dyad_counts_sql(
            event_filter,
            among=codes,
            level=level,
            count_by=count_by,
            scan=self.EVENTS_SCAN,
            pick=self.PICK_FIRST,
        )
        rows = sorted(
            (int(position), -int(count), str(key), float(total))
            for position, key, count, total in self._read(sql, params)
        )
        return [
            DyadTally(source=codes[position], target=key, events=-count, goldstein_sum=total)
            for position, count, key, total in rows
        ]

    def place_counts(self, event_filter: EventFilter, *, digits: int = 4) -> list[PlaceTally]:
        """Placed mentions ``event_filter`` matches (its ``limit``/``offset`` page in the
        ``events`` order) grouped by place name and coordinates rounded to ``digits``, by the
        position of each place's first mention."""
        sql, params = place_rows_sql(event_filter, field=self.PLACE_FIELD)
        groups: dict[tuple[str, float, float], _PlaceGroup] = {}
        for name, country, admin1, lat, lon, key, count, first in self._read(sql, params):
            place = (str(name), round(float(lat), digits), round(float(lon), digits))
            group = groups.setdefault(place, _PlaceGroup())
            group.add(country, admin1, str(key), int(count), int(first))
        ordered = sorted(groups.items(), key=lambda item: item[1].first)
        return [
            PlaceTally(
                name=name,
                country=group.country,
                admin1=group.admin1,
                lat=lat,
                lon=lon,
                events=len(group.events),
                mentions=group.mentions,
            )
            for (name, lat, lon), group in ordered
        ]

    def first_mentions(
        self, event_filter: EventFilter, *, first: date, last: date
    ) -> list[EventRecord]:
        """The first matching mention (by day, then mention id) of every event (cluster) whose
        first matching mention falls on a day in ``first``..``last``, by (day, mention id);
        the filter's ``limit`` and ``offset`` are ignored."""
        sql, params = first_mentions_sql(event_filter, first=first, last=last)
        picked = [str(event_id) for (event_id,) in self._read(sql, params)]
        records: dict[str, EventRecord] = {}
        for start in range(0, len(picked), _CHUNK):
            chunk = picked[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            read = f"SELECT event_id, record_json FROM events WHERE event_id IN ({marks})"
            for event_id, record in self._read(read, chunk):
                records[str(event_id)] = self._decode(str(event_id), str(record))
        return [records[event_id] for event_id in picked]

    def cluster_of(self, event_ids: Iterable[str]) -> Mapping[str, str]:
        """The event (cluster) id of each stored mention id in ``event_ids``; ids not stored are
        left out, a mention not yet clustered is its own event."""
        wanted = list(dict.fromkeys(event_ids))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            sql = (
                f"SELECT events.event_id, {EVENT_KEY} FROM events {JOIN_CLUSTERS}"
                f" WHERE events.event_id IN ({marks})"
            )
            found.update((str(mention), str(event)) for mention, event in self._read(sql, chunk))
        return found

    def mention(self, event_id: str) -> StoredMention | None:
        """The stored mention ``event_id`` with its event (cluster), or ``None``; a mention not
        clustered yet is its own event (``reason`` and ``score`` ``None``)."""
        rows = self._read(_MENTION, (event_id,))
        if not rows:
            return None
        mention_id, record_json, cluster_id, reason, score = rows[0]
        record = self._decode(str(mention_id), str(record_json))
        if cluster_id is None:
            return StoredMention(
                record=record,
                cluster_id=record.event_id,
                reason=None,
                score=None,
                mentions=(record.event_id,),
            )
        siblings = tuple(str(row[0]) for row in self._read(_SIBLINGS, (cluster_id,)))
        return StoredMention(
            record=record,
            cluster_id=str(cluster_id),
            reason=None if reason is None else str(reason),
            score=None if score is None else float(score),
            mentions=siblings,
        )

    def article(self, article_id: str) -> Article | None:
        """The stored article ``article_id``, or ``None``."""
        sql = f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?"
        names = [name.strip() for name in ARTICLE_COLUMNS.split(",")]
        rows = self._read(sql, (article_id,))
        return article_from_dict(dict(zip(names, rows[0], strict=True))) if rows else None

    def articles(self) -> list[Article]:
        """All stored articles by (published_at, id); undated last."""
        sql = f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY published_utc NULLS LAST, id"
        names = [name.strip() for name in ARTICLE_COLUMNS.split(",")]
        return [article_from_dict(dict(zip(names, row, strict=True))) for row in self._read(sql)]

    def stats(self) -> StoreStats:
        """Row counts of articles and mentions (``events``), and the number of event clusters."""
        row = self._read(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events),"
            f" (SELECT count(DISTINCT {EVENT_KEY}) FROM events {JOIN_CLUSTERS})"
        )
        articles, events, clusters = row[0]
        return StoreStats(articles=int(articles), events=int(events), clusters=int(clusters))

    # -- re-coding (see ``polevent.recode`` and ``_pending``) ---------------------------------
    def _recode_write(self, what: str, step: Callable[[Executor], _T]) -> _T:
        """Run ``step`` in one write transaction; ``StoreError("E403")`` when it fails."""
        self._executor()  # E401 when closed
        try:
            with self._write() as sql:
                return step(sql)
        except StoreError as e:
            raise StoreError(e.code, e.detail, path=self._path) from e
        except Exception as e:
            detail = f"{what}: {type(e).__name__}: {e}"
            raise StoreError("E403", detail, path=self._path) from e

    def _recode_read(self, step: Callable[[Executor], _T]) -> _T:
        executor = self._executor()
        try:
            return step(executor)
        except StoreError as e:
            raise StoreError(e.code, e.detail, path=self._path) from e
        except self._errors() as e:
            raise StoreError("E401", f"read failed: {e}", path=self._path) from e

    def recode_run(self) -> RecodeRun | None:
        """The pending re-code run, if there is one."""
        return self._recode_read(read_run)

    def start_recode(self, *, coder_version: str, data_version: str, forced: bool) -> RecodeRun:
        """The pending run of these versions (resumed) or a new one; ``StoreError("E403")`` when
        a run of other versions is pending."""
        run_id = uuid.uuid4().hex[:16]
        now = self._now().isoformat()
        return self._recode_write(
            "start re-code run",
            lambda sql: start_run(
                sql,
                run_id=run_id,
                coder_version=coder_version,
                data_version=data_version,
                forced=forced,
                now=now,
            ),
        )

    def recode_todo(
        self,
        *,
        coder_version: str,
        data_version: str,
        forced: bool,
        run: RecodeRun | None = None,
    ) -> list[str]:
        """Ids of the articles a run of these versions still has to re-code, by (published_at,
        id): not yet re-coded in ``run``, and (unless ``forced``) with a mention of another
        version or no mention and never re-coded by an accepted run of these versions."""
        return self._recode_read(
            lambda sql: recode_todo(
                sql,
                run_id=None if run is None else run.run_id,
                coder_version=coder_version,
                data_version=data_version,
                forced=forced,
            )
        )

    def add_pending(self, run: RecodeRun, article_id: str, events: Sequence[EventRecord]) -> int:
        """Store ``events`` as the pending mentions of ``article_id`` in ``run`` (replacing any
        there) and mark it re-coded, in one transaction; how many pending mentions it has."""
        now = self._now().isoformat()
        return self._recode_write(
            f"article {article_id}",
            lambda sql: add_pending(
                sql, run_id=run.run_id, article_id=article_id, events=events, now=now
            ),
        )

    def pending_articles(self, run: RecodeRun) -> list[PendingArticle]:
        """Every article ``run`` re-coded with its current and pending mentions, by id."""
        return self._recode_read(lambda sql: pending_articles(sql, run_id=run.run_id))

    def accept_recode(self, run: RecodeRun) -> AcceptResult:
        """Make ``run``'s pending mentions current in one transaction (everything or nothing);
        new mentions are clustered like ``add_article``'s."""
        now = self._now().isoformat()
        index = new_index(self._dedup)
        self._clusters = None  # rebuilt inside the transaction without the dropped mentions
        accepted = self._recode_write(
            f"accept re-code run {run.run_id}",
            lambda sql: accept_run(sql, run_id=run.run_id, index=index, now=now),
        )
        self._clusters = index
        return accepted

    def reject_recode(self, run: RecodeRun) -> int:
        """Discard ``run``'s pending mentions and mark it rejected; how many were discarded."""
        now = self._now().isoformat()
        return self._recode_write(
            f"reject re-code run {run.run_id}",
            lambda sql: reject_run(sql, run_id=run.run_id, now=now),
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
