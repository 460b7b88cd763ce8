"""The petrarch-unit scorer end to end: a 5-record fixture coded with a tiny hand-written toy
dictionary (tests/fixtures/eval/petrarch/unit/) through polevent's real model and event finder.

The numbers pin today's coding mechanics (the reverse half of a paired code such as MET
[031:032] is not coded yet); update them deliberately when the mechanics change."""

from __future__ import annotations

from pathlib import Path

import pytest

from polevent.errors import InputError
from polevent.evaluate.petrarch_unit import (
    SCORER,
    name_tokenizer,
    read_dictionaries,
    toy_coder,
    verb_lemmatizer,
)
from polevent.pipeline import Coder

UNIT = Path(__file__).parents[2] / "fixtures" / "eval" / "petrarch" / "unit"


def test_spacy_helpers(coder: Coder) -> None:
    tokenize = name_tokenizer(coder.nlp)
    assert tokenize("BARAD-DUR") == ("barad", "-", "dur")
    assert tokenize("MINAS TIRITH") == ("minas", "tirith")
    lemmatize = verb_lemmatizer(coder.nlp)
    assert [lemmatize(w) for w in ("LEFT", "SAID", "EXPRESS", "HAS")] == [
        "leave",
        "say",
        "express",
        "have",
    ]


def test_toy_coder_replaces_dictionaries_only(coder: Coder) -> None:
    toy, dictionaries = toy_coder(coder, UNIT / "validation_dictionaries")
    assert toy.nlp is coder.nlp and toy.settings is coder.settings
    assert set(toy.lexicon.verbs) == {"restore", "meet", "contribute", "criticize", "celebrate"}
    assert [e.code for e in toy.lexicon.verbs["meet"]] == ["031", "032"]
    assert toy.actors.lookup(["Minas", "Tirith"], on=None)[0].code == "GON"
    assert toy.cameo["903"].label.startswith("PETRARCH unit-test code 903")
    assert toy.cameo["064"] is coder.cameo["064"]
    assert toy.data_version.startswith("petrarch-unit ")
    assert dictionaries.notes == ()


def test_run_on_fixture(coder: Coder) -> None:
    result = SCORER.run(UNIT / "records.jsonl", coder=coder)
    assert (result.scorer, result.n) == ("petrarch-unit", 5)
    values = {m.name: (m.value, m.n) for m in result.metrics}
    assert values == {
        "expected events reproduced": (1.0, 5),
        "event code exact": (1.0, 5),
        "event code root": (1.0, 5),
        "source match": (1.0, 5),
        "target match": (1.0, 5),
        "precision of predicted events": (1.0, 5),
        "false-event rate on no-event records": (0.0, 1),
        "records passed": (1.0, 5),
    }
    assert result.metrics[0].target == 0.9
    details = dict(result.details)
    # dated actor code right on 2010-01-10, and the reverse 032 of MET [031:032] is coded
    assert "failed TOY-02" not in details
    assert details["category SYNSET"].startswith("events reproduced 1/1")
    assert details["category PASSIVE"].startswith("events reproduced 1/1")
    assert any("toy actors" in note for note in result.notes)


def test_limit_and_missing_dictionaries(coder: Coder, tmp_path: Path) -> None:
    result = SCORER.run(UNIT / "records.jsonl", coder=coder, limit=1)
    assert result.n == 1 and result.metrics[0].value == 1.0
    (tmp_path / "records.jsonl").write_text((UNIT / "records.jsonl").read_text())
    with pytest.raises(InputError) as caught:
        SCORER.run(tmp_path / "records.jsonl", coder=coder)
    assert caught.value.code == "E107"
    assert SCORER.default_gold == "petrarch-validation/petr_unittest_records.jsonl"


def test_read_dictionaries_folder_and_missing_file(tmp_path: Path) -> None:
    folder = UNIT / "validation_dictionaries"
    found = read_dictionaries(folder)
    assert {" ".join(e.words) for e in found.actors} >= {"arnor", "minas tirith", "sam gamgee"}
    assert {" ".join(e.words) for e in found.agents} >= {"ambassador", "congressman"}
    assert set(found.verbs.verbs) == {"restore", "met", "contribute", "criticize", "celebrate"}
    with pytest.raises(InputError) as caught:
        read_dictionaries(tmp_path)
    assert caught.value.code == "E107"
    assert caught.value.path == str(tmp_path / "PETR.Validate.actors.txt")
