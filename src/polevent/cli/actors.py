"""``polevent actors``: look names up in the actor knowledge base, or list unknown people."""

from __future__ import annotations

import json
from datetime import date, datetime

import click
from rich.console import Console
from rich.table import Table

from polevent.api import actor, unknown
from polevent.coding.lookup import ActorLookup, UnknownActor
from polevent.errors import PoleventError

__all__ = ["actors_command"]


def _dates(valid_from: date | None, valid_to: date | None, fallback: bool) -> str:
    if fallback:
        return "any other date"
    return f"{valid_from or '…'} .. {valid_to or 'now'}"


def _lookup_table(found: ActorLookup, *, history: bool) -> Table:
    day = found.on.isoformat() if found.on else "today"
    table = Table(title=f"{found.name!r} on {day}", title_justify="left")
    for column in ("code", "kind", "valid", "knowledge-base id", "source"):
        table.add_column(column)
    rows = found.history if history else found.chosen
    for row in rows:
        dates = _dates(row.valid_from, row.valid_to, row.fallback)
        table.add_row(row.code, row.kind, dates, row.kb_id, row.source)
    return table


def _unknown_table(people: tuple[UnknownActor, ...]) -> Table:
    table = Table(title="people not in the knowledge base", title_justify="left")
    for column in ("name", "mentions", "coded as", "first seen in"):
        table.add_column(column)
    for person in people:
        coded = ", ".join(f"{code} x{n}" for code, n in person.codes)
        table.add_row(person.name, str(person.mentions), coded, person.example[:80])
    return table


@click.command("actors")
@click.argument("names", nargs=-1)
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), help="YYYY-MM-DD [today]")
@click.option("--history", is_flag=True, help="every dated row of the name, not just the day's")
@click.option("--unknown", "list_unknown", is_flag=True, help="people in --db not in the KB")
@click.option("--db", help="store to read with --unknown")
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table")
def actors_command(
    names: tuple[str, ...],
    day: datetime | None,
    history: bool,
    list_unknown: bool,
    db: str | None,
    as_json: bool,
) -> None:
    """Look NAMES up as of --date, with the reason; or list unknown people in a store.

    Example: polevent actors "Amir Khan Muttaqi" --date 2019-08-01
    (and: polevent actors --unknown --db var/demo.db)
    """
    if list_unknown == bool(names) or (list_unknown and not db):
        raise click.UsageError("give NAMES, or --unknown with --db FILE")
    console = Console()
    try:
        if list_unknown:
            people = unknown(db=db or "")
            if as_json:
                for person in people:
                    click.echo(
                        json.dumps(
                            {
                                "name": person.name,
                                "mentions": person.mentions,
                                "codes": dict(person.codes),
                                "first_event": person.first_event,
                            }
                        )
                    )
            else:
                console.print(_unknown_table(people))
            return
        for name in names:
            found = actor(name, on=day.date() if day else date.today())
            if as_json:
                click.echo(
                    json.dumps(
                        {
                            "name": name,
                            "on": found.on.isoformat() if found.on else None,
                            "codes": [r.code for r in found.chosen],
                            "reasons": list(found.reasons),
                        }
                    )
                )
            elif not found.history:
                console.print(f"{name!r}: not in the knowledge base", markup=False)
            else:
                console.print(_lookup_table(found, history=history))
                for reason in found.reasons:
                    console.print(f"reason: {reason}", markup=False, highlight=False)
    except PoleventError as e:
        Console(stderr=True).print(f"error: {e}", markup=False, highlight=False)
        raise SystemExit(1) from e
