"""What the pattern coder says about single sentences, as classifier inputs and a baseline.

Each text is coded as its own ``Article`` through ``code_articles`` (the real pipeline). CAMEO
quad classes are mapped to ConfliBERT's five labels: roots 01-02 (public statements, appeals)
are class 0 "neutral", every other root keeps its CAMEO quad class (1 verbal cooperation,
2 material cooperation, 3 verbal conflict, 4 material conflict).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from polevent.ids import article_id
from polevent.pipeline import Coder, code_articles
from polevent.records import Article, EventRecord

__all__ = [
    "NEUTRAL",
    "PATTERN_FEATURES",
    "code_sentences",
    "conflibert_quad",
    "pattern_matrix",
    "pattern_prediction",
]

NEUTRAL = 0
NEUTRAL_ROOTS = frozenset({"01", "02"})
QUADS = 5
# first event's class (none, 0..4) one-hot, then which classes any event has (0..4)
PATTERN_FEATURES = 1 + QUADS + QUADS


def code_sentences(texts: Sequence[str], coder: Coder) -> list[list[EventRecord]]:
    """The events the pattern coder finds in each text (one article per text, no date)."""
    articles = [
        Article(
            id=article_id(text=text, url=None),
            title="",
            text=text,
            published_at=None,
            url=None,
            source=f"sentence {n}",
        )
        for n, text in enumerate(texts)
    ]
    return [records for _, records in code_articles(articles, coder)]


def conflibert_quad(event: EventRecord) -> int:
    """ConfliBERT's label for one coded event (CAMEO 01-02 -> 0, else the quad class)."""
    return NEUTRAL if event.cameo_root in NEUTRAL_ROOTS else event.quad_class


def pattern_prediction(quads: Sequence[int]) -> int:
    """The patterns-only label: the first coded event's class, neutral when there is none."""
    return quads[0] if quads else NEUTRAL


def pattern_matrix(quads: Sequence[Sequence[int]]) -> NDArray[np.float64]:
    """``(n, PATTERN_FEATURES)`` indicators: first event's class (or none), classes present."""
    out = np.zeros((len(quads), PATTERN_FEATURES), dtype=np.float64)
    for i, found in enumerate(quads):
        out[i, 0 if not found else 1 + found[0]] = 1.0
        for quad in set(found):
            out[i, 1 + QUADS + quad] = 1.0
    return out
