"""Questions users ask the actor knowledge base: who is this name on that day, and which people
did the coder meet that the knowledge base does not know (to extend it)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from polevent.coding.actors import entry_reason
from polevent.coding.kb import ActorEntry, ActorIndex, select_valid
from polevent.records import EventRecord

__all__ = ["ActorLookup", "UnknownActor", "lookup_actor", "unknown_actors"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorLookup:
    """What ``name`` codes as ``on`` a day: the chosen rows (one per knowledge-base id), the
    reason for each, and every row of that name (its history)."""

    name: str
    words: tuple[str, ...]
    on: date | None
    chosen: tuple[ActorEntry, ...]
    reasons: tuple[str, ...]
    history: tuple[ActorEntry, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class UnknownActor:
    """A person the coder met that is not in the knowledge base, with how it was coded."""

    name: str
    mentions: int
    codes: tuple[tuple[str, int], ...]  # code -> mentions, most frequent first
    first_event: str
    example: str


def lookup_actor(
    name: str,
    *,
    on: date | None,
    index: ActorIndex,
    tokenize: Callable[[str], tuple[str, ...]],
) -> ActorLookup:
    """Look ``name`` up as written (the exact name, not a longer one starting with it)."""
    words = tokenize(name)
    history = index.rows(words)
    chosen = tuple(select_valid(history, on=on))
    return ActorLookup(
        name=name,
        words=words,
        on=on,
        chosen=chosen,
        reasons=tuple(entry_reason(row) for row in chosen),
        history=tuple(sorted(history, key=lambda r: (r.kb_id, r.valid_from or date.min))),
    )


def unknown_actors(events: Iterable[EventRecord]) -> tuple[UnknownActor, ...]:
    """People named in ``events`` (as source or target) without a knowledge-base id, most
    mentioned first; each mention counts once even when it is in several events."""
    seen: set[tuple[str, int, int]] = set()
    codes: dict[str, Counter[str]] = {}
    first: dict[str, tuple[str, str]] = {}
    for event in events:
        for actor in (*event.source, *event.target):
            if actor.name is None or actor.kb_id is not None:
                continue
            mention = (event.article_id, actor.start, actor.end)
            if mention in seen:
                continue
            seen.add(mention)
            codes.setdefault(actor.name, Counter())[actor.code] += 1
            first.setdefault(actor.name, (event.event_id, event.evidence.text))
    found = [
        UnknownActor(
            name=name,
            mentions=sum(counter.values()),
            codes=tuple(counter.most_common()),
            first_event=first[name][0],
            example=first[name][1],
        )
        for name, counter in codes.items()
    ]
    return tuple(sorted(found, key=lambda u: (-u.mentions, u.name)))
