"""Sentence-cued PLOVER contexts and their data file."""

from __future__ import annotations

import pytest

from polevent.coding.contexts import find_contexts, load_context_cues, parse_context_lines
from polevent.errors import DataFileError


def test_cues_find_contexts_once_each_in_order() -> None:
    cues = load_context_cues()
    found = find_contexts(["the", "terror", "attack", "on", "a", "terrorist", "visa"], cues)
    assert [(c.context, c.cue) for c in found] == [("terrorism", "terror"), ("migration", "visa")]


def test_multi_word_cues() -> None:
    cues = parse_context_lines(["context\tlemmas", "human_rights\thuman_rights torture"], path="t")
    assert find_contexts(["human", "rights", "groups"], cues)[0].cue == "human rights"


def test_bad_row_is_e301_with_line() -> None:
    with pytest.raises(DataFileError) as caught:
        parse_context_lines(["# comment", "context\tlemmas", "bad name\tx"], path="c.tsv")
    assert (caught.value.code, caught.value.path, caught.value.line) == ("E301", "c.tsv", 3)
