"""``polevent code PATH... --db FILE``: read, code and store articles."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from polevent.api import CodeReport, code
from polevent.errors import PoleventError
from polevent.ingest import parse_published
from polevent.resolve.gazetteer import default_gazetteer_path

__all__ = ["code_command"]


def _published(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_published(value)
    except PoleventError as e:
        raise click.BadParameter(str(e)) from e


def _report(console: Console, report: CodeReport, *, db: str) -> None:
    # soft_wrap: a line is never broken inside a path, whatever the terminal (or pipe) width.
    console.print(
        f"read {report.articles_read} articles: coded {report.articles_coded}, "
        f"already stored {report.articles_already_stored}; "
        f"{report.events_added} new events in {db}",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    for warning in report.warnings:
        console.print(Text.assemble(("warning", "yellow"), f" {warning}"), soft_wrap=True)
    if report.errors:
        console.print(f"[red]{len(report.errors)} input(s) failed and were skipped:[/]")
        for error in report.errors:
            console.print(f"  {error}", markup=False, highlight=False, soft_wrap=True)


def _with_spinner(run: Callable[..., CodeReport], console: Console) -> CodeReport:
    """``run(progress=...)`` under a transient spinner counting coded articles."""
    columns = (SpinnerColumn(), TextColumn("{task.completed} articles coded"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("coding", total=None)
        return run(progress=lambda _article: progress.advance(task))


@click.command("code")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--db", required=True, help="SQLite file (created if missing) or sqlite:///path.")
@click.option(
    "--published",
    callback=_published,
    help="Publication date for inputs that carry none (e.g. 2025-05-16).",
)
@click.option("--keep-going", is_flag=True, help="Skip bad inputs, list them at the end.")
@click.option(
    "--model",
    type=click.Path(exists=True, dir_okay=False),
    help="Learned quad-class model from `polevent train quad`: sets each event's confidence.",
)
@click.option(
    "--actors",
    "actor_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Your own actor file (officeholders format, see README); repeatable.",
)
@click.option(
    "--gazetteer",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Gazetteer file for event places (default: var/gazetteer.sqlite when it exists).",
)
@click.option("--quiet", is_flag=True, help="No progress display.")
def code_command(
    paths: tuple[Path, ...],
    db: str,
    published: datetime | None,
    keep_going: bool,
    model: str | None,
    actor_files: tuple[str, ...],
    gazetteer: Path | None,
    quiet: bool,
) -> None:
    """Code the articles in PATHS (.txt, .jsonl, directories) into the event store DB.

    Example: polevent code samples/ --db events.db --keep-going
    """
    err = Console(stderr=True)
    out = Console()
    if gazetteer is None and default_gazetteer_path().is_file():
        gazetteer = default_gazetteer_path()
    run = partial(
        code,
        list(paths),
        db=db,
        published=published,
        keep_going=keep_going,
        model=model,
        actors=actor_files,
        gazetteer=gazetteer,
    )
    try:
        # Only a terminal gets a spinner: rich's Progress leaves a blank line on a pipe or file
        # even when disabled, so it is not entered at all there.
        report = _with_spinner(run, err) if err.is_terminal and not quiet else run()
    except PoleventError as e:
        err.print(f"error: {e}", markup=False, highlight=False, soft_wrap=True)
        raise SystemExit(1) from e
    _report(out, report, db=db)
    if report.errors:
        raise SystemExit(2)
