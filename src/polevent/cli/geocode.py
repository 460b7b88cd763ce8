"""``polevent geocode "text"``: the place names in a text and how each was resolved."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click
from rich.console import Console

from polevent.errors import PoleventError
from polevent.nlp import build_nlp
from polevent.records import Toponym
from polevent.resolve.gazetteer import default_gazetteer_path, open_gazetteer
from polevent.resolve.places import geoparse
from polevent.settings import Settings

__all__ = ["geocode_command", "toponym_lines"]


def toponym_lines(toponyms: list[Toponym]) -> list[str]:
    """Two lines per toponym: the words, kind and resolution; then the reason."""
    lines: list[str] = []
    for toponym in toponyms:
        place = toponym.place
        head = f"{toponym.text!r} ({toponym.kind}, chars {toponym.start}-{toponym.end})"
        if place is None:
            lines.append(f"{head} -> unresolved")
        else:
            where = ", ".join(x for x in (place.name, place.admin1, place.country) if x)
            lines.append(
                f"{head} -> {where} [{place.feature} {place.geonameid}] "
                f"{place.lat:.3f}, {place.lon:.3f}; {place.precision}; "
                f"confidence {toponym.confidence:.2f}"
            )
        lines.append(f"    {toponym.reason}")
    return lines


@click.command("geocode")
@click.argument("text")
@click.option(
    "--gazetteer",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Gazetteer file [var/gazetteer.sqlite or $POLEVENT_GAZETTEER].",
)
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")
def geocode_command(text: str, gazetteer: Path | None, as_json: bool) -> None:
    """Find the place names in TEXT and show how each was resolved, with reasons.

    Example: polevent geocode "Georgia's president spoke in Tbilisi."
    """
    err = Console(stderr=True)
    try:
        places = open_gazetteer(gazetteer or default_gazetteer_path())
        toponyms = geoparse(text, nlp=build_nlp(Settings()), gazetteer=places)
    except PoleventError as e:
        err.print(f"error: {e}", markup=False, highlight=False, soft_wrap=True)
        raise SystemExit(1) from e
    if as_json:
        for toponym in toponyms:
            click.echo(json.dumps(asdict(toponym), ensure_ascii=False))
        return
    if not toponyms:
        click.echo("no place names found")
        return
    out = Console()
    for line in toponym_lines(toponyms):
        out.print(line, markup=False, highlight=False, soft_wrap=True)
