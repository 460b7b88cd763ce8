"""Officeholder files: parsing, checks, dated actor rows, and the packaged data's own quality."""

from __future__ import annotations

from datetime import date

import pytest

from polevent.coding.kb import build_actor_index
from polevent.coding.officeholders import (
    check_offices,
    load_offices,
    office_entries,
    parse_office_lines,
)
from polevent.errors import DataFileError

HEADER = "country\trole\tname\taliases\tvalid_from\tvalid_to\tnote"
ROWS = [
    "# test file",
    HEADER,
    "AFG\tFM\tAmir Khan Muttaqi\tMuttaqi\t2021-09-07\t\tacting foreign minister; Wikipedia: 'X'",
    "TUR\tHOS\tRecep Tayyip Erdoğan\tErdoğan\t2014-08-28\t\tPresident; Wikipedia: 'Y'",
    "TUR\tHOG\tRecep Tayyip Erdoğan\t\t2003-03-14\t2014-08-28\tPrime Minister; Wikipedia: 'Y'",
]


def _split(name: str) -> tuple[str, ...]:
    return tuple(name.lower().split())


def test_rows_parse_with_their_file_and_line() -> None:
    offices = parse_office_lines(ROWS, path="/x/officeholders/test.tsv")
    first = offices[0]
    assert (first.country, first.role, first.name) == ("AFG", "FM", "Amir Khan Muttaqi")
    assert offices[0].valid_to is None and offices[0].aliases == ("Muttaqi",)
    assert offices[0].source == "officeholders/test.tsv:3"
    assert offices[0].title == "AFG foreign minister"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("AFG\tKING\tX\t\t2020-01-01\t\tnote", "role must be one of"),
        ("AFG\tFM\tX\t\t2020-01-01\t2019-01-01\tnote", "is after valid_to"),
        ("Afghanistan\tFM\tX\t\t2020-01-01\t\tnote", "ISO-3"),
        ("AFG\tFM\tX\t\t2020-1-1\t\tnote", "want YYYY-MM-DD"),
        ("AFG\tFM\tX\t\t\t\tnote", "valid_from is required"),
    ],
)
def test_bad_rows_raise_e301_with_the_line(row: str, message: str) -> None:
    with pytest.raises(DataFileError) as info:
        parse_office_lines([HEADER, row], path="t.tsv")
    assert info.value.code == "E301" and info.value.line == 2
    assert message in str(info.value)


def test_overlapping_terms_of_one_office_are_reported() -> None:
    rows = [
        HEADER,
        "IND\tFM\tA\t\t2019-05-30\t\tnote",
        "IND\tFM\tB\t\t2020-01-01\t2021-01-01\tnote",
        "IND\tHOG\tC\t\t2014-05-26\t\tnote",
    ]
    [problem] = check_offices(parse_office_lines(rows, path="t.tsv"))
    assert "A and" in problem and "overlap as IND foreign minister" in problem


def test_a_person_is_government_in_office_and_elite_outside_it() -> None:
    offices = parse_office_lines(ROWS, path="t.tsv")
    entries = office_entries(offices, tokenize=_split, countries={"AFG": "AFG", "TUR": "TUR"})
    index = build_actor_index(entries)
    in_2020 = index.lookup(_split("Recep Tayyip Erdogan"), on=date(2020, 1, 1))
    assert [(e.code, e.valid_from) for e in in_2020] == [("TURGOV", date(2014, 8, 28))]
    assert "officeholders" not in in_2020[0].source and "head of state" in in_2020[0].source
    [before] = index.lookup(_split("Amir Khan Muttaqi"), on=date(2019, 8, 1))
    [after] = index.lookup(_split("Muttaqi"), on=date(2025, 5, 16))
    assert (before.code, before.fallback) == ("AFGELI", True)
    assert (after.code, after.kb_id) == ("AFGGOV", "office:amir_khan_muttaqi")


def test_the_packaged_files_parse_and_have_no_overlapping_terms() -> None:
    offices = load_offices()
    assert len({o.country for o in offices}) >= 40
    assert check_offices(offices) == []
