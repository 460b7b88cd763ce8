"""CLI tests: a click runner with stdout and stderr apart, fixture paths and a coded store."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from polevent.api import code
from polevent.pipeline import Coder

FIXTURES = Path(__file__).parents[2] / "fixtures" / "cli"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(mix_stderr=False)


@pytest.fixture(scope="session")
def events_db(tmp_path_factory: pytest.TempPathFactory, coder: Coder) -> Path:
    """A store holding two coded articles (INDGOV <-> PAKGOV 041 both ways on 2025-03-03 and
    JPNGOV -> INDGOV 040 on 2025-03-10), coded through the API with the session coder.
    Tests only read it."""
    db = tmp_path_factory.mktemp("cli_events") / "events.db"
    files = [FIXTURES / "modi_sharif_call.txt", FIXTURES / "iwaya_jaishankar.txt"]
    report = code(files, db=db, coder=coder)
    assert (report.articles_coded, report.events_added) == (2, 3)
    return db
