"""Labelled sentences for the quad-class model: ``sentence<TAB>label`` files (ConfliBERT format).

Labels are ConfliBERT's CAMEO quad classes: 0 neutral (CAMEO 01-02), 1 verbal cooperation,
2 material cooperation, 3 verbal conflict, 4 material conflict.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from polevent.errors import InputError

__all__ = ["LABELS", "LABEL_NAMES", "LabelledSentence", "read_quad_tsv", "training_hash"]

LABELS = (0, 1, 2, 3, 4)
LABEL_NAMES = (
    "neutral",
    "verbal cooperation",
    "material cooperation",
    "verbal conflict",
    "material conflict",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class LabelledSentence:
    """One gold sentence and its quad class; ``line`` is its 1-based line in the file."""

    text: str
    label: int
    line: int


def read_quad_tsv(path: Path) -> tuple[LabelledSentence, ...]:
    """Every non-blank ``sentence<TAB>label`` line of ``path`` (label in ``LABELS``)."""
    try:
        content = path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise InputError("E110", path=str(path)) from e
    except UnicodeDecodeError as e:
        raise InputError("E103", str(e), path=str(path)) from e
    rows = []
    for number, raw in enumerate(content.splitlines(), start=1):
        if not raw.strip():
            continue
        text, tab, label = raw.rpartition("\t")
        if not tab or not text.strip() or label.strip() not in {str(x) for x in LABELS}:
            detail = f"expected 'sentence<TAB>label' with label in 0-4, got {raw[:60]!r}"
            raise InputError("E106", detail, path=str(path), line=number)
        rows.append(LabelledSentence(text=text.strip(), label=int(label), line=number))
    if not rows:
        raise InputError("E101", path=str(path))
    return tuple(rows)


def training_hash(texts: Sequence[str], labels: Sequence[int]) -> str:
    """A short sha256 of the training pairs in order (identifies the data a model saw)."""
    digest = hashlib.sha256()
    for text, label in zip(texts, labels, strict=True):
        digest.update(f"{label}\t{text}\n".encode())
    return digest.hexdigest()[:16]
