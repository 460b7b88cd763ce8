"""JSON Lines reader: good records, each bad case, and bad lines that do not stop good ones."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from polevent.errors import InputError
from polevent.ids import article_id
from polevent.ingest import iter_articles
from polevent.ingest.jsonl import article_from_record, iter_jsonl_bytes
from polevent.records import Article

FIXTURES = Path(__file__).parents[2] / "fixtures" / "ingest"
WHEN = datetime(2020, 2, 2, 2, 2)


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_all(paths: list[Path], *, published: datetime | None = None) -> list[Article | InputError]:
    return list(iter_articles(paths, published=published))


def only_error(path: Path) -> InputError:
    items = read_all([path])
    assert len(items) == 1, items
    assert isinstance(items[0], InputError), items[0]
    return items[0]


def test_fixture_reads_all_fields() -> None:
    path = FIXTURES / "articles.jsonl"
    items = read_all([path], published=WHEN)
    assert all(isinstance(item, Article) for item in items)
    first, second, third = items
    assert isinstance(first, Article)
    assert isinstance(second, Article)
    assert isinstance(third, Article)
    assert first.title == "Talks resume"
    assert first.text == "Freedonia and Sylvania resumed border talks on Monday."
    assert first.url == "https://example.org/news/1"
    assert first.published_at == datetime(2024, 3, 4, 10, 30, tzinfo=UTC)
    assert first.source == f"{path}:1"
    assert first.id == article_id(text=first.text, url=first.url)
    assert first.id != "a-1"
    assert (second.source, second.published_at) == (f"{path}:3", datetime(2025, 5, 16))
    assert second.url is None
    assert (third.source, third.title, third.published_at) == (f"{path}:4", "", WHEN)


def test_gzip_reads_like_plain(tmp_path: Path) -> None:
    plain = (FIXTURES / "articles.jsonl").read_bytes()
    path = tmp_path / "articles.jsonl.gz"
    path.write_bytes(gzip.compress(plain))
    items = read_all([path])
    assert [item.text for item in items if isinstance(item, Article)] == [
        json.loads(line)["text"] for line in plain.splitlines() if line.strip()
    ]
    assert [item.source for item in items if isinstance(item, Article)][-1] == f"{path}:4"


def test_malformed_line_2_does_not_stop_lines_1_and_3(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "mixed.jsonl",
        ['{"text": "First story."}', '{"text": "broken', '{"text": "Third story."}'],
    )
    first, error, third = read_all([path])
    assert isinstance(first, Article)
    assert first.text == "First story."
    assert isinstance(error, InputError)
    assert (error.code, error.path, error.line) == ("E104", str(path), 2)
    assert error.__cause__ is not None
    assert isinstance(third, Article)
    assert (third.text, third.source) == ("Third story.", f"{path}:3")


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ('{"text": "ok"', "E104"),
        ("not json at all", "E104"),
        ('["a list", "not an object"]', "E104"),
        ('"just a string"', "E104"),
        ("42", "E104"),
        ("null", "E104"),
        ('{"title": "no text"}', "E106"),
        ('{"text": null}', "E106"),
        ('{"text": 17}', "E106"),
        ('{"text": ["a"]}', "E106"),
        ('{"text": ""}', "E106"),
        ('{"text": "   \\n "}', "E106"),
        ('{"text": "ok", "title": 5}', "E106"),
        ('{"text": "ok", "url": {"href": "x"}}', "E106"),
        ('{"text": "ok", "id": 1.5}', "E106"),
        ('{"text": "ok", "id": true}', "E106"),
        ('{"text": "ok", "published_at": 20250516}', "E106"),
        ('{"text": "ok", "date": false}', "E106"),
        ('{"text": "ok", "published_at": "next Tuesday"}', "E105"),
        ('{"text": "ok", "date": "2025-02-30"}', "E105"),
    ],
)
def test_bad_line_is_coded_with_its_line(tmp_path: Path, line: str, code: str) -> None:
    path = write_lines(tmp_path / "bad.jsonl", ['{"text": "good"}', "", line])
    good, error = read_all([path])
    assert isinstance(good, Article)
    assert isinstance(error, InputError)
    assert (error.code, error.path, error.line) == (code, str(path), 3)


def test_bad_date_detail_names_value(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "d.jsonl", ['{"text": "x", "date": "someday"}'])
    error = only_error(path)
    assert "someday" in error.detail
    assert isinstance(error.__cause__, InputError)


def test_blank_lines_are_skipped_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_text('\n  \n{"text": "a"}\r\n\n{"text": "b"}', encoding="utf-8")
    items = read_all([path])
    assert [item.source for item in items if isinstance(item, Article)] == [
        f"{path}:3",
        f"{path}:5",
    ]


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"\xef\xbb\xbf\n"])
def test_file_without_records_is_e101(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(content)
    error = only_error(path)
    assert (error.code, error.path, error.line) == ("E101", str(path), None)


def test_not_utf8_line_is_e103_and_other_lines_survive(tmp_path: Path) -> None:
    path = tmp_path / "latin.jsonl"
    path.write_bytes(b'{"text": "fine"}\n{"text": "caf\xe9"}\n{"text": "also fine"}\n')
    first, error, third = read_all([path])
    assert isinstance(error, InputError)
    assert (error.code, error.path, error.line) == ("E103", str(path), 2)
    assert isinstance(error.__cause__, UnicodeDecodeError)
    assert isinstance(first, Article)
    assert isinstance(third, Article)
    assert third.source == f"{path}:3"


def test_bad_gzip_is_e102(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl.gz"
    path.write_bytes(b'{"text": "not compressed"}\n')
    error = only_error(path)
    assert (error.code, error.path, error.line) == ("E102", str(path), None)
    assert isinstance(error.__cause__, OSError)


def test_truncated_gzip_is_e102(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "a"}\n' * 50)[:-12])
    error = only_error(path)
    assert (error.code, error.path, error.line) == ("E102", str(path), None)


def test_gzip_inflating_past_max_bytes_is_e108(tmp_path: Path) -> None:
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "' + b"a" * 5000 + b'"}\n'))
    assert path.stat().st_size < 200
    items = list(iter_articles([path], max_bytes=1000))
    assert len(items) == 1
    error = items[0]
    assert isinstance(error, InputError)
    assert (error.code, error.path, error.line) == ("E108", str(path), None)


def test_text_is_normalised_and_url_stripped() -> None:
    record = {"text": "\ufeffA\r\nB\rC", "url": "  https://x.org/a  ", "title": "T"}
    article = article_from_record(record, path="mem", line=7, published=None)
    assert article.text == "A\nB\nC"
    assert article.url == "https://x.org/a"
    assert article.source == "mem:7"
    assert article.id == article_id(text="A\nB\nC", url="https://x.org/a")


def test_published_at_wins_over_date_and_blank_falls_back() -> None:
    both = {"text": "x", "published_at": "2025-01-01", "date": "2024-01-01"}
    assert article_from_record(both, path="m", line=1, published=None).published_at == datetime(
        2025, 1, 1
    )
    blank = {"text": "x", "published_at": "", "date": "2024-01-01"}
    assert article_from_record(blank, path="m", line=1, published=None).published_at == datetime(
        2024, 1, 1
    )
    neither = {"text": "x", "published_at": None, "url": ""}
    article = article_from_record(neither, path="m", line=1, published=WHEN)
    assert (article.published_at, article.url) == (WHEN, None)


def test_iter_jsonl_bytes_pure_core() -> None:
    raw = b'{"text": "one", "id": 3}\n[1]\n{"text": "two", "id": "x"}'
    items = list(iter_jsonl_bytes(raw, path="mem", published=None))
    assert [type(item).__name__ for item in items] == ["Article", "InputError", "Article"]
    assert [getattr(item, "line", None) for item in items] == [None, 2, None]
