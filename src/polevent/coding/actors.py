"""Actor coding: noun phrases in a parsed sentence -> CAMEO actor codes with reasons.

The pure core is ``ActorCoder.resolve(token)``: given the head token of a noun phrase, it looks
the phrase's words up in the dated actor index (people, organisations, countries, demonyms,
capitals) and the agent dictionary (minister, army, police ...) and returns an ``ActorRef`` or
``None``. ``ActorCoder`` bundles the two indexes and the story date; ``observe(doc)`` codes the
people the article names, so that "he" and "his" can point back at the last one named before them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from polevent.coding.kb import (
    TRANSNATIONAL,
    ActorEntry,
    ActorIndex,
    AgentEntry,
    AgentIndex,
    build_agent_index,
    iso_codes,
    split_actor_code,
    stored_word,
)
from polevent.nlp.text import entity_spans
from polevent.records import ActorRef

__all__ = ["ActorCoder", "AgentIndex", "build_agent_index", "entry_reason"]

# Dependents that stay inside a noun phrase for actor lookup (not clauses, not prepositions).
NP_DEPS = frozenset(
    {"compound", "amod", "nmod", "poss", "case", "det", "nummod", "npadvmod", "punct"}
)
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
RELATIVE_PRONOUNS = frozenset({"which", "who", "whom", "that", "whose"})
KIND_RANK = {"person": 0, "organisation": 1, "group": 1, "country": 2, "capital": 2, "demonym": 3}
ACTOR_KINDS = frozenset(KIND_RANK)
NO_COUNTRY = "---"
# Definite nouns that point back at the government or office already named ("the regime", "the
# minister"); "the embassy" or "the police" usually belong to someone else and are left alone.
ANAPHOR_HEADS = frozenset(
    {"regime", "government", "administration", "minister", "president", "premier", "junta"}
)
NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
MAX_NAME_WORDS = 8
HOME_KINDS = frozenset({"place", "country", "capital", "demonym"})
# Country and place names that are also everyday words, ignored in text written without capitals.
COMMON_WORD_NAMES = frozenset(
    {"us", "chad", "turkey", "jordan", "georgia", "niger", "china", "guinea"}
)
CONTEXT_PREPS = frozenset({"of", "from", "in"})
PLACE_KINDS = frozenset({"country", "capital"})
# Nouns of acts: an agent noun modifying one names the weapon, not the actor ("drone attacks").
ACT_NOUNS = frozenset(
    [
        "attack",
        "strike",
        "airstrike",
        "raid",
        "bombing",
        "shelling",
        "fire",
        "operation",
        "offensive",
        "assault",
        "incursion",
        "fuel",
    ]
)
HYPHENS = frozenset({"-", "\u2013"})
ETHNIC_GROUP = AgentEntry(
    words=("ethnic",),
    code="CVL",
    position="after",
    source="polevent: 'ethnic <nationality>' is an ethnic group, coded as civilians",
)


@dataclass(frozen=True, slots=True)
class _Hit:
    """One dictionary match inside a noun phrase."""

    entry: ActorEntry | None
    agent: AgentEntry | None
    start: int  # token index of the first matched word
    end: int  # token index after the last matched word


def _np_tokens(head: Any) -> list[Any]:
    """The head and its noun-phrase dependents (recursively), in text order."""
    tokens = [head]
    stack = [head]
    while stack:
        for child in stack.pop().children:
            if child.is_space:
                continue
            if child.dep_ in NP_DEPS and (child.dep_ != "punct" or child.text in HYPHENS):
                tokens.append(child)
                stack.append(child)
    return sorted(tokens, key=lambda t: t.i)


def _cased(tokens: Sequence[Any]) -> bool:
    """Names are written with a capital: "Turkey", "US", not "turkey" or "us"."""
    return any(t.text[:1].isupper() for t in tokens)


def _word(token: Any) -> str:
    return stored_word(token.lower_)


def entry_reason(entry: ActorEntry) -> str:
    """Why a dictionary row codes a name: its words, kind, code, file:line and dates."""
    dates = ""
    if entry.valid_from or entry.valid_to:
        dates = f", valid {entry.valid_from or ''}..{entry.valid_to or ''}"
    elif entry.fallback:
        dates = ", undated fallback"
    return f"{' '.join(entry.words)!r}: {entry.kind} {entry.code} ({entry.source}{dates})"


@dataclass(slots=True)
class ActorCoder:
    """Codes noun phrases to actors for one article; remembers the last person named."""

    index: ActorIndex
    agents: AgentIndex
    on: date | None
    persons: list[tuple[int, ActorRef]] = field(default_factory=list)
    lower_case_text: bool = False
    home: tuple[str, int] | None = None
    named: list[tuple[int, ActorRef]] = field(default_factory=list)
    sentence_countries: dict[int, set[str]] = field(default_factory=dict)
    # Once ``observe(doc)`` is done, what a head of that Doc resolves to is fixed: kept here.
    observed: Any = field(default=None, repr=False, compare=False)
    memo: dict[int, ActorRef | None] = field(default_factory=dict, repr=False, compare=False)

    def observe(self, doc: Any) -> None:
        """Code every named person in ``doc`` once, in text order, for pronoun resolution, and
        note whether the text is written without capitals (then names need none)."""
        self.observed, self.memo = None, {}
        words = [t for t in doc if t.is_alpha]
        self.lower_case_text = bool(words) and all(t.is_lower for t in words)
        self.home = self._home_country(doc)
        self.persons = []
        self.named = []
        self.sentence_countries = {}
        for ent in doc.ents:
            if ent.label_ not in NAMED_LABELS:
                continue
            actor = self.resolve(ent.root)
            if actor is not None and actor.country is not None:
                self.named.append((ent.root.i, actor))
            # a pronoun's antecedent: a known person, or an unknown one named with a role
            # ("Prime Minister X"); not whatever the tagger called a person ("Hagia Sophia")
            if ent.label_ != "PERSON" or actor is None or actor.name is None:
                continue
            if actor.kb_id or actor.sector:
                self.persons.append((ent.root.i, actor))
        self.observed = doc

    def _countries(self, span: Any) -> Counter[str]:
        """How often ``span`` names each country (places, countries, demonyms)."""
        counts: Counter[str] = Counter()
        words = [_word(t) for t in span]
        i = 0
        while i < len(span):
            names = self.index.lookup(words[i : i + MAX_NAME_WORDS], on=self.on)
            size = len(names[0].words) if names else 1
            ethnic = i > 0 and words[i - 1] == "ethnic"  # "ethnic Albanians" in Serbia
            named = names and self._written_as_name(span[i : i + size]) and not ethnic
            if named and names[0].kind in HOME_KINDS:
                country, _ = split_actor_code(names[0].code)
                counts.update([country] if country else [])
            i += size
        return counts

    def _home_country(self, doc: Any) -> tuple[str, int] | None:
        """The one country an article names (places, countries, demonyms), with its count,
        when it names no other and names it at least twice."""
        counts = self._countries(doc)
        # Only a one-country story: in "India and Afghanistan ...", "the regime" may be either.
        if len(counts) != 1:
            return None
        [(country, mentions)] = counts.items()
        return (country, mentions) if mentions >= 2 else None

    def _written_as_name(self, span: Any) -> bool:
        if self.lower_case_text:
            return span.text not in COMMON_WORD_NAMES
        return _cased(list(span))

    def _antecedent(self, head: Any, actor: ActorRef | None) -> ActorRef | None:
        """ "the regime", "the minister": a definite agent with no country is the last named
        actor of the same sector before it in the article."""
        if actor is None or actor.country is not None or actor.sector is None:
            return actor
        if head.lemma_.lower() not in ANAPHOR_HEADS or head.lower_ != head.lemma_.lower():
            return actor  # "the foreign ministers" (plural) are several, not the one named
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            return actor
        earlier = [a for i, a in self.named if i < head.i and (a.sector or "")[:3] == actor.sector]
        if not earlier:
            return actor
        last = earlier[-1]
        why = f"'the {head.lower_}' -> last named {actor.sector} actor {last.text!r}"
        reason = f"{actor.reason}; {why}: {last.reason}"
        return replace(
            actor,
            code=last.code,
            country=last.country,
            name=last.name,
            kb_id=last.kb_id,
            reason=reason,
            confidence=0.5,
        )

    def _at_home(self, actor: ActorRef | None) -> ActorRef | None:
        """An agent with no country ("the police") in an article about one country gets it."""
        if actor is None or actor.country is not None or self.home is None or actor.kb_id:
            return actor
        country, mentions = self.home
        why = f"country {country} from the article (named {mentions} times)"
        return _placed(actor, country, why, confidence=0.35)

    def hits(self, tokens: Sequence[Any]) -> list[_Hit]:
        """Dictionary matches (actors and agents) in a run of tokens, longest match first."""
        words = [_word(t) for t in tokens]
        found: list[_Hit] = []
        i = 0
        while i < len(tokens):
            names = self.index.lookup(words[i:], on=self.on)
            span = tokens[i : i + len(names[0].words)] if names else ()
            if names and not self.lower_case_text and not _cased(span):
                names = []
            entries = [e for e in names if e.kind in ACTOR_KINDS and e.code != NO_COUNTRY]
            agent = self.agents.match(words[i:])
            size = len(names[0].words) if names else len(agent.words) if agent else 1
            if entries:
                found.append(_Hit(entries[0], None, tokens[i].i, tokens[i + size - 1].i + 1))
            elif agent is not None and not names:
                found.append(_Hit(None, agent, tokens[i].i, tokens[i + size - 1].i + 1))
            i += size
        return found

    def resolve(self, head: Any) -> ActorRef | None:
        """The actor a noun phrase names, or ``None`` when the dictionaries know nothing of it
        (remembered per head once ``observe`` has seen its Doc)."""
        if self.observed is None or head.doc is not self.observed:
            return self._resolve(head)
        if head.i not in self.memo:
            self.memo[head.i] = self._resolve(head)
        return self.memo[head.i]

    def _resolve(self, head: Any) -> ActorRef | None:
        if head.lower_ in PERSON_PRONOUNS:
            return self._pronoun(head)
        if head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
            return self.resolve(head.head.head)
        tokens = self._name_tokens(head)
        hits = _ethnic(self.hits(tokens), head.doc)
        possessors = [c for c in head.children if c.dep_ == "poss"]
        if possessors and not any(h.start <= head.i < h.end for h in hits):
            # The head noun names no actor, its possessor may: "Muttaqi's rejection" -> Muttaqi.
            return self.resolve(possessors[0])
        if head.pos_ == "NOUN" and not any(h.start <= head.i < h.end for h in hits):
            # "a Kabul car bombing": a place name modifying a thing is not a government actor,
            # and "drone attacks" are acts, not the military (but "army bulldozers" are).
            act = head.lemma_.lower() in ACT_NOUNS
            hits = [
                h
                for h in hits
                if (h.entry is None or h.entry.kind not in PLACE_KINDS)
                and not (act and h.agent is not None)
            ]
        # "in Fornost" tells where a name or a role is from ("lawmakers in Fornost"); it does
        # not make a thing an actor ("an attack ... in south Ithilen", "peace in Ithilen").
        named = head.pos_ == "PROPN" or any(h.agent is not None for h in hits)
        extra = [] if _has_country(hits) else self._context_hits(head, places=named)
        actor = self._at_home(self._antecedent(head, _combine(hits, extra, tokens)))
        return self._in_sentence(head, self._short_form(head, actor))

    def _in_sentence(self, head: Any, actor: ActorRef | None) -> ActorRef | None:
        """An agent with no country ("Darfur rebels", "President Laurent Gbagbo" unknown to the
        knowledge base) in a sentence that names exactly one country gets that country."""
        if actor is None or actor.country is not None or actor.sector is None or actor.kb_id:
            return actor  # a named organisation without a country (BBC, Amnesty) keeps none
        sent = head.sent
        if sent.start not in self.sentence_countries:
            self.sentence_countries[sent.start] = set(self._countries(sent))
        countries = self.sentence_countries[sent.start]
        if len(countries) != 1 or countries & TRANSNATIONAL:
            return actor
        [country] = countries
        why = f"country {country}: the only country its sentence names"
        return _placed(actor, country, why, confidence=0.3)

    def _name_tokens(self, head: Any) -> list[Any]:
        """The noun phrase of ``head``, extended over an "of" phrase when a known name spans it
        ("The People's Republic of China", "the Bank of England")."""
        tokens = _np_tokens(head)
        for prep in head.children:
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            if prep.dep_ != "prep" or prep.lower_ != "of" or not objects:
                continue
            longer = sorted([*tokens, prep, *_np_tokens(objects[0])], key=lambda t: t.i)
            if [t.i for t in longer] != list(range(longer[0].i, longer[-1].i + 1)):
                continue  # not one contiguous phrase
            if any(h.entry and h.start < prep.i < h.end for h in self.hits(longer)):
                return longer
        return tokens

    def resolve_many(self, head: Any) -> list[ActorRef]:
        """Like ``resolve``, but "Hungarian and Romanian officials" or "French and Egyptian
        warships" (coordinated countries modifying one noun) are one actor per country."""
        tokens = _np_tokens(head)
        modifiers = [
            c
            for t in tokens
            if t.dep_ in {"amod", "compound", "nmod"}
            for c in t.children
            if c.dep_ == "conj"
        ]
        if not modifiers and not _lists_countries(head):
            actor = self.resolve(head)  # the common case: no dictionary lookups twice
            return [] if actor is None else [actor]
        hits = self.hits(sorted([*tokens, *modifiers], key=lambda t: t.i))
        countries = _coordinated(hits, head.doc)
        if len(countries) < 2:
            listed = self._context_list(head, hits)
            if listed:
                return listed
            actor = self.resolve(head)
            return [] if actor is None else [actor]
        agents = [h.agent for h in hits if h.agent is not None]
        span = head.doc[tokens[0].i : tokens[-1].i + 1]
        found = [_make_ref(span, h.entry, agents[-1] if agents else None) for h in countries]
        return [replace(a, reason=f"{a.reason}; one of coordinated countries") for a in found if a]

    def _context_list(self, head: Any, hits: Sequence[_Hit]) -> list[ActorRef]:
        """ "the ambassadors of Arnor, Osgiliath and Gondor", "lawmakers in India and Pakistan":
        a role of several countries is one actor per country."""
        agents = [h.agent for h in hits if h.agent is not None]
        if _has_country(hits) or not agents:
            return []
        for child in head.children:
            objects = [o for o in child.children if o.dep_ == "pobj"]
            if child.dep_ != "prep" or child.lower_ not in CONTEXT_PREPS or not objects:
                continue
            members = [objects[0], *_conjuncts(objects[0])]
            entries = [self._entry_of(member) for member in members]
            if len(members) < 2 or None in entries:
                return []
            span = head.doc[head.left_edge.i : head.right_edge.i + 1]
            found = [_make_ref(span, entry, agents[-1]) for entry in entries]
            return [replace(a, reason=f"{a.reason}; one of listed countries") for a in found if a]
        return []

    def _entry_of(self, token: Any) -> ActorEntry | None:
        entries = [h.entry for h in self.hits(_np_tokens(token)) if h.entry is not None]
        return entries[0] if entries else None

    def _short_form(self, head: Any, actor: ActorRef | None) -> ActorRef | None:
        """ "Jaishankar" after "S Jaishankar", "Johnson" after "Boris Johnson": a name the
        knowledge base does not know is the earlier named person with that surname."""
        if head.pos_ != "PROPN" or (actor is not None and actor.kb_id is not None):
            return actor
        earlier = [
            a
            for i, a in self.persons
            if i < head.i
            and a.kb_id is not None
            and (a.name or "").lower().split()[-1:] == [head.lower_]
        ]
        if not earlier:
            return actor
        last = earlier[-1]
        span = head.doc[head.i : head.i + 1] if actor is None else None
        return replace(
            last,
            text=head.text if span is not None else actor.text,  # type: ignore[union-attr]
            start=head.idx if span is not None else actor.start,  # type: ignore[union-attr]
            end=head.idx + len(head) if span is not None else actor.end,  # type: ignore[union-attr]
            reason=f"short form of {last.name!r} named before; {last.reason}",
            confidence=round(last.confidence * 0.9, 3),
        )

    def _context_hits(self, head: Any, *, places: bool = True) -> list[_Hit]:
        """Country clues from an appositive or an ``of``/``from``/``in`` phrase: "minister of
        Afghanistan", "soldiers from Gondor", "lawmakers in Fornost" (``in`` only with
        ``places``)."""
        preps = CONTEXT_PREPS if places else CONTEXT_PREPS - {"in"}
        found: list[_Hit] = []
        for child in head.children:
            if child.dep_ == "appos":
                found += self.hits(_np_tokens(child))
                found += self._context_hits(child)
            elif child.dep_ == "prep" and child.lower_ in preps:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        found += self.hits(_np_tokens(obj))
        return found

    def _pronoun(self, token: Any) -> ActorRef | None:
        before = [actor for i, actor in self.persons if i < token.i]
        if not before:
            return None
        last = before[-1]
        return ActorRef(
            text=token.text,
            code=last.code,
            country=last.country,
            sector=last.sector,
            name=last.name,
            kb_id=last.kb_id,
            reason=f"pronoun {token.text!r} -> last named person {last.name!r}; {last.reason}",
            start=token.idx,
            end=token.idx + len(token.text),
            confidence=round(last.confidence * 0.8, 3),
        )


def _lists_countries(head: Any) -> bool:
    """``head`` has an of/from/in phrase whose object is coordinated ("navies of China and
    India"): the only shape ``_context_list`` can split."""
    return any(
        prep.dep_ == "prep" and prep.lower_ in CONTEXT_PREPS and bool(_conjuncts(obj))
        for prep in head.children
        for obj in prep.children
        if obj.dep_ == "pobj"
    )


def _ethnic(hits: list[_Hit], doc: Any) -> list[_Hit]:
    """ "ethnic Albanians in south Serbia": a nationality after "ethnic" names an ethnic group
    (civilians), not that country; the country comes from the context, if any."""
    found: list[_Hit] = []
    for hit in hits:
        kind = hit.entry.kind if hit.entry is not None else None
        if kind == "demonym" and hit.start > 0 and doc[hit.start - 1].lower_ == "ethnic":
            found.append(_Hit(None, ETHNIC_GROUP, hit.start, hit.end))
        else:
            found.append(hit)
    return found


def _placed(actor: ActorRef, country: str, why: str, *, confidence: float) -> ActorRef:
    """``actor``, an agent with no country, given the CAMEO ``country`` (for ``why``)."""
    return replace(
        actor,
        code=f"{country}{actor.sector or ''}",
        country=iso_codes().get(country, country),
        reason=f"{actor.reason}; {why}",
        confidence=confidence,
    )


def _conjuncts(token: Any) -> list[Any]:
    """The nouns coordinated with ``token`` ("Arnor, Osgiliath and Gondor"), in order."""
    found: list[Any] = []
    for child in token.children:
        if child.dep_ == "conj":
            found += [child, *_conjuncts(child)]
    return found


def _coordinated(hits: Sequence[_Hit], doc: Any) -> list[_Hit]:
    """Country or demonym hits joined by a conjunction ("Hungarian and Romanian"), in order."""
    places = [h for h in hits if h.entry is not None and h.entry.kind in {"country", "demonym"}]
    starts = {h.start: h for h in places}
    joined = {
        h.start for h in places if doc[h.start].dep_ == "conj" and doc[h.start].head.i in starts
    }
    heads = {doc[i].head.i for i in joined}
    return [h for h in places if h.start in joined or h.start in heads]


def _has_country(hits: Sequence[_Hit]) -> bool:
    return any(h.entry is not None for h in hits)


def _combine(hits: Sequence[_Hit], extra: Sequence[_Hit], tokens: Sequence[Any]) -> ActorRef | None:
    """Pick the best entry and agent among the hits and build the ActorRef."""
    entries = [h for h in hits if h.entry is not None] or [h for h in extra if h.entry is not None]
    agents = [h for h in hits if h.agent is not None] or [h for h in extra if h.agent is not None]
    if not entries and not agents:
        return None
    last = max(t.i for t in tokens if t.dep_ != "case" or t is tokens[0])
    span = tokens[0].doc[tokens[0].i : last + 1]
    best = min(entries, key=lambda h: KIND_RANK[h.entry.kind]) if entries else None  # type: ignore[union-attr]
    agent = agents[-1].agent if agents else None
    return _make_ref(span, best.entry if best else None, agent)


def _trimmed(span: Any) -> Any:
    """``span`` without punctuation, symbols or spaces at its edges (``"> India`` -> ``India``);
    unchanged when nothing else is left."""
    start, end = span.start, span.end
    while start < end and _edge_junk(span.doc[start]):
        start += 1
    while end > start and _edge_junk(span.doc[end - 1]):
        end -= 1
    if start == end or (start, end) == (span.start, span.end):
        return span
    return span.doc[start:end]


def _edge_junk(token: Any) -> bool:
    """Punctuation, spaces and symbols ("> tagged X): tokens with no letter or digit."""
    return not any(character.isalnum() for character in token.text)


def _make_ref(span: Any, entry: ActorEntry | None, agent: AgentEntry | None) -> ActorRef | None:
    span = _trimmed(span)
    reasons: list[str] = []
    code, name, kb_id, confidence = NO_COUNTRY, None, None, 0.5
    if entry is not None:
        code = entry.code
        reasons.append(entry_reason(entry))
        confidence = 0.9 if entry.kind in {"person", "organisation", "group"} else 0.8
        if entry.kind == "person":
            name, kb_id = span.text, entry.kb_id
        elif entry.kind in {"organisation", "group"}:
            kb_id = entry.kb_id
    country, sector = split_actor_code(code) if code != NO_COUNTRY else (None, None)
    country = iso_codes().get(country, country) if country else country  # TMP -> TLS
    if sector is None and agent is not None:
        sector = agent.code
        # PETRARCH's [NGO~] agents go before the country ("MSF Arnor" -> NGOARN)
        before = agent.position == "before" and code != NO_COUNTRY
        code = f"{agent.code}{code}" if before else f"{code}{agent.code}"
        reasons.append(f"agent {' '.join(agent.words)!r} -> {agent.code} ({agent.source})")
    elif sector is None and entry is not None and entry.kind in {"country", "capital"}:
        sector = "GOV"
        code = f"{code}GOV"
        reasons.append(f"{entry.kind} name as actor -> government")
    elif sector is None and entry is not None and entry.kind == "demonym" and _people(span):
        sector = "CVL"  # "Nigerians protested": the people, not the state
        code = f"{code}CVL"
        reasons.append("people named by their nationality -> civilians")
    if country is None and entry is None:
        return None if agent is None else _agent_only(span, agent)
    if name is None and (unknown := _unknown_person(span)):
        name = unknown
        reasons.append(f"person {unknown!r} is not in the knowledge base (new)")
    return ActorRef(
        text=span.text,
        code=code,
        country=country,
        sector=sector,
        name=name,
        kb_id=kb_id,
        reason="; ".join(reasons),
        start=span.start_char,
        end=span.end_char,
        confidence=confidence,
    )


def _people(span: Any) -> bool:
    """The phrase is headed by a plural nationality noun ("Nigerians", "young Algerians")."""
    return str(span.root.tag_) in {"NNPS", "NNS"} and span.root.text[:1].isupper()


def _unknown_person(span: Any) -> str | None:
    """The name of a person the text names inside ``span`` ("Kyrgyz Prime Minister Nikolai
    Tanaev" -> "Nikolai Tanaev") when the span was coded from something else."""
    root, people = span.root.i, entity_spans(span.doc, "PERSON")
    found = [text for start, end, text in people if span.start <= start <= root < end <= span.end]
    return found[-1] if found else None


def _agent_only(span: Any, agent: AgentEntry) -> ActorRef:
    reason = f"agent {' '.join(agent.words)!r} -> {agent.code} ({agent.source}); country unknown"
    name = _unknown_person(span)
    if name is not None:
        reason += f"; person {name!r} is not in the knowledge base (new)"
    return ActorRef(
        text=span.text,
        code=f"{NO_COUNTRY}{agent.code}",
        country=None,
        sector=agent.code,
        name=name,
        kb_id=None,
        reason=reason,
        start=span.start_char,
        end=span.end_char,
        confidence=0.4,
    )
