"""Small, dependency-free statistics for scorers: bootstrap intervals, F1, calibration."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

from polevent.evaluate.base import Metric, ReliabilityBin

__all__ = [
    "accuracy_metric",
    "bootstrap_interval",
    "expected_calibration_error",
    "macro_f1",
    "metric",
    "prf",
    "reliability_table",
]

T = TypeVar("T")
DEFAULT_RESAMPLES = 1000


def bootstrap_interval(
    items: Sequence[T],
    statistic: Callable[[Sequence[T]], float],
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = 13,
) -> tuple[float, float]:
    """95 % percentile bootstrap interval of ``statistic`` over ``items`` (resampled with
    replacement, fixed seed so reruns print the same numbers)."""
    if not items:
        return (0.0, 0.0)
    rng = random.Random(seed)
    n = len(items)
    values = sorted(
        statistic([items[rng.randrange(n)] for _ in range(n)]) for _ in range(resamples)
    )
    return values[int(0.025 * resamples)], values[min(resamples - 1, int(0.975 * resamples))]


def metric(
    name: str,
    items: Sequence[T],
    statistic: Callable[[Sequence[T]], float],
    *,
    target: float | None = None,
    note: str = "",
) -> Metric:
    """``statistic`` over ``items`` with its bootstrap interval, as a ``Metric``."""
    low, high = bootstrap_interval(items, statistic)
    value = statistic(items) if items else 0.0
    return Metric(
        name=name, value=value, n=len(items), low=low, high=high, target=target, note=note
    )


def accuracy_metric(
    name: str, hits: Sequence[bool], *, target: float | None = None, note: str = ""
) -> Metric:
    """Share of ``True`` in ``hits``, with its bootstrap interval."""
    return metric(name, hits, lambda xs: sum(xs) / len(xs), target=target, note=note)


def prf(true_positives: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    precision = true_positives / predicted if predicted else 0.0
    recall = true_positives / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def macro_f1(pairs: Sequence[tuple[Hashable, Hashable]]) -> float:
    """Macro-averaged F1 over the gold labels of ``(gold, predicted)`` pairs."""
    labels = {gold for gold, _ in pairs}
    if not labels:
        return 0.0
    tp: Counter[Hashable] = Counter()
    predicted: Counter[Hashable] = Counter()
    gold_count: Counter[Hashable] = Counter()
    for gold, guess in pairs:
        gold_count[gold] += 1
        predicted[guess] += 1
        if gold == guess:
            tp[gold] += 1
    return sum(prf(tp[label], predicted[label], gold_count[label])[2] for label in labels) / len(
        labels
    )


def reliability_table(
    scored: Sequence[tuple[float, bool]], *, bins: int = 10
) -> tuple[ReliabilityBin, ...]:
    """Group ``(confidence, correct)`` pairs into equal-width confidence bins."""
    rows = []
    for k in range(bins):
        low, high = k / bins, (k + 1) / bins
        inside = [(c, ok) for c, ok in scored if low <= c < high or (k == bins - 1 and c == 1.0)]
        if inside:
            mean = sum(c for c, _ in inside) / len(inside)
            accuracy = sum(ok for _, ok in inside) / len(inside)
            rows.append(
                ReliabilityBin(
                    low=low, high=high, n=len(inside), mean_confidence=mean, accuracy=accuracy
                )
            )
    return tuple(rows)


def expected_calibration_error(scored: Sequence[tuple[float, bool]], *, bins: int = 10) -> float:
    """Sum over bins of (share of items) x |accuracy - mean confidence|."""
    if not scored:
        return 0.0
    table = reliability_table(scored, bins=bins)
    return sum(row.n / len(scored) * abs(row.accuracy - row.mean_confidence) for row in table)
