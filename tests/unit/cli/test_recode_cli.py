"""``polevent recode``, ``diff``, ``accept`` and ``reject`` through click's runner, on a SQLite
store holding one fixture article with a stale hand-made mention (coded by an older version)."""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from polevent.cli import cli
from polevent.pipeline import Coder, code_article
from polevent.query import EventFilter
from polevent.records import Article, EventRecord
from polevent.settings import Settings
from polevent.store import open_sqlite

FIXTURES = Path(__file__).parents[2] / "fixtures" / "cli"


def _store_factories() -> ModuleType:
    """tests/unit/store/conftest.py (its ``make_article`` and ``make_event``)."""
    folder = Path(__file__).parents[1] / "store"
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))  # its ``store_backends``
    spec = importlib.util.spec_from_file_location("_cli_store_factories", folder / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_factories = _store_factories()


@pytest.fixture
def stale_db(tmp_path: Path) -> tuple[Path, Article, EventRecord]:
    """A store with the Modi-Sharif call article and one stale mention of it."""
    text = (FIXTURES / "modi_sharif_call.txt").read_text(encoding="utf-8")
    article = _factories.make_article(text=text, published_at=datetime(2025, 3, 3, 9, tzinfo=UTC))
    stale = replace(
        _factories.make_event(article, sentence_index=5, date_start=date(2025, 3, 3)),
        coder_version="polevent 0.0.1",
        data_version="old",
    )
    db = tmp_path / "events.db"
    with open_sqlite(db) as store:
        store.add_article(article, [stale])
    return db, article, stale


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch, coder: Coder) -> list[Settings]:
    """``polevent recode`` gets the session coder; the settings it asked for are recorded."""
    asked: list[Settings] = []

    def build(settings: Settings) -> Coder:
        asked.append(settings)
        return coder

    monkeypatch.setattr("polevent.recode.build_coder", build)
    return asked


def _invoke(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_recode_diff_accept(
    runner: CliRunner,
    stale_db: tuple[Path, Article, EventRecord],
    built: list[Settings],
    coder: Coder,
) -> None:
    db, article, stale = stale_db
    expected = code_article(article, coder)

    code, out, err = _invoke(runner, "recode", "--db", str(db), "--quiet")

    assert code == 0, err
    assert built and built[0].actor_files == () and built[0].quad_model is None
    assert "1 articles re-coded now" in out
    assert f"{len(expected)} pending mentions" in out

    code, out, err = _invoke(runner, "diff", "--db", str(db))
    assert code == 0, err
    assert f"new {len(expected)}, dropped 1, re-coded 0, unchanged 0" in out
    assert "was: polevent 0.0.1 (data old)" in out
    assert stale.event_id in out

    code, out, err = _invoke(runner, "diff", "--db", str(db), "--json", "--limit", "1")
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines[0]["type"] == "summary"
    assert (lines[0]["new"], lines[0]["dropped"], lines[0]["pending"]) == (len(expected), 1, 2)
    assert len(lines) == 2 and lines[1]["type"] == "change"

    with open_sqlite(db) as store:
        assert store.events(EventFilter()) == [stale]  # pending until accepted

    code, out, err = _invoke(runner, "accept", "--db", str(db))
    assert code == 0, err
    assert f"added {len(expected)}, replaced 0, dropped 1" in out
    with open_sqlite(db) as store:
        assert {e.event_id for e in store.events(EventFilter())} == {e.event_id for e in expected}

    code, out, err = _invoke(runner, "recode", "--db", str(db), "--quiet")
    assert code == 0, err
    assert out.startswith("nothing to re-code: all 1 articles are coded by")


def test_reject_keeps_the_current_mentions(
    runner: CliRunner, stale_db: tuple[Path, Article, EventRecord], built: list[Settings]
) -> None:
    db, _article, stale = stale_db
    assert _invoke(runner, "recode", "--db", str(db), "--quiet")[0] == 0

    code, out, err = _invoke(runner, "reject", "--db", str(db))

    assert code == 0, err
    assert "pending mentions discarded" in out and out.startswith("rejected re-code run ")
    with open_sqlite(db) as store:
        assert store.events(EventFilter()) == [stale]
        assert store.recode_run() is None
    code, out, _err = _invoke(runner, "diff", "--db", str(db))
    assert (code, out) == (0, "no re-code run is pending\n")


def test_accept_without_a_pending_run_fails(
    runner: CliRunner, stale_db: tuple[Path, Article, EventRecord]
) -> None:
    code, out, err = _invoke(runner, "accept", "--db", str(stale_db[0]))
    assert (code, out) == (1, "")
    assert err.startswith("error: ") and "E405" in err and "polevent recode" in err


def test_recode_a_missing_store_fails_without_creating_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    db = tmp_path / "missing.db"
    code, _out, err = _invoke(runner, "recode", "--db", str(db), "--quiet")
    assert code == 1
    assert "E401" in err
    assert not db.exists()
