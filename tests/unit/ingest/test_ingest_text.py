"""Plain-text and seed-format readers."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from polevent.errors import InputError
from polevent.ids import article_id
from polevent.ingest import iter_articles
from polevent.ingest.text import article_from_text, split_header
from polevent.records import Article

FIXTURES = Path(__file__).parents[2] / "fixtures" / "ingest"
SEED = FIXTURES / "seed_short.txt"
BODY = (
    "The foreign minister of Freedonia met his Sylvanian counterpart in Geneva on Tuesday.\n"
    "Both sides agreed to resume border talks next month.\n"
)


def read_all(
    paths: list[str | Path], *, published: datetime | None = None
) -> list[Article | InputError]:
    return list(iter_articles(paths, published=published))


def only_article(paths: list[str | Path], *, published: datetime | None = None) -> Article:
    items = read_all(paths, published=published)
    assert len(items) == 1, items
    assert isinstance(items[0], Article), items[0]
    return items[0]


def only_error(paths: list[str | Path]) -> InputError:
    items = read_all(paths)
    assert len(items) == 1, items
    assert isinstance(items[0], InputError), items[0]
    return items[0]


def test_seed_fixture_reads_date_and_body() -> None:
    article = only_article([str(SEED)])
    assert article.published_at == datetime(2024, 3, 3, 21, 5)
    assert article.text == BODY
    assert article.title == ""
    assert article.url is None
    assert article.source == str(SEED)
    assert article.id == article_id(text=BODY, url=None)


def test_seed_source_is_the_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text("Published : 16 May 2025, 11:57 AM\nBody.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert only_article(["./a.txt"]).source == "./a.txt"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Published : 16 May 2025, 11:57 AM", datetime(2025, 5, 16, 11, 57)),
        ("Published: 16 May 2025", datetime(2025, 5, 16)),
        ("published:16 may 2025, 11:57 pm", datetime(2025, 5, 16, 23, 57)),
        ("  PUBLISHED   :   May 16, 2025  ", datetime(2025, 5, 16)),
    ],
)
def test_header_is_tolerant_of_spacing_and_case(
    tmp_path: Path, header: str, expected: datetime
) -> None:
    path = tmp_path / "story.txt"
    path.write_text(f"{header}\nBody line.\n", encoding="utf-8")
    article = only_article([path])
    assert article.published_at == expected
    assert article.text == "Body line.\n"


def test_plain_text_without_header_uses_published_argument(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("Ministers met in Geneva.\nThey talked.\n", encoding="utf-8")
    when = datetime(2024, 1, 2, 3, 4)
    article = only_article([path], published=when)
    assert article.text == "Ministers met in Geneva.\nThey talked.\n"
    assert article.published_at == when
    assert article.source == str(path)


def test_plain_text_without_header_or_argument_has_no_date(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("Ministers met in Geneva.", encoding="utf-8")
    assert only_article([path]).published_at is None


def test_header_date_wins_over_published_argument(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Published: 16 May 2025\nBody.", encoding="utf-8")
    article = only_article([path], published=datetime(2000, 1, 1))
    assert article.published_at == datetime(2025, 5, 16)


def test_bom_and_crlf_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "win.txt"
    path.write_bytes(b"\xef\xbb\xbfPublished : 16 May 2025\r\nLine one.\r\nLine two.\rEnd.\r\n")
    article = only_article([path])
    assert article.published_at == datetime(2025, 5, 16)
    assert article.text == "Line one.\nLine two.\nEnd.\n"


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  "])
def test_empty_or_whitespace_file_is_e101(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    error = only_error([path])
    assert (error.code, error.path, error.line) == ("E101", str(path), None)


def test_header_without_body_is_e101_on_line_2(tmp_path: Path) -> None:
    path = tmp_path / "header_only.txt"
    path.write_text("Published : 16 May 2025, 11:57 AM\n\n  \n", encoding="utf-8")
    error = only_error([path])
    assert (error.code, error.path, error.line) == ("E101", str(path), 2)


def test_bad_header_date_is_e105_on_line_1(tmp_path: Path) -> None:
    path = tmp_path / "bad_date.txt"
    path.write_text("Published : sometime last week\nBody.\n", encoding="utf-8")
    error = only_error([path])
    assert (error.code, error.path, error.line) == ("E105", str(path), 1)
    assert "sometime last week" in error.detail
    assert isinstance(error.__cause__, InputError)


def test_split_header_keeps_body_offsets() -> None:
    assert split_header("Published : 1 May 2025\nA\nB") == ("1 May 2025", "A\nB")
    assert split_header("No header here\nA") == (None, "No header here\nA")
    assert split_header("Publishing: not a header\nA") == (None, "Publishing: not a header\nA")


def test_article_from_text_pure_core() -> None:
    article = article_from_text("Published: May 16, 2025\nHello.", source="mem", published=None)
    assert article == Article(
        id=article_id(text="Hello.", url=None),
        title="",
        text="Hello.",
        published_at=datetime(2025, 5, 16),
        url=None,
        source="mem",
    )
