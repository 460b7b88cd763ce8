"""``polevent gazetteer``: build the offline place index, or look names up in it."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from polevent.errors import PoleventError
from polevent.resolve.gazetteer import Candidate, default_gazetteer_path, open_gazetteer
from polevent.resolve.gazetteer_build import BuildReport, build_gazetteer

__all__ = ["gazetteer_group"]


def _fail(error: PoleventError) -> SystemExit:
    Console(stderr=True).print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)
    return SystemExit(1)


def _report_table(report: BuildReport) -> Table:
    table = Table(title=f"gazetteer {report.path}", title_justify="left", show_header=False)
    table.add_row("entries", f"{report.entries:,}")
    table.add_row("names (normalised)", f"{report.names:,}")
    table.add_row("size", f"{report.bytes / 1_000_000:.1f} MB")
    table.add_row("build time", f"{report.seconds:.1f} s")
    for source in report.sources:
        table.add_row(f"source {source.name}", source.version)
    table.add_row("content sha256", report.content_sha256[:16])
    return table


def _candidates_table(name: str, found: tuple[Candidate, ...]) -> Table:
    table = Table(title=f"{name!r}: {len(found)} candidates", title_justify="left")
    for column in ("geonameid", "name", "feature", "country", "admin-1", "population", "lat, lon"):
        table.add_column(column)
    for c in found:
        table.add_row(
            str(c.geonameid),
            c.name,
            f"{c.feature_class}.{c.feature_code}",
            c.country or "",
            c.admin1 or "",
            f"{c.population:,}",
            f"{c.lat:.4f}, {c.lon:.4f}",
        )
    return table


@click.group("gazetteer")
def gazetteer_group() -> None:
    """Build the offline gazetteer (GeoNames cities, subdivisions, countries, curated places)
    and look place names up in it.

    Example: polevent gazetteer build && polevent gazetteer lookup Kiev
    """


@gazetteer_group.command("build")
@click.option("--out", type=click.Path(path_type=Path), help="file to write [var/gazetteer.sqlite]")
@click.option(
    "--min-population", type=int, default=0, show_default=True, help="drop smaller cities"
)
def build_command(out: Path | None, min_population: int) -> None:
    """Build the gazetteer file from the installed packages and print what it holds.

    Example: polevent gazetteer build --out var/gazetteer.sqlite
    """
    try:
        report = build_gazetteer(out or default_gazetteer_path(), min_population=min_population)
    except PoleventError as e:
        raise _fail(e) from e
    Console().print(_report_table(report))


@gazetteer_group.command("lookup")
@click.argument("name")
@click.option(
    "--gazetteer",
    "path",
    type=click.Path(path_type=Path),
    help="gazetteer file [$POLEVENT_GAZETTEER or var/gazetteer.sqlite]",
)
@click.option("--limit", type=int, default=25, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="one JSON object per candidate")
def lookup_command(name: str, path: Path | None, limit: int, as_json: bool) -> None:
    """Print the candidates for NAME: countries first, then admin-1, then by population.

    Example: polevent gazetteer lookup "Azad Kashmir" --json
    """
    try:
        gazetteer = open_gazetteer(path or default_gazetteer_path())
        found = gazetteer.lookup(name, limit=limit)
    except PoleventError as e:
        raise _fail(e) from e
    if as_json:
        for candidate in found:
            click.echo(json.dumps(asdict(candidate), ensure_ascii=False))
        return
    Console().print(_candidates_table(name, found))
