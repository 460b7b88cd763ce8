"""PLOVER JSON records (JSON lines, one event per line, as the PLOVER spec suggests).

Field names follow the "JSON Data Fields" chapter of the PLOVER manual (draft 0.7b1,
github.com/openeventdata/PLOVER ``PLOVER_MANUAL.tex`` @0711e39cd2c69fdf636b91d1e9ecdc9bba243408,
CC BY-SA 4.0): the event table (``id``, ``date``, ``source``, ``recipient``, ``event``, ...), the
actor, text, citation and location objects. The spec invites providers to add named fields:
polevent's evidence, reasons, counts and confidences go in one ``polevent`` object. The schema we
wrote from the spec is ``polevent/data/plover_event.schema.json`` (``plover_schema()``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from typing import Any

from polevent.export.common import ExportInput, country, event_day, publisher
from polevent.records import ActorRef, EventRecord, Place

__all__ = ["SCHEMA_FILE", "plover_record", "plover_schema", "records"]

SCHEMA_FILE = "plover_event.schema.json"
LANGUAGE = "en"
CODEBOOK = "plover-0.7b1+polevent"


def _actor(actor: ActorRef) -> dict[str, Any]:
    """PLOVER actor object: 3-char top-level ``code``, ``sector``, text and identifier."""
    top = (actor.country or actor.code[:3]).upper()
    if not top.isalnum() or len(top) != 3:
        top = ""  # CAMEO "---" (country not known): no PLOVER code, the CAMEO code stays
    fields: dict[str, Any] = {
        "code": top or None,
        "sector": actor.sector,
        "actor_text": actor.text,
        "identifier_id": actor.kb_id,
        "identifier_text": actor.name,
        "cameo_code": actor.code,
        "reason": actor.reason,
        "start": actor.start,
        "end": actor.end,
        "confidence": actor.confidence,
    }
    return {key: value for key, value in fields.items() if value is not None}


def _location(place: Place) -> dict[str, Any]:
    """PLOVER location object (GeoNames field names, ``cc3`` for the ISO alpha-3 code)."""
    found = country(place.country)
    fields: dict[str, Any] = {
        "geonameid": place.geonameid,
        "name": place.name,
        "latitude": place.lat,
        "longitude": place.lon,
        "feature code": place.feature,
        "country code": found.iso2 if found else None,
        "cc3": place.country,
        "admin1_name": place.admin1,
        "precision": place.precision,
        "text": place.text,
        "reason": place.reason,
        "confidence": place.confidence,
    }
    return {key: value for key, value in fields.items() if value is not None}


def _extension(event: EventRecord) -> dict[str, Any]:
    """polevent's own fields: everything of the record PLOVER has no name for."""
    counts = event.counts
    return {
        "article_id": event.article_id,
        "cameo_code": event.cameo_code,
        "cameo_root": event.cameo_root,
        "cameo_label": event.cameo_label,
        "goldstein": event.goldstein,
        "modality": event.modality,
        "code_reason": event.code_reason,
        "date_granularity": event.date.granularity,
        "date_text": event.date.text,
        "date_reason": event.date.reason,
        "published_at": None if event.published_at is None else event.published_at.isoformat(),
        "size_info": {
            "dead": counts.killed,
            "injured": counts.injured,
            "arrested": counts.arrested,
            "displaced": counts.displaced,
            "size": counts.size,
        },
        "quote": event.quote,
        "speaker": event.speaker,
        "confidence": {
            "event": event.confidence.event,
            "source": event.confidence.source,
            "target": event.confidence.target,
        },
        "data_version": event.data_version,
    }


def plover_record(event: EventRecord, source: ExportInput) -> dict[str, Any]:
    """The PLOVER JSON object of one event mention (JSON-ready: str, numbers, lists, dicts)."""
    article = source.article(event)
    day = event_day(event)
    record: dict[str, Any] = {
        "id": event.event_id,
        "date": None if day is None else day.isoformat(),
        "source": [_actor(a) for a in event.source],
        "recipient": [_actor(a) for a in event.target],
        "event": [event.plover_type],
        "event_text": [event.trigger] if event.trigger else [],
        "quad_code": event.quad_class,
        "context": list(event.plover_context),
        "text": event.evidence.text,
        "text_info": {
            "sequence": event.sentence_index + 1,
            "start": event.evidence.start,
            "end": event.evidence.end,
        },
        "cite_info": {
            "citation": event.article_id,
            "url": article.url if article else None,
            "title": article.title if article else None,
            "language": LANGUAGE,
            "publication": publisher(article),
            "coder": event.coder_version,
            "codebook": CODEBOOK,
            "version": event.data_version,
        },
        "coder": event.coder_version,
        "polevent": _extension(event),
    }
    if event.date.end is not None and event.date.end != event.date.start:
        record["enddate"] = event.date.end.isoformat()
    if event.plover_mode:
        record["mode"] = event.plover_mode
    if event.plover_intensity is not None:
        record["event_scale"] = event.plover_intensity
    if event.place is not None:
        record["event_loc"] = _location(event.place)
    if source.cluster(event) != event.event_id:
        record["link"] = source.cluster(event)
    return record


def records(source: ExportInput) -> Iterator[dict[str, Any]]:
    """One PLOVER object per event mention, in the order of ``source.events``."""
    for event in source.events:
        yield plover_record(event, source)


@cache
def _schema_text() -> str:
    return (files("polevent") / "data" / SCHEMA_FILE).read_text(encoding="utf-8")


def plover_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) every exported PLOVER record validates against."""
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema
