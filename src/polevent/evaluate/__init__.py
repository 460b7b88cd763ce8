"""Evaluation against gold data: one scorer module per gold set (see ``base.Scorer``)."""

from __future__ import annotations

from polevent.evaluate.base import EvalResult, Metric, ReliabilityBin, Scorer, gold_root

__all__ = ["EvalResult", "Metric", "ReliabilityBin", "Scorer", "gold_root"]
