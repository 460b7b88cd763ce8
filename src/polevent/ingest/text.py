"""Plain-text articles, with or without a ``Published : 16 May 2025, 11:57 AM`` first line.

The seed format is a ``.txt`` whose first line is that header; the body after it is the article
text. Without the header the whole file is the text and the caller's ``published`` date is used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from polevent.errors import InputError
from polevent.ids import article_id
from polevent.ingest.dates import parse_published
from polevent.ingest.decode import decode_text, load_bytes
from polevent.records import Article

__all__ = ["article_from_text", "iter_text_file", "split_header"]

_HEADER = re.compile(r"[ \t]*published[ \t]*:[ \t]*(?P<value>.*?)[ \t]*", re.IGNORECASE)


def split_header(text: str) -> tuple[str | None, str]:
    """Split off a ``Published :`` first line: ``(date value, body)``, or ``(None, text)``."""
    first, _, rest = text.partition("\n")
    match = _HEADER.fullmatch(first)
    if match is None:
        return None, text
    return match.group("value"), rest


def article_from_text(text: str, *, source: str, published: datetime | None) -> Article:
    """Build the ``Article`` of one normalised text file (E101 empty, E105 bad header date)."""
    if not text.strip():
        raise InputError("E101", "file is empty or whitespace only", path=source)
    value, body = split_header(text)
    published_at = published
    if value is not None:
        try:
            published_at = parse_published(value)
        except InputError as e:
            raise InputError("E105", e.detail, path=source, line=1) from e
        if not body.strip():
            raise InputError("E101", "no text after the Published line", path=source, line=2)
    return Article(
        id=article_id(text=body, url=None),
        title="",
        text=body,
        published_at=published_at,
        url=None,
        source=source,
    )


def iter_text_file(
    path: Path, *, source: str, published: datetime | None, max_bytes: int
) -> Iterator[Article | InputError]:
    """Yield the one article of a ``.txt`` file, or the ``InputError`` that stops it."""
    try:
        raw = load_bytes(path, source=source, max_bytes=max_bytes, compressed=False)
        text = decode_text(raw, source=source)
        article = article_from_text(text, source=source, published=published)
    except InputError as e:
        yield e
    else:
        yield article
