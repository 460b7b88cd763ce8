"""``polevent actors``: names on a date with reasons, history, unknown people, usage errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from polevent.cli.main import cli


def test_a_name_on_two_dates(runner: CliRunner) -> None:
    before = runner.invoke(cli, ["actors", "Amir Khan Muttaqi", "--date", "2019-08-01", "--json"])
    after = runner.invoke(cli, ["actors", "Amir Khan Muttaqi", "--date", "2025-05-16", "--json"])
    assert before.exit_code == 0 and after.exit_code == 0
    assert json.loads(before.stdout)["codes"] == ["AFGREB"]
    reply = json.loads(after.stdout)
    assert reply["codes"] == ["AFGGOV"] and "valid 2021-09-07.." in reply["reasons"][0]


def test_history_table_and_unknown_name(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["actors", "Muttaqi", "Nobody Atall", "--history"])
    assert result.exit_code == 0
    assert "AFGREB" in result.stdout and "AFGGOV" in result.stdout
    assert "'Nobody Atall': not in the knowledge base" in result.stdout


def test_unknown_needs_a_store_and_no_names(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(cli, ["actors", "--unknown"]).exit_code == 2
    assert runner.invoke(cli, ["actors"]).exit_code == 2
    missing = runner.invoke(cli, ["actors", "--unknown", "--db", str(tmp_path / "no.db")])
    assert missing.exit_code == 1 and "E401" in missing.stderr


def test_your_own_actor_file_codes_a_new_person(runner: CliRunner, tmp_path: Path) -> None:
    # "Arlan Testbekov" is an invented name: no knowledge base will ever hold it
    mine = tmp_path / "mine.tsv"
    mine.write_text(
        "country\trole\tname\taliases\tvalid_from\tvalid_to\tnote\n"
        "KGZ\tHOG\tArlan Testbekov\t\t2024-12-16\t\tChairman of the Cabinet; my row\n",
        encoding="utf-8",
    )
    article = tmp_path / "kg.txt"
    article.write_text("Kyrgyz Prime Minister Arlan Testbekov criticised Pakistan.\n")
    db = str(tmp_path / "kg.db")
    args = ["code", str(article), "--db", db, "--published", "2025-05-16", "--quiet"]
    assert runner.invoke(cli, [*args, "--actors", str(mine)]).exit_code == 0
    assert runner.invoke(cli, ["actors", "--unknown", "--db", db, "--json"]).stdout == ""
    listed = runner.invoke(cli, ["events", "--db", db, "--format", "jsonl"]).stdout
    [source] = json.loads(listed.splitlines()[0])["source"]
    assert (source["code"], source["kb_id"]) == ("KGZGOV", "office:arlan_testbekov")
    assert "mine.tsv:2: head of government, valid 2024-12-16.." in source["reason"]


def test_without_the_file_the_person_is_listed_as_unknown(
    runner: CliRunner, tmp_path: Path
) -> None:
    article = tmp_path / "kg.txt"
    article.write_text("Kyrgyz Prime Minister Arlan Testbekov criticised Pakistan.\n")
    db = str(tmp_path / "kg.db")
    args = ["code", str(article), "--db", db, "--published", "2025-05-16", "--quiet"]
    assert runner.invoke(cli, args).exit_code == 0
    found = runner.invoke(cli, ["actors", "--unknown", "--db", db, "--json"])
    assert json.loads(found.stdout) == {
        "name": "Arlan Testbekov",
        "mentions": 1,
        "codes": {"KGZGOV": 1},
        "first_event": json.loads(found.stdout)["first_event"],
    }
