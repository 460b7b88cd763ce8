"""The read endpoints against a store coded from the seed and the Wikinews sample."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

pytestmark = pytest.mark.anyio


def _link(url: str) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(url)
    assert not parts.scheme and not parts.netloc  # relative: right behind a proxy too
    return parts.path, parse_qs(parts.query)


def _codes(actors: list[dict[str, Any]]) -> list[str]:
    return [actor["code"] for actor in actors]


async def test_seed_dyad_has_the_phone_call_with_its_evidence(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/events", params={"dyad": "IND,AFG"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    calls = [e for e in body["events"] if e["cameo_code"] == "041"]
    assert len(calls) == 1
    call = calls[0]
    assert _codes(call["source"]) == ["INDGOV"]
    assert _codes(call["target"]) == ["AFGGOV"]
    assert call["plover_type"] == "CONSULT"
    assert "held a phone conversation with Amir Khan Muttaqi" in call["evidence"]["text"]
    assert call["date"]["start"] == "2025-05-15"
    assert call["code_reason"] and call["date"]["reason"] and call["source"][0]["reason"]
    assert call["cluster_id"].startswith("ev-")
    # directed: nothing from Afghanistan to India here
    assert all(_codes(e["source"])[0].startswith("IND") for e in body["events"])


async def test_undirected_dyad_adds_the_reverse_and_counts_events_and_mentions(
    client: httpx.AsyncClient,
) -> None:
    directed = (await client.get("/api/events", params={"dyad": "IND,AFG"})).json()
    both = (await client.get("/api/events", params={"dyad": "IND,AFG", "directed": "false"})).json()
    assert both["mentions"] > directed["mentions"]
    assert any(_codes(e["source"]) == ["AFGGOV"] for e in both["events"])
    assert len(both["events"]) == both["mentions"]
    # the same call reported both ways in one sentence is one event, two mentions
    assert both["total"] < both["mentions"]
    by_mention = await client.get(
        "/api/events", params={"dyad": "IND,AFG", "directed": "false", "count_by": "mention"}
    )
    assert by_mention.json()["total"] == both["mentions"]


async def test_weekly_series_counts_match_the_event_list(client: httpx.AsyncClient) -> None:
    for directed in ("true", "false"):
        params = {"by": "week", "directed": directed}
        response = await client.get("/api/dyads/IND/AFG/series", params=params)
        assert response.status_code == 200
        points = response.json()["points"]
        assert [p["label"] for p in points] == ["2025-W20"]
        listed = await client.get("/api/events", params={"dyad": "IND,AFG", "directed": directed})
        point = points[0]
        assert point["period"] == "2025-05-12"
        assert point["events"] == listed.json()["total"] >= 1
        assert sum(point["by_quad"].values()) == point["events"]
        assert point["by_quad"]["1"] >= 1  # the phone call: verbal cooperation
        assert point["net_cooperation"] == pytest.approx(
            (
                point["by_quad"]["1"]
                + point["by_quad"]["2"]
                - point["by_quad"]["3"]
                - point["by_quad"]["4"]
            )
            / point["events"]
        )


async def test_series_by_day_with_a_window_has_empty_periods(client: httpx.AsyncClient) -> None:
    params = {"by": "day", "since": "2025-05-14", "until": "2025-05-16", "directed": "false"}
    points = (await client.get("/api/dyads/IND/AFG/series", params=params)).json()["points"]
    assert [p["label"] for p in points] == ["2025-05-14", "2025-05-15", "2025-05-16"]
    assert points[0]["events"] == 0 and points[0]["mean_goldstein"] is None
    assert points[1]["events"] >= 1


async def test_pagination_is_stable_and_links_follow(client: httpx.AsyncClient) -> None:
    everything = (await client.get("/api/events", params={"per_page": 500})).json()
    ids = [e["event_id"] for e in everything["events"]]
    assert len(ids) == everything["mentions"] > 20
    seen: list[str] = []
    url: str | None = "/api/events?per_page=7"
    pages = 0
    while url is not None:
        page = (await client.get(url)).json()
        assert page["per_page"] == 7 and len(page["events"]) <= 7
        seen += [e["event_id"] for e in page["events"]]
        url = page["next"]
        pages += 1
    assert seen == ids  # same order, no gaps, no repeats
    assert pages == -(-len(ids) // 7)
    second = (await client.get("/api/events", params={"per_page": 7, "page": 2})).json()
    assert _link(second["prev"]) == ("/api/events", {"per_page": ["7"], "page": ["1"]})
    assert _link(second["next"]) == ("/api/events", {"per_page": ["7"], "page": ["3"]})
    beyond = (await client.get("/api/events", params={"per_page": 7, "page": 999})).json()
    assert beyond["events"] == [] and beyond["next"] is None


async def test_per_page_is_capped(served_db: object, client_for: Any) -> None:
    async with client_for(db=str(served_db), page_max=5) as small:
        page = (await small.get("/api/events", params={"per_page": 10_000})).json()
    assert page["per_page"] == 5 and len(page["events"]) == 5
    assert _link(page["next"]) == ("/api/events", {"per_page": ["5"], "page": ["2"]})


@pytest.mark.parametrize(
    "params",
    [
        {"actor": "IND' OR '1'='1"},
        {"text": "%' OR 1=1; DROP TABLE events; --"},
        {"dyad": 'IND","AFG'},
        {"plover": 'CONSULT" OR ""="'},
        {"place_country": "'; SELECT * FROM articles --"},
        {"actor_name": "%_%"},
    ],
)
async def test_filters_are_parameterised(client: httpx.AsyncClient, params: dict[str, str]) -> None:
    response = await client.get("/api/events", params=params)
    assert response.status_code == 200
    assert response.json()["events"] == []
    assert (await client.get("/api/stats")).json()["mentions"] > 0  # nothing dropped


async def test_filters_narrow(client: httpx.AsyncClient) -> None:
    params = {
        "actor": "IND",
        "cameo": "04",
        "plover": "CONSULT",
        "quad": "1",
        "modality": "asserted",
        "since": "2025-01-01",
        "source": "",
        "target": "",
    }
    body = (await client.get("/api/events", params=params)).json()
    assert body["events"]
    for event in body["events"]:
        assert event["cameo_code"].startswith("04") and event["quad_class"] == 1
        assert event["date"]["start"] is None or event["date"]["start"] >= "2025-01-01"
    text = (await client.get("/api/events", params={"text": "phone conversation"})).json()
    assert text["events"] and all(
        "phone conversation" in e["evidence"]["text"].lower() for e in text["events"]
    )


async def test_one_mention_with_every_reason_and_its_event(client: httpx.AsyncClient) -> None:
    listed = (await client.get("/api/events", params={"dyad": "IND,AFG", "cameo": "041"})).json()
    mention_id = listed["events"][0]["event_id"]
    response = await client.get(f"/api/events/{mention_id}")
    assert response.status_code == 200
    body = response.json()
    assert body["event"] == listed["events"][0]
    assert mention_id in body["cluster"]["mentions"]
    assert body["cluster"]["cluster_id"] == body["event"]["cluster_id"]
    assert body["cluster"]["reason"]


async def test_aggregates(client: httpx.AsyncClient) -> None:
    partners = (await client.get("/api/actors/IND/partners", params={"n": 3})).json()
    assert partners["partners"][0]["code"] == "AFG"
    assert len(partners["partners"]) <= 3
    top = (await client.get("/api/actors/top", params={"role": "source", "n": 5})).json()
    counts = [a["events"] for a in top["actors"]]
    assert len(counts) == 5 and counts == sorted(counts, reverse=True)
    stats = (await client.get("/api/stats")).json()
    assert stats["articles"] == 13
    assert 0 < stats["events"] <= stats["mentions"]


async def test_index_is_json_and_openapi_lists_every_endpoint(client: httpx.AsyncClient) -> None:
    index = await client.get("/api")
    assert index.headers["content-type"] == "application/json"
    endpoints = index.json()["endpoints"]
    spec = (await client.get("/openapi.json")).json()
    documented = set(spec["paths"])
    assert {p for p in endpoints.values() if p != "/openapi.json"} <= documented
    assert "post" in spec["paths"]["/api/code"]
    assert (
        "text"
        in spec["paths"]["/api/code"]["post"]["requestBody"]["content"]["application/json"][
            "schema"
        ]["properties"]
    )
    names = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"dyad", "since", "page", "per_page", "count_by", "quad", "text"} <= names
    for offline in ("/docs", "/redoc"):
        assert (await client.get(offline)).status_code == 404  # no CDN-backed pages


async def test_concurrent_requests_share_the_one_store_thread(client: httpx.AsyncClient) -> None:
    urls = ["/api/stats", "/api/events?per_page=3", "/api/dyads/IND/AFG/series"] * 10
    responses = await asyncio.gather(*(client.get(url) for url in urls))
    assert [r.status_code for r in responses] == [200] * len(urls)
    assert len({r.text for r in responses[::3]}) == 1  # every stats answer the same
