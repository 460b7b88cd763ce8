"""The words and dependency links that place an event in time: which clause a word belongs
to, the "after"/"before"/"during" words that relate two events, the nouns that can name an
event, and which events are background. Used by :mod:`polevent.resolve.dates`; pure functions
over spaCy tokens (no model needed).
"""

from __future__ import annotations

from typing import Any

from polevent.resolve.timex_find import verb_tense

__all__ = [
    "ANAPHORS",
    "ASPECTUAL",
    "COME_LEMMAS",
    "EVENT_NOUNS",
    "LIGHT_VERBS",
    "NEXT_DAY_WORDS",
    "RELATIVE_WORDS",
    "REPORTING",
    "SAME_DAY_WORDS",
    "auxiliaries",
    "background_kind",
    "clause_head",
    "event_names",
    "event_references",
    "event_tense",
    "is_clause",
    "is_definite",
    "is_eventive",
    "is_named",
    "relation_gap",
    "relation_phrase",
    "relation_word",
]

MAX_HOPS = 8

RELATIVE_WORDS = {
    "after": "after",
    "following": "after",
    "since": "after",
    "before": "before",
    "ahead": "before",
    "prior": "before",
    "until": "before",
    "during": "during",
    "while": "during",
    "when": "during",
    "amid": "during",
}


SAME_DAY_WORDS = frozenset(
    {"shortly", "soon", "just", "hours", "minutes", "moments", "immediately", "right", "hour"}
)


NEXT_DAY_WORDS = frozenset({"day"})


COME_LEMMAS = frozenset({"come", "follow"})


ANAPHORS = frozenset({"it", "this", "that"})


LIGHT_VERBS = frozenset({"hold", "have", "make", "conduct", "carry", "stage", "launch", "do"})


EVENT_NOUNS = (
    frozenset({"call", "conversation", "talk", "talks", "discussion", "phone", "telephone"}),
    frozenset({"meeting", "meet", "talks", "summit", "visit", "talk"}),
    frozenset({"attack", "strike", "bombing", "blast", "explosion", "assault", "raid", "bomb"}),
    frozenset({"shooting", "shoot", "gunfire"}),
    frozenset({"killing", "kill", "massacre"}),
    frozenset({"election", "elect", "vote", "poll", "referendum", "ballot"}),
    frozenset({"protest", "demonstration", "rally", "march", "demonstrate"}),
    frozenset({"arrest", "detention", "detain"}),
    frozenset({"earthquake", "quake", "tremor"}),
    frozenset({"crash", "accident", "collision"}),
    frozenset({"fire", "blaze", "wildfire"}),
    frozenset({"storm", "hurricane", "cyclone", "typhoon", "flood", "flooding"}),
    frozenset({"announcement", "announce", "statement", "state"}),
    frozenset({"resignation", "resign"}),
    frozenset({"death", "die"}),
)  # fmt: skip


ASPECTUAL = frozenset({"begin", "start", "end", "continue", "happen", "occur", "take"})


REPORTING = frozenset({"say", "announce", "report", "tell", "confirm", "state", "add"})


def event_tense(verb: Any) -> str | None:
    """The event's tense; a bare participle ("Mitsotakis, speaking on Tuesday, called")
    takes its governing verb's."""
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    bare = verb.tag_ in {"VBG", "VBN"} and not auxiliaries(verb) and verb.head.i != verb.i
    return verb_tense(verb.head if bare and verb.head.pos_ in {"VERB", "AUX"} else verb)


def auxiliaries(verb: Any) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}


def is_clause(token: Any) -> bool:
    return token.pos_ in {"VERB", "AUX"} and token.dep_ not in {"aux", "auxpass", "amod"}


def clause_head(token: Any) -> Any | None:
    """The first predicate at or above ``token`` (the sentence root at the latest)."""
    for _ in range(MAX_HOPS):
        if is_clause(token) or token.head.i == token.i:
            return token
        token = token.head
    return None


def relation_word(token: Any) -> Any | None:
    """The "after"/"before"/"during" word that places ``token`` against another event."""
    if token.dep_ == "pobj" and token.head.lower_ in RELATIVE_WORDS:
        return token.head
    if token.dep_ == "pobj" and token.head.lower_ in {"of", "to"}:
        outer = token.head.head
        return outer if outer.lower_ in {"ahead", "prior"} else None
    if token.dep_ in {"advcl", "pcomp"}:
        marks = [c for c in token.children if c.dep_ in {"mark", "advmod"} and c.lower_ in
                 RELATIVE_WORDS]  # fmt: skip
        if marks:
            return marks[0]
        if token.dep_ == "pcomp" and token.head.lower_ in RELATIVE_WORDS:
            return token.head
    return None


def event_references(verb: Any) -> list[tuple[Any, Any]]:
    """(relation word, other event) pairs placed under ``verb``: "after the attack", "after
    they met", "ahead of the vote"."""
    found: list[tuple[Any, Any]] = []
    superlative = any(t.tag_ in {"JJS", "RBS"} for t in verb.subtree)  # "the deadliest since"
    for child in verb.children:
        if child.lower_ == "since" and superlative:
            continue
        if child.dep_ == "prep" and child.lower_ in RELATIVE_WORDS:
            objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            inner = [o for c in child.children if c.dep_ == "prep" for o in c.children
                     if o.dep_ == "pobj"]  # fmt: skip
            found.extend((child, o) for o in (*objects, *inner) if is_eventive(o))
        elif child.dep_ == "advcl" and relation_word(child) is not None:
            found.append((relation_word(child), child))
    return found


def owned_by_event_noun(token: Any, head: Any) -> bool:
    """An event noun lies between ``token`` (a date) and the clause ``head`` above it: the date
    is that event's ("reported Monday's attack"), unless a light verb makes the noun its act
    ("held talks on Monday")."""
    if head.lemma_.lower() in LIGHT_VERBS:
        return False
    while token.i not in (head.i, token.head.i):
        token = token.head
        if token.i != head.i and token.pos_ == "NOUN" and is_eventive(token):
            return True
    return False


def is_eventive(token: Any) -> bool:
    if token.pos_ in {"VERB", "AUX"}:
        return True
    return token.pos_ == "NOUN" and any(token.lemma_.lower() in g for g in EVENT_NOUNS)


def relation_gap(word: Any) -> str:
    """How far: "same" (shortly/hours after), "day" (a day after), else "open"."""
    words = {t.lower_ for t in word.children} | {t.lower_ for t in word.subtree}
    words |= {t.lower_ for t in word.head.children if t.dep_ in {"npadvmod", "advmod"}}
    if words & SAME_DAY_WORDS:
        return "same"
    if words & NEXT_DAY_WORDS and ("a" in words or "one" in words):
        return "day"
    return "open"


def relation_phrase(word: Any) -> str:
    """The relation word with what measures it: "a day after", "shortly before"."""
    mods = [t for t in word.children if t.i < word.i and t.dep_ in {"npadvmod", "advmod"}]
    if not mods:
        return str(word.text)
    first = min(t.left_edge.i for t in mods)
    return str(word.doc[first : word.i + 1].text)


def event_names(verb: Any) -> frozenset[str]:
    """Nouns that can name the event of ``verb``: its lemma, the object of a light verb
    ("held a phone conversation") and their synonyms."""
    lemmas = {verb.lemma_.lower()}
    if verb.lemma_.lower() in LIGHT_VERBS:
        lemmas |= {c.lemma_.lower() for c in verb.children if c.dep_ == "dobj"}
    names: set[str] = set()
    for group in EVENT_NOUNS:
        if lemmas & group:
            names |= group
    return frozenset(names)


def is_definite(token: Any) -> bool:
    """ "the call", "Monday's talks", "this meeting": a noun that refers back."""
    return any(
        (c.dep_ == "det" and c.lower_ in {"the", "this", "that"}) or c.dep_ == "poss"
        for c in token.children
    )


def background_kind(verb: Any, modality: str | None) -> str | None:
    """Why ``verb`` is a background event, or ``None``."""
    if modality == "historical":
        return "coded historical"
    if verb.pos_ == "NOUN":
        return "an event named by a noun" if is_definite(verb) or is_named(verb) else None
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    if "had" in auxiliaries(verb) and verb.tag_ == "VBN":
        return "past perfect"
    if verb.dep_ in {"relcl", "acl"} and verb_tense(verb) == "past":
        return "past relative clause"
    return None


def is_named(token: Any) -> bool:
    """ "the Pahalgam attack": a noun with a proper-noun modifier."""
    return any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children)
