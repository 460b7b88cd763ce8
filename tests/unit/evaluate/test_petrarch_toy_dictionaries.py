"""Readers for PETRARCH-format actor, agent and verb dictionaries, on small hand-written strings."""

from __future__ import annotations

from datetime import date

import pytest

from polevent.evaluate.toy_dictionaries import (
    DatedCode,
    agent_forms,
    parse_dated_codes,
    petrarch_date,
    read_actor_lines,
    read_agent_lines,
    read_verb_lines,
    split_event_code,
)

ACTORS = """\
<!-- a header line -->
# a comment line
ARNOR_  [ARN]   # trailing comment
+ARNORIAN
GOLLUM  # pas 27 Apr 03
+SMEAGOL
	[HOB < 950601]
	[HOBGOV 19950601 - 19990815]
	[HOBREB > 990816]
THE_SHIRE  [FRO/BIL]
ISILDUR  [+++]
ITALY  [ITA]
WHITE_HOUSE  [USAGOV]
PALESTINIAN [pse]
ZIMBABWE
	[RHO <790606]
	[ZBW]
"""

AGENTS = """\
!PERSON! = MAN, WOMAN
PRESIDENT [~GOV] # comment
POLICE {} [ ~COP]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]
CONGRESS!PERSON! [~LEG]
HUMAN_RIGHTS_BODY  [NGO~]
!MINST!_OF_SILLY_WALKS [~GOV]
SECRETARY
"""

VERBS = """\
<!-- SYNSETS -->
&TIETYPES
+MILITARY
+ECONOMIC_

&MONEY_
+DOLLAR
+SWISS FRANC
+&TIETYPES

--- ABANDON  [345]  ---
ABANDON    # pas
+ABANDON_SHIP [002]
- * DIPLOMATIC TIES [901]
- * &TIETYPES TIES [902]
- * &MONEY [903]
- % * [030:030]
- * DIPLXMATIC  [###]

--- LEFT  [032:033]  ---
LEFT

--- LEAVE  [012] ---
LEAVE
- WERE ABLE TO *  [---]

--- CONFISCATE  [1711] ---
CONFISCATE
WIRE_+TAP {WIRE_+TAPPED}

--- DELAY [120]  [031:031]  ---
DELAY
"""


def test_petrarch_dates() -> None:
    assert petrarch_date("950601") == date(1995, 6, 1)
    assert petrarch_date("300101") == date(2030, 1, 1)  # YY <= 30 -> 20YY
    assert petrarch_date("20130119") == date(2013, 1, 19)
    with pytest.raises(ValueError, match="bad PETRARCH date"):
        petrarch_date("95-06")


def test_dated_codes() -> None:
    assert parse_dated_codes("HOB < 950601") == [
        DatedCode(code="HOB", start=None, end=date(1995, 6, 1), undated=False)
    ]
    assert parse_dated_codes("ORCHOB 20100109-20100112") == [
        DatedCode(code="ORCHOB", start=date(2010, 1, 9), end=date(2010, 1, 12), undated=False)
    ]
    elr, gal = parse_dated_codes("ELR/GAL")
    assert (elr.code, gal.code, gal.undated) == ("ELR", "GAL", True)
    assert parse_dated_codes("pse")[0].code == "PSE"
    assert parse_dated_codes("--- <950630")[0].end == date(1995, 6, 30)
    for bad in ("+++", "HOB 990101-950101"):
        with pytest.raises(ValueError):
            parse_dated_codes(bad)


def test_actor_entries_names_codes_dates_and_kinds() -> None:
    entries, notes = read_actor_lines(ACTORS.splitlines(), path="a.txt")
    by_name: dict[str, list[tuple[str, str]]] = {}
    for entry in entries:
        by_name.setdefault(" ".join(entry.words), []).append((entry.code, entry.kind))
    assert by_name["arnor"] == [("ARN", "country")]
    assert by_name["arnorian"] == [("ARN", "demonym")]
    assert by_name["white house"] == [("USAGOV", "organisation")]
    assert by_name["the shire"] == [("FRO", "country"), ("BIL", "country")]
    assert by_name["palestinian"] == [("PSE", "demonym")]
    assert "isildur" not in by_name and "italy" in by_name  # ISILDUR's bad code: no entry
    assert notes == (
        "a.txt:11: code [+++] skipped (bad actor code '+++')",
        "a.txt:11: 'ISILDUR' has no code",
    )
    smeagol = [e for e in entries if e.words == ("smeagol",)]
    assert [(e.code, e.valid_from, e.valid_to, e.kind) for e in smeagol] == [
        ("HOB", None, date(1995, 6, 1), "person"),
        ("HOBGOV", date(1995, 6, 1), date(1999, 8, 15), "person"),
        ("HOBREB", date(1999, 8, 16), None, "person"),
    ]
    assert {e.source for e in smeagol} == {"a.txt:6"}
    zimbabwe = [e for e in entries if e.words == ("zimbabwe",)]
    assert [(e.code, e.fallback) for e in zimbabwe] == [("RHO", False), ("ZBW", True)]
    shire = {e.code: e.kb_id for e in entries if e.words == ("the", "shire")}
    assert shire == {"FRO": "toy:the_shire", "BIL": "toy:the_shire:1"}


def test_actor_names_use_the_given_tokenizer() -> None:
    entries, _ = read_actor_lines(["BARAD-DUR [MOR]"], path="a", tokenize=lambda n: ("x", n))
    assert entries[0].words == ("x", "BARAD-DUR")


def test_agent_forms_and_plurals() -> None:
    sets = {"PERSON": ["MAN", "WOMAN"]}
    assert agent_forms("PRESIDENT", sets) == ["PRESIDENT", "PRESIDENTS"]
    assert agent_forms("POLICE {}", sets) == ["POLICE"]
    assert agent_forms("CONGRESS!PERSON!", sets) == ["CONGRESSMAN", "CONGRESSWOMAN"]
    assert agent_forms("MINISTER_OF_DEFENSE", sets) == [
        "MINISTER_OF_DEFENSE",
        "MINISTERS_OF_DEFENSE",
    ]
    assert agent_forms("AUTHORITY", sets)[1] == "AUTHORITIES"


def test_agent_entries() -> None:
    entries, notes = read_agent_lines(AGENTS.splitlines(), path="g.txt")
    found = {(" ".join(e.words), e.code, e.position) for e in entries}
    assert found == {
        ("president", "GOV", "after"),
        ("presidents", "GOV", "after"),
        ("police", "COP", "after"),
        ("attorney general", "GOV", "after"),
        ("attorneys general", "GOV", "after"),
        ("congressman", "LEG", "after"),
        ("congresswoman", "LEG", "after"),
        ("human rights body", "NGO", "before"),
        ("human rights bodies", "NGO", "before"),
    }  # !MINST! is not defined: no forms
    assert notes == ("g.txt:8: agent line without a [~CODE] skipped",)


def test_split_event_codes() -> None:
    assert split_event_code("064") == [("064", "forward")]
    assert split_event_code("032:033") == [("032", "forward"), ("033", "reverse")]
    assert split_event_code("031:031") == [("031", "both")]
    assert split_event_code(":033") == [("033", "reverse")]
    assert split_event_code("174K") == [("174K", "forward")]
    with pytest.raises(ValueError):
        split_event_code("032:")


def _words(words: tuple[object, ...]) -> list[list[str]]:
    return [sorted(w.alternatives) for w in words]  # type: ignore[attr-defined]


def test_verb_blocks_members_patterns_and_synsets() -> None:
    lemmas = {"left": "leave", "tapped": "tap"}
    verbs = read_verb_lines(VERBS.splitlines(), path="v.txt", lemmatize=lambda w: lemmas.get(w, w))
    abandon = verbs.verbs["abandon"]
    assert [(e.code, e.particle, e.block, e.source) for e in abandon] == [
        ("002", "ship", "ABANDON", "v.txt:13"),
        ("345", None, "ABANDON", "v.txt:12"),
    ]  # particle entries first
    plain = [p for p in verbs.patterns["abandon"] if p.particle is None]
    shapes = [(_words(p.before), _words(p.after), p.code) for p in plain]
    assert shapes == [
        ([], [["diplomatic"], ["ties"]], "901"),
        ([], [["economic", "militaries", "military"], ["ties"]], "902"),
        ([], [["dollar", "economic", "militaries", "military"]], "903"),
        ([], [["swiss"], ["franc"]], "903"),
    ]  # &MONEY_ is exact (no plurals), ECONOMIC_ too; a two-word member is its own variant
    assert verbs.codes >= {"345", "002", "901", "902", "903", "032", "033", "012", "1711", "120"}
    assert "###" not in verbs.codes


def test_verb_lemma_ranking_directions_blocking_and_notes() -> None:
    lemmas = {"left": "leave"}
    verbs = read_verb_lines(VERBS.splitlines(), path="v.txt", lemmatize=lambda w: lemmas.get(w, w))
    leave = verbs.verbs["leave"]
    assert [(e.code, e.direction, e.block) for e in leave] == [
        ("032", "forward", "LEFT"),
        ("033", "reverse", "LEFT"),
        ("012", "forward", "LEAVE"),
    ]  # the inflected-form block (LEFT) ranks before the lemma's own block
    [block] = verbs.blocking["leave"]
    assert _words(block.before) == [["were"], ["able"], ["to"]] and block.code == "---"
    [tap] = verbs.patterns["tap"]
    assert (_words(tap.before), tap.after, tap.code) == ([["wire"]], (), "1711")
    assert verbs.verbs["delay"][0].code == "120"
    assert verbs.notes == (
        "v.txt:31: block header with two codes, the first (120) used",
        "v.txt:17: pattern skipped (no words besides roles)",
        "v.txt:18: TABARI marker [###] is no event code",
    )
