"""Query latency on a store of >= 100,000 mention rows, SQLite and PostgreSQL side by side.

Usage: python bench/query_latency.py [--mentions N] [--runs R] [--pg URL] [--rebuild]
       scripts/pg_test_cluster.sh run .venv/bin/python bench/query_latency.py   (both backends)

The store is filled by a documented synthetic generator (``synthetic``), seeded, so every run
measures the same data:
* events (real-world events) get 1..6 mentions (geometric, mean about 2), each mention in its
  own article published 0..2 days after the event, with the same dyad, code and place;
* dyads are skewed toward a few countries: actors are drawn from 30 countries with Zipf weights
  (IND, USA, AFG, PAK, CHN, RUS, ... first), source != target country, sector GOV/MIL/CVL/BUS/...;
* dates are uniform over 2021-01-01 .. 2025-12-31; quad classes 1..4 with weights 4:2:3:1 and a
  CAMEO code, Goldstein score and PLOVER type of that class; modality mostly asserted; a place
  (the target country's capital area, jittered +-1 degree, admin-1 ``Region k``) for 80%.
Rows are written with the store's own row builders (``event_row``, ``actor_rows``) and insert SQL in
one transaction per 2,000 mentions, with the generator's event ids as ``event_clusters`` rows: a
bulk path that skips the dedup clusterer (``bench/store_write.py`` times that). The SQLite file is
cached in var/bench/ (``--rebuild`` to redo); PostgreSQL (``--pg`` or $POLEVENT_TEST_PG_URL) is
filled in a fresh schema each run and dropped afterwards.

SQLite is measured as a store is used (no ``ANALYZE``: the store never runs it); PostgreSQL gets
an ``ANALYZE`` after the bulk fill (what autovacuum would do on its own soon after).
Each query runs once to warm up, then ``--runs`` times; the median is printed, in milliseconds.
Targets (issue 8): dyad weekly series < 200 ms, filtered event page (50) < 100 ms. The
dashboard rows time the data builders behind each page's JSON twin (``polevent.serve._pages``).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from polevent.query import EventFilter, Near, dyad_series, most_active, top_partners
from polevent.records import ActorRef, Article, EventDate, EventRecord, Evidence, Place
from polevent.serve._pages import dyad_view, events_view, map_view, network_view
from polevent.store import open_store
from polevent.store._rows import (
    INSERT_ACTOR,
    INSERT_ARTICLE,
    INSERT_CLUSTER,
    INSERT_EVENT,
    actor_rows,
    event_row,
)
from polevent.store._sql import SqlStore

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "var" / "bench"
SEED = 20251126
FIRST_DAY = date(2021, 1, 1)
N_DAYS = (date(2025, 12, 31) - FIRST_DAY).days + 1
# Country, capital-ish lat/lon; Zipf weights 1/rank make the first few dominate.
COUNTRIES = [
    ("IND", 28.6, 77.2), ("USA", 38.9, -77.0), ("AFG", 34.5, 69.2), ("PAK", 33.7, 73.1),
    ("CHN", 39.9, 116.4), ("RUS", 55.8, 37.6), ("UKR", 50.5, 30.5), ("ISR", 31.8, 35.2),
    ("IRN", 35.7, 51.4), ("GBR", 51.5, -0.1), ("FRA", 48.9, 2.4), ("DEU", 52.5, 13.4),
    ("TUR", 39.9, 32.9), ("SAU", 24.7, 46.7), ("EGY", 30.0, 31.2), ("NGA", 9.1, 7.5),
    ("BRA", -15.8, -47.9), ("JPN", 35.7, 139.7), ("KOR", 37.6, 127.0), ("PRK", 39.0, 125.8),
    ("BGD", 23.8, 90.4), ("NPL", 27.7, 85.3), ("LKA", 6.9, 79.9), ("MMR", 19.8, 96.1),
    ("SYR", 33.5, 36.3), ("IRQ", 33.3, 44.4), ("ETH", 9.0, 38.7), ("SDN", 15.6, 32.5),
    ("MEX", 19.4, -99.1), ("ZAF", -25.7, 28.2),
]  # fmt: skip
SECTORS = ["GOV", "GOV", "GOV", "MIL", "CVL", "BUS", "REB", "OPP", ""]
QUADS = {
    1: [("036", 4.0, "CONSULT"), ("042", 1.9, "CONSULT"), ("051", 3.4, "AGREE")],
    2: [("061", 6.4, "COOPERATE"), ("071", 7.4, "AID"), ("081", 5.0, "YIELD")],
    3: [("111", -2.0, "ACCUSE"), ("112", -2.0, "ACCUSE"), ("130", -4.4, "THREATEN")],
    4: [("145", -7.5, "PROTEST"), ("173", -5.0, "COERCE"), ("190", -10.0, "ASSAULT")],
}
QUAD_WEIGHTS = [4, 2, 3, 1]
MODALITIES = ["asserted"] * 17 + ["negated", "hypothetical", "future"]
CONTEXTS = ["military", "diplomatic", "economic", "political", "humanitarian"]
CHUNK = 2000


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    article: Article
    record: EventRecord
    cluster_id: str
    seq: int


def _actor(rng: random.Random, country: str) -> ActorRef:
    sector = rng.choice(SECTORS)
    return ActorRef(
        text=f"{country} {sector or 'people'}",
        code=country + sector,
        country=country,
        sector=sector or None,
        name=f"{country} {sector} official {rng.randrange(50)}" if sector == "GOV" else None,
        kb_id=None,
        reason="synthetic",
        start=0,
        end=8,
    )


def _countries(rng: random.Random) -> tuple[tuple[str, float, float], tuple[str, float, float]]:
    weights = [1 / (rank + 1) for rank in range(len(COUNTRIES))]
    source, target = rng.choices(COUNTRIES, weights=weights, k=2)
    while target == source:
        target = rng.choices(COUNTRIES, weights=weights)[0]
    return source, target


def _place(rng: random.Random, where: tuple[str, float, float]) -> Place | None:
    if rng.random() >= 0.8:
        return None
    country, lat, lon = where
    k = rng.randrange(8)
    return Place(
        name=f"{country} town {k}",
        geonameid=None,
        lat=round(lat + rng.uniform(-1, 1), 4),
        lon=round(lon + rng.uniform(-1, 1), 4),
        admin1=f"Region {k}",
        country=country,
        feature="PPL",
        text=f"town {k}",
        reason="synthetic",
    )


def _event(rng: random.Random, n: int) -> Iterator[tuple[Article, EventRecord]]:
    """One real-world event as 1..6 mentions, each in its own article."""
    (src, tgt) = _countries(rng)
    quad = rng.choices([1, 2, 3, 4], weights=QUAD_WEIGHTS)[0]
    code, goldstein, plover = rng.choice(QUADS[quad])
    day = FIRST_DAY + timedelta(days=rng.randrange(N_DAYS))
    source, target, place = _actor(rng, src[0]), _actor(rng, tgt[0]), _place(rng, tgt)
    modality = rng.choice(MODALITIES)
    context = (rng.choice(CONTEXTS),)
    mentions = min(6, 1 + int(rng.expovariate(1.0)))
    for m in range(mentions):
        published = datetime.combine(day + timedelta(days=rng.randrange(3)), datetime.min.time())
        published = published.replace(tzinfo=UTC) + timedelta(minutes=rng.randrange(1440))
        evidence = f"{source.text} and {target.text} {plover.lower()} talks, report {n}-{m}."
        article = Article(
            id=f"a{n:07d}-{m}",
            title=f"Story {n}-{m}",
            text=evidence,
            published_at=published,
            url=None,
            source="synthetic",
        )
        record = EventRecord(
            event_id=f"m{n:07d}-{m}",
            article_id=article.id,
            sentence_index=0,
            evidence=Evidence(text=evidence, start=0, end=len(evidence)),
            source=(source,),
            target=(target,),
            cameo_code=code,
            cameo_root=code[:2],
            cameo_label=f"CAMEO {code}",
            quad_class=quad,
            goldstein=goldstein,
            plover_type=plover,
            plover_mode=None,
            plover_context=context,
            plover_intensity=None,
            modality=modality,
            trigger=plover.lower(),
            code_reason="synthetic",
            published_at=published,
            date=EventDate(start=day, end=day, granularity="day", text="", reason="synthetic"),
            place=place,
        )
        yield article, record


def synthetic(mentions: int, *, seed: int = SEED) -> Iterator[Mention]:
    """At least ``mentions`` mention rows (whole events: a few more), deterministic."""
    rng = random.Random(seed)
    made = n = 0
    while made < mentions:
        for article, record in _event(rng, n):
            made += 1
            yield Mention(article=article, record=record, cluster_id=f"m{n:07d}-0", seq=made)
        n += 1


def _article_row(article: Article) -> tuple[object, ...]:
    published = article.published_at
    assert published is not None
    stamp = published.isoformat()
    utc = published.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    return (article.id, article.title, None, "synthetic", stamp, utc, article.text, stamp)


def fill(store: SqlStore, mentions: int) -> None:
    """Write the synthetic mentions through the store's row builders (bulk path, see doc)."""
    batch: list[Mention] = []

    def flush() -> None:
        with store._write() as sql:
            sql.executemany(INSERT_ARTICLE, [_article_row(m.article) for m in batch])
            sql.executemany(INSERT_EVENT, [event_row(m.record) for m in batch])
            sql.executemany(INSERT_ACTOR, [row for m in batch for row in actor_rows(m.record)])
            clusters = [
                (m.record.event_id, m.cluster_id, m.seq, int(m.record.event_id.endswith("-0")),
                 "synthetic", 1.0)
                for m in batch
            ]  # fmt: skip
            sql.executemany(INSERT_CLUSTER, clusters)
            sql.execute("UPDATE articles SET n_events = 1 WHERE n_events = 0")
        batch.clear()

    for mention in synthetic(mentions):
        batch.append(mention)
        if len(batch) >= CHUNK:
            flush()
    if batch:
        flush()


KABUL = Near(lat=34.5, lon=69.2, km=300)
EVERYTHING = EventFilter()
IND_AFG = ("IND", "AFG")
QUERIES: list[tuple[str, str, Callable[[SqlStore], object]]] = [
    ("dyad weekly series IND->AFG (5 y)", "< 200", lambda s: dyad_series(s, "IND", "AFG")),
    (
        "dyad weekly series IND<->PAK, by mention",
        "< 200",
        lambda s: dyad_series(s, "IND", "PAK", directed=False, count_by="mention"),
    ),
    (
        "event page: IND, quad 4, since 2023 (50)",
        "< 100",
        lambda s: s.events(
            EventFilter(actor="IND", quad_class=4, since=date(2023, 1, 1), limit=50)
        ),
    ),
    (
        "event page: text 'assault' + 300 km of Kabul",
        "< 100",
        lambda s: s.events(EventFilter(text="assault", near=KABUL, limit=50)),
    ),
    ("event page: everything, first 50", "< 100", lambda s: s.events(EventFilter(limit=50))),
    ("top partners of IND (n=10)", "", lambda s: top_partners(s, "IND")),
    ("most active actors (n=10, all)", "", most_active),
    (
        "most active sources 2024 (n=10)",
        "",
        lambda s: most_active(s, role="source", since=date(2024, 1, 1), until=date(2024, 12, 31)),
    ),
    (
        "event page 1,000 (offset 49,950), everything",
        "< 100",
        lambda s: s.events(EventFilter(limit=50, offset=49_950)),
    ),
    ("dashboard /index.json (default dyad)", "", lambda s: dyad_view(s, EVERYTHING, dyad=None)),
    ("dashboard /index.json IND->AFG", "", lambda s: dyad_view(s, EVERYTHING, dyad=IND_AFG)),
    (
        "dashboard /index.json IND->AFG + a week's events",
        "",
        lambda s: dyad_view(s, EVERYTHING, dyad=IND_AFG, period=date(2024, 3, 4)),
    ),
    (
        "dashboard /events.json page 1 (50)",
        "",
        lambda s: events_view(s, EVERYTHING, page=1, per_page=50),
    ),
    (
        "dashboard /map.json 2024",
        "",
        lambda s: map_view(s, EventFilter(since=date(2024, 1, 1), until=date(2024, 12, 31))),
    ),
    ("dashboard /network.json (25 actors)", "", lambda s: network_view(s, EVERYTHING)),
]


def measure(store: SqlStore, runs: int) -> list[float]:
    medians = []
    for _name, _target, query in QUERIES:
        query(store)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            query(store)
            times.append((time.perf_counter() - started) * 1000)
        medians.append(statistics.median(times))
    return medians


def sqlite_store(mentions: int, rebuild: bool) -> SqlStore:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"query_latency_{mentions}_{SEED}.db"
    if rebuild and path.exists():
        path.unlink()
    fresh = not path.exists()
    store = open_store(path)
    assert isinstance(store, SqlStore)
    if fresh or store.stats().events < mentions:
        started = time.perf_counter()
        fill(store, mentions)
        print(f"built {path} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return store


def pg_schema_url(server: str, schema: str) -> str:
    joiner = "&" if "?" in server else "?"
    return f"{server}{joiner}options={quote(f'-csearch_path={schema}')}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pg", default=os.environ.get("POLEVENT_TEST_PG_URL"))
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    columns: dict[str, list[float]] = {}
    with sqlite_store(args.mentions, args.rebuild) as store:
        stats = store.stats()
        columns["SQLite"] = measure(store, args.runs)
    if args.pg:
        import psycopg

        schema = f"bench_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(args.pg, autocommit=True) as admin:
            admin.execute(f"CREATE SCHEMA {schema}")
        try:
            with open_store(pg_schema_url(args.pg, schema)) as pg:
                assert isinstance(pg, SqlStore)
                started = time.perf_counter()
                fill(pg, args.mentions)
                with pg._write() as sql:
                    sql.execute("ANALYZE")
                print(
                    f"filled PostgreSQL in {time.perf_counter() - started:.1f} s", file=sys.stderr
                )
                columns["PostgreSQL"] = measure(pg, args.runs)
        finally:
            with psycopg.connect(args.pg, autocommit=True) as admin:
                admin.execute(f"DROP SCHEMA {schema} CASCADE")
    print(
        f"store: {stats.events} mentions, {stats.clusters} events, {stats.articles} articles;"
        f" median of {args.runs} runs, ms"
    )
    names = list(columns)
    print(f"{'query':<48} {'target':>7} " + " ".join(f"{n:>10}" for n in names))
    for i, (name, target, _q) in enumerate(QUERIES):
        cells = " ".join(f"{columns[n][i]:>10.1f}" for n in names)
        print(f"{name:<48} {target:>7} {cells}")


if __name__ == "__main__":
    main()
