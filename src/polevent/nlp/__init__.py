"""Building the spaCy pipeline: the one place that knows which model polevent uses."""

from __future__ import annotations

from polevent.nlp.model import build_nlp, model_info

__all__ = ["build_nlp", "model_info"]
