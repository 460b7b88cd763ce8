"""Hand-built mentions with every field filled (places, counts, quotes, compound actors), their
articles, and a SQLite store holding them. (The store tests' ``make_event`` lives in
tests/unit/store/conftest.py, which other test folders cannot import; these events also need
places, counts and quotes it does not fill.)"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from polevent import ids
from polevent.export import ExportInput
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
from polevent.store import SqliteStore, open_sqlite

CALL_TEXT = (
    "Indian External Affairs Minister S Jaishankar held a phone call with Amir Khan Muttaqi. "
    "India and Pakistan criticised Nepal in Kathmandu on Friday."
)
PROTEST_TEXT = 'Police arrested 12 protesters in Lahore, "we will return", a leader said.'


def actor(code: str, country: str | None, *, text: str, name: str | None = None) -> ActorRef:
    return ActorRef(
        text=text,
        code=code,
        country=country,
        sector=code[3:6] or None,
        name=name,
        kb_id=None if name is None else f"polevent:{name.lower().replace(' ', '_')}",
        reason=f"test actor {code}",
        start=CALL_TEXT.find(text),
        end=CALL_TEXT.find(text) + len(text),
        confidence=0.9,
    )


def article(text: str, url: str | None, when: datetime | None) -> Article:
    return Article(
        id=ids.article_id(text=text, url=url),
        title=f"Title: {text[:30]}",
        text=text,
        published_at=when,
        url=url,
        source="tests",
    )


def event(
    art: Article,
    *,
    sentence: int,
    source: tuple[ActorRef, ...],
    target: tuple[ActorRef, ...],
    cameo: str,
    plover: str,
    evidence: str,
    trigger: str,
    day: date | None,
    place: Place | None = None,
) -> EventRecord:
    start = art.text.find(evidence)
    return EventRecord(
        event_id=ids.event_id(
            article=art.id,
            sentence_index=sentence,
            source_codes=[a.code for a in source],
            target_codes=[a.code for a in target],
            cameo_code=cameo,
            trigger_start=start,
        ),
        article_id=art.id,
        sentence_index=sentence,
        evidence=Evidence(text=evidence, start=start, end=start + len(evidence)),
        source=source,
        target=target,
        cameo_code=cameo,
        cameo_root=cameo[:2],
        cameo_label=f"label of {cameo}",
        quad_class=1 if cameo < "09" else 3,
        goldstein=1.0 if cameo < "09" else -2.0,
        plover_type=plover,
        plover_mode="phone" if cameo == "041" else None,
        plover_context=("diplomatic", "security") if cameo == "041" else (),
        plover_intensity=2.5 if cameo == "041" else None,
        modality="asserted",
        trigger=trigger,
        code_reason=f"verb pattern for {trigger}",
        published_at=art.published_at,
        date=EventDate(
            start=day,
            end=day,
            granularity="unknown" if day is None else "day",
            text="on Friday" if day else "",
            reason="test date",
        ),
        place=place,
        coder_version="polevent test",
        data_version="data test",
    )


KATHMANDU = Place(
    name="Kathmandu",
    geonameid=1283240,
    lat=27.70169,
    lon=85.3206,
    admin1="Bagmati Province",
    country="NPL",
    feature="PPLC",
    text="Kathmandu",
    reason="gazetteer: capital",
)
LAHORE = Place(
    name="Lahore",
    geonameid=1172451,
    lat=31.558,
    lon=74.35071,
    admin1="Punjab",
    country="PAK",
    feature="PPLA",
    text="Lahore",
    reason="gazetteer: city",
    precision="point",
    confidence=0.8,
)
GERMANY = Place(
    name="Germany",
    geonameid=2921044,
    lat=51.5,
    lon=10.5,
    admin1=None,
    country="DEU",
    feature="PCLI",
    text="Germany",
    reason="gazetteer: country",
    precision="country",
)


def build_events() -> tuple[list[Article], list[EventRecord]]:
    """Three articles, four mentions: a phone call (both directions), a compound-actor
    criticism in Kathmandu, a protest arrest in Lahore with counts and a quote, and an
    undated event of an undated article in Germany."""
    call = article(
        CALL_TEXT, "https://www.example.org/news/call", datetime(2025, 5, 16, 9, 30, tzinfo=UTC)
    )
    protest = article(PROTEST_TEXT, None, datetime(2025, 5, 17, 8, 0, tzinfo=UTC))
    undated = article("Germany banned Mahan Air.", "https://news.example.com/a", None)
    ind = actor("INDGOV", "IND", text="S Jaishankar", name="S Jaishankar")
    afg = actor("AFGGOV", "AFG", text="Amir Khan Muttaqi", name="Amir Khan Muttaqi")
    pak = actor("PAKGOV", "PAK", text="Pakistan")
    npl = actor("NPLGOV", "NPL", text="Nepal")
    first = CALL_TEXT.split(". ", maxsplit=1)[0] + "."
    second = CALL_TEXT.split(". ")[1]
    events = [
        event(
            call,
            sentence=0,
            source=(ind,),
            target=(afg,),
            cameo="041",
            plover="CONSULT",
            evidence=first,
            trigger="phone call",
            day=date(2025, 5, 15),
        ),
        event(
            call,
            sentence=1,
            source=(replace(ind, name=None, text="India"), pak),
            target=(npl,),
            cameo="111",
            plover="ACCUSE",
            evidence=second,
            trigger="criticised",
            day=date(2025, 5, 16),
            place=KATHMANDU,
        ),
        replace(
            event(
                protest,
                sentence=0,
                source=(actor("PAKCOP", "PAK", text="Police"),),
                target=(actor("PAKOPP", "PAK", text="protesters"),),
                cameo="173",
                plover="COERCE",
                evidence=PROTEST_TEXT,
                trigger="arrested",
                day=date(2025, 5, 17),
                place=LAHORE,
            ),
            counts=Counts(arrested=12),
            quote="we will return",
            speaker="a leader",
            confidence=FieldConfidence(event=0.75, source=0.9, target=0.6),
        ),
        event(
            undated,
            sentence=0,
            source=(actor("DEUGOV", "DEU", text="Germany"),),
            target=(actor("---BUS", None, text="Mahan Air"),),
            cameo="172",
            plover="SANCTION",
            evidence="Germany banned Mahan Air.",
            trigger="banned",
            day=None,
            place=GERMANY,
        ),
    ]
    return [call, protest, undated], events


@pytest.fixture
def export_input() -> ExportInput:
    articles, events = build_events()
    return ExportInput(events=events, articles={a.id: a for a in articles})


@pytest.fixture
def filled_db(tmp_path: Path) -> Iterator[Path]:
    """A SQLite store holding ``build_events()`` (closed again: tests open it by path)."""
    db = tmp_path / "events.db"
    articles, events = build_events()
    store: SqliteStore
    with open_sqlite(db) as store:
        for art in articles:
            store.add_article(art, [e for e in events if e.article_id == art.id])
    yield db
