"""The dashboard: four HTML pages, their JSON twins and the static files they load.

``install_dashboard(app, store)`` adds to a ``create_app`` app:

* ``GET /`` (twin ``/index.json``): a dyad's time series (``?source=IND&target=AFG&by=week``,
  default: the most frequent dyad) and, with ``&period=YYYY-MM-DD``, the events behind that point;
* ``GET /events`` (``/events.json``): the event table, paged, with the evidence highlighted;
* ``GET /map`` (``/map.json``): event places on country outlines;
* ``GET /network`` (``/network.json``): actors and the dyads among them;
* ``/static/...``: our JS and CSS and, under ``vendor/``, d3, topojson-client and the world-atlas
  outlines (see ``static/vendor/LICENSES.md``): the pages load nothing from elsewhere.

Every twin takes the filter parameters of ``/api/events`` and returns exactly what its page shows;
the pages are fixed HTML whose scripts fetch their twin with the page's own query string. Store
text is untrusted: the pages carry no data (the scripts build the DOM with ``textContent``), the
twins escape ``<``, ``>`` and ``&`` as ``\\u003c``-style JSON escapes, and every HTML response
has a Content-Security-Policy allowing only this origin's scripts and no inline script.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.datastructures import MutableHeaders
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from polevent.query.aggregates import ActorCount, Level, Partner, Period, SeriesPoint
from polevent.serialize import event_to_dict
from polevent.serve._pages import (
    DyadView,
    EventRow,
    EventsView,
    MapView,
    NetworkView,
    dyad_view,
    events_view,
    map_view,
    network_view,
)
from polevent.serve._params import CountByParam, FilterParams, event_filter
from polevent.serve._worker import StoreWorker
from polevent.store import Store

__all__ = ["CSP", "PAGES", "SafeJSONResponse", "actor_json", "install_dashboard", "point_json"]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
    " frame-ancestors 'none'"
)
"""The Content-Security-Policy of every HTML response: this origin only, no inline script."""

PAGES = {"/": "dyad.html", "/events": "events.html", "/map": "map.html", "/network": "network.html"}
"""Each page's path and its HTML file in ``static/``."""

Filter = Annotated[FilterParams, Depends()]


class SafeJSONResponse(JSONResponse):
    """JSON with ``<``, ``>`` and ``&`` written as ``\\u003c``, ``\\u003e``, ``\\u0026``: the same
    values once parsed, and no markup in the bytes even if a browser sniffed them as HTML."""

    def render(self, content: Any) -> bytes:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        escaped = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
        return escaped.encode("utf-8")


class SecurityHeaders:
    """Adds ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy`` to every response, and
    the ``CSP`` and ``X-Frame-Options`` to HTML ones (a pure ASGI middleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                if headers.get("content-type", "").startswith("text/html"):
                    headers["Content-Security-Policy"] = CSP
                    headers["X-Frame-Options"] = "DENY"
            await send(message)

        await self.app(scope, receive, send_with_headers)


@cache
def _page_html(name: str) -> str:
    return (files("polevent.serve") / "static" / name).read_text(encoding="utf-8")


def install_dashboard(app: FastAPI, store: StoreWorker, *, page_max: int = 500) -> None:
    """Add the pages, their twins, ``/static`` and the security headers to ``app``, reading
    through ``store`` (the app's store thread); ``per_page`` of ``/events.json`` is capped at
    ``page_max``."""
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(packages=[("polevent.serve", "static")]), name="static")
    for path, name in PAGES.items():
        _page_route(app, path, name)
    _dyad_twin(app, store)
    _events_twin(app, store, page_max)
    _map_twins(app, store)


def _page_route(app: FastAPI, path: str, name: str) -> None:
    async def page() -> HTMLResponse:
        return HTMLResponse(_page_html(name))

    app.add_api_route(path, page, methods=["GET"], include_in_schema=False, name=f"page {path}")


def _dyad_twin(app: FastAPI, store: StoreWorker) -> None:
    @app.get("/index.json", summary="Dashboard: a dyad's series and the events behind a point")
    async def dyad_json(
        params: Filter,
        by: Period = "week",
        count_by: CountByParam = "event",
        period: Annotated[date | None, Query(description="A point: its events")] = None,
    ) -> SafeJSONResponse:
        where = event_filter(params)
        dyad = None
        if params.source is not None and params.target is not None:
            dyad = (params.source.strip(), params.target.strip())
        elif params.dyad is not None:
            dyad = params.dyad

        def read(opened: Store) -> DyadView:
            return dyad_view(
                opened,
                where,
                dyad=dyad,
                by=by,
                directed=params.directed,
                count_by=count_by,
                period=period,
            )

        return SafeJSONResponse(dyad_json_of(await store.run(read)))


def _events_twin(app: FastAPI, store: StoreWorker, page_max: int) -> None:
    @app.get("/events.json", summary="Dashboard: a page of the event table")
    async def events_json(
        params: Filter,
        page: Annotated[int, Query(ge=1)] = 1,
        per_page: Annotated[int, Query(ge=1)] = 25,
        count_by: CountByParam = "event",
    ) -> SafeJSONResponse:
        where = event_filter(params)
        size = min(per_page, page_max)

        def read(opened: Store) -> EventsView:
            return events_view(opened, where, page=page, per_page=size, count_by=count_by)

        return SafeJSONResponse(events_json_of(await store.run(read)))


def _map_twins(app: FastAPI, store: StoreWorker) -> None:
    @app.get("/map.json", summary="Dashboard: event places")
    async def map_json(params: Filter, count_by: CountByParam = "event") -> SafeJSONResponse:
        where = event_filter(params)
        found = await store.run(lambda opened: map_view(opened, where, count_by=count_by))
        return SafeJSONResponse(map_json_of(found))

    @app.get("/network.json", summary="Dashboard: actors and the dyads among them")
    async def network_json(
        params: Filter,
        level: Level = "country",
        nodes: Annotated[int, Query(ge=1, le=100)] = 25,
        count_by: CountByParam = "event",
    ) -> SafeJSONResponse:
        where = event_filter(params)

        def read(opened: Store) -> NetworkView:
            return network_view(opened, where, nodes=nodes, level=level, count_by=count_by)

        return SafeJSONResponse(network_json_of(await store.run(read)))


# --- JSON of the views ------------------------------------------------------------------------


def row_json(row: EventRow) -> dict[str, Any]:
    """A mention with its event id and its evidence as ``segments`` (``text``, ``kind``:
    ``text``/``trigger``/``actor``, ``role``)."""
    segments = [{"text": s.text, "kind": s.kind, "role": s.role} for s in row.segments]
    return {**event_to_dict(row.record), "cluster_id": row.cluster_id, "segments": segments}


def actor_json(actor: ActorCount | Partner) -> dict[str, Any]:
    return {"code": actor.code, "events": actor.events, "mean_goldstein": actor.mean_goldstein}


def point_json(point: SeriesPoint) -> dict[str, Any]:
    return {
        "period": point.period.isoformat(),
        "label": point.label,
        "events": point.events,
        "by_quad": {str(q): n for q, n in sorted(point.by_quad.items())},
        "mean_goldstein": point.mean_goldstein,
        "net_cooperation": point.net_cooperation,
    }


def dyad_json_of(view: DyadView) -> dict[str, Any]:
    return {
        "source": view.source,
        "target": view.target,
        "defaulted": view.defaulted,
        "by": view.by,
        "directed": view.directed,
        "count_by": view.count_by,
        "actors": [actor_json(actor) for actor in view.actors],
        "points": [point_json(point) for point in view.points],
        "period": None if view.period is None else view.period.isoformat(),
        "events": [row_json(row) for row in view.events],
    }


def events_json_of(view: EventsView) -> dict[str, Any]:
    has_next = view.page * view.per_page < view.mentions
    return {
        "events": [row_json(row) for row in view.rows],
        "total": view.total,
        "mentions": view.mentions,
        "count_by": view.count_by,
        "page": view.page,
        "per_page": view.per_page,
        "next": view.page + 1 if has_next else None,
        "prev": view.page - 1 if view.page > 1 else None,
    }


def map_json_of(view: MapView) -> dict[str, Any]:
    places = [
        {
            "name": p.name,
            "country": p.country,
            "admin1": p.admin1,
            "lat": p.lat,
            "lon": p.lon,
            "events": p.events,
            "mentions": p.mentions,
            "count": p.events if view.count_by == "event" else p.mentions,
        }
        for p in view.places
    ]
    return {
        "places": places,
        "count_by": view.count_by,
        "placed_mentions": view.placed,
        "truncated": view.truncated,
        "outlines": "/static/vendor/countries-110m.json",
    }


def network_json_of(view: NetworkView) -> dict[str, Any]:
    edges = [
        {
            "source": e.source,
            "target": e.target,
            "events": e.events,
            "mean_goldstein": e.mean_goldstein,
        }
        for e in view.edges
    ]
    return {
        "level": view.level,
        "count_by": view.count_by,
        "nodes": [actor_json(node) for node in view.nodes],
        "edges": edges,
    }
