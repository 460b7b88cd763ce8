"""Query parameters shared by the endpoints: the ``EventFilter`` fields, blank values ignored.

``?source=&target=`` (a blank value, as HTML forms send) means "no condition". Every value is
bound into SQL by ``polevent.query.filters``; nothing here builds SQL.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import Query
from pydantic import BeforeValidator, Field

from polevent.query import EventFilter, Near
from polevent.serve._errors import ApiError

__all__ = ["CountByParam", "FilterParams", "event_filter"]


def _blank(value: object) -> object:
    """A blank string (``?actor=``) is an absent parameter."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


Text = Annotated[str | None, BeforeValidator(_blank)]
Day = Annotated[date | None, BeforeValidator(_blank)]
Quad = Annotated[Annotated[int, Field(ge=1, le=4)] | None, BeforeValidator(_blank)]
CountByParam = Literal["event", "mention"]


def _pair(value: str, name: str) -> tuple[str, str]:
    parts = [part.strip() for part in value.split(",")]
    if len(parts) != 2 or not all(parts):
        message = f"missing or wrong-typed field: {name} must be two actors: A,B"
        raise ApiError(422, "E106", message, where=f"query.{name}")
    return parts[0], parts[1]


def _near(value: str) -> Near:
    try:
        lat, lon, km = (float(part) for part in value.split(","))
        return Near(lat=lat, lon=lon, km=km)
    except ValueError as e:
        message = f"missing or wrong-typed field: near must be LAT,LON,KM ({e})"
        raise ApiError(422, "E106", message, where="query.near") from e


class FilterParams:
    """The filter query parameters of ``/api/events`` and the aggregates (FastAPI dependency)."""

    def __init__(
        self,
        actor: Annotated[
            Text, Query(description="Country or actor code prefix, either role")
        ] = None,
        source: Annotated[Text, Query(description="Source actor (country or code prefix)")] = None,
        target: Annotated[Text, Query(description="Target actor (country or code prefix)")] = None,
        dyad: Annotated[Text, Query(description="Two actors A,B: A acts on B")] = None,
        directed: Annotated[bool, Query(description="dyad: only A -> B (false: both ways)")] = True,
        actor_country: Text = None,
        actor_sector: Text = None,
        actor_name: Annotated[Text, Query(description="Substring of an actor's name")] = None,
        cameo: Annotated[Text, Query(description="CAMEO code prefix: 04, 190")] = None,
        cameo_root: Text = None,
        plover: Annotated[Text, Query(description="PLOVER event type: CONSULT")] = None,
        plover_mode: Text = None,
        plover_context: Text = None,
        quad: Annotated[Quad, Query(description="Quad class 1..4")] = None,
        modality: Annotated[Text, Query(description="asserted, negated, hypothetical...")] = None,
        place_country: Annotated[Text, Query(description="ISO-3 country of the place")] = None,
        place_admin1: Text = None,
        near: Annotated[Text, Query(description="LAT,LON,KM: placed within KM of a point")] = None,
        text: Annotated[Text, Query(description="Substring of the evidence sentence")] = None,
        since: Annotated[Day, Query(description="First day, YYYY-MM-DD")] = None,
        until: Annotated[Day, Query(description="Last day, YYYY-MM-DD")] = None,
        article_id: Text = None,
    ) -> None:
        self.actor, self.source, self.target = actor, source, target
        self.dyad = None if dyad is None else _pair(dyad, "dyad")
        self.directed = directed
        self.actor_country, self.actor_sector, self.actor_name = (
            actor_country,
            actor_sector,
            actor_name,
        )
        self.cameo, self.cameo_root = cameo, cameo_root
        self.plover, self.plover_mode, self.plover_context = plover, plover_mode, plover_context
        self.quad, self.modality = quad, modality
        self.place_country, self.place_admin1 = place_country, place_admin1
        self.near = None if near is None else _near(near)
        self.text, self.since, self.until, self.article_id = text, since, until, article_id


def event_filter(params: FilterParams) -> EventFilter:
    """The ``EventFilter`` of the parameters (422 ``E106`` for values it refuses)."""
    try:
        return EventFilter(
            actor=params.actor,
            source=params.source,
            target=params.target,
            dyad=params.dyad,
            directed=params.directed,
            actor_country=params.actor_country,
            actor_sector=params.actor_sector,
            actor_name=params.actor_name,
            cameo_code=params.cameo,
            cameo_root=params.cameo_root,
            plover_type=params.plover,
            plover_mode=params.plover_mode,
            plover_context=params.plover_context,
            quad_class=params.quad,
            modality=params.modality,
            place_country=params.place_country,
            place_admin1=params.place_admin1,
            near=params.near,
            text=params.text,
            since=params.since,
            until=params.until,
            article_id=params.article_id,
        )
    except ValueError as e:
        raise ApiError(422, "E106", f"missing or wrong-typed field: {e}", where="query") from e
