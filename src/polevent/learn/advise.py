"""The learned quad-class model reviewing the pattern coder's events.

Patterns keep the code (they give a CAMEO code, a dyad and a reason); the model, a calibrated
sentence classifier (ECE about 0.03 in cross-validation), gives the probability that the
sentence's CAMEO quad class is the event's. The event's confidence is the mean of that
probability and the pattern's own confidence: the model's probability alone is about the quad
class, not the exact type, and is over-confident for the type (ECE 0.13 on the PLOVER GSR), the
pattern's alone barely separates right from wrong (AUC 0.60); their mean does both (ECE 0.04,
AUC 0.73, Brier 0.149 against 0.170 and 0.170). The model's view goes into the reason, so a user
sees when the two disagree. Only sentences that already hold an event are embedded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from polevent.learn.embed import build_embedder
from polevent.learn.gold import LABEL_NAMES
from polevent.learn.patterns import conflibert_quad
from polevent.learn.quad import QuadModel, SentenceInputs, load
from polevent.records import EventRecord

__all__ = ["QuadAdvisor", "load_advisor"]


@dataclass(frozen=True, slots=True)
class QuadAdvisor:
    """Averages the model into ``confidence.event`` and notes its view in ``code_reason``."""

    model: QuadModel

    def review(self, records: Sequence[EventRecord]) -> list[EventRecord]:
        """The same records, with model confidence and reasons (one embedding per sentence)."""
        if not records or self.model.embedder is None:
            return list(records)
        sentences = sorted({r.sentence_index for r in records})
        row = {index: n for n, index in enumerate(sentences)}
        texts = [next(r.evidence.text for r in records if r.sentence_index == i) for i in sentences]
        quads = tuple(
            tuple(conflibert_quad(r) for r in records if r.sentence_index == i) for i in sentences
        )
        inputs = SentenceInputs(
            texts=tuple(texts), embeddings=self.model.embedder.embed(texts), quads=quads
        )
        proba = self.model.proba(inputs)
        return [self._annotate(r, proba[row[r.sentence_index]]) for r in records]

    def _annotate(self, record: EventRecord, proba: NDArray[np.float64]) -> EventRecord:
        labels = self.model.labels
        mine = conflibert_quad(record)
        p_mine = float(proba[labels.index(mine)])
        top = int(np.argmax(proba))
        view = (
            f"; model: P({LABEL_NAMES[mine]}) = {p_mine:.2f}, "
            f"most likely {LABEL_NAMES[labels[top]]} ({float(proba[top]):.2f}); "
            f"confidence = mean of pattern {record.confidence.event:.2f} and model"
        )
        combined = (record.confidence.event + p_mine) / 2
        confidence = replace(record.confidence, event=round(combined, 3))
        return replace(record, confidence=confidence, code_reason=record.code_reason + view)


def load_advisor(path: Path) -> QuadAdvisor:
    """Load a model trained by ``polevent train quad`` with the installed embedder."""
    return QuadAdvisor(model=load(path, embedder=build_embedder(), coder=None))
