"""Reported obligations become demands; violence with an unnamed doer keeps its victim."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from docbuilders import coder_on, make_doc, small_lexicon

from polevent.coding.demands import demand_code, is_reported_obligation
from polevent.coding.events import VerbLexicon, find_events
from polevent.coding.intent import load_intent_codes
from polevent.coding.ontology import VerbEntry

MAY_2025 = date(2025, 5, 16)


def _lexicon() -> VerbLexicon:
    kill = VerbEntry(
        lemma="kill", particle=None, code="190", block="KILL", source="t", direction="forward"
    )
    base = small_lexicon()
    return replace(base, verbs={**base.verbs, "kill": (kill,)}, intents=load_intent_codes())


def test_demand_codes_mirror_the_intent_codes() -> None:
    table = load_intent_codes()
    assert demand_code("042", table) == "106"  # visit -> intent to meet 036 -> demand meeting
    assert demand_code("0356", table) == "1056"  # de-escalation
    assert demand_code("031", table) == "101"
    assert demand_code("039", table) == "108"  # no CAMEO 109: demand mediation
    assert demand_code("111", table) == "100"  # criticism has no intent code


SAID_MUST = [
    ("India", "India", "PROPN", 1, "nsubj", "B-GPE"),
    ("said", "say", "VERB", 1, "ROOT", "O"),
    ("Pakistan", "Pakistan", "PROPN", 4, "nsubj", "B-GPE"),
    ("must", "must", "AUX", 4, "aux", "O"),
    ("recognise", "recognise", "VERB", 1, "ccomp", "O"),
    ("Muttaqi", "Muttaqi", "PROPN", 4, "dobj", "B-PERSON"),
    (".", ".", "PUNCT", 1, "punct", "O"),
]


def test_someone_who_says_another_must_act_demands_it() -> None:
    doc = make_doc(SAID_MUST)
    assert is_reported_obligation(doc[4])
    [event] = find_events(doc[:], lexicon=_lexicon(), coder=coder_on(MAY_2025))
    assert event.code == "102"  # recognise 054 -> intent 032 -> demand diplomatic cooperation
    assert [a.code for a in event.source] == ["INDGOV"]
    assert [a.code for a in event.target] == ["PAKGOV"]
    assert event.modality == "asserted"
    assert "reported obligation ('said ... must') -> demand 102" in event.code_reason


def test_must_without_a_speaker_is_not_a_demand() -> None:
    rows = [("Pakistan", "Pakistan", "PROPN", 2, "nsubj", "B-GPE")] + [
        (text, lemma, pos, 2, "ROOT" if i == 2 else dep, ent)
        for i, (text, lemma, pos, _, dep, ent) in enumerate(SAID_MUST[3:6], start=1)
    ]
    doc = make_doc(rows)
    assert not is_reported_obligation(doc[2])
    [event] = find_events(doc[:], lexicon=_lexicon(), coder=coder_on(MAY_2025))
    assert (event.code, event.modality) == ("054", "hypothetical")


def test_passive_killing_without_a_doer_is_still_an_event() -> None:
    doc = make_doc(
        [
            ("Indian", "indian", "ADJ", 1, "amod", "B-NORP"),
            ("police", "police", "NOUN", 3, "nsubjpass", "O"),
            ("were", "be", "AUX", 3, "auxpass", "O"),
            ("killed", "kill", "VERB", 3, "ROOT", "O"),
            (".", ".", "PUNCT", 3, "punct", "O"),
        ]
    )
    [event] = find_events(doc[:], lexicon=_lexicon(), coder=coder_on(MAY_2025))
    assert (event.code, event.source, [a.code for a in event.target]) == ("190", (), ["INDCOP"])


def test_an_unresolved_pronoun_doer_makes_no_event() -> None:
    doc = make_doc(
        [
            ("They", "they", "PRON", 1, "nsubj", "O"),
            ("killed", "kill", "VERB", 1, "ROOT", "O"),
            ("Indian", "indian", "ADJ", 3, "amod", "B-NORP"),
            ("police", "police", "NOUN", 1, "dobj", "O"),
        ]
    )
    assert find_events(doc[:], lexicon=_lexicon(), coder=coder_on(MAY_2025)) == []


def test_must_on_the_clause_an_act_completes() -> None:
    # "India said Pakistan must be ready to recognise Muttaqi": must sits on "be"
    doc = make_doc(
        [
            ("India", "India", "PROPN", 1, "nsubj", "B-GPE"),
            ("said", "say", "VERB", 1, "ROOT", "O"),
            ("Pakistan", "Pakistan", "PROPN", 4, "nsubj", "B-GPE"),
            ("must", "must", "AUX", 4, "aux", "O"),
            ("be", "be", "AUX", 1, "ccomp", "O"),
            ("ready", "ready", "ADJ", 4, "acomp", "O"),
            ("to", "to", "PART", 7, "aux", "O"),
            ("recognise", "recognise", "VERB", 5, "xcomp", "O"),
            ("Muttaqi", "Muttaqi", "PROPN", 7, "dobj", "B-PERSON"),
        ]
    )
    assert is_reported_obligation(doc[7])
    [event] = find_events(doc[:], lexicon=_lexicon(), coder=coder_on(MAY_2025))
    assert (event.code, [a.code for a in event.source]) == ("102", ["INDGOV"])
    assert [a.code for a in event.target] == ["PAKGOV"]


def test_is_opposed_to_is_the_subjects_own_stance() -> None:
    # "Pakistan is opposed to India": not a passive with Pakistan as the target
    oppose = VerbEntry(
        lemma="oppose", particle=None, code="120", block="OPPOSE", source="t", direction="forward"
    )
    base = _lexicon()
    lexicon = replace(base, verbs={**base.verbs, "oppose": (oppose,)})
    doc = make_doc(
        [
            ("Pakistan", "Pakistan", "PROPN", 2, "nsubjpass", "B-GPE"),
            ("is", "be", "AUX", 2, "auxpass", "O"),
            ("opposed", "oppose", "VERB", 2, "ROOT", "O"),
            ("to", "to", "ADP", 2, "prep", "O"),
            ("India", "India", "PROPN", 3, "pobj", "B-GPE"),
        ]
    )
    [event] = find_events(doc[:], lexicon=lexicon, coder=coder_on(MAY_2025))
    assert ([a.code for a in event.source], [a.code for a in event.target]) == (
        ["PAKGOV"],
        ["INDGOV"],
    )


def test_a_hostile_act_on_a_condition_is_a_threat() -> None:
    # "Pakistan may kill Indian police if India ..." -> threaten (CAMEO 138), asserted
    doc = make_doc(
        [
            ("Pakistan", "Pakistan", "PROPN", 2, "nsubj", "B-GPE"),
            ("may", "may", "AUX", 2, "aux", "O"),
            ("kill", "kill", "VERB", 2, "ROOT", "O"),
            ("Indian", "indian", "ADJ", 4, "amod", "B-NORP"),
            ("police", "police", "NOUN", 2, "dobj", "O"),
            ("if", "if", "SCONJ", 7, "mark", "O"),
            ("India", "India", "PROPN", 7, "nsubj", "B-GPE"),
            ("refuses", "refuse", "VERB", 2, "advcl", "O"),
        ]
    )
    [event] = find_events(doc[:], lexicon=_lexicon(), coder=coder_on(MAY_2025))
    assert (event.code, event.modality) == ("138", "asserted")
    assert "conditional hostile act -> threat 138" in event.code_reason
