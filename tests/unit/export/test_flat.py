"""Flat CSV and Parquet exports: every EventRecord field, re-read and compared field by field."""

from __future__ import annotations

import csv
from dataclasses import fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from polevent.export import ExportInput, write_export
from polevent.export.flat import FLAT_COLUMNS, parquet_schema
from polevent.records import EventRecord

ACTOR_FIELDS = ("code", "country", "sector", "name", "text", "kb_id", "reason", "start", "end")
PLACE_FIELDS = ("name", "geonameid", "lat", "lon", "admin1", "country", "feature", "text")


def _expected(event: EventRecord) -> dict[str, Any]:
    """The flat view of ``event`` written out field by field from the record."""
    expected: dict[str, Any] = {
        "event_id": event.event_id,
        "cluster_id": None,
        "article_id": event.article_id,
        "sentence_index": event.sentence_index,
        "evidence_text": event.evidence.text,
        "evidence_start": event.evidence.start,
        "evidence_end": event.evidence.end,
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
        "published_at": event.published_at.isoformat() if event.published_at else None,
        "date_start": event.date.start,
        "date_end": event.date.end,
        "date_granularity": event.date.granularity,
        "date_text": event.date.text,
        "date_reason": event.date.reason,
        "killed": event.counts.killed,
        "injured": event.counts.injured,
        "arrested": event.counts.arrested,
        "displaced": event.counts.displaced,
        "size": event.counts.size,
        "quote": event.quote,
        "speaker": event.speaker,
        "confidence_event": event.confidence.event,
        "confidence_source": event.confidence.source,
        "confidence_target": event.confidence.target,
        "coder_version": event.coder_version,
        "data_version": event.data_version,
    }
    for role in ("source", "target"):
        for name in (*ACTOR_FIELDS, "confidence"):
            expected[f"{role}_{name}"] = [getattr(a, name) for a in getattr(event, role)]
    for name in (*PLACE_FIELDS, "reason", "precision", "confidence"):
        expected[f"place_{name}"] = None if event.place is None else getattr(event.place, name)
    return expected


def _as_csv(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join("" if v is None else str(v) for v in value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def test_columns_cover_every_record_field(export_input: ExportInput) -> None:
    names = [c.name for c in FLAT_COLUMNS]

    assert len(names) == len(set(names))
    assert set(names) == set(_expected(export_input.events[0])) | {"article_url", "article_title"}
    nested = {"evidence", "source", "target", "date", "place", "counts", "confidence"}
    for field in fields(EventRecord):
        prefix = f"{field.name}_" if field.name in nested else field.name
        assert any(n.startswith(prefix) for n in names) or field.name == "counts", field.name


def test_csv_round_trip(export_input: ExportInput, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    count = write_export(export_input, format="csv", out=out)
    with out.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)

    assert reader.fieldnames == [c.name for c in FLAT_COLUMNS]
    assert count == len(rows) == len(export_input.events)
    for row, event in zip(rows, export_input.events, strict=True):
        for name, value in _expected(event).items():
            assert row[name] == _as_csv(value), name
        article = export_input.articles[event.article_id]
        assert (row["article_url"], row["article_title"]) == (article.url or "", article.title)


def test_parquet_round_trip_keeps_types(export_input: ExportInput, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    count = write_export(export_input, format="parquet", out=out)
    table = pq.read_table(out)

    assert table.schema.equals(parquet_schema())
    assert count == table.num_rows == len(export_input.events)
    assert pa.types.is_date32(table.schema.field("date_start").type)
    assert pa.types.is_list(table.schema.field("source_code").type)
    assert pa.types.is_int64(table.schema.field("place_geonameid").type)
    for row, event in zip(table.to_pylist(), export_input.events, strict=True):
        for name, value in _expected(event).items():
            assert row[name] == value, name
