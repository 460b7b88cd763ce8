"""``polevent export --db FILE --format NAME --out PATH``: stored events in a standard format."""

from __future__ import annotations

from datetime import date

import click
from rich.console import Console

from polevent.api import export
from polevent.cli._options import parse_day
from polevent.errors import PoleventError
from polevent.export import DEFAULT_HEADER, FORMATS
from polevent.query.filters import EventFilter

__all__ = ["export_command"]


def _fail(message: str) -> SystemExit:
    Console(stderr=True).print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    return SystemExit(1)


_HEADERLESS = ", ".join(name for name, on in DEFAULT_HEADER.items() if not on)


@click.command("export")
@click.option("--db", required=True, help="SQLite file written by `polevent code`.")
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(FORMATS),
    help="gdelt / gdelt-mentions: GDELT 2.0 Events / Mentions TSV; icews, polecat: their TSV "
    "layouts; plover: PLOVER JSON lines; csv, parquet: every record field, flat.",
)
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="File to write.")
@click.option(
    "--header/--no-header",
    default=None,
    help=f"Write a header row. Default: on, except for {_HEADERLESS} (GDELT files have none).",
)
@click.option("--actor", help="Country or actor code (prefix) in either role, e.g. IND or AFGGOV.")
@click.option("--since", callback=parse_day, help="Only events on or after this day (YYYY-MM-DD).")
@click.option("--until", callback=parse_day, help="Only events on or before this day.")
@click.option("--limit", type=int, help="At most this many events.")
def export_command(
    db: str,
    fmt: str,
    out: str,
    header: bool | None,
    actor: str | None,
    since: date | None,
    until: date | None,
    limit: int | None,
) -> None:
    """Write the events stored in DB to OUT in a standard format (column mapping: docs/exports.md).

    Example: polevent export --db events.db --format gdelt --out events.gdelt.tsv --actor IND
    """
    try:
        where = EventFilter(actor=actor, since=since, until=until, limit=limit)
    except ValueError as e:  # an empty --actor or a negative --limit
        raise click.UsageError(str(e)) from e
    try:
        report = export(db=db, format=fmt, out=out, where=where, header=header)
    except PoleventError as e:
        raise _fail(str(e)) from e
    except OSError as e:
        raise _fail(f"{out}: cannot write: {e.strerror or e}") from e
    click.echo(f"wrote {report.rows} rows ({report.events} events) to {report.path} as {fmt}")
