"""Reported obligations are demands: "Russia said Sudan must return the helicopter".

CAMEO codes a speaker who says that someone else *must* (or *should*) act as a demand on that
actor (root 10), not as the act itself, which has not happened. The demand codes mirror the
intent codes one for one (031 material cooperation -> 101, 0344 change institutions -> 1044,
036 meet -> 106, ...), so the demand is the act's intent code with its root 03 turned into 10;
an act without an intent code becomes 100 (demand, not specified).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from polevent.coding.intent import intent_code

__all__ = ["DEMAND_AUX", "demand_code", "is_reported_obligation", "reporter_of"]

DEMAND_AUX = frozenset({"must", "should"})
# Verbs that report what someone said or concluded ("declared that China must drop barriers").
OBLIGATION_REPORTERS = frozenset(
    {
        "say",
        "announce",
        "declare",
        "state",
        "insist",
        "reiterate",
        "stress",
        "conclude",
        "tell",
        "add",
        "warn",
        "argue",
        "write",
    }
)
INTENT_ROOT = "03"
DEMAND_ROOT = "10"
DEMAND_UNSPECIFIED = "100"
# 039 (intent to mediate) has no 109: someone who must mediate is asked for mediation (108).
DEMAND_FIXES = {"039": "108"}


def demand_code(code: str, intents: Mapping[str, str]) -> str:
    """The CAMEO demand code for an act ``code`` that someone says another actor must do."""
    intent = code if code.startswith(INTENT_ROOT) else intent_code(code, intents)
    if intent is None or not intent.startswith(INTENT_ROOT):
        return DEMAND_UNSPECIFIED
    for size in range(len(intent), 2, -1):
        if intent[:size] in DEMAND_FIXES:
            return DEMAND_FIXES[intent[:size]]
    return DEMAND_ROOT + intent[2:]


def _clause_head(verb: Any) -> Any:
    """Up from "mediate" in "must be ready to mediate" to "be", the head of its clause."""
    head = verb
    while head.dep_ in {"xcomp", "acomp"} and head.head.i != head.i:
        head = head.head
    return head


def is_reported_obligation(verb: Any) -> bool:
    """``verb`` (a spaCy token) has "must"/"should" (on it or on the clause it completes) and is
    in the reported clause of a speech verb: "said [that] Sudan must return", "declared China
    must drop", "said the US must be ready to mediate". Negated obligations ("must not") are
    demands too: the speaker demands that the act stop or not happen."""
    clause = _clause_head(verb)
    auxes = {c.lower_ for c in clause.children if c.dep_ in {"aux", "auxpass"}}
    if not auxes & DEMAND_AUX or clause.dep_ != "ccomp":
        return False
    return str(clause.head.lemma_).lower() in OBLIGATION_REPORTERS


def reporter_of(verb: Any) -> Any:
    """The speech verb whose reported clause holds ``verb`` (see ``is_reported_obligation``)."""
    return _clause_head(verb).head
