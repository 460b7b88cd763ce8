"""Golden tests run the real pinned model on the bundled articles in ``samples/``."""

from __future__ import annotations

from pathlib import Path

import pytest

from polevent.pipeline import Coder, build_coder

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="session")
def golden_coder() -> Coder:
    coder = build_coder()
    assert coder.nlp.meta["version"] == "3.8.0", "golden files are pinned to the 3.8.0 model"
    return coder
