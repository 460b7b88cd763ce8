"""plover-gsr scorer: gold parsing, old names, actor comparison, event picking, and an
end-to-end run with the real coder on five hand-written records."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from polevent.errors import InputError
from polevent.evaluate.base import EvalResult, ReliabilityBin
from polevent.evaluate.plover_gsr import (
    SCORER,
    GoldActor,
    compare_actors,
    compare_record,
    gold_actor,
    load_gold,
    parse_gold,
    pick_event,
    predicted_country,
    predicted_sector,
    run,
)
from polevent.pipeline import Coder
from polevent.records import ActorRef, EventDate, EventRecord, Evidence

GOLD = Path(__file__).parents[2] / "fixtures" / "eval" / "plover_gsr" / "gsr_small.json"


def _actor(code: str, country: str | None, sector: str | None) -> ActorRef:
    return ActorRef(
        text=code,
        code=code,
        country=country,
        sector=sector,
        name=None,
        kb_id=None,
        reason="test",
        start=0,
        end=1,
    )


def _event(
    trigger: str,
    plover_type: str,
    *,
    source: tuple[ActorRef, ...] = (),
    target: tuple[ActorRef, ...] = (),
) -> EventRecord:
    return EventRecord(
        event_id=trigger,
        article_id="a",
        sentence_index=0,
        evidence=Evidence(text="", start=0, end=0),
        source=source,
        target=target,
        cameo_code="010",
        cameo_root="01",
        cameo_label="",
        quad_class=1,
        goldstein=0.0,
        plover_type=plover_type,
        plover_mode=None,
        plover_context=(),
        plover_intensity=None,
        modality="asserted",
        trigger=trigger,
        code_reason="",
        published_at=None,
        date=EventDate(start=date(2000, 1, 1), end=None, granularity="day", text="", reason=""),
        place=None,
    )


# ------------------------------------------------------------------------------ gold parsing


def test_parse_gold_skips_document_and_maps_old_names() -> None:
    records = load_gold(GOLD)

    assert [r.id for r in records] == [
        "PLOVER-TEST-CONSULT-0001",
        "PLOVER-TEST-DEMAND-0001",
        "PLOVER-TEST-AID-0001",
        "PLOVER-TEST-PROTEST-0001",
        "PLOVER-TEST-AGREE-0001",
    ]
    assert [(r.old_type, r.plover_type) for r in records][:2] == [
        ("CONSULT", "CONSULT"),
        ("DEMAND", "REQUEST"),
    ]
    assert [r.mode for r in records] == ["phone", None, None, "demo", None]
    consult, demand, aid, protest, agree = records
    assert consult.source == (
        GoldActor(
            text="Indian Prime Minister Narendra Modi", code="IND", country="IND", sector="GOV"
        ),
    )
    assert demand.target == (GoldActor(text="Israel", code="ISR", country="ISR", sector=None),)
    assert aid.source[0].country == "IGO/NGO"
    assert protest.source[0].sector == "CVL"
    assert protest.target == ()
    assert agree.reciprocal and not consult.reciprocal
    assert [a.country for a in agree.source] == ["FRA", "DEU"]
    assert agree.target == ()


def test_investigate_becomes_accuse_with_mode_investigate() -> None:
    [record] = parse_gold(
        [{"id": "x", "event": "INVESTIGATE", "eventText": "probed", "text": "T.", "mode": ""}]
    )

    assert (record.plover_type, record.mode) == ("ACCUSE", "investigate")
    assert (record.source, record.target) == ((), ())


@pytest.mark.parametrize(
    ("item", "country", "sector"),
    [
        ({"actorText": "Tokyo", "code": "JAP"}, "JPN", None),
        ({"actorText": "Italy", "code": "ITL"}, "ITA", None),
        ({"actorText": "Amnesty International", "code": "IGO"}, "IGO/NGO", None),
        ({"actorText": "rights group", "code": "NGO", "sector": "JUD"}, "IGO/NGO", "JUD"),
        ({"actorText": "al-Qaeda", "code": "IMG"}, "IMG", None),
        ({"actorText": "Libyans", "code": "LBY", "sector": "CIV"}, "LBY", "CVL"),
        ({"actorText": "Israeli troops", "code": "ISR", "sector": "***"}, "ISR", None),
        ({"actorText": "Kurdish refugees", "code": "IRQ", "sector": "REFKUR"}, "IRQ", "REF"),
    ],
)
def test_gold_actor_normalises_codes(item: dict[str, str], country: str, sector: str) -> None:
    found = gold_actor(item)

    assert (found.country, found.sector) == (country, sector)


def test_bad_gold_is_a_coded_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": "x", "event": "AGREE"', encoding="utf-8")

    with pytest.raises(InputError) as missing:
        load_gold(tmp_path / "missing.json")
    with pytest.raises(InputError) as malformed:
        load_gold(broken)
    with pytest.raises(InputError) as no_text:
        parse_gold([{"id": "y", "event": "AGREE", "eventText": "agreed"}], path="g.json")

    assert missing.value.code == "E110"
    assert str(missing.value).startswith(f"{tmp_path / 'missing.json'}: E110 gold file not found")
    assert malformed.value.code == "E104"
    assert no_text.value.code == "E106"
    assert "y: text" in str(no_text.value)


# ----------------------------------------------------------------------------- comparing


def test_predicted_country_and_sector_in_gold_terms() -> None:
    un = _actor("IGOUNO", "UNO", "IGO")
    peacekeepers = _actor("IGOUNOMIL", "UNO", "IGO")
    qaeda = _actor("IMGMUSALQ", None, "IMG")
    police = _actor("SRBMILCOP", "SRB", "MILCOP")
    bangladeshi = _actor("BGDIGO", "BGD", "IGO")

    assert [predicted_country(a) for a in (un, peacekeepers, qaeda, police, bangladeshi)] == [
        "IGO/NGO",
        "IGO/NGO",
        "IMG",
        "SRB",
        "BGD",
    ]
    assert [predicted_sector(a) for a in (un, peacekeepers, qaeda, police, bangladeshi)] == [
        None,
        "MIL",
        None,
        "MIL",
        "IGO",
    ]


def test_compare_actors_country_sector_joint() -> None:
    hungary = GoldActor(text="Hungarian", code="HUN", country="HUN", sector="GOV")
    romania = GoldActor(text="Romanian", code="ROU", country="ROU", sector=None)
    hun_gov, rou_mil = _actor("HUNGOV", "HUN", "GOV"), _actor("ROUMIL", "ROU", "MIL")

    # Romania has no gold sector: any predicted sector is fine for it.
    assert compare_actors([hungary, romania], [hun_gov, rou_mil]) == (True, True, True)
    # A predicted actor the gold does not have makes the role wrong.
    assert compare_actors([hungary], [hun_gov, rou_mil]) == (False, False, False)
    # A missing gold actor too; sector is scored only where the gold gives one.
    assert compare_actors([romania], []) == (False, None, False)
    assert compare_actors([hungary], [_actor("HUN", "HUN", None)]) == (True, False, False)
    assert compare_actors([], [hun_gov]) == (None, None, None)


def test_pick_event_prefers_the_trigger_in_event_text() -> None:
    said = _event("said", "STATEMENT")
    agreed = _event("agreed", "AGREE")
    blew = _event("blew up", "ASSAULT")

    assert pick_event([said, agreed], "agree to cooperate") is agreed
    assert pick_event([said, blew], "blew up power lines") is blew
    assert pick_event([said, agreed], "offered talks") is said
    assert pick_event([], "agreed") is None


def test_compare_record_needs_empty_roles_where_the_gold_has_none() -> None:
    [consult, *_, agree] = load_gold(GOLD)
    fra, deu = _actor("FRAGOV", "FRA", "GOV"), _actor("DEUGOV", "DEU", "GOV")

    reciprocal = compare_record(agree, _event("signed", "AGREE", source=(fra,), target=(deu,)))
    extra = compare_record(
        agree, _event("signed", "AGREE", source=(fra, deu), target=(_actor("GBR", "GBR", None),))
    )
    nothing = compare_record(consult, None)

    assert (reciprocal.source, reciprocal.target, reciprocal.full_ok) == (
        (True, None, True),
        (None, None, None),
        True,
    )
    assert (extra.source[2], extra.full_ok) == (False, False)
    assert (nothing.predicted_type, nothing.type_ok, nothing.mode_ok) == ("no event", False, False)
    assert (nothing.source, nothing.full_ok, nothing.confidence) == (
        (False, False, False),
        False,
        None,
    )


# ---------------------------------------------------------------------------- end to end


@pytest.fixture(scope="module")
def result(coder: Coder) -> EvalResult:
    return run(GOLD, coder=coder)


def test_end_to_end_numbers_on_the_small_fixture(result: EvalResult) -> None:
    values = {m.name: (round(m.value, 4), m.n) for m in result.metrics}

    assert (result.scorer, result.n) == ("plover-gsr", 5)
    assert values == {
        "type accuracy": (0.8, 5),  # the sit-in gets no event
        "type macro-F1": (0.8, 5),
        "mode accuracy": (0.5, 2),  # phone right; demo-org -> demo missed
        "type ECE": (0.1875, 4),
        "source country accuracy": (0.8, 5),
        "source sector accuracy": (0.6667, 3),  # Palestinian officials -> PSEGOV
        "source joint accuracy": (0.8, 5),
        "target country accuracy": (1.0, 3),
        "target sector accuracy": (1.0, 1),
        "target joint accuracy": (1.0, 3),
        "full record": (0.8, 5),
        "no event predicted": (0.2, 5),
    }
    targets = {m.name: m.target for m in result.metrics if m.target is not None}
    assert targets["type accuracy"] == 0.85
    assert targets["full record"] == 0.70
    assert targets["source joint accuracy"] == 0.85


def test_end_to_end_details_reliability_and_notes(result: EvalResult) -> None:
    assert result.details == (
        ("AGREE", "1/1"),
        ("AID", "1/1"),
        ("CONSULT", "1/1"),
        ("PROTEST", "0/1"),
        ("REQUEST", "1/1"),
    )
    [(name, rows)] = result.reliability
    assert name == "event type"
    assert [(r.low, r.n, r.accuracy) for r in rows] == [(0.7, 1, 1.0), (0.8, 3, 1.0)]
    assert all(isinstance(r, ReliabilityBin) for r in rows)
    assert any("DEMAND->REQUEST (1)" in note for note in result.notes)
    assert SCORER.name == "plover-gsr"
    assert SCORER.default_gold == "plover-gsr/PLOVER_GSR_CAMEO.json"


def test_limit_scores_the_first_records(coder: Coder) -> None:
    limited = run(GOLD, coder=coder, limit=2)

    assert limited.n == 2
    assert dict((m.name, m.value) for m in limited.metrics)["type accuracy"] == 1.0
