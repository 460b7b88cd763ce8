"""``polevent code``: summary, exit codes and error lines (the CLI builds its own coder).

Only four invocations here code new articles; the rest fail or skip before the model loads.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from click.testing import CliRunner, Result

import polevent
from polevent.cli import cli
from polevent.store import StoreStats

FIXTURES = Path(__file__).parents[2] / "fixtures" / "cli"
CALL = FIXTURES / "modi_sharif_call.txt"
NO_DATE = FIXTURES / "dar_no_date.txt"


def _code(runner: CliRunner, db: Path, *args: str | Path) -> Result:
    return runner.invoke(cli, ["code", *map(str, args), "--db", str(db)])


def _stats(db: Path) -> StoreStats:
    with polevent.open_store(db) as store:
        return store.stats()


def _folder(root: Path, **files: Path | bytes) -> Path:
    folder = root / "in"
    folder.mkdir()
    for name, content in files.items():
        target = folder / f"{name}.txt"
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        else:
            target.write_bytes(content)
    return folder


def test_code_prints_summary_and_rerun_adds_nothing(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "events.db"

    first = _code(runner, db, CALL)
    again = _code(runner, db, CALL, "--quiet")

    assert first.exit_code == 0, first.stderr
    assert first.stdout == f"read 1 articles: coded 1, already stored 0; 2 new events in {db}\n"
    assert again.exit_code == 0, again.stderr
    assert again.stdout == f"read 1 articles: coded 0, already stored 1; 0 new events in {db}\n"
    assert _stats(db) == StoreStats(articles=1, events=2)
    found = polevent.events(db=db)
    assert sorted((e.source[0].code, e.target[0].code, e.cameo_code) for e in found) == [
        ("INDGOV", "PAKGOV", "041"),
        ("PAKGOV", "INDGOV", "041"),  # CAMEO [041:041]: a phone call goes both ways
    ]


def test_keep_going_lists_failures_and_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    folder = _folder(tmp_path, a_binary=b"\x00\x01\x02 binary \x00", b_call=CALL, c_empty=b"")
    db = tmp_path / "events.db"

    result = _code(runner, db, folder, "--keep-going")

    assert result.exit_code == 2, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"read 1 articles: coded 1, already stored 0; 2 new events in {db}"
    assert lines[1] == "2 input(s) failed and were skipped:"
    assert lines[2].startswith(f"  {folder / 'a_binary.txt'}: E102 binary input")
    assert lines[3].startswith(f"  {folder / 'c_empty.txt'}: E101 empty input")
    assert len(lines) == 4
    assert _stats(db) == StoreStats(articles=1, events=2)


def test_without_keep_going_bad_input_exits_1_with_coded_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = _folder(tmp_path, a_empty=b" \n\n", b_call=CALL)
    db = tmp_path / "events.db"

    result = _code(runner, db, folder)

    assert result.exit_code == 1
    bad = folder / "a_empty.txt"
    assert result.stderr.startswith(f"error: {bad}: E101 empty input")
    assert result.stderr.count("\n") == 1  # one line, never wrapped inside the path
    assert result.stdout == ""
    assert _stats(db) == StoreStats(articles=0, events=0)


def test_missing_path_exits_1_with_e107(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "article.txt"

    result = _code(runner, tmp_path / "events.db", missing)

    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {missing}: E107 path not found")


def test_undated_text_prints_w101_warning(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "events.db"

    result = _code(runner, db, NO_DATE, "--quiet")

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"read 1 articles: coded 1, already stored 0; 1 new events in {db}"
    assert lines[1].startswith(f"warning {NO_DATE}: W101 article has no publication date")
    assert [e.date.granularity for e in polevent.events(db=db)] == ["unknown"]


def test_published_option_dates_undated_text(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "events.db"

    result = _code(runner, db, NO_DATE, "--published", "2025-04-25", "--quiet")

    assert result.exit_code == 0, result.stderr
    assert "W101" not in result.stdout
    assert [e.date.start for e in polevent.events(db=db)] == [date(2025, 4, 25)]


def test_bad_published_value_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "events.db"

    result = _code(runner, db, NO_DATE, "--published", "the day before yesterday")

    assert result.exit_code == 2
    assert "Invalid value for '--published'" in result.stderr
    assert "E105" in result.stderr
    assert not db.exists()


def test_code_without_paths_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["code", "--db", str(tmp_path / "events.db")])

    assert result.exit_code == 2
    assert "Missing argument 'PATHS...'" in result.stderr
