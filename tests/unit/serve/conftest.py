"""The API tests' store (the seed and the Wikinews sample coded with the real coder, once per
module) and an in-process client: ``httpx.AsyncClient`` over ``ASGITransport``, with the app's
lifespan run around it (ASGITransport does not send lifespan events)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from polevent.api import code
from polevent.pipeline import Coder
from polevent.serve import create_app

SAMPLES = Path(__file__).resolve().parents[3] / "samples"

ClientFactory = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def served_db(tmp_path_factory: pytest.TempPathFactory, coder: Coder) -> Path:
    """The seed (India-Afghanistan phone call, 16 May 2025) and the 12 Wikinews articles,
    coded and stored. Tests only read it."""
    db = tmp_path_factory.mktemp("serve") / "events.db"
    report = code([SAMPLES / "seed", SAMPLES / "wikinews.jsonl"], db=db, coder=coder)
    assert report.articles_coded == 13
    return db


@asynccontextmanager
async def running(app: FastAPI, **options: Any) -> AsyncIterator[httpx.AsyncClient]:
    """A client talking to ``app`` in process, inside the app's lifespan."""
    transport = httpx.ASGITransport(app=app, **options)
    base = "http://polevent.test"
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url=base) as c,
    ):
        yield c


@pytest.fixture
def client_for(coder: Coder) -> ClientFactory:
    """``client_for(db=..., write_token=..., ...)``: a running in-process client of that app."""

    def make(**options: Any) -> AbstractAsyncContextManager[httpx.AsyncClient]:
        transport_options = {
            key: options.pop(key) for key in ("raise_app_exceptions",) if key in options
        }
        app = create_app(coder_factory=lambda: coder, **options)
        return running(app, **transport_options)

    return make


@pytest.fixture
async def client(served_db: Path, client_for: ClientFactory) -> AsyncIterator[httpx.AsyncClient]:
    """A read-only client of the coded store."""
    async with client_for(db=str(served_db)) as opened:
        yield opened
