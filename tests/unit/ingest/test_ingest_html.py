"""HTML pages: main text without boilerplate or comments, with title, date, URL and byline."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from polevent.errors import InputError
from polevent.ingest import iter_articles
from polevent.ingest.html import article_from_html, extract_page
from polevent.records import Article

FIXTURES = Path(__file__).parents[2] / "fixtures" / "ingest"
PAGE = FIXTURES / "page_article.html"


def test_page_gives_main_text_title_date_url() -> None:
    (article,) = iter_articles([PAGE])

    assert isinstance(article, Article)
    assert article.title == "Testland and Exampria sign border accord"
    assert article.text.startswith("The foreign minister of Testland arrived")
    assert "withdraw troops from the frontier" in article.text
    assert article.published_at is not None
    assert article.published_at.date().isoformat() == "2025-05-16"
    assert article.url == "https://news.example/world/border-accord"
    assert article.source == str(PAGE)


def test_boilerplate_and_comments_are_removed() -> None:
    (article,) = iter_articles([PAGE])

    assert isinstance(article, Article)
    for noise in ("COMMENTMARKER", "Subscribe now", "Most read", "Copyright", "Cookie"):
        assert noise not in article.text


def test_byline_is_extracted() -> None:
    page = extract_page(PAGE.read_bytes(), source="page")

    assert page.byline == "Jane Roe"


def test_given_url_beats_the_pages_own_and_published_is_a_fallback() -> None:
    html = "<html><body><article><p>" + "Talks went on in the capital all day. " * 5
    html += "</p></article></body></html>"
    fallback = datetime(2025, 1, 2)

    article = article_from_html(html, source="s", url="https://crawl.example/x", published=fallback)

    assert (article.url, article.published_at) == ("https://crawl.example/x", fallback)


def test_boilerplate_only_page_is_e111() -> None:
    (error,) = iter_articles([FIXTURES / "page_boilerplate_only.html"])

    assert isinstance(error, InputError)
    assert (error.code, error.path) == ("E111", str(FIXTURES / "page_boilerplate_only.html"))


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "E101"),
        (b"   \n", "E101"),
        (b"<html><body>\x00\x01\x02garbage</body></html>", "E102"),
        (b"<html><head><title>x</title></head><body></body></html>", "E111"),
        (b"<<<>>> <div <p <<</", "E111"),
    ],
)
def test_bad_pages_give_coded_errors(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "bad.html"
    path.write_bytes(content)

    (error,) = iter_articles([path])

    assert isinstance(error, InputError)
    assert (error.code, error.path) == (code, str(path))


def test_non_utf8_page_with_declared_charset_decodes(tmp_path: Path) -> None:
    body = "<p>" + "Le ministre a rencontré le président à la frontière hier soir. " * 4 + "</p>"
    head = '<head><meta charset="iso-8859-1"></head>'
    html = f"<html>{head}<body><article>{body}</article></body></html>"
    path = tmp_path / "latin1.htm"
    path.write_bytes(html.encode("iso-8859-1"))

    (article,) = iter_articles([path])

    assert isinstance(article, Article)
    assert "rencontré le président à la frontière" in article.text


def test_directory_of_pages_is_walked_in_order(tmp_path: Path) -> None:
    (tmp_path / "b.htm").write_bytes(PAGE.read_bytes())
    (tmp_path / "a.html").write_bytes(PAGE.read_bytes())

    items = list(iter_articles([tmp_path]))

    assert [item.source for item in items if isinstance(item, Article)] == [
        str(tmp_path / "a.html"),
        str(tmp_path / "b.htm"),
    ]
