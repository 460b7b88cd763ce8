"""WARC files: only HTTP 200 HTML responses become articles; damage is E114 naming the record."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

from polevent.errors import InputError
from polevent.ingest import Skipped, iter_articles
from polevent.records import Article

FIXTURES = Path(__file__).parents[2] / "fixtures" / "ingest"
PAGE = (FIXTURES / "page_article.html").read_bytes()
EMPTY_PAGE = (FIXTURES / "page_boilerplate_only.html").read_bytes()
WARC_DATE = "2025-05-20T08:00:00Z"


def _record(
    writer: WARCWriter, url: str, body: bytes, *, status: str = "200 OK", kind: str = "text/html"
) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": WARC_DATE},
    )
    writer.write_record(record)


def _request(writer: WARCWriter, url: str) -> None:
    headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "x")], is_http_request=True)
    record = writer.create_warc_record(url, "request", http_headers=headers)
    writer.write_record(record)


def crawl(*, gzip: bool, ends: list[int] | None = None) -> bytes:
    """Seven records: request, article page, 404, image, empty page, dateless page, JSON.

    ``ends`` (if given) receives the offset where each record ends.
    """
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    offsets = ends if ends is not None else []
    _request(writer, "https://news.example/world/border-accord")
    offsets.append(buffer.tell())
    _record(writer, "https://news.example/world/border-accord", PAGE)
    offsets.append(buffer.tell())
    _record(writer, "https://news.example/gone", PAGE, status="404 Not Found")
    offsets.append(buffer.tell())
    _record(writer, "https://news.example/logo.png", b"\x89PNG\r\n\x1a\n", kind="image/png")
    offsets.append(buffer.tell())
    _record(writer, "https://news.example/", EMPTY_PAGE)
    offsets.append(buffer.tell())
    dateless = b"<html><body><article><p>" + b"Ministers met in the capital on Monday. " * 5
    _record(writer, "https://news.example/dateless", dateless + b"</p></article></body></html>")
    offsets.append(buffer.tell())
    _record(writer, "https://news.example/api", b'{"a": 1}', kind="application/json")
    offsets.append(buffer.tell())
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_only_html_200_responses_become_articles(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(crawl(gzip=name.endswith(".gz")))

    items = list(iter_articles([path]))

    first, skipped, second = items
    assert isinstance(first, Article)
    assert first.url == "https://news.example/world/border-accord"
    assert first.source == f"{path}#2"
    assert first.published_at is not None
    assert first.published_at.date().isoformat() == "2025-05-16"  # the page's date beats WARC-Date
    assert "withdraw troops" in first.text
    assert "COMMENTMARKER" not in first.text
    assert isinstance(skipped, Skipped)
    assert (skipped.source, skipped.kind) == (f"{path}#5", "no-text")
    assert isinstance(second, Article)
    assert second.url == "https://news.example/dateless"
    assert second.published_at == datetime(2025, 5, 20, 8, 0, tzinfo=UTC)  # WARC-Date fallback


def test_truncated_warc_keeps_earlier_records_and_names_the_damaged_one(tmp_path: Path) -> None:
    ends: list[int] = []
    raw = crawl(gzip=True, ends=ends)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(raw[: (ends[4] + ends[5]) // 2])  # in the middle of record 6

    article, skipped, error = iter_articles([path])

    assert isinstance(article, Article)
    assert isinstance(skipped, Skipped)
    assert isinstance(error, InputError)
    assert (error.code, error.path) == ("E114", str(path))
    assert error.detail.startswith("record 6:")


def test_truncated_uncompressed_warc_is_e114(tmp_path: Path) -> None:
    raw = crawl(gzip=False)
    cut = raw.index(b"Officials in both capitals")
    path = tmp_path / "cut.warc"
    path.write_bytes(raw[:cut])

    (error,) = iter_articles([path])

    assert isinstance(error, InputError)
    assert (error.code, error.path) == ("E114", str(path))
    assert error.detail.startswith("record 2:")


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "E101"),
        (b"\x00\x01\x02\x03 not a warc at all", "E114"),
        (b"this is plain text, not WARC/1.0\n\n", "E114"),
        (b"\x1f\x8b\x08\x00garbage-gzip", "E114"),
        (b"\n\n", "E114"),
    ],
)
def test_bad_warc_files_give_coded_errors(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(content)

    (error,) = iter_articles([path])

    assert isinstance(error, InputError)
    assert (error.code, error.path) == (code, str(path))


def test_record_larger_than_max_bytes_is_e108(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(crawl(gzip=False))

    items = list(iter_articles([path], max_bytes=1000))

    codes = [(item.code, item.path) for item in items if isinstance(item, InputError)]
    assert codes == [("E108", f"{path}#2")]
