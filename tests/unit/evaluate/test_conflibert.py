"""conflibert-cameo scorer: BIO reading, detokenising, span matching, and a run on fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from polevent.errors import InputError
from polevent.evaluate.conflibert import (
    SCORER,
    BioSentence,
    GoldSpan,
    SpanCounts,
    count_spans,
    detokenize,
    gold_spans,
    matched,
    predicted_spans,
    read_bio,
    run,
    span_metrics,
)
from polevent.learn.embed import OnnxEmbedder, build_embedder
from polevent.pipeline import Coder
from polevent.records import ActorRef, EventDate, EventRecord, Evidence

FIXTURES = Path(__file__).parents[2] / "fixtures" / "eval" / "conflibert"
CLASS_GOLD = FIXTURES / "class_small.tsv"
NER_GOLD = FIXTURES / "cameo_ner_train.txt"


def _bio(pairs: str) -> BioSentence:
    tokens, tags = zip(*(item.rsplit("/", 1) for item in pairs.split()), strict=True)
    return BioSentence(tokens=tuple(tokens), tags=tuple(tags), line=1)


# ------------------------------------------------------------------------------ reading


def test_read_bio_fixture() -> None:
    sentences = read_bio(NER_GOLD)
    assert len(sentences) == 12
    assert sentences[0].tokens[:3] == ("Russia", "accused", "Britain")
    assert sentences[0].tags[:3] == ("B-S", "O", "B-T")
    assert (sentences[1].line, sentences[-1].tokens[-1]) == (10, ".")


@pytest.mark.parametrize(
    ("content", "code", "line"),
    [("Russia B-S\nvetoed\n", "E106", 2), ("Russia B-X\n", "E106", 1), ("\n\n", "E101", None)],
)
def test_read_bio_errors(tmp_path: Path, content: str, code: str, line: int | None) -> None:
    path = tmp_path / "ner.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_bio(path)
    assert (caught.value.code, caught.value.line) == (code, line)


def test_detokenize_spacing_and_offsets() -> None:
    tokens = ["Iran", "'s", "pro", "-", "Western", "envoy", "(", "again", ")", "left", "."]
    text, offsets = detokenize(tokens)
    assert text == "Iran's pro-Western envoy (again) left."
    assert [text[a:b] for a, b in offsets] == tokens
    text, _ = detokenize(["Baghdad", "\u2019", "s", "forces", "won", "$", "5", "."])
    assert text == "Baghdad\u2019s forces won $5."


def test_gold_spans_from_bio_tags() -> None:
    sentence = _bio("The/B-S Swiss/I-S court/I-S rejected/O the/O request/I-T of/O Croatia/B-R")
    text, spans = gold_spans(sentence)
    assert text == "The Swiss court rejected the request of Croatia"
    assert [(s.role, text[s.start : s.end]) for s in spans] == [
        ("S", "The Swiss court"),
        ("T", "request"),
        ("R", "Croatia"),
    ]
    _, adjacent = gold_spans(_bio("Russia/B-S China/B-S met/O"))
    assert adjacent == (GoldSpan(role="S", start=0, end=6), GoldSpan(role="S", start=7, end=12))


# ------------------------------------------------------------------------------ matching


def test_exact_and_overlap_matching_is_one_to_one() -> None:
    gold = [(0, 15), (20, 27)]
    assert matched(gold, [(4, 15), (20, 27)], overlap=False) == 1
    assert matched(gold, [(4, 15), (20, 27)], overlap=True) == 2
    assert matched(gold, [(0, 5), (6, 10)], overlap=True) == 1  # one gold span, two guesses
    assert matched(gold, [(15, 20)], overlap=True) == 0  # touching is not overlapping
    assert matched([], [(0, 3)], overlap=True) == 0


def test_count_spans_and_prf_metrics() -> None:
    counts = [
        count_spans([(0, 6), (10, 16)], [(0, 6), (30, 35)], overlap=False),  # 1 tp, 2 pred, 2 gold
        count_spans([(0, 4)], [], overlap=False),  # 0 tp, 0 pred, 1 gold
        count_spans([], [(2, 4), (2, 4)], overlap=True),  # duplicates count once
    ]
    assert counts == [
        SpanCounts(true_positives=1, predicted=2, gold=2),
        SpanCounts(true_positives=0, predicted=0, gold=1),
        SpanCounts(true_positives=0, predicted=1, gold=0),
    ]
    precision, recall, f1 = span_metrics("source exact", counts)
    assert (precision.name, precision.value, precision.n) == ("source exact P", 1 / 3, 3)
    assert recall.value == pytest.approx(1 / 3)
    assert f1.value == pytest.approx(1 / 3)
    assert f1.low is not None and f1.high is not None and f1.low <= f1.value <= f1.high


def _actor(start: int, end: int) -> ActorRef:
    return ActorRef(
        text="x",
        code="X",
        country=None,
        sector=None,
        name=None,
        kb_id=None,
        reason="t",
        start=start,
        end=end,
    )


def _event(source: tuple[ActorRef, ...], target: tuple[ActorRef, ...]) -> EventRecord:
    return EventRecord(
        event_id="e",
        article_id="a",
        sentence_index=0,
        evidence=Evidence(text="", start=0, end=0),
        source=source,
        target=target,
        cameo_code="190",
        cameo_root="19",
        cameo_label="",
        quad_class=4,
        goldstein=-10.0,
        plover_type="ASSAULT",
        plover_mode=None,
        plover_context=(),
        plover_intensity=None,
        modality="asserted",
        trigger="",
        code_reason="",
        published_at=None,
        date=EventDate(start=None, end=None, granularity="unknown", text="", reason=""),
        place=None,
    )


def test_predicted_spans_take_every_event_once() -> None:
    events = [
        _event((_actor(0, 6),), (_actor(10, 14),)),
        _event((_actor(0, 6), _actor(20, 24)), ()),
    ]
    assert predicted_spans(events, "source") == ((0, 6), (20, 24))
    assert predicted_spans(events, "target") == ((10, 14),)


# ------------------------------------------------------------------------------ end to end


@pytest.fixture(scope="module")
def embedder() -> OnnxEmbedder:
    return build_embedder()


def test_run_on_fixtures(coder: Coder, embedder: OnnxEmbedder) -> None:
    result = run(CLASS_GOLD, coder=coder, embedder=embedder)
    metrics = {m.name: m for m in result.metrics}
    assert (result.scorer, result.n) == ("conflibert-cameo", 20)
    learned = metrics["learned: quad macro-F1"]
    assert (learned.n, learned.target) == (20, 0.90)
    assert "4-fold" in learned.note  # four sentences per label: four folds
    assert metrics["patterns: neutral false-positive rate"].n == 4
    # the hand-written sentences are plain cases for the rule coder
    assert metrics["patterns only: quad accuracy"].value >= 0.6
    assert metrics["patterns: source span exact F1"].n == 12
    # "Russia accused Britain", "China threatened ... Lithuania": coded sources match exactly
    assert metrics["patterns: source span exact P"].value > 0.5
    assert metrics["patterns: actor (any role) span overlap R"].value > 0.3
    # the CRF tagger by 5-fold CV over the 12 fixture sentences (tiny, but trained for real)
    crf = metrics["learned CRF (5-fold CV): actor (any role) span exact F1"]
    assert (crf.n, crf.target) == (12, 0.76)
    assert metrics["learned CRF (5-fold CV): source span exact R"].value > 0.3
    for metric in result.metrics:
        assert metric.low is not None and metric.high is not None
        assert metric.low <= metric.value + 1e-9 and metric.value <= metric.high + 1e-9
    ((name, table),) = result.reliability
    assert name.startswith("learned quad class")
    assert sum(row.n for row in table) == 20
    details = dict(result.details)
    assert next(iter(details)) == "class 0 neutral (n=4)"
    assert details["source span exact, actors of ALL coded events"].startswith("P ")


def test_run_with_limit_and_without_ner_file(
    tmp_path: Path, coder: Coder, embedder: OnnxEmbedder
) -> None:
    gold = tmp_path / "cameo_class_train.tsv"
    gold.write_text(CLASS_GOLD.read_text(encoding="utf-8"), encoding="utf-8")
    result = run(gold, coder=coder, embedder=embedder)
    assert not any("span" in m.name for m in result.metrics)
    assert any("NOT scored" in note for note in result.notes)
    with pytest.raises(InputError) as caught:
        run(CLASS_GOLD, coder=coder, embedder=embedder, limit=8)  # labels 2-4 missing
    assert caught.value.code == "E106"


def test_scorer_registration() -> None:
    assert SCORER.name == "conflibert-cameo"
    assert SCORER.default_gold == "conflibert-cameo/cameo_class_train.tsv"
    assert SCORER.run is run
