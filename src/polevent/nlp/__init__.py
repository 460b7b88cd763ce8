"""Building the spaCy pipeline: the one place that knows which model polevent uses."""

from __future__ import annotations

from polevent.nlp.model import build_nlp, model_info
from polevent.nlp.text import doc_text

__all__ = ["build_nlp", "doc_text", "model_info"]
