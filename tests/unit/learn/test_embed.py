"""The ONNX embedder: shapes, normalisation, batching order, meaning, and coded errors."""

from __future__ import annotations

import numpy as np
import pytest

from polevent.errors import ModelError
from polevent.learn import embed as embed_module
from polevent.learn.embed import EMBEDDER_NAME, OnnxEmbedder, build_embedder


def test_vectors_are_unit_length_and_384_wide(embedder: OnnxEmbedder) -> None:
    vectors = embedder.embed(["Russia vetoed the resolution.", "Talks resumed in Geneva."])
    assert vectors.shape == (2, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_empty_input_gives_an_empty_matrix(embedder: OnnxEmbedder) -> None:
    assert embedder.embed([]).shape == (0, 384)


def test_batching_by_length_keeps_input_order(embedder: OnnxEmbedder) -> None:
    texts = [
        "A much longer sentence about the foreign ministers who met in Vienna on Monday.",
        "Troops fired.",
        "The president praised the agreement.",
    ]
    together = embedder.embed(texts)
    alone = np.vstack([embedder.embed([t]) for t in texts])
    np.testing.assert_allclose(together, alone, atol=1e-4)


def test_similar_sentences_are_closer_than_unrelated_ones(embedder: OnnxEmbedder) -> None:
    a, b, c = embedder.embed(
        [
            "Soldiers killed five rebels in an attack on the village.",
            "An army raid on the village left five insurgents dead.",
            "The central bank kept interest rates unchanged.",
        ]
    )
    assert float(a @ b) > float(a @ c) + 0.2


def test_name_and_version_come_from_the_packages(embedder: OnnxEmbedder) -> None:
    assert embedder.name == EMBEDDER_NAME
    assert embedder.version == "1.0.0+tokenizer.0.1.0"


def test_missing_model_package_is_e203(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed_module, "MODEL_PACKAGE", "polevent_no_such_model")
    with pytest.raises(ModelError) as caught:
        build_embedder()
    assert caught.value.code == "E203"
    assert "polevent-no-such-model" in str(caught.value)


def test_damaged_model_file_is_e203(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed_module, "_package_attr", lambda package, attr: "0" * 64)
    with pytest.raises(ModelError, match="sha256") as caught:
        build_embedder()
    assert caught.value.code == "E203"
