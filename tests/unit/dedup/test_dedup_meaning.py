"""Evidence meaning (optional sentence-embedding similarity) and softer weak dates: the vector
cache, how the cosine joins the word similarity, the clusterer with and without vectors, the
real offline embedder on a paraphrase, and the scorer's ``clusterer+meaning`` rows."""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from polevent.dedup import (
    MEANING_SETTINGS,
    Clusterer,
    DedupSettings,
    EvidenceVectors,
    Mention,
    cluster_all,
    compare,
    date_range,
    evidence_similarity,
    evidence_tokens,
)
from polevent.evaluate.dedup import DEFAULT_GOLD, SCORER, meaning_grid
from polevent.learn.embed import build_embedder
from polevent.pipeline import Coder

ATTACK = "Iranian gunboats attacked a U.S. warship in the Gulf on Thursday"
PARAPHRASE = "The American frigate came under fire from Iran's navy in the Persian Gulf"
CHIPS = "Japan agreed to buy more American computer chips"
SMALL = Path(__file__).resolve().parents[2] / "fixtures" / "eval" / "dedup" / "pairs.jsonl"


class FakeEmbedder:
    """Unit vectors at a set angle: ATTACK and PARAPHRASE have cosine 0.9, CHIPS 0.0."""

    name = "fake"
    version = "1"
    dim = 2

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.table = {ATTACK: (1.0, 0.0), PARAPHRASE: (0.9, np.sqrt(1 - 0.81)), CHIPS: (0.0, 1.0)}

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        self.calls.append(list(texts))
        return np.array([self.table[t] for t in texts], dtype=np.float32)


def _mention(event_id: str, text: str, *, hours: int = 0, day: int = 15) -> Mention:
    return Mention(
        event_id=event_id,
        article_id=f"art-{event_id}",
        sentence_index=0,
        published_at=datetime(1987, 10, 16, 8 + hours),
        source_codes=("IRNMIL",),
        source_countries=("IRN",),
        target_codes=("USAMIL",),
        target_countries=("USA",),
        cameo_code="190",
        cameo_root="19",
        plover_type="ASSAULT",
        date_start=date(1987, 10, day),
        date_end=date(1987, 10, day),
        date_granularity="day",
        date_from_story=False,
        tokens=evidence_tokens(text),
        evidence=text,
    )


def test_vectors_are_cached_per_text_and_embedded_in_one_batch() -> None:
    fake = FakeEmbedder()
    vectors = EvidenceVectors(fake)
    reissued = [_mention("a", ATTACK), _mention("b", ATTACK), _mention("c", PARAPHRASE)]
    assert vectors.add(reissued) == 2
    assert fake.calls == [[ATTACK, PARAPHRASE]]
    assert vectors.add(reissued) == 0 and len(vectors) == 2  # nothing embedded twice
    assert vectors.similarity(reissued[0], reissued[2]) == pytest.approx(0.9)
    assert vectors.similarity(reissued[0], _mention("d", CHIPS)) == pytest.approx(0.0)
    assert fake.calls[-1] == [CHIPS]  # a new sentence is embedded when first needed
    assert vectors.similarity(reissued[0], replace(reissued[1], evidence="")) is None


def test_meaning_rescaled_from_its_floor_and_combined() -> None:
    settings = DedupSettings(meaning_floor=0.5)
    assert evidence_similarity(0.3, None, settings) == 0.3  # words only without vectors
    assert evidence_similarity(0.1, 0.9, settings) == pytest.approx(0.8)  # (0.9-0.5)/0.5
    assert evidence_similarity(0.1, 0.4, settings) == 0.0  # below the floor
    assert evidence_similarity(0.9, 0.9, replace(settings, meaning_combine="max")) == 0.9
    mean = replace(settings, meaning_combine="mean", meaning_weight=0.25)
    assert evidence_similarity(0.4, 0.9, mean) == pytest.approx(0.25 * 0.8 + 0.75 * 0.4)


def test_paraphrase_joins_only_with_vectors_and_the_reason_says_so() -> None:
    stream = [_mention("a", ATTACK), _mention("b", PARAPHRASE, hours=3)]
    words, _ = cluster_all(stream, settings=MEANING_SETTINGS)
    assert words[1].new_cluster and "meaning" not in words[1].reason
    fake = FakeEmbedder()
    meant, clusters = cluster_all(stream, settings=MEANING_SETTINGS, vectors=EvidenceVectors(fake))
    assert not meant[1].new_cluster and len(clusters) == 1
    assert "evidence meaning similarity 0.90" in meant[1].reason
    assert "evidence similarity 0.0" in meant[1].reason  # the words still shown
    assert fake.calls == [[ATTACK, PARAPHRASE]]  # one batch up front
    other = compare(_mention("c", CHIPS), stream[0], MEANING_SETTINGS, meaning=0.0)
    assert other.compatible and other.score < MEANING_SETTINGS.threshold


def test_default_clusterer_has_no_vectors() -> None:
    clusterer = Clusterer()
    assert clusterer.vectors is None and clusterer.embed([_mention("a", ATTACK)]) == 0
    match = compare(_mention("b", PARAPHRASE), _mention("a", ATTACK), DedupSettings())
    assert "meaning" not in match.reason


def test_weak_dates_reach_further_back_only_when_asked() -> None:
    story = replace(_mention("a", ATTACK, day=20), date_from_story=True)
    plan = replace(_mention("b", ATTACK, day=30), published_at=datetime(1987, 10, 20, 9))
    firm = DedupSettings()
    soft = replace(firm, weak_date_days=7)
    assert date_range(story, firm) == (date(1987, 10, 18), date(1987, 10, 20))
    assert date_range(story, soft) == (date(1987, 10, 11), date(1987, 10, 20))
    # dated after its story (a plan's date): the report may be of the announcement
    assert date_range(plan, firm) == (date(1987, 10, 29), date(1987, 10, 31))
    assert date_range(plan, soft) == (date(1987, 10, 10), date(1987, 10, 31))  # 1 day slack
    earlier = _mention("c", ATTACK, day=13)
    assert (
        "dates" in compare(earlier, plan, firm).reason
        and not compare(earlier, plan, firm).compatible
    )
    assert compare(earlier, plan, soft).compatible


def test_real_embedder_scores_a_paraphrase_above_an_unrelated_sentence() -> None:
    vectors = EvidenceVectors(build_embedder())
    attack, paraphrase, chips = (
        _mention("a", ATTACK),
        _mention("b", PARAPHRASE),
        _mention("c", CHIPS),
    )
    vectors.add([attack, paraphrase, chips])
    close, far = vectors.similarity(attack, paraphrase), vectors.similarity(attack, chips)
    assert close is not None and far is not None
    assert close > 0.6 and far < 0.2  # measured 0.71 and 0.08
    assert vectors.similarity(attack, replace(chips, evidence=ATTACK)) == pytest.approx(1.0)


def test_meaning_settings_are_in_the_grid_and_off_by_default() -> None:
    grid = meaning_grid()
    assert MEANING_SETTINGS in grid and len(grid) == len(set(grid)) == 144
    assert (MEANING_SETTINGS.meaning_combine, MEANING_SETTINGS.meaning_floor) == ("meaning", 0.5)
    assert (MEANING_SETTINGS.threshold, MEANING_SETTINGS.min_similarity) == (0.2, 0.2)
    assert MEANING_SETTINGS.one_sided_penalty == 0.0 and DedupSettings().weak_date_days == 0


def test_scorer_reports_meaning_rows_when_asked(coder: Coder) -> None:
    plain = SCORER.run(SMALL, coder=coder)
    assert not any("meaning" in m.name for m in plain.metrics)
    result = SCORER.run(SMALL, coder=coder, meaning=True, vectors=EvidenceVectors(build_embedder()))
    values = {m.name: m.value for m in result.metrics}
    assert values["dev clusterer+meaning precision"] == 1.0
    assert values["dev clusterer+meaning recall"] == 1.0  # t1: the phone call told twice
    assert values["dev clusterer F1"] == 1.0  # the word rows are unchanged
    assert "dev gdelt-15min F1" in values and "dev clusterer+meaning F1" in values


def test_snapshot_stores_no_evidence_text() -> None:
    snapshot = Path(DEFAULT_GOLD).parent / "mentions.jsonl.gz"
    with gzip.open(snapshot, "rt", encoding="utf-8") as handle:
        text = handle.read()
    assert '"evidence"' not in text and '"tokens"' in text
