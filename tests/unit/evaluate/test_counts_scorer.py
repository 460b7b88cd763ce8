"""The counts scorer: one-to-one matching on hand examples, the gold reader and its errors, a
full run on an eight-sentence invented fixture (fixtures/eval/counts/), and the shape of the real
gold set kept in the repository (fixtures/counts/counts_gold.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polevent.errors import InputError
from polevent.evaluate.counts import (
    DEFAULT_GOLD,
    SCORER,
    GoldCount,
    GoldSentence,
    read_gold,
    score_sentence,
    split_metrics,
)
from polevent.evaluate.registry import get_scorer
from polevent.pipeline import Coder
from polevent.resolve.counts import CountMention

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SMALL = FIXTURES / "eval" / "counts" / "counts_small.jsonl"


def _gold(*counts: tuple[str, int, int | None], split: str = "dev") -> GoldSentence:
    return GoldSentence(
        id="g",
        split=split,
        source="invented",
        line=1,
        text="x",
        counts=tuple(GoldCount(category=c, low=lo, high=hi) for c, lo, hi in counts),
    )


def _predicted(category: str, low: int, high: int | None) -> CountMention:
    return CountMention(
        category=category,
        low=low,
        high=high,
        text="x",
        start=0,
        end=1,
        trigger="x",
        trigger_index=0,
        noun=None,
        reason="test",
    )


def test_score_sentence_matches_one_to_one() -> None:
    gold = _gold(("killed", 2, 2), ("killed", 2, 2), ("injured", 24, None))
    predicted = [_predicted("killed", 2, 2), _predicted("injured", 25, None)]
    score = score_sentence(gold, predicted)
    assert (score.exact, score.category, score.predicted, score.gold) == (1, 2, 2, 3)
    killed = dict((row[0], row[1:]) for row in score.by_category)["killed"]
    assert killed == (1, 1, 2)


def test_split_metrics_values_and_false_count_rate() -> None:
    scores = [
        score_sentence(_gold(("killed", 3, 3)), [_predicted("killed", 3, 3)]),
        score_sentence(_gold(), [_predicted("size", 5, 5)]),
        score_sentence(_gold(), []),
    ]
    metrics = {m.name: m for m in split_metrics("dev", scores)}
    assert metrics["dev precision (exact)"].value == 0.5
    assert metrics["dev recall (exact)"].value == 1.0
    assert metrics["dev false-count rate"].value == 0.5
    assert metrics["dev false-count rate"].n == 2
    assert metrics["dev recall (exact)"].n == 3


def test_read_gold_reads_the_small_fixture() -> None:
    sentences = read_gold(SMALL)
    assert [s.split for s in sentences].count("dev") == 4
    assert sentences[3].counts == (GoldCount(category="arrested", low=200, high=None),)
    assert sentences[2].counts == ()


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("", "E101"),
        ("{not json\n", "E104"),
        ('{"id": "a", "source": "s", "line": 1, "text": "t"}\n', "E106"),
        (
            '{"id": "a", "source": "s", "line": 1, "text": "t",'
            ' "counts": [{"category": "wounded", "low": 1, "high": 1}]}\n',
            "E106",
        ),
        (
            '{"id": "a", "split": "train", "source": "s", "line": 1, "text": "t", "counts": []}\n',
            "E106",
        ),
    ],
)
def test_read_gold_errors(tmp_path: Path, body: str, code: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_gold(path)
    assert caught.value.code == code


def test_read_gold_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_gold(tmp_path / "nope.jsonl")
    assert caught.value.code == "E110"


def test_registry_knows_the_scorer_and_its_default_gold_is_in_the_repo() -> None:
    assert get_scorer("counts") is SCORER
    assert Path(SCORER.default_gold).is_absolute()
    assert Path(SCORER.default_gold) == FIXTURES / "counts" / "counts_gold.jsonl"


def test_the_repo_gold_set_is_real_sized_and_sourced() -> None:
    lines = Path(DEFAULT_GOLD).read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    sentences = read_gold(Path(DEFAULT_GOLD))
    assert len(sentences) >= 100
    assert all(r["source"] and r["line"] >= 1 and r["licence"] for r in records)
    assert sum(1 for s in sentences if not s.counts) >= 25
    dev = sum(1 for s in sentences if s.split == "dev")
    assert abs(dev - (len(sentences) - dev)) <= 1


def test_run_on_the_small_fixture(coder: Coder) -> None:
    result = SCORER.run(SMALL, coder=coder)
    metrics = {m.name: m for m in result.metrics}
    assert result.n == 8 and result.scorer == "counts"
    # dev: 15 arrested, 12+ killed found; "more than 200" is 201.. (gold says 200..): category only
    assert metrics["dev precision (exact)"].value == pytest.approx(2 / 3)
    assert metrics["dev recall (category)"].value == 1.0
    assert metrics["dev false-count rate"].value == 0.0
    # test: the definition "four or more people are killed" is a false count; "as were
    # seventeen soldiers" is missed
    assert metrics["test precision (exact)"].value == pytest.approx(4 / 5)
    assert metrics["test recall (exact)"].value == pytest.approx(4 / 5)
    assert metrics["test false-count rate"].value == 1.0
    assert metrics["all recall (exact)"].value == pytest.approx(6 / 8)
    assert metrics["all recall (category)"].value == pytest.approx(7 / 8)
    assert any("our own and small" in note for note in result.notes)
    assert dict(result.details)["killed (all, exact)"] == "P 50% R 100% (1/2 pred, 1 gold)"


def test_run_limit_and_needs_a_coder(coder: Coder) -> None:
    assert SCORER.run(SMALL, coder=coder, limit=2).n == 2
    with pytest.raises(ValueError, match="coder"):
        SCORER.run(SMALL, coder=None)
