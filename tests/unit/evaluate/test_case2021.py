"""The case2021 scorer: the CAMEO -> CASE type table, the prediction rule, and a full run on a
hand-written fixture in the CASE 2021 task 2 format (tests/fixtures/eval/case2021/)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from polevent.coding.ontology import load_cameo
from polevent.errors import DataFileError, InputError
from polevent.evaluate.case2021 import (
    NONE,
    SCORER,
    AcledMap,
    Prediction,
    Snippet,
    acled_type_of,
    load_acled_map,
    parse_acled_map,
    read_gold,
    score,
    select_prediction,
)
from polevent.pipeline import Coder
from polevent.records import ActorRef, EventDate, EventRecord, Evidence

FIXTURE = Path(__file__).parents[2] / "fixtures" / "eval" / "case2021" / "snippets.tsv"
HEADER = "cameo_code\tacled_type\tsource_actor\treason"
CASE_TYPES = (
    "ABDUCT_DISSAP",
    "AGREEMENT",
    "AIR_STRIKE",
    "ARMED_CLASH",
    "ARREST",
    "ART_MISS_ATTACK",
    "ATTACK",
    "CHANGE_TO_GROUP_ACT",
    "CHEM_WEAP",
    "DISR_WEAP",
    "FORCE_AGAINST_PROTEST",
    "GOV_REGAINS_TERIT",
    "GRENADE",
    "HQ_ESTABLISHED",
    "MOB_VIOL",
    "NON_STATE_ACTOR_OVERTAKES_TER",
    "NON_VIOL_TERRIT_TRANSFER",
    "OTHER",
    "PEACE_PROTEST",
    "PROPERTY_DISTRUCT",
    "PROTEST_WITH_INTER",
    "REM_EXPLOS",
    "SEX_VIOL",
    "SUIC_BOMB",
    "VIOL_DEMONSTR",
    "ORG_CRIME",
    "NATURAL_DISASTER",
    "MAN_MADE_DISASTER",
    "DIPLO",
    "ATTRIB",
)


def actor(code: str, sector: str | None) -> ActorRef:
    return ActorRef(
        text=code,
        code=code,
        country=code[:3],
        sector=sector,
        name=None,
        kb_id=None,
        reason="test",
        start=0,
        end=len(code),
    )


def event(
    code: str,
    *,
    modality: str = "asserted",
    sentence: int = 0,
    sector: str | None = "GOV",
    trigger: str = "verb",
) -> EventRecord:
    """An event coded ``code``, with the real quad class and Goldstein score of that code."""
    cameo = load_cameo()[code]
    return EventRecord(
        event_id=f"{code}-{sentence}-{trigger}",
        article_id="a1",
        sentence_index=sentence,
        evidence=Evidence(text="A sentence.", start=0, end=11),
        source=(actor("XYZ" + (sector or ""), sector),),
        target=(),
        cameo_code=code,
        cameo_root=cameo.root,
        cameo_label=cameo.label,
        quad_class=cameo.quad_class,
        goldstein=cameo.goldstein,
        plover_type=cameo.plover_type,
        plover_mode=cameo.plover_mode,
        plover_context=cameo.plover_context,
        plover_intensity=None,
        modality=modality,
        trigger=trigger,
        code_reason="test",
        published_at=None,
        date=EventDate(start=date(2020, 1, 1), end=None, granularity="day", text="", reason=""),
        place=None,
    )


@pytest.fixture(scope="module")
def table() -> AcledMap:
    return load_acled_map()


# ----------------------------------------------------------------------------- the table


def test_packaged_table_covers_every_case_type(table: AcledMap) -> None:
    assert table.mapped_types | set(table.unmappable) == set(CASE_TYPES)
    assert not table.mapped_types & set(table.unmappable)
    assert len(table.mapped_types) == 20
    assert set(table.unmappable) == {
        "MOB_VIOL",
        "PROTEST_WITH_INTER",
        "GRENADE",
        "DISR_WEAP",
        "CHANGE_TO_GROUP_ACT",
        "HQ_ESTABLISHED",
        "OTHER",
        "ORG_CRIME",
        "NATURAL_DISASTER",
        "MAN_MADE_DISASTER",
    }


def test_packaged_table_rows_say_why(table: AcledMap) -> None:
    suicide = table.by_code["1831"]
    assert [(r.acled_type, r.source_actor) for r in suicide] == [("SUIC_BOMB", "any")]
    assert "suicide" in suicide[0].reason
    occupy = {(r.source_actor, r.acled_type) for r in table.by_code["192"]}
    assert occupy == {
        ("state", "GOV_REGAINS_TERIT"),
        ("nonstate", "NON_STATE_ACTOR_OVERTAKES_TER"),
    }
    assert "no CAMEO" in table.unmappable["HQ_ESTABLISHED"]


def test_parse_reads_mapped_blocked_and_unmappable_rows() -> None:
    lines = [
        "# comment",
        HEADER,
        "",
        "141\tPEACE_PROTEST\tany\tdemonstrate",
        "1411\t-\tany\tblocked for the test",
        "-\tGRENADE\tany\tno code",
    ]
    parsed = parse_acled_map(lines, known=load_cameo())
    assert parsed.mapped_types == frozenset({"PEACE_PROTEST"})
    assert parsed.by_code["141"][0].line == 4
    assert parsed.by_code["1411"][0].acled_type == "-"
    assert dict(parsed.unmappable) == {"GRENADE": "no code"}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("141\tPEACE_PROTEST\tany", "expected 4 tab-separated cells, got 3"),
        ("999\tPEACE_PROTEST\tany\twhy", "unknown CAMEO code '999'"),
        ("14a\tPEACE_PROTEST\tany\twhy", "bad CAMEO code '14a'"),
        ("141\tPEACE_PROTEST\tsome\twhy", "source_actor must be one of"),
        ("141\tPEACE_PROTEST\tany\t", "every row needs a reason"),
        ("-\t-\tany\twhy", "a row needs a CASE type or a CAMEO code"),
        ("140\tPEACE_PROTEST\tany\tagain", "duplicate row ('140', 'any')"),
    ],
)
def test_parse_rejects_bad_rows_with_line_number(row: str, message: str) -> None:
    lines = ["# a comment", HEADER, "140\tPEACE_PROTEST\tany\tdissent", row]
    with pytest.raises(DataFileError) as caught:
        parse_acled_map(lines, path="map.tsv", known=load_cameo())
    assert caught.value.code == "E301"
    assert caught.value.line == 4
    assert message in str(caught.value)
    assert str(caught.value).startswith("map.tsv:4: E301")


def test_parse_rejects_bad_header_and_missing_header() -> None:
    with pytest.raises(DataFileError) as caught:
        parse_acled_map(["# x", "code\ttype\tactor\treason"], path="map.tsv")
    assert (caught.value.code, caught.value.line) == ("E301", 2)
    with pytest.raises(DataFileError, match="no header row"):
        parse_acled_map(["# only a comment"], path="map.tsv")


def test_parse_rejects_a_type_both_mapped_and_unmappable() -> None:
    lines = [HEADER, "141\tPEACE_PROTEST\tany\twhy", "-\tPEACE_PROTEST\tany\twhy not"]
    with pytest.raises(DataFileError, match="mapped and not mappable: PEACE_PROTEST"):
        parse_acled_map(lines)


# ----------------------------------------------------------------------------- mapping events


@pytest.mark.parametrize(
    ("code", "sector", "expected"),
    [
        ("1411", "OPP", "PEACE_PROTEST"),  # falls back to 141
        ("145", "OPP", "VIOL_DEMONSTR"),
        ("1711", "GOV", None),  # explicitly blocked, no fall-back to 171
        ("1712", "GOV", "PROPERTY_DISTRUCT"),
        ("172", "GOV", None),  # no row for 172 or root 17
        ("19", "MIL", "ARMED_CLASH"),  # a root code
        ("191", "MIL", None),  # blockade: blocked, not ARMED_CLASH via root 19
        ("1952", "MIL", "AIR_STRIKE"),  # falls back to 195
        ("192", "MIL", "GOV_REGAINS_TERIT"),
        ("192", "REB", "NON_STATE_ACTOR_OVERTAKES_TER"),
        ("192", None, None),  # occupation by an actor of unknown kind
        ("057", "GOV", "AGREEMENT"),
        ("051", "GOV", None),  # root 05 has no row; only 050/054/057 map
        ("041", "GOV", "DIPLO"),
        ("1124", "GOV", "ATTRIB"),
        ("2042", "MIL", None),
    ],
)
def test_acled_type_of(
    code: str, sector: str | None, expected: str | None, table: AcledMap
) -> None:
    assert acled_type_of(event(code, sector=sector), table) == expected


def test_prediction_prefers_material_conflict_then_violence_then_order(table: AcledMap) -> None:
    # 040 (quad 1) loses to 141 (quad 4, -6.5), which loses to 190 (quad 4, -10.0)
    events = [event("040"), event("141", sentence=1), event("190", sentence=2, sector="MIL")]
    chosen = select_prediction(events, table)
    assert chosen.acled_type == "ARMED_CLASH"
    assert chosen.event is events[2]
    # equal quad class and Goldstein (-10.0): the earlier sentence wins
    tied = [event("195", sentence=3, sector="MIL"), event("1831", sentence=1)]
    assert select_prediction(tied, table).acled_type == "SUIC_BOMB"
    # same sentence, same score: coding order decides
    same = [event("186", trigger="first"), event("1833", trigger="second")]
    assert select_prediction(same, table).event is same[0]


def test_prediction_ignores_unasserted_and_unmapped_events(table: AcledMap) -> None:
    events = [
        event("190", modality="hypothetical", sector="MIL"),
        event("195", modality="negated", sector="MIL"),
        event("172"),  # asserted, material conflict, but not mapped
        event("112"),  # asserted, verbal conflict, mapped
    ]
    assert select_prediction(events, table).acled_type == "ATTRIB"
    assert select_prediction(events[:3], table) == Prediction(acled_type=NONE, event=None)
    assert select_prediction([], table) == Prediction(acled_type=NONE, event=None)


# ----------------------------------------------------------------------------- gold and scores


def test_read_gold_fixture() -> None:
    snippets = read_gold(FIXTURE)
    assert len(snippets) == 12
    assert snippets[0] == Snippet(
        id="1",
        text="Indian police arrested 20 opposition activists in Ahmedabad on Monday.",
        gold_type="ARREST",
        line=2,
    )
    assert snippets[-1].gold_type == "ORG_CRIME"


def test_read_gold_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError) as missing:
        read_gold(tmp_path / "nope.tsv")
    assert missing.value.code == "E107"
    bad_header = tmp_path / "header.tsv"
    bad_header.write_text("id\ttext\tlabel\n1\tx\tARREST\n", encoding="utf-8")
    with pytest.raises(InputError, match=re.escape("header should be id|EventSnippet|SubType")):
        read_gold(bad_header)
    no_type = tmp_path / "row.tsv"
    no_type.write_text("id\tEventSnippet\tSubType\n1\tx\tARREST\n2\tno type\n", encoding="utf-8")
    with pytest.raises(InputError) as row:
        read_gold(no_type)
    assert (row.value.code, row.value.line) == ("E106", 3)


def test_score_on_hand_made_predictions(table: AcledMap) -> None:
    golds = ["ARREST", "ARREST", "PEACE_PROTEST", "GRENADE", "ARMED_CLASH"]
    guesses = ["ARREST", "PEACE_PROTEST", NONE, "ARMED_CLASH", "ARMED_CLASH"]
    snippets = [Snippet(id=str(n), text="x", gold_type=g, line=n) for n, g in enumerate(golds)]
    predictions = [Prediction(acled_type=g, event=None) for g in guesses]
    metrics, notes, details = score(snippets, predictions, table)
    values = {m.name: (m.value, m.n) for m in metrics}
    assert values["accuracy (mappable types)"] == (0.5, 4)
    # F1: ARREST 2/3 (P 1, R 1/2), PEACE_PROTEST 0, ARMED_CLASH 1 -> 5/9
    assert values["macro-F1 (mappable types)"] == pytest.approx((5 / 9, 4))
    assert values["coverage"] == (0.75, 4)
    assert values["accuracy where a type is predicted"] == pytest.approx((2 / 3, 3))
    assert "4 of 5 snippets have a mappable gold type (3 types scored" in notes[0]
    assert notes[1] == "not mappable, left out (gold counts): GRENADE 1"
    assert "predicted a type 1 times: ARMED_CLASH 1" in notes[2]
    shown = dict(details)
    assert shown["type ARREST"] == "n=2 predicted=1 correct=1 none=0 P=1.00 R=0.50 F1=0.67"
    assert shown["type PEACE_PROTEST"] == "n=1 predicted=1 correct=0 none=1 P=0.00 R=0.00 F1=0.00"
    assert shown["confusion 1"] == "gold ARREST -> predicted PEACE_PROTEST: 1"
    assert "confusion 2" not in shown


def test_run_on_fixture(coder: Coder) -> None:
    result = SCORER.run(FIXTURE, coder=coder)
    assert (result.scorer, result.n) == ("case2021", 12)
    values = {m.name: (m.value, m.n) for m in result.metrics}
    # 10 mappable snippets; correct: 1, 3, 4, 7, 8, 9, 10; 2 -> FORCE_AGAINST_PROTEST
    # ("arrested protesters" is CAMEO 175); the suicide bombing -> ARMED_CLASH (generic 190);
    # 11 -> none
    assert values["accuracy (mappable types)"] == pytest.approx((0.7, 10))
    # 8 gold types: ARREST, PEACE_PROTEST and ARMED_CLASH 2/3, SUIC_BOMB 0, four others 1
    assert values["macro-F1 (mappable types)"] == pytest.approx((6 / 8, 10))
    assert values["coverage"] == pytest.approx((0.9, 10))
    assert values["accuracy where a type is predicted"] == pytest.approx((7 / 9, 9))
    for found in result.metrics:
        assert found.low is not None and found.high is not None
        assert found.low <= found.value <= found.high
    assert result.notes[1] == (
        "not mappable, left out (gold counts): NATURAL_DISASTER 1, ORG_CRIME 1"
    )
    assert "predicted a type 1 times: ARREST 1" in result.notes[2]
    shown = dict(result.details)
    assert shown["confusion 1"] == "gold ARREST -> predicted FORCE_AGAINST_PROTEST: 1"
    assert shown["confusion 2"] == "gold SUIC_BOMB -> predicted ARMED_CLASH: 1"
    assert shown["type SUIC_BOMB"] == "n=1 predicted=0 correct=0 none=0 P=0.00 R=0.00 F1=0.00"


def test_run_needs_a_coder() -> None:
    with pytest.raises(ValueError, match="pass coder"):
        SCORER.run(FIXTURE, coder=None)
