"""Turn the paths a user names into source files (walking directories) and read each by its suffix.

Order is stable: the given paths in the given order; inside a directory, files sorted by their
relative POSIX path. Hidden files and directories (name starting with ``.``) are skipped when
walking; a file named explicitly is always read.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from polevent.errors import InputError
from polevent.ingest.jsonl import iter_jsonl_file
from polevent.ingest.text import iter_text_file
from polevent.records import Article

__all__ = ["SUFFIXES", "SourceFile", "expand_paths", "iter_articles", "kind_of", "read_source"]

Kind = Literal["text", "jsonl", "jsonl.gz"]
SUFFIXES: tuple[tuple[str, Kind], ...] = (
    (".jsonl.gz", "jsonl.gz"),
    (".jsonl", "jsonl"),
    (".txt", "text"),
)


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
        yield InputError("E101", "no .txt, .jsonl or .jsonl.gz files in directory", path=source)
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
                detail = f"{path.name!r}: expected .txt, .jsonl or .jsonl.gz"
                yield InputError("E109", detail, path=source)
            else:
                yield SourceFile(path=path, source=source, kind=kind)


def read_source(
    file: SourceFile, *, published: datetime | None, max_bytes: int
) -> Iterator[Article | InputError]:
    """Read one source file with the reader its kind names."""
    if file.kind == "text":
        return iter_text_file(
            file.path, source=file.source, published=published, max_bytes=max_bytes
        )
    return iter_jsonl_file(
        file.path,
        source=file.source,
        published=published,
        max_bytes=max_bytes,
        compressed=file.kind == "jsonl.gz",
    )


def _iter_articles(
    paths: Sequence[str | Path], *, published: datetime | None, max_bytes: int
) -> Iterator[Article | InputError]:
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            yield item
        else:
            yield from read_source(item, published=published, max_bytes=max_bytes)


def iter_articles(
    paths: Sequence[str | Path],
    *,
    published: datetime | None = None,
    max_bytes: int = 50_000_000,
) -> Iterator[Article | InputError]:
    """Yield the articles in ``paths`` in a stable order and an ``InputError`` per bad file/record.

    Errors are yielded, not raised, so the caller decides whether to stop at the first one or keep
    going. ``published`` is the date for articles whose source gives none; files larger than
    ``max_bytes`` (after decompression for ``.jsonl.gz``) are rejected with E108.

    >>> for item in iter_articles(["articles/"]):  # doctest: +SKIP
    ...     if isinstance(item, InputError):
    ...         raise item
    """
    if isinstance(paths, str | os.PathLike):
        raise TypeError("paths must be a sequence of paths, not a single path")
    if max_bytes < 0:
        raise ValueError(f"max_bytes must be >= 0, got {max_bytes}")
    return _iter_articles(paths, published=published, max_bytes=max_bytes)
