"""Store write speed (articles/s, mentions/s), SQLite vs PostgreSQL, dedup clustering included.

Usage: python bench/store_write.py [--copies N] [--pg URL]
Codes the bundled samples/ once, then writes N copies of every coded article into a fresh store
on each backend and times ``add_article`` only. Copies get new article and event ids; with
``--spread-days D`` copy k is moved D*k days later (distinct events), else the copies are
syndicated duplicates of the same events (every mention is compared with a growing cluster).
PostgreSQL is measured when ``--pg`` or $POLEVENT_TEST_PG_URL names a server (a fresh schema is
created and dropped), e.g. ``scripts/pg_test_cluster.sh run .venv/bin/python bench/store_write.py``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

from polevent.ingest import iter_articles
from polevent.pipeline import build_coder, code_articles
from polevent.records import Article, EventRecord
from polevent.settings import Settings
from polevent.store import Store, open_store

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
Batch = list[tuple[Article, list[EventRecord]]]


def _coded() -> Batch:
    articles = [a for a in iter_articles([SAMPLES]) if isinstance(a, Article)]
    return [(a, list(r)) for a, r in code_articles(iter(articles), build_coder(Settings()))]


def _copy(batch: Batch, k: int, spread: int) -> Batch:
    shift = timedelta(days=spread * k)
    out: Batch = []
    for article, records in batch:
        published = None if article.published_at is None else article.published_at + shift
        copy = replace(article, id=f"{article.id}-{k}", published_at=published)
        events = []
        for r in records:
            start = None if r.date.start is None else r.date.start + shift
            end = None if r.date.end is None else r.date.end + shift
            date = replace(r.date, start=start, end=end)
            events.append(
                replace(r, event_id=f"{r.event_id}-{k}", article_id=copy.id, date=date,
                        published_at=published)
            )  # fmt: skip
        out.append((copy, events))
    return out


def _time(store: Store, batches: list[Batch]) -> tuple[float, int, int, int]:
    started = time.perf_counter()
    n_articles = n_events = 0
    for batch in batches:
        for article, records in batch:
            n_events += store.add_article(article, records).events_added
            n_articles += 1
    seconds = time.perf_counter() - started
    return seconds, n_articles, n_events, store.stats().clusters


def _report(name: str, result: tuple[float, int, int, int]) -> None:
    seconds, articles, events, clusters = result
    print(
        f"{name:<10} {articles:>6} articles {events:>6} mentions {clusters:>6} events"
        f"  {seconds:7.2f} s  {articles / seconds:8.1f} articles/s  {events / seconds:8.1f}"
        " mentions/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--spread-days", type=int, default=0)
    parser.add_argument("--pg", default=os.environ.get("POLEVENT_TEST_PG_URL"))
    args = parser.parse_args()
    coded = _coded()
    batches = [_copy(coded, k, args.spread_days) for k in range(args.copies)]
    print(f"{len(coded)} sample articles x {args.copies} copies, spread {args.spread_days} days")
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.db") as store:
        _report("sqlite", _time(store, batches))
    if not args.pg:
        print("postgres   (skipped: give --pg URL or set POLEVENT_TEST_PG_URL)")
        return
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(args.pg, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")  # type: ignore[arg-type]
    try:
        joiner = "&" if "?" in args.pg else "?"
        url = f"{args.pg}{joiner}options={quote(f'-csearch_path={schema}')}"
        with open_store(url) as store:
            _report("postgres", _time(store, batches))
    finally:
        with psycopg.connect(args.pg, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
