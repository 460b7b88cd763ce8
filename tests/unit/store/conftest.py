"""Small factories for hand-built Articles and EventRecords, and a store on every backend.

The ``store`` fixture (and ``backend``) runs each test on SQLite (a file in a temp directory) and
on PostgreSQL (a fresh schema in the server at $POLEVENT_TEST_PG_URL). Without that variable the
PostgreSQL runs fail, never skip: ``make unit`` starts a throw-away server and sets it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from store_backends import NO_POSTGRES, PG_ENV, Backend, PostgresBackend, SqliteBackend

from polevent import ids
from polevent.records import ActorRef, Article, EventDate, EventRecord, Evidence
from polevent.store._sql import SqlStore

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
def pg_url() -> Iterator[str]:
    """A URL of the test server whose ``search_path`` is a fresh schema, dropped afterwards."""
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.fail(NO_POSTGRES, pytrace=False)
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    joiner = "&" if "?" in server else "?"
    yield f"{server}{joiner}options={quote(f'-csearch_path={schema}')}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "sqlite":
        return SqliteBackend(tmp_path / "events.db")
    return PostgresBackend(request.getfixturevalue("pg_url"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """The SQLite file of SQLite-only tests."""
    return tmp_path / "events.db"


@pytest.fixture
def store(backend: Backend) -> Iterator[SqlStore]:
    with backend.open() as opened:
        yield opened
