"""JSON Lines articles (``.jsonl``, ``.jsonl.gz``): one object per line.

Fields: ``text`` (required, non-empty string), optional ``title``, ``url``, ``published_at`` (alias
``date``) and ``id``. The source's ``id`` is checked for type only: ``Article.id`` is always derived
from the content. A bad line never stops the other lines: error values name the file and the
1-based line. ``Article.source`` is ``path:line``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path

from polevent.errors import InputError
from polevent.ids import article_id
from polevent.ingest.dates import parse_published
from polevent.ingest.decode import decode_text, load_bytes, normalise_text
from polevent.records import Article

__all__ = ["article_from_line", "article_from_record", "iter_jsonl_bytes", "iter_jsonl_file"]

_DATE_KEYS = ("published_at", "date")


def _type_name(value: object) -> str:
    return "null" if value is None else type(value).__name__


def _required_text(record: Mapping[str, object], *, path: str, line: int) -> str:
    value = record.get("text")
    if not isinstance(value, str):
        detail = "'text' is missing" if "text" not in record else f"'text' is {_type_name(value)}"
        raise InputError("E106", detail, path=path, line=line)
    if not value.strip():
        raise InputError("E106", "'text' is empty", path=path, line=line)
    return normalise_text(value)


def _optional_str(record: Mapping[str, object], key: str, *, path: str, line: int) -> str | None:
    """A string field, ``None`` when absent, null or blank; E106 when another type."""
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError("E106", f"{key!r} is {_type_name(value)}", path=path, line=line)
    return value if value.strip() else None


def _check_id(record: Mapping[str, object], *, path: str, line: int) -> None:
    value = record.get("id")
    if value is not None and (isinstance(value, bool) or not isinstance(value, str | int)):
        raise InputError("E106", f"'id' is {_type_name(value)}", path=path, line=line)


def _published_at(
    record: Mapping[str, object], *, path: str, line: int, default: datetime | None
) -> datetime | None:
    """The first non-blank of ``published_at`` / ``date``, else ``default``."""
    for key in _DATE_KEYS:
        value = _optional_str(record, key, path=path, line=line)
        if value is None:
            continue
        try:
            return parse_published(value)
        except InputError as e:
            raise InputError("E105", e.detail, path=path, line=line) from e
    return default


def article_from_record(
    record: Mapping[str, object], *, path: str, line: int, published: datetime | None
) -> Article:
    """Build the ``Article`` of one decoded JSON object (E105 bad date, E106 bad field)."""
    text = _required_text(record, path=path, line=line)
    title = _optional_str(record, "title", path=path, line=line) or ""
    url = _optional_str(record, "url", path=path, line=line)
    url = url.strip() if url is not None else None
    _check_id(record, path=path, line=line)
    return Article(
        id=article_id(text=text, url=url),
        title=normalise_text(title),
        text=text,
        published_at=_published_at(record, path=path, line=line, default=published),
        url=url,
        source=f"{path}:{line}",
    )


def article_from_line(
    raw: bytes, *, path: str, line: int, published: datetime | None
) -> Article | None:
    """Decode and parse one line; ``None`` for a blank line (E103 not UTF-8, E104 not an object)."""
    text = decode_text(raw, source=path, first_line=line)
    if not text.strip():
        return None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError("E104", f"{e.msg} at column {e.colno}", path=path, line=line) from e
    except (ValueError, RecursionError) as e:
        raise InputError("E104", str(e) or type(e).__name__, path=path, line=line) from e
    if not isinstance(record, dict):
        detail = f"expected a JSON object, got {_type_name(record)}"
        raise InputError("E104", detail, path=path, line=line)
    return article_from_record(record, path=path, line=line, published=published)


def _line_item(
    raw: bytes, *, path: str, line: int, published: datetime | None
) -> Article | InputError | None:
    try:
        return article_from_line(raw, path=path, line=line, published=published)
    except InputError as e:
        return e


def iter_jsonl_bytes(
    raw: bytes, *, path: str, published: datetime | None
) -> Iterator[Article | InputError]:
    """Yield an article or an error for every non-blank line; E101 when there is none."""
    seen = False
    for number, raw_line in enumerate(raw.splitlines(), start=1):
        item = _line_item(raw_line, path=path, line=number, published=published)
        if item is not None:
            seen = True
            yield item
    if not seen:
        yield InputError("E101", "no JSON lines", path=path)


def iter_jsonl_file(
    path: Path, *, source: str, published: datetime | None, max_bytes: int, compressed: bool
) -> Iterator[Article | InputError]:
    """Read a ``.jsonl`` (or gzipped ``.jsonl.gz``) file; yield its articles and errors."""
    try:
        raw = load_bytes(path, source=source, max_bytes=max_bytes, compressed=compressed)
    except InputError as e:
        yield e
        return
    yield from iter_jsonl_bytes(raw, path=source, published=published)
