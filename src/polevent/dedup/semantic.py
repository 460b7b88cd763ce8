"""Evidence meaning similarity: cosine of sentence embeddings of two mentions' evidence.

Optional: the clusterer uses it only when given ``vectors=EvidenceVectors(embedder)``, for
example with ``polevent.learn.embed.build_embedder()`` (all-MiniLM-L6-v2 run offline with ONNX
Runtime, about 50-100 sentences/s on two CPU cores) and ``settings=MEANING_SETTINGS``. Vectors
are cached by evidence text (about 1.5 kB each, never evicted), so a sentence reissued in many
stories is embedded once; ``add`` embeds many sentences in one batched call. Mentions carry
their evidence text only when made with ``mention_from(..., keep_evidence=True)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from polevent.dedup.mention import Mention

__all__ = ["EvidenceVectors", "SentenceEmbedder"]


class SentenceEmbedder(Protocol):
    """What dedup needs of an embedder (``polevent.learn.embed.Embedder`` has it): texts ->
    an ``(n, dim)`` array of L2-normalised sentence vectors, in input order."""

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]: ...


class EvidenceVectors:
    """L2-normalised sentence vectors of evidence texts, computed once per distinct text."""

    def __init__(self, embedder: SentenceEmbedder) -> None:
        self.embedder = embedder
        self._cache: dict[str, NDArray[np.float32]] = {}

    def __len__(self) -> int:
        return len(self._cache)

    def add(self, mentions: Iterable[Mention]) -> int:
        """Embed, in one batched call, the evidence of ``mentions`` not cached yet (empty
        evidence is skipped); returns how many texts were embedded."""
        missing = list(dict.fromkeys(m.evidence for m in mentions if m.evidence))
        missing = [text for text in missing if text not in self._cache]
        if missing:
            vectors = self.embedder.embed(missing)
            self._cache.update(zip(missing, vectors, strict=True))
        return len(missing)

    def vector(self, mention: Mention) -> NDArray[np.float32] | None:
        """The vector of ``mention``'s evidence (embedded now if not cached; ``None`` when
        the mention carries no evidence text)."""
        if not mention.evidence:
            return None
        if mention.evidence not in self._cache:
            self.add((mention,))
        return self._cache[mention.evidence]

    def similarity(self, a: Mention, b: Mention) -> float | None:
        """Cosine similarity of the two evidence sentences (``None`` if either has no text)."""
        first, second = self.vector(a), self.vector(b)
        if first is None or second is None:
            return None
        return float(np.dot(first, second))
