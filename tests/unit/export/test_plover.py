"""PLOVER JSON export: every record validates against the schema we wrote from the PLOVER spec
(hand-built events and events coded from the bundled seed article), and carries the fields."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from polevent.api import code
from polevent.export import ExportInput, export_input, plover_schema, write_export
from polevent.export.plover import plover_record
from polevent.pipeline import Coder
from polevent.store import open_store

SEED = Path(__file__).parents[3] / "samples" / "seed" / "000_fc17845972f5dceb.txt"


def _validator() -> jsonschema.Draft202012Validator:
    schema = plover_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_exported_record_validates(export_input: ExportInput, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    count = write_export(export_input, format="plover", out=out)
    records = _lines(out)
    validator = _validator()

    assert count == len(records) == 4
    for record in records:
        assert list(validator.iter_errors(record)) == []


def test_records_coded_from_the_seed_article_validate(tmp_path: Path, coder: Coder) -> None:
    db = tmp_path / "seed.db"
    report = code([SEED], db=db, coder=coder)
    with open_store(db) as store:
        source = export_input(store)
    out = tmp_path / "seed.jsonl"
    write_export(source, format="plover", out=out)
    records = _lines(out)
    validator = _validator()

    assert report.events_added == len(records) >= 5
    for record in records:
        assert list(validator.iter_errors(record)) == [], record["id"]
    assert {r["id"] for r in records} == {e.event_id for e in source.events}


def test_the_schema_rejects_records_that_break_the_spec(export_input: ExportInput) -> None:
    validator = _validator()
    good = plover_record(export_input.events[0], export_input)
    without_id = {k: v for k, v in good.items() if k != "id"}
    bad_quad = {**good, "quad_code": 7}
    bad_actor = {**good, "source": [{"code": "INDIA"}]}
    no_event = {**good, "event": []}

    for broken in (without_id, bad_quad, bad_actor, no_event):
        assert list(validator.iter_errors(broken)) != []


def test_fields_of_the_phone_call(export_input: ExportInput) -> None:
    call = export_input.events[0]
    record = plover_record(call, export_input)

    assert (record["id"], record["date"], record["event"]) == (
        call.event_id,
        "2025-05-15",
        ["CONSULT"],
    )
    assert record["source"][0]["code"] == "IND"
    assert record["source"][0]["sector"] == "GOV"
    assert record["source"][0]["actor_text"] == "S Jaishankar"
    assert record["source"][0]["identifier_id"] == "polevent:s_jaishankar"
    assert record["source"][0]["cameo_code"] == "INDGOV"
    assert record["recipient"][0]["code"] == "AFG"
    assert (record["mode"], record["context"], record["quad_code"]) == (
        "phone",
        ["diplomatic", "security"],
        1,
    )
    assert (record["event_scale"], record["event_text"]) == (2.5, ["phone call"])
    assert record["text"] == call.evidence.text
    assert record["text_info"] == {"sequence": 1, "start": 0, "end": call.evidence.end}
    assert record["cite_info"]["url"] == "https://www.example.org/news/call"
    assert record["cite_info"]["publication"] == "example.org"
    assert record["polevent"]["cameo_code"] == "041"
    assert "event_loc" not in record and "enddate" not in record and "link" not in record


@pytest.mark.parametrize("index", [1, 2, 3])
def test_places_counts_and_unknown_countries(export_input: ExportInput, index: int) -> None:
    record = plover_record(export_input.events[index], export_input)
    event = export_input.events[index]

    assert event.place is not None
    loc = record["event_loc"]
    assert (loc["name"], loc["geonameid"], loc["cc3"]) == (
        event.place.name,
        event.place.geonameid,
        event.place.country,
    )
    assert loc["country code"] == {1: "NP", 2: "PK", 3: "DE"}[index]
    if index == 2:
        assert record["polevent"]["size_info"]["arrested"] == 12
        assert record["polevent"]["quote"] == "we will return"
    if index == 3:
        assert record["date"] is None
        assert "code" not in record["recipient"][0]  # ---BUS: no country code
        assert record["recipient"][0]["cameo_code"] == "---BUS"


def test_a_clustered_mention_links_to_its_event(export_input: ExportInput) -> None:
    call = export_input.events[0]
    clustered = ExportInput(
        events=[call], articles=export_input.articles, cluster_of={call.event_id: "evt-1"}
    )

    assert plover_record(call, clustered)["link"] == "evt-1"
