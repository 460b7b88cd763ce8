"""``RayExecutor`` on a real local Ray instance (no mocks): input order, errors at their item,
one actor process per worker, and a store written through Ray equal to the local engine's, event
by event and cluster by cluster. Without ``ray`` installed these tests fail (E206), never skip.

One instance with two actors serves the module (Ray starts in about 4 s; each actor loads the
model once); the fixture shuts it down even when a test fails.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import polevent
from polevent.api import cluster_of, code
from polevent.cli import cli
from polevent.errors import ModelError
from polevent.pipeline import Coder
from polevent.scale import Executor, RayExecutor
from polevent.scale.ray_engine import fits_sockets, import_ray

SAMPLES = Path(__file__).parents[3] / "samples" / "wikinews.jsonl"


def _square(n: int) -> int:
    return n * n


def _slow_first(n: int) -> int:
    time.sleep(0.05 * max(0, 4 - n))
    return n


def _fail_on_three(n: int) -> int:
    if n == 3:
        raise ValueError("three is bad")
    return n


def _pid(_n: int) -> int:
    time.sleep(0.01)
    return os.getpid()


@pytest.fixture(scope="module")
def ray_engine() -> Iterator[RayExecutor]:
    # Half a CPU each: the instance (2 CPUs) keeps room for the CLI test's own actor.
    engine = RayExecutor(workers=2, actor_cpus=0.5)
    # The helpers above live in a test module the actors cannot import: send them by value.
    import_ray().cloudpickle.register_pickle_by_value(sys.modules[__name__])
    try:
        engine.start()
        yield engine
    finally:
        engine.close()
    assert not import_ray().is_initialized()  # the instance it started is gone
    assert "RAY_AUTH_TOKEN" not in os.environ  # and the environment it set is restored


def test_ray_keeps_input_order_and_runs_on_its_actors(ray_engine: RayExecutor) -> None:
    engine: Executor = ray_engine
    assert engine.workers == 2
    assert list(engine.map(_slow_first, range(8))) == list(range(8))
    assert list(engine.map(_square, range(30))) == [n * n for n in range(30)]
    pids = set(engine.map(_pid, range(20)))
    assert pids == set(ray_engine.pids())
    assert len(pids) == 2 and os.getpid() not in pids


def test_ray_raises_the_workers_error_at_its_item(ray_engine: RayExecutor) -> None:
    seen: list[int] = []
    with pytest.raises(ValueError, match="three is bad"):
        for result in ray_engine.map(_fail_on_three, range(6)):
            seen.append(result)
    assert seen == [0, 1, 2]


def test_local_ray_keeps_its_files_in_var_ray_and_nothing_in_home(
    ray_engine: RayExecutor,
) -> None:
    assert ray_engine.temp_dir_note is None
    assert ray_engine.temp_dir == Path.cwd() / "var" / "ray"
    assert any(ray_engine.temp_dir.glob("session_*"))


def test_a_temp_dir_too_long_for_sockets_falls_back_and_says_so() -> None:
    long = Path("/" + "x" * 60)
    engine = RayExecutor(workers=1, temp_dir=long)  # does no I/O until it starts

    assert not fits_sockets(long) and fits_sockets(Path.cwd() / "var" / "ray")
    assert engine.temp_dir_note is not None and str(long) in engine.temp_dir_note
    assert not long.exists()
    engine.close()


@pytest.fixture(scope="module")
def local_store(tmp_path_factory: pytest.TempPathFactory, coder: Coder) -> Path:
    """The samples coded by the local engine (in this process)."""
    db = tmp_path_factory.mktemp("local") / "local.db"
    code([SAMPLES], db=db, coder=coder)
    return db


def _assert_same_store(found_db: Path, expected_db: Path) -> None:
    expected = polevent.events(db=expected_db)
    found = polevent.events(db=found_db)
    assert len(found) > 12
    assert [e.event_id for e in found] == [e.event_id for e in expected]
    for mine, theirs in zip(found, expected, strict=True):
        assert mine == theirs  # every field of every record
    ids = [event.event_id for event in found]
    assert cluster_of(db=found_db, event_ids=ids) == cluster_of(db=expected_db, event_ids=ids)


def test_ray_writes_the_store_the_local_engine_writes(
    ray_engine: RayExecutor, local_store: Path, tmp_path: Path
) -> None:
    report = code([SAMPLES], db=tmp_path / "ray.db", executor=ray_engine)

    assert report.articles_coded == 12
    assert report.events_added == len(polevent.events(db=local_store))
    _assert_same_store(tmp_path / "ray.db", local_store)


def test_cli_engine_ray_uses_the_running_instance_and_leaves_it_running(
    ray_engine: RayExecutor, local_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLEVENT_GAZETTEER", str(tmp_path / "none.sqlite"))  # as local_store
    db = tmp_path / "cli.db"
    command = ["code", str(SAMPLES), "--db", str(db), "--quiet"]
    result = CliRunner(mix_stderr=False).invoke(
        cli, [*command, "--engine", "ray", "--workers", "1"]
    )

    assert result.exit_code == 0, result.stderr
    assert "coded 12" in result.stdout
    _assert_same_store(db, local_store)
    assert import_ray().is_initialized()  # not its instance: not stopped
    assert list(ray_engine.map(_square, [3])) == [9]
    result = CliRunner(mix_stderr=False).invoke(cli, [*command, "--address", "auto"])
    assert result.exit_code == 2
    assert "--address needs --engine ray" in result.stderr


def test_a_missing_ray_is_a_coded_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(ModelError, match="E206 optional engine not installed"):
        import_ray()
