"""Frozen, typed records that cross module boundaries.

``Article`` comes out of ``ingest``; ``EventRecord`` comes out of
``pipeline.records_from_doc`` and is what the store keeps, queries return and exports write.
Nothing here imports spaCy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

__all__ = [
    "ActorRef",
    "Article",
    "Counts",
    "EventDate",
    "EventRecord",
    "Evidence",
    "FieldConfidence",
    "Place",
    "Toponym",
]

MODALITIES = ("asserted", "negated", "hypothetical", "future", "historical")
PRECISIONS = ("point", "admin2", "admin1", "country", "region")
GRANULARITIES = ("second", "minute", "hour", "day", "week", "month", "year", "unknown")


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One news article, as read from a source.

    ``source`` names where it came from (a file path, ``path:line`` for JSONL) so errors and
    evidence can point back at it. ``published_at`` is ``None`` when the input gave no date.
    """

    id: str
    title: str
    text: str
    published_at: datetime | None
    url: str | None
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """The sentence an event was coded from, with character offsets into ``Article.text``;
    ``trigger_start``/``trigger_end`` are the article offsets of the word that coded the event
    (``None`` in records made before they were kept)."""

    text: str
    start: int
    end: int
    trigger_start: int | None = None
    trigger_end: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorRef:
    """One coded actor mention.

    ``code`` is the CAMEO actor code (``INDGOV``); ``country`` is ISO-3 (or an IGO code such as
    ``UNO``) and ``sector`` the PLOVER/CAMEO role (``GOV``, ``MIL``, ...). ``start``/``end`` are
    character offsets of the mention in the article; ``reason`` says how the code was reached.
    """

    text: str
    code: str
    country: str | None
    sector: str | None
    name: str | None
    kb_id: str | None
    reason: str
    start: int
    end: int
    confidence: float = 1.0


@dataclass(frozen=True, slots=True, kw_only=True)
class EventDate:
    """When an event happened: a range with its granularity and the reason for it."""

    start: date | None
    end: date | None
    granularity: str
    text: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """A resolved place: where an event happened, or what a toponym refers to.

    ``geonameid`` is the GeoNames id (curated places the packages lack have negative ids);
    ``country`` is ISO-3; ``admin1`` the first-order subdivision's name; ``feature`` the GeoNames
    feature code (``PPL``, ``ADM1``, ``PCLI``; curated: ``RGN``, ``BDR``, ``PRT``, ...).
    ``precision`` is one of ``PRECISIONS``: how exact ``lat``/``lon`` are. ``text`` is the words in
    the article and ``reason`` how they were resolved.
    """

    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    admin1: str | None
    country: str | None
    feature: str | None
    text: str
    reason: str
    precision: str = "point"
    confidence: float = 1.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Toponym:
    """One place name found in an article (``start``/``end`` are character offsets).

    ``kind`` is ``place`` (a location), ``metonym`` ("Washington said": a government, not a place
    of events) or ``demonym`` ("Afghan"). ``place`` is the chosen resolution, ``None`` when no
    gazetteer entry fits; ``candidates`` counts the entries considered; ``reason`` says why.
    """

    text: str
    start: int
    end: int
    kind: str
    place: Place | None
    candidates: int
    reason: str
    confidence: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Counts:
    """Casualty and crowd counts the text gives for an event (``None`` = not stated)."""

    killed: int | None = None
    injured: int | None = None
    arrested: int | None = None
    displaced: int | None = None
    size: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldConfidence:
    """Confidence (0..1) of the coded event code, source and target."""

    event: float
    source: float
    target: float


@dataclass(frozen=True, slots=True, kw_only=True)
class EventRecord:
    """One coded event mention: who did what to whom, when and where, with evidence and reasons."""

    event_id: str
    article_id: str
    sentence_index: int
    evidence: Evidence
    source: tuple[ActorRef, ...]
    target: tuple[ActorRef, ...]
    cameo_code: str
    cameo_root: str
    cameo_label: str
    quad_class: int
    goldstein: float
    plover_type: str
    plover_mode: str | None
    plover_context: tuple[str, ...]
    plover_intensity: float | None
    modality: str
    trigger: str
    code_reason: str
    published_at: datetime | None
    date: EventDate
    place: Place | None
    counts: Counts = field(default_factory=Counts)
    quote: str | None = None
    speaker: str | None = None
    confidence: FieldConfidence = field(
        default_factory=lambda: FieldConfidence(event=1.0, source=1.0, target=1.0)
    )
    coder_version: str = ""
    data_version: str = ""
