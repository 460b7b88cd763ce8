"""Scorer statistics: bootstrap intervals, precision/recall/F1, macro-F1 and calibration."""

from __future__ import annotations

import pytest

from polevent.evaluate.base import ReliabilityBin
from polevent.evaluate.stats import (
    accuracy_metric,
    bootstrap_interval,
    expected_calibration_error,
    macro_f1,
    metric,
    prf,
    reliability_table,
)

HITS = [True] * 30 + [False] * 10


def _share(xs: list[bool]) -> float:
    return sum(xs) / len(xs)


def test_bootstrap_interval_contains_the_value_and_is_deterministic() -> None:
    low, high = bootstrap_interval(HITS, _share)

    assert low < 0.75 < high
    assert low > 0.55 and high < 0.9
    assert bootstrap_interval(HITS, _share) == (low, high)


def test_bootstrap_interval_of_constant_data_is_a_point_and_empty_is_zero() -> None:
    assert bootstrap_interval([True] * 8, _share) == (1.0, 1.0)
    assert bootstrap_interval([], _share) == (0.0, 0.0)


def test_accuracy_metric_reports_value_n_interval_and_target() -> None:
    found = accuracy_metric("type accuracy", HITS, target=0.85, note="n")

    assert (found.name, found.value, found.n, found.target, found.note) == (
        "type accuracy",
        0.75,
        40,
        0.85,
        "n",
    )
    assert found.low is not None and found.high is not None
    assert found.low < found.value < found.high


def test_metric_on_no_items_is_zero() -> None:
    empty = metric("mode accuracy", [], _share)

    assert (empty.value, empty.n, empty.low, empty.high) == (0.0, 0, 0.0, 0.0)


def test_prf_from_counts() -> None:
    assert prf(3, 4, 6) == pytest.approx((0.75, 0.5, 0.6))
    assert prf(0, 0, 5) == (0.0, 0.0, 0.0)
    assert prf(0, 3, 0) == (0.0, 0.0, 0.0)


def test_macro_f1_on_a_hand_example() -> None:
    # A: tp 2, predicted 3, gold 2 -> F1 0.8; B: tp 1, predicted 1, gold 2 -> F1 2/3;
    # C: tp 0, predicted 1 (C), gold 1 -> 0. Mean over the gold labels A, B, C.
    pairs = [("A", "A"), ("A", "A"), ("B", "B"), ("B", "A"), ("C", "D")]

    assert macro_f1(pairs) == pytest.approx((0.8 + 2 / 3 + 0.0) / 3)
    assert macro_f1([]) == 0.0
    assert macro_f1([("A", "A"), ("B", "B")]) == 1.0


def test_reliability_table_bins_and_ece_zero_when_calibrated() -> None:
    calibrated = [(0.25, True)] + [(0.25, False)] * 3 + [(0.75, True)] * 3 + [(0.75, False)]

    table = reliability_table(calibrated, bins=4)

    assert table == (
        ReliabilityBin(low=0.25, high=0.5, n=4, mean_confidence=0.25, accuracy=0.25),
        ReliabilityBin(low=0.75, high=1.0, n=4, mean_confidence=0.75, accuracy=0.75),
    )
    assert expected_calibration_error(calibrated, bins=4) == pytest.approx(0.0)


def test_ece_of_overconfident_predictions() -> None:
    overconfident = [(0.9, True), (0.9, False), (1.0, False), (1.0, True)]

    # One bin (0.9-1.0, 1.0 included): mean confidence 0.95, accuracy 0.5.
    assert expected_calibration_error(overconfident) == pytest.approx(0.45)
    assert expected_calibration_error([]) == 0.0
