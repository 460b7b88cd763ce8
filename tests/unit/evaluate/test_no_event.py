"""The no-event scorer: readers, sampling, the per-sentence outcome, and full runs on hand-written
fixtures in the ConfliBERT class-file and IndiaPoliceEvents formats (fixtures/eval/no_event/)."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from polevent.coding.ontology import load_cameo
from polevent.errors import InputError
from polevent.evaluate.base import GOLD_ENV, Metric
from polevent.evaluate.no_event import (
    SCORER,
    ConfliSentence,
    IpeSentence,
    Outcome,
    outcome,
    read_conflibert,
    read_ipe,
    read_ipe_dates,
    repair_mojibake,
    sample_ipe,
)
from polevent.pipeline import Coder
from polevent.records import ActorRef, EventDate, EventRecord, Evidence

FIXTURES = Path(__file__).parents[2] / "fixtures" / "eval" / "no_event"
CONFLIBERT = FIXTURES / "conflibert-cameo" / "cameo_class_train.tsv"
IPE = FIXTURES / "indiapoliceevents" / "sents.jsonl"
IPE_DOCS = FIXTURES / "indiapoliceevents" / "docs.jsonl"


def event(code: str, *, modality: str = "asserted", sector: str = "GOV") -> EventRecord:
    cameo = load_cameo()[code]
    source = ActorRef(
        text="x",
        code="IND" + sector,
        country="IND",
        sector=sector,
        name=None,
        kb_id=None,
        reason="test",
        start=0,
        end=1,
    )
    return EventRecord(
        event_id=code,
        article_id="a1",
        sentence_index=0,
        evidence=Evidence(text="A sentence.", start=0, end=11),
        source=(source,),
        target=(),
        cameo_code=code,
        cameo_root=cameo.root,
        cameo_label=cameo.label,
        quad_class=cameo.quad_class,
        goldstein=cameo.goldstein,
        plover_type=cameo.plover_type,
        plover_mode=None,
        plover_context=(),
        plover_intensity=None,
        modality=modality,
        trigger="verb",
        code_reason="test",
        published_at=None,
        date=EventDate(start=None, end=None, granularity="unknown", text="", reason=""),
        place=None,
    )


def values(metrics: Sequence[Metric]) -> dict[str, tuple[float, int]]:
    return {m.name: (m.value, m.n) for m in metrics}


# ----------------------------------------------------------------------------- readers


def test_read_conflibert_fixture() -> None:
    rows = read_conflibert(CONFLIBERT)
    assert [r.label for r in rows] == [0, 0, 0, 0, 1, 2, 2, 3, 4]
    assert rows[0] == ConfliSentence(
        text="The German government declined to comment on the report.", label=0, line=1
    )


def test_read_conflibert_rejects_bad_label(tmp_path: Path) -> None:
    path = tmp_path / "class.tsv"
    path.write_text("A sentence.\t0\nAnother one.\t7\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_conflibert(path)
    assert (caught.value.code, caught.value.line) == ("E106", 2)


def test_read_ipe_fixture_and_dates() -> None:
    sentences = read_ipe(IPE)
    assert len(sentences) == 10
    assert sentences[7] == IpeSentence(
        doc_id=2,
        sent_id=0,
        text="Indian police arrested 20 opposition activists in Ahmedabad on Monday.",
        labels=("ANY_ACTION", "ARREST"),
        line=8,
    )
    assert sentences[7].action and not sentences[5].action
    assert read_ipe_dates(IPE_DOCS) == {1: date(2002, 3, 1), 2: date(2002, 3, 2)}


def test_read_ipe_gzip_and_errors(tmp_path: Path) -> None:
    packed = tmp_path / "sents.jsonl.gz"
    packed.write_bytes(gzip.compress(IPE.read_bytes()))
    assert read_ipe(packed) == read_ipe(IPE)
    broken = tmp_path / "broken.jsonl"
    broken.write_text(
        '{"doc_id": 1, "sent_id": 0, "sent_text": "x", "sent_labels": []}\n{', "utf-8"
    )
    with pytest.raises(InputError) as bad_json:
        read_ipe(broken)
    assert (bad_json.value.code, bad_json.value.line) == ("E104", 2)
    wrong = tmp_path / "wrong.jsonl"
    wrong.write_text(
        '{"doc_id": "1", "sent_id": 0, "sent_text": "x", "sent_labels": []}\n', "utf-8"
    )
    with pytest.raises(InputError) as bad_field:
        read_ipe(wrong)
    assert (bad_field.value.code, bad_field.value.line) == ("E106", 1)


def test_repair_mojibake() -> None:
    broken = "\u00e2\u20ac\u02dcwe are ready\u00e2\u20ac\u2122, he said \u00e2\u20ac\u201d twice"
    assert repair_mojibake(broken) == "\u2018we are ready\u2019, he said \u2014 twice"
    assert repair_mojibake("plain text") == "plain text"


def test_sample_ipe_groups_and_seed() -> None:
    sentences = read_ipe(IPE)
    quiet, acted = sample_ipe(sentences)
    # empty text (sent 1/6) and the FAIL-only sentence (1/5) are in neither group
    assert [(s.doc_id, s.sent_id) for s in quiet] == [(1, 0), (1, 1), (1, 2), (1, 3), (1, 4)]
    assert [(s.doc_id, s.sent_id) for s in acted] == [(2, 0), (2, 1), (2, 2)]
    small_quiet, small_acted = sample_ipe(sentences, size=4, seed=13)
    assert len(small_quiet) == 2 and len(small_acted) == 2
    assert set(small_quiet) <= set(quiet) and set(small_acted) <= set(acted)
    assert sample_ipe(sentences, size=4, seed=13) == (small_quiet, small_acted)
    assert small_quiet == sorted(small_quiet, key=lambda s: s.line)


# ----------------------------------------------------------------------------- outcome


def test_outcome_questions() -> None:
    assert outcome([]) == Outcome(
        any_event=False, asserted=False, beyond_statement=False, police=False
    )
    statement = outcome([event("010"), event("020")])
    assert statement == Outcome(any_event=True, asserted=True, beyond_statement=False, police=False)
    hedged = outcome([event("190", modality="hypothetical", sector="COP")])
    assert hedged == Outcome(any_event=True, asserted=False, beyond_statement=False, police=False)
    police = outcome([event("010"), event("173", sector="COP")])
    assert police == Outcome(any_event=True, asserted=True, beyond_statement=True, police=True)


# ----------------------------------------------------------------------------- full runs


def test_run_on_conflibert_fixture_only(coder: Coder) -> None:
    result = SCORER.run(CONFLIBERT, coder=coder)
    assert (result.scorer, result.n) == ("no-event", 9)
    assert values(result.metrics) == {
        # label 0: "declined to comment" -> 120 is invented; "considering sending aid" codes
        # only a hypothetical 070 ("consider" is pattern-only); "expressed concern" -> 012 is a
        # right statement; the weather is nothing
        "ConfliBERT neutral: asserted event outside CAMEO 01-02": (0.25, 4),
        "ConfliBERT neutral: any asserted event": (0.5, 4),
        "ConfliBERT neutral: any event": (0.75, 4),
        # labels 1-4: everything but "Aid arrived in the flooded villages" gets an event
        "ConfliBERT labels 1-4: any event": (0.8, 5),
    }
    assert result.notes[-1].startswith("(b) IndiaPoliceEvents not run")
    shown = dict(result.details)
    # equal counts keep file order
    assert shown["ConfliBERT neutral FP 1"] == (
        "120 'declined' x1: The German government declined to comment on the report."
    )
    assert len(shown) == 1


def test_run_on_ipe_fixture_only(coder: Coder) -> None:
    result = SCORER.run(IPE, coder=coder)
    assert result.n == 8
    assert values(result.metrics) == {
        # no action: 5 sentences; "accused India" (112) and "police officials met" (040) are
        # asserted, and "will meet" is the asserted intent to meet (036); only the meeting has
        # a police source
        "IPE no police action: any asserted event": (0.6, 5),
        "IPE no police action: any event": (0.6, 5),
        "IPE no police action: asserted police-source event": (0.2, 5),
        # action: "Indian police arrested" and lower-case "the police ..." (a political agent
        # codes an event without a country) are coded
        "IPE police action: any event": (pytest.approx(2 / 3), 3),
        "IPE police action: asserted police-source event": (pytest.approx(2 / 3), 3),
    }
    note = result.notes[0]
    assert "5 with no labels and 3 with ANY_ACTION" in note
    assert "1 FAIL-only" in note and "dates from" in note
    shown = dict(result.details)
    assert shown["IPE no-action police 1"].startswith("040 'met' x1: Indian police officials")


def test_default_gold_runs_both_parts(
    coder: Coder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "conflibert-cameo").mkdir()
    shutil.copy(CONFLIBERT, tmp_path / "conflibert-cameo" / "cameo_class_train.tsv")
    ipe_dir = tmp_path / "indiapoliceevents"
    ipe_dir.mkdir()
    (ipe_dir / "sents.jsonl.gz").write_bytes(gzip.compress(IPE.read_bytes()))
    (ipe_dir / "docs.jsonl.gz").write_bytes(gzip.compress(IPE_DOCS.read_bytes()))
    monkeypatch.setenv(GOLD_ENV, str(tmp_path))
    result = SCORER.run(tmp_path / SCORER.default_gold, coder=coder)
    assert result.n == 9 + 8
    assert len(result.metrics) == 9
    assert values(result.metrics)["IPE no police action: any event"] == (0.6, 5)
    assert values(result.metrics)["ConfliBERT labels 1-4: any event"] == (0.8, 5)
    assert "docs.jsonl.gz" in result.notes[1]


def test_run_needs_a_coder() -> None:
    with pytest.raises(ValueError, match="pass coder"):
        SCORER.run(CONFLIBERT, coder=None)
