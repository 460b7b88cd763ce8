"""The time scorer: reading the gold format (both dct formats, empty TIMEX3s), span matching,
and a full run on three invented documents in the timex_gold.jsonl format
(fixtures/eval/timex/)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from polevent.errors import InputError
from polevent.evaluate.base import EvalResult, Metric
from polevent.evaluate.registry import get_scorer
from polevent.evaluate.timex import SCORER, TARGET, match_spans, parse_dct, read_gold
from polevent.pipeline import Coder

FIXTURE = Path(__file__).parents[2] / "fixtures" / "eval" / "timex" / "timex_small.jsonl"


def by_name(result: EvalResult, name: str) -> Metric:
    found = [m for m in result.metrics if m.name == name]
    assert len(found) == 1, name
    return found[0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2013-03-22", date(2013, 3, 22)),
        ("2013-03-22T10:15:00", date(2013, 3, 22)),
        ("20130322", date(2013, 3, 22)),
        ("03-02-2009", date(2009, 2, 3)),
        (None, None),
        ("", None),
    ],
)
def test_parse_dct(raw: str | None, expected: date | None) -> None:
    assert parse_dct(raw) == expected


@pytest.mark.parametrize("raw", ["March 2013", "2013-02-30", "32-01-2009"])
def test_parse_dct_rejects_what_it_cannot_read(raw: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_dct(raw, path="gold.jsonl", line=3)
    assert caught.value.code == "E105"


def test_read_gold_fixture() -> None:
    docs = read_gold(FIXTURE)
    assert [d.doc_id for d in docs] == ["toy1", "toy2", "toy3"]
    assert [d.dct for d in docs] == [date(2025, 5, 16), date(2009, 2, 3), None]
    assert [len(d.timexes) for d in docs] == [6, 3, 2]
    assert [d.without_text for d in docs] == [0, 1, 0]
    dateline = docs[1].timexes[0]
    assert dateline.dateline and dateline.text == "February 03 , 2009"
    assert docs[1].text[dateline.start : dateline.end] == dateline.text


def test_read_gold_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"text": "x", "timexes": []}\n{not json\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_gold(broken)
    assert (caught.value.code, caught.value.line) == ("E104", 2)
    missing = tmp_path / "missing.jsonl"
    missing.write_text('{"dct": "2020-01-01", "text": "x"}\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_gold(missing)
    assert caught.value.code == "E106"


def test_match_spans_is_one_to_one_and_largest_overlap_first() -> None:
    gold = [(0, 10), (20, 25), (40, 45)]
    found = [(2, 8), (0, 12), (21, 30), (50, 55)]
    assert sorted(match_spans(gold, found)) == [(0, 1), (1, 2)]
    assert match_spans([], found) == []


def test_registry_knows_the_scorer() -> None:
    scorer = get_scorer("time")
    assert scorer is SCORER
    assert scorer.default_gold == "temporal/timex_gold.jsonl.gz"


def test_run_needs_a_coder() -> None:
    with pytest.raises(ValueError, match="coder"):
        SCORER.run(FIXTURE, coder=None)


def test_run_on_the_fixture(coder: Coder) -> None:
    result = SCORER.run(FIXTURE, coder=coder)
    assert (result.scorer, result.n) == ("time", 11)
    assert "1 empty TIMEX3s" in result.notes[0]
    assert "(toy3)" in result.notes[1]
    # toy-news: Thursday, next week, 1947, Friday right; "that season" read by no method;
    # dateparser alone puts "Friday" (said on a Friday) a week back
    ours = by_name(result, "toy-news DATE+TIME value on gold spans (rules+dateparser)")
    assert (ours.value, ours.n, ours.target) == (0.8, 5, TARGET)
    library = by_name(result, "toy-news DATE+TIME value on gold spans (dateparser)")
    assert (library.value, library.n) == (0.6, 5)
    assert by_name(result, "toy-news DURATION value on gold spans (rules+dateparser)").value == 1
    # MEANTIME-style documents: DD-MM-YYYY dct, and no dct (anchored on the dateline)
    meantime = by_name(result, "meantime-en DATE+TIME value on gold spans (rules+dateparser)")
    assert (meantime.value, meantime.n) == (1.0, 5)
    no_dateline = "meantime-en DATE+TIME w/o dateline value on gold spans (rules+dateparser)"
    assert by_name(result, no_dateline).n == 4
    # end to end: "now" is found but not in the gold; "Monday" below line 6 of a MEANTIME
    # document is outside its annotated part and not counted
    precision = by_name(result, "toy-news end-to-end exact span P")
    recall = by_name(result, "toy-news end-to-end exact span R")
    assert precision.value == pytest.approx(5 / 6) and precision.n == 6
    assert recall.value == pytest.approx(5 / 6) and recall.n == 6
    assert by_name(result, "meantime-en end-to-end exact span P").value == 1.0
    overall = by_name(result, "all end-to-end value F1 (span overlaps and value right)")
    assert overall.value == pytest.approx(10 / 11) and overall.n == 11
    assert by_name(result, "all end-to-end value on matched spans").value == 1.0


def test_run_limit(coder: Coder) -> None:
    result = SCORER.run(FIXTURE, coder=coder, limit=1)
    assert result.n == 6
    assert {m.name.split()[0] for m in result.metrics} == {"toy-news", "all"}
