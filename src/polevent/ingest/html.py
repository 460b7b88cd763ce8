"""HTML pages (``.html``, ``.htm``, ``.xhtml``, a fetched page, a WARC response) → ``Article``.

trafilatura extracts the main text without boilerplate (navigation, footers) and without reader
comments, plus the title, byline, date and canonical URL. It is always handed the page itself,
never a URL, so it never fetches anything. A page without extractable text is ``E111``.
``Article`` has no byline field: ``extract_page`` returns it in ``HtmlPage.byline``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from polevent.errors import InputError
from polevent.ids import article_id
from polevent.ingest.decode import check_binary, normalise_text, read_bytes
from polevent.records import Article

__all__ = ["HtmlPage", "article_from_html", "extract_page", "iter_html_file"]

_DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}


@dataclass(frozen=True, slots=True, kw_only=True)
class HtmlPage:
    """What trafilatura found on a page (``text`` is the main text, possibly empty)."""

    text: str
    title: str
    byline: str | None
    date: datetime | None
    url: str | None


def _strip_title(text: str, title: str) -> str:
    """Drop a first line that only repeats the title (trafilatura keeps the headline)."""
    first, _, rest = text.partition("\n")
    return rest.lstrip("\n") if title and first.strip() == title.strip() and rest.strip() else text


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value[:10], "%Y-%m-%d")
    except ValueError:
        return None


def extract_page(html: str | bytes, *, source: str, url: str | None = None) -> HtmlPage:
    """Run trafilatura on one page (E102 binary, E111 nothing parseable)."""
    import trafilatura

    if isinstance(html, bytes):
        check_binary(html, source=source)
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        date_extraction_params=_DATE_PARAMS,
    )
    if document is None or isinstance(document, dict):
        detail = "no main text after removing boilerplate (or not HTML at all)"
        raise InputError("E111", detail, path=source)
    title = normalise_text(document.title or "").strip()
    text = normalise_text(document.text or "").strip()
    return HtmlPage(
        text=_strip_title(text, title),
        title=title,
        byline=(document.author or None),
        date=_date(document.date),
        url=url or document.url or None,
    )


def article_from_html(
    html: str | bytes, *, source: str, url: str | None = None, published: datetime | None = None
) -> Article:
    """The ``Article`` of one page; ``url`` (if given) beats the page's own, the page's date
    beats ``published`` (E111 when no main text is left after removing boilerplate)."""
    page = extract_page(html, source=source, url=url)
    if not page.text:
        raise InputError("E111", "no main text after removing boilerplate", path=source)
    return Article(
        id=article_id(text=page.text, url=page.url),
        title=page.title,
        text=page.text,
        published_at=page.date or published,
        url=page.url,
        source=source,
    )


def iter_html_file(
    path: Path, *, source: str, published: datetime | None, max_bytes: int
) -> Iterator[Article | InputError]:
    """Yield the one article of an HTML file, or the ``InputError`` that stops it."""
    try:
        raw = read_bytes(path, source=source, max_bytes=max_bytes)
        if not raw.strip():
            raise InputError("E101", "file is empty or whitespace only", path=source)
        article = article_from_html(raw, source=source, published=published)
    except InputError as e:
        yield e
    else:
        yield article
