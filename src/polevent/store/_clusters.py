"""Events vs mentions inside the store: the dedup ``Clusterer`` fed from and written to SQL.

A store keeps one ``ClusterIndex`` (the clusterer and the last assignment it has seen), built
lazily by the first write: ``catch_up`` replays the stored assignments in ``seq`` order with
``Clusterer.add`` (no comparisons), then, on a fresh index, assigns the mentions stored before
clustering existed. Every later write catches up first (another process may have written), all
inside the write transaction, so the in-memory clusterer always matches the table. A rolled-back
write leaves the index ahead of the table: the store then drops it and rebuilds on next write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime

from polevent.dedup import Assignment, Clusterer, DedupSettings, Mention, mention_from
from polevent.serialize import event_from_dict
from polevent.store._executor import Executor
from polevent.store._rows import INSERT_CLUSTER

__all__ = ["ClusterIndex", "assign", "catch_up", "mention_of", "new_index"]

_REPLAY = (
    "SELECT c.seq, c.cluster_id, e.record_json, a.published_at FROM event_clusters AS c"
    " JOIN events AS e ON e.event_id = c.event_id JOIN articles AS a ON a.id = e.article_id"
    " WHERE c.seq > ? ORDER BY c.seq"
)
_UNASSIGNED = (
    "SELECT e.record_json, a.published_at FROM events AS e"
    " JOIN articles AS a ON a.id = e.article_id"
    " WHERE NOT EXISTS (SELECT 1 FROM event_clusters AS c WHERE c.event_id = e.event_id)"
    " ORDER BY e.published_utc NULLS LAST, e.article_id, e.sentence_index, e.event_id"
)


@dataclass(slots=True)
class ClusterIndex:
    """The clusterer of one store and the ``seq`` of the last assignment it holds."""

    clusterer: Clusterer
    last_seq: int = 0


def new_index(settings: DedupSettings | None) -> ClusterIndex:
    """An empty index (nothing loaded yet)."""
    return ClusterIndex(clusterer=Clusterer(settings=settings))


def mention_of(record_json: str, published_at: str | None) -> Mention:
    """The mention of a stored record, dated by its article as at write time."""
    record = event_from_dict(json.loads(record_json))
    published = None if published_at is None else datetime.fromisoformat(published_at)
    return mention_from(replace(record, published_at=published))


def assign(sql: Executor, index: ClusterIndex, mention: Mention) -> Assignment:
    """Cluster ``mention`` and write its assignment (the caller holds the write transaction)."""
    found = index.clusterer.assign(mention)
    index.last_seq += 1
    row = (
        found.event_id,
        found.cluster_id,
        index.last_seq,
        int(found.new_cluster),
        found.reason,
        found.score,
    )
    sql.execute(INSERT_CLUSTER, row)
    return found


def catch_up(sql: Executor, index: ClusterIndex) -> int:
    """Replay assignments newer than ``index.last_seq``; on a fresh index also assign stored
    mentions that have none. Returns how many mentions were replayed or assigned."""
    fresh = index.last_seq == 0 and len(index.clusterer) == 0
    rows = sql.fetch(_REPLAY, (index.last_seq,))
    for seq, cluster_id, record_json, published_at in rows:
        index.clusterer.add(mention_of(record_json, published_at), str(cluster_id))
        index.last_seq = int(seq)
    done = len(rows)
    if fresh:
        for record_json, published_at in sql.fetch(_UNASSIGNED):
            assign(sql, index, mention_of(record_json, published_at))
            done += 1
    return done
