"""Reading polevent's own TSV data files: the one row reader every loader uses.

A data file is UTF-8 text: ``#`` comment lines and blank lines anywhere, then one header row
with the column names, then one row per entry, cells separated by tabs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from polevent.errors import DataFileError

__all__ = ["data_rows"]


def data_rows(
    lines: Iterable[str], *, path: str, columns: Sequence[str]
) -> Iterator[tuple[int, list[str]]]:
    """``(line number, cells)`` of each data row; checks the header and the column count and
    raises ``DataFileError`` E301 naming the file and line otherwise."""
    header = False
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header:
            if tuple(cells) != tuple(columns):
                detail = f"header should be {'|'.join(columns)}, got {'|'.join(cells)}"
                raise DataFileError("E301", detail, path=path, line=number)
            header = True
            continue
        if len(cells) != len(columns):
            detail = f"expected {len(columns)} tab-separated cells, got {len(cells)}"
            raise DataFileError("E301", detail, path=path, line=number)
        yield number, cells
    if not header:
        raise DataFileError("E301", "no header row", path=path)
