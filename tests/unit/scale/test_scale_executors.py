"""The engines behind ``Executor``: results in input order, lazy bounded reading, errors at their
item's turn, one warm-up per worker process, and records that survive the trip to a worker."""

from __future__ import annotations

import os
import pickle
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path

import pytest

from polevent import ids
from polevent.records import ActorRef, Article, EventDate, EventRecord, Evidence, Place
from polevent.scale import Executor, ProcessExecutor, SerialExecutor, batched, worker_peak_rss


def _square(n: int) -> int:
    return n * n


def _slow_first(n: int) -> int:
    """Early items take longest, so a pool finishes them last."""
    time.sleep(0.05 * max(0, 4 - n))
    return n


def _fail_on_three(n: int) -> int:
    if n == 3:
        raise ValueError("three is bad")
    return n


def _mark(folder: Path) -> None:
    """A warm-up that leaves one file per process it ran in."""
    (folder / str(os.getpid())).touch()


def _pid(_n: int) -> int:
    time.sleep(0.01)
    return os.getpid()


def _counted(items: range, pulled: list[int]) -> Iterator[int]:
    for item in items:
        pulled.append(item)
        yield item


def test_serial_executor_maps_in_order_in_this_process() -> None:
    engine: Executor = SerialExecutor()
    with engine:
        assert list(engine.map(_square, range(5))) == [0, 1, 4, 9, 16]
        assert list(engine.map(_pid, [1])) == [os.getpid()]
        assert engine.workers == 1


def test_batched_reads_lazily_in_tuples() -> None:
    pulled: list[int] = []
    batches = batched(_counted(range(7), pulled), 3)
    assert next(batches) == (0, 1, 2)
    assert pulled == [0, 1, 2]
    assert list(batches) == [(3, 4, 5), (6,)]
    with pytest.raises(ValueError, match="at least 1"):
        list(batched(range(3), 0))


def test_process_pool_keeps_input_order_whatever_finishes_first() -> None:
    with ProcessExecutor(workers=2) as engine:
        assert list(engine.map(_slow_first, range(8))) == list(range(8))
        assert list(engine.map(_square, range(30))) == [n * n for n in range(30)]


def test_process_pool_reads_a_bounded_number_of_items_ahead() -> None:
    pulled: list[int] = []
    with ProcessExecutor(workers=2, prefetch=2) as engine:
        results = engine.map(_square, _counted(range(100), pulled))
        assert next(results) == 0
        assert len(pulled) <= 2 * 2 + 1
        assert list(results) == [n * n for n in range(1, 100)]
    assert len(pulled) == 100


def test_an_error_in_a_worker_is_raised_at_its_item_after_the_earlier_results() -> None:
    seen: list[int] = []
    with ProcessExecutor(workers=2) as engine, pytest.raises(ValueError, match="three is bad"):
        for result in engine.map(_fail_on_three, range(6)):
            seen.append(result)
    assert seen == [0, 1, 2]


def test_warm_runs_once_in_each_worker_and_the_work_runs_there(tmp_path: Path) -> None:
    with ProcessExecutor(workers=2, warm=partial(_mark, tmp_path)) as engine:
        pids = set(engine.map(_pid, range(40)))
        workers = engine.pids()
        peaks = [worker_peak_rss(pid) for pid in workers]
    warmed = {int(path.name) for path in tmp_path.iterdir()}
    assert os.getpid() not in pids
    assert pids <= warmed
    assert len(warmed) == 2 == len(workers)
    assert all(peak is not None and peak > 1_000_000 for peak in peaks)


def test_bad_pool_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        ProcessExecutor(workers=0)


def test_articles_and_event_records_survive_pickling() -> None:
    published = datetime(2025, 5, 16, 10, tzinfo=UTC)
    article = Article(
        id=ids.article_id(text="Text.", url=None),
        title="T",
        text="Text.",
        published_at=published,
        url=None,
        source="tests",
    )
    actor = ActorRef(
        text="India",
        code="IND",
        country="IND",
        sector=None,
        name=None,
        kb_id=None,
        reason="r",
        start=0,
        end=5,
    )
    event = EventRecord(
        event_id="e1",
        article_id=article.id,
        sentence_index=0,
        evidence=Evidence(text="Text.", start=0, end=5),
        source=(actor,),
        target=(actor,),
        cameo_code="040",
        cameo_root="04",
        cameo_label="consult",
        quad_class=1,
        goldstein=1.0,
        plover_type="CONSULT",
        plover_mode=None,
        plover_context=(),
        plover_intensity=None,
        modality="asserted",
        trigger="met",
        code_reason="r",
        published_at=published,
        date=EventDate(
            start=date(2025, 5, 16), end=date(2025, 5, 16), granularity="day", text="", reason="r"
        ),
        place=Place(
            name="Delhi",
            geonameid=1,
            lat=28.6,
            lon=77.2,
            admin1=None,
            country="IND",
            feature="PPLC",
            text="Delhi",
            reason="r",
        ),
    )
    assert pickle.loads(pickle.dumps((article, [event]))) == (article, [event])
