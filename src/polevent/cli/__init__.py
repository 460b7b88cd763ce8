"""The ``polevent`` command line: one module per command group, each a thin wrapper."""

from __future__ import annotations

from polevent.cli.main import cli, main

__all__ = ["cli", "main"]
