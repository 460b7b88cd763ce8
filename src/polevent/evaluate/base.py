"""The contract every scorer follows, and where gold data is found.

A scorer is a module in ``polevent.evaluate`` that exposes ``SCORER: Scorer``: a name, a
default gold path (relative to the gold root, normally ``../shared/data``), a one-line
description, and ``run(gold, *, coder)`` returning an ``EvalResult``. ``polevent eval`` prints
the results as tables and writes them as JSON; it never imports a scorer's internals.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from polevent.errors import InputError

__all__ = [
    "EvalResult",
    "Metric",
    "ReliabilityBin",
    "Scorer",
    "gold_root",
    "read_json_lines",
]

GOLD_ENV = "POLEVENT_GOLD_DIR"


@dataclass(frozen=True, slots=True, kw_only=True)
class Metric:
    """One number with its sample size and 95 % bootstrap interval (``low``..``high``)."""

    name: str
    value: float
    n: int
    low: float | None = None
    high: float | None = None
    target: float | None = None
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReliabilityBin:
    """One row of a reliability table: predictions with confidence in ``[low, high)``."""

    low: float
    high: float
    n: int
    mean_confidence: float
    accuracy: float


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalResult:
    """What one scorer measured on one gold file."""

    scorer: str
    gold: str
    n: int
    metrics: tuple[Metric, ...]
    notes: tuple[str, ...] = ()
    reliability: tuple[tuple[str, tuple[ReliabilityBin, ...]], ...] = ()
    details: tuple[tuple[str, str], ...] = field(default=())


@dataclass(frozen=True, slots=True, kw_only=True)
class Scorer:
    """A named scorer: ``run(gold_path, coder=...)`` -> ``EvalResult``."""

    name: str
    description: str
    default_gold: str
    run: Callable[..., EvalResult]
    needs_coder: bool = True
    kept_back: bool = False  # the default gold is held back by the planners: skip it when absent


def gold_root(*, start: Path | None = None) -> Path:
    """Where the gold data lives: ``$POLEVENT_GOLD_DIR``, else the first ``../shared/data``
    found walking up from ``start`` (default: the current directory), else ``../shared/data``."""
    env = os.environ.get(GOLD_ENV)
    if env:
        return Path(env)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder.parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return here.parent / "shared" / "data"


def as_json(result: EvalResult) -> dict[str, Any]:
    """A JSON-ready dict of ``result``."""
    from dataclasses import asdict

    return asdict(result)


def read_json_lines(path: Path, *, missing: str = "E107") -> list[tuple[int, Any]]:
    """``(line number, value)`` of each non-blank line of a JSON-lines file (``.gz`` or not);
    a missing file raises ``missing`` (E107 path not found, or E110 for a gold file)."""
    try:
        raw = path.read_bytes()
        body = gzip.decompress(raw) if path.name.endswith(".gz") else raw
        lines = body.decode("utf-8").splitlines()
    except FileNotFoundError as e:
        raise InputError(missing, str(path), path=str(path)) from e
    except (UnicodeDecodeError, gzip.BadGzipFile, EOFError) as e:
        raise InputError("E103", str(e), path=str(path)) from e
    rows = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                rows.append((number, json.loads(line)))
            except json.JSONDecodeError as e:
                raise InputError("E104", str(e), path=str(path), line=number) from e
    if not rows:
        raise InputError("E101", str(path), path=str(path))
    return rows
