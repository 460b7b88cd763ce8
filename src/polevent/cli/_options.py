"""Option helpers shared by the CLI commands."""

from __future__ import annotations

from datetime import date, datetime

import click

__all__ = ["parse_day"]


def parse_day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    """Click callback: a ``YYYY-MM-DD`` option value as a date (``None`` stays ``None``)."""
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as e:
        raise click.BadParameter(f"{value!r}: expected YYYY-MM-DD") from e
