"""Re-code runs in SQL: pending mentions kept next to the current ones, accepted or rejected whole.

A run (``recode_runs``) belongs to one coder and data version. Re-coding an article writes its
new mentions to ``pending_events`` and the article to ``recode_articles`` in one transaction;
queries read ``events`` only, so pending mentions stay invisible. Accepting makes, for every
article the run re-coded, the pending mentions current: ids no longer coded are deleted (their
actor rows and cluster assignment go with them), ids coded again are updated in place (they keep
their event cluster), new ids are inserted and clustered with the store's ``Clusterer`` as
``add_article`` does. The functions here run inside the caller's transaction (``Executor``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from polevent.errors import StoreError
from polevent.records import EventRecord
from polevent.store._clusters import ClusterIndex, assign, catch_up, mention_of
from polevent.store._executor import Executor
from polevent.store._rows import (
    INSERT_ACTOR,
    INSERT_EVENT,
    UPDATE_EVENT,
    UPDATE_N_EVENTS,
    actor_rows,
    decode,
    event_row,
    record_json_of,
)
from polevent.store.base import AcceptResult, PendingArticle, RecodeRun

__all__ = [
    "accept_run",
    "add_pending",
    "pending_articles",
    "read_run",
    "recode_todo",
    "reject_run",
    "start_run",
]

_RUN = (
    "SELECT r.run_id, r.coder_version, r.data_version, r.forced, r.status, r.started_at,"
    " r.closed_at, (SELECT count(*) FROM recode_articles AS d WHERE d.run_id = r.run_id),"
    " (SELECT count(*) FROM pending_events AS p WHERE p.run_id = r.run_id) FROM recode_runs AS r"
)
_INSERT_RUN = (
    "INSERT INTO recode_runs (run_id, coder_version, data_version, forced, status, started_at)"
    " VALUES (?, ?, ?, ?, 'pending', ?)"
)
_INSERT_PENDING = (
    "INSERT INTO pending_events (run_id, event_id, article_id, sentence_index, coder_version,"
    " data_version, record_json) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
)
_TODO = (
    "SELECT a.id FROM articles AS a WHERE NOT EXISTS (SELECT 1 FROM recode_articles AS d"
    " WHERE d.run_id = ? AND d.article_id = a.id)"
)
# Not forced: an article is current when its mentions are all of the run's versions, or (it has
# none) when an accepted run of those versions re-coded it.
_OUTDATED = (
    " AND (EXISTS (SELECT 1 FROM events AS e WHERE e.article_id = a.id"
    " AND (e.coder_version <> ? OR e.data_version <> ?))"
    " OR (NOT EXISTS (SELECT 1 FROM events AS e WHERE e.article_id = a.id)"
    " AND NOT EXISTS (SELECT 1 FROM recode_articles AS d JOIN recode_runs AS r"
    " ON r.run_id = d.run_id WHERE d.article_id = a.id AND r.status = 'accepted'"
    " AND r.coder_version = ? AND r.data_version = ?)))"
)
_CURRENT = (
    "SELECT e.event_id, e.article_id, e.record_json FROM events AS e JOIN recode_articles AS d"
    " ON d.article_id = e.article_id WHERE d.run_id = ?"
    " ORDER BY e.article_id, e.sentence_index, e.event_id"
)
_PENDING = (
    "SELECT p.event_id, p.article_id, p.record_json FROM pending_events AS p WHERE p.run_id = ?"
    " ORDER BY p.article_id, p.sentence_index, p.event_id"
)
_PENDING_NEW = (
    "SELECT p.event_id, p.record_json, a.published_at FROM pending_events AS p"
    " JOIN articles AS a ON a.id = p.article_id WHERE p.run_id = ? AND NOT EXISTS"
    " (SELECT 1 FROM events AS e WHERE e.event_id = p.event_id)"
    " ORDER BY a.published_utc NULLS LAST, p.article_id, p.sentence_index, p.event_id"
)


def _run_of(row: tuple[object, ...]) -> RecodeRun:
    run_id, coder, data, forced, status, started, closed, articles, pending = row
    if status not in ("pending", "accepted", "rejected"):
        raise StoreError("E401", f"re-code run {run_id} has an unknown status {status!r}")
    return RecodeRun(
        run_id=str(run_id),
        coder_version=str(coder),
        data_version=str(data),
        forced=bool(forced),
        status=status,
        started_at=str(started),
        closed_at=None if closed is None else str(closed),
        articles=int(str(articles)),
        pending=int(str(pending)),
    )


def read_run(sql: Executor, *, run_id: str | None = None) -> RecodeRun | None:
    """The run ``run_id``, or (``None``) the pending run; ``None`` when there is none."""
    if run_id is None:
        rows = sql.fetch(f"{_RUN} WHERE r.status = 'pending' ORDER BY r.started_at, r.run_id")
    else:
        rows = sql.fetch(f"{_RUN} WHERE r.run_id = ?", (run_id,))
    return _run_of(rows[0]) if rows else None


def start_run(
    sql: Executor, *, run_id: str, coder_version: str, data_version: str, forced: bool, now: str
) -> RecodeRun:
    """The pending run (when of these versions) or a new one named ``run_id``."""
    found = read_run(sql)
    if found is None:
        sql.execute(_INSERT_RUN, (run_id, coder_version, data_version, int(forced), now))
        started = read_run(sql, run_id=run_id)
        if started is None:  # pragma: no cover - just inserted in this transaction
            raise StoreError("E403", f"re-code run {run_id} was not stored")
        return started
    check_versions(found, coder_version=coder_version, data_version=data_version)
    return found


def check_versions(run: RecodeRun, *, coder_version: str, data_version: str) -> None:
    """``StoreError("E406")`` unless the pending ``run`` is of these versions."""
    if (run.coder_version, run.data_version) != (coder_version, data_version):
        detail = (
            f"re-code run {run.run_id} ({run.coder_version}; data {run.data_version}) is"
            " pending: accept or reject it before re-coding with another version"
        )
        raise StoreError("E406", detail)


def recode_todo(
    sql: Executor, *, run_id: str | None, coder_version: str, data_version: str, forced: bool
) -> list[str]:
    """Ids of the articles still to re-code (see ``RecodeStore.recode_todo``)."""
    query, params = _TODO, [run_id or ""]
    if not forced:
        query += _OUTDATED
        params += [coder_version, data_version, coder_version, data_version]
    query += " ORDER BY a.published_utc NULLS LAST, a.id"
    return [str(article_id) for (article_id,) in sql.fetch(query, params)]


def _require_pending(sql: Executor, run_id: str) -> None:
    rows = sql.fetch("SELECT status FROM recode_runs WHERE run_id = ?", (run_id,))
    if not rows or rows[0][0] != "pending":
        state = "unknown" if not rows else str(rows[0][0])
        raise StoreError("E403", f"re-code run {run_id} is not pending ({state})")


def add_pending(
    sql: Executor, *, run_id: str, article_id: str, events: Sequence[EventRecord], now: str
) -> int:
    """Replace the pending mentions of ``article_id`` in ``run_id`` with ``events``; mark the
    article re-coded. Returns how many pending mentions it has now."""
    _require_pending(sql, run_id)
    for event in events:
        if event.article_id != article_id:
            detail = (
                f"event {event.event_id} belongs to article {event.article_id}, not {article_id}"
            )
            raise StoreError("E403", detail)
    sql.execute(
        "DELETE FROM pending_events WHERE run_id = ? AND article_id = ?", (run_id, article_id)
    )
    sql.execute(
        "DELETE FROM recode_articles WHERE run_id = ? AND article_id = ?", (run_id, article_id)
    )
    rows = [
        (
            run_id,
            event.event_id,
            article_id,
            event.sentence_index,
            event.coder_version,
            event.data_version,
            record_json_of(event),
        )
        for event in events
    ]
    sql.executemany(_INSERT_PENDING, rows)
    (count,) = sql.fetch(
        "SELECT count(*) FROM pending_events WHERE run_id = ? AND article_id = ?",
        (run_id, article_id),
    )[0]
    sql.execute(
        "INSERT INTO recode_articles (run_id, article_id, recoded_at, n_pending)"
        " VALUES (?, ?, ?, ?)",
        (run_id, article_id, now, int(count)),
    )
    return int(count)


def _by_article(rows: list[tuple[object, ...]]) -> dict[str, list[EventRecord]]:
    grouped: dict[str, list[EventRecord]] = {}
    for event_id, article_id, record_json in rows:
        grouped.setdefault(str(article_id), []).append(decode(str(event_id), str(record_json)))
    return grouped


def pending_articles(sql: Executor, *, run_id: str) -> list[PendingArticle]:
    """Every article ``run_id`` re-coded, with its current and pending mentions."""
    ids = sql.fetch(
        "SELECT article_id FROM recode_articles WHERE run_id = ? ORDER BY article_id", (run_id,)
    )
    current = _by_article(sql.fetch(_CURRENT, (run_id,)))
    pending = _by_article(sql.fetch(_PENDING, (run_id,)))
    return [
        PendingArticle(
            article_id=str(article_id),
            current=tuple(current.get(str(article_id), ())),
            pending=tuple(pending.get(str(article_id), ())),
        )
        for (article_id,) in ids
    ]


@dataclass(slots=True)
class _Tally:
    added: int = 0
    replaced: int = 0
    dropped: int = 0
    unchanged: int = 0


def _replace_current(sql: Executor, run_id: str, tally: _Tally) -> None:
    """Delete the current mentions no longer coded; update those coded differently."""
    current = sql.fetch(
        "SELECT e.event_id, e.record_json, p.record_json FROM events AS e JOIN recode_articles"
        " AS d ON d.article_id = e.article_id AND d.run_id = ? LEFT JOIN pending_events AS p"
        " ON p.run_id = d.run_id AND p.event_id = e.event_id ORDER BY e.event_id",
        (run_id,),
    )
    for event_id, old_json, new_json in current:
        if new_json is None:
            sql.execute("DELETE FROM events WHERE event_id = ?", (event_id,))
            tally.dropped += 1
        elif new_json == old_json:
            tally.unchanged += 1
        else:
            event = decode(str(event_id), str(new_json))
            sql.execute(UPDATE_EVENT, (*event_row(event)[1:], event.event_id))
            sql.execute("DELETE FROM event_actors WHERE event_id = ?", (event.event_id,))
            sql.executemany(INSERT_ACTOR, actor_rows(event))
            tally.replaced += 1


def accept_run(sql: Executor, *, run_id: str, index: ClusterIndex, now: str) -> AcceptResult:
    """Make ``run_id``'s pending mentions current (see the module doc). ``index`` must be a
    fresh (empty) cluster index: it is filled from the table once the dropped mentions are gone,
    then clusters the new ones."""
    _require_pending(sql, run_id)
    tally = _Tally()
    _replace_current(sql, run_id, tally)
    catch_up(sql, index)
    for event_id, record_json, published_at in sql.fetch(_PENDING_NEW, (run_id,)):
        event = decode(str(event_id), str(record_json))
        if sql.execute(INSERT_EVENT, event_row(event)) == 1:
            sql.executemany(INSERT_ACTOR, actor_rows(event))
            assign(sql, index, mention_of(str(record_json), published_at))
            tally.added += 1
    articles = sql.fetch("SELECT article_id FROM recode_articles WHERE run_id = ?", (run_id,))
    sql.executemany(UPDATE_N_EVENTS, [(a, a) for (a,) in articles])
    sql.execute("DELETE FROM pending_events WHERE run_id = ?", (run_id,))
    sql.execute(
        "UPDATE recode_runs SET status = 'accepted', closed_at = ? WHERE run_id = ?",
        (now, run_id),
    )
    return AcceptResult(
        run_id=run_id,
        articles=len(articles),
        added=tally.added,
        replaced=tally.replaced,
        dropped=tally.dropped,
        unchanged=tally.unchanged,
    )


def reject_run(sql: Executor, *, run_id: str, now: str) -> int:
    """Discard ``run_id``'s pending mentions and mark it rejected; how many were discarded."""
    _require_pending(sql, run_id)
    (count,) = sql.fetch("SELECT count(*) FROM pending_events WHERE run_id = ?", (run_id,))[0]
    sql.execute("DELETE FROM pending_events WHERE run_id = ?", (run_id,))
    sql.execute(
        "UPDATE recode_runs SET status = 'rejected', closed_at = ? WHERE run_id = ?",
        (now, run_id),
    )
    return int(count)
