"""``export`` from a store (library and ``polevent export``): formats, filters, clear errors."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from polevent import api
from polevent.cli import cli
from polevent.errors import InputError, StoreError
from polevent.export import FORMATS, export
from polevent.export.gdelt import EVENT_COLUMNS
from polevent.query.filters import EventFilter
from polevent.store import open_store


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(mix_stderr=False)


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_writes_a_file_from_the_store(
    filled_db: Path, tmp_path: Path, name: str
) -> None:
    out = tmp_path / f"events.{name}"
    with open_store(filled_db) as store:
        report = export(store, format=name, out=out)

    assert report.events == 4
    assert report.rows == {"csv": 4, "parquet": 4, "plover": 4, "polecat": 4}.get(name, 5)
    assert report.path == out and out.stat().st_size > 0


def test_the_filter_selects_events(filled_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "npl.jsonl"
    report = api.export(db=filled_db, format="plover", out=out, where=EventFilter(actor="NPL"))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]

    assert report.events == len(records) == 1
    assert records[0]["recipient"][0]["code"] == "NPL"


def test_unknown_format_is_an_input_error_and_writes_nothing(
    filled_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "events.xml"
    with open_store(filled_db) as store, pytest.raises(InputError) as raised:
        export(store, format="xml", out=out)

    assert raised.value.code == "E109"
    assert "unknown export format 'xml'" in str(raised.value)
    assert "gdelt" in str(raised.value)
    assert not out.exists()


def test_export_never_creates_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as raised:
        api.export(db=tmp_path / "missing.db", format="csv", out=tmp_path / "x.csv")

    assert raised.value.code == "E401"
    assert not (tmp_path / "missing.db").exists()


def test_cli_writes_gdelt_with_header(runner: CliRunner, filled_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    args = ["export", "--db", str(filled_db), "--format", "gdelt", "--out", str(out)]
    result = runner.invoke(cli, [*args, "--header", "--since", "2025-05-16"])

    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"wrote 3 rows (2 events) to {out} as gdelt\n"
    with out.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        rows = list(reader)
    assert reader.fieldnames == list(EVENT_COLUMNS)
    assert {row["SQLDATE"] for row in rows} == {"20250516", "20250517"}


def test_cli_bad_format_is_a_clear_usage_error(
    runner: CliRunner, filled_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "x.out"
    args = ["export", "--db", str(filled_db), "--format", "gdelt2", "--out", str(out)]
    result = runner.invoke(cli, args)

    assert result.exit_code == 2
    assert "Invalid value for '--format': 'gdelt2' is not one of" in result.stderr
    assert "'icews'" in result.stderr and "'plover'" in result.stderr
    assert not out.exists()


def test_cli_bad_filter_is_a_usage_error(runner: CliRunner, filled_db: Path) -> None:
    args = ["export", "--db", str(filled_db), "--format", "csv", "--out", "x.csv"]
    result = runner.invoke(cli, [*args, "--limit", "-1"])

    assert result.exit_code == 2
    assert "EventFilter.limit must be >= 0, got -1" in result.stderr


def test_cli_missing_store_and_unwritable_out(
    runner: CliRunner, filled_db: Path, tmp_path: Path
) -> None:
    missing = runner.invoke(
        cli, ["export", "--db", str(tmp_path / "no.db"), "--format", "csv", "--out", "x.csv"]
    )
    nowhere = tmp_path / "no-such-dir" / "x.csv"
    unwritable = runner.invoke(
        cli, ["export", "--db", str(filled_db), "--format", "csv", "--out", str(nowhere)]
    )

    assert missing.exit_code == 1
    assert "E401" in missing.stderr and "no such file" in missing.stderr
    assert unwritable.exit_code == 1
    assert f"error: {nowhere}: cannot write" in unwritable.stderr
    assert "Traceback" not in unwritable.stderr


def test_the_export_package_does_not_import_spacy_or_pyarrow() -> None:
    script = "import json, sys\nimport polevent.export\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    loaded = set(json.loads(done.stdout))

    assert "polevent.export.gdelt" in loaded
    assert not {name for name in loaded if name.split(".")[0] in {"spacy", "thinc", "pyarrow"}}
