"""The petrarch scorer end to end with polevent's real coder, on ten hand-written records about
real actors (tests/fixtures/eval/petrarch/real_actors.jsonl). The gold was written by hand from
the sentences, not copied from the coder's output, so some records fail today; the numbers pin
today's coder and are to be updated deliberately when it improves."""

from __future__ import annotations

from pathlib import Path

import pytest

from polevent.errors import InputError
from polevent.evaluate.petrarch import SCORER
from polevent.pipeline import Coder

GOLD = Path(__file__).parents[2] / "fixtures" / "eval" / "petrarch" / "real_actors.jsonl"


def test_run_on_real_actor_records(coder: Coder) -> None:
    result = SCORER.run(GOLD, coder=coder)
    assert (result.scorer, result.n) == ("petrarch", 10)
    values = {m.name: (round(m.value, 3), m.n) for m in result.metrics}
    assert values == {
        "expected events reproduced": (0.778, 9),
        "event code exact": (0.778, 9),
        "event code root": (0.778, 9),
        "source match": (1.0, 9),
        "target match": (1.0, 9),
        "precision of predicted events": (0.583, 12),
        "false-event rate on no-event records": (0.5, 2),
        "records passed": (0.6, 10),
    }
    details = dict(result.details)
    assert "failed REAL-01" not in details  # Macron met Scholz: FRAGOV -> DEUGOV 040
    assert "failed REAL-02" not in details  # Russian forces launched missile strikes: 195
    # REAL-04: the target is now found (the first actor after the verb); the record still
    # fails on the reverse record of the phone call [041:041], which this gold leaves out
    assert details["failed REAL-04"] == (
        "gold INDGOV>USAGOV 041; coded INDGOV>USAGOV 041, USAGOV>INDGOV 041"
    )
    assert details["failed REAL-10"] == "gold none; coded DEULEG>- 040"
    assert details["category CRITICIZE"].startswith("events reproduced 2/2")


def test_limit_and_missing_default_gold(coder: Coder, tmp_path: Path) -> None:
    assert SCORER.run(GOLD, coder=coder, limit=3).n == 3
    assert SCORER.default_gold == "petrarch-validation/petr2_gsr_validation.jsonl"
    with pytest.raises(InputError) as caught:
        SCORER.run(tmp_path / "petr2_gsr_validation.jsonl", coder=coder)
    assert caught.value.code == "E107"
