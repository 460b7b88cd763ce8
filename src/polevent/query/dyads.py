"""Dyadic expansion: one record per (source, target) pair of an event with compound actors.

"India and Pakistan agreed with Nepal ..." is one event whose source lists two actors; dyadic
data (GDELT, ICEWS, most country-pair analyses) want two rows, IND->NPL and PAK->NPL. The
expanded records keep the event's id and evidence, so counting rows counts dyads and counting
distinct ids still counts events.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from polevent.records import ActorRef, EventRecord

__all__ = ["dyadic"]


def dyadic(events: Iterable[EventRecord]) -> list[EventRecord]:
    """Each event once per (source actor, target actor) pair, in order; an empty role stays
    empty (an event with two sources and no target gives two rows)."""
    rows: list[EventRecord] = []
    for event in events:
        sources: list[tuple[ActorRef, ...]] = [(a,) for a in event.source] or [()]
        targets: list[tuple[ActorRef, ...]] = [(a,) for a in event.target] or [()]
        rows += [replace(event, source=s, target=t) for s in sources for t in targets]
    return rows
