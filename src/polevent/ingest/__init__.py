"""Read source files into ``Article`` records: plain text (with or without a ``Published :`` line),
JSON Lines (optionally gzip-compressed) and directories of them.

Bad files and records come out as ``InputError`` values beside the articles, never as raised
exceptions, so one bad line does not stop a run unless the caller wants it to.
"""

from __future__ import annotations

from polevent.ingest.dates import parse_published
from polevent.ingest.paths import iter_articles

__all__ = ["iter_articles", "parse_published"]
