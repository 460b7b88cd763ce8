"""The SQL of the store's aggregates (``day_counts``, ``actor_counts``, ``dyad_counts``,
``place_counts``, ``first_mentions``), one text for every backend.

Counting by event keeps one row per event (cluster): the first matching mention by (day, mention
id), picked with ``ROW_NUMBER() OVER (PARTITION BY ...)`` (SQLite >= 3.25 and PostgreSQL). Counting
by mention keeps one row per mention. Filter values are bound (``?``), never pasted; the only
pasted parts are the constant column expressions chosen here and a backend's ``scan`` of
``events`` (``SqlStore.EVENTS_SCAN``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from polevent.query.filters import EventFilter, conditions
from polevent.store._rows import EVENT_KEY, JOIN_CLUSTERS, ORDER

__all__ = [
    "actor_counts_sql",
    "day_counts_sql",
    "dyad_counts_sql",
    "first_mentions_sql",
    "place_rows_sql",
]

_MATCH = "(COALESCE({t}.country, '') = ? OR ({t}.code >= ? AND {t}.code < ?))"


_NO_LIMIT = 2**63 - 1  # ``LIMIT`` when only ``OFFSET`` is given (SQLite needs a LIMIT)


def _as_day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _unit(count_by: str) -> str:
    if count_by == "event":
        return EVENT_KEY
    if count_by == "mention":
        return "events.event_id"
    raise ValueError(f"count_by must be 'event' or 'mention', not {count_by!r}")


def _where(terms: list[str]) -> str:
    return ("WHERE " + " AND ".join(terms)) if terms else ""


def day_counts_sql(event_filter: EventFilter, *, count_by: str) -> tuple[str, list[object]]:
    """``(day, quad_class, count, goldstein_sum)`` rows by day and quad class."""
    terms, params = conditions(event_filter)
    terms = ["events.day IS NOT NULL", *terms]
    unit = _unit(count_by)
    if count_by == "mention":
        sql = (
            "SELECT events.day, events.quad_class, count(*), sum(events.goldstein) FROM events"
            f" {_where(terms)} GROUP BY events.day, events.quad_class"
            " ORDER BY events.day, events.quad_class"
        )
        return sql, params
    inner = (
        "SELECT events.day AS day, events.quad_class AS quad_class, events.goldstein AS g,"
        f" ROW_NUMBER() OVER (PARTITION BY {unit} ORDER BY events.day, events.event_id) AS rn"
        f" FROM events {JOIN_CLUSTERS} {_where(terms)}"
    )
    sql = (
        f"SELECT day, quad_class, count(*), sum(g) FROM ({inner}) AS picked WHERE rn = 1"
        " GROUP BY day, quad_class ORDER BY day, quad_class"
    )
    return sql, params


def _firsts(columns: str, partition: str, rows: str, *, pick: str) -> str:
    """A query of ``columns`` from the first row by (day, mention id) of each ``partition``
    group of ``rows`` (its ``FROM ... WHERE ...``).

    ``pick="window"``: ``ROW_NUMBER()`` (portable). Cheaper ones, one per backend (see
    ``SqlStore.PICK_FIRST``): ``"min"`` (SQLite), one ``GROUP BY`` whose bare columns come from
    the row holding ``min()`` (documented SQLite behaviour; the key orders as ``ORDER BY day,
    event_id`` does there: days are fixed-width ``YYYY-MM-DD``, a missing day, ``''``, first);
    ``"distinct_on"`` (PostgreSQL), ``SELECT DISTINCT ON``."""
    order = "events.day, events.event_id"
    if pick == "min":
        first = "min(COALESCE(events.day, '') || ' ' || events.event_id) AS first_key"
        return f"SELECT {columns}, {first} {rows} GROUP BY {partition}"
    if pick == "distinct_on":
        return f"SELECT DISTINCT ON ({partition}) {columns} {rows} ORDER BY {partition}, {order}"
    if pick != "window":
        raise ValueError(f"pick must be 'window', 'min' or 'distinct_on', not {pick!r}")
    ranked = (
        f"SELECT {columns}, ROW_NUMBER() OVER (PARTITION BY {partition} ORDER BY {order}) AS rn"
        f" {rows}"
    )
    return f"SELECT * FROM ({ranked}) AS ranked WHERE rn = 1"


def _needle(actor: str) -> list[object]:
    needle = actor.strip().upper()
    return [needle, needle, needle[:-1] + chr(ord(needle[-1]) + 1)]


def actor_counts_sql(
    event_filter: EventFilter,
    *,
    role: str | None,
    partner_of: str | None,
    level: str,
    count_by: str,
    n: int,
    scan: str = "events",
    pick: str = "window",
) -> tuple[str, list[object]]:
    """``(key, count, goldstein_sum)`` rows of the ``n`` actor keys in the most events.

    ``partner_of``: only actors in the other role of an event where an actor matching it
    takes part, and not matching it themselves. ``scan``: how the ``events`` table is read
    (SQLite: ``events INDEXED BY events_page``, see ``SqlStore.EVENTS_SCAN``); ``pick``: how
    the first mention of each event is picked (see ``_firsts``)."""
    if level not in ("country", "code"):
        raise ValueError(f"level must be 'country' or 'code', not {level!r}")
    if role not in (None, "source", "target"):
        raise ValueError(f"role must be 'source', 'target' or None, not {role!r}")
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    key = "COALESCE(p.country, p.code)" if level == "country" else "p.code"
    joins = "JOIN event_actors AS p ON p.event_id = events.event_id"
    params: list[object] = []
    if role is not None:
        joins += f" AND p.role = '{role}'"  # a checked constant
    if partner_of is not None:
        joins += (
            " JOIN event_actors AS me ON me.event_id = events.event_id AND me.role <> p.role"
            f" AND {_MATCH.format(t='me')} AND NOT {_MATCH.format(t='p')}"
        )
        params += _needle(partner_of) * 2
    terms, filter_params = conditions(event_filter)
    params += filter_params
    inner = _firsts(
        f"{key} AS k, events.goldstein AS g",
        f"{key}, {_unit(count_by)}",
        f"FROM {scan} {JOIN_CLUSTERS} {joins} {_where(terms)}",
        pick=pick,
    )
    sql = (
        f"SELECT k, count(*), sum(g) FROM ({inner}) AS picked"
        " GROUP BY k ORDER BY count(*) DESC, k LIMIT ?"
    )
    return sql, [*params, n]


def dyad_counts_sql(
    event_filter: EventFilter,
    *,
    among: Sequence[str],
    level: str,
    count_by: str,
    scan: str = "events",
    pick: str = "window",
) -> tuple[str, list[object]]:
    """``(position, target key, count, goldstein_sum)`` rows: for each source actor in
    ``among`` (by its position there), the events with a source matching it (as
    ``EventFilter.source``, which it replaces) counted by target key, as ``actor_counts_sql``
    with ``role="target"`` counts them; every target key, in no particular order. Mentions
    drive the join (``CROSS JOIN`` keeps SQLite's order; PostgreSQL plans it freely)."""
    if level not in ("country", "code"):
        raise ValueError(f"level must be 'country' or 'code', not {level!r}")
    key = "COALESCE(t.country, t.code)" if level == "country" else "t.code"
    params: list[object] = []
    for position, code in enumerate(among):
        needle, _, end = _needle(code)
        params += [position, needle, end]
    values = ", ".join("(?, ?, ?)" for _ in among)
    terms, filter_params = conditions(replace(event_filter, source=None))
    inner = _firsts(
        f"m.pos AS pos, {key} AS k, events.goldstein AS g",
        f"m.pos, {key}, {_unit(count_by)}",
        f"FROM {scan} {JOIN_CLUSTERS} CROSS JOIN event_actors AS s"
        " CROSS JOIN matched AS m CROSS JOIN event_actors AS t"
        " WHERE s.event_id = events.event_id AND s.role = 'source' AND m.code = s.code"
        " AND COALESCE(m.country, '') = COALESCE(s.country, '')"
        " AND t.event_id = events.event_id AND t.role = 'target'"
        f"{''.join(' AND ' + term for term in terms)}",
        pick=pick,
    )
    sql = (
        f"WITH nodes (pos, code, code_end) AS (VALUES {values}),"
        " actors AS (SELECT DISTINCT country, code FROM event_actors WHERE role = 'source'),"
        " matched AS MATERIALIZED (SELECT actors.country AS country, actors.code AS code,"
        " nodes.pos AS pos FROM actors JOIN nodes ON (actors.country = nodes.code"
        " OR (actors.code >= nodes.code AND actors.code < nodes.code_end)))"
        f" SELECT pos, k, count(*), sum(g) FROM ({inner}) AS picked GROUP BY pos, k"
    )
    return sql, [*params, *filter_params]


def place_rows_sql(event_filter: EventFilter, *, field: str) -> tuple[str, list[object]]:
    """``(name, country, admin1, lat, lon, event key, mentions, first position)`` rows of the
    placed mentions ``event_filter`` matches (its ``limit``/``offset`` page of them in the
    store's order), one per place and event (cluster); positions count from 1 in that order.
    ``field``: the SQL of one field of ``events.place_json``, ``{}`` standing for its name
    (``SqlStore.PLACE_FIELD``); ``country`` is the place's country as coded."""
    terms, params = conditions(event_filter)
    terms = [*terms, "events.place_lat IS NOT NULL", "events.place_lon IS NOT NULL"]
    page = ""
    if event_filter.limit is not None or event_filter.offset:
        page = f" {ORDER} LIMIT ? OFFSET ?"
        params += [_NO_LIMIT if event_filter.limit is None else event_filter.limit]
        params += [event_filter.offset]
    inner = (
        f"SELECT {field.format('name')} AS name, {field.format('country')} AS country,"
        " events.place_admin1 AS admin1, events.place_lat AS lat, events.place_lon AS lon,"
        f" {EVENT_KEY} AS k, ROW_NUMBER() OVER ({ORDER}) AS pos"
        f" FROM events {JOIN_CLUSTERS} {_where(terms)}{page}"
    )
    sql = (
        f"SELECT name, country, admin1, lat, lon, k, count(*), min(pos) FROM ({inner}) AS placed"
        " GROUP BY name, country, admin1, lat, lon, k"
    )
    return sql, params


def first_mentions_sql(
    event_filter: EventFilter, *, first: date, last: date
) -> tuple[str, list[object]]:
    """Ids of the first matching mention (by day, then mention id) of each event (cluster)
    whose first matching mention falls on a day in ``first``..``last``, by (day, id).

    Only events with a matching mention in that window can qualify, so only their mentions up
    to ``last`` are ranked (a bounded read, whatever the store holds before ``first``)."""
    until = last if event_filter.until is None else min(_as_day(event_filter.until), last)
    window = replace(event_filter, until=until, limit=None, offset=0)
    since = first if window.since is None else max(_as_day(window.since), first)
    terms, params = conditions(window)
    in_window, window_params = conditions(replace(window, since=since))
    terms = ["events.day IS NOT NULL", *terms]
    inner = (
        "SELECT events.event_id AS event_id, events.day AS day, ROW_NUMBER() OVER"
        f" (PARTITION BY {EVENT_KEY} ORDER BY events.day, events.event_id) AS rn"
        f" FROM events {JOIN_CLUSTERS} {_where(terms)} AND {EVENT_KEY} IN"
        f" (SELECT {EVENT_KEY} FROM events {JOIN_CLUSTERS} {_where(in_window)})"
    )
    sql = f"SELECT event_id FROM ({inner}) AS ranked WHERE rn = 1 AND day >= ?"
    return sql + " ORDER BY day, event_id", [*params, *window_params, first.isoformat()]
