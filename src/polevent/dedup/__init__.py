"""Events vs mentions: group coded mentions of the same real-world event across articles.

Pure core (no spaCy, no store): ``mention_from(record, article)`` -> ``Mention``;
``Clusterer().assign(mention)`` -> ``Assignment``; ``cluster_all``; ``gdelt_same`` is the
GDELT-style baseline (identical coded fields within 15 minutes).
``Clusterer(settings=MEANING_SETTINGS, vectors=EvidenceVectors(embedder))`` adds evidence
meaning similarity (sentence embeddings); off by default.
"""

from __future__ import annotations

from polevent.dedup.cluster import Assignment, Cluster, Clusterer, cluster_all
from polevent.dedup.compare import (
    MEANING_SETTINGS,
    DedupSettings,
    Match,
    compare,
    date_range,
    evidence_similarity,
    gdelt_same,
    jaccard,
    mirror_twins,
    same_coded_fields,
    sentence_twins,
)
from polevent.dedup.mention import Mention, evidence_tokens, mention_from, type_family
from polevent.dedup.semantic import EvidenceVectors, SentenceEmbedder

__all__ = [
    "MEANING_SETTINGS",
    "Assignment",
    "Cluster",
    "Clusterer",
    "DedupSettings",
    "EvidenceVectors",
    "Match",
    "Mention",
    "SentenceEmbedder",
    "cluster_all",
    "compare",
    "date_range",
    "evidence_similarity",
    "evidence_tokens",
    "gdelt_same",
    "jaccard",
    "mention_from",
    "mirror_twins",
    "same_coded_fields",
    "sentence_twins",
    "type_family",
]
