"""Records to JSON-ready dicts and back.

``event_to_dict`` / ``article_to_dict`` give plain dicts of ``str``, ``int``, ``float``, ``None``,
lists and dicts only: dates and datetimes become ISO 8601 strings, tuples become lists. The
``*_from_dict`` functions are their exact inverses (``event_from_dict(event_to_dict(e)) == e``,
also after ``json.dumps``/``json.loads``).

Reading is strict: a dict with a missing required key, an unknown key or a value of the wrong type
raises ``StoreError("E401", "record in store is malformed: <where>: <what>")``, since the one place
such dicts come from is a stored record. Keys of fields that have a default in ``EventRecord``
(``counts``, ``quote``, ``speaker``, ``confidence``, ``coder_version``, ``data_version``, and
``evidence.trigger_start``/``trigger_end``) may be
absent and then take that default, so records written before such a field existed still load.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import date, datetime
from typing import Any

from polevent.errors import StoreError
from polevent.records import (
    ActorRef,
    Article,
    Counts,
    EventDate,
    EventRecord,
    Evidence,
    FieldConfidence,
    Place,
)

__all__ = ["article_from_dict", "article_to_dict", "event_from_dict", "event_to_dict"]

_MISSING = object()


# --- writing ---------------------------------------------------------------------------------


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _actor_to_dict(actor: ActorRef) -> dict[str, Any]:
    return {
        "text": actor.text,
        "code": actor.code,
        "country": actor.country,
        "sector": actor.sector,
        "name": actor.name,
        "kb_id": actor.kb_id,
        "reason": actor.reason,
        "start": actor.start,
        "end": actor.end,
        "confidence": actor.confidence,
    }


def _place_to_dict(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {
        "name": place.name,
        "geonameid": place.geonameid,
        "lat": place.lat,
        "lon": place.lon,
        "admin1": place.admin1,
        "country": place.country,
        "feature": place.feature,
        "text": place.text,
        "reason": place.reason,
        "precision": place.precision,
        "confidence": place.confidence,
    }


def event_to_dict(event: EventRecord) -> dict[str, Any]:
    """A JSON-ready dict of ``event``: a key per ``EventRecord`` field, nested records as dicts."""
    return {
        "event_id": event.event_id,
        "article_id": event.article_id,
        "sentence_index": event.sentence_index,
        "evidence": {
            "text": event.evidence.text,
            "start": event.evidence.start,
            "end": event.evidence.end,
            "trigger_start": event.evidence.trigger_start,
            "trigger_end": event.evidence.trigger_end,
        },
        "source": [_actor_to_dict(actor) for actor in event.source],
        "target": [_actor_to_dict(actor) for actor in event.target],
        "cameo_code": event.cameo_code,
        "cameo_root": event.cameo_root,
        "cameo_label": event.cameo_label,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        "plover_type": event.plover_type,
        "plover_mode": event.plover_mode,
        "plover_context": list(event.plover_context),
        "plover_intensity": event.plover_intensity,
        "modality": event.modality,
        "trigger": event.trigger,
        "code_reason": event.code_reason,
        "published_at": _iso(event.published_at),
        "date": {
            "start": _iso(event.date.start),
            "end": _iso(event.date.end),
            "granularity": event.date.granularity,
            "text": event.date.text,
            "reason": event.date.reason,
        },
        "place": _place_to_dict(event.place),
        "counts": {
            "killed": event.counts.killed,
            "injured": event.counts.injured,
            "arrested": event.counts.arrested,
            "displaced": event.counts.displaced,
            "size": event.counts.size,
        },
        "quote": event.quote,
        "speaker": event.speaker,
        "confidence": {
            "event": event.confidence.event,
            "source": event.confidence.source,
            "target": event.confidence.target,
        },
        "coder_version": event.coder_version,
        "data_version": event.data_version,
    }


def article_to_dict(article: Article) -> dict[str, Any]:
    """A JSON-ready dict of ``article`` (``published_at`` as an ISO 8601 string or ``None``)."""
    return {
        "id": article.id,
        "title": article.title,
        "text": article.text,
        "published_at": _iso(article.published_at),
        "url": article.url,
        "source": article.source,
    }


# --- reading ---------------------------------------------------------------------------------


def _malformed(where: str, what: str) -> StoreError:
    return StoreError("E401", f"record in store is malformed: {where}: {what}")


def _mapping(value: object, where: str, keys: frozenset[str]) -> Mapping[str, Any]:
    """``value`` as a mapping whose keys are all in ``keys`` (unknown keys are an error)."""
    if not isinstance(value, Mapping):
        raise _malformed(where, f"expected an object, got {type(value).__name__}")
    unknown = sorted(str(key) for key in value if key not in keys)
    if unknown:
        raise _malformed(where, f"unknown keys {unknown}")
    return value


def _get(d: Mapping[str, Any], key: str, where: str, default: object = _MISSING) -> object:
    if key in d:
        return d[key]
    if default is _MISSING:
        raise _malformed(where, f"missing key {key!r}")
    return default


def _wrong(key: str, where: str, expected: str, value: object) -> StoreError:
    return _malformed(f"{where}.{key}", f"expected {expected}, got {type(value).__name__}")


def _str(d: Mapping[str, Any], key: str, where: str, default: object = _MISSING) -> str:
    value = _get(d, key, where, default)
    if not isinstance(value, str):
        raise _wrong(key, where, "a string", value)
    return value


def _opt_str(d: Mapping[str, Any], key: str, where: str, default: object = _MISSING) -> str | None:
    value = _get(d, key, where, default)
    if value is not None and not isinstance(value, str):
        raise _wrong(key, where, "a string or null", value)
    return value


def _int(d: Mapping[str, Any], key: str, where: str) -> int:
    value = _get(d, key, where)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong(key, where, "an integer", value)
    return value


def _opt_int(d: Mapping[str, Any], key: str, where: str, default: object = _MISSING) -> int | None:
    value = _get(d, key, where, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong(key, where, "an integer or null", value)
    return value


def _float(d: Mapping[str, Any], key: str, where: str, default: object = _MISSING) -> float:
    value = _get(d, key, where, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _wrong(key, where, "a number", value)
    return float(value)


def _opt_float(d: Mapping[str, Any], key: str, where: str) -> float | None:
    value = _get(d, key, where)
    return None if value is None else _float(d, key, where)


def _opt_date(d: Mapping[str, Any], key: str, where: str) -> date | None:
    text = _opt_str(d, key, where)
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as e:
        raise _malformed(f"{where}.{key}", f"not an ISO date: {text!r}") from e


def _opt_datetime(d: Mapping[str, Any], key: str, where: str) -> datetime | None:
    text = _opt_str(d, key, where)
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError as e:
        raise _malformed(f"{where}.{key}", f"not an ISO datetime: {text!r}") from e


def _list(d: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = _get(d, key, where)
    if not isinstance(value, list):
        raise _wrong(key, where, "a list", value)
    return value


def _keys(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls))


def _evidence_from(value: object, where: str) -> Evidence:
    d = _mapping(value, where, _keys(Evidence))
    return Evidence(
        text=_str(d, "text", where),
        start=_int(d, "start", where),
        end=_int(d, "end", where),
        trigger_start=_opt_int(d, "trigger_start", where, None),
        trigger_end=_opt_int(d, "trigger_end", where, None),
    )


def _actor_from(value: object, where: str) -> ActorRef:
    d = _mapping(value, where, _keys(ActorRef))
    return ActorRef(
        text=_str(d, "text", where),
        code=_str(d, "code", where),
        country=_opt_str(d, "country", where),
        sector=_opt_str(d, "sector", where),
        name=_opt_str(d, "name", where),
        kb_id=_opt_str(d, "kb_id", where),
        reason=_str(d, "reason", where),
        start=_int(d, "start", where),
        end=_int(d, "end", where),
        confidence=_float(d, "confidence", where, 1.0),
    )


def _actors_from(d: Mapping[str, Any], key: str, where: str) -> tuple[ActorRef, ...]:
    items = _list(d, key, where)
    return tuple(_actor_from(item, f"{where}.{key}[{i}]") for i, item in enumerate(items))


def _date_from(value: object, where: str) -> EventDate:
    d = _mapping(value, where, _keys(EventDate))
    return EventDate(
        start=_opt_date(d, "start", where),
        end=_opt_date(d, "end", where),
        granularity=_str(d, "granularity", where),
        text=_str(d, "text", where),
        reason=_str(d, "reason", where),
    )


def _place_from(value: object, where: str) -> Place | None:
    if value is None:
        return None
    d = _mapping(value, where, _keys(Place))
    return Place(
        name=_str(d, "name", where),
        geonameid=_opt_int(d, "geonameid", where),
        lat=_opt_float(d, "lat", where),
        lon=_opt_float(d, "lon", where),
        admin1=_opt_str(d, "admin1", where),
        country=_opt_str(d, "country", where),
        feature=_opt_str(d, "feature", where),
        text=_str(d, "text", where),
        reason=_str(d, "reason", where),
        precision=_str(d, "precision", where, "point"),
        confidence=_float(d, "confidence", where, 1.0),
    )


def _counts_from(value: object, where: str) -> Counts:
    d = _mapping(value, where, _keys(Counts))
    return Counts(
        killed=_opt_int(d, "killed", where, None),
        injured=_opt_int(d, "injured", where, None),
        arrested=_opt_int(d, "arrested", where, None),
        displaced=_opt_int(d, "displaced", where, None),
        size=_opt_int(d, "size", where, None),
    )


def _confidence_from(value: object, where: str) -> FieldConfidence:
    d = _mapping(value, where, _keys(FieldConfidence))
    return FieldConfidence(
        event=_float(d, "event", where),
        source=_float(d, "source", where),
        target=_float(d, "target", where),
    )


def _str_tuple(d: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    items = _list(d, key, where)
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise _wrong(f"{key}[{i}]", where, "a string", item)
    return tuple(items)


def event_from_dict(d: object) -> EventRecord:
    """The ``EventRecord`` that ``event_to_dict`` turned into ``d``.

    Raises ``StoreError("E401", "record in store is malformed: ...")`` when ``d`` is not such a
    dict; the detail names the offending key (``event.source[0].code``).
    """
    where = "event"
    m = _mapping(d, where, _keys(EventRecord))
    counts = _get(m, "counts", where, None)
    confidence = _get(m, "confidence", where, None)
    return EventRecord(
        event_id=_str(m, "event_id", where),
        article_id=_str(m, "article_id", where),
        sentence_index=_int(m, "sentence_index", where),
        evidence=_evidence_from(_get(m, "evidence", where), f"{where}.evidence"),
        source=_actors_from(m, "source", where),
        target=_actors_from(m, "target", where),
        cameo_code=_str(m, "cameo_code", where),
        cameo_root=_str(m, "cameo_root", where),
        cameo_label=_str(m, "cameo_label", where),
        quad_class=_int(m, "quad_class", where),
        goldstein=_float(m, "goldstein", where),
        plover_type=_str(m, "plover_type", where),
        plover_mode=_opt_str(m, "plover_mode", where),
        plover_context=_str_tuple(m, "plover_context", where),
        plover_intensity=_opt_float(m, "plover_intensity", where),
        modality=_str(m, "modality", where),
        trigger=_str(m, "trigger", where),
        code_reason=_str(m, "code_reason", where),
        published_at=_opt_datetime(m, "published_at", where),
        date=_date_from(_get(m, "date", where), f"{where}.date"),
        place=_place_from(_get(m, "place", where), f"{where}.place"),
        counts=Counts() if counts is None else _counts_from(counts, f"{where}.counts"),
        quote=_opt_str(m, "quote", where, None),
        speaker=_opt_str(m, "speaker", where, None),
        confidence=(
            FieldConfidence(event=1.0, source=1.0, target=1.0)
            if confidence is None
            else _confidence_from(confidence, f"{where}.confidence")
        ),
        coder_version=_str(m, "coder_version", where, ""),
        data_version=_str(m, "data_version", where, ""),
    )


def article_from_dict(d: object) -> Article:
    """The ``Article`` that ``article_to_dict`` turned into ``d`` (``StoreError`` E401 if not)."""
    where = "article"
    m = _mapping(d, where, _keys(Article))
    return Article(
        id=_str(m, "id", where),
        title=_str(m, "title", where),
        text=_str(m, "text", where),
        published_at=_opt_datetime(m, "published_at", where),
        url=_opt_str(m, "url", where),
        source=_str(m, "source", where),
    )
