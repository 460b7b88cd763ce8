"""Inputs that are not files: stdin (``-``) and http(s) URLs, read by sniffing their content.

Content sniffing (also used for stdin): a leading ``{`` is JSON Lines; ``<rss``, ``<feed`` or
``<rdf:RDF`` near the start is a feed; other markup starting with ``<`` is an HTML page;
anything else is plain text (with or without a ``Published :`` line).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO, Literal

from polevent.errors import InputError
from polevent.ingest.decode import check_binary, decode_text
from polevent.ingest.feeds import read_feed
from polevent.ingest.fetch import Fetcher
from polevent.ingest.html import article_from_html
from polevent.ingest.jsonl import iter_jsonl_bytes
from polevent.ingest.source import Item
from polevent.ingest.text import article_from_text

__all__ = ["StdinSource", "UrlSource", "iter_bytes", "sniff"]

Sniffed = Literal["jsonl", "feed", "html", "text"]
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_FEED_TYPES = ("rss", "atom")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def sniff(raw: bytes, *, content_type: str = "") -> Sniffed:
    """What kind of input ``raw`` looks like (``content_type`` from HTTP helps when given)."""
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if _FEED_ROOT.search(head):
        return "feed"
    if content_type in _HTML_TYPES or head.startswith(b"<"):
        return "html"
    if any(kind in content_type for kind in _FEED_TYPES):
        return "feed"
    return "jsonl" if head.startswith(b"{") else "text"


def _feed_items(
    raw: bytes, *, source: str, published: datetime | None, url: str | None, pages: Fetcher | None
) -> Iterator[Item]:
    try:
        entries, problem = read_feed(
            raw, source=source, published=published, url=url, page_fetcher=pages
        )
    except InputError as e:
        yield e
        return
    if not entries and problem is None:
        yield InputError("E101", "feed has no items", path=source)
    for entry in entries:
        yield entry.item
    if problem is not None:
        yield problem


def iter_bytes(
    raw: bytes,
    *,
    source: str,
    published: datetime | None,
    kind: Sniffed,
    url: str | None = None,
    pages: Fetcher | None = None,
) -> Iterator[Item]:
    """Read one in-memory input of a known (or sniffed) kind."""
    if not raw.strip():
        yield InputError("E101", "input is empty or whitespace only", path=source)
        return
    if kind == "feed":
        yield from _feed_items(raw, source=source, published=published, url=url, pages=pages)
        return
    if kind == "jsonl":
        yield from iter_jsonl_bytes(raw, path=source, published=published)
        return
    try:
        check_binary(raw, source=source)
        if kind == "html":
            yield article_from_html(raw, source=source, url=url, published=published)
        else:
            text = decode_text(raw, source=source)
            yield article_from_text(text, source=source, published=published)
    except InputError as e:
        yield e


@dataclass(frozen=True, slots=True, kw_only=True)
class StdinSource:
    """Standard input (``-``): text, JSON Lines, an HTML page or a feed, by content."""

    stream: BinaryIO
    published: datetime | None
    max_bytes: int
    name: str = "<stdin>"

    def read(self) -> Iterator[Item]:
        """Read the whole stream (E108 past ``max_bytes``) and dispatch on its content."""
        raw = self.stream.read(self.max_bytes + 1)
        if len(raw) > self.max_bytes:
            yield InputError("E108", f"more than max_bytes={self.max_bytes} bytes", path=self.name)
            return
        kind = sniff(raw)
        yield from iter_bytes(raw, source=self.name, published=self.published, kind=kind)


@dataclass(frozen=True, slots=True, kw_only=True)
class UrlSource:
    """An http(s) URL: a feed (its items) or a page (one article), by content type and content."""

    url: str
    fetcher: Fetcher
    published: datetime | None
    pages: bool = False

    @property
    def name(self) -> str:
        """The URL as given."""
        return self.url

    def read(self) -> Iterator[Item]:
        """Fetch once (E115 on failure) and read what came back."""
        try:
            fetched = self.fetcher.fetch(self.url)
        except InputError as e:
            yield e
            return
        kind = sniff(fetched.body, content_type=fetched.content_type)
        yield from iter_bytes(
            fetched.body,
            source=self.url,
            published=self.published,
            kind=kind,
            url=fetched.url,
            pages=self.fetcher if self.pages else None,
        )
