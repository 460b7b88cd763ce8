"""serialize: dict round trips (hypothesis), JSON-readiness, strict reading of malformed dicts."""

from __future__ import annotations

import json
from dataclasses import fields, replace
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polevent.errors import StoreError
from polevent.records import (
    ActorRef,
    Article,
    Counts,
    EventDate,
    EventRecord,
    Evidence,
    FieldConfidence,
    Place,
)
from polevent.serialize import article_from_dict, article_to_dict, event_from_dict, event_to_dict

texts = st.text(max_size=30)
opt_texts = st.none() | texts
ints = st.integers(min_value=-(2**53), max_value=2**53)
floats = st.floats(allow_nan=False, allow_infinity=False)
opt_floats = st.none() | floats
opt_counts = st.none() | st.integers(min_value=0, max_value=10**9)
dates = st.dates()
zones: st.SearchStrategy[tzinfo] = st.sampled_from(
    [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-7))]
)
lo, hi = datetime(1900, 1, 1), datetime(2100, 1, 1)
datetimes = st.datetimes(lo, hi) | st.datetimes(lo, hi, timezones=zones)

actors = st.builds(
    ActorRef,
    text=texts,
    code=texts,
    country=opt_texts,
    sector=opt_texts,
    name=opt_texts,
    kb_id=opt_texts,
    reason=texts,
    start=ints,
    end=ints,
    confidence=floats,
)
event_dates = st.builds(
    EventDate,
    start=st.none() | dates,
    end=st.none() | dates,
    granularity=texts,
    text=texts,
    reason=texts,
)
places = st.builds(
    Place,
    name=texts,
    geonameid=st.none() | ints,
    lat=opt_floats,
    lon=opt_floats,
    admin1=opt_texts,
    country=opt_texts,
    feature=opt_texts,
    text=texts,
    reason=texts,
)
counts = st.builds(
    Counts, killed=opt_counts, injured=opt_counts, arrested=opt_counts, size=opt_counts
)
confidences = st.builds(FieldConfidence, event=floats, source=floats, target=floats)
events = st.builds(
    EventRecord,
    event_id=texts,
    article_id=texts,
    sentence_index=ints,
    evidence=st.builds(Evidence, text=texts, start=ints, end=ints),
    source=st.lists(actors, max_size=3).map(tuple),
    target=st.lists(actors, max_size=3).map(tuple),
    cameo_code=texts,
    cameo_root=texts,
    cameo_label=texts,
    quad_class=ints,
    goldstein=floats,
    plover_type=texts,
    plover_mode=opt_texts,
    plover_context=st.lists(texts, max_size=3).map(tuple),
    plover_intensity=opt_floats,
    modality=texts,
    trigger=texts,
    code_reason=texts,
    published_at=st.none() | datetimes,
    date=event_dates,
    place=st.none() | places,
    counts=counts,
    quote=opt_texts,
    speaker=opt_texts,
    confidence=confidences,
    coder_version=texts,
    data_version=texts,
)
articles = st.builds(
    Article,
    id=texts,
    title=texts,
    text=texts,
    published_at=st.none() | datetimes,
    url=opt_texts,
    source=texts,
)


@given(events)
def test_event_round_trip_is_identity(event: EventRecord) -> None:
    assert event_from_dict(event_to_dict(event)) == event


@given(events)
def test_event_round_trip_through_json_is_identity(event: EventRecord) -> None:
    back = event_from_dict(json.loads(json.dumps(event_to_dict(event))))
    assert back == event
    if event.published_at is not None:
        assert back.published_at is not None
        assert back.published_at.utcoffset() == event.published_at.utcoffset()


@given(articles)
def test_article_round_trip_through_json_is_identity(article: Article) -> None:
    assert article_from_dict(json.loads(json.dumps(article_to_dict(article)))) == article


def _event() -> EventRecord:
    actor = ActorRef(
        text="India",
        code="INDGOV",
        country="IND",
        sector="GOV",
        name="India",
        kb_id=None,
        reason="dictionary",
        start=0,
        end=5,
    )
    return EventRecord(
        event_id="e1",
        article_id="a1",
        sentence_index=0,
        evidence=Evidence(text="India attacked.", start=0, end=15),
        source=(actor,),
        target=(),
        cameo_code="190",
        cameo_root="19",
        cameo_label="use conventional military force",
        quad_class=4,
        goldstein=-10.0,
        plover_type="ASSAULT",
        plover_mode=None,
        plover_context=("military", "border"),
        plover_intensity=None,
        modality="asserted",
        trigger="attacked",
        code_reason="verb pattern",
        published_at=datetime(2025, 5, 16, 9, 30, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        date=EventDate(
            start=date(2025, 5, 15), end=date(2025, 5, 15), granularity="day", text="", reason="r"
        ),
        place=None,
    )


def test_event_dict_is_json_ready_with_iso_dates_and_lists() -> None:
    d = event_to_dict(_event())
    assert set(d) == {f.name for f in fields(EventRecord)}
    assert set(d["source"][0]) == {f.name for f in fields(ActorRef)}
    assert d["published_at"] == "2025-05-16T09:30:00+05:30"
    assert d["date"]["start"] == "2025-05-15"
    assert d["plover_context"] == ["military", "border"]
    assert d["target"] == []
    assert d["place"] is None
    assert json.loads(json.dumps(d)) == d


def test_article_dict_keys_and_dates() -> None:
    article = Article(id="a1", title="T", text="x", published_at=None, url=None, source="file.txt")
    d = article_to_dict(article)
    assert d == {
        "id": "a1",
        "title": "T",
        "text": "x",
        "published_at": None,
        "url": None,
        "source": "file.txt",
    }


def test_defaulted_fields_may_be_absent() -> None:
    d = event_to_dict(_event())
    for key in ("counts", "quote", "speaker", "confidence", "coder_version", "data_version"):
        del d[key]
    assert event_from_dict(d) == _event()


def test_trigger_offsets_round_trip_and_may_be_absent() -> None:
    event = _event()
    placed = replace(event, evidence=replace(event.evidence, trigger_start=3, trigger_end=7))
    assert event_from_dict(json.loads(json.dumps(event_to_dict(placed)))) == placed
    d = event_to_dict(placed)
    del d["evidence"]["trigger_start"], d["evidence"]["trigger_end"]  # a record from before
    assert event_from_dict(d) == event


def _broken(change: dict[str, Any]) -> dict[str, Any]:
    d = event_to_dict(_event())
    d.update(change)
    return d


@pytest.mark.parametrize(
    ("d", "where"),
    [
        ([1, 2], "event: expected an object, got list"),
        ({k: v for k, v in event_to_dict(_event()).items() if k != "cameo_code"}, "'cameo_code'"),
        (_broken({"extra": 1}), "unknown keys ['extra']"),
        (_broken({"sentence_index": "0"}), "event.sentence_index: expected an integer"),
        (_broken({"sentence_index": True}), "event.sentence_index: expected an integer"),
        (_broken({"goldstein": "high"}), "event.goldstein: expected a number"),
        (_broken({"published_at": "yesterday"}), "not an ISO datetime"),
        (_broken({"plover_context": ["a", 3]}), "plover_context[1]"),
        (_broken({"source": {"code": "IND"}}), "event.source: expected a list"),
        (_broken({"date": {"start": None}}), "event.date: missing key 'end'"),
    ],
)
def test_malformed_dicts_raise_e401(d: object, where: str) -> None:
    with pytest.raises(StoreError, match="record in store is malformed") as info:
        event_from_dict(d)
    assert info.value.code == "E401"
    assert where in str(info.value)


def test_malformed_nested_actor_names_its_position() -> None:
    d = event_to_dict(_event())
    del d["source"][0]["country"]
    with pytest.raises(StoreError, match=r"event\.source\[0\]: missing key 'country'"):
        event_from_dict(d)


def test_bad_nested_date_names_the_field() -> None:
    d = event_to_dict(_event())
    d["date"]["start"] = "2025-13-01"
    with pytest.raises(StoreError, match=r"event\.date\.start: not an ISO date"):
        event_from_dict(d)


def test_malformed_article_raises_e401() -> None:
    with pytest.raises(StoreError, match=r"article\.title: expected a string") as info:
        article_from_dict(
            {"id": "a", "title": None, "text": "", "published_at": None, "url": None, "source": ""}
        )
    assert info.value.code == "E401"
