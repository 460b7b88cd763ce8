"""``polevent serve --db FILE``: the JSON API (and later the dashboard) on uvicorn."""

from __future__ import annotations

import os

import click
from rich.console import Console

from polevent.errors import PoleventError

__all__ = ["serve_command"]


def _fail(message: str) -> SystemExit:
    Console(stderr=True).print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    return SystemExit(1)


def _token(var: str | None) -> str | None:
    if var is None:
        return None
    token = os.environ.get(var, "").strip()
    if not token:
        raise _fail(f"--write-token-env {var}: the environment variable is unset or empty")
    return token


@click.command("serve")
@click.option("--db", required=True, help="Store: SQLite file or postgresql:// URL.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port."
)
@click.option(
    "--write-token-env",
    metavar="VAR",
    help="Allow POST /api/code with 'Authorization: Bearer $VAR' (read-only without it).",
)
def serve_command(db: str, host: str, port: int, write_token_env: str | None) -> None:
    """Serve the events stored in DB as a JSON API (OpenAPI at /openapi.json). Read-only
    unless --write-token-env names a variable holding the token writers must send.

    Example: polevent serve --db events.db --port 8000, then open
    http://127.0.0.1:8000/api/events?dyad=IND,AFG
    """
    from polevent.api import serve
    from polevent.serve import open_for_serving

    token = _token(write_token_env)
    try:
        open_for_serving(db, create=token is not None)().close()  # fail here, not in uvicorn
    except PoleventError as e:
        raise _fail(str(e)) from e
    mode = "read-write" if token else "read-only"
    click.echo(f"polevent API ({mode}) on http://{host}:{port}/  (Ctrl+C to stop)")
    serve(db=db, host=host, port=port, write_token=token)
