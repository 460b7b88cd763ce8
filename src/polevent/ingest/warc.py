"""WARC files (``.warc``, ``.warc.gz``), as a crawl (Common Crawl's CC-NEWS) delivers them.

Only ``response`` records with HTTP status 200 and an HTML content type become articles; request,
metadata and non-HTML records are not articles and pass silently. The record's
``WARC-Target-URI`` is the article URL and ``WARC-Date`` its date when the page gives none. An
HTML response without main text is a ``Skipped`` (``no-text``), not an error: crawls are full of
index pages. Records are named ``FILE#N`` (N counts every record from 1). A truncated or corrupt
file yields the articles before the damage, then ``E114`` naming the record.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from polevent.errors import InputError
from polevent.ingest.dates import parse_published
from polevent.ingest.html import article_from_html
from polevent.ingest.source import Item, Skipped

__all__ = ["HTML_TYPES", "iter_warc_file"]

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def _warc_date(record: Any) -> datetime | None:
    value = record.rec_headers.get_header("WARC-Date")
    try:
        return parse_published(value) if value else None
    except InputError:
        return None


def _is_html_200(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    if record.http_headers.get_statuscode() != "200":
        return False
    media = (record.http_headers.get_header("Content-Type") or "").split(";")[0]
    return media.strip().lower() in HTML_TYPES


def _record_item(
    record: Any, *, source: str, published: datetime | None, max_bytes: int
) -> Item | None:
    if not _is_html_200(record):
        return None
    body: bytes = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return InputError("E108", f"record body over max_bytes={max_bytes}", path=source)
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    date = _warc_date(record) or published
    try:
        return article_from_html(body, source=source, url=url, published=date)
    except InputError as e:
        if e.code != "E111":
            return e
        return Skipped(source=source, kind="no-text", reason=e.detail)


def _truncated(record: Any) -> bool:
    """Read the rest of the record; ``True`` when the file ends before its Content-Length."""
    stream = record.raw_stream
    while stream.read(65536):
        pass
    return int(getattr(stream, "limit", 0)) > 0


def _is_warc(record: Any) -> bool:
    if not str(record.format).startswith("warc") or record.rec_headers is None:
        return False
    return bool(record.rec_headers.get_header("WARC-Record-ID"))


def _tail(path: Path, offset: int) -> bytes:
    """Up to 4 KiB of the file after ``offset`` (what follows the last complete record)."""
    with path.open("rb") as handle:
        handle.seek(offset)
        return handle.read(4096)


def _records(
    path: Path, *, source: str, published: datetime | None, max_bytes: int
) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
    from warcio.exceptions import ArchiveLoadFailed  # type: ignore[import-untyped]

    number, end = 1, 0  # the record being read; where the last complete record ends
    try:
        with path.open("rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                if not _is_warc(record):
                    raise ValueError("not a WARC record (no WARC/1.x header or WARC-Record-ID)")
                name = f"{source}#{number}"
                item = _record_item(record, source=name, published=published, max_bytes=max_bytes)
                if _truncated(record):
                    raise EOFError("the file ends inside the record")
                end = records.get_record_offset() + records.get_record_length()
                if item is not None:
                    yield item
                number += 1
        if _tail(path, end).strip():
            raise EOFError("the file ends inside the record (or has garbage after the last one)")
    except (ArchiveLoadFailed, EOFError, zlib.error, ValueError, OSError) as e:
        detail = f"record {number}: {str(e).strip() or type(e).__name__}"
        yield InputError("E114", detail, path=source)
        return
    if number == 1:
        yield InputError("E101", "file is empty", path=source)


def iter_warc_file(
    path: Path, *, source: str, published: datetime | None, max_bytes: int
) -> Iterator[Item]:
    """Yield the articles (and skips) of a WARC file, then an error if it is damaged.

    ``max_bytes`` caps each record's body, not the file: crawl files are gigabytes.
    """
    if not path.is_file():
        detail = "not a regular file" if path.exists() else "no such file"
        yield InputError("E107" if not path.exists() else "E109", detail, path=source)
        return
    yield from _records(path, source=source, published=published, max_bytes=max_bytes)
