"""``polevent series --db FILE SOURCE TARGET``: a dyad's time series as a table, CSV or JSON."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from datetime import date
from typing import cast

import click
from rich.console import Console
from rich.table import Table

from polevent.cli._options import parse_day
from polevent.errors import PoleventError
from polevent.query import EventFilter, SeriesPoint, dyad_series
from polevent.query.aggregates import Period
from polevent.store import CountBy, open_store, require_existing

__all__ = ["SERIES_COLUMNS", "series_command", "series_row"]

SERIES_COLUMNS = (
    "period",
    "label",
    "events",
    "quad1",
    "quad2",
    "quad3",
    "quad4",
    "mean_goldstein",
    "net_cooperation",
)


def series_row(point: SeriesPoint) -> dict[str, object]:
    """One flat row per period (the CSV/JSON columns); empty periods have ``None`` means."""
    return {
        "period": point.period.isoformat(),
        "label": point.label,
        "events": point.events,
        **{f"quad{q}": point.by_quad.get(q, 0) for q in (1, 2, 3, 4)},
        "mean_goldstein": point.mean_goldstein,
        "net_cooperation": point.net_cooperation,
    }


def _number(value: object) -> str:
    return "" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def _table(points: Sequence[SeriesPoint], title: str) -> Table:
    table = Table(title=title)
    for name in SERIES_COLUMNS[1:]:
        table.add_column(name, justify="left" if name == "label" else "right")
    for point in points:
        row = series_row(point)
        table.add_row(*(_number(row[name]) for name in SERIES_COLUMNS[1:]))
    return table


def _read(
    db: str,
    source: str,
    target: str,
    *,
    by: Period,
    directed: bool,
    count_by: CountBy,
    event_filter: EventFilter,
) -> list[SeriesPoint]:
    """The series from the store at ``db``; like ``polevent events``, never creates a store."""
    require_existing(db)
    with open_store(db) as store:
        return dyad_series(
            store,
            source,
            target,
            by=by,
            directed=directed,
            count_by=count_by,
            event_filter=event_filter,
        )


@click.command("series")
@click.option("--db", required=True, help="Store: SQLite file or postgresql:// URL.")
@click.argument("source")
@click.argument("target")
@click.option(
    "--by", type=click.Choice(["day", "week", "month"]), default="week", show_default=True
)
@click.option("--undirected", is_flag=True, help="Count TARGET -> SOURCE events too.")
@click.option("--mentions", is_flag=True, help="Count mentions (articles' reports), not events.")
@click.option(
    "--since", callback=parse_day, help="First day (YYYY-MM-DD); the series starts there."
)
@click.option("--until", callback=parse_day, help="Last day (YYYY-MM-DD).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
def series_command(
    db: str,
    source: str,
    target: str,
    by: str,
    undirected: bool,
    mentions: bool,
    since: date | None,
    until: date | None,
    fmt: str,
) -> None:
    """Events from SOURCE to TARGET (country or actor code prefix) per day, ISO week or month:
    counts per quad class, mean Goldstein, net cooperation = (quads 1+2 - quads 3+4) / events.
    Empty periods are listed with zero events.

    Example: polevent series --db events.db IND AFG --by week --undirected --format csv
    """
    try:
        points = _read(
            db,
            source,
            target,
            by=cast("Period", by),
            directed=not undirected,
            count_by="mention" if mentions else "event",
            event_filter=EventFilter(since=since, until=until),
        )
    except (PoleventError, ValueError) as e:
        Console(stderr=True).print(f"error: {e}", markup=False, highlight=False, soft_wrap=True)
        raise SystemExit(1) from e
    if fmt == "json":
        sys.stdout.write(json.dumps([series_row(p) for p in points], ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=SERIES_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: _number(v) for k, v in series_row(p).items()} for p in points)
    else:
        arrow = "<->" if undirected else "->"
        unit = "mentions" if mentions else "events"
        Console(width=200).print(_table(points, f"{source} {arrow} {target}: {unit} per {by}"))
