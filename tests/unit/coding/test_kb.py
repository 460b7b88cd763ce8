"""The actor knowledge base: TSV parsers, dated lookup, code splits, shipped data, build rules."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from polevent.coding.kb import (
    ActorEntry,
    build_actor_index,
    load_actor_index,
    load_actors,
    load_agents,
    load_countries,
    merge_curated,
    parse_actor_lines,
    parse_agent_lines,
    parse_country_lines,
    split_actor_code,
)
from polevent.errors import DataFileError

HEADER = "words\tcode\tvalid_from\tvalid_to\tfallback\tkb_id\tkind\tsource"
SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "build_actors.py"


def row(*cells: str) -> str:
    return "\t".join(cells)


def entry(
    words: str,
    code: str,
    kb_id: str,
    *,
    valid_from: date | None = None,
    valid_to: date | None = None,
    fallback: bool = False,
    kind: str = "person",
    source: str = "test",
) -> ActorEntry:
    return ActorEntry(
        words=tuple(words.split()),
        code=code,
        valid_from=valid_from,
        valid_to=valid_to,
        fallback=fallback,
        kb_id=kb_id,
        kind=kind,
        source=source,
    )


# ------------------------------------------------------------------------------ TSV parsers


def test_parse_actor_rows_dated_undated_and_fallback() -> None:
    lines = [
        "# a comment",
        HEADER,
        row("narendra modi", "INDGOV", "2014-05-26", "", "0", "k:modi", "person", "P.txt:3"),
        row("manmohan singh", "INDELI", "1950-01-01", "2000-01-01", "0", "k:ms", "person", "P:5"),
        row("manmohan singh", "INDELI", "", "", "1", "k:ms", "person", "P:5"),
        "",
        row("new delhi", "IND", "", "", "0", "capital:IND", "capital", "P:9"),
    ]
    modi, singh, singh_fallback, delhi = parse_actor_lines(lines, path="actors.tsv")
    assert modi.words == ("narendra", "modi")
    assert (modi.valid_from, modi.valid_to, modi.fallback) == (date(2014, 5, 26), None, False)
    assert singh.valid_to == date(2000, 1, 1)
    assert singh_fallback.fallback and singh_fallback.valid_from is None
    assert (delhi.code, delhi.kind, delhi.source) == ("IND", "capital", "P:9")


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (row("x y", "INDGOV", "2014-13-01", "", "0", "k", "person", "s"), "bad date"),
        (row("x y", "INDGOV", "", "", "0", "k", "president", "s"), "kind"),
        (row("x y", "INDGOV", "2014-01-01", "", "1", "k", "person", "s"), "fallback"),
        (row("x y", "INDGOV", "2015-01-01", "2014-01-01", "0", "k", "person", "s"), "after"),
        (row("Modi", "INDGOV", "", "", "0", "k", "person", "s"), "lower-case"),
        (row("x  y", "INDGOV", "", "", "0", "k", "person", "s"), "lower-case"),
        (row("x y", "IND-GOV", "", "", "0", "k", "person", "s"), "actor code"),
        (row("x y", "INDGOV", "", "", "yes", "k", "person", "s"), "fallback"),
        (row("x y", "INDGOV", "", "", "0", "k", "person"), "8 tab-separated"),
    ],
)
def test_bad_actor_row_raises_e301_with_its_line(bad: str, message: str) -> None:
    lines = ["# comment", HEADER, row("a", "IND", "", "", "0", "k", "country", "s"), bad]
    with pytest.raises(DataFileError) as caught:
        parse_actor_lines(lines, path="actors.tsv")
    assert caught.value.code == "E301"
    assert (caught.value.path, caught.value.line) == ("actors.tsv", 4)
    assert message in caught.value.detail


def test_missing_or_wrong_header_raises_e301() -> None:
    with pytest.raises(DataFileError, match="no header row"):
        parse_actor_lines(["# only comments"], path="actors.tsv")
    with pytest.raises(DataFileError) as caught:
        parse_actor_lines(["words\tcode"], path="actors.tsv")
    assert caught.value.line == 1


def test_curated_rows_need_a_note() -> None:
    lines = [HEADER + "\tnote", row("x", "AFG", "", "", "0", "k", "country", "curated", " ")]
    with pytest.raises(DataFileError, match="without a note") as caught:
        parse_actor_lines(lines, path="curated_actors.tsv", curated=True)
    assert caught.value.line == 2


def test_parse_agents_and_countries() -> None:
    agents = parse_agent_lines(
        ["words\tcode\tposition\tsource", "foreign ministers\tGOV\tafter\tA:726"], path="agents.tsv"
    )
    assert agents[0].words == ("foreign", "ministers") and agents[0].position == "after"
    with pytest.raises(DataFileError) as caught:
        parse_agent_lines(["words\tcode\tposition\tsource", "x\t~GOV\tafter\ts"], path="a")
    assert caught.value.line == 2
    countries = parse_country_lines(
        ["code\tiso3\tname\tcow", "TMP\tTLS\tTimor-Leste\t860", "KSV\t\tKosovo\t"], path="c"
    )
    assert countries["TMP"].iso3 == "TLS" and countries["KSV"].iso3 is None
    assert countries["KSV"].cow is None
    with pytest.raises(DataFileError, match="duplicate") as dup:
        parse_country_lines(["code\tiso3\tname\tcow", *["IND\tIND\tIndia\t750"] * 2], path="c")
    assert dup.value.line == 3


# ------------------------------------------------------------------------------ index and lookup


def test_longest_match_wins() -> None:
    index = build_actor_index(
        [entry("new", "XXX", "k:new"), entry("new delhi", "IND", "capital:IND", kind="capital")]
    )
    assert [e.code for e in index.lookup(["new", "delhi", "said"], on=date(2020, 1, 1))] == ["IND"]
    assert [e.code for e in index.lookup(["New", "York"], on=None)] == ["XXX"]
    assert index.lookup(["old", "delhi"], on=None) == []
    assert index.lookup([], on=None) == []


def test_dated_rows_win_over_fallback_and_none_prefers_current() -> None:
    rows = [
        entry("a b", "AFGELI", "k:ab", valid_from=date(1960, 1, 1), valid_to=date(2002, 3, 18)),
        entry("a b", "AFGGOV", "k:ab", valid_from=date(2010, 1, 1)),
        entry("a b", "MLIELI", "k:ab", fallback=True),
    ]
    index = build_actor_index(rows)

    def code(on: date | None) -> list[str]:
        return [e.code for e in index.lookup(["a", "b"], on=on)]

    assert code(date(2002, 3, 18)) == ["AFGELI"]  # inclusive end
    assert code(date(2005, 1, 1)) == ["MLIELI"]  # no dated row: fallback
    assert code(date(2010, 1, 1)) == ["AFGGOV"]  # inclusive start
    assert code(None) == ["AFGGOV"]  # open-ended row = current


def test_name_without_a_valid_row_gives_way_to_a_shorter_name() -> None:
    index = build_actor_index(
        [
            entry("amin", "XXXGOV", "k:amin"),
            entry("hafizullah amin", "AFGGOV", "k:ha", valid_to=date(1979, 12, 27)),
        ]
    )
    assert [e.kb_id for e in index.lookup(["hafizullah", "amin"], on=date(1979, 1, 1))] == ["k:ha"]
    assert index.lookup(["hafizullah", "amin"], on=date(2025, 1, 1)) == []
    assert [e.kb_id for e in index.lookup(["amin"], on=date(2025, 1, 1))] == ["k:amin"]


def test_one_row_per_kb_id_first_covering_row_wins() -> None:
    rows = [
        entry("x", "AAAELI", "k:1", valid_from=date(1935, 1, 1), valid_to=date(1978, 4, 30)),
        entry("x", "AAAGOV", "k:1", valid_from=date(1978, 4, 30), valid_to=date(1979, 9, 16)),
        entry("x", "BBB", "k:2", kind="country"),
    ]
    found = build_actor_index(rows).lookup(["x"], on=date(1978, 4, 30))
    assert [(e.kb_id, e.code) for e in found] == [("k:1", "AAAELI"), ("k:2", "BBB")]


def test_merge_curated_overrides_by_kb_id_and_by_words() -> None:
    base = [
        entry(
            "barack obama", "USAGOV", "phoenix:obama", valid_from=date(2009, 1, 20), source="P:1"
        ),
        entry("mr. obama", "USAGOV", "phoenix:obama", valid_from=date(2009, 1, 20), source="P:2"),
        entry("taliban", "AFGREB", "phoenix:taliban-2", kind="group"),
        entry("india", "IND", "country:IND", kind="country"),
    ]
    curated = [
        entry("barack obama", "USAGOV", "phoenix:obama", valid_from=date(2009, 1, 20),
              valid_to=date(2017, 1, 20), source="curated"),
        entry("barack obama", "USAELI", "phoenix:obama", fallback=True, source="curated"),
        entry("taliban", "AFGGOV", "k:taliban", valid_from=date(2021, 8, 15), kind="group"),
    ]  # fmt: skip
    merged = merge_curated(base, curated)
    index = build_actor_index(merged)
    mr = index.lookup(["mr.", "obama"], on=date(2020, 1, 1))
    assert [(e.code, e.source) for e in mr] == [("USAELI", "curated (name from P:2)")]
    assert {e.code for e in merged if e.words == ("taliban",)} == {"AFGGOV"}
    assert [e.code for e in index.lookup(["india"], on=None)] == ["IND"]
    assert len(merged) == 1 + 3 + 2


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("INDGOV", ("IND", "GOV")),
        ("AFGREB", ("AFG", "REB")),
        ("IND", ("IND", None)),
        ("PAKMIL", ("PAK", "MIL")),
        ("USAGOVMIL", ("USA", "GOV")),
        ("IGOUNO", ("UNO", "IGO")),
        ("IGOUNOKID", ("UNO", "IGO")),
        ("IGOWSTNAT", ("NAT", "IGO")),
        ("IGOEUREEC", ("EEC", "IGO")),
        ("MNCNLD", ("NLD", "MNC")),
        ("NGOCHRCTH603", (None, "NGO")),
        ("IMGMUSALQ", (None, "IMG")),
        ("USRARM", ("USR", None)),
        ("ELI", (None, "ELI")),
        ("---", (None, None)),
        ("", (None, None)),
    ],
)
def test_split_actor_code(code: str, expected: tuple[str | None, str | None]) -> None:
    assert split_actor_code(code) == expected


# ------------------------------------------------------------------------------ shipped data


@pytest.mark.parametrize(
    ("words", "on", "code"),
    [
        ("muttaqi", date(2019, 6, 1), "AFGREB"),
        ("amir khan muttaqi", date(2025, 5, 16), "AFGGOV"),
        ("taliban", date(2020, 2, 29), "AFGREB"),
        ("taliban", date(2025, 5, 16), "AFGGOV"),
        ("taliban regime", date(2025, 5, 16), "AFGGOV"),
        ("taliban administration", date(2021, 8, 14), "AFGREB"),
        ("s jaishankar", date(2025, 5, 16), "INDGOV"),
        ("jaishankar", date(2019, 5, 30), "INDGOV"),
        ("hafiz zia ahmad", date(2025, 5, 16), "AFGGOV"),
        ("narendra modi", date(2014, 5, 26), "INDGOV"),
        ("shehbaz sharif", date(2023, 1, 1), "PAKGOV"),
        ("shehbaz sharif", date(2023, 12, 1), "PAKELI"),
        ("shehbaz sharif", date(2024, 3, 4), "PAKGOV"),
        ("new delhi", date(2025, 5, 16), "IND"),
        ("kabul", None, "AFG"),
    ],
)
def test_shipped_actors_on_a_date(words: str, on: date | None, code: str) -> None:
    found = load_actor_index().lookup(words.split(), on=on)
    assert [e.code for e in found] == [code]


def test_shipped_capitals_and_demonyms() -> None:
    index = load_actor_index()
    delhi = index.lookup(["new", "delhi"], on=None)
    assert [(e.words, e.kind) for e in delhi] == [(("new", "delhi"), "capital")]
    demonyms = {(e.words, e.code) for e in load_actors() if e.kind == "demonym"}
    for words, code in [("indian", "IND"), ("afghan", "AFG"), ("pakistani", "PAK"),
                        ("american", "USA"), ("afghans", "AFG"), ("chinese", "CHN")]:  # fmt: skip
        assert ((words,), code) in demonyms
    capitals = {e.code for e in load_actors() if e.kind == "capital"}
    assert {"IND", "AFG", "PAK", "USA", "GBR", "RUS", "CHN", "UKR"} <= capitals


def test_shipped_kinds_sources_and_tables() -> None:
    actors = load_actors()
    kinds = Counter(e.kind for e in actors)
    assert set(kinds) == {
        "country",
        "demonym",
        "capital",
        "place",
        "person",
        "organisation",
        "group",
    }
    assert all(":" in e.source for e in actors)
    modi = [e for e in actors if e.words == ("narendra", "modi")]
    assert modi and all(e.source.startswith("curated_actors.tsv:") for e in modi)
    countries = load_countries()
    assert (countries["IND"].iso3, countries["IND"].name, countries["IND"].cow) == (
        "IND",
        "India",
        "750",
    )
    agents = {(a.words, a.code) for a in load_agents()}
    for words, code in [(("ministers",), "GOV"), (("militants",), "UAF"), (("police",), "COP")]:
        assert (words, code) in agents


# ------------------------------------------------------------------------------ build script rules


@pytest.fixture(scope="module")
def build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_actors", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_actors"] = module  # dataclasses look their module up while it runs
    sys.path.insert(0, str(SCRIPT.parent))  # for its "from actor_tables import ..."
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules["build_actors"]
        sys.path.remove(str(SCRIPT.parent))
        sys.modules.pop("actor_tables", None)
    return module


def test_petrarch_dates_and_century_rule(build: ModuleType) -> None:
    assert build.petrarch_date("600101") == date(1960, 1, 1)
    assert build.petrarch_date("020318") == date(2002, 3, 18)
    assert build.petrarch_date("300101") == date(2030, 1, 1)  # YY <= 30 -> 20YY
    assert build.petrarch_date("310101") == date(1931, 1, 1)
    assert build.petrarch_date("20140526") == date(2014, 5, 26)
    assert build.petrarch_date("1920030320") == date(2003, 3, 20)  # known source typo


def test_phoenix_code_restrictions(build: ModuleType) -> None:
    code = build.parse_code
    assert code("INDGOV >20140526") == build.Code("INDGOV", date(2014, 5, 26), None, False)
    assert code("IGOUNO  <061231") == build.Code("IGOUNO", None, date(2006, 12, 31), False)
    assert code("INDELI 600101-020318") == build.Code(
        "INDELI", date(1960, 1, 1), date(2002, 3, 18), False
    )
    assert code("MLIELI") == build.Code("MLIELI", None, None, True)
    with pytest.raises(ValueError):
        code("INDGOV 050101-040101")


def test_phoenix_blocks(build: ModuleType) -> None:
    text = [
        "# comment",
        "NARENDRA_MODI",
        "\t[INDGOV >20140526] # note",
        "KOFI_ANNAN_\t",
        "+K._ANNAN_ +KOFI_ATTA_ANNAN_",
        "\t[IGOUNO 970101-061231]",
        "\t[ELI]# IGOrulers.txt",
        "U.N._",
        "UN_SECRETARY_GENERAL",
        "\t[IGOUNO]",
    ]
    blocks = build.read_blocks(text, "International", Counter())
    assert [[n for n, _ in b.names] for b in blocks] == [
        ["NARENDRA_MODI"],
        ["KOFI_ANNAN_", "K._ANNAN_", "KOFI_ATTA_ANNAN_"],
        ["U.N._", "UN_SECRETARY_GENERAL"],  # an entry without code joins the next (PETRARCH)
    ]
    assert [c.undated for c in blocks[1].codes] == [False, True]
    assert blocks[1].names[1][1] == 5  # line numbers kept for the source column


def test_agent_plurals() -> None:
    from polevent.evaluate.toy_dictionaries import agent_forms
    from polevent.evaluate.toy_dictionaries import agent_plural as plural

    assert plural("MINISTER") == "MINISTERS"
    assert plural("SPOKESMAN") == "SPOKESMEN"
    assert plural("MILITARY_ATTORNEY") == "MILITARY_ATTORNEYS"
    assert plural("MILITARY_DEPUTY") == "MILITARY_DEPUTIES"
    assert plural("HEAD_OF_STATE") == "HEADS_OF_STATE"
    assert agent_forms("POLICE {}", {}) == ["POLICE"]
    assert agent_forms("HOME_!MINIST!", {"MINIST": ["MINISTER", "MINISTRY"]}) == [
        "HOME_MINISTER",
        "HOME_MINISTRY",
    ]
