"""The event-location scorer: the reader (token indices), judging, the metrics on hand-written
predictions, and the real model + an in-memory gazetteer on a fixture in the gold format
(fixtures/eval/event_location/)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from polevent.errors import GazetteerError, InputError
from polevent.evaluate.base import Metric
from polevent.evaluate.event_location import (
    DEFAULT_GOLD,
    RELABEL,
    SCORER,
    LocationRecord,
    judge,
    location_metrics,
    predict_locations,
    read_event_locations,
    result_for,
    run,
    verb_token,
)
from polevent.evaluate.registry import get_scorer
from polevent.pipeline import Coder
from polevent.resolve.gazetteer import Candidate, InMemoryGazetteer
from polevent.resolve.gazetteer_build import write_gazetteer
from polevent.resolve.gazetteer_rows import GazetteerRow

FIXTURE = Path(__file__).parents[2] / "fixtures" / "eval" / "event_location" / "labeled_text.jsonl"


def span_of(record: LocationRecord, phrase: str) -> tuple[int, int]:
    start = record.text.index(phrase)
    return start, start + len(phrase)


def record(text: str, locations: Sequence[str] = (), *, source: str = RELABEL) -> LocationRecord:
    return LocationRecord(
        record_id="x",
        text=text,
        source=source,
        verb=(0, 1),
        locations=tuple((text.index(p), text.index(p) + len(p)) for p in locations),
        line=1,
    )


def by_name(metrics: Sequence[Metric]) -> dict[str, Metric]:
    return {m.name: m for m in metrics}


def assert_metric(found: Metric, value: float, *, n: int, target: float | None = None) -> None:
    assert found.value == pytest.approx(value)
    assert (found.n, found.target) == (n, target)


def place(geonameid: int, name: str, lat: float, lon: float, country: str, code: str) -> Candidate:
    return Candidate(
        geonameid=geonameid,
        name=name,
        lat=lat,
        lon=lon,
        feature_class="A" if code.startswith(("PCL", "ADM")) else "P",
        feature_code=code,
        country=country,
        admin1=None,
        population=1_000_000 if code.startswith("PCL") else 500_000,
        source="test",
    )


GAZETTEER = InMemoryGazetteer(
    [
        (place(282615, "Nablus", 32.22111, 35.25444, "PSE", "PPL"), ()),
        (place(217831, "Goma", -1.67409, 29.22845, "COD", "PPL"), ()),
        (place(2314302, "Kinshasa", -4.32758, 15.31357, "COD", "PPLC"), ()),
        (place(2988507, "Paris", 48.85341, 2.3488, "FRA", "PPLC"), ()),
        (place(1138958, "Kabul", 34.52813, 69.17233, "AFG", "PPLC"), ()),
        (place(1168579, "Pakistan", 30.0, 70.0, "PAK", "PCLI"), ("Pakistani",)),
        (place(1164408, "Swat", 35.2, 72.4, "PAK", "ADM2"), ()),
    ]
)


# ----------------------------------------------------------------------------- reading


def test_read_uses_token_indices_and_skips_records_without_one_verb() -> None:
    records, skipped = read_event_locations(FIXTURE)
    assert skipped == 1  # "In the city": no spans
    assert [r.record_id for r in records] == ["r1", "r2", "r3", "r4", "a1", "a2", "a3"]
    assert [r.source for r in records].count(RELABEL) == 4
    first = records[0]
    assert first.text[slice(*first.verb)] == "shot"
    assert [first.text[slice(*s)] for s in first.locations] == ["Nablus"]
    paris = records[4]  # its character offsets are off by two; its token indices are right
    assert [paris.text[slice(*s)] for s in paris.locations] == ["Paris"]
    swat = records[3]
    assert [swat.text[slice(*s)] for s in swat.locations] == ["Swat valley", "Pakistan"]
    assert records[2].locations == () and records[5].locations == ()


def test_read_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"tokens": []}) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_event_locations(bad)
    assert (e.value.code, e.value.line) == ("E106", 1)
    two = tmp_path / "two.jsonl"
    verb = {"label": "VERB", "token_start": 0, "token_end": 0}
    row = {"text": "Shots hit", "tokens": [[0, 5], [6, 9]], "spans": [verb, verb]}
    two.write_text(json.dumps(row) + "\n", encoding="utf-8")
    assert read_event_locations(two) == ([], 1)
    fallback = tmp_path / "fallback.jsonl"
    loose = {"label": "VERB", "start": 6, "end": 9, "token_start": 7, "token_end": 7}
    row = {"text": "Shots hit", "tokens": [[0, 5], [6, 9]], "spans": [loose]}
    fallback.write_text(json.dumps(row) + "\n", encoding="utf-8")
    (only,), _ = read_event_locations(fallback)
    assert only.verb == (6, 9)  # token index out of range: the character offsets are used


# ----------------------------------------------------------------------------- judging


def test_judge_cases() -> None:
    nablus = record("Police shot two men in Nablus on Saturday.", ["Nablus"])
    assert judge(nablus, span_of(nablus, "Nablus")).exact
    near = judge(nablus, span_of(nablus, "in Nablus"))
    assert (near.exact, near.overlap) == (False, True)
    wrong = judge(nablus, span_of(nablus, "Police"))
    assert (wrong.exact, wrong.overlap) == (False, False)
    missed = judge(nablus, None)
    assert (missed.exact, missed.overlap) == (False, False)
    nowhere = record("The minister spoke by phone.")
    assert judge(nowhere, None).exact and judge(nowhere, None).overlap
    invented = judge(nowhere, span_of(nowhere, "phone"))
    assert (invented.exact, invented.overlap) == (False, False)
    spaced = record("Riots in  Lagos today", ["Lagos"])
    assert judge(spaced, (9, 15)).exact  # a leading space is trimmed
    two = record("Clashes in Swat, Pakistan.", ["Swat", "Pakistan"])
    assert judge(two, span_of(two, "Pakistan")).exact


def test_location_metrics_numbers() -> None:
    a = record("Shots in Nablus.", ["Nablus"])
    b = record("Shots in Goma.", ["Goma"])
    c = record("Talks by phone.")
    d = record("Talks in Paris.")
    e = record("Raid near Kabul city.", ["Kabul city"])
    judgements = [
        judge(a, span_of(a, "Nablus")),  # right
        judge(b, None),  # missed
        judge(c, None),  # right: nowhere
        judge(d, span_of(d, "Paris")),  # invented
        judge(e, span_of(e, "Kabul")),  # overlap only
    ]
    got = by_name(location_metrics(judgements, label="T"))
    assert got["T: accuracy (exact)"].value == pytest.approx(2 / 5)
    assert got["T: accuracy (overlap)"].value == pytest.approx(3 / 5)
    assert got["T: accuracy (overlap)"].n == 5
    p, r, f1 = (got[f"T: location {x} (exact)"] for x in ("P", "R", "F1"))
    assert_metric(p, 1 / 3, n=3)
    assert_metric(r, 1 / 3, n=3)
    assert f1.value == pytest.approx(1 / 3)
    assert got["T: location P (overlap)"].value == pytest.approx(2 / 3)
    assert got["T: location R (overlap)"].value == pytest.approx(2 / 3)
    none = got["T: no location -> none"]
    assert (none.value, none.n) == (0.5, 2)
    assert none.low is not None and none.high is not None and none.low <= 0.5 <= none.high


def test_result_for_reports_relabel_then_all() -> None:
    records, skipped = read_event_locations(FIXTURE)
    guesses = [span_of(r, r.text[slice(*r.locations[0])]) if r.locations else None for r in records]
    guesses[1] = span_of(records[1], "Kinshasa")  # wrong place
    guesses[6] = None  # missed Kabul
    result = result_for(records, guesses, gold="x.jsonl", skipped=skipped)
    got = by_name(result.metrics)
    assert result.scorer == "event-location" and result.n == 7
    assert got["RELABEL: accuracy (exact)"].value == pytest.approx(3 / 4)
    assert got["RELABEL: accuracy (exact)"].n == 4
    assert got["all: accuracy (exact)"].value == pytest.approx(5 / 7)
    assert got["all: location P (exact)"].value == pytest.approx(3 / 4)
    assert got["all: location R (exact)"].value == pytest.approx(3 / 5)
    assert "7 records (4 RELABEL), 5 with a gold location; 1 left out" in result.notes[0]
    details = dict(result.details)
    assert details["RELABEL: both have one, not overlapping"] == "1"
    assert details["all: gold has a location, we chose none"] == "1"


# ----------------------------------------------------------------------------- with the model


def test_verb_token(coder: Coder) -> None:
    doc = coder.nlp("Police shot two protesters in Nablus on Saturday.")
    assert verb_token(doc, (7, 11)).text == "shot"
    assert verb_token(doc, (8, 10)).text == "shot"  # expanded to the whole token
    assert verb_token(doc, (500, 510)) is None


def test_predict_locations_with_the_model(coder: Coder) -> None:
    records, _ = read_event_locations(FIXTURE)
    found = predict_locations(records, nlp=coder.nlp, gazetteer=GAZETTEER)
    texts = [None if f is None else r.text[slice(*f)] for r, f in zip(records, found, strict=True)]
    assert (texts[0], texts[1], texts[6]) == ("Nablus", "Goma", "Kabul")  # not Kinshasa
    assert texts[2] is None  # "his Pakistani counterpart": a demonym, not a place
    assert texts[5] is None  # no place in the sentence
    result = result_for(records, found, gold=str(FIXTURE))
    assert by_name(result.metrics)["all: accuracy (exact)"].value >= 4 / 7


def test_run_reads_the_gazetteer_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, coder: Coder
) -> None:
    rows = [GazetteerRow(candidate=c, aliases=()) for c in GAZETTEER.lookup("Nablus")]
    path = tmp_path / "gazetteer.sqlite"
    write_gazetteer(path, rows, built_on="2026-01-01")
    monkeypatch.setenv("POLEVENT_GAZETTEER", str(path))
    result = run(FIXTURE, coder=coder, limit=3)
    got = by_name(result.metrics)
    assert result.n == 3 and result.gold == str(FIXTURE)
    assert got["RELABEL: accuracy (exact)"].n == 3
    # Goma is not in this gazetteer but still a place name (the NER finds it), unresolved
    assert got["RELABEL: location P (exact)"].value == 1.0
    assert got["RELABEL: location R (exact)"].value == 1.0
    assert got["RELABEL: no location -> none"].value == 1.0
    monkeypatch.setenv("POLEVENT_GAZETTEER", str(tmp_path / "missing.sqlite"))
    with pytest.raises(GazetteerError, match="E501"):
        run(FIXTURE, coder=coder, limit=1)


def test_registered() -> None:
    assert get_scorer("event-location") is SCORER
    assert SCORER.default_gold == DEFAULT_GOLD == "event-location/labeled_text.jsonl.gz"
