"""CSV (``.csv``) and TSV (``.tsv``) files with a header row: one article per row.

A ``CsvColumns`` mapping names the header of each field (``text=body,title=headline,
date=published,url=link``); without one, the columns ``text``, ``title``, ``date`` (or
``published_at``) and ``url`` are used when present. ``text`` is required. A mapped column that
is missing from the header is ``E106`` on line 1; a row with an empty text is ``E106`` on its
line; a broken quote or a field longer than the csv module's limit (131,072 characters) is
``E112``. ``Article.source`` is ``path:line`` (the row's first line).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path

from polevent.errors import InputError
from polevent.ingest.decode import decode_text, load_bytes
from polevent.ingest.jsonl import article_from_record
from polevent.records import Article

__all__ = ["CsvColumns", "iter_csv_file", "iter_csv_text", "parse_csv_columns"]

_FIELDS = ("text", "title", "date", "url")


@dataclass(frozen=True, slots=True, kw_only=True)
class CsvColumns:
    """Which CSV header holds each article field (``None``: not read)."""

    text: str = "text"
    title: str | None = "title"
    date: str | None = "date"
    url: str | None = "url"
    explicit: bool = False

    def mapped(self) -> dict[str, str]:
        """``{field: header}`` for every field that names a column."""
        names = (f.name for f in fields(self) if f.name in _FIELDS)
        return {name: value for name in names if isinstance(value := getattr(self, name), str)}


def parse_csv_columns(spec: str) -> CsvColumns:
    """Parse ``text=body,title=headline,...`` (fields: text, title, date, url; text required)."""
    pairs: dict[str, str] = {}
    for part in filter(None, (piece.strip() for piece in spec.split(","))):
        field, sep, column = part.partition("=")
        field, column = field.strip().lower(), column.strip()
        if not sep or field not in _FIELDS or not column:
            detail = f"{part!r}: expected FIELD=COLUMN with FIELD one of {', '.join(_FIELDS)}"
            raise InputError("E106", detail)
        pairs[field] = column
    if "text" not in pairs:
        raise InputError("E106", "the mapping must name the text column (text=COLUMN)")
    return CsvColumns(
        text=pairs["text"],
        title=pairs.get("title"),
        date=pairs.get("date"),
        url=pairs.get("url"),
        explicit=True,
    )


def _header_map(header: Sequence[str], columns: CsvColumns, *, path: str) -> dict[str, str]:
    """``{field: header}`` limited to the columns present; E106 for a missing mapped column."""
    present = {name.strip() for name in header}
    mapped = columns.mapped()
    if not columns.explicit and "date" not in present and "published_at" in present:
        mapped["date"] = "published_at"
    missing = [f"{field}={name}" for field, name in mapped.items() if name not in present]
    if missing and (columns.explicit or "text" not in present):
        detail = f"column(s) not in the header: {', '.join(missing)}; header: {sorted(present)}"
        raise InputError("E106", detail, path=path, line=1)
    return {field: name for field, name in mapped.items() if name in present}


def _record(row: Mapping[str, str | None], header_map: Mapping[str, str]) -> dict[str, object]:
    record: dict[str, object] = {}
    for field, column in header_map.items():
        value = row.get(column)
        record["published_at" if field == "date" else field] = value
    return record


def iter_csv_text(
    text: str, *, path: str, columns: CsvColumns, published: datetime | None, delimiter: str
) -> Iterator[Article | InputError]:
    """Yield an ``Article`` or ``InputError`` per row (E101 no rows, E112 broken CSV)."""
    lines = io.StringIO(text, newline="\n")  # only LF ends a line (text is normalised)
    reader = csv.DictReader(lines, delimiter=delimiter, strict=True)
    line, rows = 1, 0  # the line the current row starts on
    try:
        if reader.fieldnames is None:
            yield InputError("E101", "no header row", path=path)
            return
        header_map = _header_map(reader.fieldnames or (), columns, path=path)
        line = reader.line_num + 1
        for row in reader:
            rows += 1
            try:
                yield article_from_record(
                    _record(row, header_map), path=path, line=line, published=published
                )
            except InputError as e:
                yield e
            line = reader.line_num + 1
    except csv.Error as e:
        yield InputError("E112", str(e), path=path, line=line)
        return
    except InputError as e:
        yield e
        return
    if rows == 0:
        yield InputError("E101", "no rows after the header", path=path)


def iter_csv_file(
    path: Path,
    *,
    source: str,
    columns: CsvColumns | None,
    published: datetime | None,
    max_bytes: int,
) -> Iterator[Article | InputError]:
    """Read a ``.csv`` (comma) or ``.tsv`` (tab) file; yield its articles and errors."""
    try:
        raw = load_bytes(path, source=source, max_bytes=max_bytes, compressed=False)
        text = decode_text(raw, source=source)
    except InputError as e:
        yield e
        return
    delimiter = "\t" if path.name.lower().endswith(".tsv") else ","
    yield from iter_csv_text(
        text, path=source, columns=columns or CsvColumns(), published=published, delimiter=delimiter
    )
