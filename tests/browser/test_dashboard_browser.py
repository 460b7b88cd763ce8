"""The dashboard in headless Chromium, over the store coded from ``samples/``: every page draws
what its JSON twin returns, clicking a chart point lists its events, and article text is shown,
never run. Expected numbers come from the twins (and the store), not from constants."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

import httpx
import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from conftest import Dashboard, Served

DYAD = "/?source=IND&target=AFG&by=week"
PAGES = ("/", "/events", "/map", "/network")


def squeeze(text: str) -> str:
    """``text`` with each run of white space as one space (as the page lays it out)."""
    return " ".join(text.split())


def ids_of(page: Page, selector: str) -> list[str]:
    """The ``data-event-id`` of each element matching ``selector``, in document order."""
    return page.eval_on_selector_all(selector, "rows => rows.map(r => r.dataset.eventId)")


def test_every_page_links_to_the_others(dash: Dashboard) -> None:
    for path in PAGES:
        page = dash.open(path)
        hrefs = page.eval_on_selector_all("nav a", "links => links.map(a => a.pathname)")
        assert set(hrefs) >= set(PAGES), f"{path}: nav links {hrefs}"


def test_api_index_lists_the_endpoints(served: Served) -> None:
    index = served.get_json("/api")
    assert index["endpoints"]["events"] == "/api/events"
    assert served.get_json("/openapi.json")["paths"]["/api/events"]["get"]


@pytest.mark.parametrize("path", [DYAD, "/"], ids=["IND-AFG", "default-dyad"])
def test_dyad_chart_has_a_point_per_twin_point(dash: Dashboard, path: str) -> None:
    twin = dash.twin(path)
    if path == DYAD:
        assert (twin["source"], twin["target"], twin["by"]) == ("IND", "AFG", "week")
    expected = [(p["period"], p["events"]) for p in twin["points"]]
    assert expected, f"{path}: the dyad has no point (IND->AFG has the seed's phone call)"
    page = dash.open(path)
    drawn = page.eval_on_selector_all(
        "#dyad-chart .point", "ps => ps.map(p => [p.dataset.period, Number(p.dataset.events)])"
    )
    assert [tuple(p) for p in drawn] == expected
    assert page.locator("#dyad-by").input_value() == twin["by"]
    source = page.locator("#dyad-source").input_value()
    target = page.locator("#dyad-target").input_value()
    assert (source, target) == (twin["source"], twin["target"])


def test_clicking_a_point_lists_exactly_its_events(dash: Dashboard) -> None:
    twin = dash.twin(DYAD)
    page = dash.open(DYAD)
    shown_text = []
    for point in twin["points"]:
        behind = dash.twin(f"{DYAD}&period={point['period']}")["events"]
        expected = [event["event_id"] for event in behind]
        assert len(expected) == point["events"], point
        page.locator(f'#dyad-chart .point[data-period="{point["period"]}"]').click()
        page.wait_for_function(
            """expected => JSON.stringify([...document.querySelectorAll(
                   '#point-events .event-row')].map(r => r.dataset.eventId))
               === JSON.stringify(expected)""",
            arg=expected,
        )
        rows = page.locator("#point-events .event-row")
        for index, event in enumerate(behind):
            text = squeeze(rows.nth(index).inner_text())
            assert squeeze(event["evidence"]["text"]) in text, (event, text)
        shown_text.append(page.locator("#point-events").inner_text())
    assert any("Jaishankar" in text and "phone" in text for text in shown_text), shown_text
    dash.shot("dyad")


def test_changing_the_period_redraws_the_chart(dash: Dashboard) -> None:
    twin = dash.twin("/?source=IND&target=AFG&by=month")
    page = dash.open(DYAD)
    page.locator("#dyad-by").select_option("month")
    expected = [[p["period"], str(p["events"])] for p in twin["points"]]
    page.wait_for_function(
        """expected => JSON.stringify([...document.querySelectorAll('#dyad-chart .point')]
               .map(p => [p.dataset.period, p.dataset.events])) === JSON.stringify(expected)""",
        arg=expected,
    )


def test_event_table_shows_the_twin_rows_with_trigger_and_reasons(dash: Dashboard) -> None:
    twin = dash.twin("/events")
    events = twin["events"]
    assert events
    page = dash.open("/events")
    assert ids_of(page, "table#events tbody tr.event-row") == [e["event_id"] for e in events]
    assert str(twin["total"]) in page.locator("#total").inner_text()
    rows = page.locator("table#events tbody tr.event-row")
    for index, event in enumerate(events):
        row = rows.nth(index)
        evidence = squeeze(row.locator(".evidence").inner_text())
        assert squeeze(event["evidence"]["text"]) == evidence
        if event["trigger"].lower() in event["evidence"]["text"].lower():
            marked = row.locator(".evidence mark.trigger")
            assert marked.count() == 1, event["evidence"]["text"]
            assert marked.inner_text().lower() == event["trigger"].lower()
        check_reasons(row, event)
    rows.first.locator("td.code").hover()
    dash.shot("events")


def check_reasons(row: Any, event: dict[str, Any]) -> None:
    """Each field cell carries its reason in ``title`` (shown on hover)."""
    titles = {
        name: row.locator(f"td.{name}").get_attribute("title") or ""
        for name in ("code", "source", "target", "date", "place")
    }
    assert event["code_reason"] in titles["code"], titles
    for role in ("source", "target"):
        for actor in event[role]:
            assert actor["reason"] in titles[role], (role, actor, titles)
    assert event["date"]["reason"] in titles["date"], titles
    if event["place"] is not None:
        assert event["place"]["reason"] in titles["place"], titles


def test_next_and_prev_page_through_the_table(dash: Dashboard) -> None:
    first = dash.twin("/events")
    assert first["mentions"] > first["per_page"], "the sample has more than one page"
    second = dash.twin("/events?page=2")
    page = dash.open("/events")
    page.locator("#next").click()
    expected = [event["event_id"] for event in second["events"]]
    page.wait_for_function(
        """expected => JSON.stringify([...document.querySelectorAll(
               'table#events tbody tr.event-row')].map(r => r.dataset.eventId))
           === JSON.stringify(expected)""",
        arg=expected,
    )
    page.locator("#prev").click()
    page.wait_for_function(
        "id => document.querySelector('table#events tbody tr.event-row')?.dataset.eventId === id",
        arg=first["events"][0]["event_id"],
    )


def test_map_draws_outlines_and_the_twin_places(dash: Dashboard) -> None:
    twin = dash.twin("/map")
    assert twin["places"], "the sample has placed events (Cairo, Kabul, ...)"
    page = dash.open("/map")
    assert page.locator("#map svg path.country").count() > 100
    drawn = page.eval_on_selector_all(
        "#map svg circle.event-location",
        "cs => cs.map(c => [c.dataset.place, Number(c.dataset.count)])",
    )
    assert Counter(tuple(c) for c in drawn) == Counter(
        (p["name"], p["count"]) for p in twin["places"]
    )
    dash.shot("map")


def test_network_draws_the_twin_nodes_and_edges(dash: Dashboard) -> None:
    twin = dash.twin("/network")
    assert twin["nodes"] and twin["edges"]
    page = dash.open("/network")
    nodes = page.eval_on_selector_all(
        "#network svg circle.node", "ns => ns.map(n => n.dataset.actor)"
    )
    assert sorted(nodes) == sorted(node["code"] for node in twin["nodes"])
    edges = page.eval_on_selector_all(
        "#network svg line.edge",
        "es => es.map(e => [e.dataset.source, e.dataset.target, Number(e.dataset.events)])",
    )
    assert Counter(tuple(e) for e in edges) == Counter(
        (e["source"], e["target"], e["events"]) for e in twin["edges"]
    )
    dash.shot("network")


SCRIPT = "<script>window.__pwned=1</script>"
IMAGE = '<img src=x onerror="window.__pwned=2">'
HOSTILE = f"{SCRIPT} {IMAGE} India condemned Pakistan on Monday."


def injected(page: Page) -> dict[str, Any]:
    """What hostile text would have done had it been parsed as HTML."""
    return page.evaluate(
        """() => ({
            pwned: typeof window.__pwned,
            scripts: [...document.scripts].filter(s => s.textContent.includes('pwned')).length,
            handlers: document.querySelectorAll('[onerror]').length,
            images: [...document.images].filter(i => i.getAttribute('src') === 'x').length,
        })"""
    )


def test_article_text_is_shown_not_run(dash: Dashboard, served_empty: Served) -> None:
    posted = httpx.post(
        served_empty.url("/api/code"),
        params={"store": "true"},
        json={"text": HOSTILE, "title": "<b>xss</b>", "published_at": "2025-03-05"},
        headers={"Authorization": f"Bearer {served_empty.token}"},
        timeout=60,
    )
    assert posted.status_code == 200, posted.text
    assert posted.json()["events_added"] >= 1, posted.json()
    hostile = dash.on(served_empty)
    clean = {"pwned": "undefined", "scripts": 0, "handlers": 0, "images": 0}

    page = hostile.open("/events?text=condemned")
    assert ids_of(page, "tr.event-row") == [
        event["event_id"] for event in hostile.twin("/events?text=condemned")["events"]
    ]
    text = page.locator("table#events").inner_text()
    assert SCRIPT in text and IMAGE in text
    page.wait_for_timeout(300)  # time for a broken image's onerror, had one been made
    assert injected(page) == clean
    hostile.shot("xss-events")

    twin = hostile.twin("/?source=IND&target=PAK&by=week")
    page = hostile.open("/?source=IND&target=PAK&by=week")
    page.locator("#dyad-chart .point").first.click()
    page.locator("#point-events .event-row").first.wait_for()
    assert SCRIPT in page.locator("#point-events").inner_text(), twin
    page.wait_for_timeout(300)
    assert injected(page) == clean
