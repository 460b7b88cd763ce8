"""``create_app``: polevent's JSON API over one event store (FastAPI).

Endpoints (all JSON; errors as ``{"error": {"code", "message", "where"}}``, see ``_errors``):

* ``GET /api`` an index of the endpoints; ``GET /openapi.json`` the OpenAPI description (the
  Swagger/ReDoc pages are off: they load their scripts from a CDN).
* The dashboard (HTML pages ``/``, ``/events``, ``/map``, ``/network``, their JSON twins
  ``/index.json``, ``/events.json``, ``/map.json``, ``/network.json``, and ``/static/``): see
  ``polevent.serve.dashboard``.
* ``GET /api/events`` filtered mentions, a page at a time, in the store's stable order;
  ``GET /api/events/{event_id}`` one mention with every reason and its event cluster.
* ``GET /api/dyads/{source}/{target}/series``, ``GET /api/actors/{actor}/partners``,
  ``GET /api/actors/top``, ``GET /api/stats``: the aggregates of ``polevent.query``.
* ``POST /api/code`` codes posted text; only with ``Authorization: Bearer <write_token>``.

The store is opened once, on one thread that runs every store call (see ``_worker``); the app
opens it when it starts (lifespan) and closes it when it stops. Building the app does no I/O.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam

from polevent._version import __version__
from polevent.query import dyad_series, most_active, top_partners
from polevent.query.aggregates import Period, SeriesPoint
from polevent.serialize import event_to_dict
from polevent.serve._code import (
    CodeRequest,
    CoderWorker,
    article_from_body,
    check_token,
    default_coder,
)
from polevent.serve._errors import ApiError, install_error_handlers
from polevent.serve._limits import BodyLimit
from polevent.serve._params import CountByParam, FilterParams, event_filter
from polevent.serve._worker import StoreWorker
from polevent.serve.dashboard import actor_json, install_dashboard, point_json
from polevent.store import Store, open_store, require_existing

if TYPE_CHECKING:
    from polevent.pipeline import Coder
    from polevent.records import EventRecord

__all__ = ["ENDPOINTS", "create_app", "open_for_serving"]

ENDPOINTS = {
    "index": "/api",
    "events": "/api/events",
    "event": "/api/events/{event_id}",
    "dyad_series": "/api/dyads/{source_actor}/{target_actor}/series",
    "partners": "/api/actors/{actor_code}/partners",
    "top_actors": "/api/actors/top",
    "stats": "/api/stats",
    "code": "/api/code",
    "openapi": "/openapi.json",
    "dashboard_dyad": "/index.json",
    "dashboard_events": "/events.json",
    "dashboard_map": "/map.json",
    "dashboard_network": "/network.json",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class _Config:
    db: str
    write_token: str | None
    page_max: int


def open_for_serving(db: str, *, create: bool) -> Callable[[], Store]:
    """A function opening ``db``; a SQLite file that does not exist is ``StoreError("E401")``
    unless ``create`` (the app may write)."""

    def open_() -> Store:
        if not create:
            require_existing(db)
        return open_store(db)

    return open_


def create_app(
    *,
    db: str,
    write_token: str | None = None,
    coder_factory: Callable[[], Coder] = default_coder,
    max_body_bytes: int = 1_000_000,
    page_max: int = 500,
) -> FastAPI:
    """The API over the store at ``db`` (a SQLite path or a ``postgresql://`` URL).

    Read-only unless ``write_token`` is given: then ``POST /api/code`` needs it as a bearer
    token. ``coder_factory`` builds the coder on the first ``POST /api/code`` (default: the
    pinned model). Bodies over ``max_body_bytes`` get 413; ``per_page`` is capped at ``page_max``.

    >>> app = create_app(db="events.db")  # doctest: +SKIP
    >>> uvicorn.run(app, host="127.0.0.1", port=8000)  # doctest: +SKIP
    """
    if write_token is not None and not write_token.strip():
        raise ValueError("write_token must not be empty (None disables writing)")
    if page_max < 1 or max_body_bytes < 1:
        raise ValueError("page_max and max_body_bytes must be positive")
    store = StoreWorker(open_for_serving(db, create=write_token is not None))
    coder = CoderWorker(coder_factory)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            await store.run(lambda _store: None)  # open now: a bad --db fails at start-up
            yield
        finally:
            await store.close()
            coder.shutdown()

    app = FastAPI(
        title="polevent",
        version=__version__,
        description="Political events coded from news (CAMEO + PLOVER): queries and coding.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    install_error_handlers(app)
    config = _Config(db=db, write_token=write_token, page_max=page_max)
    _read_routes(app, store, config)
    _write_routes(app, store, coder, config)
    install_dashboard(app, store, page_max=page_max)
    return app


Filter = Annotated[FilterParams, Depends()]


def _event_json(record: EventRecord, cluster_id: str | None) -> dict[str, Any]:
    return {**event_to_dict(record), "cluster_id": cluster_id}


def _page_links(request: Request, page: int, per_page: int, rows: int) -> tuple[str | None, ...]:
    def link(number: int) -> str:
        url = request.url.include_query_params(page=number, per_page=per_page)
        return f"{url.path}?{url.query}"

    has_next = page * per_page < rows
    return (link(page + 1) if has_next else None, link(page - 1) if page > 1 else None)


def _read_routes(app: FastAPI, store: StoreWorker, config: _Config) -> None:
    @app.get("/api", summary="Index of the endpoints")
    async def index() -> dict[str, Any]:
        return {"name": "polevent", "version": __version__, "endpoints": ENDPOINTS}

    @app.get("/api/events", summary="Events (mentions) matching the filters, a page at a time")
    async def events(
        request: Request,
        params: Filter,
        page: Annotated[int, Query(ge=1)] = 1,
        per_page: Annotated[int, Query(ge=1, description="Capped at the server's max")] = 50,
        count_by: Annotated[CountByParam, Query(description="What total counts")] = "event",
    ) -> dict[str, Any]:
        where = event_filter(params)
        size = min(per_page, config.page_max)
        offset = (page - 1) * size

        def read(opened: Store) -> dict[str, Any]:
            records = opened.events(replace(where, limit=size, offset=offset))
            clusters = opened.cluster_of(record.event_id for record in records)
            return {
                "events": [_event_json(r, clusters.get(r.event_id)) for r in records],
                "total": opened.count_events(where, by=count_by),
                "mentions": opened.count_events(where, by="mention"),
            }

        found = await store.run(read)
        next_link, prev_link = _page_links(request, page, size, found["mentions"])
        return {
            **found,
            "count_by": count_by,
            "page": page,
            "per_page": size,
            "next": next_link,
            "prev": prev_link,
        }

    @app.get("/api/events/{event_id}", summary="One mention with every reason and its event")
    async def event(event_id: Annotated[str, PathParam(max_length=64)]) -> dict[str, Any]:
        found = await store.run(lambda opened: opened.mention(event_id))
        if found is None:
            raise ApiError(404, "H404", f"no event mention {event_id!r}", where="path.event_id")
        cluster = {
            "cluster_id": found.cluster_id,
            "reason": found.reason,
            "score": found.score,
            "mentions": list(found.mentions),
        }
        return {"event": _event_json(found.record, found.cluster_id), "cluster": cluster}

    _aggregate_routes(app, store)


def _aggregate_routes(app: FastAPI, store: StoreWorker) -> None:
    @app.get("/api/dyads/{source_actor}/{target_actor}/series", summary="A dyad's time series")
    async def series(
        source_actor: str,
        target_actor: str,
        params: Filter,
        by: Period = "week",
        count_by: CountByParam = "event",
    ) -> dict[str, Any]:
        where = replace(event_filter(params), dyad=None)
        directed = params.directed

        def read(opened: Store) -> list[SeriesPoint]:
            return dyad_series(
                opened,
                source_actor,
                target_actor,
                by=by,
                directed=directed,
                count_by=count_by,
                event_filter=where,
            )

        points = await store.run(read)
        return {
            "source": source_actor,
            "target": target_actor,
            "by": by,
            "directed": directed,
            "count_by": count_by,
            "points": [point_json(point) for point in points],
        }

    @app.get("/api/actors/top", summary="The most active actors")
    async def top(
        params: Filter,
        role: Literal["source", "target", "any"] = "any",
        n: Annotated[int, Query(ge=1, le=500)] = 10,
        level: Literal["country", "code"] = "country",
        count_by: CountByParam = "event",
    ) -> dict[str, Any]:
        where = event_filter(params)
        chosen = None if role == "any" else role
        found = await store.run(
            lambda opened: most_active(
                opened, role=chosen, n=n, level=level, count_by=count_by, event_filter=where
            )
        )
        actors = [actor_json(actor) for actor in found]
        return {"role": role, "level": level, "count_by": count_by, "actors": actors}

    @app.get("/api/actors/{actor_code}/partners", summary="An actor's most frequent partners")
    async def partners(
        actor_code: str,
        params: Filter,
        n: Annotated[int, Query(ge=1, le=500)] = 10,
        level: Literal["country", "code"] = "country",
        count_by: CountByParam = "event",
    ) -> dict[str, Any]:
        where = event_filter(params)
        if not actor_code.strip():
            message = "missing or wrong-typed field: the actor is empty"
            raise ApiError(422, "E106", message, where="path.actor_code")
        found = await store.run(
            lambda opened: top_partners(
                opened, actor_code, n=n, level=level, count_by=count_by, event_filter=where
            )
        )
        rows = [actor_json(partner) for partner in found]
        return {"actor": actor_code, "level": level, "count_by": count_by, "partners": rows}

    @app.get("/api/stats", summary="Row counts of the store")
    async def stats() -> dict[str, int]:
        found = await store.run(lambda opened: opened.stats())
        return {"articles": found.articles, "mentions": found.events, "events": found.clusters}


_CODE_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": CodeRequest.model_json_schema()}},
    }
}


def _write_routes(app: FastAPI, store: StoreWorker, coder: CoderWorker, config: _Config) -> None:
    @app.post(
        "/api/code",
        summary="Code posted text (needs the write token)",
        openapi_extra=_CODE_BODY,
    )
    async def code(
        request: Request,
        store_: Annotated[bool, Query(alias="store", description="Also store them")] = False,
    ) -> dict[str, Any]:
        check_token(request, config.write_token)
        article = article_from_body(await request.body())
        records = await coder.code(article)
        added = 0
        if store_:
            result = await store.run(lambda opened: opened.add_article(article, records))
            added = result.events_added
        return {
            "article": {
                "id": article.id,
                "title": article.title,
                "url": article.url,
                "published_at": (
                    None if article.published_at is None else article.published_at.isoformat()
                ),
            },
            "events": [event_to_dict(record) for record in records],
            "stored": store_,
            "events_added": added,
        }
