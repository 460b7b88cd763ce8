"""Standard exports of stored events: GDELT 2.0 (Events, Mentions), ICEWS, POLECAT, PLOVER JSON,
flat CSV and Parquet. Never imports spaCy.

Each format family is a module with pure ``rows``-style functions over an ``ExportInput``
(events, their articles, their event clusters) and a writer; ``export(store, format=..., out=...)``
reads the store and writes one file. The column mapping of every format is in docs/exports.md.

>>> from polevent.store import open_store
>>> with open_store("events.db") as store:                      # doctest: +SKIP
...     export(store, format="gdelt", out="events.gdelt.tsv")
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from polevent.errors import InputError
from polevent.export import gdelt, icews, polecat
from polevent.export.common import ExportInput, write_delimited
from polevent.export.flat import write_csv, write_parquet
from polevent.export.plover import plover_schema, records
from polevent.query.filters import EventFilter
from polevent.store.base import Store

__all__ = [
    "DEFAULT_HEADER",
    "FORMATS",
    "ExportInput",
    "ExportReport",
    "export",
    "export_input",
    "plover_schema",
    "write_export",
]

FORMATS = ("csv", "gdelt", "gdelt-mentions", "icews", "parquet", "plover", "polecat")
"""Export format names, as ``polevent export --format`` takes them."""

DEFAULT_HEADER: Mapping[str, bool] = {
    "csv": True,
    "gdelt": False,
    "gdelt-mentions": False,
    "icews": True,
    "parquet": True,
    "plover": True,
    "polecat": True,
}
"""Whether a format writes a header row by default: GDELT's own files have none, so ours neither
(``header=True`` adds one); ICEWS, POLECAT and CSV files have one. (Parquet and PLOVER JSON
carry their field names anyway.)"""


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportReport:
    """What one export wrote: the format, the file and how many rows (or JSON records)."""

    format: str
    path: Path
    rows: int
    events: int


def export_input(
    store: Store,
    *,
    event_filter: EventFilter | None = None,
    cluster_of: Mapping[str, str] | None = None,
) -> ExportInput:
    """The events ``event_filter`` selects from ``store`` (all when ``None``), their articles and
    their event clusters: ``cluster_of`` when given, else the store's own (``Store.cluster_of``)."""
    found = store.events(event_filter or EventFilter())
    wanted = {event.article_id for event in found}
    articles = {a.id: a for a in store.articles() if a.id in wanted}
    if cluster_of is None:
        cluster_of = store.cluster_of(event.event_id for event in found)
    return ExportInput(events=found, articles=articles, cluster_of=dict(cluster_of))


def _check_format(format: str) -> None:
    if format not in FORMATS:
        detail = f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}"
        raise InputError("E109", detail)


def write_export(
    source: ExportInput, *, format: str, out: str | Path, header: bool | None = None
) -> int:
    """Write ``source`` to ``out`` in ``format``; returns the number of rows (records) written.

    Raises ``InputError("E109")`` for an unknown format (before touching ``out``).
    """
    _check_format(format)
    path = Path(out)
    with_header = DEFAULT_HEADER[format] if header is None else header
    if format == "csv":
        return write_csv(source, path, header=with_header)
    if format == "parquet":
        return write_parquet(source, path)
    if format == "plover":
        count = 0
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            for record in records(source):
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
        return count
    tables = {
        "gdelt": (gdelt.EVENT_COLUMNS, gdelt.event_rows),
        "gdelt-mentions": (gdelt.MENTION_COLUMNS, gdelt.mention_rows),
        "icews": (icews.COLUMNS, icews.rows),
        "polecat": (polecat.COLUMNS, polecat.rows),
    }
    columns, make_rows = tables[format]
    return write_delimited(path, columns, make_rows(source), delimiter="\t", header=with_header)


def export(
    store: Store,
    *,
    format: str,
    out: str | Path,
    event_filter: EventFilter | None = None,
    header: bool | None = None,
    cluster_of: Mapping[str, str] | None = None,
) -> ExportReport:
    """Write the events of ``store`` that match ``event_filter`` to ``out`` in ``format``.

    ``format`` is one of ``FORMATS``; ``header`` ``None`` takes the format's ``DEFAULT_HEADER``.
    ``cluster_of`` maps mention ids to event ids; ``None`` takes the store's clusters (mentions
    of one real-world event grouped when they were stored), ``{}`` makes every mention an event.
    """
    _check_format(format)
    source = export_input(store, event_filter=event_filter, cluster_of=cluster_of)
    count = write_export(source, format=format, out=out, header=header)
    return ExportReport(format=format, path=Path(out), rows=count, events=len(source.events))
