"""Pattern-coder outputs as ConfliBERT labels, indicators and the patterns-only baseline."""

from __future__ import annotations

import numpy as np

from polevent.learn.patterns import (
    PATTERN_FEATURES,
    code_sentences,
    conflibert_quad,
    pattern_matrix,
    pattern_prediction,
)
from polevent.pipeline import Coder


def test_statements_are_neutral_and_other_roots_keep_their_quad(coder: Coder) -> None:
    events = code_sentences(
        [
            "Israeli air strikes killed six militants in Gaza on Tuesday.",
            "The weather in Oslo was cold on Monday.",
        ],
        coder,
    )
    assert len(events) == 2
    assert events[1] == []
    assert events[0], "the killing should be coded"
    for event in events[0]:
        expected = 0 if event.cameo_root in {"01", "02"} else event.quad_class
        assert conflibert_quad(event) == expected
    assert conflibert_quad(events[0][0]) == 4


def test_pattern_prediction_is_first_event_or_neutral() -> None:
    assert pattern_prediction(()) == 0
    assert pattern_prediction((3, 4)) == 3


def test_pattern_matrix_marks_first_class_and_classes_present() -> None:
    matrix = pattern_matrix([(), (3, 4, 3), (0,)])
    assert matrix.shape == (3, PATTERN_FEATURES)
    expected = np.zeros((3, 11))
    expected[0, 0] = 1  # no event
    expected[1, 1 + 3] = 1  # first event class 3
    expected[1, 6 + 3] = expected[1, 6 + 4] = 1
    expected[2, 1 + 0] = expected[2, 6 + 0] = 1
    np.testing.assert_array_equal(matrix, expected)
