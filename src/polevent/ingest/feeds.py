"""RSS and Atom feeds (``.rss``, ``.atom``, ``.xml``, or an http(s) URL) → one ``Article`` per item.

An item's article is its title followed by its content (or summary) as plain text; its date is
``published`` (else ``updated``, else the caller's default); its URL is the item link. With
``pages`` the linked page is fetched and its main text (trafilatura) replaces the summary.
Items are named ``FEED#N`` (N counts from 1). feedparser is always given bytes, never a URL, so
it never fetches on its own.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

from polevent.errors import InputError
from polevent.ids import article_id
from polevent.ingest.decode import check_binary, normalise_text
from polevent.ingest.fetch import Fetcher
from polevent.ingest.html import article_from_html
from polevent.records import Article

__all__ = ["FeedEntry", "ParsedFeed", "html_to_text", "parse_feed", "read_feed", "with_page"]

_BLOCKS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "tr",
        "table",
        "section",
        "article",
        "pre",
    ]
)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: block elements become line breaks, spaces collapse."""
    parser = _TextParser()
    parser.feed(fragment)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedEntry:
    """One feed item: ``key`` identifies it across polls (guid, else link, else content id)."""

    key: str
    link: str | None
    item: Article | InputError


def _body(entry: Mapping[str, Any]) -> str:
    contents = [str(part.get("value", "")) for part in entry.get("content") or ()]
    candidates = [*contents, str(entry.get("summary") or "")]
    return max((html_to_text(value) for value in candidates), key=len, default="")


def _date(entry: Mapping[str, Any]) -> datetime | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return datetime(*value[:6], tzinfo=UTC)
    return None


def _article(entry: Mapping[str, Any], *, source: str, published: datetime | None) -> Article:
    title = normalise_text(html_to_text(str(entry.get("title") or ""))).strip()
    body = normalise_text(_body(entry)).strip()
    if not body and not title:
        raise InputError("E111", "item has neither title nor content", path=source)
    text = body if not title or body.startswith(title) else f"{title}\n\n{body}".strip()
    link = str(entry.get("link") or "").strip() or None
    return Article(
        id=article_id(text=text, url=link),
        title=title,
        text=text,
        published_at=_date(entry) or published,
        url=link,
        source=source,
    )


def with_page(article: Article, *, link: str, fetcher: Fetcher) -> Article:
    """The item's article with its text (and missing title/date) taken from the linked page."""
    fetched = fetcher.fetch(link)
    page = article_from_html(fetched.body, source=article.source, url=link)
    return Article(
        id=page.id,
        title=article.title or page.title,
        text=page.text,
        published_at=article.published_at or page.published_at,
        url=link,
        source=article.source,
    )


_TRUNCATED = ("no element found", "unclosed token")


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedFeed:
    """A feed's items, and ``problem`` (E113) when the document was cut short: the items are
    what the lenient parser recovered before the cut, so some may be missing."""

    entries: tuple[Mapping[str, Any], ...]
    problem: InputError | None


def parse_feed(raw: bytes, *, source: str, url: str | None = None) -> ParsedFeed:
    """Parse a feed document (E102 binary, E113 not RSS/Atom; an empty feed has no entries).

    Feeds that are not well-formed but complete (an undefined ``&nbsp;``, a bare ``&``) are read
    leniently without complaint; a truncated one gets ``problem`` set.
    """
    import feedparser  # type: ignore[import-untyped]

    check_binary(raw, source=source)
    headers = {"content-location": url} if url else {}
    parsed = feedparser.parse(raw, response_headers=headers)
    entries = tuple(parsed.get("entries") or ())
    exception = parsed.get("bozo_exception")
    if not parsed.get("version") and not entries:
        detail = f"not RSS or Atom: {exception}" if exception else "no <rss>, <feed> or <rdf> root"
        raise InputError("E113", detail, path=source)
    problem = None
    if exception is not None and any(word in str(exception) for word in _TRUNCATED):
        detail = f"truncated XML ({exception}); {len(entries)} item(s) recovered before the cut"
        problem = InputError("E113", detail, path=source)
    return ParsedFeed(entries=entries, problem=problem)


def _entry(
    entry: Mapping[str, Any],
    *,
    source: str,
    published: datetime | None,
    fetcher: Fetcher | None,
) -> FeedEntry:
    link = str(entry.get("link") or "").strip() or None
    try:
        article = _article(entry, source=source, published=published)
        if fetcher is not None and link is not None:
            article = with_page(article, link=link, fetcher=fetcher)
    except InputError as e:
        item: Article | InputError = e
    else:
        item = article
    guid = str(entry.get("id") or "").strip()
    key = guid or link or (item.id if isinstance(item, Article) else source)
    return FeedEntry(key=key, link=link, item=item)


def read_feed(
    raw: bytes,
    *,
    source: str,
    published: datetime | None,
    url: str | None = None,
    page_fetcher: Fetcher | None = None,
) -> tuple[list[FeedEntry], InputError | None]:
    """Parse a feed: one ``FeedEntry`` per item in feed order, and the truncation problem if any.

    With ``page_fetcher`` each item's linked page is fetched and its main text used. Raises
    ``InputError`` (E102, E113) when the document itself is not a feed.
    """
    parsed = parse_feed(raw, source=source, url=url)
    entries = [
        _entry(entry, source=f"{source}#{number}", published=published, fetcher=page_fetcher)
        for number, entry in enumerate(parsed.entries, start=1)
    ]
    return entries, parsed.problem
