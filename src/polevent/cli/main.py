"""Entry point: the click group and error handling shared by every command."""

from __future__ import annotations

import sys

import click

from polevent._version import __version__
from polevent.cli.actors import actors_command
from polevent.cli.code import code_command
from polevent.cli.eval import eval_command
from polevent.cli.events import events_command
from polevent.cli.export import export_command
from polevent.cli.gazetteer import gazetteer_group
from polevent.cli.geocode import geocode_command
from polevent.cli.recode import accept_command, diff_command, recode_command, reject_command
from polevent.cli.series import series_command
from polevent.cli.serve import serve_command
from polevent.cli.train import train_group
from polevent.cli.watch import watch_command

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="polevent")
def cli() -> None:
    """polevent: news articles in, coded political events (CAMEO + PLOVER) out.

    Example: polevent code samples/ --db events.db && polevent events --db events.db
    """


cli.add_command(accept_command)
cli.add_command(actors_command)
cli.add_command(code_command)
cli.add_command(diff_command)
cli.add_command(eval_command)
cli.add_command(events_command)
cli.add_command(export_command)
cli.add_command(gazetteer_group)
cli.add_command(geocode_command)
cli.add_command(recode_command)
cli.add_command(reject_command)
cli.add_command(series_command)
cli.add_command(serve_command)
cli.add_command(train_group)
cli.add_command(watch_command)


def main() -> None:
    """Run the CLI (``polevent`` script and ``python -m polevent``)."""
    cli(prog_name="polevent")
    sys.exit(0)
