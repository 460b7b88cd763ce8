"""A sentence classifier for CAMEO quad class: a linear head on embeddings, TF-IDF and patterns.

Inputs per sentence (``prepare``): its MiniLM embedding, and the ConfliBERT classes of the events
the pattern coder finds in it. A model (``QuadConfig``) concatenates any of three blocks, each
scaled by a weight: word 1-2-gram TF-IDF (vocabulary fitted on the training fold), the
embedding, and pattern indicators; then fits a multinomial logistic regression (scikit-learn,
lbfgs). The fitted model is plain arrays (weights, bias, vocabulary, idf) and saves to a
versioned ``.npz`` read back without pickle; ``predict_proba`` is softmax(X W^T + b) in numpy.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse  # type: ignore[import-untyped]

from polevent._version import __version__
from polevent.errors import DataFileError, ModelError
from polevent.learn.embed import Embedder
from polevent.learn.gold import LABELS, training_hash
from polevent.learn.patterns import (
    code_sentences,
    conflibert_quad,
    pattern_matrix,
)
from polevent.learn.tfidf import TfidfVocabulary, fit_tfidf
from polevent.pipeline import Coder

__all__ = [
    "FORMAT_VERSION",
    "VARIANTS",
    "ModelInfo",
    "QuadConfig",
    "QuadModel",
    "SentenceInputs",
    "TrainReport",
    "VariantScore",
    "cross_validate",
    "fit",
    "fold_assignment",
    "load",
    "prepare",
    "score_variants",
    "train",
    "train_quad",
]

FORMAT_VERSION = 1
ARTEFACT_KIND = "polevent-quad-model"


@dataclass(frozen=True, slots=True, kw_only=True)
class QuadConfig:
    """Which feature blocks a model uses, their weights, and the head's inverse regularisation."""

    tfidf_weight: float = 1.5
    embedding_weight: float = 1.0
    pattern_weight: float = 0.3
    c: float = 30.0
    ngram_max: int = 2
    min_df: int = 2
    max_iter: int = 5000

    @property
    def uses_embeddings(self) -> bool:
        return self.embedding_weight > 0

    @property
    def uses_patterns(self) -> bool:
        return self.pattern_weight > 0

    @property
    def uses_tfidf(self) -> bool:
        return self.tfidf_weight > 0


@dataclass(frozen=True, slots=True, kw_only=True)
class SentenceInputs:
    """What a model needs per sentence, computed once: text, embedding, pattern classes."""

    texts: tuple[str, ...]
    embeddings: NDArray[np.float32]
    quads: tuple[tuple[int, ...], ...]

    def subset(self, rows: Sequence[int]) -> SentenceInputs:
        picked = list(rows)
        return SentenceInputs(
            texts=tuple(self.texts[i] for i in picked),
            embeddings=self.embeddings[picked],
            quads=tuple(self.quads[i] for i in picked),
        )


def prepare(
    texts: Sequence[str], *, embedder: Embedder | None, coder: Coder | None
) -> SentenceInputs:
    """Embed ``texts`` (when an embedder is given) and code them (when a coder is given)."""
    embeddings = (
        embedder.embed(texts) if embedder is not None else np.zeros((len(texts), 0), np.float32)
    )
    if coder is not None:
        quads = tuple(
            tuple(conflibert_quad(e) for e in events) for events in code_sentences(texts, coder)
        )
    else:
        quads = tuple(() for _ in texts)
    return SentenceInputs(texts=tuple(texts), embeddings=embeddings, quads=quads)


def _design(
    inputs: SentenceInputs, config: QuadConfig, vocabulary: TfidfVocabulary | None
) -> sparse.csr_matrix:
    blocks: list[Any] = []
    if config.uses_tfidf and vocabulary is not None:
        blocks.append(config.tfidf_weight * vocabulary.transform(inputs.texts))
    if config.uses_embeddings:
        blocks.append(sparse.csr_matrix(config.embedding_weight * inputs.embeddings.astype(float)))
    if config.uses_patterns:
        blocks.append(sparse.csr_matrix(config.pattern_weight * pattern_matrix(inputs.quads)))
    return sparse.hstack(blocks, format="csr")


def _softmax(scores: NDArray[np.float64]) -> NDArray[np.float64]:
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    result: NDArray[np.float64] = shifted / shifted.sum(axis=1, keepdims=True)
    return result


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelInfo:
    """What a model was trained with; ``embedder``/``coder_data_version`` are empty when the
    model does not use embeddings/patterns."""

    embedder: str
    embedder_version: str
    coder_data_version: str
    training_hash: str
    n_train: int
    polevent_version: str


@dataclass(frozen=True, slots=True, kw_only=True)
class QuadModel:
    """A fitted quad-class model: arrays plus what it was trained with (``info``)."""

    config: QuadConfig
    labels: tuple[int, ...]
    weights: NDArray[np.float64]
    bias: NDArray[np.float64]
    vocabulary: TfidfVocabulary | None
    info: ModelInfo
    embedder: Embedder | None = field(default=None, compare=False, repr=False)
    coder: Coder | None = field(default=None, compare=False, repr=False)

    def predict_proba(self, texts: Sequence[str]) -> NDArray[np.float64]:
        """``(n, len(labels))`` class probabilities of ``texts`` (columns in ``labels`` order)."""
        embedder = self.embedder if self.config.uses_embeddings else None
        coder = self.coder if self.config.uses_patterns else None
        if self.config.uses_embeddings and embedder is None:
            raise ModelError("E204", "this model needs an embedder")
        if self.config.uses_patterns and coder is None:
            raise ModelError("E204", "this model needs the pattern coder")
        return self.proba(prepare(texts, embedder=embedder, coder=coder))

    def proba(self, inputs: SentenceInputs) -> NDArray[np.float64]:
        """Class probabilities from already prepared inputs."""
        design = _design(inputs, self.config, self.vocabulary)
        return _softmax(np.asarray(design @ self.weights.T) + self.bias)

    def predict(self, texts: Sequence[str]) -> tuple[int, ...]:
        """The most probable label of each text."""
        best = self.predict_proba(texts).argmax(axis=1)
        return tuple(self.labels[int(i)] for i in best)

    def save(self, path: Path) -> None:
        """Write the model to ``path`` as a compressed ``.npz`` of arrays and a JSON header."""
        header = {
            "kind": ARTEFACT_KIND,
            "format_version": FORMAT_VERSION,
            "labels": list(self.labels),
            "config": asdict(self.config),
            **asdict(self.info),
        }
        vocabulary = self.vocabulary
        arrays = {
            "header": np.array(json.dumps(header, sort_keys=True)),
            "weights": self.weights,
            "bias": self.bias,
            "terms": np.array(vocabulary.terms if vocabulary else (), dtype=str),
            "idf": vocabulary.idf if vocabulary else np.zeros(0),
        }
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **arrays)  # type: ignore[arg-type]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(buffer.getvalue())


def fit(
    inputs: SentenceInputs,
    labels: Sequence[int],
    *,
    config: QuadConfig,
    embedder: Embedder | None = None,
    coder: Coder | None = None,
) -> QuadModel:
    """Fit the head on prepared inputs (``embedder``/``coder`` are kept for ``predict_proba``)."""
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    vocabulary = (
        fit_tfidf(inputs.texts, max_n=config.ngram_max, min_df=config.min_df)
        if config.uses_tfidf
        else None
    )
    head = LogisticRegression(C=config.c, max_iter=config.max_iter)
    head.fit(_design(inputs, config, vocabulary), np.asarray(labels))
    classes = tuple(int(x) for x in head.classes_)
    embedded = embedder is not None and config.uses_embeddings
    info = ModelInfo(
        embedder=embedder.name if embedder is not None and embedded else "",
        embedder_version=embedder.version if embedder is not None and embedded else "",
        coder_data_version=coder.data_version if coder and config.uses_patterns else "",
        training_hash=training_hash(inputs.texts, labels),
        n_train=len(labels),
        polevent_version=__version__,
    )
    return QuadModel(
        config=config,
        labels=classes,
        weights=np.asarray(head.coef_, dtype=np.float64),
        bias=np.asarray(head.intercept_, dtype=np.float64),
        vocabulary=vocabulary,
        info=info,
        embedder=embedder,
        coder=coder,
    )


def train(
    texts: Sequence[str],
    labels: Sequence[int],
    *,
    embedder: Embedder | None,
    coder: Coder | None,
    config: QuadConfig | None = None,
) -> QuadModel:
    """Embed and code ``texts``, then fit a model (default ``QuadConfig()``) on ``labels``."""
    config = config or QuadConfig()
    inputs = prepare(
        texts,
        embedder=embedder if config.uses_embeddings else None,
        coder=coder if config.uses_patterns else None,
    )
    return fit(inputs, labels, config=config, embedder=embedder, coder=coder)


def _read_npz(path: Path) -> dict[str, Any]:
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
        header = json.loads(str(arrays.pop("header")))
    except FileNotFoundError as e:
        raise DataFileError("E301", "quad model file not found", path=str(path)) from e
    except (OSError, ValueError, KeyError) as e:
        raise DataFileError("E301", f"not a quad model file: {e}", path=str(path)) from e
    if header.get("kind") != ARTEFACT_KIND or header.get("format_version") != FORMAT_VERSION:
        detail = f"expected {ARTEFACT_KIND} format {FORMAT_VERSION}"
        raise DataFileError("E301", detail, path=str(path))
    return {"header": header, **arrays}


def load(path: Path, *, embedder: Embedder | None, coder: Coder | None) -> QuadModel:
    """Read a model written by ``QuadModel.save``; the embedder must be the one it was
    trained with (name and version), else ``ModelError`` E204."""
    content = _read_npz(path)
    header = content["header"]
    config = QuadConfig(**header["config"])
    if config.uses_embeddings:
        have = (embedder.name, embedder.version) if embedder else ("none", "")
        want = (header["embedder"], header["embedder_version"])
        if have != want:
            raise ModelError("E204", f"trained with {want}, got {have}", path=str(path))
    terms = tuple(str(t) for t in content["terms"])
    vocabulary = (
        TfidfVocabulary(terms=terms, idf=content["idf"], max_n=config.ngram_max)
        if config.uses_tfidf
        else None
    )
    try:
        info = ModelInfo(**{name: header[name] for name in ModelInfo.__dataclass_fields__})
    except KeyError as e:
        raise DataFileError("E301", f"header lacks {e}", path=str(path)) from e
    return QuadModel(
        config=config,
        labels=tuple(int(x) for x in header["labels"]),
        weights=content["weights"],
        bias=content["bias"],
        vocabulary=vocabulary,
        info=info,
        embedder=embedder,
        coder=coder,
    )


# --- cross-validation and training from a gold file -------------------------------------------

PATTERNS_ONLY = "patterns"
VARIANTS: tuple[tuple[str, str, QuadConfig | None], ...] = (
    (PATTERNS_ONLY, "quad class of the first coded event, neutral when none", None),
    (
        "embeddings",
        "MiniLM embedding -> logistic regression",
        QuadConfig(tfidf_weight=0.0, pattern_weight=0.0, c=10.0),
    ),
    (
        "embeddings+patterns",
        "MiniLM embedding + pattern-coder indicators -> logistic regression",
        QuadConfig(tfidf_weight=0.0, pattern_weight=0.3, c=10.0),
    ),
    (
        "tfidf+embeddings+patterns",
        "word 1-2-gram TF-IDF + MiniLM embedding + pattern indicators -> logistic regression",
        QuadConfig(),
    ),
)


def fold_assignment(labels: Sequence[int], *, folds: int = 5, seed: int = 13) -> NDArray[np.int64]:
    """The test fold (0..folds-1) of every item: stratified, shuffled with a fixed seed."""
    from sklearn.model_selection import StratifiedKFold  # type: ignore[import-untyped]

    assignment = np.zeros(len(labels), dtype=np.int64)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for fold, (_, test) in enumerate(splitter.split(np.zeros(len(labels)), np.asarray(labels))):
        assignment[test] = fold
    return assignment


def cross_validate(
    inputs: SentenceInputs,
    labels: Sequence[int],
    *,
    config: QuadConfig,
    folds: int = 5,
    seed: int = 13,
) -> NDArray[np.float64]:
    """Out-of-fold class probabilities, ``(n, len(LABELS))``, columns in ``LABELS`` order."""
    assignment = fold_assignment(labels, folds=folds, seed=seed)
    gold = np.asarray(labels)
    out = np.zeros((len(labels), len(LABELS)), dtype=np.float64)
    for fold in range(folds):
        train_rows = np.flatnonzero(assignment != fold).tolist()
        test_rows = np.flatnonzero(assignment == fold).tolist()
        model = fit(inputs.subset(train_rows), gold[train_rows].tolist(), config=config)
        columns = np.array([LABELS.index(label) for label in model.labels])
        out[np.ix_(np.array(test_rows), columns)] = model.proba(inputs.subset(test_rows))
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class VariantScore:
    """Cross-validated accuracy and macro-F1 of one model variant."""

    name: str
    description: str
    accuracy: float
    macro_f1: float


@dataclass(frozen=True, slots=True, kw_only=True)
class TrainReport:
    """What ``train_quad`` did: data, cross-validated variants, the chosen one, the artefact."""

    gold: str
    n: int
    label_counts: tuple[tuple[int, int], ...]
    folds: int
    variants: tuple[VariantScore, ...]
    chosen: str
    out: str
    size_bytes: int
    training_hash: str
    seconds: float


def _scores(gold: Sequence[int], predicted: Sequence[int]) -> tuple[float, float]:
    from polevent.evaluate.stats import macro_f1

    pairs = list(zip(gold, predicted, strict=True))
    return sum(g == p for g, p in pairs) / len(pairs), macro_f1(pairs)


def score_variants(
    inputs: SentenceInputs, labels: Sequence[int], *, folds: int = 5, seed: int = 13
) -> tuple[VariantScore, ...]:
    """Cross-validate every entry of ``VARIANTS`` on the same folds."""
    from polevent.learn.patterns import pattern_prediction

    scores = []
    for name, description, config in VARIANTS:
        if config is None:
            predicted = [pattern_prediction(q) for q in inputs.quads]
        else:
            proba = cross_validate(inputs, labels, config=config, folds=folds, seed=seed)
            predicted = [LABELS[int(i)] for i in proba.argmax(axis=1)]
        accuracy, macro = _scores(labels, predicted)
        scores.append(
            VariantScore(name=name, description=description, accuracy=accuracy, macro_f1=macro)
        )
    return tuple(scores)


def train_quad(
    gold: Path,
    *,
    out: Path,
    coder: Coder,
    embedder: Embedder | None = None,
    folds: int = 5,
    seed: int = 13,
) -> TrainReport:
    """Cross-validate every variant on ``gold`` (``sentence<TAB>label``), fit the learned
    variant with the best macro-F1 on all of it and save it to ``out``."""
    import time
    from collections import Counter

    from polevent.learn.embed import build_embedder
    from polevent.learn.gold import read_quad_tsv

    started = time.perf_counter()
    rows = read_quad_tsv(gold)
    texts = [row.text for row in rows]
    labels = [row.label for row in rows]
    embedder = embedder or build_embedder()
    inputs = prepare(texts, embedder=embedder, coder=coder)
    variants = score_variants(inputs, labels, folds=folds, seed=seed)
    learned = [v for v in variants if v.name != PATTERNS_ONLY]
    best = max(learned, key=lambda v: v.macro_f1)
    config = next(c for name, _, c in VARIANTS if name == best.name and c is not None)
    model = fit(inputs, labels, config=config, embedder=embedder, coder=coder)
    model.save(out)
    return TrainReport(
        gold=str(gold),
        n=len(rows),
        label_counts=tuple(sorted(Counter(labels).items())),
        folds=folds,
        variants=variants,
        chosen=best.name,
        out=str(out),
        size_bytes=out.stat().st_size,
        training_hash=model.info.training_hash,
        seconds=time.perf_counter() - started,
    )
