"""Stdin (``-``) read by content, the content sniffer, and ``Source`` objects in the path list."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from polevent.errors import InputError
from polevent.ingest import ArticlesSource, ReadOptions, Skipped, iter_articles
from polevent.ingest.streams import sniff
from polevent.records import Article

FIXTURES = Path(__file__).parents[2] / "fixtures" / "ingest"


def _stdin(raw: bytes, *, max_bytes: int = 1_000_000) -> list[object]:
    reading = ReadOptions(stdin=io.BytesIO(raw))
    return list(iter_articles(["-"], options=reading, max_bytes=max_bytes))


def test_stdin_text_with_published_line() -> None:
    (article,) = _stdin((FIXTURES / "seed_short.txt").read_bytes())

    assert isinstance(article, Article)
    assert article.source == "<stdin>"
    assert article.text.startswith("The foreign minister of Freedonia")
    assert article.published_at is not None


def test_stdin_jsonl() -> None:
    items = _stdin((FIXTURES / "articles.jsonl").read_bytes())

    assert [item.source for item in items if isinstance(item, Article)] == [
        "<stdin>:1",
        "<stdin>:3",
        "<stdin>:4",
    ]


def test_stdin_feed_and_html_by_content() -> None:
    feed = _stdin((FIXTURES / "feed.atom").read_bytes())
    (page,) = _stdin((FIXTURES / "page_article.html").read_bytes())

    assert [item.source for item in feed if isinstance(item, Article)] == ["<stdin>#1", "<stdin>#2"]
    assert isinstance(page, Article)
    assert page.title == "Testland and Exampria sign border accord"


@pytest.mark.parametrize(
    ("raw", "code", "line"),
    [(b"", "E101", None), (b" \n\t", "E101", None), (b"\x00\x01bin", "E102", None)],
)
def test_bad_stdin_gives_coded_errors(raw: bytes, code: str, line: int | None) -> None:
    (error,) = _stdin(raw)

    assert isinstance(error, InputError)
    assert (error.code, error.path, error.line) == (code, "<stdin>", line)


def test_stdin_not_utf8_is_e103_with_line() -> None:
    (error,) = _stdin(b"first line\nsecond caf\xe9\n")

    assert isinstance(error, InputError)
    assert (error.code, error.path, error.line) == ("E103", "<stdin>", 2)


def test_stdin_over_max_bytes_is_e108() -> None:
    (error,) = _stdin(b"x" * 101, max_bytes=100)

    assert isinstance(error, InputError)
    assert (error.code, error.path) == ("E108", "<stdin>")


@pytest.mark.parametrize(
    ("raw", "content_type", "kind"),
    [
        (b'{"text": "a"}\n', "", "jsonl"),
        (b"\xef\xbb\xbf<?xml version='1.0'?>\n<rss version='2.0'>", "", "feed"),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'>", "text/xml", "feed"),
        (b"<!DOCTYPE html><html>", "", "html"),
        (b"Published : 16 May 2025\nText", "", "text"),
        (b"whatever", "text/html", "html"),
        (b"whatever", "application/rss+xml", "feed"),
    ],
)
def test_sniff(raw: bytes, content_type: str, kind: str) -> None:
    assert sniff(raw, content_type=content_type) == kind


def test_source_objects_are_read_in_place_with_files() -> None:
    article = Article(id="x", title="", text="Talks.", published_at=None, url=None, source="mem")
    skipped = Skipped(source="mem2", kind="language", reason="de", language="de")
    source = ArticlesSource.of("memory", [article, skipped])

    items = list(iter_articles([source, FIXTURES / "seed_short.txt"]))

    assert items[:2] == [article, skipped]
    assert isinstance(items[2], Article)
    assert items[2].source == str(FIXTURES / "seed_short.txt")
