"""Optional per-stage wall-clock timing for a coding run (what ``bench/throughput.py`` prints).

A ``StageTimer`` accumulates ``time.perf_counter_ns`` per stage name; the pipeline's functions
take it as a keyword-only ``timer`` (``None``, the default, times nothing and costs nothing but
a ``nullcontext``). Timing never changes what is coded.

>>> timer = StageTimer()
>>> with timer.stage("parse"):
...     pass
>>> [t.name for t in timer.totals()]
['parse']
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass

__all__ = ["StageTime", "StageTimer", "timed"]


@dataclass(frozen=True, slots=True, kw_only=True)
class StageTime:
    """The time spent in one stage: total seconds over ``calls`` timed sections."""

    name: str
    seconds: float
    calls: int


class StageTimer:
    """Accumulates nanoseconds per stage name, in the order stages were first seen.

    Sections of one name may repeat (their times add up) but should not nest in themselves:
    a nested section of the same name is counted twice.
    """

    __slots__ = ("_calls", "_nanoseconds")

    def __init__(self) -> None:
        self._nanoseconds: dict[str, int] = {}
        self._calls: dict[str, int] = {}

    def add(self, name: str, nanoseconds: int) -> None:
        """Count ``nanoseconds`` more (one call) for stage ``name``."""
        self._nanoseconds[name] = self._nanoseconds.get(name, 0) + nanoseconds
        self._calls[name] = self._calls.get(name, 0) + 1

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the ``with`` block as (a part of) stage ``name``."""
        started = time.perf_counter_ns()
        try:
            yield
        finally:
            self.add(name, time.perf_counter_ns() - started)

    def seconds(self, name: str) -> float:
        """Seconds spent in stage ``name`` so far (0.0 for a stage never timed)."""
        return self._nanoseconds.get(name, 0) / 1e9

    def totals(self) -> tuple[StageTime, ...]:
        """Every stage timed so far, in first-seen order."""
        return tuple(
            StageTime(name=name, seconds=ns / 1e9, calls=self._calls[name])
            for name, ns in self._nanoseconds.items()
        )


def timed(timer: StageTimer | None, name: str) -> AbstractContextManager[None]:
    """``timer.stage(name)``, or a context that does nothing when ``timer`` is ``None``."""
    return nullcontext() if timer is None else timer.stage(name)
