"""Option helpers shared by the CLI commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

import click

__all__ = ["coder_options", "parse_day"]

F = TypeVar("F", bound=Callable[..., object])


def parse_day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    """Click callback: a ``YYYY-MM-DD`` option value as a date (``None`` stays ``None``)."""
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as e:
        raise click.BadParameter(f"{value!r}: expected YYYY-MM-DD") from e


def coder_options(function: F) -> F:
    """The options that build the coder (``model``, ``actor_files``, ``gazetteer``), shared by
    ``polevent code`` and ``polevent recode`` so both code alike."""
    options = (
        click.option(
            "--model",
            type=click.Path(exists=True, dir_okay=False),
            help="Learned quad-class model from `polevent train quad`: sets each event's"
            " confidence.",
        ),
        click.option(
            "--actors",
            "actor_files",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False),
            help="Your own actor file (officeholders format, see README); repeatable.",
        ),
        click.option(
            "--gazetteer",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Gazetteer file for event places (default: var/gazetteer.sqlite when it exists).",
        ),
    )
    for option in reversed(options):
        function = option(function)
    return function
