"""Load the pinned spaCy model through one function and check its version."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from polevent.errors import ModelError
from polevent.nlp.paragraphs import add_paragraph_breaks
from polevent.settings import Settings

__all__ = ["ModelInfo", "build_nlp", "model_info"]

REQUIRED_PIPES = ("parser", "ner", "lemmatizer", "tagger")


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelInfo:
    """Name, version and components of a loaded pipeline, recorded with every coded event."""

    name: str
    version: str
    spacy_version: str
    pipes: tuple[str, ...]


def build_nlp(settings: Settings | None = None) -> Any:
    """Load the spaCy pipeline named in ``settings`` (sentences, NER, dependency parse).

    Raises ``ModelError`` E201 when the model package is not installed and E202 when its version
    is not the pinned one or a required component is missing.
    """
    settings = settings or Settings()
    try:
        package = importlib.import_module(settings.model)
    except ImportError as e:
        raise ModelError("E201", f"{settings.model}: run `make` to install it") from e
    nlp = package.load()
    version = str(nlp.meta.get("version", ""))
    if version != settings.model_version:
        raise ModelError("E202", f"{settings.model} {version}, expected {settings.model_version}")
    missing = [name for name in REQUIRED_PIPES if name not in nlp.pipe_names]
    if missing:
        raise ModelError("E202", f"{settings.model} lacks {', '.join(missing)}")
    nlp.max_length = max(nlp.max_length, settings.max_chars_per_doc)
    add_paragraph_breaks(nlp)
    return nlp


def model_info(nlp: Any) -> ModelInfo:
    """Describe a loaded pipeline (for ``coder_version`` and the CLI's ``--version``)."""
    from spacy import about

    return ModelInfo(
        name=f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}",
        version=str(nlp.meta.get("version", "")),
        spacy_version=str(about.__version__),
        pipes=tuple(nlp.pipe_names),
    )
