"""Event coding: verbs and their patterns -> CAMEO codes; subjects and objects -> source and target.

The pure core is ``find_events(sent, lexicon=..., coder=...)``: for every verb of a parsed
sentence it looks the lemma up in the verb dictionary (Phoenix CAMEO 2.0 plus polevent's own
rows), prefers the most specific pattern whose words appear in the verb's clause, then takes the
source from the subject and the target from the object, a ``with/to/against`` phrase or, for
requests and demands, the subject of the requested clause. No verb in the dictionary, or no
source actor with a country, means no event: nothing is invented.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from polevent.coding.actors import ACT_NOUNS, ActorCoder
from polevent.coding.demands import demand_code, is_reported_obligation, reporter_of
from polevent.coding.intent import intent_code
from polevent.coding.kb import TRANSNATIONAL
from polevent.coding.lexicon import (
    CLAUSE_BOUNDARY,
    VerbLexicon,
    VerbMatch,
    clause_tokens,
)
from polevent.records import ActorRef
from polevent.resolve.quote_marks import quote_regions

__all__ = ["EventGuess", "VerbLexicon", "VerbMatch", "find_events"]

TARGET_PREPS = frozenset({"with", "to", "against", "for", "on", "toward", "towards", "at"})
# Extra target prepositions by CAMEO root: visits and meetings (04), aid and peacekeepers (07)
# and easing curfews (08) take the place they happen "in"; withdrawing and expelling (08, 16,
# 17) name who is left "from".
ROOT_TARGET_PREPS = {
    "04": frozenset({"in", "into"}),
    "07": frozenset({"in", "into"}),
    "08": frozenset({"in", "into", "from"}),
    "16": frozenset({"from"}),
    "17": frozenset({"from"}),
}
CCOMP_TARGET_ROOTS = frozenset({"02", "10", "13"})
CONFLICT_ROOT = 12  # CAMEO roots 12-20 are hostile acts (13 is already a threat)
THREAT_ROOT = "13"
CONDITION_MARKS = frozenset({"if", "unless"})
HYPOTHETICAL_AUX = frozenset({"would", "could", "may", "might", "should", "can", "must"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
NEGATING_HEADS = frozenset({"fail", "refuse", "decline"})
# Governing verbs that make the act in their complement wished-for, not done ("urged France to
# pressure the US to lift sanctions": neither pressure nor lift happened) or promised (future).
REQUEST_LEMMAS = frozenset(
    [
        "ask",
        "request",
        "urge",
        "demand",
        "call",
        "appeal",
        "want",
        "consider",
        "hope",
        "seek",
        "try",
        "propose",
        "threaten",
        "wish",
        "press",
        "push",
        "encourage",
    ]
)
PROMISE_LEMMAS = frozenset(
    {
        "agree",
        "promise",
        "pledge",
        "vow",
        "offer",
        "decide",
        "prepare",
        "prepared",
        "willing",
        "ready",
        "plan",
        "intend",
    }
)
COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp"})
# Participles that read as passives but describe the subject's own stance ("is opposed to",
# "is committed to", "is determined to"): without a "by" agent the subject is the doer.
STATIVE_PASSIVES = frozenset({"oppose", "commit", "determine", "dedicate", "devote", "resolve"})
REPORTING_LEMMAS = frozenset(
    [
        "say",
        "announce",
        "tell",
        "state",
        "declare",
        "add",
        "warn",
        "insist",
        "confirm",
        "indicate",
        "report",
    ]
)
# A source without a country still makes an event when it is a political agent ("rebels
# attacked", "police arrested"), as PETRARCH's ---GOV sources do; "people" or "doctors" do not.
STATE_LIKE_SECTORS = frozenset(
    ["GOV", "MIL", "REB", "COP", "OPP", "INS", "UAF", "LEG", "JUD", "SPY", "PTY", "ELI"]
)
REPORTED_PRONOUNS = frozenset({"it", "they", "we"})
SUBJECT_RAISING_DEPS = frozenset({"conj", "xcomp", "acomp"})


@dataclass(frozen=True, slots=True, kw_only=True)
class EventGuess:
    """One event found in a sentence, before it becomes an ``EventRecord``."""

    trigger_index: int
    trigger_text: str
    trigger_start: int
    code: str
    code_reason: str
    confidence: float
    source: tuple[ActorRef, ...]
    target: tuple[ActorRef, ...]
    modality: str


def _with_conjuncts(token: Any) -> Iterator[Any]:
    """``token`` and its coordinated nouns; a list the parser read as an apposition ("Mordor,
    the Shire, Fornost and Bree": Shire appos, Fornost and Bree conj of it) counts too."""
    yield token
    for child in token.children:
        listed = child.dep_ == "appos" and any(c.dep_ == "conj" for c in child.children)
        if child.dep_ == "conj" or listed:
            yield from _with_conjuncts(child)


def _actors(heads: Sequence[Any], coder: ActorCoder) -> tuple[ActorRef, ...]:
    """The actors named by ``heads`` and their conjuncts, one entry per actor: a code that
    another one refines (GRC next to GRCGOV, from "Greek ... counterparts, Nikos Dendias") is
    dropped for the finer one."""
    found: list[ActorRef] = []
    for head in heads:
        for token in _with_conjuncts(head):
            for actor in coder.resolve_many(token):
                if any(a.code.startswith(actor.code) for a in found):
                    continue
                found = [a for a in found if not actor.code.startswith(a.code)]
                found.append(actor)
    return tuple(found)


def _children(token: Any, *deps: str) -> list[Any]:
    return [c for c in token.children if c.dep_ in deps]


def _subject_heads(verb: Any) -> tuple[list[Any], bool]:
    """Subject heads of ``verb`` and whether the clause is passive (subject = target).

    A clause without a subject takes it from the clause it hangs on: "reaffirmed ... and
    reiterated", "is about to restore" (via the adjective), and "was seen to break into" (the
    passive subject of the governing verb is the doer of the complement).
    """
    active = _children(verb, "nsubj")
    if active and active[0].lower_ in REPORTED_PRONOUNS and verb.dep_ in COMPLEMENT_DEPS:
        # "Syria says it will withdraw": "it" is the one who says so.
        said_by, passive_head = _subject_heads(_governor(verb))
        if said_by and not passive_head:
            return said_by, False
    if active:
        return active, False
    passive = _children(verb, "nsubjpass")
    if passive and verb.lemma_.lower() in STATIVE_PASSIVES and not _children(verb, "agent"):
        return passive, False  # "Israel is opposed to French mediation": Israel opposes it
    if passive:
        return passive, True
    if verb.dep_ in SUBJECT_RAISING_DEPS and verb.head.i != verb.i:
        heads, passive_head = _subject_heads(verb.head)
        return heads, passive_head and verb.dep_ == "conj"
    return [], False


def _prep_objects(token: Any, *, also: frozenset[str] = frozenset()) -> list[Any]:
    objects: list[Any] = []
    for prep in _children(token, "prep", "dative"):
        if prep.lower_ in TARGET_PREPS or prep.lower_ in also or prep.dep_ == "dative":
            objects += _children(prep, "pobj") or ([prep] if prep.dep_ == "dative" else [])
    return objects


def _deep_nouns(token: Any) -> list[Any]:
    """Nouns below ``token`` in breadth-first order, not entering nested clauses."""
    found: list[Any] = []
    queue = [c for c in token.children if c.dep_ not in CLAUSE_BOUNDARY]
    while queue:
        child = queue.pop(0)
        if child.pos_ in {"NOUN", "PROPN"} and child.dep_ != "compound":
            found.append(child)
        queue.extend(c for c in child.children if c.dep_ not in CLAUSE_BOUNDARY)
    return found


def _against(phrases: Sequence[Any]) -> list[Any]:
    """What an "anti-X" modifier in the phrases names: "an anti-American rally", "anti-India
    protests", "an anti- Gondor parade" (the parser splits the prefix off) are against X."""
    found: list[Any] = []
    for phrase in phrases:
        for token in phrase.subtree:
            if token.lower_.rstrip("-") != "anti":
                continue
            after = [t for t in token.doc[token.i + 1 : phrase.right_edge.i + 1] if t.text != "-"]
            if after and after[0].pos_ in {"PROPN", "ADJ", "NOUN"}:
                found.append(after[0])
    return found


def _target_heads(verb: Any, code: str) -> list[list[Any]]:
    """Candidate target heads, in order of preference."""
    objects = _children(verb, "dobj", "attr")
    # Some acts take the place they happen in: "arrived in Amman", "lifted a curfew in X".
    also = ROOT_TARGET_PREPS.get(code[:2], frozenset())
    prep_objects = _prep_objects(verb, also=also)
    any_prep = [o for prep in _children(verb, "prep") for o in _children(prep, "pobj")]
    candidates = [objects, _against(objects + any_prep), prep_objects]
    candidates += [_prep_objects(obj) for obj in objects]
    for clause in _children(verb, "xcomp"):
        # "offered to hand over to Great Britain", "agreed to share information with Greece"
        inner = _children(clause, "dobj")
        candidates += [inner, _prep_objects(clause), *(_prep_objects(obj) for obj in inner)]
    # Last resort, as PETRARCH does: the first actor anywhere in the object phrase ("welcomed a
    # resumption of ties with Osgiliath", "condemned an attack by Osgiliath soldiers", "appealed
    # for peace in Ithilen").
    candidates += [[noun] for obj in objects + prep_objects for noun in _deep_nouns(obj)]
    if code[:2] in CCOMP_TARGET_ROOTS:
        for clause in _children(verb, "ccomp", "xcomp"):
            candidates.append(_children(clause, "nsubj"))
    return candidates


def _agent_heads(verb: Any) -> list[Any]:
    return [obj for agent in _children(verb, "agent") for obj in _children(agent, "pobj")]


def _attack_doers(verb: Any) -> list[Any]:
    """The doer of a passive act named through the act it happened in: "were killed in an attack
    by Taliban fighters", "... in an ambush carried out / claimed by X"."""
    found: list[Any] = []
    for prep in _children(verb, "prep"):
        for act in _children(prep, "pobj"):
            if prep.lower_ not in {"in", "during"} or act.lemma_.lower() not in ACT_NOUNS:
                continue
            found += [o for p in act.children if p.lower_ == "by" for o in _children(p, "pobj")]
            for clause in _children(act, "acl"):
                found += _agent_heads(clause)
    return found


def _dyad(
    verb: Any, code: str, coder: ActorCoder
) -> tuple[tuple[ActorRef, ...], tuple[ActorRef, ...]]:
    """Source and target of ``verb``; a target never repeats a source code."""
    subjects, passive = _subject_heads(verb)
    if passive:
        doers = _agent_heads(verb) or _attack_doers(verb)
        source, candidates = _actors(doers, coder), [subjects]
    else:
        source, candidates = _actors(subjects, coder), _target_heads(verb, code)
    source_codes = {a.code for a in source}
    fallback: tuple[ActorRef, ...] = ()
    for heads in candidates:
        target = tuple(a for a in _actors(heads, coder) if a.code not in source_codes)
        if any(a.country or a.code[:3] in TRANSNATIONAL for a in target):
            return source, target
        fallback = fallback or target  # "its troops": keep only if nothing better comes
    # Not for several sources without a target: they act on each other (see _reciprocal). A
    # statement's target is whom it is about, as in ICEWS ("Pompeo said Iran ...").
    if not fallback and not passive and len(source) < 2:
        fallback = _first_actor_after(verb, coder, exclude={a.code for a in source})
    return source, fallback


def _first_actor_after(verb: Any, coder: ActorCoder, *, exclude: set[str]) -> tuple[ActorRef, ...]:
    """Last resort, as PETRARCH does: the first actor with a country after the verb in its own
    phrase, through complements ("willing to send material to help defend Saudi Arabia"), but
    not into what someone else reports ("..., a Saudi official said") or quotes, and not the
    source again at another grain (TUR after TURGOV)."""
    stack = [c for c in verb.children if c.i > verb.i]
    quoted: list[tuple[int, int]] | None = None  # the sentence's quotations, read when needed
    nouns: list[Any] = []
    while stack:
        token = stack.pop()
        if token.dep_ == "relcl" or (
            token.pos_ == "VERB" and token.lemma_.lower() in REPORTING_LEMMAS
        ):
            continue  # background ("the attack, which ...") and reports are not this act
        if token.pos_ in {"NOUN", "PROPN"} and token.dep_ in PHRASE_HEAD_DEPS:
            if quoted is None:
                sent = verb.sent
                regions = quote_regions(sent.text)
                quoted = [(a + sent.start_char, b + sent.start_char) for a, b in regions]
            if not any(a <= token.idx < b for a, b in quoted):
                nouns.append(token)
        stack.extend(token.children)
    for noun in sorted(nouns, key=lambda t: t.i):
        found = [
            a
            for a in coder.resolve_many(noun)
            if a.country and not any(a.code.startswith(c) or c.startswith(a.code) for c in exclude)
        ]
        if found:
            why = "target: first actor after the verb (no object or target phrase names one)"
            return tuple(replace(a, reason=f"{a.reason}; {why}", confidence=0.4) for a in found)
    return ()


def _is_historical(verb: Any, on: date | None) -> bool:
    """Background: "since August 2021 ... have been", or a year before the story's own year."""
    clause = clause_tokens(verb)
    if any(t.lower_ == "since" and t.head is verb for t in clause):
        return True
    if on is None:
        return False
    years = [int(t.text) for t in clause if t.is_digit and len(t.text) == 4]
    return any(1800 <= year < on.year for year in years)


def _governing_lemmas(verb: Any, *, depth: int = 3) -> set[str]:
    """Lemmas of the verbs whose complement ``verb`` is, up to ``depth`` levels up."""
    lemmas: set[str] = set()
    token = verb
    for _ in range(depth):
        if token.dep_ not in COMPLEMENT_DEPS or token.head is token:
            break
        token = token.head
        lemmas.add(token.lemma_.lower())
    return lemmas


def _governor(verb: Any) -> Any:
    """The verb whose complement ``verb`` is, through auxiliary-like heads ("is willing to")."""
    head = verb.head
    while head.dep_ in {"acomp", "xcomp"} and head.head.i != head.i and head.pos_ != "VERB":
        head = head.head
    return head


def _is_negated(verb: Any) -> bool:
    """ "did not attack", "never met", "failed to sign", "is yet to recognise"."""
    deps = {c.lower_: c.dep_ for c in verb.children}
    if "neg" in deps.values() or "never" in deps:
        return True
    head = verb.head
    return verb.dep_ == "xcomp" and (
        head.lemma_.lower() in NEGATING_HEADS or any(c.lower_ == "yet" for c in head.children)
    )


def modality_of(verb: Any, *, on: date | None = None) -> str:
    """asserted | negated | hypothetical | future | historical, from the verb's auxiliaries,
    governors and time phrases (``on`` is the story date)."""
    if _is_negated(verb):
        return "negated"
    auxes = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    governing = _governing_lemmas(verb)
    conditional = any(c.lower_ == "if" for c in _children(verb, "mark"))
    # "said it would boycott": reported "would" is the future of the report, not a condition
    reported_future = "would" in auxes and not conditional and governing & REPORTING_LEMMAS
    if auxes & FUTURE_AUX or ("going" in auxes and "to" in auxes) or governing & PROMISE_LEMMAS:
        return "future"
    if reported_future:
        return "future"
    if auxes & HYPOTHETICAL_AUX or conditional or governing & REQUEST_LEMMAS:
        return "hypothetical"
    return "historical" if _is_historical(verb, on) else "asserted"


def _reciprocal(
    source: tuple[ActorRef, ...], code: str, reason: str
) -> list[tuple[tuple[ActorRef, ...], tuple[ActorRef, ...], str, str]]:
    """ "Gondor and Osgiliath delayed their meeting": a compound subject with no object acts on
    itself, so each member is the source and the others the target."""
    why = f"{reason}; compound subject without object -> reciprocal"
    return [
        ((actor,), tuple(other for other in source if other.code != actor.code), code, why)
        for actor in source
    ]


def _conditional_threat(verb: Any, code: str) -> bool:
    """ "The EC may halt mediation if cooperation founders": a hostile act (CAMEO 12-20)
    made conditional on what the other side does is a threat."""
    if not code[:2].isdigit() or int(code[:2]) < CONFLICT_ROOT or code[:2] == THREAT_ROOT:
        return False
    auxes = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    if not auxes & (HYPOTHETICAL_AUX | FUTURE_AUX):
        return False
    clauses = _children(verb, "advcl")
    return any(m.lower_ in CONDITION_MARKS for c in clauses for m in _children(c, "mark"))


def _as_intent(
    code: str, reason: str, modality: str, intents: Mapping[str, str], *, threat: bool = False
) -> tuple[str, str, str]:
    """ "Finland will give Tanzania a grant" is an announced intent (CAMEO 0331), which did
    happen, not a grant (071) that did not yet: future acts become their intent codes; so do
    hostile acts made conditional ("... if ..."), which are threats."""
    intent = intent_code(code, intents) if modality == "future" or threat else None
    if intent is None:
        return code, reason, modality
    why = "conditional hostile act -> threat" if threat else "announced for the future -> intent"
    return intent, f"{reason}; {why} {intent}", "asserted"


def _drop_reporting(guesses: list[EventGuess], sent: Any) -> list[EventGuess]:
    """Reported speech: "Syria says it will withdraw its troops" is the withdrawal (with Syria as
    its actor), not a statement; a statement (CAMEO 01x) whose reported clause holds another
    event of the sentence is dropped. A statement with nothing coded inside it stays."""
    doc = sent.doc
    triggers = {g.trigger_index for g in guesses}
    kept = []
    for guess in guesses:
        if guess.code.startswith("01"):
            clauses = _children(doc[guess.trigger_index], "ccomp", "parataxis")
            inside = {t.i for clause in clauses for t in clause.subtree}
            if inside & (triggers - {guess.trigger_index}):
                continue
        kept.append(guess)
    return kept


def _can_act(actor: ActorRef) -> bool:
    """A source that can carry an event: a country, a state-like sector, or a named
    transnational organisation (IGO, NGO, armed group, company: ``NGOHRIAMN``, ``IGOUNO``)."""
    return bool(
        actor.country or actor.sector in STATE_LIKE_SECTORS or actor.code[:3] in TRANSNATIONAL
    )


# Dependencies of a noun that heads its own phrase (not "Pakistan" in "Pakistan-linked").
PHRASE_HEAD_DEPS = frozenset(
    {"dobj", "pobj", "nsubj", "nsubjpass", "attr", "appos", "conj", "dative", "oprd"}
)
Dyad = tuple[tuple[ActorRef, ...], tuple[ActorRef, ...], str, str]
# Violence is an event even when the text does not say who did it ("three soldiers were killed
# by a roadside bomb"): these roots keep a known target without a source.
SOURCELESS_ROOTS = frozenset({"18", "19", "20"})


def _demand(token: Any, match: VerbMatch, coder: ActorCoder, lexicon: VerbLexicon) -> Dyad | None:
    """ "Russia said Sudan must return the helicopter": Russia demands (10x) of Sudan."""
    if not is_reported_obligation(token):
        return None
    reporter = reporter_of(token)
    heads = _subject_heads(reporter)[0]
    # "The Red Cross operating in Iraq said": the parser may make a participle the subject
    heads = [
        h for head in heads for h in (_children(head, "nsubj") if head.pos_ == "VERB" else [head])
    ]
    speaker = _actors(heads, coder)
    if not speaker:
        return None
    obliged = _actors(_subject_heads(token)[0], coder) or _dyad(token, match.code, coder)[1]
    code = demand_code(match.code, lexicon.intents)
    why = f"{match.reason}; reported obligation ('{reporter.text} ... must') -> demand {code}"
    return speaker, tuple(a for a in obliged if a not in speaker), code, why


def _dyads(token: Any, match: VerbMatch, coder: ActorCoder) -> list[Dyad]:
    """Source, target, code and reason of each event ``token`` carries (its reverse too)."""
    source, target = _dyad(token, match.code, coder)
    if match.direction == "reverse":
        source, target = target, source
    if not target and len({a.code for a in source}) > 1:
        return _reciprocal(source, match.code, match.reason)
    dyads = [(source, target, match.code, match.reason)]
    if match.reverse_code and source and target:
        back = f"{match.reason}; reverse of [{match.code}:{match.reverse_code}]"
        dyads.append((target, source, match.reverse_code, back))
    return dyads


def _unnamed_doer(verb: Any) -> bool:
    """The clause says an act was done without naming a doer: a passive ("were killed"), or a
    thing as subject ("a roadside bomb killed", "the airstrike that killed"); not "he died"."""
    if _children(verb, "nsubjpass"):
        return True
    subjects = _children(verb, "nsubj")
    if verb.dep_ == "relcl" and subjects and subjects[0].tag_ == "WDT":
        subjects = [verb.head]
    return bool(subjects) and all(s.pos_ == "NOUN" and s.ent_type_ == "" for s in subjects)


def _can_carry(
    verb: Any, source: Sequence[ActorRef], target: Sequence[ActorRef], code: str
) -> bool:
    if any(_can_act(actor) for actor in source):
        return True
    if source or code[:2] not in SOURCELESS_ROOTS or not _unnamed_doer(verb):
        return False
    return any(_can_act(actor) for actor in target)


def find_events(sent: Any, *, lexicon: VerbLexicon, coder: ActorCoder) -> list[EventGuess]:
    """All events in one sentence (a spaCy ``Span``), in trigger order."""
    guesses: list[EventGuess] = []
    for token in sent:
        match = lexicon.match(token) if token.pos_ == "VERB" else None
        if match is None:
            continue
        demand = _demand(token, match, coder, lexicon)
        dyads = [demand] if demand else _dyads(token, match, coder)
        modality = "asserted" if demand else modality_of(token, on=coder.on)
        for src, tgt, act, why in dyads:
            if not _can_carry(token, src, tgt, act):
                continue
            threat = _conditional_threat(token, act)
            code, reason, mood = _as_intent(act, why, modality, lexicon.intents, threat=threat)
            guesses.append(
                EventGuess(
                    trigger_index=token.i,
                    trigger_text=token.text,
                    trigger_start=token.idx,
                    code=code,
                    code_reason=reason,
                    confidence=match.confidence,
                    source=src,
                    target=tgt,
                    modality=mood,
                )
            )
    return _drop_reporting(guesses, sent)
