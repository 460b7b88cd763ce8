"""Rows of the store tables built from records, and the SQL shared by every backend.

The SQL is written once, with ``?`` placeholders, in the dialect SQLite and PostgreSQL share
(``INSERT ... ON CONFLICT DO NOTHING``, ``NULLS LAST``, aliased sub-queries); a backend that uses
another placeholder style translates it in one place (``polevent.store.postgres.placeholders``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import UTC, datetime

from polevent.errors import StoreError
from polevent.records import ActorRef, Article, EventRecord, Place
from polevent.serialize import event_from_dict, event_to_dict

__all__ = [
    "ActorRow",
    "EventRow",
    "actor_rows",
    "check_belongs",
    "decode",
    "event_row",
    "record_json_of",
    "utc_key",
]

ORDER = "ORDER BY events.published_utc NULLS LAST, events.article_id, events.sentence_index,"
ORDER += " events.event_id"
ARTICLE_COLUMNS = "id, title, text, published_at, url, source"

INSERT_ARTICLE = (
    "INSERT INTO articles (id, title, url, source, published_at, published_utc, text,"
    " coded_at, n_events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT DO NOTHING"
)
EVENT_COLUMNS = (
    "event_id, article_id, sentence_index, cameo_code, cameo_root, quad_class, goldstein,"
    " plover_type, plover_mode, date_start, date_end, date_granularity, day, published_at,"
    " published_utc, evidence_text, evidence_start, evidence_end, record_json, modality,"
    " plover_context, place_country, place_admin1, place_lat, place_lon, place_x, place_y,"
    " place_z, coder_version, data_version"
)
"""The ``events`` columns in ``event_row`` order."""
_N_EVENT_COLUMNS = EVENT_COLUMNS.count(",") + 1
INSERT_EVENT = (
    f"INSERT INTO events ({EVENT_COLUMNS}) VALUES ({', '.join('?' * _N_EVENT_COLUMNS)})"
    " ON CONFLICT DO NOTHING"
)
# Every column but ``event_id`` (the first), then the id: ``event_row(e)[1:] + (e.event_id,)``.
UPDATE_EVENT = (
    "UPDATE events SET "
    + ", ".join(f"{name.strip()} = ?" for name in EVENT_COLUMNS.split(",")[1:])
    + " WHERE event_id = ?"
)
INSERT_ACTOR = (
    "INSERT INTO event_actors (event_id, role, position, code, country, sector, name, text)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_CLUSTER = (
    "INSERT INTO event_clusters (event_id, cluster_id, seq, new_cluster, reason, score)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)
UPDATE_N_EVENTS = (
    "UPDATE articles SET n_events = (SELECT count(*) FROM events WHERE article_id = ?) WHERE id = ?"
)
# A mention without an ``event_clusters`` row (stored before clustering existed, until the next
# write assigns it) is its own event.
EVENT_KEY = "COALESCE(c.cluster_id, events.event_id)"
JOIN_CLUSTERS = "LEFT JOIN event_clusters AS c ON c.event_id = events.event_id"

EventRow = tuple[object, ...]
ActorRow = tuple[str, str, int, str, str | None, str | None, str | None, str]


def utc_key(moment: datetime | None) -> str | None:
    """A fixed-width UTC sort key for ``moment`` (a naive datetime is read as UTC)."""
    if moment is None:
        return None
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def _upper(value: str | None) -> str | None:
    return None if value is None else value.upper()


def record_json_of(event: EventRecord) -> str:
    """``event`` as the canonical JSON text kept in ``record_json`` (sorted keys, compact)."""
    return json.dumps(
        event_to_dict(event), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )


def event_row(event: EventRecord) -> EventRow:
    """The ``events`` row of ``event`` (``INSERT_EVENT`` column order)."""
    day = event.date.start or (event.published_at.date() if event.published_at else None)
    record_json = record_json_of(event)
    return (
        event.event_id,
        event.article_id,
        event.sentence_index,
        event.cameo_code,
        event.cameo_root,
        event.quad_class,
        event.goldstein,
        event.plover_type,
        event.plover_mode,
        None if event.date.start is None else event.date.start.isoformat(),
        None if event.date.end is None else event.date.end.isoformat(),
        event.date.granularity,
        None if day is None else day.isoformat(),
        None if event.published_at is None else event.published_at.isoformat(),
        utc_key(event.published_at),
        event.evidence.text,
        event.evidence.start,
        event.evidence.end,
        record_json,
        event.modality,
        json.dumps(list(event.plover_context), ensure_ascii=False, separators=(",", ":")),
        *_place_columns(event.place),
        event.coder_version,
        event.data_version,
    )


def _place_columns(place: Place | None) -> tuple[object, ...]:
    """``place_country, place_admin1, place_lat, place_lon, place_x, place_y, place_z``: the unit
    vector (x, y, z) makes radius filters exact arithmetic in SQL."""
    if place is None:
        return (None,) * 7
    lat, lon = place.lat, place.lon
    if lat is None or lon is None:
        return (_upper(place.country), place.admin1, lat, lon, None, None, None)
    phi, lam = math.radians(lat), math.radians(lon)
    xyz = (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))
    return (_upper(place.country), place.admin1, lat, lon, *xyz)


def actor_rows(event: EventRecord) -> list[ActorRow]:
    """One ``event_actors`` row per actor of ``event``; codes, countries, sectors upper-case."""
    roles: tuple[tuple[str, tuple[ActorRef, ...]], ...] = (
        ("source", event.source),
        ("target", event.target),
    )
    return [
        (
            event.event_id,
            role,
            position,
            actor.code.upper(),
            _upper(actor.country),
            _upper(actor.sector),
            actor.name,
            actor.text,
        )
        for role, actors in roles
        for position, actor in enumerate(actors)
    ]


def check_belongs(article: Article, events: Sequence[EventRecord], path: str) -> None:
    """Raise ``StoreError("E403")`` when one of ``events`` belongs to another article."""
    for event in events:
        if event.article_id != article.id:
            raise StoreError(
                "E403",
                f"event {event.event_id} belongs to article {event.article_id}, not {article.id}",
                path=path,
            )


def decode(event_id: str, record_json: str, *, path: str | None = None) -> EventRecord:
    """The record stored as ``record_json``; ``StoreError("E401")`` (naming the store ``path``)
    when it is malformed."""
    try:
        return event_from_dict(json.loads(record_json))
    except (json.JSONDecodeError, StoreError) as e:
        detail = f"record in store is malformed: event {event_id}: {e}"
        raise StoreError("E401", detail, path=path) from e
