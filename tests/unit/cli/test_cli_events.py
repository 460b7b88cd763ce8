"""``polevent events``: formats, filters and errors, on a store coded once per session."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner, Result

from polevent.api import events
from polevent.cli import cli
from polevent.cli.events import CSV_COLUMNS
from polevent.serialize import event_from_dict


def _events(runner: CliRunner, db: Path | str, *args: str) -> Result:
    return runner.invoke(cli, ["events", "--db", str(db), *args])


def _csv_rows(result: Result) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(result.stdout))
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    return list(reader)


def test_jsonl_lines_parse_and_round_trip(runner: CliRunner, events_db: Path) -> None:
    result = _events(runner, events_db, "--format", "jsonl")

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    parsed = [event_from_dict(json.loads(line)) for line in lines]
    assert parsed == events(db=events_db)
    assert sorted((e.source[0].code, e.target[0].code, e.cameo_code) for e in parsed) == [
        ("INDGOV", "PAKGOV", "041"),
        ("JPNGOV", "INDGOV", "040"),
        ("PAKGOV", "INDGOV", "041"),
    ]


def test_csv_has_header_columns_and_one_row_per_event(runner: CliRunner, events_db: Path) -> None:
    result = _events(runner, events_db, "--format", "csv")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == ",".join(CSV_COLUMNS)
    rows = _csv_rows(result)
    assert sorted((r["date"], r["source"], r["target"], r["cameo_code"]) for r in rows) == [
        ("2025-03-03", "INDGOV", "PAKGOV", "041"),
        ("2025-03-03", "PAKGOV", "INDGOV", "041"),
        ("2025-03-10", "JPNGOV", "INDGOV", "040"),
    ]
    assert rows[0]["cameo_label"] == "Discuss by telephone"
    assert rows[0]["evidence"].startswith("Indian Prime Minister Narendra Modi held a phone call")


def test_actor_filter_keeps_events_with_that_actor(runner: CliRunner, events_db: Path) -> None:
    pak = _csv_rows(_events(runner, events_db, "--format", "csv", "--actor", "PAK"))
    jpn = _csv_rows(_events(runner, events_db, "--format", "csv", "--actor", "jpn"))
    ind = _csv_rows(_events(runner, events_db, "--format", "csv", "--actor", "IND"))

    assert [r["cameo_code"] for r in pak] == ["041", "041"]
    assert [r["cameo_code"] for r in jpn] == ["040"]
    assert [r["cameo_code"] for r in ind] == ["041", "041", "040"]


def test_since_until_and_limit(runner: CliRunner, events_db: Path) -> None:
    future = _events(runner, events_db, "--format", "jsonl", "--since", "2999-01-01")
    later = _csv_rows(_events(runner, events_db, "--format", "csv", "--since", "2025-03-05"))
    earlier = _csv_rows(_events(runner, events_db, "--format", "csv", "--until", "2025-03-05"))
    first = _csv_rows(_events(runner, events_db, "--format", "csv", "--limit", "1"))

    assert (future.exit_code, future.stdout) == (0, "")
    assert [r["cameo_code"] for r in later] == ["040"]
    assert [r["cameo_code"] for r in earlier] == ["041", "041"]
    assert [r["cameo_code"] for r in first] == ["041"]


def test_future_since_gives_header_only_csv(runner: CliRunner, events_db: Path) -> None:
    result = _events(runner, events_db, "--format", "csv", "--since", "2999-01-01")

    assert result.exit_code == 0
    assert result.stdout.splitlines() == [",".join(CSV_COLUMNS)]


def test_table_shows_codes_actors_and_count(runner: CliRunner, events_db: Path) -> None:
    result = _events(runner, events_db)

    assert result.exit_code == 0, result.stderr
    assert "3 events" in result.stdout
    for text in ("041 Discuss by telephone", "040 Consult", "INDGOV", "PAKGOV", "JPNGOV"):
        assert text in result.stdout
    assert "2025-03-03" in result.stdout


def test_bad_since_is_a_usage_error(runner: CliRunner, events_db: Path) -> None:
    result = _events(runner, events_db, "--since", "3 March")

    assert result.exit_code == 2
    assert "Invalid value for '--since'" in result.stderr
    assert "expected YYYY-MM-DD" in result.stderr
    assert result.stdout == ""


def test_bad_format_is_a_usage_error(runner: CliRunner, events_db: Path) -> None:
    result = _events(runner, events_db, "--format", "xml")

    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_missing_db_is_e401_and_creates_no_file(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"

    plain = _events(runner, missing)
    url = _events(runner, f"sqlite:///{missing}", "--format", "csv")

    for result, shown in ((plain, str(missing)), (url, f"sqlite:///{missing}")):
        assert result.exit_code == 1
        assert result.stderr.startswith(f"error: {shown}: E401 event store cannot be opened")
        assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_unknown_store_scheme_is_e404(runner: CliRunner) -> None:
    result = _events(runner, "mysql://user:secret@db.example/events")  # postgresql:// is served

    assert result.exit_code == 1
    assert "E404" in result.stderr
    assert "secret" not in result.stderr


def test_dyads_expand_compound_actors(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "compound.txt"
    article.write_text("India and Pakistan criticised Nepal and Bhutan on Monday.\n")
    db = str(tmp_path / "compound.db")
    coded = runner.invoke(cli, ["code", str(article), "--db", db, "--published", "2025-05-16"])
    assert coded.exit_code == 0
    plain = runner.invoke(cli, ["events", "--db", db, "--format", "csv"]).stdout.splitlines()
    assert len(plain) == 2 and "INDGOV;PAKGOV" in plain[1] and "NPLGOV;BTNGOV" in plain[1]
    rows = runner.invoke(cli, ["events", "--db", db, "--format", "csv", "--dyads"]).stdout
    pairs = [(r["source"], r["target"]) for r in csv.DictReader(io.StringIO(rows))]
    assert pairs == [
        ("INDGOV", "NPLGOV"),
        ("INDGOV", "BTNGOV"),
        ("PAKGOV", "NPLGOV"),
        ("PAKGOV", "BTNGOV"),
    ]
    ids = {r["event_id"] for r in csv.DictReader(io.StringIO(rows))}
    assert len(ids) == 1  # one event, four dyads
