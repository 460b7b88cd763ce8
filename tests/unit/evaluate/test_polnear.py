"""The PolNeAR scorer: span matching and P/R/F1 on hand examples, the reader, and a full run on a
two-article fixture in the polnear.jsonl format (fixtures/eval/polnear/)."""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from polevent.errors import InputError
from polevent.evaluate.base import Metric
from polevent.evaluate.polnear import (
    ATTRIBUTION_TARGET,
    SCORER,
    Attribution,
    Counts,
    attributions_from_quotes,
    exact_match,
    greedy_match,
    overlap,
    read_polnear,
    score_article,
    score_attributions,
    score_role,
)
from polevent.evaluate.registry import get_scorer
from polevent.pipeline import Coder
from polevent.resolve.quotes import Quote

FIXTURE = Path(__file__).parents[2] / "fixtures" / "eval" / "polnear" / "polnear.jsonl"


def attribution(
    speaker: Sequence[tuple[int, int]] = (),
    cue: Sequence[tuple[int, int]] = ((0, 1),),
    content: Sequence[tuple[int, int]] = ((0, 1),),
    *,
    direct: bool = False,
) -> Attribution:
    return Attribution(
        speaker=tuple(speaker), cue=tuple(cue), content=tuple(content), direct=direct
    )


def quote(cue: tuple[int, int], content: tuple[int, int], speaker: tuple[int, int] | None) -> Quote:
    return Quote(
        speaker_start=speaker[0] if speaker else None,
        speaker_end=speaker[1] if speaker else None,
        speaker_text="x" if speaker else None,
        speaker_head=0 if speaker else None,
        cue_start=cue[0],
        cue_end=cue[1],
        cue_text="said",
        content_start=content[0],
        content_end=content[1],
        content_text='"x"',
        direct=True,
        kind="speech",
        sentence_index=0,
        reason="test",
    )


def values(metrics: Sequence[Metric]) -> dict[str, tuple[float, int]]:
    return {m.name: (round(m.value, 4), m.n) for m in metrics}


# ----------------------------------------------------------------------------- matching


def test_overlap_counts_shared_characters_over_pieces() -> None:
    assert overlap([(0, 10)], [(5, 20)]) == 5
    assert overlap([(0, 10)], [(10, 20)]) == 0
    assert overlap([(0, 4), (10, 14)], [(2, 12)]) == 4


def test_exact_match_ignores_edge_spaces_and_punctuation_only() -> None:
    text = 'Smith, the envoy, said: "Go."'
    assert exact_match([(0, 5)], [(0, 6)], text)  # "Smith" vs "Smith,"
    assert exact_match([(18, 22)], [(18, 23)], text)  # "said" vs "said:"
    assert not exact_match([(0, 5)], [(0, 16)], text)
    assert not exact_match([(24, 29)], [(25, 28)], text)  # quotation marks count
    assert not exact_match([], [], text)


def test_greedy_match_is_one_to_one_and_heaviest_first() -> None:
    # pred 0 overlaps gold 0 by 9 and gold 1 by 5; pred 1 overlaps gold 0 by 3 only.
    pairs = [(9, 0, 0), (5, 0, 1), (3, 1, 0), (0, 1, 1)]
    assert greedy_match(pairs) == [(0, 0)]
    assert greedy_match([(5, 0, 1), (3, 1, 0), (4, 0, 0)]) == [(0, 1), (1, 0)]


def test_score_role_exact_and_overlap() -> None:
    text = "Smith said the deal was dead, aides said."
    gold = [
        attribution([(0, 5)], [(6, 10)], [(11, 28)]),
        attribution([(30, 34)], [(35, 39)], [(11, 28)]),
    ]
    predicted = [
        attribution([(0, 5)], [(6, 10)], [(11, 24)]),
        attribution([(25, 34)], [(35, 39)], [(11, 28)]),
        attribution([], [(35, 39)], [(0, 2)]),
    ]

    assert score_role(predicted, gold, "speaker", exact=True, text=text) == Counts(
        tp=1, predicted=2, gold=2
    )
    assert score_role(predicted, gold, "speaker", exact=False, text=text) == Counts(
        tp=2, predicted=2, gold=2
    )
    assert score_role(predicted, gold, "cue", exact=True, text=text) == Counts(
        tp=2, predicted=3, gold=2
    )
    # content: pred 1 matches gold 0 exactly; pred 0 (11-24) overlaps both, takes what is left.
    assert score_role(predicted, gold, "content", exact=True, text=text) == Counts(
        tp=1, predicted=3, gold=2
    )
    assert score_role(predicted, gold, "content", exact=False, text=text) == Counts(
        tp=2, predicted=3, gold=2
    )


def test_speaker_attribution_needs_content_and_source_overlap() -> None:
    gold = [
        attribution([(0, 5)], content=[(10, 30)]),
        attribution([(40, 45)], content=[(50, 60)]),
        attribution([], content=[(70, 80)]),  # no source: not counted
    ]
    predicted = [
        attribution([(0, 3)], content=[(20, 25)]),  # both overlap gold 0
        attribution([(0, 3)], content=[(52, 55)]),  # content of gold 1, wrong speaker
        attribution([], content=[(70, 80)]),  # no speaker: not counted
    ]

    assert score_attributions(predicted, gold) == Counts(tp=1, predicted=2, gold=2)


def test_score_article_splits_direct_quotes() -> None:
    gold = [
        attribution([(0, 5)], content=[(10, 30)], direct=True),
        attribution([(40, 45)], content=[(50, 60)]),
    ]
    predicted = [attribution([(0, 5)], content=[(10, 30)], direct=True)]

    counts = score_article(predicted, gold, "x" * 80)

    assert counts["speaker attribution"] == Counts(tp=1, predicted=1, gold=2)
    assert counts["direct: speaker attribution"] == Counts(tp=1, predicted=1, gold=1)
    assert counts["direct: content exact"] == Counts(tp=1, predicted=1, gold=1)


def test_quotes_sharing_a_cue_are_one_attribution() -> None:
    found = attributions_from_quotes(
        [
            quote((20, 24), (0, 15), (17, 19)),
            quote((20, 24), (26, 40), (17, 19)),
            quote((50, 54), (60, 70), None),
        ]
    )

    assert found == [
        attribution([(17, 19)], [(20, 24)], [(0, 15), (26, 40)], direct=True),
        attribution([], [(50, 54)], [(60, 70)], direct=True),
    ]


# ----------------------------------------------------------------------------- reading


def test_read_polnear_keeps_the_first_annotator_of_the_compartment() -> None:
    articles = read_polnear(FIXTURE)

    assert [(a.article, a.annotator) for a in articles] == [
        ("fixture_a", "aaaa"),
        ("fixture_b", "bbbb"),
    ]
    first = articles[0]
    assert len(first.attributions) == 4
    assert first.attributions[0].direct
    assert first.attributions[0].content == ((27, 67), (110, 136))
    assert first.attributions[3].speaker == ()
    assert [a.article for a in read_polnear(FIXTURE, compartment="train")] == ["fixture_c"]
    assert len(read_polnear(FIXTURE, compartment=None)) == 3


def test_read_polnear_reads_gzip(tmp_path: Path) -> None:
    packed = tmp_path / "polnear.jsonl.gz"
    with FIXTURE.open("rb") as source, gzip.open(packed, "wb") as target:
        shutil.copyfileobj(source, target)

    assert len(read_polnear(packed)) == 2


def test_read_polnear_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"article": "a"\n', encoding="utf-8")
    with pytest.raises(InputError) as malformed:
        read_polnear(broken)
    assert (malformed.value.code, malformed.value.line) == ("E104", 1)

    missing = tmp_path / "missing.jsonl"
    missing.write_text(json.dumps({"article": "a", "text": "t"}) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as field:
        read_polnear(missing)
    assert field.value.code == "E106"

    with pytest.raises(InputError) as empty:
        read_polnear(FIXTURE, compartment="test")
    assert empty.value.code == "E101"


# ----------------------------------------------------------------------------- full run


def test_registry_knows_the_scorer() -> None:
    assert get_scorer("polnear") is SCORER
    assert SCORER.default_gold == "polnear/polnear.jsonl.gz"


def test_run_on_the_fixture(coder: Coder) -> None:
    result = SCORER.run(FIXTURE, coder=coder)
    got = values(result.metrics)

    # 7 gold attributions with a source; 7 predicted (one, "The mayor announced a new budget",
    # has no gold); 6 match on speaker and content.
    assert result.n == 2
    assert got["speaker attribution F1 (overlap)"] == (0.8571, 7)
    assert got["speaker attribution P"] == (0.8571, 7)
    assert got["speaker exact F1"] == (0.8571, 7)
    # 8 gold cues (one without a source); "said on Monday" only overlaps "said".
    assert got["cue overlap R"] == (0.75, 8)
    assert got["cue exact P"] == (0.7143, 7)
    assert got["cue exact R"] == (0.625, 8)
    # "the bill would have cut taxes" (gold) vs "... for the rich" (predicted).
    assert got["content exact F1"] == (0.6667, 8)
    assert got["content overlap F1"] == (0.8, 8)
    assert got["direct: speaker attribution F1"] == (1.0, 2)
    headline = next(m for m in result.metrics if m.name == "speaker attribution F1 (overlap)")
    assert headline.target == ATTRIBUTION_TARGET
    assert headline.low is not None and headline.high is not None
    assert headline.low <= headline.value <= headline.high
    assert dict(result.details)["false-positive cue 1"] == "'announced' x1"
    assert dict(result.details)["missed gold cue 2"] == "'did not respond to' x1"
    assert "compartment dev, 2 articles" in result.notes[0]


def test_run_limit_and_compartment(coder: Coder) -> None:
    one = SCORER.run(FIXTURE, coder=coder, limit=1)
    train = SCORER.run(FIXTURE, coder=coder, compartment="train")

    assert one.n == 1
    assert values(one.metrics)["speaker attribution R"] == (1.0, 3)
    assert train.n == 1
    assert values(train.metrics)["speaker attribution F1 (overlap)"] == (1.0, 1)


def test_run_needs_a_coder() -> None:
    with pytest.raises(ValueError, match="coder"):
        SCORER.run(FIXTURE, coder=None)
