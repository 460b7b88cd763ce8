"""``polevent gazetteer lookup`` over a tiny file built from hand-written rows; E501 when the
file is missing. (``gazetteer build`` on the real packages runs in ``make`` setup.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from polevent.cli import cli
from polevent.resolve.gazetteer import Candidate
from polevent.resolve.gazetteer_build import GazetteerRow, write_gazetteer


def _row(gid: int, name: str, code: str, country: str, population: int) -> GazetteerRow:
    candidate = Candidate(
        geonameid=gid,
        name=name,
        lat=41.7,
        lon=44.8,
        feature_class="A" if code != "PPLC" else "P",
        feature_code=code,
        country=country,
        admin1=None,
        population=population,
        source="test",
    )
    return GazetteerRow(candidate=candidate, aliases=("Tiflis",) if code == "PPLC" else ())


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    rows = [
        _row(614540, "Georgia", "PCLI", "GEO", 3_704_500),
        _row(4197000, "Georgia", "ADM1", "USA", 4_836_734),
        _row(611717, "Tbilisi", "PPLC", "GEO", 1_049_498),
    ]
    return write_gazetteer(tmp_path / "g.sqlite", rows, built_on="2026-01-01").path


def test_lookup_json(runner: CliRunner, tiny: Path) -> None:
    result = runner.invoke(
        cli, ["gazetteer", "lookup", "georgia", "--gazetteer", str(tiny), "--json"]
    )

    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["country"], r["feature_code"]) for r in rows] == [("GEO", "PCLI"), ("USA", "ADM1")]


def test_lookup_table_by_alias(runner: CliRunner, tiny: Path) -> None:
    result = runner.invoke(cli, ["gazetteer", "lookup", "Tiflis", "--gazetteer", str(tiny)])

    assert result.exit_code == 0, result.stderr
    assert "Tbilisi" in result.stdout
    assert "611717" in result.stdout


def test_lookup_without_a_file_is_e501(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite"
    result = runner.invoke(cli, ["gazetteer", "lookup", "Kyiv", "--gazetteer", str(missing)])

    assert result.exit_code == 1
    assert "E501" in result.stderr


@pytest.mark.parametrize("command", ["build", "lookup"])
def test_subcommand_help_has_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(cli, ["gazetteer", command, "--help"])

    assert result.exit_code == 0
    assert f"Example: polevent gazetteer {command}" in result.stdout
