"""Content-derived identifiers: the same input always gets the same id, in any process."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable

__all__ = ["article_id", "event_id"]


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _digest(*parts: str) -> str:
    joined = "\x1f".join(parts).encode("utf-8")
    return hashlib.sha256(joined).hexdigest()[:16]


def article_id(*, text: str, url: str | None) -> str:
    """Id of an article: hash of its normalised URL and text (whitespace and NFC insensitive)."""
    return _digest((url or "").strip().lower(), _normalise(text))


def event_id(
    *,
    article: str,
    sentence_index: int,
    source_codes: Iterable[str],
    target_codes: Iterable[str],
    cameo_code: str,
    trigger_start: int,
) -> str:
    """Id of an event mention: article, sentence, dyad, code and trigger position."""
    return _digest(
        article,
        str(sentence_index),
        ",".join(source_codes),
        ",".join(target_codes),
        cameo_code,
        str(trigger_start),
    )
