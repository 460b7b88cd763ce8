"""The ``Store`` protocol every event store backend implements, and the values it returns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol, Self

from polevent.query.filters import EventFilter
from polevent.records import Article, EventRecord

__all__ = ["AddResult", "Store", "StoreStats"]


@dataclass(frozen=True, slots=True, kw_only=True)
class AddResult:
    """What ``Store.add_article`` wrote: whether the article row was new, how many events were."""

    article_added: bool
    events_added: int


@dataclass(frozen=True, slots=True, kw_only=True)
class StoreStats:
    """Row counts of a store."""

    articles: int
    events: int


class Store(Protocol):
    """An event store: articles and their coded events, written atomically and read back by filter.

    Writes are idempotent on content ids (``Article.id``, ``EventRecord.event_id``): adding the same
    article and events twice adds nothing the second time. Errors are ``StoreError`` (E4xx).
    """

    def add_article(self, article: Article, events: Sequence[EventRecord]) -> AddResult:
        """Write ``article`` and all its ``events`` in one transaction: everything or nothing."""
        ...

    def has_article(self, article_id: str) -> bool:
        """Whether an article with this id is stored (so a re-run can skip it)."""
        ...

    def events(self, event_filter: EventFilter) -> list[EventRecord]:
        """Matching events by (published_at, article_id, sentence_index, event_id); undated last."""
        ...

    def count_events(self, event_filter: EventFilter) -> int:
        """How many events ``events(event_filter)`` returns (its ``limit`` included)."""
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
