"""Small factories for hand-built Articles and EventRecords, and a store in a temp directory."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from polevent import ids
from polevent.records import ActorRef, Article, EventDate, EventRecord, Evidence
from polevent.store import SqliteStore, open_sqlite

STORY_TIME = datetime(2025, 5, 16, 10, 0, tzinfo=UTC)
_UNSET: datetime = datetime.min


def actor(code: str, *, country: str | None = None, text: str | None = None) -> ActorRef:
    """An actor coded ``code``; its country defaults to the code's first three letters."""
    return ActorRef(
        text=text or f"the {code} mention",
        code=code,
        country=country if country is not None else (code[:3] if len(code) >= 3 else None),
        sector=code[3:6] or None,
        name=None,
        kb_id=None,
        reason=f"test actor {code}",
        start=0,
        end=5,
    )


def make_article(
    *, text: str = "Story text.", url: str | None = None, published_at: datetime | None = STORY_TIME
) -> Article:
    """An article whose id is derived from its text and url, as ingest does."""
    return Article(
        id=ids.article_id(text=text, url=url),
        title=f"Title of {text[:20]}",
        text=text,
        published_at=published_at,
        url=url,
        source="tests",
    )


def make_event(
    article: Article,
    *,
    sentence_index: int = 0,
    source: Sequence[str | ActorRef] = ("INDGOV",),
    target: Sequence[str | ActorRef] = ("PAKGOV",),
    cameo_code: str = "190",
    plover_type: str = "ASSAULT",
    date_start: date | None = None,
    published_at: datetime | None = _UNSET,
) -> EventRecord:
    """An event of ``article``; its id is derived like the pipeline's, ``published_at`` from it."""
    sources = tuple(a if isinstance(a, ActorRef) else actor(a) for a in source)
    targets = tuple(a if isinstance(a, ActorRef) else actor(a) for a in target)
    return EventRecord(
        event_id=ids.event_id(
            article=article.id,
            sentence_index=sentence_index,
            source_codes=[a.code for a in sources],
            target_codes=[a.code for a in targets],
            cameo_code=cameo_code,
            trigger_start=sentence_index * 100,
        ),
        article_id=article.id,
        sentence_index=sentence_index,
        evidence=Evidence(text=f"Sentence {sentence_index}.", start=0, end=11),
        source=sources,
        target=targets,
        cameo_code=cameo_code,
        cameo_root=cameo_code[:2],
        cameo_label=f"label {cameo_code}",
        quad_class=4,
        goldstein=-10.0,
        plover_type=plover_type,
        plover_mode=None,
        plover_context=("military",),
        plover_intensity=None,
        modality="asserted",
        trigger="attacked",
        code_reason="test verb pattern",
        published_at=article.published_at if published_at is _UNSET else published_at,
        date=EventDate(
            start=date_start,
            end=date_start,
            granularity="unknown" if date_start is None else "day",
            text="",
            reason="test date",
        ),
        place=None,
    )


@pytest.fixture
def new_article() -> Callable[..., Article]:
    return make_article


@pytest.fixture
def new_event() -> Callable[..., EventRecord]:
    return make_event


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "events.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[SqliteStore]:
    with open_sqlite(db_path) as opened:
        yield opened
