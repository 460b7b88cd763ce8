"""The reader contract: a ``Source`` yields ``Article`` values, an ``InputError`` per bad input
and a ``Skipped`` per input that was read but is deliberately not coded (another language, a
crawled page without article text).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol, TypeAlias

from polevent.errors import InputError
from polevent.records import Article

__all__ = ["ArticlesSource", "Item", "Skipped", "Source"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Skipped:
    """An input read but not coded: ``kind`` is ``language`` or ``no-text``; ``reason`` in words.

    ``language`` is the detected ISO 639-1 code for ``kind == "language"``, else ``None``.
    """

    source: str
    kind: str
    reason: str
    language: str | None = None


Item: TypeAlias = Article | InputError | Skipped


class Source(Protocol):
    """Anything that reads articles: ``name`` for messages, ``read()`` does the I/O."""

    @property
    def name(self) -> str:
        """How errors and reports name this source."""
        ...

    def read(self) -> Iterator[Item]:
        """Yield the articles, errors and skips of this source, in a stable order."""
        ...


@dataclass(frozen=True, slots=True)
class ArticlesSource:
    """Items already in memory (articles from a feed poll, a test) as a ``Source``."""

    name: str
    items: tuple[Item, ...]

    @classmethod
    def of(cls, name: str, items: Iterable[Item]) -> ArticlesSource:
        """Build from any iterable of items."""
        return cls(name, tuple(items))

    def read(self) -> Iterator[Item]:
        """Yield the items as given."""
        yield from self.items
