"""The quad-class model: training, the saved artefact, round trip, coded errors, CV."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from polevent._version import __version__
from polevent.errors import DataFileError, ModelError
from polevent.learn.embed import OnnxEmbedder
from polevent.learn.gold import training_hash
from polevent.learn.quad import (
    VARIANTS,
    QuadConfig,
    QuadModel,
    SentenceInputs,
    cross_validate,
    fit,
    fold_assignment,
    load,
    prepare,
    train,
    train_quad,
)
from polevent.pipeline import Coder

CLASS_FIXTURE = Path(__file__).parents[2] / "fixtures" / "eval" / "conflibert" / "class_small.tsv"
Labelled = tuple[list[str], list[int]]
UNSEEN = [
    "Rebels shelled the airport and killed two guards.",
    "The two presidents signed a friendship treaty.",
    "The minister said the report would be published soon.",
]


@pytest.fixture(scope="module")
def inputs(labelled: Labelled, embedder: OnnxEmbedder, coder: Coder) -> SentenceInputs:
    return prepare(labelled[0], embedder=embedder, coder=coder)


@pytest.fixture(scope="module")
def model(
    inputs: SentenceInputs, labelled: Labelled, embedder: OnnxEmbedder, coder: Coder
) -> QuadModel:
    return fit(inputs, labelled[1], config=QuadConfig(), embedder=embedder, coder=coder)


def test_model_fits_its_training_sentences(model: QuadModel, labelled: Labelled) -> None:
    assert model.labels == (0, 1, 2, 3, 4)
    assert model.predict(labelled[0]) == tuple(labelled[1])
    proba = model.predict_proba(UNSEEN)
    assert proba.shape == (3, 5)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_train_equals_prepare_then_fit(
    model: QuadModel, labelled: Labelled, embedder: OnnxEmbedder, coder: Coder
) -> None:
    again = train(labelled[0], labelled[1], embedder=embedder, coder=coder)
    np.testing.assert_array_equal(again.weights, model.weights)
    np.testing.assert_array_equal(again.predict_proba(UNSEEN), model.predict_proba(UNSEEN))


def test_save_load_round_trip_gives_identical_probabilities(
    model: QuadModel, tmp_path: Path, embedder: OnnxEmbedder, coder: Coder
) -> None:
    path = tmp_path / "sub" / "quad.npz"
    model.save(path)
    loaded = load(path, embedder=embedder, coder=coder)
    assert loaded.config == model.config
    assert loaded.vocabulary is not None and model.vocabulary is not None
    assert loaded.vocabulary.terms == model.vocabulary.terms
    assert loaded.info == model.info
    np.testing.assert_array_equal(loaded.predict_proba(UNSEEN), model.predict_proba(UNSEEN))


def test_artefact_is_plain_arrays_with_a_json_header(
    model: QuadModel, tmp_path: Path, labelled: Labelled, embedder: OnnxEmbedder
) -> None:
    path = tmp_path / "quad.npz"
    model.save(path)
    with np.load(path, allow_pickle=False) as archive:
        assert sorted(archive.files) == ["bias", "header", "idf", "terms", "weights"]
        header = json.loads(str(archive["header"]))
        assert archive["weights"].shape == (5, len(archive["terms"]) + 384 + 11)
    assert header["kind"] == "polevent-quad-model"
    assert header["format_version"] == 1
    assert header["labels"] == [0, 1, 2, 3, 4]
    assert (header["embedder"], header["embedder_version"]) == (embedder.name, embedder.version)
    assert header["training_hash"] == training_hash(*labelled)
    assert (header["n_train"], header["polevent_version"]) == (20, __version__)
    assert header["config"]["c"] == 30.0


def test_other_embedder_version_is_e204(
    model: QuadModel, tmp_path: Path, embedder: OnnxEmbedder, coder: Coder
) -> None:
    path = tmp_path / "quad.npz"
    model.save(path)
    other = dataclasses.replace(embedder, version="9.9.9")
    with pytest.raises(ModelError) as caught:
        load(path, embedder=other, coder=coder)
    assert caught.value.code == "E204"
    with pytest.raises(ModelError):
        load(path, embedder=None, coder=coder)


def test_missing_or_foreign_file_is_e301(tmp_path: Path, embedder: OnnxEmbedder) -> None:
    (tmp_path / "junk.npz").write_bytes(b"not a zip file")
    np.savez(tmp_path / "other.npz", header=np.array(json.dumps({"kind": "something"})))
    for name in ("absent.npz", "junk.npz", "other.npz"):
        with pytest.raises(DataFileError) as caught:
            load(tmp_path / name, embedder=embedder, coder=None)
        assert caught.value.code == "E301"


def test_predicting_without_the_coder_it_needs_is_e204(model: QuadModel) -> None:
    with pytest.raises(ModelError) as caught:
        dataclasses.replace(model, coder=None).predict_proba(UNSEEN)
    assert caught.value.code == "E204"


def test_tfidf_only_model_needs_no_embedder(labelled: Labelled, tmp_path: Path) -> None:
    config = QuadConfig(embedding_weight=0.0, pattern_weight=0.0)
    model = train(*labelled, embedder=None, coder=None, config=config)
    model.save(tmp_path / "tfidf.npz")
    loaded = load(tmp_path / "tfidf.npz", embedder=None, coder=None)
    assert (loaded.info.embedder, loaded.info.embedder_version) == ("", "")
    np.testing.assert_array_equal(loaded.predict_proba(UNSEEN), model.predict_proba(UNSEEN))


def test_folds_are_stratified_and_fixed(labelled: Labelled) -> None:
    labels = labelled[1]
    assignment = fold_assignment(labels, folds=4, seed=13)
    for fold in range(4):
        assert sorted(labels[i] for i in np.flatnonzero(assignment == fold)) == [0, 1, 2, 3, 4]
    np.testing.assert_array_equal(assignment, fold_assignment(labels, folds=4, seed=13))
    assert not np.array_equal(assignment, fold_assignment(labels, folds=4, seed=14))


def test_cross_validation_is_deterministic(inputs: SentenceInputs, labelled: Labelled) -> None:
    first = cross_validate(inputs, labelled[1], config=QuadConfig(), folds=4)
    second = cross_validate(inputs, labelled[1], config=QuadConfig(), folds=4)
    assert first.shape == (20, 5)
    np.testing.assert_allclose(first.sum(axis=1), 1.0)
    np.testing.assert_array_equal(first, second)


def test_train_quad_scores_every_variant_and_saves_the_best(
    tmp_path: Path, coder: Coder, embedder: OnnxEmbedder
) -> None:
    out = tmp_path / "quad.npz"
    report = train_quad(CLASS_FIXTURE, out=out, coder=coder, embedder=embedder, folds=4)
    assert [v.name for v in report.variants] == [name for name, _, _ in VARIANTS]
    learned = [v for v in report.variants if v.name != "patterns"]
    assert report.chosen == max(learned, key=lambda v: v.macro_f1).name
    assert all(0.0 <= v.accuracy <= 1.0 for v in report.variants)
    assert (report.n, report.folds, report.size_bytes) == (20, 4, out.stat().st_size)
    assert report.label_counts == ((0, 4), (1, 4), (2, 4), (3, 4), (4, 4))
    assert load(out, embedder=embedder, coder=coder).info.training_hash == report.training_hash
