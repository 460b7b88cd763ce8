"""``polevent series`` and the new ``polevent events`` filter options, on a hand-built store."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from polevent.cli import cli
from polevent.records import Article, EventRecord, Evidence
from polevent.store import open_sqlite


@pytest.fixture
def db(
    tmp_path: Path,
    new_article: Callable[..., Article],
    new_event: Callable[..., EventRecord],
) -> str:
    """IND->AFG: a consultation on Sunday 2024-12-29 (2024-W52) and an attack on Monday
    2024-12-30 (2025-W01); AFG->IND: aid on 2025-01-02."""
    path = tmp_path / "events.db"
    rows = [
        ("INDGOV", "AFGGOV", "036", "CONSULT", 1, 4.0, date(2024, 12, 29), "Delhi met Kabul."),
        ("INDMIL", "AFG", "190", "ASSAULT", 4, -10.0, date(2024, 12, 30), "Troops shelled it."),
        ("AFGGOV", "IND", "071", "AID", 2, 7.4, date(2025, 1, 2), "Kabul sent wheat aid."),
    ]
    with open_sqlite(path) as store:
        for source, target, code, plover, quad, goldstein, day, evidence in rows:
            stamp = datetime.combine(day, datetime.min.time(), tzinfo=UTC)
            article = new_article(text=evidence, published_at=stamp)
            event = new_event(
                article, source=[source], target=[target], cameo_code=code,
                plover_type=plover, date_start=day,
            )  # fmt: skip
            event = replace(
                event,
                quad_class=quad,
                goldstein=goldstein,
                evidence=Evidence(text=evidence, start=0, end=len(evidence)),
            )
            store.add_article(article, [event])
    return str(path)


def test_series_csv(db: str) -> None:
    result = CliRunner(mix_stderr=False).invoke(
        cli, ["series", "--db", db, "IND", "AFG", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["label"], r["events"], r["quad1"], r["quad4"]) for r in rows] == [
        ("2024-W52", "1", "1", "0"),
        ("2025-W01", "1", "0", "1"),
    ]
    assert rows[1]["mean_goldstein"] == "-10.000"
    assert rows[1]["net_cooperation"] == "-1.000"


def test_series_json_undirected_by_month(db: str) -> None:
    args = ["series", "--db", db, "AFG", "IND", "--undirected", "--by", "month", "--format", "json"]
    result = CliRunner(mix_stderr=False).invoke(cli, args)
    assert result.exit_code == 0, result.output
    points = json.loads(result.stdout)
    assert [(p["label"], p["events"], p["quad2"]) for p in points] == [
        ("2024-12", 2, 0),
        ("2025-01", 1, 1),
    ]
    assert points[0]["net_cooperation"] == 0.0


def test_series_table_and_window(db: str) -> None:
    args = ["series", "--db", db, "IND", "AFG", "--by", "day", "--since", "2024-12-28"]
    result = CliRunner(mix_stderr=False).invoke(cli, [*args, "--until", "2024-12-31"])
    assert result.exit_code == 0, result.output
    assert "IND -> AFG: events per day" in result.stdout
    for day in ("2024-12-28", "2024-12-29", "2024-12-30", "2024-12-31"):
        assert day in result.stdout


def test_series_missing_store_is_an_error(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.db")
    result = CliRunner(mix_stderr=False).invoke(cli, ["series", "--db", missing, "IND", "AFG"])
    assert result.exit_code == 1
    assert "E401" in result.stderr
    assert not Path(missing).exists()


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--source", "AFG"], ["Kabul sent wheat aid."]),
        (["--target", "AFG", "--quad", "4"], ["Troops shelled it."]),
        (["--cameo", "03"], ["Delhi met Kabul."]),
        (["--plover", "aid"], ["Kabul sent wheat aid."]),
        (["--text", "SHELLED"], ["Troops shelled it."]),
        (["--modality", "negated"], []),
    ],
)
def test_events_new_filter_options(db: str, options: list[str], expected: list[str]) -> None:
    result = CliRunner(mix_stderr=False).invoke(
        cli, ["events", "--db", db, "--format", "csv", *options]
    )
    assert result.exit_code == 0, result.output
    assert [r["evidence"] for r in csv.DictReader(io.StringIO(result.stdout))] == expected
