"""``polevent recode``, ``diff``, ``accept``, ``reject``: re-code a store with the current coder,
look at what changed, then make it current or throw it away (``polevent.recode``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TypeVar

import click
from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TimeElapsedColumn
from rich.table import Table

from polevent.cli._options import coder_options
from polevent.errors import PoleventError
from polevent.recode import RecodeSummary, accept, diff, recode, reject
from polevent.recode_diff import MentionChange, RecodeDiff
from polevent.records import Article
from polevent.resolve.gazetteer import default_gazetteer_path

__all__ = ["accept_command", "diff_command", "recode_command", "reject_command"]

_T = TypeVar("_T")
_DB_HELP = "Store written by `polevent code`: SQLite file or postgresql:// URL."


def _run(step: Callable[[], _T]) -> _T:
    """``step()``, a polevent error printed as ``error: ...`` with exit status 1."""
    try:
        return step()
    except PoleventError as e:
        Console(stderr=True).print(f"error: {e}", markup=False, highlight=False, soft_wrap=True)
        raise SystemExit(1) from e


def _say(console: Console, text: str) -> None:
    console.print(text, markup=False, highlight=False, soft_wrap=True)


def _recode_report(summary: RecodeSummary) -> list[str]:
    if summary.run_id is None:
        return [
            f"nothing to re-code: all {summary.articles_total} articles are coded by"
            f" {summary.coder_version} (data {summary.data_version}); use --force to re-code"
        ]
    return [
        f"re-code run {summary.run_id}: {summary.coder_version} (data {summary.data_version})",
        f"{summary.articles_recoded} articles re-coded now, {summary.articles_resumed} earlier"
        f" in this run, {summary.articles_current} already current;"
        f" {summary.pending} pending mentions",
        "next: polevent diff --db DB, then polevent accept --db DB (or reject)",
    ]


@click.command("recode")
@click.option("--db", required=True, help=_DB_HELP)
@coder_options
@click.option("--force", is_flag=True, help="Re-code every article, even those already current.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def recode_command(
    db: str,
    model: str | None,
    actor_files: tuple[str, ...],
    gazetteer: Path | None,
    force: bool,
    quiet: bool,
) -> None:
    """Re-code the articles stored in DB with the current coder; keep the new mentions pending.

    Articles whose mentions were made by another coder or data version (all with --force) are
    re-coded from their stored text; queries keep showing the current mentions until
    `polevent accept`. A run that stops resumes where it stopped when run again.

    Example: polevent recode --db events.db && polevent diff --db events.db
    """
    if gazetteer is None and default_gazetteer_path().is_file():
        gazetteer = default_gazetteer_path()
    err = Console(stderr=True)

    def run(progress: Callable[[Article], None] | None = None) -> RecodeSummary:
        return recode(
            db=db,
            model=model,
            actors=actor_files,
            gazetteer=gazetteer,
            force=force,
            progress=progress,
        )

    if err.is_terminal and not quiet:
        columns = (SpinnerColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=err, transient=True) as bar:
            task = bar.add_task("re-coding", total=None)
            summary = _run(lambda: run(lambda _article: bar.advance(task)))
    else:
        summary = _run(run)
    out = Console()
    for line in _recode_report(summary):
        _say(out, line)


def _summary_lines(found: RecodeDiff) -> list[str]:
    if found.run_id is None:
        return ["no re-code run is pending"]
    was = "; ".join(f"{coder} (data {data or '?'})" for coder, data in found.old_versions)
    lines = [
        f"re-code run {found.run_id}: {found.coder_version} (data {found.data_version})",
        f"was: {was or 'no mentions'}",
        f"{found.articles} articles re-coded: {found.current} current mentions,"
        f" {found.pending} pending",
        f"new {found.new}, dropped {found.dropped}, re-coded {found.recoded},"
        f" unchanged {found.unchanged}",
    ]
    if found.fields:
        lines.append("changed fields: " + ", ".join(f"{n} {c}" for n, c in found.fields))
    return lines


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _table(changes: tuple[MentionChange, ...]) -> Table:
    """One row per changed field (a new or dropped mention: its evidence), a section per
    mention with its ids (current, pending) and article and sentence on its first rows."""
    table = Table(title=f"{len(changes)} changes")
    table.add_column("change", no_wrap=True)
    table.add_column("mention", no_wrap=True)
    for name in ("field", "old", "new"):
        table.add_column(name, overflow="fold")
    for change in changes:
        ids = [change.old_id or "", change.new_id or ""]
        if change.old_id == change.new_id:
            ids = [change.old_id or ""]
        labels = [i for i in ids if i] + [f"{change.article_id[:8]} s{change.sentence_index}"]
        rows = [(f.field, _short(f.old), _short(f.new)) for f in change.changes]
        if change.kind == "new":
            rows = [("evidence", "", _short(change.evidence))]
        elif change.kind == "dropped":
            rows = [("evidence", _short(change.evidence), "")]
        rows += [("", "", "")] * (len(labels) - len(rows))
        for n, (name, old, new) in enumerate(rows):
            label = labels[n] if n < len(labels) else ""
            kind = change.kind if n == 0 else ""
            table.add_row(kind, label, name, old, new, end_section=n == len(rows) - 1)
    return table


def _json_lines(found: RecodeDiff, changes: tuple[MentionChange, ...]) -> list[str]:
    summary = asdict(found)
    del summary["changes"]
    summary["fields"] = dict(found.fields)
    summary["old_versions"] = [list(pair) for pair in found.old_versions]
    lines = [json.dumps({"type": "summary", **summary}, ensure_ascii=False)]
    for change in changes:
        lines.append(json.dumps({"type": "change", **asdict(change)}, ensure_ascii=False))
    return lines


@click.command("diff")
@click.option("--db", required=True, help=_DB_HELP)
@click.option("--json", "as_json", is_flag=True, help="JSON lines: a summary, then one a change.")
@click.option("--limit", type=click.IntRange(min=0), help="List at most N changes.")
def diff_command(db: str, as_json: bool, limit: int | None) -> None:
    """Show what the pending re-code run would change: new, dropped and re-coded events,
    field by field, after the counts.

    Example: polevent diff --db events.db --limit 50
    """
    found = _run(lambda: diff(db=db))
    changes = found.changes if limit is None else found.changes[:limit]
    if as_json:
        for line in _json_lines(found, changes):
            click.echo(line)
        return
    out = Console()
    for line in _summary_lines(found):
        _say(out, line)
    if changes:
        out.print(_table(changes))


@click.command("accept")
@click.option("--db", required=True, help=_DB_HELP)
def accept_command(db: str) -> None:
    """Make the pending re-code run's mentions current, in one transaction.

    Example: polevent accept --db events.db
    """
    done = _run(lambda: accept(db=db))
    _say(
        Console(),
        f"accepted re-code run {done.run_id}: {done.articles} articles; added {done.added},"
        f" replaced {done.replaced}, dropped {done.dropped}, unchanged {done.unchanged}",
    )


@click.command("reject")
@click.option("--db", required=True, help=_DB_HELP)
def reject_command(db: str) -> None:
    """Discard the pending re-code run; the current mentions stay as they are.

    Example: polevent reject --db events.db
    """
    done = _run(lambda: reject(db=db))
    _say(
        Console(),
        f"rejected re-code run {done.run_id}: {done.discarded} pending mentions discarded",
    )
