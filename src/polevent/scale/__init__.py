"""Engines that map one pure, picklable function over a stream of items, results in input order.

``Executor`` is the seam: ``SerialExecutor`` runs in the calling process, ``ProcessExecutor`` on a
pool of worker processes (one expensive state, such as a spaCy model, built once per worker by
its ``warm`` function). A Ray engine implements the same protocol. Never imports spaCy.
"""

from __future__ import annotations

from polevent.scale.executor import Executor, SerialExecutor, batched
from polevent.scale.process import ProcessExecutor, worker_peak_rss

__all__ = ["Executor", "ProcessExecutor", "SerialExecutor", "batched", "worker_peak_rss"]
