"""Golden tests run the real pinned model on the bundled articles in ``samples/``."""

from __future__ import annotations

import pytest

from polevent.pipeline import Coder


@pytest.fixture(scope="session")
def golden_coder(coder: Coder) -> Coder:
    """The shared coder, checked to be the model version the golden files were made with."""
    assert coder.nlp.meta["version"] == "3.8.0", "golden files are pinned to the 3.8.0 model"
    return coder
