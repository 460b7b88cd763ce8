"""Toponyms and event locations: place names resolved in context, and where each event happened.

``find_toponyms(doc, gazetteer=...)`` finds the place names of a parsed article
(``polevent.resolve.mentions``), resolves each distinct name against the gazetteer in the
context of the whole article (``polevent.resolve.ranking``) and returns ``Toponym`` records with
their kind (``place``, ``metonym``: "Washington said", ``demonym``: "Afghan"), resolution,
reason and confidence; a street or building the gazetteer lacks is placed at the article's
main town, at low confidence. ``locate_event(verb, toponyms)`` picks the place where the event
whose predicate is ``verb`` happened: a place the verb acts on ("captured Kabul") or a location
phrase attached to the verb, else one describing its subject or object ("the attack in
Pahalgam"), else a location phrase elsewhere in its sentence, else the dateline, else none;
never a place from another sentence.

Weights were set by reading GeoVirus errors (resolution) and event-location misses (mostly
its research-assistant records); ``polevent eval geo`` / ``polevent eval event-location``
measure it on TR-News, GeoWebNews and the RELABEL records.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from polevent.coding.kb import load_agents
from polevent.records import Place, Toponym
from polevent.resolve.gazetteer import Candidate, Gazetteer, normalise_name
from polevent.resolve.mentions import SITE_WORDS, Mention, dateline_span, find_mentions
from polevent.resolve.ranking import (
    COUNTRY_CODES,
    NameGroup,
    Resolution,
    precision_of,
    rank,
)

__all__ = [
    "EventLocation",
    "find_dateline",
    "find_toponyms",
    "geoparse",
    "locate_event",
]

STRONG_POPULATION = 100_000
ACTOR_HINT = 0.5  # an actor's country counts half as much as a place named in the text
STRONG_CODES = COUNTRY_CODES | {"ADM1", "PPLC"}
DIRECT_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "across", "throughout", "from", "into"}
    | {"around", "along", "on", "within", "to", "toward", "towards", "off", "over", "through"}
)
SENTENCE_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "across", "throughout", "around", "along", "within"}
    | {"on"}
)
ARGUMENT_PREPS = SENTENCE_PREPS | {"over", "through"}
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "oprd", "dative"})
MODIFIER_DEPS = frozenset({"compound", "nmod", "amod"})
CLIMB_DEPS = frozenset({"conj", "appos", "compound", "nmod", "poss", "flat"})
# Nouns a place name can modify and still say where the event was ("a Nablus attack").
EVENT_NOUNS = frozenset(
    {"attack", "bombing", "blast", "raid", "explosion", "strike", "airstrike", "massacre"}
    | {"shooting", "clash", "fighting", "protest", "rally", "demonstration", "offensive"}
    | {"siege", "ambush", "riot", "operation", "summit", "talks", "meeting", "visit", "conference"}
    | {"camp", "port", "airport", "base", "crossing", "checkpoint", "border", "prison"}
)
NOUNS = frozenset({"NOUN", "PROPN", "PRON", "NUM", "ADJ"})
# Nouns a country or region can modify and still be a place ("the Syria border").
PLACE_NOUNS = frozenset(
    {"border", "city", "town", "village", "capital", "province", "region", "district", "coast"}
    | {"territory", "side", "soil", "frontier", "countryside", "mainland", "area", "part"}
)
# Verbs whose object (or passive subject) that is a place is where the event happened.
PLACE_VERBS = frozenset(
    {"capture", "raid", "bomb", "storm", "enter", "patrol", "shell", "overrun", "target"}
    | {"attack", "invade", "occupy", "seize", "strike", "besiege", "liberate", "recapture"}
    | {"bombard", "surround", "encircle", "retake", "visit", "tour", "cross", "evacuate"}
    | {"flood", "hit", "rock", "shake", "ravage", "devastate", "control", "blockade"}
    | {"destroy", "damage", "shut", "close", "reach", "leave", "flee", "bombard"}
)
PRECISION_RANK = {"point": 0, "admin2": 1, "admin1": 2, "country": 3, "region": 4}


class _Lookup:
    """Gazetteer lookups memoised for one article."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.memo: dict[str, tuple[Candidate, ...]] = {}

    def __call__(self, name: str) -> tuple[Candidate, ...]:
        key = normalise_name(name)
        found = self.memo.get(key)
        if found is None:
            found = self.gazetteer.lookup(name) if key else ()
            self.memo[key] = found
        return found

    def known(self, name: str) -> bool:
        return bool(self(name))

    def unit(self, name: str) -> bool:
        return any(
            c.feature_code in COUNTRY_CODES or c.feature_code == "ADM1" or c.source == "curated"
            for c in self(name)
        )

    def strong(self, name: str) -> bool:
        return any(
            c.feature_code in STRONG_CODES
            or c.source == "curated"
            or c.population >= STRONG_POPULATION
            for c in self(name)
        )


def find_toponyms(
    doc: Any, *, gazetteer: Gazetteer, countries: Iterable[str] = ()
) -> list[Toponym]:
    """The place names of ``doc``, each resolved in the context of the whole article.

    ``countries`` are ISO-3 codes the article's actors belong to: a hint for ambiguous names.
    Offsets are character offsets into ``doc.text``.
    """
    lookup = _Lookup(gazetteer)
    mentions = find_mentions(doc, known=lookup.known, strong=lookup.strong, unit=lookup.unit)
    groups, group_of = _groups(doc, mentions, lookup)
    hints = {country: ACTOR_HINT for country in countries}
    resolutions = _with_sites(groups, rank(groups, countries=hints), group_of)
    toponyms = [
        _toponym(doc, mention, resolutions[group_of[n]]) for n, mention in enumerate(mentions)
    ]
    return sorted([*toponyms, *_abbreviations(doc, mentions, toponyms)], key=lambda t: t.start)


def _with_sites(
    groups: Sequence[NameGroup], resolutions: Sequence[Resolution], group_of: Sequence[int]
) -> list[Resolution]:
    """Streets and buildings the gazetteer lacks ("Royal Street", "Manila Cathedral") placed at
    the article's main town: the town (or site) it names most often, at lower confidence."""
    counts: dict[int, int] = {}
    for g in group_of:
        counts[g] = counts.get(g, 0) + 1
    towns = [
        g
        for g, r in enumerate(resolutions)
        if r.candidate is not None and r.candidate.feature_class in {"P", "S"}
    ]
    if not towns:
        return list(resolutions)
    main = max(towns, key=lambda g: (counts.get(g, 0), -g))
    town = resolutions[main].candidate
    assert town is not None
    found = list(resolutions)
    for g, group in enumerate(groups):
        words = group.text.split()
        if found[g].candidate is None and len(words) > 1 and words[-1].lower() in SITE_WORDS:
            why = (
                f"not in the gazetteer; a {words[-1].lower()} placed at {town.name}, the "
                f"article's main town ({counts.get(main, 0)} mentions)"
            )
            found[g] = Resolution(
                candidate=town, confidence=0.3, reason=why, considered=0, precision="admin2"
            )
    return found


def _groups(
    doc: Any, mentions: Sequence[Mention], lookup: _Lookup
) -> tuple[list[NameGroup], list[int]]:
    """One ``NameGroup`` per distinct name (demonyms per country) and each mention's group."""
    keys: dict[str, int] = {}
    group_of: list[int] = []
    pairs = _containers(doc, mentions)
    outer = {m for n, m, comma in pairs if comma and mentions[n].kind == "place"}
    mentions = [replace(x, unit=True) if i in outer else x for i, x in enumerate(mentions)]
    for mention in mentions:
        key = _key(mention)
        if mention.kind == "demonym":
            key = f"demonym:{mention.country or key}"
        group_of.append(keys.setdefault(f"unit:{key}" if mention.unit else key, len(keys)))
    within: dict[int, set[int]] = {}
    for n, m, _comma in pairs:
        if group_of[m] != group_of[n]:
            within.setdefault(group_of[n], set()).add(group_of[m])
    peers: dict[int, set[int]] = {}
    for n, m in _list_pairs(doc, mentions, {(n, m) for n, m, comma in pairs if comma}):
        if group_of[m] != group_of[n]:
            peers.setdefault(group_of[n], set()).add(group_of[m])
            peers.setdefault(group_of[m], set()).add(group_of[n])
    groups: list[NameGroup] = []
    firsts = {g: mentions[group_of.index(g)] for g in range(len(keys))}
    for g, mention in firsts.items():
        fixed = None
        if mention.kind == "demonym" and mention.country:
            fixed = lookup.gazetteer.country(mention.country)
        candidates = () if fixed is not None else lookup(mention.name)
        groups.append(
            NameGroup(
                key=_key(mention),
                text=mention.text,
                candidates=candidates,
                within=tuple(sorted(within.get(g, ()))),
                fixed=fixed,
                natural=mention.label == "LOC",
                unit=mention.unit,
                peers=tuple(sorted(peers.get(g, ()))),
            )
        )
    return groups, group_of


def _key(mention: Mention) -> str:
    return normalise_name(mention.name)


def _containers(doc: Any, mentions: Sequence[Mention]) -> list[tuple[int, int, bool]]:
    """``(inner, outer, comma)`` mention pairs where the inner one is written inside the outer
    one: "Kashmir's Pahalgam" (possessive), "Pandi, Bulacan" (the next name after a comma, not
    in a list: ``comma``; the outer name is then an administrative unit or a country, as in
    "Buffalo, New York"), "the port in Iran" (an ``in`` phrase)."""
    owner = {i: n for n, m in enumerate(mentions) for i in range(m.start, m.end)}
    starts = frozenset(m.start for m in mentions)
    pairs: list[tuple[int, int, bool]] = []
    for m, other in enumerate(mentions):
        if other.kind == "demonym":
            continue
        before = owner.get(other.start - 2)
        if (
            before is not None
            and other.start >= 2
            and doc[other.start - 1].text == ","
            and mentions[before].end == other.start - 1
            and not _in_list(doc, mentions[before].start, other.end, starts)
        ):
            pairs.append((before, m, True))
        for token in doc[other.start : other.end]:
            if token.dep_ == "poss":
                inner = owner.get(token.head.i)
            elif token.dep_ == "pobj" and token.head.lower_ == "in":
                inner = owner.get(token.head.head.i)
            else:
                continue
            if inner is not None and inner != m:
                pairs.append((inner, m, False))
    return pairs


_LIST_GAPS = frozenset({("and",), ("or",), (",", "and"), (",", "or"), (",",)})


def _list_pairs(
    doc: Any, mentions: Sequence[Mention], containers: set[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Neighbouring items of a list of names ("Missouri, New Mexico, New York and Ohio"): the
    next place after a comma, "and" or "or", unless the comma makes a container pair."""
    found: list[tuple[int, int]] = []
    places = [n for n, m in enumerate(mentions) if m.kind != "demonym"]
    for n, m in itertools.pairwise(places):
        gap = tuple(t.lower_ for t in doc[mentions[n].end : mentions[m].start])
        if gap in _LIST_GAPS and (n, m) not in containers:
            found.append((n, m))
    return found


def _in_list(doc: Any, start: int, end: int, starts: frozenset[int] = frozenset()) -> bool:
    """The names between ``start`` and ``end`` are items of a list ("Japan, China and Korea"),
    not a place and the unit it lies in ("Pandi, Bulacan"). A comma after them ends the pair
    ("a Paris, Missouri, man") unless another name (one of ``starts``) follows it."""
    before = doc[start - 1].lower_ if start > 0 else ""
    after = doc[end].lower_ if end < len(doc) else ""
    if after == "," and end + 1 not in starts:
        after = ""
    return before in {",", "and", "or"} or after in {",", "and", "or"}


def _place(
    candidate: Candidate,
    *,
    text: str,
    reason: str,
    confidence: float,
    precision: str | None = None,
) -> Place:
    return Place(
        name=candidate.name,
        geonameid=candidate.geonameid,
        lat=candidate.lat,
        lon=candidate.lon,
        admin1=candidate.admin1,
        country=candidate.country,
        feature=candidate.feature_code,
        text=text,
        reason=reason,
        precision=precision or precision_of(candidate),
        confidence=confidence,
    )


def _toponym(doc: Any, mention: Mention, resolution: Resolution) -> Toponym:
    reason = resolution.reason
    if mention.kind == "metonym":
        verb = doc[mention.start : mention.end].root.head
        reason = f"metonym: subject of {verb.text!r}, a government rather than a place; {reason}"
    elif mention.kind == "demonym" and mention.country:
        reason = f"{mention.text!r} is a {reason}"
    elif mention.kind == "demonym":
        reason = f"{mention.text!r} is the adjective of {reason}"
    if mention.query is not None and resolution.candidate is not None:
        reason = f"looked up as {mention.query!r}; {reason}"
    place = None
    if resolution.candidate is not None:
        place = _place(
            resolution.candidate,
            text=mention.text,
            reason=reason,
            confidence=resolution.confidence,
            precision=resolution.precision,
        )
    start = doc[mention.start].idx
    last = doc[mention.end - 1]
    return Toponym(
        text=mention.text,
        start=start,
        end=last.idx + len(last.text),
        kind=mention.kind,
        place=place,
        candidates=resolution.considered,
        reason=reason,
        confidence=resolution.confidence,
    )


def _abbreviations(
    doc: Any, mentions: Sequence[Mention], toponyms: Sequence[Toponym]
) -> list[Toponym]:
    """An abbreviation in brackets right after a place name is that place: "... Kashmir (PoK)"."""
    found: list[Toponym] = []
    taken = {i for m in mentions for i in range(m.start, m.end)}
    for mention, toponym in zip(mentions, toponyms, strict=True):
        end = mention.end
        if end + 2 >= len(doc) or doc[end].text != "(" or doc[end + 2].text != ")":
            continue
        short = doc[end + 1]
        if short.i in taken or not (2 <= len(short.text) <= 6) or not short.text[0].isupper():
            continue
        if toponym.place is None or sum(c.isupper() for c in short.text) < 2:
            continue
        reason = f"abbreviation of {toponym.text!r} (in brackets after it); {toponym.reason}"
        found.append(
            replace(
                toponym,
                text=short.text,
                start=short.idx,
                end=short.idx + len(short.text),
                place=replace(toponym.place, text=short.text, reason=reason),
                reason=reason,
            )
        )
    return found


def find_dateline(doc: Any, toponyms: Sequence[Toponym]) -> Toponym | None:
    """The toponym of the article's opening dateline ("NEW DELHI, May 16 (Reuters) -"), if any."""
    span = dateline_span(doc)
    if span is None:
        return None
    start, end = doc[span[0]].idx, doc[span[1] - 1].idx + len(doc[span[1] - 1])
    return next(
        (t for t in toponyms if start <= t.start and t.end <= end and t.kind == "place"), None
    )


def geoparse(text: str, *, nlp: Any, gazetteer: Gazetteer) -> list[Toponym]:
    """Parse ``text`` with ``nlp`` and return its toponyms (see ``find_toponyms``)."""
    return find_toponyms(nlp(text), gazetteer=gazetteer)


# ---------------------------------------------------------------------------- event location


@dataclass(frozen=True, slots=True, kw_only=True)
class EventLocation:
    """How a toponym relates to an event's verb: ``level`` 0 (attached to the verb) to 2
    (elsewhere in its sentence), and words saying so."""

    level: int
    distance: int
    reason: str


def _attachment(root: Any) -> tuple[Any, Any] | None:
    """``(preposition, its head)`` when the name is (joined to) the object of a preposition.

    "in the city of Nablus", "in the streets of Srinagar" and "in Mogadishu's Yaqshid
    district" count as "in <place>"; "the minister of Afghanistan" does not (an actor noun).
    """
    token = root
    agents = _agent_nouns()
    for _ in range(8):
        if token.dep_ == "pobj":
            prep = token.head
            noun = prep.head
            if prep.lower_ == "of" and noun.pos_ in NOUNS and noun.lemma_.lower() not in agents:
                token = noun
                continue
            return prep, noun
        if token.dep_ not in CLIMB_DEPS or token.head is token:
            return None
        if token.head.lemma_.lower() in agents:
            return None
        token = token.head
    return None


def _top(root: Any) -> Any:
    """The word a name hangs from in its noun phrase: "the streets of Srinagar" -> "streets",
    "six West Bank cities" -> "cities" (through joins, compounds and "of", not actor nouns)."""
    token = root
    agents = _agent_nouns()
    for _ in range(8):
        head = token.head
        if head is token or head.lemma_.lower() in agents:
            return token
        if token.dep_ in CLIMB_DEPS:
            token = head
        elif token.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in NOUNS:
            token = head.head
        else:
            return token
    return token


@functools.cache
def _agent_nouns() -> frozenset[str]:
    """One-word actor nouns ("minister", "police", "people") from the agent dictionary."""
    return frozenset(" ".join(a.words) for a in load_agents() if len(a.words) == 1)


def _relation(verb: Any, span: Any) -> EventLocation | None:
    """Where ``span`` (a place in the verb's sentence) stands relative to the verb."""
    root = span.root
    distance = abs(root.i - verb.i)
    top = _top(root)
    if (
        top.dep_ in {"dobj", "nsubjpass"}
        and top.head.i == verb.i
        and verb.lemma_.lower() in PLACE_VERBS
    ):
        what = span.text if top.i == root.i else f"{top.text} ... {span.text}"
        why = f"{what!r} is what {verb.text!r} acts on (a place)"
        return EventLocation(level=0, distance=distance, reason=why)
    attached = _attachment(root)
    phrase = f"{attached[0].text} {span.text}" if attached else span.text
    if attached is not None and attached[0].lower_ in DIRECT_PREPS:
        head = attached[1]
        if head.i == verb.i:
            return EventLocation(
                level=0, distance=distance, reason=f"{phrase!r} is attached to {verb.text!r}"
            )
        if (
            head.head.i == verb.i
            and head.dep_ in ARGUMENT_DEPS
            and attached[0].lower_ in ARGUMENT_PREPS
        ):
            why = f"{phrase!r} describes {head.text!r}, the {_role(head)} of {verb.text!r}"
            return EventLocation(level=1, distance=distance, reason=why)
    if root.dep_ in MODIFIER_DEPS and root.head.head.i == verb.i:
        head = root.head
        if head.dep_ in ARGUMENT_DEPS and head.lemma_.lower() in EVENT_NOUNS:
            why = f"{span.text!r} modifies {head.text!r}, the {_role(head)} of {verb.text!r}"
            return EventLocation(level=1, distance=distance, reason=why)
    if attached is not None and attached[0].lower_ in SENTENCE_PREPS:
        why = f"{phrase!r} is in the same sentence as {verb.text!r} (not attached to it)"
        return EventLocation(level=2, distance=distance, reason=why)
    return None


def _role(token: Any) -> str:
    return "subject" if token.dep_.startswith("nsubj") else "object"


def _actor_modifier(span: Any, precision: str) -> bool:
    """A country or region written as the modifier of a common noun names who or what, not
    where: "a U.S. airstrike", "the 1967 Middle East war", "near a US convoy" (a town in that
    position is a place: "a Nablus raid")."""
    root = span.root
    return (
        precision in {"country", "region"}
        and root.dep_ in MODIFIER_DEPS
        and root.head.pos_ == "NOUN"
        and root.head.lemma_.lower() not in PLACE_NOUNS
    )


def locate_event(
    verb: Any, toponyms: Sequence[Toponym], *, dateline: Toponym | None = None
) -> Toponym | None:
    """The toponym naming where the event whose predicate is ``verb`` happened, or ``None``.

    Only places (not metonyms or demonyms) in the verb's own sentence count: one attached to the
    verb ("killed ... in Nablus") beats one describing its subject or object ("the attack in
    Pahalgam", "a Nablus raid"), which beats a location phrase elsewhere in the sentence; the
    most precise and then the nearest wins a tie. Else the dateline, else ``None``. The returned
    toponym's ``place`` carries the event-location reason, precision and confidence.
    """
    doc, sent = verb.doc, verb.sent
    best: tuple[tuple[int, int, int], Toponym, EventLocation] | None = None
    for toponym in toponyms:
        if toponym.kind != "place" or not (sent.start_char <= toponym.start < sent.end_char):
            continue
        span = doc.char_span(toponym.start, toponym.end, alignment_mode="expand")
        relation = None if span is None else _relation(verb, span)
        if relation is None:
            continue
        precision = toponym.place.precision if toponym.place else "region"
        if span is not None and toponym.place is not None and _actor_modifier(span, precision):
            continue
        key = (relation.level, PRECISION_RANK.get(precision, 4), relation.distance)
        if best is None or key < best[0]:
            best = (key, toponym, relation)
    if best is not None:
        _, toponym, relation = best
        confidence = (0.9, 0.75, 0.5)[relation.level]
        return _located(toponym, relation.reason, confidence)
    if dateline is not None and dateline.kind == "place":
        return _located(dateline, f"dateline {dateline.text!r} (no place in the sentence)", 0.4)
    return None


def _located(toponym: Toponym, why: str, confidence: float) -> Toponym:
    place = toponym.place
    if place is not None:
        place = replace(
            place,
            reason=f"event location: {why}; {place.reason}",
            confidence=round(confidence * place.confidence, 3),
        )
    return replace(toponym, place=place, reason=f"event location: {why}", confidence=confidence)
