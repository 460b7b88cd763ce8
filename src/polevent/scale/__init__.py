"""Engines that map one pure, picklable function over a stream of items, results in input order.

``Executor`` is the seam: ``SerialExecutor`` runs in the calling process, ``ProcessExecutor`` on a
pool of worker processes (one expensive state, such as a spaCy model, built once per worker by
its ``warm`` function), ``RayExecutor`` on Ray actors (Ray is imported on first use, an optional
extra). Never imports spaCy.
"""

from __future__ import annotations

from polevent.scale.executor import Executor, SerialExecutor, batched
from polevent.scale.process import ProcessExecutor, worker_peak_rss
from polevent.scale.ray_engine import RayExecutor

__all__ = [
    "Executor",
    "ProcessExecutor",
    "RayExecutor",
    "SerialExecutor",
    "batched",
    "worker_peak_rss",
]
