"""ICEWS-style event table (tab-separated, with ICEWS's header row).

Columns: the 20 columns of the ICEWS Coded Event Data files on Harvard Dataverse
(doi:10.7910/DVN/28075, ``events.YYYY.*.tab``). Rows are dyadic, as in ICEWS: an event with
compound actors gives one row per source x target pair. See docs/exports.md for the mapping.
"""

from __future__ import annotations

from collections.abc import Iterator

from polevent.export.common import (
    Cell,
    ExportInput,
    Row,
    actor_name,
    country,
    event_day,
    place_country,
    publisher,
    text_cell,
)
from polevent.export.gdelt import dyad_pair, gdelt_id
from polevent.query.dyads import dyadic
from polevent.records import ActorRef, EventRecord, Place

__all__ = ["COLUMNS", "rows"]

COLUMNS: tuple[str, ...] = (
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
)
"""The ICEWS event file columns, in file order."""


def _actor_cells(actor: ActorRef) -> list[Cell]:
    """Name, sector, country name (the IGO code, e.g. ``UNO``, when it is not a country)."""
    if not actor.code:
        return [None, None, None]
    found = country(actor.country)
    return [text_cell(actor_name(actor)), actor.sector, found.name if found else actor.country]


def _place_cells(place: Place | None) -> list[Cell]:
    """City, District, Province, Country, Latitude, Longitude of the event's place."""
    if place is None:
        return [None] * 6
    found = place_country(place)
    city = place.name if place.precision == "point" else None
    district = place.name if place.precision == "admin2" else None
    province = place.admin1 or (place.name if place.precision == "admin1" else None)
    name = found.name if found else place.country
    return [text_cell(city), text_cell(district), text_cell(province), name, place.lat, place.lon]


def _row(event: EventRecord, record: EventRecord, source: ExportInput) -> Row:
    day = event_day(event)
    pair = dyad_pair(record)
    return (
        gdelt_id(source.cluster(event), pair),
        None if day is None else day.isoformat(),
        *_actor_cells(pair[0]),
        text_cell(event.cameo_label),
        event.cameo_code,
        event.goldstein,
        *_actor_cells(pair[1]),
        event.article_id,
        event.sentence_index + 1,
        publisher(source.article(event)),
        *_place_cells(event.place),
    )


def rows(source: ExportInput) -> Iterator[Row]:
    """One row per (mention, source x target pair); ``Event ID`` equals GDELT's GLOBALEVENTID."""
    for event in source.events:
        for record in dyadic([event]):
            yield _row(event, record, source)
