"""``watch``: poll RSS/Atom feeds, code the items not seen before, remember what was seen.

What has been seen lives in its own small SQLite file (``seen_items`` table), by default next to
the event store: ``events.db`` → ``events.db.watch.sqlite``. It is separate from the store so the
store's schema and migrations stay the store's; it holds, per feed URL, the key of every item
handled (the item's guid, else its link, else its content id) and when it was first seen. An item
is marked seen once it has been coded, found already stored, skipped (language), or failed for a
reason that a retry cannot fix; items whose page fetch failed (E115) are tried again next round.
Coding goes through ``polevent.api.code``, so a store write is one transaction per article and
a re-run never duplicates an article.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from polevent.api import CodeReport, code
from polevent.errors import InputError, StoreError
from polevent.ingest import ArticlesSource, Fetcher, ReadOptions, UrlFetcher
from polevent.ingest.decode import read_bytes
from polevent.ingest.feeds import FeedEntry, read_feed, with_page
from polevent.ingest.fetch import is_url
from polevent.pipeline import Coder, build_coder

__all__ = [
    "FeedPoll",
    "WatchReport",
    "default_state_path",
    "parse_every",
    "poll_feed",
    "watch",
    "watch_once",
]

_SQLITE_PREFIX = "sqlite:///"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen_items (
    feed TEXT NOT NULL,
    key TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    PRIMARY KEY (feed, key)
)
"""
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RETRY_CODES = frozenset({"E115"})
_MAX_FEED_BYTES = 50_000_000


def parse_every(value: str) -> timedelta:
    """``15m``, ``90s``, ``2h``, ``1d`` (or plain seconds) → ``timedelta``; ``ValueError`` if
    unreadable or not positive."""
    text = value.strip().lower()
    unit = _UNITS.get(text[-1:]) if text else None
    number = text[:-1] if unit is not None else text
    try:
        seconds = float(number) * (unit or 1)
    except ValueError as e:
        raise ValueError(f"{value!r}: expected a duration such as 15m, 90s or 2h") from e
    if not 0 < seconds < 10**9:
        raise ValueError(f"{value!r}: the interval must be positive and finite")
    return timedelta(seconds=seconds)


def default_state_path(db: str | Path) -> Path:
    """The seen-state file beside a SQLite store; ``ValueError`` for other store URLs."""
    text = str(db)
    if text.startswith(_SQLITE_PREFIX):
        text = text[len(_SQLITE_PREFIX) :]
    elif "://" in text or not text or text == ":memory:":
        raise ValueError(f"{db!s}: name a seen-state file (state=...) for this store")
    return Path(text + ".watch.sqlite")


@contextmanager
def _seen_db(path: Path) -> Iterator[sqlite3.Connection]:
    try:
        connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    except sqlite3.Error as e:
        raise StoreError("E401", f"seen-state file: {e}", path=str(path)) from e
    with closing(connection):
        connection.execute(_SCHEMA)
        yield connection


def _seen_keys(connection: sqlite3.Connection, feed: str) -> set[str]:
    rows = connection.execute("SELECT key FROM seen_items WHERE feed = ?", (feed,))
    return {str(key) for (key,) in rows}


def _mark_seen(connection: sqlite3.Connection, feed: str, keys: Sequence[str]) -> None:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with connection:
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(
            "INSERT OR IGNORE INTO seen_items (feed, key, first_seen) VALUES (?, ?, ?)",
            [(feed, key, now) for key in keys],
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedPoll:
    """One feed fetched once: its new entries, how many were already seen, and ``error`` when it
    could not be fetched or parsed (no entries) or was truncated (the entries recovered)."""

    feed: str
    new: tuple[FeedEntry, ...]
    already_seen: int
    error: InputError | None


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchReport:
    """One round of ``watch``: per-feed polls and the ``code`` report of the new items."""

    polls: tuple[FeedPoll, ...]
    coded: CodeReport | None

    @property
    def new_items(self) -> int:
        """Items not seen before, over all feeds."""
        return sum(len(poll.new) for poll in self.polls)


def poll_feed(
    feed: str, *, seen: set[str], fetcher: Fetcher, pages: bool, published: datetime | None
) -> FeedPoll:
    """Fetch ``feed`` (a URL, or a file path) and keep the entries whose key is not in ``seen``
    (with ``pages``, only those get their page fetched)."""
    try:
        if is_url(feed):
            fetched = fetcher.fetch(feed)
            raw, url = fetched.body, fetched.url
        else:
            raw, url = read_bytes(Path(feed), source=feed, max_bytes=_MAX_FEED_BYTES), None
        entries, problem = read_feed(raw, source=feed, published=None, url=url)
    except InputError as e:
        return FeedPoll(feed=feed, new=(), already_seen=0, error=e)
    fresh = [entry for entry in entries if entry.key not in seen]
    if pages:
        fresh = [_with_page(entry, fetcher=fetcher) for entry in fresh]
    if published is not None:
        fresh = [_dated(entry, published) for entry in fresh]
    already = len(entries) - len(fresh)
    return FeedPoll(feed=feed, new=tuple(fresh), already_seen=already, error=problem)


def _with_page(entry: FeedEntry, *, fetcher: Fetcher) -> FeedEntry:
    if entry.link is None or isinstance(entry.item, InputError):
        return entry
    try:
        item = with_page(entry.item, link=entry.link, fetcher=fetcher)
    except InputError as e:
        return FeedEntry(key=entry.key, link=entry.link, item=e)
    return FeedEntry(key=entry.key, link=entry.link, item=item)


def _dated(entry: FeedEntry, published: datetime) -> FeedEntry:
    item = entry.item
    if isinstance(item, InputError) or item.published_at is not None:
        return entry
    return FeedEntry(key=entry.key, link=entry.link, item=replace(item, published_at=published))


def watch_once(
    feeds: Sequence[str],
    *,
    db: str | Path,
    state: str | Path | None = None,
    fetcher: Fetcher | None = None,
    pages: bool = False,
    languages: frozenset[str] | None = frozenset({"en"}),
    published: datetime | None = None,
    coder: Coder | None = None,
) -> WatchReport:
    """Poll every feed once, code the items not seen before into ``db`` and mark them seen.

    ``state`` is the seen-state SQLite file (default ``default_state_path(db)``); ``fetcher``
    fetches feeds and pages (default ``UrlFetcher()``: 20 s timeout, polevent User-Agent);
    ``pages`` codes each new item's linked page instead of its summary. A feed that cannot be
    fetched or parsed is reported in its ``FeedPoll.error`` and the other feeds go on.
    """
    active = fetcher or UrlFetcher()
    state_path = Path(state) if state is not None else default_state_path(db)
    with _seen_db(state_path) as connection:
        polls = tuple(
            poll_feed(
                feed,
                seen=_seen_keys(connection, feed),
                fetcher=active,
                pages=pages,
                published=published,
            )
            for feed in feeds
        )
        sources = [
            ArticlesSource.of(poll.feed, (entry.item for entry in poll.new))
            for poll in polls
            if poll.new
        ]
        coded = None
        if sources:
            reading = ReadOptions(languages=languages)
            coded = code(sources, db=db, keep_going=True, coder=coder, reading=reading)
        for poll in polls:
            done = [entry.key for entry in poll.new if not _retry(entry)]
            if done:
                _mark_seen(connection, poll.feed, done)
    return WatchReport(polls=polls, coded=coded)


def _retry(entry: FeedEntry) -> bool:
    return isinstance(entry.item, InputError) and entry.item.code in _RETRY_CODES


def watch(
    feeds: Sequence[str],
    *,
    db: str | Path,
    every: timedelta,
    rounds: int | None = None,
    state: str | Path | None = None,
    fetcher: Fetcher | None = None,
    pages: bool = False,
    languages: frozenset[str] | None = frozenset({"en"}),
    published: datetime | None = None,
    coder: Coder | None = None,
    on_round: Callable[[WatchReport], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Run ``watch_once`` every ``every``, ``rounds`` times (forever when ``None``).

    The coder is built once (``build_coder()`` unless ``coder`` is given) and shared by every
    round; ``on_round`` gets each round's report; a round that took longer than ``every``
    starts the next one at once. Other options are ``watch_once``'s.

    >>> every = parse_every("15m")
    >>> watch(["https://example.org/feed.xml"], db="events.db", every=every)  # doctest: +SKIP
    """
    active = coder or build_coder()
    done = 0
    while rounds is None or done < rounds:
        started = time.monotonic()
        report = watch_once(
            feeds,
            db=db,
            state=state,
            fetcher=fetcher,
            pages=pages,
            languages=languages,
            published=published,
            coder=active,
        )
        done += 1
        if on_round is not None:
            on_round(report)
        if rounds is None or done < rounds:
            sleep(max(0.0, every.total_seconds() - (time.monotonic() - started)))
