"""Language identification with py3langid (its model ships inside the package; nothing downloads).

Only confident guesses skip an article: short or mixed texts often get a low-probability guess
of another language ("Modi spoke to Sharif." → ``pcm``, p=0.14), so an article is skipped only
when the guess is not a kept language *and* its probability is at least ``min_probability``.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol, cast

from polevent.ingest.source import Item, Skipped
from polevent.records import Article

__all__ = [
    "MIN_PROBABILITY",
    "SAMPLE_CHARS",
    "LanguageGuess",
    "detect_language",
    "filter_languages",
]

MIN_PROBABILITY = 0.9
SAMPLE_CHARS = 10_000


class _Identifier(Protocol):
    def classify(self, text: str) -> tuple[str, float]: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class LanguageGuess:
    """The most likely language (ISO 639-1 code) and its normalised probability (0..1)."""

    language: str
    probability: float


@functools.cache
def _identifier() -> _Identifier:
    from py3langid.langid import (  # type: ignore[import-untyped]
        MODEL_FILE,
        LanguageIdentifier,
    )

    return cast(_Identifier, LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True))


def detect_language(text: str) -> LanguageGuess:
    """Guess the language of ``text`` from its first ``SAMPLE_CHARS`` characters (the model
    loads once per process, ~0.7 s)."""
    language, probability = _identifier().classify(text[:SAMPLE_CHARS])
    return LanguageGuess(language=str(language), probability=float(probability))


def _skip(article: Article, keep: Collection[str], min_probability: float) -> Skipped | None:
    guess = detect_language(article.text)
    if guess.language in keep or guess.probability < min_probability:
        return None
    kept = "/".join(sorted(keep))
    reason = f"language {guess.language} (p={guess.probability:.2f}), not {kept}"
    return Skipped(source=article.source, kind="language", reason=reason, language=guess.language)


def filter_languages(
    items: Iterable[Item], *, keep: Collection[str], min_probability: float = MIN_PROBABILITY
) -> Iterator[Item]:
    """Pass items through, replacing each confidently non-``keep`` article by a ``Skipped``."""
    for item in items:
        if isinstance(item, Article):
            skipped = _skip(item, keep, min_probability)
            yield item if skipped is None else skipped
        else:
            yield item
