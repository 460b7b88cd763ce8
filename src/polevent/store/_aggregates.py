"""The SQL of the store's aggregates (``day_counts``, ``actor_counts``), one text for every backend.

Counting by event keeps one row per event (cluster): the first matching mention by (day, mention
id), picked with ``ROW_NUMBER() OVER (PARTITION BY ...)`` (SQLite >= 3.25 and PostgreSQL). Counting
by mention keeps one row per mention. Filter values are bound (``?``), never pasted; the only
pasted parts are the constant column expressions chosen here.
"""

from __future__ import annotations

from polevent.query.filters import EventFilter, conditions
from polevent.store._rows import EVENT_KEY, JOIN_CLUSTERS

__all__ = ["actor_counts_sql", "day_counts_sql"]

_MATCH = "(COALESCE({t}.country, '') = ? OR ({t}.code >= ? AND {t}.code < ?))"


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
) -> tuple[str, list[object]]:
    """``(key, count, goldstein_sum)`` rows of the ``n`` actor keys in the most events.

    ``partner_of``: only actors in the other role of an event where an actor matching it
    takes part, and not matching it themselves."""
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
    inner = (
        f"SELECT {key} AS k, events.goldstein AS g, ROW_NUMBER() OVER (PARTITION BY {key},"
        f" {_unit(count_by)} ORDER BY events.day, events.event_id) AS rn"
        f" FROM events {JOIN_CLUSTERS} {joins} {_where(terms)}"
    )
    sql = (
        f"SELECT k, count(*), sum(g) FROM ({inner}) AS picked WHERE rn = 1"
        " GROUP BY k ORDER BY count(*) DESC, k LIMIT ?"
    )
    return sql, [*params, n]
