"""Incremental clustering of mentions into events, with a reason for every decision.

``Clusterer.assign(mention)`` compares the mention with the clusters of its blocks (type family
and an unordered country dyad: every source-target country pair for compound actors) whose
dates fall near its own (weekly buckets), joins the best compatible one whose score reaches the
threshold, or starts a new cluster. Nothing is
ever recomputed: a store can feed it the mentions it already holds with ``add(mention,
cluster_id)`` and then ``assign`` only the new ones; ``cluster_all`` is a loop over ``assign``,
so incremental and batch runs give the same clusters.

Two mentions of one article sentence never share a cluster (two events told in one sentence),
except sentence twins: the two directions the coder emits for one reciprocal event ("A and B
talked": A>B and B>A with the same code), or the same actors coded with two codes of one CAMEO
root (a general and a specific reading of one verb), which are one event.

Evidence meaning (optional): ``Clusterer(vectors=EvidenceVectors(embedder))`` also compares the
meaning of the two evidence sentences (cosine of sentence embeddings, see ``DedupSettings``),
which finds the same event told in other words; vectors are cached per evidence text (share one
``EvidenceVectors`` between clusterers to reuse them), and ``embed(mentions)`` computes a batch
at once. Without vectors the clusterer compares words only (the default).

Order sensitivity: a mention is compared with the mentions already clustered (single link on
the best member, hard checks against that member), so a different input order can chain or
split differently. The same input order always gives the same clusters (ties go to the older
cluster); feed mentions in publication order for results that do not depend on ingest order.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from polevent.dedup.compare import DedupSettings, Match, compare, date_range, sentence_twins
from polevent.dedup.mention import Mention
from polevent.dedup.semantic import EvidenceVectors

__all__ = ["Assignment", "Cluster", "Clusterer", "cluster_all"]

_BUCKET_DAYS = 7


@dataclass(frozen=True, slots=True, kw_only=True)
class Assignment:
    """Where one mention went: its cluster, whether that is new, why, and the match score."""

    event_id: str
    cluster_id: str
    new_cluster: bool
    reason: str
    score: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Cluster:
    """One real-world event: representative fields (from its first mention) and its mentions.

    ``date_start``/``date_end`` span the date ranges of all its mentions (``None`` if undated).
    """

    cluster_id: str
    dyad: tuple[str, str]
    family: str
    plover_type: str
    cameo_code: str
    source_codes: tuple[str, ...]
    target_codes: tuple[str, ...]
    date_start: date | None
    date_end: date | None
    mention_ids: tuple[str, ...]
    article_ids: tuple[str, ...]


@dataclass(slots=True)
class _State:
    cluster_id: str
    members: list[Mention] = field(default_factory=list)
    sentences: dict[tuple[str, int], list[Mention]] = field(default_factory=dict)
    buckets: set[tuple[tuple[str, str], int | None]] = field(default_factory=set)
    first_day: date | None = None
    last_day: date | None = None


class Clusterer:
    """Incremental mention clusterer (one per store; not thread-safe). With ``vectors`` it
    adds evidence meaning similarity to the comparison (off by default)."""

    def __init__(
        self, *, settings: DedupSettings | None = None, vectors: EvidenceVectors | None = None
    ) -> None:
        self.settings = settings or DedupSettings()
        self.vectors = vectors
        self._clusters: dict[str, _State] = {}
        self._order: dict[str, int] = {}
        self._blocks: dict[tuple[tuple[str, str], str], dict[int | None, list[str]]] = {}
        self._df: Counter[str] = Counter()
        self._seen = 0

    def idf(self, token: str) -> float:
        """Inverse document frequency of ``token`` over the mentions clustered so far."""
        return math.log((self._seen + 1) / (self._df[token] + 1)) + 1.0

    def __len__(self) -> int:
        return len(self._clusters)

    def embed(self, mentions: Iterable[Mention]) -> int:
        """Embed the evidence of ``mentions`` in one batch ahead of ``assign`` (a no-op without
        ``vectors``); returns how many new sentences were embedded."""
        return self.vectors.add(mentions) if self.vectors is not None else 0

    def _buckets(self, mention: Mention) -> list[int | None]:
        span = date_range(mention, self.settings)
        if span is None:
            return [None]
        first, last = span[0].toordinal() // _BUCKET_DAYS, span[1].toordinal() // _BUCKET_DAYS
        return list(range(first, last + 1))

    def _candidates(self, mention: Mention) -> list[str]:
        found: set[str] = set()
        buckets = self._buckets(mention)
        for dyad in mention.dyads:
            block = self._blocks.get((dyad, mention.family), {})
            for bucket in buckets:
                found.update(block.get(bucket, ()))
        return sorted(found, key=self._order.__getitem__)

    def _weight(self) -> Callable[[str], float] | None:
        """``idf``, remembered per token for one ``assign`` (the counts change only when it
        adds the mention, after comparing)."""
        if not self.settings.idf:
            return None
        known: dict[str, float] = {}

        def weight(token: str) -> float:
            if token not in known:
                known[token] = self.idf(token)
            return known[token]

        return weight

    def _best(
        self, mention: Mention, state: _State, weight: Callable[[str], float] | None
    ) -> Match | None:
        twins = state.sentences.get((mention.article_id, mention.sentence_index), ())
        if twins and not all(sentence_twins(mention, twin) for twin in twins):
            return None  # never two events of one sentence in one cluster
        best: Match | None = None
        for member in state.members[-self.settings.max_compared :]:
            meaning = None if self.vectors is None else self.vectors.similarity(mention, member)
            match = compare(mention, member, self.settings, weight=weight, meaning=meaning)
            if match.compatible and (best is None or match.score > best.score):
                best = match
        return best

    def assign(self, mention: Mention) -> Assignment:
        """Put ``mention`` into the best compatible cluster, or into a new one."""
        best_id, best = "", Match(compatible=False, score=-1.0, reason="")
        weight = self._weight()
        for cluster_id in self._candidates(mention):
            match = self._best(mention, self._clusters[cluster_id], weight)
            if match is not None and match.score > best.score:
                best_id, best = cluster_id, match
        if best_id and best.score >= self.settings.threshold:
            self.add(mention, best_id)
            return Assignment(
                event_id=mention.event_id,
                cluster_id=best_id,
                new_cluster=False,
                reason=best.reason,
                score=best.score,
            )
        cluster_id = self.add(mention, None)
        why = "no compatible event in the same dyad, type and dates"
        if best_id:
            why = f"best candidate {best_id} below threshold ({best.reason})"
        return Assignment(
            event_id=mention.event_id,
            cluster_id=cluster_id,
            new_cluster=True,
            reason=why,
            score=max(best.score, 0.0),
        )

    def add(self, mention: Mention, cluster_id: str | None) -> str:
        """Put ``mention`` into ``cluster_id`` without comparing (a new cluster when ``None``
        or unknown); returns the cluster id. A store uses this to reload what it holds."""
        cluster_id = cluster_id or f"ev-{mention.event_id}"
        state = self._clusters.get(cluster_id)
        if state is None:
            state = _State(cluster_id=cluster_id)
            self._clusters[cluster_id] = state
            self._order[cluster_id] = len(self._order)
        state.members.append(mention)
        self._seen += 1
        self._df.update(mention.tokens)
        state.sentences.setdefault((mention.article_id, mention.sentence_index), []).append(mention)
        span = date_range(mention, self.settings)
        if span is not None:
            state.first_day = min(span[0], state.first_day or span[0])
            state.last_day = max(span[1], state.last_day or span[1])
        buckets = self._buckets(mention)
        for dyad in mention.dyads:
            block = self._blocks.setdefault((dyad, mention.family), {})
            for bucket in buckets:
                if (dyad, bucket) not in state.buckets:
                    state.buckets.add((dyad, bucket))
                    block.setdefault(bucket, []).append(cluster_id)
        return cluster_id

    def clusters(self) -> Iterator[Cluster]:
        """Snapshots of every cluster, oldest first."""
        for state in self._clusters.values():
            first = state.members[0]
            yield Cluster(
                cluster_id=state.cluster_id,
                dyad=first.dyad,
                family=first.family,
                plover_type=first.plover_type,
                cameo_code=first.cameo_code,
                source_codes=first.source_codes,
                target_codes=first.target_codes,
                date_start=state.first_day,
                date_end=state.last_day,
                mention_ids=tuple(m.event_id for m in state.members),
                article_ids=tuple(dict.fromkeys(m.article_id for m in state.members)),
            )


def cluster_all(
    mentions: Iterable[Mention],
    *,
    settings: DedupSettings | None = None,
    vectors: EvidenceVectors | None = None,
) -> tuple[list[Assignment], list[Cluster]]:
    """Assign ``mentions`` in order with a fresh ``Clusterer``: assignments and clusters (with
    ``vectors``, the evidence not embedded yet is embedded in one batch first)."""
    clusterer = Clusterer(settings=settings, vectors=vectors)
    ordered = list(mentions)
    clusterer.embed(ordered)
    assignments = [clusterer.assign(m) for m in ordered]
    return assignments, list(clusterer.clusters())
