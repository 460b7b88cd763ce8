"""Read sources into ``Article`` records: plain text (with or without a ``Published :`` line),
JSON Lines (optionally gzip-compressed), HTML pages, RSS/Atom feeds (files or URLs), WARC crawl
files, CSV/TSV with a column mapping, stdin, and directories of them.

Bad files and records come out as ``InputError`` values beside the articles, never as raised
exceptions, so one bad line does not stop a run unless the caller wants it to. Inputs read but not
to be coded (another language, a crawled page without article text) come out as ``Skipped``.
"""

from __future__ import annotations

from polevent.ingest.csvfile import CsvColumns, parse_csv_columns
from polevent.ingest.dates import parse_published
from polevent.ingest.fetch import Fetched, Fetcher, UrlFetcher
from polevent.ingest.language import LanguageGuess, detect_language
from polevent.ingest.paths import ReadOptions, iter_articles
from polevent.ingest.source import ArticlesSource, Item, Skipped, Source

__all__ = [
    "ArticlesSource",
    "CsvColumns",
    "Fetched",
    "Fetcher",
    "Item",
    "LanguageGuess",
    "ReadOptions",
    "Skipped",
    "Source",
    "UrlFetcher",
    "detect_language",
    "iter_articles",
    "parse_csv_columns",
    "parse_published",
]
