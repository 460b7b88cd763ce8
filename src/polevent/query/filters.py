"""``EventFilter``: which events a query wants, and its translation to parameterised SQL.

``to_sql`` returns a ``WHERE`` clause over the store's ``events`` table (joined to ``event_actors``
through ``EXISTS`` sub-queries) with ``?`` placeholders and the list of values to bind. Values are
never pasted into the SQL text.

Columns it relies on (created by ``polevent.store.migrations``): ``events.event_id``,
``events.article_id``, ``events.cameo_root``, ``events.plover_type``, ``events.day`` (the event's
start date, or its article's publication date when the event date is unknown, as ``YYYY-MM-DD``) and
``event_actors.event_id``, ``.role``, ``.code`` and ``.country`` (codes stored upper-case).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

__all__ = ["EventFilter", "to_sql"]

_ROLES = ("source", "target")


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFilter:
    """Conditions on events; every field left ``None`` matches everything.

    * ``actor`` matches an actor in either role whose country equals it or whose CAMEO code starts
      with it, case-insensitively: ``"IND"`` matches ``IND``, ``INDGOV`` and an actor with country
      ``IND``; ``"INDGOV"`` matches ``INDGOV`` and ``INDGOVMIL``.
    * ``source`` / ``target``: the same matching, restricted to that role.
    * ``since`` / ``until`` (inclusive) compare with the event date's start, or with the article's
      publication date when the event date is unknown; events with neither never match them.
    * ``cameo_root`` equals the two-digit root (``"19"``; ``"9"`` is read as ``"09"``);
      ``plover_type`` is compared case-insensitively; ``article_id`` exactly.
    * ``limit`` caps the number of events returned (not part of the ``WHERE`` clause).

    Empty strings and a negative ``limit`` raise ``ValueError``.
    """

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    since: date | None = None
    until: date | None = None
    cameo_root: str | None = None
    plover_type: str | None = None
    article_id: str | None = None
    limit: int | None = None

    def __post_init__(self) -> None:
        for name in ("actor", "source", "target", "cameo_root", "plover_type", "article_id"):
            value = getattr(self, name)
            if value is not None and not value.strip():
                raise ValueError(f"EventFilter.{name} must not be empty")
        if self.limit is not None and self.limit < 0:
            raise ValueError(f"EventFilter.limit must be >= 0, got {self.limit}")


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _actor_condition(value: str, roles: tuple[str, ...]) -> tuple[str, list[object]]:
    """An ``EXISTS`` over ``event_actors`` for an actor with that country or code prefix."""
    needle = value.strip().upper()
    role_sql = " OR ".join(f"a.role = '{role}'" for role in roles)  # constants, not user values
    sql = (
        "EXISTS (SELECT 1 FROM event_actors AS a WHERE a.event_id = events.event_id"
        f" AND ({role_sql}) AND (a.country = ? OR a.code LIKE ? ESCAPE '\\'))"
    )
    return sql, [needle, _escape_like(needle) + "%"]


def _day(value: date | None) -> str | None:
    """``YYYY-MM-DD`` of ``value``; a ``datetime`` counts as its (local) date."""
    if value is None:
        return None
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def _upper(value: str | None) -> str | None:
    return None if value is None else value.strip().upper()


def _root(value: str) -> str:
    root = value.strip()
    return root.zfill(2) if root.isdigit() and len(root) == 1 else root


def to_sql(event_filter: EventFilter) -> tuple[str, list[object]]:
    """``("WHERE ...", params)`` for ``event_filter``, or ``("", [])`` when it matches everything.

    >>> to_sql(EventFilter(cameo_root="19", since=date(2025, 5, 1)))
    ('WHERE events.day >= ? AND events.cameo_root = ?', ['2025-05-01', '19'])
    """
    f = event_filter
    conditions: list[str] = []
    params: list[object] = []
    for value, roles in ((f.actor, _ROLES), (f.source, ("source",)), (f.target, ("target",))):
        if value is not None:
            sql, values = _actor_condition(value, roles)
            conditions.append(sql)
            params.extend(values)
    simple: list[tuple[str, str | None]] = [
        ("events.day >= ?", _day(f.since)),
        ("events.day <= ?", _day(f.until)),
        ("events.cameo_root = ?", None if f.cameo_root is None else _root(f.cameo_root)),
        ("upper(events.plover_type) = ?", _upper(f.plover_type)),
        ("events.article_id = ?", f.article_id),
    ]
    for sql, value in simple:
        if value is not None:
            conditions.append(sql)
            params.append(value)
    if not conditions:
        return "", []
    return "WHERE " + " AND ".join(conditions), params
