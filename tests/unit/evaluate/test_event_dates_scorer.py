"""The event-dates scorer: matching at the gold's granularity, the gold reader and its errors, a
full run on a four-document invented fixture (fixtures/eval/event_dates/), and the shape of our
own gold set kept in the repository (fixtures/event_dates/event_dates_gold.jsonl)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from polevent.errors import InputError
from polevent.evaluate.event_dates import (
    DEFAULT_GOLD,
    SCORER,
    gold_period,
    matches,
    read_gold,
)
from polevent.evaluate.registry import get_scorer
from polevent.pipeline import Coder
from polevent.records import EventDate

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SMALL = FIXTURES / "eval" / "event_dates" / "event_dates_small.jsonl"


def _range(start: date | None, end: date | None) -> EventDate:
    return EventDate(start=start, end=end, granularity="day", text="", reason="test")


def test_gold_values_name_their_period() -> None:
    assert gold_period("2008-02-12") == ("day", (2008, 2, 12))
    assert gold_period("2008-02-12T10:30") == ("day", (2008, 2, 12))
    assert gold_period("2008-02-XX") == ("month", (2008, 2))
    assert gold_period("2008-02") == ("month", (2008, 2))
    assert gold_period("2008-W07") == ("week", (2008, 7))
    assert gold_period("2008") == ("year", (2008,))
    assert gold_period("PAST_REF") is None
    assert gold_period("XXXX-XX-XX") is None


def test_a_prediction_matches_when_its_whole_range_is_in_the_gold_period() -> None:
    day = _range(date(2008, 2, 12), date(2008, 2, 12))
    assert matches(day, "2008-02-12")
    assert not matches(day, "2008-02-13")
    assert matches(day, "2008-02-XX") and matches(day, "2008-W07") and matches(day, "2008")
    month = _range(date(2008, 2, 1), date(2008, 2, 29))
    assert matches(month, "2008-02") and matches(month, "2008")
    assert not matches(month, "2008-02-12") and not matches(month, "2008-W07")
    assert not matches(_range(None, date(2008, 2, 12)), "2008")  # an open range is never right
    assert not matches(_range(date(2007, 12, 30), date(2008, 1, 2)), "2008")


def test_read_gold_reports_bad_lines(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"dct": "2020-01-01", "text": "x", "event_mentions": [{"start": 0}]}\n')
    with pytest.raises(InputError, match="E104"):
        read_gold(bad)
    bad.write_text("not json\n")
    with pytest.raises(InputError, match="E104"):
        read_gold(bad)
    with pytest.raises(InputError, match="E101"):
        read_gold(tmp_path / "missing.jsonl")


def test_run_on_the_small_fixture(coder: Coder) -> None:
    result = SCORER.run(SMALL, coder=coder)
    values = {m.name: (round(m.value, 3), m.n) for m in result.metrics}
    assert values["dev accuracy"] == (0.667, 3)  # "Rebels attacked the town." has no date
    assert values["dev story-date baseline"] == (0.0, 3)
    assert values["test accuracy"] == (1.0, 3)  # last week -> W22, in 2019, today
    assert values["test story-date baseline"] == (0.333, 3)
    assert values["all accuracy"] == (0.833, 6)
    assert result.n == 6
    assert any("1 mention(s) with a value naming no period" in note for note in result.notes)
    misses = [row for row in result.details if row[0].startswith("miss")]
    assert misses == [
        (
            "miss small-4 'attacked'",
            "gold 2024-06-04; got 2024-06-05..2024-06-05: story date 2024-06-05 "
            "(no date in the text)",
        )
    ]


def test_the_scorer_is_registered_and_needs_a_coder() -> None:
    assert get_scorer("event-dates") is SCORER
    with pytest.raises(ValueError, match="needs a coder"):
        SCORER.run(SMALL, coder=None)


def test_our_gold_set_is_real_sourced_and_big_enough() -> None:
    lines = Path(DEFAULT_GOLD).read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    docs = read_gold(Path(DEFAULT_GOLD))
    mentions = [m for d in docs for m in d.mentions]
    assert len(docs) >= 15 and len(mentions) >= 60
    assert {d.split for d in docs} == {"dev", "test", "holdout"}
    for record, doc in zip(records, docs, strict=True):
        assert record["source"].startswith("wikinews-sample/") and record["line"] >= 1
        assert record["url"].startswith("https://en.wikinews.org/")
        for mention in doc.mentions:
            assert doc.text[mention.start : mention.end] == mention.text
            assert gold_period(mention.time) is not None
    off_story = [m for d in docs for m in d.mentions if m.time != d.dct.isoformat()]
    assert len(off_story) >= len(mentions) // 2
