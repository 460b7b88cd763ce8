"""``EventFilter``: which events a query wants, and its translation to parameterised SQL.

``to_sql`` returns a ``WHERE`` clause over the store's ``events`` table (actor conditions are
sub-queries over ``event_actors``) with ``?`` placeholders and the list of values to bind. Values
are never pasted into the SQL text; ``conditions`` gives the same as a list of ``AND``-ed terms.

Columns it relies on (created by ``polevent.store.migrations``): ``events.event_id``,
``.article_id``, ``.cameo_code``, ``.cameo_root``, ``.quad_class``, ``.plover_type``,
``.plover_mode``, ``.plover_context`` (JSON array text), ``.modality``, ``.evidence_text``,
``.day`` (the event's start date, or its article's publication date when the event date is
unknown, as ``YYYY-MM-DD``), ``.place_country``, ``.place_admin1``, ``.place_lat``/``_lon`` and the
unit vector ``.place_x/y/z``; ``event_actors.event_id``, ``.role``, ``.code``, ``.country``,
``.sector`` (these three stored upper-case), ``.name`` and ``.text``.

Text matching (``actor_name``, ``text``, ``plover_*``, ``modality``, ``place_admin1``) is
case-insensitive through SQL ``lower``/``upper``: fully on PostgreSQL, for ASCII letters on SQLite
(its built-in ``lower`` leaves other letters alone).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

__all__ = ["EARTH_RADIUS_KM", "EventFilter", "Near", "conditions", "to_sql"]

_ROLES = ("source", "target")
EARTH_RADIUS_KM = 6371.0088
"""Mean earth radius (IUGG) used by ``Near``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Near:
    """Events whose place lies within ``km`` kilometres (great-circle) of ``lat``/``lon``."""

    lat: float
    lon: float
    km: float

    def __post_init__(self) -> None:
        if not -90.0 <= self.lat <= 90.0 or not -180.0 <= self.lon <= 180.0:
            raise ValueError(f"Near: lat/lon out of range: {self.lat}, {self.lon}")
        if not self.km > 0:
            raise ValueError(f"Near.km must be > 0, got {self.km}")


_TEXT_FIELDS = (
    "actor",
    "source",
    "target",
    "actor_country",
    "actor_sector",
    "actor_name",
    "cameo_code",
    "cameo_root",
    "plover_type",
    "plover_mode",
    "plover_context",
    "modality",
    "place_country",
    "place_admin1",
    "text",
    "article_id",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFilter:
    """Conditions on events; every field left ``None`` matches everything; all given must hold.

    * ``actor`` matches an actor in either role whose country equals it or whose CAMEO code starts
      with it, case-insensitively: ``"IND"`` matches ``IND``, ``INDGOV`` and an actor with country
      ``IND``; ``"INDGOV"`` matches ``INDGOV`` and ``INDGOVMIL``.
    * ``source`` / ``target``: the same matching, restricted to that role.
    * ``dyad=(a, b)``: a source matching ``a`` and a target matching ``b`` (same matching); with
      ``directed=False`` also the reverse (``b`` -> ``a``).
    * ``actor_country`` / ``actor_sector`` / ``actor_name``: one actor (either role) that has all
      of the given: country and sector equal (case-insensitive), ``actor_name`` a substring of
      its dictionary name or its words in the text.
    * ``since`` / ``until`` (inclusive) compare with the event date's start, or with the article's
      publication date when the event date is unknown; events with neither never match them.
    * ``cameo_code`` is a code prefix (``"19"`` matches ``190``..``196``, ``"0"`` the cooperative
      verbal codes); ``cameo_root`` equals the two-digit root (``"19"``; ``"9"`` is read as
      ``"09"``).
    * ``plover_type``, ``plover_mode``, ``modality`` equal (case-insensitive); ``plover_context``
      is one of the event's contexts; ``quad_class`` is 1..4.
    * ``place_country`` (ISO-3) and ``place_admin1`` (name) equal the event place's;
      ``near`` keeps events placed within a radius of a point.
    * ``text`` is a substring of the evidence sentence (``%`` and ``_`` are literal).
    * ``article_id`` exactly.
    * ``limit`` caps the number of events returned and ``offset`` skips that many first (a page:
      ``offset=100, limit=50`` is the third page of 50); neither is part of the ``WHERE`` clause.

    Empty strings, a ``quad_class`` outside 1..4 and a negative ``limit`` or ``offset`` raise
    ``ValueError``.
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
    dyad: tuple[str, str] | None = None
    directed: bool = True
    actor_country: str | None = None
    actor_sector: str | None = None
    actor_name: str | None = None
    cameo_code: str | None = None
    plover_mode: str | None = None
    plover_context: str | None = None
    quad_class: int | None = None
    modality: str | None = None
    place_country: str | None = None
    place_admin1: str | None = None
    near: Near | None = None
    text: str | None = None
    offset: int = 0

    def __post_init__(self) -> None:
        for name in _TEXT_FIELDS:
            value = getattr(self, name)
            if value is not None and not value.strip():
                raise ValueError(f"EventFilter.{name} must not be empty")
        if self.dyad is not None and (len(self.dyad) != 2 or not all(s.strip() for s in self.dyad)):
            raise ValueError(f"EventFilter.dyad must be two non-empty actors, got {self.dyad!r}")
        if self.quad_class is not None and self.quad_class not in (1, 2, 3, 4):
            raise ValueError(f"EventFilter.quad_class must be 1..4, got {self.quad_class}")
        if self.limit is not None and self.limit < 0:
            raise ValueError(f"EventFilter.limit must be >= 0, got {self.limit}")
        if self.offset < 0:
            raise ValueError(f"EventFilter.offset must be >= 0, got {self.offset}")


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _prefix_end(prefix: str) -> str:
    """The smallest string above every string that starts with ``prefix`` (byte order)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


_MATCH_ACTOR = "(a.country = ? OR (a.code >= ? AND a.code < ?))"


def _actor_condition(value: str, roles: tuple[str, ...]) -> tuple[str, list[object]]:
    """Events with an actor in one of ``roles`` with that country or code prefix: an ``IN``
    over ``event_actors`` that its ``(role, country|code, event_id)`` indexes answer."""
    needle = value.strip().upper()
    # roles are constants, never user values; both roles need no condition
    role_sql = "" if set(roles) >= set(_ROLES) else f"a.role = '{roles[0]}' AND "
    sql = (
        "events.event_id IN (SELECT a.event_id FROM event_actors AS a"
        f" WHERE {role_sql}{_MATCH_ACTOR})"
    )
    return sql, [needle, needle, _prefix_end(needle)]


def _dyad_condition(dyad: tuple[str, str], directed: bool) -> tuple[str, list[object]]:
    first, second = dyad
    src, src_params = _actor_condition(first, ("source",))
    tgt, tgt_params = _actor_condition(second, ("target",))
    if directed:
        return f"{src} AND {tgt}", src_params + tgt_params
    rsrc, rsrc_params = _actor_condition(second, ("source",))
    rtgt, rtgt_params = _actor_condition(first, ("target",))
    sql = f"(({src} AND {tgt}) OR ({rsrc} AND {rtgt}))"
    return sql, src_params + tgt_params + rsrc_params + rtgt_params


def _actor_attributes(f: EventFilter) -> tuple[str, list[object]] | None:
    """One actor (either role) with the given country, sector and name."""
    parts: list[str] = []
    params: list[object] = []
    if f.actor_country is not None:
        parts.append("a.country = ?")
        params.append(f.actor_country.strip().upper())
    if f.actor_sector is not None:
        parts.append("a.sector = ?")
        params.append(f.actor_sector.strip().upper())
    if f.actor_name is not None:
        parts.append("(lower(a.name) LIKE ? ESCAPE '\\' OR lower(a.text) LIKE ? ESCAPE '\\')")
        params += [_contains(f.actor_name)] * 2
    if not parts:
        return None
    where = " AND ".join(parts)
    return f"events.event_id IN (SELECT a.event_id FROM event_actors AS a WHERE {where})", params


def _contains(value: str) -> str:
    return "%" + _escape_like(value.strip().lower()) + "%"


def _near_condition(near: Near) -> tuple[str, list[object]]:
    """A latitude band (the index) and the exact great-circle test as a dot product of unit
    vectors: ``x*x0 + y*y0 + z*z0 >= cos(km / R)``."""
    angle = near.km / EARTH_RADIUS_KM
    if angle >= math.pi:
        return "events.place_x IS NOT NULL", []
    band = math.degrees(angle)
    phi, lam = math.radians(near.lat), math.radians(near.lon)
    x0, y0, z0 = math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)
    sql = (
        "events.place_lat >= ? AND events.place_lat <= ?"
        " AND events.place_x * ? + events.place_y * ? + events.place_z * ? >= ?"
    )
    return sql, [near.lat - band, near.lat + band, x0, y0, z0, math.cos(angle)]


def _day(value: date | None) -> str | None:
    """``YYYY-MM-DD`` of ``value``; a ``datetime`` counts as its (local) date."""
    if value is None:
        return None
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def _upper(value: str | None) -> str | None:
    return None if value is None else value.strip().upper()


def _lower(value: str | None) -> str | None:
    return None if value is None else value.strip().lower()


def _root(value: str) -> str:
    root = value.strip()
    return root.zfill(2) if root.isdigit() and len(root) == 1 else root


def _context(value: str | None) -> str | None:
    if value is None:
        return None
    return '%"' + _escape_like(value.strip().lower()) + '"%'


def _simple(f: EventFilter) -> list[tuple[str, object | None]]:
    code = None if f.cameo_code is None else f.cameo_code.strip()
    return [
        ("events.day >= ?", _day(f.since)),
        ("events.day <= ?", _day(f.until)),
        (
            "events.cameo_code LIKE ? ESCAPE '\\'",
            None if code is None else _escape_like(code) + "%",
        ),
        ("events.cameo_root = ?", None if f.cameo_root is None else _root(f.cameo_root)),
        ("upper(events.plover_type) = ?", _upper(f.plover_type)),
        ("upper(events.plover_mode) = ?", _upper(f.plover_mode)),
        ("lower(events.plover_context) LIKE ? ESCAPE '\\'", _context(f.plover_context)),
        ("events.quad_class = ?", f.quad_class),
        ("lower(events.modality) = ?", _lower(f.modality)),
        ("events.place_country = ?", _upper(f.place_country)),
        ("lower(events.place_admin1) = ?", _lower(f.place_admin1)),
        (
            "lower(events.evidence_text) LIKE ? ESCAPE '\\'",
            None if f.text is None else _contains(f.text),
        ),
        ("events.article_id = ?", f.article_id),
    ]


def conditions(event_filter: EventFilter) -> tuple[list[str], list[object]]:
    """The filter's ``AND``-ed SQL terms (over ``events``) and their values, in a fixed order."""
    f = event_filter
    terms: list[str] = []
    params: list[object] = []
    actor_terms: list[tuple[str, list[object]] | None] = [
        None if v is None else _actor_condition(v, roles)
        for v, roles in ((f.actor, _ROLES), (f.source, ("source",)), (f.target, ("target",)))
    ]
    actor_terms.append(None if f.dyad is None else _dyad_condition(f.dyad, f.directed))
    actor_terms.append(_actor_attributes(f))
    actor_terms.append(None if f.near is None else _near_condition(f.near))
    for term in actor_terms:
        if term is not None:
            terms.append(term[0])
            params.extend(term[1])
    for sql, value in _simple(f):
        if value is not None:
            terms.append(sql)
            params.append(value)
    return terms, params


def to_sql(event_filter: EventFilter) -> tuple[str, list[object]]:
    """``("WHERE ...", params)`` for ``event_filter``, or ``("", [])`` when it matches everything.

    >>> to_sql(EventFilter(cameo_root="19", since=date(2025, 5, 1)))
    ('WHERE events.day >= ? AND events.cameo_root = ?', ['2025-05-01', '19'])
    """
    terms, params = conditions(event_filter)
    if not terms:
        return "", []
    return "WHERE " + " AND ".join(terms), params
