"""Issue 7's check on the seed: the phone call is dated by "on Thursday", and the Pahalgam attack
the article mentions in passing is historical, with 26 killed and a date before the call.

The coder makes no ``EventRecord`` for the attack itself ("where 26 tourists were killed" names
no actor with a country, so ``coding.events`` keeps no event), so its date and count are checked
on the seed as the pipeline parses it, with the functions the pipeline uses for every record
(``find_timexes`` once per document, ``event_date``, ``find_counts`` + ``counts_for``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from polevent.ingest import iter_articles
from polevent.pipeline import Coder, code_article
from polevent.records import Article, EventRecord
from polevent.resolve.counts import counts_for, find_counts
from polevent.resolve.dates import event_date, lead_event
from polevent.resolve.timex import find_timexes

SEED = Path(__file__).resolve().parents[2] / "samples" / "seed" / "000_fc17845972f5dceb.txt"
CALL_DAY = date(2025, 5, 15)
STORY_DAY = date(2025, 5, 16)


@pytest.fixture(scope="module")
def seed(golden_coder: Coder) -> tuple[Article, list[EventRecord]]:
    [article] = list(iter_articles([SEED]))
    assert isinstance(article, Article)
    return article, code_article(article, golden_coder)


@pytest.fixture(scope="module")
def parsed(golden_coder: Coder, seed: tuple[Article, list[EventRecord]]) -> Any:
    article, _ = seed
    return golden_coder.nlp(article.text)


def _token(doc: Any, text: str, *, after: str) -> Any:
    at = doc.text.index(text, doc.text.index(after))
    span = doc.char_span(at, at + len(text))
    assert span is not None
    return span.root


def test_the_phone_call_is_dated_thursday(seed: tuple[Article, list[EventRecord]]) -> None:
    _, events = seed
    calls = [e for e in events if e.cameo_code == "041"]
    assert len(calls) == 2
    for call in calls:
        assert (call.date.start, call.date.end, call.date.granularity) == (
            CALL_DAY,
            CALL_DAY,
            "day",
        )
        assert call.date.text == "on Thursday"
        assert (
            "'on Thursday'" in call.date.reason and "the same event as 'call'" in call.date.reason
        )


def test_follow_on_events_of_the_call_share_its_day(
    seed: tuple[Article, list[EventRecord]],
) -> None:
    _, events = seed
    [requested] = [e for e in events if e.trigger == "requested"]  # "During the call, ..."
    assert requested.date.start == requested.date.end == CALL_DAY
    for event in events:
        assert event.date.end is not None and event.date.end <= STORY_DAY


def test_the_condemnation_comes_days_before_the_call(
    seed: tuple[Article, list[EventRecord]],
) -> None:
    _, events = seed
    [condemn] = [e for e in events if e.cameo_code == "111"]
    assert condemn.date.start is None
    assert condemn.date.end is not None and condemn.date.end < CALL_DAY
    assert "days after" in condemn.date.reason


def test_the_pahalgam_attack_is_historical_with_26_killed(
    seed: tuple[Article, list[EventRecord]],
) -> None:
    """ "... Pahalgam, where 26 tourists were killed in a religiously motivated attack allegedly
    carried out by Pakistan-linked terrorists": a record of its own, background to the story."""
    _, events = seed
    [attack] = [e for e in events if e.trigger == "killed"]
    assert attack.cameo_code.startswith("19") or attack.cameo_code.startswith("18")
    assert attack.modality == "historical"
    assert attack.date.reason.startswith("historical"), attack.date.reason
    assert attack.date.start is None and attack.date.end is not None
    assert attack.date.end < CALL_DAY < STORY_DAY
    assert attack.counts.killed == 26 and attack.counts.injured is None
    assert [a.country for a in attack.source] == ["PAK"]
    assert [a.sector for a in attack.target] == ["CVL"]


def test_the_condemned_attack_noun_is_dated_as_background(
    seed: tuple[Article, list[EventRecord]], parsed: Any
) -> None:
    article, _ = seed
    timexes = find_timexes(parsed, anchor=article.published_at)
    lead = lead_event(parsed)
    assert lead is not None and lead.text == "held"
    attack = _token(parsed, "attack", after="recent terror")
    when = event_date(attack, timexes, published=article.published_at, lead=lead)
    assert when.reason.startswith("historical"), when.reason
    assert when.start is None and when.end is not None and when.end < CALL_DAY
    killed = _token(parsed, "killed", after="Pahalgam")
    mentions = [m for m in find_counts(killed.sent) if m.trigger_index == killed.i]
    assert counts_for(mentions).killed == 26 and mentions[0].noun == "tourists"


def test_since_1947_is_a_range_from_1947_never_the_story_date(
    seed: tuple[Article, list[EventRecord]], parsed: Any
) -> None:
    article, _ = seed
    timexes = find_timexes(parsed, anchor=article.published_at)
    remained = _token(parsed, "remained", after="Although")
    when = event_date(remained, timexes, published=article.published_at, lead=lead_event(parsed))
    assert (when.start, when.end, when.granularity) == (date(1947, 1, 1), STORY_DAY, "year")
    assert when.text == "since 1947"


def test_a_sample_bombing_carries_its_week_and_both_counts(golden_coder: Coder) -> None:
    """Wikinews 2019-01-24 (samples/wikinews.jsonl line 2): "Last week a Kabul car bombing
    killed five and wounded 110" -> the week before, 5 killed and 110 injured; "said the attack
    had killed twelve" is reported speech and gives the statement no count."""
    articles = list(iter_articles([SEED.parents[1] / "wikinews.jsonl"]))
    article = articles[1]
    assert isinstance(article, Article)
    events = code_article(article, golden_coder)
    [bombing] = [e for e in events if "car bombing" in e.evidence.text]
    assert (bombing.date.start, bombing.date.end, bombing.date.granularity) == (
        date(2019, 1, 14),
        date(2019, 1, 20),
        "week",
    )
    assert (bombing.counts.killed, bombing.counts.injured) == (5, 110)
    said = [e for e in events if "killed twelve" in e.evidence.text]
    assert said and all(e.counts.killed is None for e in said)
