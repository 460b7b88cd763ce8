"""RSS and Atom feeds from files and URLs: one article per item, coded errors for non-feeds."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from feedserver import LocalServer

from polevent.errors import InputError
from polevent.ingest import ReadOptions, UrlFetcher, iter_articles
from polevent.ingest.feeds import html_to_text, read_feed
from polevent.ingest.fetch import USER_AGENT
from polevent.records import Article

FIXTURES = Path(__file__).parents[2] / "fixtures" / "ingest"
RSS = FIXTURES / "feed.rss"
ATOM = FIXTURES / "feed.atom"


def _articles(items: list[object]) -> list[Article]:
    assert all(isinstance(item, Article) for item in items), items
    return [item for item in items if isinstance(item, Article)]


def test_rss_items_become_articles() -> None:
    first, second = _articles(list(iter_articles([RSS])))

    assert first.title == "Testland and Exampria sign border accord"
    assert first.text == (
        "Testland and Exampria sign border accord\n\nThe foreign minister of Testland met "
        "President Ana Veldt of Exampria on Thursday and signed a border agreement."
    )
    assert first.published_at == datetime(2025, 5, 16, 10, 0, tzinfo=UTC)
    assert first.url == "https://news.example/world/border-accord"
    assert (first.source, second.source) == (f"{RSS}#1", f"{RSS}#2")
    assert second.published_at == datetime(2025, 5, 17, 8, 30, tzinfo=UTC)


def test_atom_prefers_content_over_summary_and_published_over_updated() -> None:
    first, second = _articles(list(iter_articles([ATOM])))

    assert "dispute over fishing rights" in first.text
    assert "Short summary only" not in first.text
    assert first.published_at == datetime(2025, 5, 18, 11, 0, tzinfo=UTC)  # updated: no published
    assert second.published_at == datetime(2025, 5, 17, 9, 0, tzinfo=UTC)
    assert second.url == "https://wire.example/floods"


def test_entry_keys_are_guids() -> None:
    entries, _ = read_feed(RSS.read_bytes(), source="f", published=None)
    keys = [entry.key for entry in entries]

    assert keys == ["dfn-2025-0516-01", "dfn-2025-0517-02"]


def test_html_to_text_keeps_blocks_apart() -> None:
    assert html_to_text("<p>One <b>two</b></p><p>Three&amp;four</p>") == "One two\nThree&four"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"this is not xml at all", "E113"),
        (b"<html><body><p>a web page, not a feed</p></body></html>", "E113"),
        (b"\x00\x01\x02\x03binary", "E102"),
        (b"", "E101"),
        (
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>',
            "E101",
        ),
    ],
)
def test_bad_feeds_give_coded_errors(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "bad.xml"
    path.write_bytes(content)

    items = list(iter_articles([path]))

    assert [(item.code, item.path) for item in items if isinstance(item, InputError)] == [
        (code, str(path))
    ]


def test_truncated_feed_yields_the_recovered_items_then_e113(tmp_path: Path) -> None:
    raw = RSS.read_bytes()
    path = tmp_path / "cut.rss"
    path.write_bytes(raw[: raw.index(b"<item>", raw.index(b"</item>"))])

    article, error = iter_articles([path])

    assert isinstance(article, Article)
    assert article.title == "Testland and Exampria sign border accord"
    assert isinstance(error, InputError)
    assert (error.code, error.path) == ("E113", str(path))
    assert "truncated" in error.detail


def test_lenient_feed_with_undefined_entity_reads_every_item(tmp_path: Path) -> None:
    path = tmp_path / "nbsp.rss"
    path.write_bytes(RSS.read_bytes().replace(b"Daily Fiction", b"Daily&nbsp;Fiction"))

    assert len(_articles(list(iter_articles([path])))) == 2


def test_item_without_title_or_content_is_e111_naming_the_item(tmp_path: Path) -> None:
    path = tmp_path / "f.rss"
    path.write_text(
        '<rss version="2.0"><channel><item><guid>a</guid></item>'
        "<item><title>Talks resumed on Monday</title></item></channel></rss>",
        encoding="utf-8",
    )

    error, article = iter_articles([path])

    assert isinstance(error, InputError)
    assert (error.code, error.path) == ("E111", f"{path}#1")
    assert isinstance(article, Article)
    assert article.text == "Talks resumed on Monday"


def test_feed_from_a_url(local_server: LocalServer) -> None:
    url = local_server.serve("/world.rss", RSS.read_bytes(), "application/rss+xml")

    items = _articles(list(iter_articles([url])))

    assert [item.source for item in items] == [f"{url}#1", f"{url}#2"]
    assert local_server.requests == [("/world.rss", USER_AGENT)]


def test_feed_with_pages_uses_the_page_text(local_server: LocalServer) -> None:
    page = local_server.serve(
        "/accord.html", (FIXTURES / "page_article.html").read_bytes(), "text/html"
    )
    feed = (
        '<rss version="2.0"><channel><item><title>Border accord</title>'
        f"<link>{page}</link><description>Short teaser.</description>"
        "<pubDate>Fri, 16 May 2025 10:00:00 GMT</pubDate></item></channel></rss>"
    )
    url = local_server.serve("/f.rss", feed, "application/rss+xml")

    (article,) = _articles(list(iter_articles([url], options=ReadOptions(feed_pages=True))))

    assert "withdraw troops from the frontier" in article.text
    assert "Short teaser" not in article.text
    assert (article.title, article.url) == ("Border accord", page)
    assert article.published_at == datetime(2025, 5, 16, 10, 0, tzinfo=UTC)


def test_page_url_is_read_as_html(local_server: LocalServer) -> None:
    url = local_server.serve("/a", (FIXTURES / "page_article.html").read_bytes(), "text/html")

    (article,) = _articles(list(iter_articles([url])))

    assert article.url == url
    assert article.title == "Testland and Exampria sign border accord"


def test_missing_url_is_e115(local_server: LocalServer) -> None:
    url = local_server.url("/nothing.rss")

    (error,) = iter_articles([url])

    assert isinstance(error, InputError)
    assert (error.code, error.path) == ("E115", url)
    assert "404" in error.detail


def test_unreachable_url_is_e115_after_the_timeout() -> None:
    fetcher = UrlFetcher(timeout=2.0)
    url = "http://127.0.0.1:9/feed.rss"  # discard port: nothing listens

    (error,) = iter_articles([url], options=ReadOptions(fetcher=fetcher))

    assert isinstance(error, InputError)
    assert (error.code, error.path) == ("E115", url)


def test_fetcher_refuses_other_schemes() -> None:
    with pytest.raises(InputError) as caught:
        UrlFetcher().fetch("file:///etc/passwd")

    assert caught.value.code == "E115"


def test_not_a_feed_fixture_is_e113() -> None:
    path = FIXTURES / "not_a_feed.xml"

    (error,) = iter_articles([path])

    assert isinstance(error, InputError)
    assert (error.code, error.path, error.line) == ("E113", str(path), None)
