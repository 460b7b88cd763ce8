"""The event ontology tables: CAMEO codes with PLOVER, the verb dictionary and its patterns."""

from __future__ import annotations

import pytest

from polevent.coding.ontology import (
    EXTRA_PLOVER_TYPES,
    NULL_CODE,
    OLD_PLOVER_MODES,
    OLD_PLOVER_NAMES,
    PLOVER_TYPES,
    PatternWord,
    load_blocking_patterns,
    load_cameo,
    load_synsets,
    load_verb_patterns,
    load_verbs,
    parse_cameo,
    parse_extra,
    parse_synsets,
    parse_verb_patterns,
    parse_verbs,
)
from polevent.errors import DataFileError

CAMEO_HEADER = (
    "code\tlabel\troot\tquad_class\tgoldstein\tgoldstein_note\t"
    "plover_type\tplover_mode\tplover_context\tplover_note"
)
PATTERN_HEADER = "lemma\tparticle\tcode\tdirection\tbefore\tafter\tblock\tsource"


# ----------------------------------------------------------------------------- CAMEO table


def test_cameo_covers_all_roots_and_levels() -> None:
    cameo = load_cameo()
    roots = [f"{n:02d}" for n in range(1, 21)]
    assert sorted(code for code in cameo if len(code) == 2) == roots
    assert {entry.root for entry in cameo.values()} == set(roots)
    # CAMEO_codefile.txt (0.7b5): 147 three-digit and 148 four-digit codes.
    assert sum(len(code) == 3 for code in cameo) == 147
    assert sum(len(code) == 4 for code in cameo) == 148


def test_every_code_has_quad_class_goldstein_and_plover_type() -> None:
    quads = {"01": 1, "05": 1, "06": 2, "08": 2, "09": 3, "13": 3, "14": 4, "20": 4}
    for code, entry in load_cameo().items():
        assert entry.code == code and entry.root == code[:2] and entry.label
        assert entry.quad_class in (1, 2, 3, 4)
        assert quads.get(entry.root, entry.quad_class) == entry.quad_class
        assert -10.0 <= entry.goldstein <= 10.0
        assert entry.plover_type in PLOVER_TYPES + EXTRA_PLOVER_TYPES
        assert entry.plover_mode != ""


Expected = tuple[str, str | None, tuple[str, ...], int, float]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("041", ("CONSULT", "phone", (), 1, 1.0)),
        ("111", ("ACCUSE", "disapprove", (), 3, -2.0)),
        ("0233", ("REQUEST", "assist", ("humanitarian",), 1, 3.4)),
        ("190", ("ASSAULT", None, ("military",), 4, -10.0)),
        ("016", ("REJECT", None, (), 1, -2.0)),
        ("019", ("AGREE", None, (), 1, 3.4)),
        ("010", ("STATEMENT", None, (), 1, 0.0)),
        ("036", ("AGREE", None, ("diplomatic",), 1, 4.0)),
        ("042", ("CONSULT", "visit", (), 1, 1.9)),
        ("173", ("COERCE", "arrest", ("legal",), 4, -5.0)),
        ("0874", ("RETREAT", "disarm", ("military",), 2, 10.0)),
        ("1121", ("ACCUSE", "allege", ("crime", "corruption"), 3, -2.0)),
    ],
)
def test_spot_checks(code: str, expected: Expected) -> None:
    entry = load_cameo()[code]
    found = (entry.plover_type, entry.plover_mode, entry.plover_context)
    assert (*found, entry.quad_class, entry.goldstein) == expected


def test_polevent_rules_are_explained_in_notes() -> None:
    cameo = load_cameo()
    assert "polevent extension" in cameo["013"].plover_note
    assert "1033" in cameo["0233"].plover_note  # the demand twin it copies
    assert cameo["1213"].goldstein == -4.0 and "121" in cameo["1213"].goldstein_note
    assert cameo["1951"].plover_type == "ASSAULT" and "195" in cameo["1951"].plover_note
    assert cameo["041"].plover_note == "" and cameo["041"].goldstein_note == ""
    assert cameo["175"].plover_mode is None and "pro_autocracy" in cameo["175"].plover_context


def test_plover_constants_are_immutable() -> None:
    assert len(PLOVER_TYPES) == 16 and len(set(PLOVER_TYPES)) == 16
    assert "STATEMENT" not in PLOVER_TYPES
    assert OLD_PLOVER_NAMES["DEMAND"] == "REQUEST" and OLD_PLOVER_NAMES["FIGHT"] == "ASSAULT"
    assert OLD_PLOVER_NAMES["INVESTIGATE"] == "ACCUSE" == OLD_PLOVER_NAMES["DISAPPROVE"]
    assert OLD_PLOVER_MODES["INVESTIGATE"] == "investigate"
    with pytest.raises(TypeError):
        OLD_PLOVER_NAMES["WAR"] = "ASSAULT"  # type: ignore[index]
    with pytest.raises(TypeError):
        load_cameo()["999"] = load_cameo()["010"]  # type: ignore[index]


def test_loaders_are_cached() -> None:
    assert load_cameo() is load_cameo()
    assert load_verbs() is load_verbs()
    assert load_verb_patterns() is load_verb_patterns()


# ----------------------------------------------------------------------------- verbs


def test_verb_lookups() -> None:
    verbs = load_verbs()
    assert [(e.code, e.particle) for e in verbs["condemn"]] == [("111", None)]
    assert verbs["condemn"][0].source.startswith("CAMEO.2.0.txt:")
    assert all(entry.code.startswith("02") for entry in verbs["request"])
    ask = {(e.particle, e.code) for e in verbs["ask"]}
    assert ("for", "020") in ask and (None, "020") in ask


def test_particle_entries_come_first_and_polevent_rows_are_marked() -> None:
    call = load_verbs()["call"]
    assert (call[0].particle, call[0].code) == ("for", "020")
    assert call[0].source.startswith("polevent:verbs_extra.tsv:")
    assert call[0].block == "polevent"
    assert call[-1].particle is None and call[-1].code == "041" and call[-1].direction == "both"


def test_every_verb_and_pattern_code_is_a_cameo_code() -> None:
    cameo = load_cameo()
    verbs = [entry for group in load_verbs().values() for entry in group]
    patterns = [p for group in load_verb_patterns().values() for p in group]
    assert len(verbs) > 1000 and len(patterns) > 5000
    assert all(entry.code in cameo for entry in verbs)
    assert all(pattern.code in cameo for pattern in patterns)
    assert {entry.direction for entry in verbs} == {"forward", "reverse", "both"}


def test_pattern_with_synset_is_expanded() -> None:
    peacekeeping = [
        p for p in load_verb_patterns()["ask"] if p.code == "0234" and len(p.after) == 1
    ]
    words = {w for p in peacekeeping for w in p.after[0].alternatives}
    assert {"peacekeeper", "peacekeepers", "blue helmets"} <= words
    assert load_synsets()["&PKO"] <= words


def test_polevent_phone_pattern_and_blocking_patterns() -> None:
    hold = [p for p in load_verb_patterns()["hold"] if p.source.startswith("polevent:")]
    assert hold[0].code == "041" and hold[0].direction == "both"
    assert "phone" in hold[0].after[0].alternatives
    assert "call" in hold[0].after[1].alternatives
    blocking = load_blocking_patterns()["appeal"]
    assert blocking[0].code == NULL_CODE
    assert blocking[0].after == (PatternWord(alternatives=frozenset({"court"})),)


# ----------------------------------------------------------------------------- parsers


def test_parse_cameo_small_table() -> None:
    text = f"""# a comment
{CAMEO_HEADER}
04\tConsult\t04\t1\t1.0\t\tCONSULT\t\t\t
041\tDiscuss by telephone\t04\t1\t1.0\t\tCONSULT\tphone\t\t
1121\tAccuse of crime\t11\t3\t-2.0\t\tACCUSE\tallege\tcrime;corruption\t
"""
    codes = parse_cameo(text.splitlines(), path="mini.tsv")
    assert list(codes) == ["04", "041", "1121"]
    assert codes["041"].plover_mode == "phone" and codes["04"].plover_mode is None
    assert codes["1121"].plover_context == ("crime", "corruption")


@pytest.mark.parametrize(
    ("row", "line", "detail"),
    [
        ("041\tPhone\t04\t1\tabc\t\tCONSULT\tphone\t\t", 3, "not a number"),
        ("041\tPhone\t04\t1\t11.0\t\tCONSULT\tphone\t\t", 3, "outside"),
        ("041\tPhone\t04\t3\t1.0\t\tCONSULT\tphone\t\t", 3, "quad class"),
        ("041\tPhone\t04\t1\t1.0\t\tCHAT\tphone\t\t", 3, "PLOVER type"),
        ("041\tPhone\t04\t1\t1.0", 3, "cells"),
    ],
)
def test_malformed_cameo_row_raises_e301_with_line(row: str, line: int, detail: str) -> None:
    text = f"# comment\n{CAMEO_HEADER}\n{row}\n"
    with pytest.raises(DataFileError) as caught:
        parse_cameo(text.splitlines(), path="cameo.tsv")
    assert caught.value.code == "E301"
    assert (caught.value.path, caught.value.line) == ("cameo.tsv", line)
    assert detail in caught.value.detail
    assert "cameo.tsv:3: E301" in str(caught.value)


def test_wrong_header_raises_e301() -> None:
    with pytest.raises(DataFileError) as caught:
        parse_verbs(["#", "lemma\tcode"], path="verbs.tsv")
    assert (caught.value.code, caught.value.line) == ("E301", 2)


def test_unknown_code_in_verbs_raises_e301() -> None:
    lines = ["lemma\tparticle\tcode\tdirection\tblock\tsource", "hug\t\t999\tforward\tX\tf:1"]
    assert parse_verbs(lines)[0].code == "999"  # no code list given: only the shape is checked
    with pytest.raises(DataFileError) as caught:
        parse_verbs(lines, known={"010": None})
    assert caught.value.line == 2 and "999" in caught.value.detail


def test_parse_patterns_expands_synsets_and_alternatives() -> None:
    synsets = parse_synsets(
        [
            "synset\tform\tkind\tsource",
            "&FOOD\tfood\tmember\tx:1",
            "&FOOD\tfoods\tplural\tx:1",
            "&FOOD\trice\tmember\tx:2",
        ]
    )
    lines = [PATTERN_HEADER, "send\t\t073\tforward\t&MILITARY_\tby|with &FOOD aid*\tSEND\tx:9"]
    with pytest.raises(DataFileError) as caught:  # &MILITARY_ is not defined
        parse_verb_patterns(lines, synsets=synsets)
    assert (caught.value.line, caught.value.path) == (2, "verb_patterns.tsv")
    lines[1] = "send\t\t073\tforward\t\tby|with &FOOD aid*\tSEND\tx:9"
    (pattern,) = parse_verb_patterns(lines, synsets=synsets)
    assert pattern.before == ()
    assert pattern.after == (
        PatternWord(alternatives=frozenset({"by", "with"})),
        PatternWord(alternatives=frozenset({"food", "foods", "rice"})),
        PatternWord(alternatives=frozenset({"aid"}), prefix=True),
    )
    # an alternative of several words joins them with "_"; spaces separate pattern words
    lines[1] = (
        "declare		1724	forward		a state_of_siege|martial_law	DECREE	x:10"
    )
    (pattern,) = parse_verb_patterns(lines, synsets=synsets)
    assert pattern.after == (
        PatternWord(alternatives=frozenset({"a"})),
        PatternWord(alternatives=frozenset({"state of siege", "martial law"})),
    )


def test_parse_extra_rows() -> None:
    header = "kind\tlemma\tparticle\tcode\tdirection\tbefore\tafter\tcomment"
    lines = [
        header,
        "verb\turge\t\t020\tforward\t\t\tCAMEO 020 Make an appeal or request",
        "pattern\tspeak\t\t041\tboth\t\tby phone\tCAMEO 041 Discuss by telephone",
    ]
    verbs, patterns = parse_extra(lines, synsets={}, known={"020": None, "041": None})
    assert verbs[0].source == "polevent:verbs_extra.tsv:2" and verbs[0].code == "020"
    assert patterns[0].direction == "both" and len(patterns[0].after) == 2
    lines.append("verb\tnod\t\t020\tsideways\t\t\tCAMEO 020")
    with pytest.raises(DataFileError) as caught:
        parse_extra(lines, synsets={})
    assert caught.value.line == 4 and "direction" in caught.value.detail
