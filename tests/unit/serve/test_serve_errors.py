"""Errors: one JSON shape with polevent's codes, never a stack trace."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from polevent.serve import create_app

pytestmark = pytest.mark.anyio


def _error(response: httpx.Response) -> dict[str, Any]:
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "where"}
    error: dict[str, Any] = body["error"]
    return error


async def test_unknown_mention_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/events/0000000000000000")
    assert response.status_code == 404
    assert _error(response)["code"] == "H404"
    assert _error(await client.get("/no/such/page"))["code"] == "H404"


@pytest.mark.parametrize(
    ("params", "code", "where"),
    [
        ({"since": "2025-13-01"}, "E105", "query.since"),
        ({"until": "last tuesday"}, "E105", "query.until"),
        ({"quad": "7"}, "E106", "query.quad"),
        ({"per_page": "0"}, "E106", "query.per_page"),
        ({"page": "x"}, "E106", "query.page"),
        ({"dyad": "IND"}, "E106", "query.dyad"),
        ({"near": "1,2"}, "E106", "query.near"),
        ({"count_by": "article"}, "E106", "query.count_by"),
    ],
)
async def test_bad_parameters_are_422(
    client: httpx.AsyncClient, params: dict[str, str], code: str, where: str
) -> None:
    response = await client.get("/api/events", params=params)
    assert response.status_code == 422
    error = _error(response)
    assert (error["code"], error["where"]) == (code, where)
    assert "Traceback" not in response.text


async def test_bad_series_period_is_422(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/dyads/IND/AFG/series", params={"by": "year"})
    assert response.status_code == 422 and _error(response)["where"] == "query.by"


async def test_wrong_method_is_405(client: httpx.AsyncClient) -> None:
    response = await client.delete("/api/stats")
    assert response.status_code == 405 and _error(response)["code"] == "H405"


async def test_an_unexpected_failure_is_a_generic_500(served_db: Path) -> None:
    app = create_app(db=str(served_db))

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals at /home/user/db.sqlite")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        response = await c.get("/boom")
    assert response.status_code == 500
    assert _error(response) == {"code": "H500", "message": "internal error", "where": None}
    assert "secret" not in response.text


async def test_a_missing_store_is_reported_at_start_up(tmp_path: Path) -> None:
    app: FastAPI = create_app(db=str(tmp_path / "missing.db"))
    from polevent.errors import StoreError

    with pytest.raises(StoreError) as raised:
        async with app.router.lifespan_context(app):
            pass
    assert raised.value.code == "E401"
    assert not (tmp_path / "missing.db").exists()


def test_factory_checks_its_options() -> None:
    with pytest.raises(ValueError, match="write_token"):
        create_app(db="x.db", write_token=" ")
    with pytest.raises(ValueError, match="page_max"):
        create_app(db="x.db", page_max=0)
