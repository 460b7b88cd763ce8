"""``polevent eval [NAME ...]``: score the coder on gold data and print the metrics."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from polevent.evaluate.base import EvalResult, Metric, ReliabilityBin, as_json
from polevent.evaluate.registry import scorer_names
from polevent.evaluate.runner import EvalFailure, EvalRun, run_eval
from polevent.pipeline import Coder, build_coder
from polevent.settings import Settings

__all__ = ["eval_command", "metric_row"]


def _percent(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f}%"


def metric_row(metric: Metric) -> tuple[str, str, str, str, str, str]:
    """Metric, value, 95 % interval, N, target and ✓/✗ (value at or above the target)."""
    interval = ""
    if metric.low is not None and metric.high is not None:
        interval = f"{100 * metric.low:.1f}-{100 * metric.high:.1f}%"
    mark = ""
    if metric.target is not None:
        mark = "✓" if metric.value >= metric.target else "✗"
    name = f"{metric.name} ({metric.note})" if metric.note else metric.name
    return name, _percent(metric.value), interval, str(metric.n), _percent(metric.target), mark


def _metrics_table(result: EvalResult) -> Table:
    table = Table(title=f"{result.scorer}: {result.gold} (N={result.n})", title_justify="left")
    table.add_column("metric", overflow="fold")
    for column in ("value", "95% CI", "N", "target", ""):
        table.add_column(column, justify="right")
    for metric in result.metrics:
        table.add_row(*metric_row(metric))
    return table


def _reliability_table(name: str, rows: Sequence[ReliabilityBin]) -> Table:
    table = Table(title=f"reliability: {name}", title_justify="left")
    for column in ("confidence", "N", "mean confidence", "accuracy"):
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(
            f"{row.low:.1f}-{row.high:.1f}",
            str(row.n),
            _percent(row.mean_confidence),
            _percent(row.accuracy),
        )
    return table


def _print_result(out: Console, result: EvalResult) -> None:
    out.print(_metrics_table(result))
    for note in result.notes:
        out.print(f"- {note}", markup=False, highlight=False)
    if result.details:
        details = Table(title="details", title_justify="left", show_header=False)
        details.add_column("key")
        details.add_column("value", justify="right")
        for key, value in result.details:
            details.add_row(key, value)
        out.print(details)
    for name, rows in result.reliability:
        out.print(_reliability_table(name, rows))
    out.print()


def _write_json(path: Path, run: EvalRun) -> None:
    body = {
        "results": [as_json(result) for result in run.results],
        "failures": [
            {"scorer": f.scorer, "code": f.code, "message": f.message} for f in run.failures
        ],
    }
    path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _report_failures(err: Console, failures: Sequence[EvalFailure]) -> None:
    err.print(f"[red]{len(failures)} scorer(s) failed:[/]")
    for failure in failures:
        err.print(
            f"  {failure.scorer}: {failure.message}", markup=False, highlight=False, soft_wrap=True
        )


def _coder(*, model: str | None) -> Coder:
    return build_coder(Settings(quad_model=model))


@click.command("eval")
@click.argument("names", nargs=-1, type=click.Choice(scorer_names()), metavar="[NAME]...")
@click.option(
    "--gold",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Gold file to score on instead of the default (only with exactly one NAME).",
)
@click.option(
    "--json", "json_out", type=click.Path(path_type=Path, dir_okay=False), help="Write JSON here."
)
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N gold items.")
@click.option(
    "--model",
    type=click.Path(exists=True, dir_okay=False),
    help="Score the coder with this learned model (from `polevent train quad`) reviewing events.",
)
def eval_command(
    names: tuple[str, ...],
    gold: Path | None,
    json_out: Path | None,
    limit: int | None,
    model: str | None,
) -> None:
    """Score the coder on gold data with the scorers NAME... (default: all of them).

    Prints per scorer each metric with its 95 % bootstrap interval, N and target, then the
    notes and reliability tables. Gold data is read from $POLEVENT_GOLD_DIR or ../shared/data.

    Example: polevent eval plover-gsr --json var/eval.json
    """
    chosen = list(names) or scorer_names()
    if gold is not None and len(chosen) != 1:
        raise click.UsageError("--gold needs exactly one scorer NAME")
    err = Console(stderr=True)
    score = partial(
        run_eval, chosen, gold=gold, limit=limit, make_coder=partial(_coder, model=model)
    )
    if err.is_terminal:
        with err.status("scoring") as status:
            run = score(on_start=lambda n: status.update(f"scoring {n}"))
    else:
        run = score()
    out = Console()
    for result in run.results:
        _print_result(out, result)
    for name in run.skipped:
        err.print(f"{name}: default gold is kept back and not here; skipped (score with --gold)")
    if json_out is not None:
        _write_json(json_out, run)
    if run.failures:
        _report_failures(err, run.failures)
        raise SystemExit(1)
