"""``polevent code PATH... --db FILE``: read, code and store articles."""

from __future__ import annotations

import contextlib
import gzip
import os
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from polevent.api import CodeReport, code
from polevent.cli._options import coder_options
from polevent.errors import InputError, PoleventError
from polevent.ingest import CsvColumns, ReadOptions, Skipped, parse_csv_columns, parse_published
from polevent.ingest.fetch import is_url
from polevent.ingest.paths import expand_paths
from polevent.resolve.gazetteer import default_gazetteer_path
from polevent.scale import RayExecutor

__all__ = ["code_command", "estimate_articles", "languages_callback", "skipped_summary"]


def _published(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_published(value)
    except PoleventError as e:
        raise click.BadParameter(str(e)) from e


def _csv_columns(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> CsvColumns | None:
    if value is None:
        return None
    try:
        return parse_csv_columns(value)
    except PoleventError as e:
        raise click.BadParameter(str(e)) from e


def languages_callback(
    _ctx: click.Context, _param: click.Parameter, value: str
) -> frozenset[str] | None:
    codes = frozenset(code.strip().lower() for code in value.split(",") if code.strip())
    if not codes:
        raise click.BadParameter("name at least one language code, or 'all'")
    return None if "all" in codes else codes


def skipped_summary(skipped: tuple[Skipped, ...]) -> str | None:
    """``skipped: 4 non-English (de: 3, fr: 1), 1 without article text`` (``None`` if none)."""
    if not skipped:
        return None
    languages: dict[str, int] = {}
    for item in skipped:
        if item.kind == "language":
            key = item.language or "?"
            languages[key] = languages.get(key, 0) + 1
    parts = []
    if languages:
        counts = ", ".join(
            f"{lang}: {n}" for lang, n in sorted(languages.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        parts.append(f"{sum(languages.values())} non-English ({counts})")
    no_text = sum(1 for item in skipped if item.kind == "no-text")
    if no_text:
        parts.append(f"{no_text} without article text")
    return "skipped: " + ", ".join(parts)


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
    summary = skipped_summary(report.skipped)
    if summary is not None:
        console.print(summary, markup=False, highlight=False, soft_wrap=True)
    for warning in report.warnings:
        console.print(Text.assemble(("warning", "yellow"), f" {warning}"), soft_wrap=True)
    if report.errors:
        console.print(f"[red]{len(report.errors)} input(s) failed and were skipped:[/]")
        for error in report.errors:
            console.print(f"  {error}", markup=False, highlight=False, soft_wrap=True)


def estimate_articles(paths: tuple[str, ...]) -> int | None:
    """How many articles ``paths`` hold, counted cheaply (a file per text or page, a line per
    JSON Lines record); ``None`` when an input cannot be counted without reading it whole (URLs,
    stdin, feeds, WARC, CSV) or a path is bad (the run reports it)."""
    total = 0
    for path in paths:
        if path == "-" or is_url(path):
            return None
        for item in expand_paths([path]):
            if isinstance(item, InputError) or item.kind not in _COUNTABLE:
                return None
            total += _articles_in(item.path, compressed=item.kind == "jsonl.gz", one=item.kind)
    return total


_COUNTABLE = frozenset({"text", "html", "jsonl", "jsonl.gz"})


def _articles_in(path: Path, *, compressed: bool, one: str) -> int:
    if one in ("text", "html"):
        return 1
    try:
        opener = gzip.open if compressed else open
        with opener(path, "rb") as handle:
            return sum(1 for line in handle if line.strip())
    except (OSError, EOFError):
        return 0


class _Rate(ProgressColumn):
    """Articles per second over rich's recent-speed window."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:.1f} articles/s", style="progress.data.speed")


def _with_progress(
    run: Callable[..., CodeReport], console: Console, *, total: int | None
) -> CodeReport:
    """``run(progress=...)`` under a transient progress bar: articles done, articles/s and, when
    ``total`` is known, the bar and the time left."""
    columns: list[ProgressColumn] = [SpinnerColumn()]
    if total is not None:
        columns += [BarColumn(), MofNCompleteColumn()]
    else:
        columns.append(TextColumn("{task.completed} articles"))
    columns += [_Rate(), TimeElapsedColumn()]
    if total is not None:
        columns += [TextColumn("ETA"), TimeRemainingColumn()]
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("coding", total=total)
        return run(progress=lambda _article: progress.advance(task))


def _engine(
    engine: str, address: str | None, workers: int | None, err: Console
) -> RayExecutor | None:
    """The Ray executor ``--engine ray`` asks for (``None`` for the local engine)."""
    if engine == "local":
        if address is not None:
            raise click.UsageError("--address needs --engine ray")
        return None
    ray = RayExecutor(address=address, workers=workers)
    if ray.temp_dir_note is not None:
        err.print(f"note: {ray.temp_dir_note}", markup=False, highlight=False, soft_wrap=True)
    return ray


@click.command("code")
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", required=True, help="SQLite file (created if missing) or sqlite:///path.")
@click.option(
    "--published",
    callback=_published,
    help="Publication date for inputs that carry none (e.g. 2025-05-16).",
)
@click.option("--keep-going", is_flag=True, help="Skip bad inputs, list them at the end.")
@coder_options
@click.option(
    "--csv-columns",
    callback=_csv_columns,
    help="CSV/TSV column mapping, e.g. text=body,title=headline,date=published,url=link.",
)
@click.option(
    "--languages",
    default="en",
    show_default=True,
    callback=languages_callback,
    help="Comma-separated language codes to code; others are counted and skipped ('all': none).",
)
@click.option("--pages", is_flag=True, help="For feeds: fetch each item's page for its full text.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Processes (or Ray actors) coding at once, each with its own model (default: all "
    "cores; with --engine ray --address, every CPU of the cluster).",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="local: a process pool on this machine; ray: Ray actors (pip install polevent[ray]).",
)
@click.option(
    "--address",
    help="With --engine ray: a running cluster (auto, or ray://HOST:10001); default: a "
    "private local Ray instance. See docs/scale.md.",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def code_command(
    paths: tuple[str, ...],
    db: str,
    published: datetime | None,
    keep_going: bool,
    model: str | None,
    actor_files: tuple[str, ...],
    gazetteer: Path | None,
    csv_columns: CsvColumns | None,
    languages: frozenset[str] | None,
    pages: bool,
    workers: int | None,
    engine: str,
    address: str | None,
    quiet: bool,
) -> None:
    """Code the articles in PATHS into the event store DB.

    PATHS are files or directories (.txt, .jsonl[.gz], .html/.htm, .rss/.atom/.xml feeds,
    .warc[.gz], .csv/.tsv), feed or page URLs, or - for stdin (text or JSON Lines).

    Example: polevent code samples/ --db events.db --keep-going

    \b
    More examples:
      polevent code crawl.warc.gz https://example.org/feed.xml --db events.db
      polevent code news.csv --csv-columns text=body,title=headline --db events.db
      cat articles.jsonl | polevent code - --db events.db
      polevent code corpus/ --db events.db --workers 4
      polevent code corpus/ --db postgresql://host/events --engine ray --address auto

    A run that dies (even kill -9) loses nothing: run the same command again and it skips
    the articles already stored and codes the rest.
    """
    err = Console(stderr=True)
    out = Console()
    if gazetteer is None and default_gazetteer_path().is_file():
        gazetteer = default_gazetteer_path()
    try:
        executor = _engine(engine, address, workers, err)
    except PoleventError as e:
        err.print(f"error: {e}", markup=False, highlight=False, soft_wrap=True)
        raise SystemExit(1) from e
    run = partial(
        code,
        list(paths),
        db=db,
        published=published,
        keep_going=keep_going,
        model=model,
        actors=actor_files,
        gazetteer=gazetteer,
        workers=workers or os.cpu_count() or 1,
        executor=executor,
        reading=ReadOptions(
            csv_columns=csv_columns,
            languages=languages,
            feed_pages=pages,
            stdin=click.get_binary_stream("stdin"),
        ),
    )
    with contextlib.ExitStack() as stack:
        if executor is not None:
            stack.enter_context(executor)
        try:
            # Only a terminal gets a progress bar: rich's Progress leaves a blank line on a pipe
            # or file even when disabled, so it is not entered at all there.
            if err.is_terminal and not quiet:
                report = _with_progress(run, err, total=estimate_articles(paths))
            else:
                report = run()
        except PoleventError as e:
            err.print(f"error: {e}", markup=False, highlight=False, soft_wrap=True)
            raise SystemExit(1) from e
    _report(out, report, db=db)
    if report.errors:
        raise SystemExit(2)
