"""Learn tests: the real int8 ONNX embedder (installed packages, about half a second), once."""

from __future__ import annotations

from pathlib import Path

import pytest

from polevent.learn.embed import OnnxEmbedder, build_embedder
from polevent.learn.gold import read_quad_tsv

CLASS_FIXTURE = Path(__file__).parents[2] / "fixtures" / "eval" / "conflibert" / "class_small.tsv"


@pytest.fixture(scope="session")
def embedder() -> OnnxEmbedder:
    return build_embedder(threads=2)


@pytest.fixture(scope="session")
def labelled() -> tuple[list[str], list[int]]:
    """The 20 hand-written sentences of the class fixture (four per label) and their labels."""
    rows = read_quad_tsv(CLASS_FIXTURE)
    return [r.text for r in rows], [r.label for r in rows]
