"""PETRARCH validation records: the reader, the matching rules on hand-built events, and the
metrics ``evaluate`` computes from them (no model needed)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest

from polevent.errors import InputError
from polevent.evaluate.petrarch_format import (
    Dyad,
    GoldEvent,
    PetrarchRecord,
    actor_matches,
    dyads,
    evaluate,
    event_matches,
    outcome,
    read_records,
)
from polevent.records import ActorRef, EventDate, EventRecord, Evidence

FIXTURES = Path(__file__).parents[2] / "fixtures" / "eval" / "petrarch"
BAD_EVENT = (
    '{"id": "x", "date": "19950101", "text": "t", "events": [{"source": "A"}], "noevents": false}'
)


def actor(code: str) -> ActorRef:
    return ActorRef(
        text=code,
        code=code,
        country=code[:3],
        sector=None,
        name=None,
        kb_id=None,
        reason="test",
        start=0,
        end=1,
    )


def coded(code: str, source: list[str], target: list[str]) -> EventRecord:
    return EventRecord(
        event_id="e",
        article_id="a",
        sentence_index=0,
        evidence=Evidence(text="x", start=0, end=1),
        source=tuple(map(actor, source)),
        target=tuple(map(actor, target)),
        cameo_code=code,
        cameo_root=code[:2],
        cameo_label="",
        quad_class=1,
        goldstein=0.0,
        plover_type="CONSULT",
        plover_mode=None,
        plover_context=(),
        plover_intensity=None,
        modality="asserted",
        trigger="t",
        code_reason="test",
        published_at=None,
        date=EventDate(start=None, end=None, granularity="unknown", text="", reason=""),
        place=None,
    )


def record(
    events: list[tuple[str, str, str]],
    *,
    noevents: bool = False,
    category: str = "T",
    error: str | None = None,
    rid: str = "R",
) -> PetrarchRecord:
    return PetrarchRecord(
        id=rid,
        date=date(1995, 1, 1),
        text="x",
        events=tuple(GoldEvent(source=s, target=t, code=c) for s, t, c in events),
        noevents=noevents,
        category=category,
        expected_error=error,
        line=1,
    )


# ------------------------------------------------------------------------------------ reader


def test_reads_typed_frozen_records() -> None:
    records = read_records(FIXTURES / "real_actors.jsonl")
    assert len(records) == 10
    first, weather = records[0], records[5]
    assert first.id == "REAL-01" and first.date == date(2023, 5, 22)
    assert first.events == (GoldEvent(source="FRAGOV", target="DEUGOV", code="040"),)
    assert (first.noevents, first.category, first.expected_error, first.line) == (
        False,
        "MEET",
        None,
        1,
    )
    assert weather.noevents and weather.events == ()
    assert len(records[7].events) == 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.text = "changed"  # type: ignore[misc]


def test_optional_fields_and_expected_error(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    row = {"id": "E-1", "date": "19950101", "text": "t", "events": [], "noevents": False}
    path.write_text(
        json.dumps({**row, "expected_error": "storydiscard"}) + "\n\n" + json.dumps(row)
    )
    error, plain = read_records(path)
    assert error.expected_error == "storydiscard" and error.category == ""
    assert plain.expected_error is None and plain.line == 3


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ('{"id": "x"', "E104", 1),
        ('{"id": "x", "date": "19950101", "text": "t", "events": [], "noevents": "no"}', "E106", 1),
        (
            '{"id": "x", "date": "1995-01-01", "text": "t", "events": [], "noevents": false}',
            "E105",
            1,
        ),
        (BAD_EVENT, "E106", 1),
        ("[1, 2]", "E106", 1),
    ],
)
def test_bad_records_raise_coded_errors(tmp_path: Path, text: str, code: str, line: int) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(text + "\n")
    with pytest.raises(InputError) as caught:
        read_records(path)
    assert (caught.value.code, caught.value.line, caught.value.path) == (code, line, str(path))


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(InputError) as missing:
        read_records(tmp_path / "absent.jsonl")
    assert missing.value.code == "E107"
    (tmp_path / "empty.jsonl").write_text("\n\n")
    with pytest.raises(InputError) as empty:
        read_records(tmp_path / "empty.jsonl")
    assert empty.value.code == "E101"


# ---------------------------------------------------------------------------------- matching


@pytest.mark.parametrize(
    ("gold", "predicted", "optional", "expected"),
    [
        ("USA", "USAGOV", False, True),
        ("USA", "USA", False, True),
        ("IRNGOV", "IRN", False, False),
        ("IRNGOV", "IRNGOVMIL", False, True),
        ("IRNGOV", "IRQGOV", False, False),
        ("", "USAGOV", True, True),
        ("---", "", True, True),
        ("", "USAGOV", False, False),
        ("GON", "", True, False),
        ('"INJURY TOLL"', "ERIGOV", False, False),
    ],
)
def test_actor_granularity(gold: str, predicted: str, optional: bool, expected: bool) -> None:
    assert actor_matches(gold, predicted, optional=optional) is expected


def test_event_needs_code_source_and_target() -> None:
    gold = GoldEvent(source="ARN", target="GON", code="064")
    assert event_matches(gold, Dyad(source="ARNGOV", target="GONGOV", code="064"))
    assert not event_matches(gold, Dyad(source="ARNGOV", target="GONGOV", code="0641"))
    assert not event_matches(gold, Dyad(source="GON", target="ARN", code="064"))
    assert not event_matches(gold, Dyad(source="ARN", target="", code="064"))
    no_target = GoldEvent(source="BREGOV", target="---", code="023")
    assert event_matches(no_target, Dyad(source="BREGOV", target="ARNGOV", code="023"))


def test_compound_actors_expand_to_dyads() -> None:
    event = coded("041", ["FORGOV", "GONGOV"], ["OSG"])
    assert dyads(event) == [
        Dyad(source="FORGOV", target="OSG", code="041"),
        Dyad(source="GONGOV", target="OSG", code="041"),
    ]
    assert dyads(coded("023", ["BREGOV"], [])) == [Dyad(source="BREGOV", target="", code="023")]


def test_outcome_per_gold_event_and_per_prediction() -> None:
    gold = record([("FOR", "OSG", "041"), ("GON", "OSG", "041"), ("MOR", "OSG", "041")])
    found = outcome(gold, [coded("041", ["FORGOV", "GONGOV"], []), coded("111", ["MOR"], ["ERI"])])
    assert found.reproduced == (False, False, False)
    assert found.code_found == (True, True, True)
    assert found.source_found == (True, True, True)
    assert found.target_found == (False, False, False)
    assert found.root_found == (True, True, True)
    assert found.correct == (False, False, False)
    assert not found.passed
    hit = outcome(gold, [coded("041", ["FORGOV", "GONGOV", "MORGOV"], ["OSG"])])
    assert hit.reproduced == (True, True, True) and hit.correct == (True, True, True)
    assert hit.passed


def test_evaluate_metrics_categories_and_errors() -> None:
    records = [
        record([("ARN", "GON", "064")], category="DEMO", rid="A"),
        record([("ARN", "GON", "064"), ("GON", "ARN", "033")], category="DEMO", rid="B"),
        record([], noevents=True, category="VERB", rid="C"),
        record([], noevents=True, category="VERB", rid="D"),
        record([], category="ERROR", error="storydiscard", rid="E"),
    ]
    predictions = [
        [coded("064", ["ARNGOV"], ["GONGOV"])],
        [coded("064", ["ARN"], ["GON"]), coded("032", ["ARN"], ["GON"])],
        [coded("032", ["ETH"], [])],
        [],
        [coded("064", ["ARN"], ["GON"])],
    ]
    result = evaluate(records, predictions, scorer="s", gold="g.jsonl", notes=("n",), target=0.9)
    values = {m.name: (m.value, m.n) for m in result.metrics}
    assert values["expected events reproduced"] == (2 / 3, 3)
    assert values["event code exact"] == (2 / 3, 3)
    assert values["event code root"] == (1.0, 3)
    assert values["source match"] == (2 / 3, 3)  # GON>ARN 033: no event has source GON
    assert values["target match"] == (2 / 3, 3)
    assert values["precision of predicted events"] == (2 / 4, 4)
    assert values["false-event rate on no-event records"] == (0.5, 2)
    assert values["records passed"] == (2 / 4, 4)
    recall = result.metrics[0]
    assert recall.target == 0.9 and recall.low is not None and recall.high is not None
    assert recall.low <= recall.value <= recall.high
    details = dict(result.details)
    assert details["category DEMO"].startswith("events reproduced 2/3 (67%); records passed 1/2")
    assert details["expected error storydiscard"] == "1/1 records still coded with an event"
    assert details["failed B"] == "gold ARN>GON 064, GON>ARN 033; coded ARN>GON 064, ARN>GON 032"
    assert details["failed C"] == "gold none; coded ETH>- 032"
    assert "failed A" not in details and "failed E" not in details
    assert result.n == 5 and result.notes[-1] == "n"
