"""The ``Store`` protocol every event store backend implements, and the values it returns."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import TracebackType
from typing import Literal, Protocol, Self

from polevent.query.aggregates import ActorTally, DayCount, DyadTally, Level, PlaceTally, Role
from polevent.query.filters import EventFilter
from polevent.records import Article, EventRecord

__all__ = [
    "AcceptResult",
    "AddResult",
    "CountBy",
    "PendingArticle",
    "RecodeRun",
    "RecodeStore",
    "Store",
    "StoreStats",
    "StoredMention",
]

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


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredMention:
    """A stored mention with the event (cluster) it belongs to: the cluster id, why the clusterer
    put it there (``reason``, ``score``; ``None`` when not clustered yet, then the mention is its
    own event) and the ids of every mention of that event, in the order they joined it."""

    record: EventRecord
    cluster_id: str
    reason: str | None
    score: float | None
    mentions: tuple[str, ...]


RunStatus = Literal["pending", "accepted", "rejected"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RecodeRun:
    """One re-coding of a store by one coder and data version. While ``status`` is
    ``"pending"`` its mentions wait next to the current ones; ``articles`` re-coded so far hold
    ``pending`` mentions between them."""

    run_id: str
    coder_version: str
    data_version: str
    forced: bool
    status: RunStatus
    started_at: str
    closed_at: str | None
    articles: int
    pending: int


@dataclass(frozen=True, slots=True, kw_only=True)
class PendingArticle:
    """One article a pending run re-coded: its current mentions and the pending ones that would
    replace them, each by (sentence_index, event_id)."""

    article_id: str
    current: tuple[EventRecord, ...]
    pending: tuple[EventRecord, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class AcceptResult:
    """What accepting a run changed in the current mentions: ``added`` new ids, ``replaced``
    ids kept whose record changed, ``dropped`` ids removed, ``unchanged`` ids left as they were."""

    run_id: str
    articles: int
    added: int
    replaced: int
    dropped: int
    unchanged: int


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

    def dyad_counts(
        self,
        event_filter: EventFilter,
        *,
        among: Sequence[str],
        level: Level = "country",
        count_by: CountBy = "event",
    ) -> list[DyadTally]:
        """For each actor ``a`` in ``among`` what ``actor_counts(replace(event_filter,
        source=a), role="target", level=level, count_by=count_by)`` counts, for every target
        (no ``n``): by ``among`` order, then most events first, ties by target."""
        ...

    def place_counts(self, event_filter: EventFilter, *, digits: int = 4) -> list[PlaceTally]:
        """The placed mentions ``events(event_filter)`` returns (its ``limit`` and ``offset``
        included), grouped by place name and coordinates rounded to ``digits``, with their
        events (clusters); by the position of each place's first mention."""
        ...

    def first_mentions(
        self, event_filter: EventFilter, *, first: date, last: date
    ) -> list[EventRecord]:
        """The first matching mention (by day, then mention id) of each event (cluster) whose
        first matching mention falls on a day in ``first``..``last``, by (day, mention id):
        the events ``day_counts`` counts on those days. ``limit``/``offset`` are ignored."""
        ...

    def cluster_of(self, event_ids: Iterable[str]) -> Mapping[str, str]:
        """Mention id -> event (cluster) id for the stored ones among ``event_ids``."""
        ...

    def mention(self, event_id: str) -> StoredMention | None:
        """The stored mention ``event_id`` with its event (cluster), or ``None``."""
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


class RecodeStore(Store, Protocol):
    """A ``Store`` that keeps a re-coding's mentions pending next to the current ones (see
    ``polevent.recode``). Pending mentions are invisible to every query until accepted."""

    def article(self, article_id: str) -> Article | None:
        """The stored article ``article_id``, or ``None``."""
        ...

    def recode_run(self) -> RecodeRun | None:
        """The pending run, if there is one (at most one is pending at a time)."""
        ...

    def start_recode(self, *, coder_version: str, data_version: str, forced: bool) -> RecodeRun:
        """The pending run of these versions (resumed), or a new one; ``StoreError("E406")``
        when a run of other versions is pending."""
        ...

    def recode_todo(
        self,
        *,
        coder_version: str,
        data_version: str,
        forced: bool,
        run: RecodeRun | None = None,
    ) -> list[str]:
        """Ids of the articles a run of these versions still has to re-code, by (published_at,
        id): not yet re-coded in ``run``, and (unless ``forced``) with a mention of another
        version or no mention and never re-coded by an accepted run of these versions."""
        ...

    def add_pending(self, run: RecodeRun, article_id: str, events: Sequence[EventRecord]) -> int:
        """Store ``events`` as the pending mentions of ``article_id`` in ``run`` (replacing any
        it has there) and mark the article re-coded, in one transaction; how many were stored."""
        ...

    def pending_articles(self, run: RecodeRun) -> list[PendingArticle]:
        """Every article ``run`` re-coded, with its current and pending mentions, by id."""
        ...

    def accept_recode(self, run: RecodeRun) -> AcceptResult:
        """Make the pending mentions of ``run`` current, in one transaction."""
        ...

    def reject_recode(self, run: RecodeRun) -> int:
        """Discard the pending mentions of ``run``; how many were discarded."""
        ...
