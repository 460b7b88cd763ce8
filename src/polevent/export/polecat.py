"""POLECAT-style event table (tab-separated, with POLECAT's header row).

Columns: the 40 columns of the POLECAT weekly files on Harvard Dataverse (doi:10.7910/DVN/AJGVIT,
``ngecEvents.*.txt``), in their order, as quoted from those files' header in public loaders
(e.g. the Temporal Graph Benchmark's ``tkgl-polecat`` script; early files name the fifth column
``Intensity``, later ones ``Event Intensity``, which we use). POLECAT keeps compound actors in one
row, several values joined by ``;``: so do we. See docs/exports.md for the mapping.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from polevent.export.common import (
    Cell,
    ExportInput,
    Row,
    actor_name,
    event_day,
    place_country,
    publisher,
    text_cell,
)
from polevent.records import ActorRef, EventRecord, Place

__all__ = ["COLUMNS", "rows"]

_ACTOR = (
    "Name",
    "Country",
    "COW",
    "Primary {} Sector",
    "Sectors",
    "Title",
    "Name Raw",
    "Wikipedia {} ID",
)


def _actor_columns(role: str) -> tuple[str, ...]:
    return tuple(name.format(role) if "{}" in name else f"{role} {name}" for name in _ACTOR)


COLUMNS: tuple[str, ...] = (
    *("Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code"),
    "Contexts",
    *_actor_columns("Actor"),
    *_actor_columns("Recipient"),
    *("Placename", "City", "District", "Province", "Country", "Latitude", "Longitude"),
    *("GeoNames ID", "Raw Placename", "Feature Type", "Source", "Publication Date"),
    *("Story People", "Story Organizations", "Story Locations", "Language", "Version"),
)
"""The POLECAT event file columns, in file order."""

LANGUAGE = "en"  # polevent codes English text only


def _joined(values: Sequence[str | None]) -> str | None:
    kept = [text_cell(v) or "" for v in values]
    return ";".join(kept) if any(kept) else None


def _actor_cells(actors: Sequence[ActorRef]) -> list[Cell]:
    """Name, Country, COW, Primary Sector, Sectors, Title, Name Raw, Wikipedia ID."""
    return [
        _joined([actor_name(a) for a in actors]),
        _joined([a.country for a in actors]),
        None,
        actors[0].sector if actors else None,
        _joined([a.sector for a in actors]),
        None,
        _joined([a.text for a in actors]),
        None,
    ]


def _place_cells(place: Place | None) -> list[Cell]:
    """Placename .. Feature Type (the GeoNames ID only for real, positive GeoNames ids)."""
    if place is None:
        return [None] * 10
    found = place_country(place)
    geonameid = place.geonameid if place.geonameid and place.geonameid > 0 else None
    return [
        text_cell(place.name),
        text_cell(place.name) if place.precision == "point" else None,
        text_cell(place.name) if place.precision == "admin2" else None,
        text_cell(place.admin1 or (place.name if place.precision == "admin1" else None)),
        found.name if found else place.country,
        place.lat,
        place.lon,
        geonameid,
        text_cell(place.text),
        place.feature,
    ]


def _row(event: EventRecord, source: ExportInput) -> Row:
    day = event_day(event)
    published = event.published_at.date().isoformat() if event.published_at else None
    return (
        event.event_id,
        None if day is None else day.isoformat(),
        event.plover_type,
        event.plover_mode,
        event.plover_intensity,
        event.quad_class,
        _joined(event.plover_context),
        *_actor_cells(event.source),
        *_actor_cells(event.target),
        *_place_cells(event.place),
        publisher(source.article(event)),
        published,
        None,
        None,
        None,
        LANGUAGE,
        event.coder_version or None,
    )


def rows(source: ExportInput) -> Iterator[Row]:
    """One row per mention (compound actors stay in one row, ``;``-joined)."""
    for event in source.events:
        yield _row(event, source)
