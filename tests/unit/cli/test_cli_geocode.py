"""``polevent geocode``: toponyms and their resolutions, as a table or JSON lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from polevent.cli import cli
from polevent.resolve.gazetteer import Candidate
from polevent.resolve.gazetteer_build import GazetteerRow, write_gazetteer


def _row(gid: int, name: str, code: str, country: str, lat: float, lon: float) -> GazetteerRow:
    candidate = Candidate(
        geonameid=gid,
        name=name,
        lat=lat,
        lon=lon,
        feature_class="A" if code.startswith("PCL") else "P",
        feature_code=code,
        country=country,
        admin1=None,
        population=1_000_000,
        source="test",
    )
    return GazetteerRow(candidate=candidate, aliases=())


@pytest.fixture(scope="module")
def gazetteer_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("geocode") / "gazetteer.sqlite"
    rows = [
        _row(614540, "Georgia", "PCLI", "GEO", 42.0, 43.5),
        _row(611717, "Tbilisi", "PPLC", "GEO", 41.69, 44.83),
    ]
    write_gazetteer(path, rows, built_on="2026-01-01")
    return path


TEXT = "Protesters marched in Tbilisi on Monday against the government of Georgia."


def test_geocode_prints_a_table_with_reasons(runner: CliRunner, gazetteer_file: Path) -> None:
    result = runner.invoke(cli, ["geocode", TEXT, "--gazetteer", str(gazetteer_file)])

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("'Tbilisi' (place, chars 22-29) -> Tbilisi, GEO [PPLC 611717]")
    assert lines[2].startswith("'Georgia' (place, chars 66-73) -> Georgia, GEO [PCLI 614540]")
    assert "Tbilisi (PPLC, GEO" in lines[1]


def test_geocode_json_lines(runner: CliRunner, gazetteer_file: Path) -> None:
    result = runner.invoke(cli, ["geocode", TEXT, "--gazetteer", str(gazetteer_file), "--json"])

    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["text"], r["kind"], r["place"]["geonameid"]) for r in rows] == [
        ("Tbilisi", "place", 611717),
        ("Georgia", "place", 614540),
    ]
    assert TEXT[rows[0]["start"] : rows[0]["end"]] == "Tbilisi"
    assert rows[0]["place"]["precision"] == "point" and rows[0]["reason"]


def test_geocode_without_a_gazetteer_says_how_to_build_one(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(cli, ["geocode", TEXT, "--gazetteer", str(tmp_path / "none.sqlite")])

    assert result.exit_code == 1
    assert "E501" in result.stderr and "gazetteer" in result.stderr
