"""Every ``EventRecord`` field as one flat row: CSV (strings) and Parquet (typed columns).

``FLAT_COLUMNS`` names each column, its Arrow type and how it is read from a record. Nested
records are flattened with a prefix (``evidence_text``, ``place_lat``, ``date_start``); actor
lists become one column per actor field (``source_code``, ``source_country``, ...). In CSV a list
is its values joined by ``;`` (a missing value is an empty string between the ``;``); in
Parquet it is a real list column. ``cluster_id`` (the event a mention belongs to) is empty until
the store groups mentions into events. Article URL and title are added for convenience.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from polevent.export.common import ExportInput, write_delimited
from polevent.records import ActorRef, EventRecord, Place

if TYPE_CHECKING:
    import pyarrow as pa  # type: ignore[import-untyped]

__all__ = [
    "FLAT_COLUMNS",
    "FlatColumn",
    "csv_rows",
    "flat_values",
    "parquet_schema",
    "write_csv",
    "write_parquet",
]

FlatValue = str | int | float | date | list[Any] | None


@dataclass(frozen=True, slots=True, kw_only=True)
class FlatColumn:
    """One flat column: its name, Arrow type name and the function reading it from a mention."""

    name: str
    kind: str  # string | int64 | float64 | date32 | list<string> | list<int64> | list<float64>
    read: Callable[[EventRecord, ExportInput], FlatValue]


def _col(name: str, kind: str, read: Callable[[EventRecord], FlatValue]) -> FlatColumn:
    return FlatColumn(name=name, kind=kind, read=lambda event, _source: read(event))


def _place(attr: str) -> Callable[[EventRecord], FlatValue]:
    def read(event: EventRecord) -> FlatValue:
        place: Place | None = event.place
        return None if place is None else getattr(place, attr)

    return read


def _actors(role: str, attr: str) -> Callable[[EventRecord], FlatValue]:
    def read(event: EventRecord) -> FlatValue:
        actors: tuple[ActorRef, ...] = getattr(event, role)
        return [getattr(actor, attr) for actor in actors]

    return read


_ACTOR_FIELDS = (
    ("code", "string"),
    ("country", "string"),
    ("sector", "string"),
    ("name", "string"),
    ("text", "string"),
    ("kb_id", "string"),
    ("reason", "string"),
    ("start", "int64"),
    ("end", "int64"),
    ("confidence", "float64"),
)
_PLACE_FIELDS = (
    ("name", "string"),
    ("geonameid", "int64"),
    ("lat", "float64"),
    ("lon", "float64"),
    ("admin1", "string"),
    ("country", "string"),
    ("feature", "string"),
    ("text", "string"),
    ("reason", "string"),
    ("precision", "string"),
    ("confidence", "float64"),
)


def _url(event: EventRecord, source: ExportInput) -> FlatValue:
    article = source.article(event)
    return None if article is None else article.url


def _title(event: EventRecord, source: ExportInput) -> FlatValue:
    article = source.article(event)
    return None if article is None else article.title


def _published(event: EventRecord) -> FlatValue:
    return None if event.published_at is None else event.published_at.isoformat()


def _cluster(event: EventRecord, source: ExportInput) -> FlatValue:
    return source.cluster_of.get(event.event_id)


FLAT_COLUMNS: tuple[FlatColumn, ...] = (
    _col("event_id", "string", lambda e: e.event_id),
    FlatColumn(name="cluster_id", kind="string", read=_cluster),
    _col("article_id", "string", lambda e: e.article_id),
    _col("sentence_index", "int64", lambda e: e.sentence_index),
    _col("evidence_text", "string", lambda e: e.evidence.text),
    _col("evidence_start", "int64", lambda e: e.evidence.start),
    _col("evidence_end", "int64", lambda e: e.evidence.end),
    *(
        _col(f"{role}_{attr}", f"list<{kind}>", _actors(role, attr))
        for role in ("source", "target")
        for attr, kind in _ACTOR_FIELDS
    ),
    _col("cameo_code", "string", lambda e: e.cameo_code),
    _col("cameo_root", "string", lambda e: e.cameo_root),
    _col("cameo_label", "string", lambda e: e.cameo_label),
    _col("quad_class", "int64", lambda e: e.quad_class),
    _col("goldstein", "float64", lambda e: e.goldstein),
    _col("plover_type", "string", lambda e: e.plover_type),
    _col("plover_mode", "string", lambda e: e.plover_mode),
    _col("plover_context", "list<string>", lambda e: list(e.plover_context)),
    _col("plover_intensity", "float64", lambda e: e.plover_intensity),
    _col("modality", "string", lambda e: e.modality),
    _col("trigger", "string", lambda e: e.trigger),
    _col("code_reason", "string", lambda e: e.code_reason),
    _col("published_at", "string", _published),
    _col("date_start", "date32", lambda e: e.date.start),
    _col("date_end", "date32", lambda e: e.date.end),
    _col("date_granularity", "string", lambda e: e.date.granularity),
    _col("date_text", "string", lambda e: e.date.text),
    _col("date_reason", "string", lambda e: e.date.reason),
    *(_col(f"place_{attr}", kind, _place(attr)) for attr, kind in _PLACE_FIELDS),
    _col("killed", "int64", lambda e: e.counts.killed),
    _col("injured", "int64", lambda e: e.counts.injured),
    _col("arrested", "int64", lambda e: e.counts.arrested),
    _col("displaced", "int64", lambda e: e.counts.displaced),
    _col("size", "int64", lambda e: e.counts.size),
    _col("quote", "string", lambda e: e.quote),
    _col("speaker", "string", lambda e: e.speaker),
    _col("confidence_event", "float64", lambda e: e.confidence.event),
    _col("confidence_source", "float64", lambda e: e.confidence.source),
    _col("confidence_target", "float64", lambda e: e.confidence.target),
    _col("coder_version", "string", lambda e: e.coder_version),
    _col("data_version", "string", lambda e: e.data_version),
    FlatColumn(name="article_url", kind="string", read=_url),
    FlatColumn(name="article_title", kind="string", read=_title),
)
"""Every flat column, in file order (CSV header = Parquet schema names)."""


def flat_values(event: EventRecord, source: ExportInput) -> list[FlatValue]:
    """The typed values of one mention, aligned with ``FLAT_COLUMNS``."""
    return [column.read(event, source) for column in FLAT_COLUMNS]


def _csv_cell(value: FlatValue) -> str | int | float | None:
    if isinstance(value, list):
        return ";".join("" if item is None else str(item) for item in value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def csv_rows(source: ExportInput) -> Iterator[tuple[str | int | float | None, ...]]:
    """One CSV row per mention: lists ``;``-joined, dates ISO 8601, ``None`` empty."""
    for event in source.events:
        yield tuple(_csv_cell(value) for value in flat_values(event, source))


def write_csv(source: ExportInput, path: Path, *, header: bool = True) -> int:
    """Write the flat CSV of ``source`` to ``path``; returns the number of rows."""
    names = [column.name for column in FLAT_COLUMNS]
    return write_delimited(path, names, csv_rows(source), delimiter=",", header=header)


def _arrow_type(kind: str) -> pa.DataType:
    import pyarrow as pa

    scalars = {
        "string": pa.string(),
        "int64": pa.int64(),
        "float64": pa.float64(),
        "date32": pa.date32(),
    }
    if kind.startswith("list<"):
        return pa.list_(scalars[kind[5:-1]])
    return scalars[kind]


def parquet_schema() -> pa.Schema:
    """The Arrow schema of the Parquet export (one field per ``FLAT_COLUMNS`` entry)."""
    import pyarrow as pa

    return pa.schema([pa.field(c.name, _arrow_type(c.kind)) for c in FLAT_COLUMNS])


def write_parquet(source: ExportInput, path: Path) -> int:
    """Write the typed Parquet file of ``source`` to ``path``; returns the number of rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    rows: Sequence[list[FlatValue]] = [flat_values(e, source) for e in source.events]
    columns = [[row[i] for row in rows] for i in range(len(FLAT_COLUMNS))]
    table = pa.Table.from_arrays(
        [
            pa.array(values, type=_arrow_type(c.kind))
            for values, c in zip(columns, FLAT_COLUMNS, strict=True)
        ],
        schema=parquet_schema(),
    )
    pq.write_table(table, path)
    return len(rows)
