"""The seed article (samples/seed) must yield the records the project started from."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from polevent.ingest import iter_articles
from polevent.pipeline import Coder, code_article
from polevent.records import Article, EventRecord

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SEED = SAMPLES / "seed" / "000_fc17845972f5dceb.txt"


@pytest.fixture(scope="module")
def seed(golden_coder: Coder) -> tuple[Article, list[EventRecord]]:
    [article] = list(iter_articles([SEED]))
    assert isinstance(article, Article)
    return article, code_article(article, golden_coder)


def _dyad(event: EventRecord) -> tuple[set[str], set[str]]:
    return {a.code for a in event.source}, {a.code for a in event.target}


def test_phone_call_is_india_consulting_afghanistan_by_phone(
    seed: tuple[Article, list[EventRecord]],
) -> None:
    article, events = seed
    calls = [e for e in events if e.cameo_code == "041"]
    # CAMEO [041:041]: a phone call is coded both ways, the second record says so in its reason.
    assert sorted(tuple(map(sorted, _dyad(e))) for e in calls) == [
        (["AFGGOV"], ["INDGOV"]),
        (["INDGOV"], ["AFGGOV"]),
    ]
    [call] = [e for e in calls if _dyad(e) == ({"INDGOV"}, {"AFGGOV"})]
    [back] = [e for e in calls if e is not call]
    assert "reverse of [041:041]" in back.code_reason
    assert (call.plover_type, call.plover_mode, call.quad_class) == ("CONSULT", "phone", 1)
    assert "phone conversation" in call.evidence.text
    assert article.text[call.evidence.start : call.evidence.end] == call.evidence.text
    assert "Jaishankar" in call.source[0].text and "2019-05-30" in call.source[0].reason
    assert call.target[0].text == "Amir Khan Muttaqi"
    assert article.text[call.target[0].start : call.target[0].end] == "Amir Khan Muttaqi"
    assert call.modality == "asserted"
    # the word that coded it, by its article offsets
    trigger = call.evidence.trigger_start, call.evidence.trigger_end
    assert trigger[0] is not None and trigger[1] is not None
    assert article.text[trigger[0] : trigger[1]] == call.trigger == "held"


def test_taliban_regime_condemns_the_attack(seed: tuple[Article, list[EventRecord]]) -> None:
    _, events = seed
    [condemn] = [e for e in events if e.cameo_code == "111"]
    assert {a.code for a in condemn.source} == {"AFGGOV"}
    assert condemn.plover_type == "ACCUSE"
    assert "terrorism" in condemn.plover_context and "'terror'" in condemn.code_reason
    assert "condemned" in condemn.evidence.text


def test_afghanistan_asks_india_for_visas(seed: tuple[Article, list[EventRecord]]) -> None:
    _, events = seed
    [request] = [e for e in events if e.cameo_root == "02"]
    assert _dyad(request) == ({"AFGGOV"}, {"INDGOV"})
    assert request.plover_type == "REQUEST"
    assert "visas" in request.evidence.text
    assert "migration" in request.plover_context


def test_india_supports_afghanistan(seed: tuple[Article, list[EventRecord]]) -> None:
    _, events = seed
    support = [
        e
        for e in events
        if e.cameo_root in {"03", "05"}
        and _dyad(e) == ({"INDGOV"}, {"AFGGOV"})
        and e.plover_type in {"SUPPORT", "AGREE"}
    ]
    assert support, "no IND GOV -> AFG GOV appreciation or support"


def test_no_wrong_country_and_no_date_after_the_story(
    seed: tuple[Article, list[EventRecord]],
) -> None:
    _, events = seed
    current = [e for e in events if e.modality != "historical"]
    countries = {a.country for e in current for a in (*e.source, *e.target)}
    assert countries <= {"IND", "AFG"}
    # the background attack: Pakistan-linked terrorists killed tourists (no country of their own)
    background = {(a.country, a.sector) for e in events if e not in current for a in e.source}
    assert background <= {("PAK", "UAF")}
    for event in events:
        assert event.published_at == datetime(2025, 5, 16, 11, 57)
        # each event's own date (issue 7, tests/golden/test_seed_dates.py), never after the story
        assert event.date.end is not None and event.date.end.isoformat() <= "2025-05-16"
        assert event.date.reason
        assert event.code_reason and all(a.reason for a in (*event.source, *event.target))


def test_statement_carries_its_quote_and_speaker(seed: tuple[Article, list[EventRecord]]) -> None:
    _, events = seed
    [noted] = [e for e in events if e.trigger == "noted"]
    assert (noted.cameo_code, noted.plover_type) == ("010", "STATEMENT")
    assert noted.speaker == "Jaishankar"  # "He also noted ...": the pronoun resolved
    assert noted.quote == "that both sides discussed ways to move bilateral cooperation forward"
    # reported speech: "Jaishankar added that he had reaffirmed ..." keeps Jaishankar as actor
    # and records who reported it
    [reaffirmed] = [e for e in events if e.trigger == "reaffirmed"]
    assert reaffirmed.speaker == "Jaishankar"
    assert reaffirmed.quote is not None and reaffirmed.quote.startswith("that he had reaffirmed")
    assert all(e.quote is None for e in events if e.trigger in {"held", "condemned", "welcomed"})


def test_seed_actors_carry_their_dated_reasons(seed: tuple[Article, list[EventRecord]]) -> None:
    """Who the seed's people were on 16 May 2025, and why (issue 5's golden check)."""
    _, events = seed
    [call] = [e for e in events if e.cameo_code == "041" and e.target[0].code == "AFGGOV"]
    [muttaqi] = call.target
    assert (muttaqi.text, muttaqi.code, muttaqi.kb_id) == (
        "Amir Khan Muttaqi",
        "AFGGOV",
        "polevent:amir_khan_muttaqi",
    )
    assert (
        "acting foreign minister of the Taliban interim government since 2021-09-07, "
        "valid 2021-09-07.." in muttaqi.reason
    )
    [jaishankar] = call.source
    assert jaishankar.code == "INDGOV" and jaishankar.kb_id == "polevent:s_jaishankar"
    assert "Indian Minister of External Affairs since 2019-05-30" in jaishankar.reason
    # Further on, "Jaishankar" alone is the same person (an alias, dated like the full name).
    later = [a for e in events for a in e.source if a.text == "Jaishankar"]
    assert later and {a.kb_id for a in later} == {"polevent:s_jaishankar"}
