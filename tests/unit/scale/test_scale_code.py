"""``code`` through an engine: the ``executor`` seam a Ray engine plugs into gives the store the
in-process coder gives; ``--workers`` and the progress total in the CLI."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from click.testing import CliRunner

import polevent
from polevent.api import cluster_of, code
from polevent.cli import cli
from polevent.cli.code import estimate_articles
from polevent.pipeline import Coder
from polevent.records import Article
from polevent.scale import SerialExecutor

SAMPLES = Path(__file__).parents[3] / "samples" / "wikinews.jsonl"


def test_an_engine_writes_the_store_the_in_process_coder_writes(
    tmp_path: Path, coder: Coder
) -> None:
    seen: list[Article] = []
    direct = code([SAMPLES], db=tmp_path / "direct.db", coder=coder)
    engine = code(
        [SAMPLES], db=tmp_path / "engine.db", executor=SerialExecutor(), progress=seen.append
    )

    assert (engine.articles_coded, engine.events_added) == (12, direct.events_added)
    assert len(seen) == 12
    expected = polevent.events(db=tmp_path / "direct.db")
    found = polevent.events(db=tmp_path / "engine.db")
    assert found == expected
    ids = [event.event_id for event in found]
    assert cluster_of(db=tmp_path / "engine.db", event_ids=ids) == cluster_of(
        db=tmp_path / "direct.db", event_ids=ids
    )


def test_progress_counts_articles_found_already_stored(tmp_path: Path, coder: Coder) -> None:
    db = tmp_path / "e.db"
    code([SAMPLES], db=db, coder=coder)
    seen: list[Article] = []

    report = code([SAMPLES], db=db, workers=2, progress=seen.append)

    assert (report.articles_coded, report.articles_already_stored) == (0, 12)
    assert len(seen) == 12


def test_workers_below_one_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        code([SAMPLES], db=tmp_path / "e.db", workers=0)
    result = CliRunner(mix_stderr=False).invoke(
        cli, ["code", str(SAMPLES), "--db", str(tmp_path / "e.db"), "--workers", "0"]
    )
    assert result.exit_code == 2
    assert "--workers" in result.stderr
    assert not (tmp_path / "e.db").exists()


def test_estimate_counts_texts_pages_and_json_lines(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("One story.", encoding="utf-8")
    (folder / "b.html").write_text("<p>One page.</p>", encoding="utf-8")
    (folder / "c.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n', encoding="utf-8")
    with gzip.open(folder / "d.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write('{"text": "z"}\n' * 3)

    assert estimate_articles((str(folder),)) == 1 + 1 + 2 + 3
    assert estimate_articles((str(SAMPLES), str(folder / "a.txt"))) == 13
    assert estimate_articles(("-",)) is None
    assert estimate_articles(("https://example.org/feed.xml",)) is None
    assert estimate_articles((str(tmp_path / "missing.txt"),)) is None
