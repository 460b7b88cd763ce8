"""``polevent events --db FILE``: list stored events as a table, JSON lines or CSV."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from polevent.api import cluster_of, events
from polevent.cli._options import parse_day
from polevent.errors import PoleventError
from polevent.query.dyads import dyadic
from polevent.query.filters import EventFilter
from polevent.records import MODALITIES, ActorRef, EventRecord
from polevent.serialize import event_to_dict

__all__ = ["event_row", "events_command"]

CSV_COLUMNS = (
    "event_id",
    "cluster_id",
    "article_id",
    "date",
    "published_at",
    "source",
    "source_names",
    "target",
    "target_names",
    "cameo_code",
    "cameo_label",
    "quad_class",
    "goldstein",
    "plover_type",
    "plover_mode",
    "plover_context",
    "modality",
    "trigger",
    "evidence",
    "evidence_start",
    "evidence_end",
)


def _codes(actors: Sequence[ActorRef]) -> str:
    return ";".join(a.code for a in actors)


def _names(actors: Sequence[ActorRef]) -> str:
    return ";".join(a.name or a.text for a in actors)


def event_row(event: EventRecord, *, cluster_id: str | None = None) -> dict[str, str]:
    """One flat row of strings per event mention (the CSV columns); ``cluster_id`` is the
    real-world event it belongs to (the mention's own id when not given)."""
    start = event.date.start.isoformat() if event.date.start else ""
    return {
        "event_id": event.event_id,
        "cluster_id": cluster_id or event.event_id,
        "article_id": event.article_id,
        "date": start,
        "published_at": event.published_at.isoformat() if event.published_at else "",
        "source": _codes(event.source),
        "source_names": _names(event.source),
        "target": _codes(event.target),
        "target_names": _names(event.target),
        "cameo_code": event.cameo_code,
        "cameo_label": event.cameo_label,
        "quad_class": str(event.quad_class),
        "goldstein": f"{event.goldstein:g}",
        "plover_type": event.plover_type,
        "plover_mode": event.plover_mode or "",
        "plover_context": ";".join(event.plover_context),
        "modality": event.modality,
        "trigger": event.trigger,
        "evidence": event.evidence.text,
        "evidence_start": str(event.evidence.start),
        "evidence_end": str(event.evidence.end),
    }


def _table(found: Sequence[EventRecord], clusters: Mapping[str, str]) -> Table:
    table = Table(title=f"{len(found)} events", show_lines=False)
    names = ("event", "date", "source", "target", "CAMEO", "PLOVER", "mode", "modality", "evidence")
    for name in names:
        table.add_column(name, overflow="fold")
    for event in found:
        row = event_row(event, cluster_id=clusters.get(event.event_id))
        table.add_row(
            row["cluster_id"],
            row["date"],
            f"{row['source']}\n{row['source_names']}",
            f"{row['target']}\n{row['target_names']}",
            f"{event.cameo_code} {event.cameo_label}",
            event.plover_type,
            row["plover_mode"],
            event.modality,
            event.evidence.text[:160],
        )
    return table


@click.command("events")
@click.option(
    "--db",
    required=True,
    help="Store written by `polevent code`: SQLite file or postgresql:// URL.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl", "csv"]),
    default="table",
    show_default=True,
)
@click.option("--actor", help="Country or actor code (prefix) in either role, e.g. IND or AFGGOV.")
@click.option("--since", callback=parse_day, help="Only events on or after this day (YYYY-MM-DD).")
@click.option("--until", callback=parse_day, help="Only events on or before this day.")
@click.option("--limit", type=int, help="At most this many events.")
@click.option("--source", help="Source actor: country or code prefix.")
@click.option("--target", help="Target actor: country or code prefix.")
@click.option("--cameo", "cameo_code", help="CAMEO code prefix, e.g. 19 or 0874.")
@click.option("--plover", "plover_type", help="PLOVER event type, e.g. ASSAULT.")
@click.option("--quad", "quad_class", type=click.IntRange(1, 4), help="Quad class 1..4.")
@click.option("--modality", type=click.Choice(MODALITIES), help="Only events with this modality.")
@click.option("--place-country", help="ISO-3 country of the event's place.")
@click.option("--text", help="Words in the evidence sentence (case-insensitive).")
@click.option(
    "--dyads",
    is_flag=True,
    help="One row per source x target pair of compound actors (the event id repeats).",
)
def events_command(
    db: str,
    fmt: str,
    actor: str | None,
    since: date | None,
    until: date | None,
    limit: int | None,
    dyads: bool,
    **more: Any,
) -> None:
    """List the events stored in DB.

    Example: polevent events --db events.db --actor IND --since 2025-05-01 --format csv
    (add --dyads for one row per source x target pair; --source IND --target AFG --quad 4
    --text shelling for IND->AFG material conflict mentioning shelling)
    """
    where = EventFilter(actor=actor, since=since, until=until, limit=limit, **more)
    try:
        found = events(db=db, where=where)
        clusters = cluster_of(db=db, event_ids=[event.event_id for event in found])
    except PoleventError as e:
        Console(stderr=True).print(f"error: {e}", markup=False, highlight=False, soft_wrap=True)
        raise SystemExit(1) from e
    if dyads:
        found = dyadic(found)
    if fmt == "jsonl":
        for event in found:
            sys.stdout.write(json.dumps(event_to_dict(event), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(event_row(e, cluster_id=clusters.get(e.event_id)) for e in found)
    else:
        Console(width=200).print(_table(found, clusters))
