"""``POST /api/code``: the write token, the body limit, input errors, untrusted text as data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.anyio

CALL = (
    "Indian Prime Minister Narendra Modi held a phone call with Pakistani Prime Minister "
    "Shehbaz Sharif on Monday."
)
TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


async def test_read_only_by_default(served_db: Path, client_for: Any) -> None:
    async with client_for(db=str(served_db)) as client:
        response = await client.post("/api/code", json={"text": CALL}, headers=AUTH)
        stats = (await client.get("/api/stats")).json()
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "H403"
    assert "write token" in response.json()["error"]["message"]
    assert stats["articles"] == 13


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", TOKEN])
async def test_a_token_is_needed_to_write(
    tmp_path: Path, client_for: Any, header: str | None
) -> None:
    headers = {} if header is None else {"Authorization": header}
    async with client_for(db=str(tmp_path / "w.db"), write_token=TOKEN) as client:
        response = await client.post("/api/code", json={"text": CALL}, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "H401"
    assert response.headers["www-authenticate"] == "Bearer"


async def test_coding_returns_records_and_stores_them_on_request(
    tmp_path: Path, client_for: Any
) -> None:
    body = {"text": CALL, "title": "Call", "published_at": "2025-03-03", "url": "https://x.test/a"}
    async with client_for(db=str(tmp_path / "w.db"), write_token=TOKEN) as client:
        dry = await client.post("/api/code", json=body, headers=AUTH)
        assert (await client.get("/api/stats")).json()["mentions"] == 0
        stored = await client.post("/api/code", params={"store": "true"}, json=body, headers=AUTH)
        listed = (await client.get("/api/events", params={"dyad": "IND,PAK"})).json()
    assert dry.status_code == 200 and stored.status_code == 200
    assert dry.json()["stored"] is False and stored.json()["stored"] is True
    records = stored.json()["events"]
    coded = sorted(
        (r["cameo_code"], r["source"][0]["code"], r["target"][0]["code"]) for r in records
    )
    assert coded == [("041", "INDGOV", "PAKGOV"), ("041", "PAKGOV", "INDGOV")]  # a call: both ways
    assert dry.json()["events"] == records
    assert stored.json()["events_added"] == 2
    assert stored.json()["article"]["published_at"] == "2025-03-03T00:00:00"
    forward = [r["event_id"] for r in records if r["source"][0]["code"] == "INDGOV"]
    assert [e["event_id"] for e in listed["events"]] == forward


async def test_script_in_posted_text_comes_back_as_json_data(
    tmp_path: Path, client_for: Any
) -> None:
    script = "<script>alert('x')</script>"
    text = f"{CALL} {script} India said."
    async with client_for(db=str(tmp_path / "w.db"), write_token=TOKEN) as client:
        response = await client.post(
            "/api/code", params={"store": "true"}, json={"text": text}, headers=AUTH
        )
        listed = await client.get("/api/events", params={"text": "script"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert listed.headers["content-type"] == "application/json"
    assert any(script in e["evidence"]["text"] for e in listed.json()["events"])


@pytest.mark.parametrize(
    ("content", "status", "code"),
    [
        (b"{not json", 400, "E104"),
        (b"[1, 2]", 400, "E104"),
        (b"", 400, "E104"),
        (b'{"title": "no text"}', 422, "E106"),
        (b'{"text": "   "}', 422, "E106"),
        (b'{"text": 5}', 422, "E106"),
        (b'{"text": "x", "published_at": "the day after"}', 422, "E105"),
        (b'{"text": "\xff\xfe"}', 422, "E103"),
    ],
)
async def test_bad_bodies(
    tmp_path: Path, client_for: Any, content: bytes, status: int, code: str
) -> None:
    async with client_for(db=str(tmp_path / "w.db"), write_token=TOKEN) as client:
        response = await client.post(
            "/api/code", content=content, headers={**AUTH, "Content-Type": "application/json"}
        )
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["where"] == "body"


async def test_huge_body_is_413_before_parsing(tmp_path: Path, client_for: Any) -> None:
    huge = b'{"text": "' + b"a" * 5_000 + b'"}'
    async with client_for(db=str(tmp_path / "w.db"), write_token=TOKEN, max_body_bytes=1000) as c:
        declared = await c.post("/api/code", content=huge, headers=AUTH)

        async def chunks() -> Any:  # no Content-Length: counted while read
            for start in range(0, len(huge), 512):
                yield huge[start : start + 512]

        streamed = await c.post("/api/code", content=chunks(), headers=AUTH)
    for response in (declared, streamed):
        assert response.status_code == 413
        assert response.json()["error"] == {
            "code": "E108",
            "message": "input too large: the body exceeds 1000 bytes",
            "where": "body",
        }
