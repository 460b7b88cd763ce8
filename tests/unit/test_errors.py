"""Errors keep their code, detail and place across processes (the worker pool pickles them)."""

from __future__ import annotations

import pickle

from polevent.errors import InputError, StoreError


def test_errors_survive_pickling_with_code_detail_and_place() -> None:
    error = InputError("E104", "Expecting value", path="corpus/a.jsonl", line=7)
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is InputError
    assert (back.code, back.detail, back.path, back.line) == (
        "E104",
        "Expecting value",
        "corpus/a.jsonl",
        7,
    )
    assert str(back) == str(error) == "corpus/a.jsonl:7: E104 malformed JSON (Expecting value)"


def test_an_error_without_a_place_pickles_too() -> None:
    back = pickle.loads(pickle.dumps(StoreError("E403", "disk full")))
    assert (type(back), back.code, back.path, back.line) == (StoreError, "E403", None, None)
