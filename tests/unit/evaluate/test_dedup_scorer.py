"""The dedup scorer: the gold reader and its errors, side matching, pairwise metrics on hand
outcomes, a full run with the real coder on three invented articles (fixtures/eval/dedup/),
and the shape of the real gold kept in the repository (fixtures/dedup/pairs.jsonl)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from polevent.errors import InputError
from polevent.evaluate.dedup import (
    DEFAULT_GOLD,
    SCORER,
    GoldSide,
    PairOutcome,
    find_mention,
    pair_metrics,
    read_gold,
)
from polevent.evaluate.registry import get_scorer
from polevent.pipeline import Coder

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SMALL = FIXTURES / "eval" / "dedup" / "pairs.jsonl"


def _outcome(gold: bool, clustered: bool, *, baseline: bool = False) -> PairOutcome:
    return PairOutcome(
        split="dev", gold=gold, clustered=clustered, baseline=baseline, exact=False, found=True
    )


def test_registered_with_repo_default_gold() -> None:
    assert get_scorer("dedup") is SCORER
    assert Path(DEFAULT_GOLD).is_file()
    assert SCORER.default_gold == DEFAULT_GOLD


def test_pair_metrics_counts() -> None:
    items = [_outcome(True, True), _outcome(True, False), _outcome(False, True)]
    items += [_outcome(False, False, baseline=True)]
    values = {m.name: m.value for m in pair_metrics("dev", items)}
    assert values["dev clusterer precision"] == pytest.approx(0.5)
    assert values["dev clusterer recall"] == pytest.approx(0.5)
    assert values["dev clusterer F1"] == pytest.approx(0.5)
    assert values["dev gdelt-15min precision"] == 0.0
    assert values["dev both mentions coded"] == 1.0
    f1 = next(m for m in pair_metrics("dev", items) if m.name == "dev clusterer F1")
    assert f1.n == 4 and f1.target == 0.85 and f1.low is not None


def test_read_gold_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="E110"):
        read_gold(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "split": "train", "same_event": true, "a": {}, "b": {}}\n')
    with pytest.raises(InputError, match="E106"):
        read_gold(bad)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    with pytest.raises(InputError, match="E101"):
        read_gold(empty)


def test_find_mention_prefers_same_code(coder: Coder) -> None:
    from polevent.evaluate.dedup import article_from_row
    from polevent.pipeline import code_article

    row = json.loads((SMALL.parent / "articles.jsonl").read_text().splitlines()[0])
    records = code_article(article_from_row(row, "articles.jsonl", "newid=1"), coder)
    side = GoldSide(source="articles.jsonl", doc="newid=1", start=5, end=20, cameo_code="041")
    found = find_mention(side, records)
    assert found is not None and found.cameo_code == "041"
    nowhere = GoldSide(source="articles.jsonl", doc="newid=1", start=900, end=950, cameo_code="")
    assert find_mention(nowhere, records) is None


def test_run_on_small_fixture(coder: Coder) -> None:
    result = SCORER.run(SMALL, coder=coder)
    values = {m.name: m.value for m in result.metrics}
    assert result.n == 4
    assert values["dev clusterer precision"] == 1.0
    assert values["dev clusterer recall"] == 1.0
    assert values["dev gdelt-15min recall"] == 0.0  # the stories are 3.5 hours apart
    assert values["dev exact-fields F1"] == 1.0
    assert values["test clusterer recall"] == 0.0  # t4's second side codes no event
    assert values["test both mentions coded"] == 0.5
    assert values["all clusterer F1"] == pytest.approx(2 / 3)


def test_repo_gold_shape() -> None:
    pairs = read_gold(Path(DEFAULT_GOLD))
    assert len(pairs) >= 100
    counts = Counter((p.split, p.same_event) for p in pairs)
    assert min(counts.values()) >= 30  # both splits hold both labels
    assert sum("hard negative" in p.kind for p in pairs) >= 20
    assert all(p.a.doc != p.b.doc for p in pairs)  # always two different articles
    text = Path(DEFAULT_GOLD).read_text()
    assert '"text"' not in text  # Reuters text is never copied into the repository
