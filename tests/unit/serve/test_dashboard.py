"""The dashboard: HTML pages with a CSP, their JSON twins over hand-built records, the static and
vendored files, and untrusted store text never reaching a response as markup."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from importlib.resources import files
from pathlib import Path
from typing import Any

import httpx
import pytest
from dashboard_store import (
    HOSTILE,
    HOSTILE_IMG,
    HOSTILE_TEXT,
    dashboard_records,
    fill,
    hostile_records,
)

from polevent.records import Evidence
from polevent.serve._pages import Segment, evidence_segments
from polevent.serve.dashboard import CSP, PAGES
from polevent.store import open_sqlite

pytestmark = pytest.mark.anyio

ClientFactory = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]

TWINS = {"/": "/index.json", "/events": "/events.json", "/map": "/map.json"}
TWINS["/network"] = "/network.json"
STATIC = Path(str(files("polevent.serve") / "static"))
VENDOR = STATIC / "vendor"
REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def dash_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fill(tmp_path_factory.mktemp("dash") / "events.db", dashboard_records())


@pytest.fixture
async def dash(dash_db: Path, client_for: ClientFactory) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(db=str(dash_db)) as opened:
        yield opened


async def _json(client: httpx.AsyncClient, path: str, **params: Any) -> Any:
    response = await client.get(path, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


# --- pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", list(PAGES))
async def test_page_is_html_with_csp_and_no_inline_script(
    dash: httpx.AsyncClient, path: str
) -> None:
    response = await dash.get(path, params={"source": "IND", "target": "AFG"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == CSP
    assert "default-src 'self'" in CSP and "script-src 'self';" in CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    html = response.text
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts and all('src="/static/' in attrs and not body for attrs, body in scripts)
    assert not re.search(r"<[^>]+\son\w+=", html)  # no inline event handlers
    nav = re.search(r"<nav>(.*?)</nav>", html, flags=re.S)
    assert nav is not None
    assert re.findall(r'<a href="([^"]+)"', nav.group(1)) == list(PAGES)
    assert 'id="error"' in html and 'data-ready="false"' in html


async def test_pages_carry_the_dom_hooks(dash: httpx.AsyncClient) -> None:
    dyad = (await dash.get("/")).text
    for hook in ('id="dyad-source"', 'id="dyad-target"', 'id="dyad-chart"', 'id="point-events"'):
        assert hook in dyad
    by = re.search(r'<select id="dyad-by"[^>]*>(.*?)</select>', dyad, flags=re.S)
    assert by is not None and re.findall(r'value="(\w+)"', by.group(1)) == ["day", "week", "month"]
    events = (await dash.get("/events")).text
    assert '<table id="events">' in events and "<tbody>" in events
    assert all(f'id="{hook}"' in events for hook in ("next", "prev", "total"))
    assert 'id="map"' in (await dash.get("/map")).text
    assert 'id="network"' in (await dash.get("/network")).text


async def test_api_index_moved_to_api_and_twins_are_documented(dash: httpx.AsyncClient) -> None:
    index = await _json(dash, "/api")
    assert index["endpoints"]["index"] == "/api"
    assert set(TWINS.values()) <= set(index["endpoints"].values())
    documented = set((await _json(dash, "/openapi.json"))["paths"])
    assert set(TWINS.values()) <= documented
    assert not set(PAGES) & documented  # the HTML pages are not API


# --- static and vendored files ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/static/common.js", "text/javascript"),
        ("/static/dyad.js", "text/javascript"),
        ("/static/events.js", "text/javascript"),
        ("/static/map.js", "text/javascript"),
        ("/static/network.js", "text/javascript"),
        ("/static/style.css", "text/css"),
        ("/static/vendor/d3.min.js", "text/javascript"),
        ("/static/vendor/topojson-client.min.js", "text/javascript"),
        ("/static/vendor/countries-110m.json", "application/json"),
    ],
)
async def test_static_files_are_served_with_their_type(
    dash: httpx.AsyncClient, path: str, kind: str
) -> None:
    response = await dash.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == kind
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.content == (STATIC / path.removeprefix("/static/")).read_bytes()


async def test_every_script_and_stylesheet_a_page_loads_exists(dash: httpx.AsyncClient) -> None:
    loaded: set[str] = set()
    for path in PAGES:
        html = (await dash.get(path)).text
        loaded |= set(re.findall(r'(?:src|href)="(/static/[^"]+)"', html))
    for js in STATIC.glob("*.js"):
        loaded |= {f"/static/{name}" for name in re.findall(r'from "\./([\w.]+)"', js.read_text())}
    assert "/static/vendor/d3.min.js" in loaded and "/static/common.js" in loaded
    for path in sorted(loaded):
        assert (await dash.get(path)).status_code == 200, path
    assert (await dash.get("/static/nope.js")).status_code == 404


def test_vendored_files_are_listed_with_version_licence_and_size() -> None:
    listing = (VENDOR / "LICENSES.md").read_text(encoding="utf-8")
    script = (REPO / "scripts" / "vendor_js.sh").read_text(encoding="utf-8")
    vendored = sorted(p.name for p in VENDOR.iterdir() if not p.name.startswith("LICENSE"))
    assert vendored == ["countries-110m.json", "d3.min.js", "topojson-client.min.js"]
    rows = {
        m.group(1): m.groups()[1:]
        for m in re.finditer(
            r"^\| `([^`]+)`[^|]*\| ([\w-]+) \| ([\d.]+) \| ([^|]+) \| `([^`]+)` \| (\d+) \|$",
            listing,
            flags=re.M,
        )
    }
    assert sorted(rows) == vendored
    for name, (package, version, licence, licence_file, size) in rows.items():
        assert int(size) == (VENDOR / name).stat().st_size
        assert licence.startswith("ISC")
        assert "Permission to use, copy, modify" in (VENDOR / licence_file).read_text()
        assert f"{package}@{version}" in script and name in script
    total = sum((VENDOR / name).stat().st_size for name in vendored)
    assert total < 450_000


# --- the dyad page's twin -----------------------------------------------------------------------


async def test_dyad_twin_defaults_to_the_most_frequent_dyad(dash: httpx.AsyncClient) -> None:
    view = await _json(dash, "/index.json")
    assert (view["source"], view["target"], view["defaulted"]) == ("IND", "AFG", True)
    assert [(p["period"], p["label"], p["events"]) for p in view["points"]] == [
        ("2025-05-12", "2025-W20", 1),
        ("2025-05-19", "2025-W21", 0),
        ("2025-05-26", "2025-W22", 1),
    ]
    assert view["points"][0]["by_quad"] == {"1": 1, "2": 0, "3": 0, "4": 0}
    assert view["events"] == [] and view["period"] is None
    actors = {a["code"]: a["events"] for a in view["actors"]}
    assert actors["IND"] == 4 and actors["AFG"] == 3  # call (once), aid, reply; + NPL for IND


async def test_dyad_twin_lists_the_events_behind_each_point(dash: httpx.AsyncClient) -> None:
    for count_by in ("event", "mention"):
        base = {"source": "IND", "target": "AFG", "by": "week", "count_by": count_by}
        view = await _json(dash, "/index.json", **base)
        for point in view["points"]:
            found = await _json(dash, "/index.json", **base, period=point["period"])
            assert found["period"] == point["period"]
            assert len(found["events"]) == point["events"], (count_by, point)
    call = await _json(dash, "/index.json", source="IND", target="AFG", period="2025-05-14")
    (event,) = call["events"]
    assert event["trigger"] == "phone call" and event["date"]["start"] == "2025-05-15"
    assert "".join(s["text"] for s in event["segments"]) == event["evidence"]["text"]
    mentions = await _json(
        dash, "/index.json", source="IND", target="AFG", period="2025-05-12", count_by="mention"
    )
    assert len(mentions["events"]) == 2
    assert {e["cluster_id"] for e in mentions["events"]} == {event["cluster_id"]}


async def test_dyad_twin_by_month_and_both_directions(dash: httpx.AsyncClient) -> None:
    view = await _json(dash, "/index.json", source="IND", target="AFG", by="month")
    assert [(p["period"], p["events"]) for p in view["points"]] == [("2025-05-01", 2)]
    both = await _json(
        dash, "/index.json", source="IND", target="AFG", by="month", directed="false"
    )
    assert [(p["period"], p["events"]) for p in both["points"]] == [
        ("2025-05-01", 2),
        ("2025-06-01", 1),
    ]
    june = await _json(
        dash, "/index.json", source="IND", target="AFG", directed="false", period="2025-06-02"
    )
    assert [e["cameo_code"] for e in june["events"]] == ["112"]
    narrowed = await _json(dash, "/index.json", source="IND", target="AFG", since="2025-05-20")
    assert [(p["period"], p["events"]) for p in narrowed["points"]] == [
        ("2025-05-19", 0),  # the week of `since`
        ("2025-05-26", 1),
    ]


async def test_twin_errors_are_json(dash: httpx.AsyncClient) -> None:
    response = await dash.get("/index.json", params={"by": "year"})
    assert response.status_code == 422 and "error" in response.json()
    response = await dash.get("/events.json", params={"dyad": "IND"})
    assert response.status_code == 422 and response.json()["error"]["code"] == "E106"


# --- the event table's twin ---------------------------------------------------------------------


async def test_events_twin_pages_and_counts(dash: httpx.AsyncClient) -> None:
    first = await _json(dash, "/events.json", per_page=3)
    assert (first["total"], first["mentions"], first["page"]) == (6, 7, 1)
    assert (first["next"], first["prev"]) == (2, None)
    last = await _json(dash, "/events.json", per_page=3, page=3)
    assert len(last["events"]) == 1 and (last["next"], last["prev"]) == (None, 2)
    ids = [
        e["event_id"]
        for p in (1, 2, 3)
        for e in (await _json(dash, "/events.json", per_page=3, page=p))["events"]
    ]
    assert len(set(ids)) == 7
    dyad = await _json(dash, "/events.json", dyad="IND,AFG", count_by="mention")
    assert (dyad["total"], len(dyad["events"])) == (3, 3)
    text = await _json(dash, "/events.json", text="wheat", cameo="07")
    assert [e["trigger"] for e in text["events"]] == ["sent"]


async def test_events_twin_highlights_trigger_and_actors(dash: httpx.AsyncClient) -> None:
    found = await _json(dash, "/events.json", text="criticised")
    (event,) = found["events"]
    marks = [(s["kind"], s["role"], s["text"]) for s in event["segments"] if s["kind"] != "text"]
    assert marks == [
        ("actor", "source", "India"),
        ("actor", "source", "Pakistan"),
        ("trigger", None, "criticised"),
        ("actor", "target", "Nepal"),
    ]
    assert event["place"]["reason"] == "gazetteer: capital"
    assert event["code_reason"] == "verb pattern for criticised"
    assert event["date"]["reason"] == "test date"


def test_segments_join_back_and_survive_bad_offsets() -> None:
    records = [e for _, events in dashboard_records() for e in events]
    for record in records:
        segments = evidence_segments(record)
        assert "".join(s.text for s in segments) == record.evidence.text
    call = records[0]
    shifted = replace(call, evidence=replace(call.evidence, start=call.evidence.start + 3))
    assert evidence_segments(shifted) == evidence_segments(call)  # words found again
    nothing = replace(
        call, trigger="", source=(), target=(), evidence=Evidence(text="", start=0, end=0)
    )
    assert evidence_segments(nothing) == (Segment(text="", kind="text"),)
    # the trigger by its offsets: the second "held", not the first occurrence of the word
    text = "Officials held that India held talks."
    second = text.rindex("held")
    evidence = Evidence(text=text, start=100, end=100 + len(text))
    twice = replace(
        call,
        trigger="held",
        source=(),
        target=(),
        evidence=replace(evidence, trigger_start=100 + second, trigger_end=104 + second),
    )
    assert [(s.kind, s.text) for s in evidence_segments(twice)] == [
        ("text", "Officials held that India "),
        ("trigger", "held"),
        ("text", " talks."),
    ]
    overlap = replace(call, trigger="Minister S Jaishankar")
    kinds = [(s.kind, s.text) for s in evidence_segments(overlap) if s.kind != "text"]
    assert kinds == [("trigger", "Minister S Jaishankar"), ("actor", "Amir Khan Muttaqi")]


# --- map and network twins ----------------------------------------------------------------------


async def test_map_twin_counts_places(dash: httpx.AsyncClient) -> None:
    view = await _json(dash, "/map.json")
    places = {p["name"]: (p["count"], p["lat"], p["lon"], p["country"]) for p in view["places"]}
    assert places == {
        "Germany": (1, 51.5, 10.5, "DEU"),
        "Kathmandu": (1, 27.7017, 85.3206, "NPL"),
        "Lahore": (1, 31.558, 74.3507, "PAK"),
    }
    assert view["placed_mentions"] == 3 and view["truncated"] is False
    assert view["outlines"] == "/static/vendor/countries-110m.json"
    later = await _json(dash, "/map.json", since="2025-05-17")
    assert [p["name"] for p in later["places"]] == ["Lahore"]
    pakistan = await _json(dash, "/map.json", actor="PAK")
    assert sorted(p["name"] for p in pakistan["places"]) == ["Kathmandu", "Lahore"]


async def test_network_twin_nodes_and_edges(dash: httpx.AsyncClient) -> None:
    view = await _json(dash, "/network.json")
    nodes = {n["code"]: n["events"] for n in view["nodes"]}
    assert nodes == {"IND": 4, "AFG": 3, "PAK": 2, "NPL": 1, "DEU": 1, "---BUS": 1}
    edges = {(e["source"], e["target"]): e["events"] for e in view["edges"]}
    assert edges == {
        ("IND", "AFG"): 2,
        ("AFG", "IND"): 1,
        ("IND", "NPL"): 1,
        ("PAK", "NPL"): 1,
        ("DEU", "---BUS"): 1,
    }  # no PAK -> PAK self-loop
    call = next(e for e in view["edges"] if (e["source"], e["target"]) == ("IND", "AFG"))
    assert call["mean_goldstein"] == 1.0
    may = await _json(dash, "/network.json", until="2025-05-20", level="code", nodes=3)
    assert [n["code"] for n in may["nodes"]] == ["INDGOV", "AFGGOV", "NPLGOV"]
    assert {(e["source"], e["target"]) for e in may["edges"]} == {
        ("INDGOV", "AFGGOV"),
        ("INDGOV", "NPLGOV"),
    }


async def test_empty_store_answers_every_page(tmp_path: Path, client_for: ClientFactory) -> None:
    db = tmp_path / "empty.db"
    with open_sqlite(db):
        pass
    async with client_for(db=str(db)) as empty:
        view = await _json(empty, "/index.json")
        assert (view["source"], view["points"], view["actors"]) == (None, [], [])
        assert (await _json(empty, "/events.json"))["total"] == 0
        assert (await _json(empty, "/map.json"))["places"] == []
        assert (await _json(empty, "/network.json"))["nodes"] == []
        assert (await empty.get("/")).status_code == 200


# --- untrusted text -----------------------------------------------------------------------------


async def test_markup_in_store_text_never_reaches_a_response_as_markup(
    tmp_path: Path, client_for: ClientFactory
) -> None:
    db = fill(tmp_path / "hostile.db", hostile_records())
    async with client_for(db=str(db)) as client:
        bodies: dict[str, bytes] = {}
        for path in PAGES:
            bodies[path] = (await client.get(path, params={"source": "USA"})).content
        twins = {
            "/index.json": {"source": "USA", "target": "IRN", "period": "2025-07-01"},
            "/events.json": {},
            "/map.json": {},
            "/network.json": {},
        }
        for path, params in twins.items():
            bodies[path] = (await client.get(path, params=params)).content
        api = (await client.get("/api/events")).json()  # the stored record really holds it
        assert api["events"][0]["evidence"]["text"] == HOSTILE_TEXT
    for path, body in bodies.items():
        text = body.decode("utf-8").lower()
        assert "<script>window" not in text and "<img" not in text, path
        assert "pwned" not in text or path.endswith(".json"), path
    shown = json.loads(bodies["/index.json"])
    (event,) = shown["events"]
    assert "".join(s["text"] for s in event["segments"]) == HOSTILE_TEXT  # shown, not dropped
    assert event["source"][0]["text"] == HOSTILE and event["code_reason"] == HOSTILE
    assert event["date"]["reason"] == HOSTILE_IMG and event["cameo_label"] == HOSTILE_IMG
    assert json.loads(bodies["/map.json"])["places"][0]["name"] == HOSTILE
    assert b"\\u003cscript\\u003e" in bodies["/events.json"]


def test_dashboard_scripts_never_write_html() -> None:
    """Our scripts build the DOM from text only (the browser tests check the rendering)."""
    for js in STATIC.glob("*.js"):
        source = js.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", ".html("):
            assert sink not in source, (js.name, sink)
        assert "eval(" not in source and "new Function" not in source
