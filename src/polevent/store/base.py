"""The ``Store`` protocol every event store backend implements, and the values it returns."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Literal, Protocol, Self

from polevent.query.aggregates import ActorTally, DayCount, Level, Role
from polevent.query.filters import EventFilter
from polevent.records import Article, EventRecord

__all__ = ["AddResult", "CountBy", "Store", "StoreStats"]

CountBy = Literal["event", "mention"]
"""What ``Store.count_events`` counts: real-world events (clusters of mentions) or mentions."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AddResult:
    """What ``Store.add_article`` wrote: whether the article row was new, how many events
    (mentions) were."""

    article_added: bool
    events_added: int


@dataclass(frozen=True, slots=True, kw_only=True)
class StoreStats:
    """Row counts of a store: ``events`` counts mentions (``EventRecord`` rows), ``clusters``
    the real-world events they are grouped into.

    ``clusters`` is left out of ``==`` (it depends on the dedup settings, the rows do not), so
    ``StoreStats(articles=1, events=2)`` still equals the stats of a store with those rows.
    """

    articles: int
    events: int
    clusters: int = field(default=0, compare=False)


class Store(Protocol):
    """An event store: articles and their coded events, written atomically and read back by filter.

    Every stored ``EventRecord`` is a *mention*; ``add_article`` also assigns each new mention to
    an *event* (a cluster of mentions of one real-world event, see ``polevent.dedup``) in the same
    transaction. Writes are idempotent on content ids (``Article.id``, ``EventRecord.event_id``):
    adding the same article and events twice adds nothing the second time. Errors are
    ``StoreError`` (E4xx).
    """

    def add_article(self, article: Article, events: Sequence[EventRecord]) -> AddResult:
        """Write ``article`` and all its ``events`` in one transaction: everything or nothing."""
        ...

    def has_article(self, article_id: str) -> bool:
        """Whether an article with this id is stored (so a re-run can skip it)."""
        ...

    def events(self, event_filter: EventFilter) -> list[EventRecord]:
        """Matching mentions by (published_at, article_id, sentence_index, event_id); undated
        last."""
        ...

    def count_events(self, event_filter: EventFilter, *, by: CountBy = "event") -> int:
        """How many events (distinct clusters) or, with ``by="mention"``, mentions are among the
        mentions ``events(event_filter)`` returns (its ``limit`` included)."""
        ...

    def day_counts(
        self, event_filter: EventFilter, *, count_by: CountBy = "event"
    ) -> list[DayCount]:
        """Matching events (or mentions) per day and quad class, by day; undated ones left out.
        An event counts once, on the day and quad class of its first matching mention."""
        ...

    def actor_counts(
        self,
        event_filter: EventFilter,
        *,
        role: Role | None = None,
        partner_of: str | None = None,
        level: Level = "country",
        count_by: CountBy = "event",
        n: int = 10,
    ) -> list[ActorTally]:
        """The ``n`` actors (by country or code) in the most matching events, most first; with
        ``partner_of``, only actors in the other role of events where that actor takes part."""
        ...

    def cluster_of(self, event_ids: Iterable[str]) -> Mapping[str, str]:
        """Mention id -> event (cluster) id for the stored ones among ``event_ids``."""
        ...

    def articles(self) -> list[Article]:
        """All stored articles, by (published_at, id)."""
        ...

    def stats(self) -> StoreStats:
        """Row counts."""
        ...

    def close(self) -> None:
        """Release the connection; the store cannot be used afterwards."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
