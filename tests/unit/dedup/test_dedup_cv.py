"""Choosing dedup settings honestly: folds grouped by shared article, the per-fold choice made
on the other folds only, and test pairs that share no article with dev."""

from __future__ import annotations

from dataclasses import replace

import pytest

from polevent.dedup import DedupSettings
from polevent.evaluate.dedup import (
    GoldPair,
    GoldSide,
    PairOutcome,
    article_groups,
    assign_folds,
    cross_validate,
    settings_grid,
    unshared_test,
)


def _pair(pair_id: str, a: str, b: str, *, same: bool = True, split: str = "dev") -> GoldPair:
    def side(doc: str) -> GoldSide:
        return GoldSide(source="r.jsonl", doc=doc, start=0, end=10, cameo_code="040")

    return GoldPair(id=pair_id, split=split, same_event=same, kind="", a=side(a), b=side(b))


def _outcome(gold: bool, clustered: bool) -> PairOutcome:
    return PairOutcome(
        split="dev", gold=gold, clustered=clustered, baseline=False, exact=False, found=True
    )


def test_pairs_linked_through_articles_share_a_group() -> None:
    pairs = [_pair("p1", "1", "2"), _pair("p2", "2", "3"), _pair("p3", "4", "5")]
    pairs.append(_pair("p4", "5", "6"))
    pairs.append(_pair("p5", "7", "8"))
    groups = article_groups(pairs)
    assert groups[0] == groups[1] != groups[2]
    assert groups[2] == groups[3] != groups[4]
    folds = assign_folds(pairs, folds=2)
    assert folds[0] == folds[1] and folds[2] == folds[3]  # a group is never split
    assert sorted(folds) == [0, 0, 0, 1, 1]  # sizes 2, 2, 1 balanced greedily
    assert assign_folds(list(reversed(pairs)), folds=2) == list(reversed(folds))


def test_cross_validation_scores_each_fold_with_a_choice_made_elsewhere() -> None:
    pairs = [_pair(f"p{n}", f"a{n}", f"b{n}", same=n % 2 == 0) for n in range(4)]
    strict, loose = DedupSettings(threshold=0.5), DedupSettings(threshold=0.1)
    gold = [p.same_event for p in pairs]
    judged = {
        strict: [_outcome(g, g and n != 0) for n, g in enumerate(gold)],  # misses p0
        loose: [_outcome(g, True) for g in gold],  # joins everything
    }
    cv = cross_validate(pairs, judged, folds=2)
    assert assign_folds(pairs, folds=2) == [0, 1, 0, 1]  # one group per pair, by name
    assert cv.fold_sizes == (2, 2)
    assert cv.best == strict  # F1 2/3 vs 2/3 on all pairs: ties go to the earlier setting
    # fold 0 (p0, p2) is judged by the choice on p1, p3: both F1 0 -> strict, which misses p0;
    # fold 1 (p1, p3) by the choice on p0, p2, where loose is perfect -> loose joins both
    assert cv.chosen == (strict, loose)
    assert cv.scores == pytest.approx((2 / 3, 0.0))
    assert cv.mean == pytest.approx(1 / 3) and cv.sd == pytest.approx(0.4714, abs=1e-3)


def test_settings_grid_varies_only_the_cross_validated_fields() -> None:
    base = DedupSettings(max_compared=7)
    grid = settings_grid(base)
    assert len(grid) == len(set(grid)) == 48
    assert all(
        replace(s, threshold=0.2, min_similarity=0.15, one_sided_penalty=0.1)
        == replace(base, threshold=0.2, min_similarity=0.15, one_sided_penalty=0.1)
        for s in grid
    )
    assert DedupSettings() in settings_grid()


def test_unshared_test_pairs_exclude_articles_seen_in_dev() -> None:
    pairs = [
        _pair("d1", "1", "2"),
        _pair("t1", "2", "3", split="test"),
        _pair("t2", "4", "5", split="test"),
    ]
    scored = [_outcome(True, True), _outcome(True, False), _outcome(False, False)]
    assert unshared_test(pairs, scored) == [scored[2]]
