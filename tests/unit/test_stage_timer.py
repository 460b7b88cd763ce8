"""StageTimer adds up time per stage; timing a coding run never changes what it codes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from polevent.ingest import iter_articles
from polevent.pipeline import Coder, code_articles
from polevent.records import Article
from polevent.resolve.gazetteer import Candidate, InMemoryGazetteer
from polevent.stage_timer import StageTime, StageTimer, timed

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "wikinews.jsonl"
PIPELINE_STAGES = {"parse", "actors", "quotes", "events", "places", "dates", "counts", "records"}


def _country(geonameid: int, name: str, iso3: str) -> Candidate:
    return Candidate(
        geonameid=geonameid,
        name=name,
        lat=0.0,
        lon=0.0,
        feature_class="A",
        feature_code="PCLI",
        country=iso3,
        admin1=None,
        population=1_000_000,
        source="test",
    )


GAZETTEER = InMemoryGazetteer(
    [
        (_country(2921044, "Germany", "DEU"), ()),
        (_country(130758, "Iran", "IRN"), ()),
        (_country(6252001, "United States", "USA"), ("US",)),
    ]
)


def test_stages_add_up_in_first_seen_order() -> None:
    timer = StageTimer()
    timer.add("parse", 1_500_000_000)
    timer.add("events", 250_000_000)
    timer.add("parse", 500_000_000)
    assert timer.totals() == (
        StageTime(name="parse", seconds=2.0, calls=2),
        StageTime(name="events", seconds=0.25, calls=1),
    )
    assert timer.seconds("parse") == 2.0
    assert timer.seconds("never") == 0.0


def test_a_timed_block_counts_once_even_when_it_raises() -> None:
    timer = StageTimer()
    with timer.stage("dates"):
        pass
    with pytest.raises(ValueError), timer.stage("dates"):
        raise ValueError("boom")
    [stage] = timer.totals()
    assert (stage.name, stage.calls) == ("dates", 2)
    assert stage.seconds >= 0.0


def test_timed_without_a_timer_times_nothing() -> None:
    with timed(None, "parse"):
        value = 1
    assert value == 1


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    found = [item for item in iter_articles([SAMPLES]) if isinstance(item, Article)]
    assert len(found) >= 10
    return found


def test_coding_with_a_timer_gives_the_same_records(coder: Coder, articles: list[Article]) -> None:
    # small pieces, so articles are coded in several chunks; a gazetteer, so places run too
    placed = replace(
        coder, gazetteer=GAZETTEER, settings=replace(coder.settings, chunk_chars=1_500)
    )
    plain = list(code_articles(articles, placed))
    timer = StageTimer()
    timed_run = list(code_articles(articles, placed, timer=timer))
    assert timed_run == plain
    assert sum(len(records) for _, records in plain) > 20
    assert any(r.place is not None for _, records in plain for r in records)
    seen = {stage.name: stage for stage in timer.totals()}
    assert set(seen) == PIPELINE_STAGES
    assert seen["parse"].calls >= len(articles)  # one wait per parsed piece (and the end)
    assert all(stage.seconds > 0 for stage in seen.values())
