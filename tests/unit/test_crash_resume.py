"""``polevent code`` as a real subprocess: killed with SIGKILL at several moments and re-run, it
ends with exactly the store of one uninterrupted run; ``--workers 2`` writes the same store as
``--workers 1`` (events field by field, event cluster ids included).

The corpus is the bundled Wikinews sample copied ``COPIES`` times, each copy with its own URL and
a changed last line (so new article ids, and copies the dedup clusterer must group). One
uninterrupted ``--workers 1`` run is the reference (module fixture); the other runs compare with it.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

import polevent
from polevent.api import cluster_of
from polevent.records import EventRecord

SAMPLES = Path(__file__).parents[2] / "samples" / "wikinews.jsonl"
COPIES = 4
POLL = 0.02  # seconds between looks at the store


@dataclass(frozen=True, slots=True, kw_only=True)
class Snapshot:
    """Everything a store holds that a run decides (not when it wrote it)."""

    article_ids: list[str]
    events: list[EventRecord]
    clusters: Mapping[str, str]


def _corpus(folder: Path) -> int:
    folder.mkdir()
    lines = [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines()]
    for copy in range(COPIES):
        rows = [
            {**row, "url": f"{row['url']}?copy={copy}", "text": f"{row['text']}\n\n(Copy {copy}.)"}
            for row in lines
        ]
        body = "".join(json.dumps(row) + "\n" for row in rows)
        (folder / f"copy_{copy}.jsonl").write_text(body, encoding="utf-8")
    return COPIES * len(lines)


def _start(corpus: Path, db: Path | str, workers: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "polevent", "code", str(corpus), "--db", str(db)]
    command += ["--workers", str(workers), "--quiet"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _run(corpus: Path, db: Path | str, workers: int) -> None:
    process = _start(corpus, db, workers)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr.decode()


def _stored(db: Path | str) -> int:
    """Articles committed to ``db`` so far, read as any other reader would (0 before it exists)."""
    if isinstance(db, str):
        return _pg_stored(db)
    if not db.exists():
        return 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # created but not migrated yet
        return 0
    finally:
        conn.close()


def _pg_stored(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        try:
            row = conn.execute("SELECT count(*) FROM articles").fetchone()
        except psycopg.errors.UndefinedTable:  # not migrated yet
            return 0
    return 0 if row is None else int(row[0])


def _children(pid: int) -> list[int]:
    """Live (not zombie) processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _kill_when(
    corpus: Path, db: Path | str, *, workers: int, ready: Callable[[float, int], bool]
) -> tuple[int, int, list[int]]:
    """Start a run, SIGKILL it once ``ready(seconds, stored)`` holds; return the articles stored
    when it started and when it was killed, and the worker processes it left behind."""
    before = _stored(db)
    process = _start(corpus, db, workers)
    started = time.monotonic()
    try:
        while not ready(time.monotonic() - started, _stored(db)):
            assert process.poll() is None, "the run ended before the kill point"
            assert time.monotonic() - started < 60, "kill point never reached"
            time.sleep(POLL)
        orphans = _children(process.pid)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    return before, _stored(db), orphans


def _snapshot(db: Path | str) -> Snapshot:
    events = polevent.events(db=db)
    with polevent.open_store(db) as store:
        article_ids = sorted(article.id for article in store.articles())
    clusters = cluster_of(db=db, event_ids=[event.event_id for event in events])
    return Snapshot(article_ids=article_ids, events=events, clusters=clusters)


def _integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, Snapshot]:
    """The corpus, its size and the store one uninterrupted ``--workers 1`` run writes."""
    root = tmp_path_factory.mktemp("crash")
    corpus = root / "corpus"
    total = _corpus(corpus)
    db = root / "reference.db"
    _run(corpus, db, workers=1)
    return corpus, total, _snapshot(db)


def test_reference_run_codes_every_article_once(reference: tuple[Path, int, Snapshot]) -> None:
    _, total, snapshot = reference

    assert len(snapshot.article_ids) == len(set(snapshot.article_ids)) == total
    assert len(snapshot.events) > total  # the sample averages about ten events an article
    # Each copy repeats the same events: the clusterer groups them into one event per original.
    assert len(set(snapshot.clusters.values())) <= len(snapshot.events) // COPIES


def test_two_workers_write_the_same_store_as_one(
    reference: tuple[Path, int, Snapshot], tmp_path: Path
) -> None:
    corpus, _, expected = reference
    db = tmp_path / "two.db"

    _run(corpus, db, workers=2)

    found = _snapshot(db)
    assert found.article_ids == expected.article_ids
    assert [e.event_id for e in found.events] == [e.event_id for e in expected.events]
    for mine, theirs in zip(found.events, expected.events, strict=True):
        assert mine == theirs  # every field of every record
    assert found.clusters == expected.clusters


def test_kill_9_at_any_moment_then_resume_loses_and_duplicates_nothing(
    reference: tuple[Path, int, Snapshot], tmp_path: Path
) -> None:
    corpus, total, expected = reference
    db = tmp_path / "killed.db"
    anywhere = random.randint(total // 2 + 1, total - 4)
    kills = [
        (2, lambda seconds, stored: seconds > 0.5),  # while the model loads: nothing written
        (2, lambda seconds, stored: stored >= 1),  # right after the first commit
        (2, lambda seconds, stored: stored >= total // 2),  # mid-way
        (1, lambda seconds, stored: stored >= anywhere),  # a random point
        (1, lambda seconds, stored: stored >= total - 3),  # near the end (one at a time)
    ]
    progress = []
    for workers, ready in kills:
        before, after, orphans = _kill_when(corpus, db, workers=workers, ready=ready)
        progress.append((before, after))
        assert after < total, f"killed after the last article ({progress}, random {anywhere})"
        assert _integrity(db) == "ok"
        deadline = time.monotonic() + 10
        while any(map(_alive, orphans)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in orphans if _alive(pid)], "workers outlived their killed parent"
    _run(corpus, db, workers=2)

    assert progress[0][1] == progress[1][0]  # resumed runs start from what the last one stored
    assert progress[1][1] >= 1 and progress[2][1] >= total // 2  # the kills hit mid-run
    assert _integrity(db) == "ok"
    found = _snapshot(db)
    assert found.article_ids == expected.article_ids  # 0 lost, 0 duplicated
    assert [e.event_id for e in found.events] == [e.event_id for e in expected.events]
    assert found.events == expected.events
    assert found.clusters == expected.clusters
    assert os.path.getsize(db) > 0


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh schema in the test PostgreSQL server ($POLEVENT_TEST_PG_URL, set by
    ``scripts/pg_test_cluster.sh run``; without it this test fails, never skips)."""
    server = os.environ.get("POLEVENT_TEST_PG_URL")
    if not server:
        pytest.fail("$POLEVENT_TEST_PG_URL is not set: run via `make unit`", pytrace=False)
    schema = f"crash_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    joiner = "&" if "?" in server else "?"
    yield f"{server}{joiner}options={quote(f'-csearch_path={schema}')}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")


def test_kill_9_then_resume_on_postgresql_gives_the_sqlite_store(
    reference: tuple[Path, int, Snapshot], pg_url: str
) -> None:
    corpus, total, expected = reference
    kills = [
        (2, lambda seconds, stored: stored >= total // 2),  # mid-way, two workers
        (1, lambda seconds, stored: stored >= total - 3),  # near the end
    ]
    for workers, ready in kills:
        _, after, _ = _kill_when(corpus, pg_url, workers=workers, ready=ready)
        assert after < total
    _run(corpus, pg_url, workers=2)

    found = _snapshot(pg_url)
    assert found.article_ids == expected.article_ids
    assert found.events == expected.events
    assert found.clusters == expected.clusters
    with psycopg.connect(pg_url, autocommit=True) as conn:
        row = conn.execute("SELECT count(*), count(DISTINCT event_id) FROM event_clusters")
        assert row.fetchone() == (len(expected.events), len(expected.events))
