"""Stores for the dashboard tests, filled with hand-built records.

The records come from the export tests' factories (tests/unit/export/conftest.py: ``article``,
``actor``, ``event``, ``build_events``), loaded by path since conftest modules cannot be imported
by name (as tests/unit/query/conftest.py does with the store tests' factories).
"""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType

from polevent.records import Article, EventRecord, Evidence, Place
from polevent.store import open_sqlite


def _export_factories() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "export" / "conftest.py"
    spec = importlib.util.spec_from_file_location("_export_conftest", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


factories = _export_factories()

AID_TEXT = "India sent wheat to Afghanistan. Afghanistan thanked India for the wheat."
REPLY_TEXT = "Afghanistan accused India of meddling."
HOSTILE = "<script>window.pwned=1</script>"
HOSTILE_IMG = "<img src=x onerror=window.pwned=2>"
HOSTILE_TEXT = f"Officials in {HOSTILE} said {HOSTILE_IMG} attacked the border post."


def dashboard_records() -> list[tuple[Article, list[EventRecord]]]:
    """The export tests' four mentions (IND->AFG phone call on 2025-05-15, IND+PAK->NPL in
    Kathmandu, PAK->PAK arrest in Lahore, undated DEU->---BUS in Germany), a syndicated copy of
    the call (same event, second mention), IND->AFG aid on 2025-05-28 and AFG->IND on 2025-06-02.
    """
    articles, events = factories.build_events()
    call = articles[0]
    copy = factories.article(
        call.text, "https://mirror.example.net/call", datetime(2025, 5, 16, 11, 0, tzinfo=UTC)
    )
    first = events[0]
    copied = factories.event(
        copy,
        sentence=0,
        source=first.source,
        target=first.target,
        cameo=first.cameo_code,
        plover=first.plover_type,
        evidence=first.evidence.text,
        trigger=first.trigger,
        day=first.date.start,
    )
    aid = factories.article(AID_TEXT, None, datetime(2025, 5, 28, 8, 0, tzinfo=UTC))
    reply = factories.article(REPLY_TEXT, None, datetime(2025, 6, 2, 8, 0, tzinfo=UTC))
    ind = factories.actor("INDGOV", "IND", text="India")
    afg = factories.actor("AFGGOV", "AFG", text="Afghanistan")
    sent = factories.event(
        aid,
        sentence=0,
        source=(ind,),
        target=(afg,),
        cameo="070",
        plover="AID",
        evidence="India sent wheat to Afghanistan.",
        trigger="sent",
        day=date(2025, 5, 28),
    )
    accused = factories.event(
        reply,
        sentence=0,
        source=(afg,),
        target=(ind,),
        cameo="112",
        plover="ACCUSE",
        evidence=REPLY_TEXT,
        trigger="accused",
        day=date(2025, 6, 2),
    )
    by_article = {a.id: (a, [e for e in events if e.article_id == a.id]) for a in articles}
    return [*by_article.values(), (copy, [copied]), (aid, [sent]), (reply, [accused])]


def hostile_records() -> list[tuple[Article, list[EventRecord]]]:
    """One article whose text, actors, place and reasons carry markup."""
    art = factories.article(HOSTILE_TEXT, None, datetime(2025, 7, 1, 8, 0, tzinfo=UTC))
    source = replace(
        factories.actor("USAGOV", "USA", text=HOSTILE), reason=f"dictionary {HOSTILE_IMG}"
    )
    target = replace(factories.actor("IRNMIL", "IRN", text=HOSTILE_IMG), reason=HOSTILE)
    place = Place(
        name=HOSTILE,
        geonameid=None,
        lat=10.0,
        lon=20.0,
        admin1=HOSTILE_IMG,
        country="IRN",
        feature=None,
        text=HOSTILE,
        reason=HOSTILE_IMG,
    )
    record = factories.event(
        art,
        sentence=0,
        source=(source,),
        target=(target,),
        cameo="190",
        plover="ASSAULT",
        evidence=HOSTILE_TEXT,
        trigger="attacked",
        day=date(2025, 7, 1),
        place=place,
    )
    record = replace(
        record,
        code_reason=HOSTILE,
        cameo_label=HOSTILE_IMG,
        evidence=Evidence(text=HOSTILE_TEXT, start=0, end=len(HOSTILE_TEXT)),
        date=replace(record.date, reason=HOSTILE_IMG, text=HOSTILE),
    )
    return [(art, [record])]


def fill(db: Path, records: list[tuple[Article, list[EventRecord]]]) -> Path:
    """A SQLite store at ``db`` holding ``records`` (closed again: the app opens it by path)."""
    with open_sqlite(db) as store:
        for art, events in records:
            store.add_article(art, events)
    return db
