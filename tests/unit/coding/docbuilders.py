"""Hand-built spaCy Docs and tiny dictionaries for coding tests (no model needed)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import spacy
from spacy.tokens import Doc

from polevent.coding.actors import ActorCoder, build_agent_index
from polevent.coding.events import VerbLexicon
from polevent.coding.kb import ActorEntry, AgentEntry, build_actor_index
from polevent.coding.ontology import PatternWord, VerbEntry, VerbPattern

# (text, lemma, pos, head index, dep, entity IOB)
Token = tuple[str, str, str, int, str, str]


def make_doc(tokens: Sequence[Token]) -> Doc:
    """A parsed Doc from explicit tokens; one space between tokens except before punctuation."""
    words = [t[0] for t in tokens]
    spaces = [
        i + 1 < len(words) and words[i + 1] not in {".", ",", "'s"} for i in range(len(words))
    ]
    return Doc(
        spacy.blank("en").vocab,
        words=words,
        spaces=spaces,
        lemmas=[t[1] for t in tokens],
        pos=[t[2] for t in tokens],
        heads=[t[3] for t in tokens],
        deps=[t[4] for t in tokens],
        ents=[t[5] for t in tokens],
    )


def _actor(words: str, code: str, kind: str, kb_id: str, **dates: date) -> ActorEntry:
    return ActorEntry(
        words=tuple(words.split()),
        code=code,
        valid_from=dates.get("valid_from"),
        valid_to=dates.get("valid_to"),
        fallback=False,
        kb_id=kb_id,
        kind=kind,
        source="test",
    )


ACTORS = (
    _actor("jaishankar", "INDGOV", "person", "JAISHANKAR", valid_from=date(2019, 5, 30)),
    _actor("muttaqi", "AFGREB", "person", "MUTTAQI", valid_to=date(2021, 9, 6)),
    _actor("muttaqi", "AFGGOV", "person", "MUTTAQI", valid_from=date(2021, 9, 7)),
    _actor("india", "IND", "country", "INDIA"),
    _actor("indian", "IND", "demonym", "INDIA"),
    _actor("pakistan", "PAK", "country", "PAKISTAN"),
    _actor("kabul", "AFG", "capital", "KABUL"),
)
AGENTS = (
    AgentEntry(words=("minister",), code="GOV", position="after", source="test"),
    AgentEntry(words=("police",), code="COP", position="after", source="test"),
    AgentEntry(words=("government",), code="GOV", position="after", source="test"),
)


def _words(*alternatives: str) -> PatternWord:
    return PatternWord(alternatives=frozenset(alternatives), prefix=False)


def _verb(lemma: str, code: str, direction: str = "forward") -> VerbEntry:
    return VerbEntry(
        lemma=lemma, particle=None, code=code, block=lemma.upper(), source="t", direction=direction
    )


def _pattern(lemma: str, code: str, *after: PatternWord) -> VerbPattern:
    return VerbPattern(lemma=lemma, particle=None, code=code, before=(), after=after, source="t:1")


def small_lexicon() -> VerbLexicon:
    """Six verbs, one coded pattern and one blocking pattern."""
    return VerbLexicon(
        verbs={
            "criticise": (_verb("criticise", "111"),),
            "request": (_verb("request", "020"),),
            "recognise": (_verb("recognise", "054"),),
            "welcome": (_verb("welcome", "051"),),
            "receive": (_verb("receive", "0863", direction="reverse"),),
            "visit": (_verb("visit", "042"),),
        },
        patterns={"hold": (_pattern("hold", "041", _words("phone"), _words("conversation")),)},
        blocking={"visit": (_pattern("visit", "---", _words("museum")),)},
    )


def coder_on(day: date | None) -> ActorCoder:
    return ActorCoder(index=build_actor_index(ACTORS), agents=build_agent_index(AGENTS), on=day)
