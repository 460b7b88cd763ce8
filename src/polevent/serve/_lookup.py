"""Reads the ``Store`` protocol has no method for: one mention by id, with its event cluster.

Both stores (SQLite, PostgreSQL) are ``SqlStore``s; this reads through their shared ``_read``
and ``_decode`` with a bound parameter. (A ``Store.mention(event_id)`` method would replace it.)
"""

from __future__ import annotations

from dataclasses import dataclass

from polevent.records import EventRecord
from polevent.store import Store
from polevent.store._sql import SqlStore

__all__ = ["Found", "find_mention"]

_MENTION = (
    "SELECT e.event_id, e.record_json, c.cluster_id, c.reason, c.score FROM events AS e"
    " LEFT JOIN event_clusters AS c ON c.event_id = e.event_id WHERE e.event_id = ?"
)
_SIBLINGS = "SELECT event_id FROM event_clusters WHERE cluster_id = ? ORDER BY seq"


@dataclass(frozen=True, slots=True, kw_only=True)
class Found:
    """A mention, the event (cluster) it belongs to, why, and every mention of that event."""

    record: EventRecord
    cluster_id: str
    reason: str | None
    score: float | None
    mentions: tuple[str, ...]


def find_mention(store: Store, event_id: str) -> Found | None:
    """The stored mention ``event_id`` with its cluster, or ``None``."""
    if not isinstance(store, SqlStore):
        raise TypeError(f"find_mention needs an SQL store, not {type(store).__name__}")
    rows = store._read(_MENTION, (event_id,))
    if not rows:
        return None
    mention_id, record_json, cluster_id, reason, score = rows[0]
    record = store._decode(str(mention_id), str(record_json))
    if cluster_id is None:  # not clustered yet: its own event
        return Found(
            record=record,
            cluster_id=record.event_id,
            reason=None,
            score=None,
            mentions=(record.event_id,),
        )
    siblings = tuple(str(row[0]) for row in store._read(_SIBLINGS, (cluster_id,)))
    return Found(
        record=record,
        cluster_id=str(cluster_id),
        reason=None if reason is None else str(reason),
        score=None if score is None else float(score),
        mentions=siblings,
    )
