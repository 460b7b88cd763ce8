"""``polevent code PATH... --db FILE``: read, code and store articles."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from polevent.api import CodeReport, code
from polevent.errors import PoleventError
from polevent.ingest import parse_published

__all__ = ["code_command"]


def _published(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_published(value)
    except PoleventError as e:
        raise click.BadParameter(str(e)) from e


def _report(console: Console, report: CodeReport, *, db: str) -> None:
    console.print(
        f"read {report.articles_read} articles: coded {report.articles_coded}, "
        f"already stored {report.articles_already_stored}; "
        f"{report.events_added} new events in {db}"
    )
    for warning in report.warnings:
        console.print(f"[yellow]warning[/] {warning}")
    if report.errors:
        console.print(f"[red]{len(report.errors)} input(s) failed and were skipped:[/]")
        for error in report.errors:
            console.print(f"  {error}", markup=False, highlight=False)


@click.command("code")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--db", required=True, help="SQLite file (created if missing) or sqlite:///path.")
@click.option(
    "--published",
    callback=_published,
    help="Publication date for inputs that carry none (e.g. 2025-05-16).",
)
@click.option("--keep-going", is_flag=True, help="Skip bad inputs, list them at the end.")
@click.option("--quiet", is_flag=True, help="No progress display.")
def code_command(
    paths: tuple[Path, ...], db: str, published: datetime | None, keep_going: bool, quiet: bool
) -> None:
    """Code the articles in PATHS (.txt, .jsonl, directories) into the event store DB.

    Example: polevent code samples/ --db events.db --keep-going
    """
    err = Console(stderr=True)
    out = Console()
    columns = (SpinnerColumn(), TextColumn("{task.completed} articles coded"), TimeElapsedColumn())
    try:
        with Progress(*columns, console=err, disable=quiet, transient=True) as progress:
            task = progress.add_task("coding", total=None)
            report = code(
                list(paths),
                db=db,
                published=published,
                keep_going=keep_going,
                progress=lambda _article: progress.advance(task),
            )
    except PoleventError as e:
        err.print(f"error: {e}", markup=False, highlight=False)
        raise SystemExit(1) from e
    _report(out, report, db=db)
    if report.errors:
        raise SystemExit(2)
