"""Run scorers by name: resolve gold paths, build the coder once, collect results and failures.

``run_eval`` is what ``polevent eval`` calls. A scorer that fails on purpose (a ``PoleventError``
such as E110 for a missing gold file) or whose module does not exist yet is recorded as an
``EvalFailure`` and the other scorers still run; the caller decides how to report them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from polevent.errors import InputError, PoleventError
from polevent.evaluate.base import EvalResult, Scorer, gold_root
from polevent.evaluate.registry import get_scorer, scorer_names
from polevent.pipeline import Coder, build_coder

__all__ = ["EvalFailure", "EvalRun", "gold_path", "run_eval", "run_scorer"]


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalFailure:
    """A scorer that could not run: ``code`` is the error code (``E110``) or ``None`` when the
    scorer is not available (its module cannot be imported)."""

    scorer: str
    code: str | None
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalRun:
    """What ``run_eval`` did: the results, in the order asked, the scorers that failed, and
    those skipped because their default gold is kept back by the planners and absent here."""

    results: tuple[EvalResult, ...]
    failures: tuple[EvalFailure, ...]
    skipped: tuple[str, ...] = ()


def gold_path(scorer: Scorer, *, gold: Path | None = None, root: Path | None = None) -> Path:
    """The gold file to score on: ``gold`` if given, else the scorer's default under
    ``root`` (default: ``gold_root()``)."""
    if gold is not None:
        return gold
    return (root if root is not None else gold_root()) / scorer.default_gold


def _takes_limit(run: Callable[..., EvalResult]) -> bool:
    try:
        return "limit" in inspect.signature(run).parameters
    except (TypeError, ValueError):
        return False


def run_scorer(
    scorer: Scorer, *, gold: Path, coder: Coder | None, limit: int | None = None
) -> EvalResult:
    """Run one scorer on ``gold`` (E110 when the file does not exist). ``limit`` is passed to
    scorers whose ``run`` takes it; for others a note says it was ignored."""
    if not gold.is_file():
        raise InputError("E110", path=str(gold))
    options: dict[str, Any] = {"coder": coder}
    if limit is not None and _takes_limit(scorer.run):
        options["limit"] = limit
    result = scorer.run(gold, **options)
    if limit is not None and "limit" not in options:
        result = replace(result, notes=(*result.notes, f"--limit {limit} ignored by this scorer"))
    return result


def run_eval(
    names: Sequence[str],
    *,
    gold: Path | None = None,
    coder: Coder | None = None,
    limit: int | None = None,
    root: Path | None = None,
    make_coder: Callable[[], Coder] = build_coder,
    on_start: Callable[[str], None] | None = None,
) -> EvalRun:
    """Run the scorers called ``names`` in order.

    ``gold`` replaces the default gold path and is only allowed with exactly one name
    (``ValueError`` otherwise, and for an unknown name). ``coder`` is built once with
    ``make_coder`` when none is given and a scorer that can run needs one; ``root`` replaces
    ``gold_root()``; ``on_start(name)`` is called before each scorer.
    """
    if gold is not None and len(names) != 1:
        raise ValueError("a gold path can only be given for exactly one scorer")
    unknown = [name for name in names if name not in scorer_names()]
    if unknown:
        raise ValueError(f"unknown scorer(s): {', '.join(unknown)}")
    results: list[EvalResult] = []
    failures: list[EvalFailure] = []
    skipped: list[str] = []
    for name in names:
        if on_start is not None:
            on_start(name)
        try:
            scorer = get_scorer(name)
        except ImportError as e:
            failures.append(EvalFailure(scorer=name, code=None, message=f"not available ({e})"))
            continue
        path = gold_path(scorer, gold=gold, root=root)
        if gold is None and scorer.kept_back and not path.is_file():
            skipped.append(name)
            continue
        try:
            if coder is None and scorer.needs_coder and path.is_file():
                coder = make_coder()
            results.append(
                run_scorer(
                    scorer, gold=path, coder=coder if scorer.needs_coder else None, limit=limit
                )
            )
        except PoleventError as e:
            failures.append(EvalFailure(scorer=name, code=e.code, message=str(e)))
    return EvalRun(results=tuple(results), failures=tuple(failures), skipped=tuple(skipped))
