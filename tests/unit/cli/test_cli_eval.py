"""``polevent eval`` and the runner under it: tables, JSON, usage errors, coded failures.

Three invocations score the small plover-gsr fixture (each builds its own coder); the others
fail before any model loads.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from polevent.cli import cli
from polevent.evaluate import registry
from polevent.evaluate.runner import EvalFailure, run_eval
from polevent.pipeline import Coder

GOLD = Path(__file__).parents[2] / "fixtures" / "eval" / "plover_gsr" / "gsr_small.json"


def _gold_dir(root: Path) -> Path:
    """A gold root holding only the plover-gsr fixture, at its default path."""
    folder = root / "gold" / "plover-gsr"
    folder.mkdir(parents=True)
    shutil.copyfile(GOLD, folder / "PLOVER_GSR_CAMEO.json")
    return root / "gold"


def test_eval_prints_table_and_writes_json(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "eval.json"

    result = runner.invoke(cli, ["eval", "plover-gsr", "--gold", str(GOLD), "--json", str(out)])

    assert result.exit_code == 0, result.stderr
    body = json.loads(out.read_text(encoding="utf-8"))
    [scored] = body["results"]
    assert body["failures"] == []
    assert (scored["scorer"], scored["gold"], scored["n"]) == ("plover-gsr", str(GOLD), 5)
    metrics = {m["name"]: m for m in scored["metrics"]}
    assert metrics["type accuracy"]["value"] == pytest.approx(0.8)
    assert metrics["type accuracy"]["target"] == 0.85
    assert metrics["full record"]["value"] == pytest.approx(0.8)
    assert metrics["target joint accuracy"]["n"] == 3
    assert ["PROTEST", "0/1"] in scored["details"]
    lines = result.stdout.splitlines()
    assert lines[0].startswith("plover-gsr: ")
    type_row = next(line for line in lines if "type accuracy" in line)
    assert "80.0%" in type_row and "85.0%" in type_row and "✗" in type_row
    assert "100.0%" in next(line for line in lines if "target country accuracy" in line)
    assert "reliability: event type" in result.stdout
    assert "DEMAND->REQUEST" in result.stdout


def test_limit_and_default_gold_from_gold_dir(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLEVENT_GOLD_DIR", str(_gold_dir(tmp_path)))
    out = tmp_path / "eval.json"

    result = runner.invoke(cli, ["eval", "plover-gsr", "--limit", "2", "--json", str(out)])

    assert result.exit_code == 0, result.stderr
    [scored] = json.loads(out.read_text(encoding="utf-8"))["results"]
    assert scored["n"] == 2
    assert scored["gold"] == str(tmp_path / "gold" / "plover-gsr" / "PLOVER_GSR_CAMEO.json")


def test_a_failing_scorer_does_not_stop_the_others(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLEVENT_GOLD_DIR", str(_gold_dir(tmp_path)))
    out = tmp_path / "eval.json"

    # conflibert-cameo's gold is not in this gold root (and its module may not exist yet).
    result = runner.invoke(cli, ["eval", "plover-gsr", "conflibert-cameo", "--json", str(out)])

    assert result.exit_code == 1
    assert result.stdout.startswith("plover-gsr: ")
    assert "1 scorer(s) failed:" in result.stderr
    assert "  conflibert-cameo: " in result.stderr
    body = json.loads(out.read_text(encoding="utf-8"))
    assert [r["scorer"] for r in body["results"]] == ["plover-gsr"]
    assert [f["scorer"] for f in body["failures"]] == ["conflibert-cameo"]


def test_missing_gold_is_e110_and_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"

    result = runner.invoke(cli, ["eval", "plover-gsr", "--gold", str(missing)])

    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"plover-gsr: {missing}: E110 gold file not found" in result.stderr


def test_unknown_scorer_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["eval", "plover-gsr", "no-such-scorer"])

    assert result.exit_code == 2
    assert "Invalid value for '[NAME]...'" in result.stderr
    assert "no-such-scorer" in result.stderr


def test_gold_needs_exactly_one_name(runner: CliRunner) -> None:
    several = runner.invoke(cli, ["eval", "plover-gsr", "petrarch", "--gold", str(GOLD)])
    none = runner.invoke(cli, ["eval", "--gold", str(GOLD)])

    for result in (several, none):
        assert result.exit_code == 2
        assert "--gold needs exactly one scorer NAME" in result.stderr


def test_run_eval_reports_unavailable_and_missing_without_building_a_coder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    modules = {**registry.SCORER_MODULES, "ghost": "polevent.evaluate.ghost_scorer_not_written"}
    monkeypatch.setattr(registry, "SCORER_MODULES", modules)

    def no_coder() -> Coder:
        raise AssertionError("no scorer could run, so no coder is built")

    run = run_eval(["ghost", "plover-gsr"], root=tmp_path, make_coder=no_coder)

    assert run.results == ()
    [ghost, plover] = run.failures
    assert ghost.scorer == "ghost" and ghost.code is None
    assert ghost.message.startswith("not available (No module named 'polevent.evaluate.ghost")
    assert plover == EvalFailure(
        scorer="plover-gsr",
        code="E110",
        message=f"{tmp_path / 'plover-gsr' / 'PLOVER_GSR_CAMEO.json'}: E110 gold file not found",
    )


def test_run_eval_builds_the_coder_once_and_checks_arguments(
    tmp_path: Path, coder: Coder, monkeypatch: pytest.MonkeyPatch
) -> None:
    modules = {**registry.SCORER_MODULES, "again": "polevent.evaluate.plover_gsr"}
    monkeypatch.setattr(registry, "SCORER_MODULES", modules)
    started: list[str] = []
    built: list[Coder] = []

    def make() -> Coder:
        built.append(coder)
        return coder

    run = run_eval(
        ["plover-gsr", "again"],
        root=_gold_dir(tmp_path),
        limit=1,
        make_coder=make,
        on_start=started.append,
    )

    assert [(r.scorer, r.n) for r in run.results] == [("plover-gsr", 1), ("plover-gsr", 1)]
    assert (run.failures, len(built), started) == ((), 1, ["plover-gsr", "again"])
    with pytest.raises(ValueError, match="exactly one"):
        run_eval(["plover-gsr", "petrarch"], gold=GOLD)
    with pytest.raises(ValueError, match="unknown scorer"):
        run_eval(["nope"])


def test_kept_back_default_gold_is_skipped_not_failed(tmp_path: Path) -> None:
    run = run_eval(["petrarch"], root=tmp_path, make_coder=lambda: pytest.fail("no coder needed"))
    assert (run.results, run.failures, run.skipped) == ((), (), ("petrarch",))
