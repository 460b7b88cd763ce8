"""Turn the paths a user names into source files (walking directories) and read each by its suffix.

Order is stable: the given paths in the given order; inside a directory, files sorted by their
relative POSIX path. Hidden files and directories (name starting with ``.``) are skipped when
walking; a file named explicitly is always read. Besides paths, ``-`` reads stdin, an http(s)
URL is fetched (a feed or a page), and a ``Source`` object is read as it is.

Suffixes: ``.txt``; ``.jsonl`` / ``.jsonl.gz``; ``.html`` / ``.htm`` / ``.xhtml``; ``.rss`` /
``.atom`` / ``.xml`` (feeds); ``.warc`` / ``.warc.gz``; ``.csv`` / ``.tsv``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Literal

from polevent.errors import InputError
from polevent.ingest.csvfile import CsvColumns, iter_csv_file
from polevent.ingest.decode import read_bytes
from polevent.ingest.fetch import Fetcher, UrlFetcher, is_url
from polevent.ingest.html import iter_html_file
from polevent.ingest.jsonl import iter_jsonl_file
from polevent.ingest.language import filter_languages
from polevent.ingest.source import Item, Source
from polevent.ingest.streams import StdinSource, UrlSource, iter_bytes
from polevent.ingest.text import iter_text_file
from polevent.ingest.warc import iter_warc_file

__all__ = [
    "SUFFIXES",
    "ReadOptions",
    "SourceFile",
    "expand_paths",
    "iter_articles",
    "kind_of",
    "read_source",
]

Kind = Literal["text", "jsonl", "jsonl.gz", "html", "feed", "warc", "csv"]
SUFFIXES: tuple[tuple[str, Kind], ...] = (
    (".jsonl.gz", "jsonl.gz"),
    (".jsonl", "jsonl"),
    (".txt", "text"),
    (".html", "html"),
    (".htm", "html"),
    (".xhtml", "html"),
    (".rss", "feed"),
    (".atom", "feed"),
    (".xml", "feed"),
    (".warc.gz", "warc"),
    (".warc", "warc"),
    (".csv", "csv"),
    (".tsv", "csv"),
)
_SUFFIX_LIST = ", ".join(suffix for suffix, _ in SUFFIXES)
STDIN = "-"


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadOptions:
    """How to read the inputs besides their date and size limits.

    ``csv_columns``: the CSV column mapping (default: columns named ``text``, ``title``, ...).
    ``languages``: ISO 639-1 codes to keep; articles confidently in another language become
    ``Skipped`` (``None`` keeps every language). ``fetcher`` fetches URLs (default
    ``UrlFetcher()``); ``feed_pages`` replaces each feed item's summary with its linked page's
    text. ``stdin`` is what ``-`` reads (default: the process's standard input).
    """

    csv_columns: CsvColumns | None = None
    languages: frozenset[str] | None = None
    fetcher: Fetcher | None = None
    feed_pages: bool = False
    stdin: BinaryIO | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceFile:
    """One file to read: where it is, how to name it in records and errors, and its kind."""

    path: Path
    source: str
    kind: Kind


def kind_of(name: str) -> Kind | None:
    """The reader kind for a file name by suffix (case-insensitive), ``None`` if unsupported."""
    lower = name.lower()
    return next((kind for suffix, kind in SUFFIXES if lower.endswith(suffix)), None)


def _walk(root: Path, source: str) -> Iterator[SourceFile | InputError]:
    failures: list[OSError] = []
    found: list[tuple[str, Kind]] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=failures.append):
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        for name in filenames:
            kind = kind_of(name)
            if kind is not None and not name.startswith("."):
                found.append(((Path(dirpath) / name).relative_to(root).as_posix(), kind))
    for failure in failures:
        where = failure.filename or source
        yield InputError("E107", f"cannot read directory {where}: {failure.strerror}", path=source)
    if not found and not failures:
        yield InputError("E101", f"no {_SUFFIX_LIST} files in directory", path=source)
    for relative, kind in sorted(found):
        yield SourceFile(path=root / relative, source=os.path.join(source, relative), kind=kind)


def expand_paths(paths: Sequence[str | Path]) -> Iterator[SourceFile | InputError]:
    """Yield the files to read, in order, and an error per unusable path (E107, E109)."""
    for given in paths:
        source = os.fspath(given)
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, source)
        elif not path.exists():
            yield InputError("E107", "no such file or directory", path=source)
        else:
            kind = kind_of(path.name)
            if kind is None:
                detail = f"{path.name!r}: expected one of {_SUFFIX_LIST}"
                yield InputError("E109", detail, path=source)
            else:
                yield SourceFile(path=path, source=source, kind=kind)


def read_source(
    file: SourceFile,
    *,
    published: datetime | None,
    max_bytes: int,
    csv_columns: CsvColumns | None = None,
) -> Iterator[Item]:
    """Read one source file with the reader its kind names."""
    path, source = file.path, file.source
    if file.kind == "text":
        return iter_text_file(path, source=source, published=published, max_bytes=max_bytes)
    if file.kind == "html":
        return iter_html_file(path, source=source, published=published, max_bytes=max_bytes)
    if file.kind == "warc":
        return iter_warc_file(path, source=source, published=published, max_bytes=max_bytes)
    if file.kind == "feed":
        return _iter_feed_file(file, published=published, max_bytes=max_bytes)
    if file.kind == "csv":
        return iter_csv_file(
            path, source=source, columns=csv_columns, published=published, max_bytes=max_bytes
        )
    return iter_jsonl_file(
        file.path,
        source=file.source,
        published=published,
        max_bytes=max_bytes,
        compressed=file.kind == "jsonl.gz",
    )


def _iter_feed_file(
    file: SourceFile, *, published: datetime | None, max_bytes: int
) -> Iterator[Item]:
    try:
        raw = read_bytes(file.path, source=file.source, max_bytes=max_bytes)
    except InputError as e:
        yield e
        return
    yield from iter_bytes(raw, source=file.source, published=published, kind="feed")


def _stream_source(
    given: str, *, published: datetime | None, max_bytes: int, options: ReadOptions
) -> Source:
    if given == STDIN:
        stream = options.stdin or sys.stdin.buffer
        return StdinSource(stream=stream, published=published, max_bytes=max_bytes)
    fetcher = options.fetcher or UrlFetcher(max_bytes=max_bytes)
    return UrlSource(url=given, fetcher=fetcher, published=published, pages=options.feed_pages)


def _iter_articles(
    paths: Sequence[str | Path | Source],
    *,
    published: datetime | None,
    max_bytes: int,
    options: ReadOptions,
) -> Iterator[Item]:
    for given in paths:
        if not isinstance(given, str | os.PathLike):
            yield from given.read()
        elif isinstance(given, str) and (given == STDIN or is_url(given)):
            yield from _stream_source(
                given, published=published, max_bytes=max_bytes, options=options
            ).read()
        else:
            for item in expand_paths([given]):
                if isinstance(item, InputError):
                    yield item
                else:
                    yield from read_source(
                        item,
                        published=published,
                        max_bytes=max_bytes,
                        csv_columns=options.csv_columns,
                    )


def iter_articles(
    paths: Sequence[str | Path | Source],
    *,
    published: datetime | None = None,
    max_bytes: int = 50_000_000,
    options: ReadOptions | None = None,
) -> Iterator[Item]:
    """Yield the articles in ``paths`` in a stable order, an ``InputError`` per bad file/record
    and a ``Skipped`` per input read but not to be coded (see ``ReadOptions.languages``; WARC
    pages without article text).

    ``paths`` holds files, directories, ``-`` (stdin), http(s) URLs and ``Source`` objects.
    Errors are yielded, not raised, so the caller decides whether to stop at the first one or keep
    going. ``published`` is the date for articles whose source gives none; files larger than
    ``max_bytes`` (after decompression for ``.jsonl.gz``; per record for WARC) are rejected with
    E108.

    >>> for item in iter_articles(["articles/", "crawl.warc.gz"]):  # doctest: +SKIP
    ...     if isinstance(item, InputError):
    ...         raise item
    """
    if isinstance(paths, str | os.PathLike):
        raise TypeError("paths must be a sequence of paths, not a single path")
    if max_bytes < 0:
        raise ValueError(f"max_bytes must be >= 0, got {max_bytes}")
    options = options or ReadOptions()
    items = _iter_articles(paths, published=published, max_bytes=max_bytes, options=options)
    if options.languages is None:
        return items
    return filter_languages(items, keep=options.languages)
