"""``polevent watch FEED... --every 15m --db FILE``: poll feeds and code the new items."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import click
from rich.console import Console

from polevent.cli.code import languages_callback, skipped_summary
from polevent.errors import PoleventError
from polevent.pipeline import build_coder
from polevent.resolve.gazetteer import default_gazetteer_path
from polevent.settings import Settings
from polevent.watch import WatchReport, parse_every, watch

__all__ = ["watch_command"]


def _every(_ctx: click.Context, _param: click.Parameter, value: str) -> timedelta:
    try:
        return parse_every(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from e


def _print_round(console: Console, report: WatchReport, *, db: str) -> None:
    for poll in report.polls:
        if poll.error is not None:
            console.print(f"  {poll.error}", markup=False, highlight=False, soft_wrap=True)
            continue
        console.print(
            f"{poll.feed}: {len(poll.new)} new, {poll.already_seen} seen before",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    coded = report.coded
    if coded is None:
        return
    console.print(
        f"coded {coded.articles_coded}, already stored {coded.articles_already_stored}; "
        f"{coded.events_added} new events in {db}",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    summary = skipped_summary(coded.skipped)
    if summary is not None:
        console.print(summary, markup=False, highlight=False, soft_wrap=True)
    for error in coded.errors:
        console.print(f"  {error}", markup=False, highlight=False, soft_wrap=True)


@click.command("watch")
@click.argument("feeds", nargs=-1, required=True)
@click.option("--db", required=True, help="SQLite file (created if missing) or sqlite:///path.")
@click.option(
    "--every",
    default="15m",
    show_default=True,
    callback=_every,
    help="Poll interval (90s, 15m, 2h).",
)
@click.option("--once", is_flag=True, help="Poll once and exit (for cron and tests).")
@click.option("--pages", is_flag=True, help="Fetch each new item's page and code its full text.")
@click.option(
    "--state",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Seen-items SQLite file (default: DB.watch.sqlite next to the store).",
)
@click.option(
    "--languages",
    default="en",
    show_default=True,
    callback=languages_callback,
    help="Comma-separated language codes to code; others are counted and skipped ('all': none).",
)
@click.option(
    "--gazetteer",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Gazetteer file for event places (default: var/gazetteer.sqlite when it exists).",
)
def watch_command(
    feeds: tuple[str, ...],
    db: str,
    every: timedelta,
    once: bool,
    pages: bool,
    state: Path | None,
    languages: frozenset[str] | None,
    gazetteer: Path | None,
) -> None:
    """Poll RSS/Atom FEEDS (URLs or files) and code the items not seen before into DB.

    What was seen is kept in a small SQLite file next to the store (see --state), so a restart
    codes only new items. Stop with Ctrl-C.

    Example: polevent watch https://example.org/world.rss --every 15m --db events.db

    \b
    More examples:
      polevent watch https://example.org/world.rss --once --db events.db
      polevent watch FEED1 FEED2 --pages --every 1h --db events.db
    """
    out = Console()
    err = Console(stderr=True)
    if gazetteer is None and default_gazetteer_path().is_file():
        gazetteer = default_gazetteer_path()
    try:
        coder = build_coder(Settings(gazetteer=None if gazetteer is None else str(gazetteer)))
        watch(
            list(feeds),
            db=db,
            every=every,
            rounds=1 if once else None,
            state=state,
            pages=pages,
            languages=languages,
            coder=coder,
            on_round=lambda report: _print_round(out, report, db=db),
        )
    except (PoleventError, ValueError) as e:
        err.print(f"error: {e}", markup=False, highlight=False, soft_wrap=True)
        raise SystemExit(1) from e
    except KeyboardInterrupt:
        err.print("stopped", markup=False, highlight=False)
