"""CSV/TSV with a column mapping: one article per row, coded errors naming the file and line."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from polevent.errors import InputError
from polevent.ingest import ReadOptions, iter_articles, parse_csv_columns
from polevent.ingest.csvfile import CsvColumns
from polevent.records import Article

FIXTURES = Path(__file__).parents[2] / "fixtures" / "ingest"
CSV = FIXTURES / "articles.csv"
MAPPING = "text=body,title=headline,date=published,url=link"


def _read(path: Path, mapping: str | None = MAPPING) -> list[object]:
    columns = None if mapping is None else parse_csv_columns(mapping)
    return list(iter_articles([path], options=ReadOptions(csv_columns=columns)))


def test_mapped_columns_become_articles() -> None:
    first, second, error = _read(CSV)

    assert isinstance(first, Article)
    assert first.title == "Testland and Exampria sign border accord"
    assert first.text.startswith("The foreign minister of Testland met President Ana Veldt")
    assert first.published_at == datetime(2025, 5, 16)
    assert first.url == "https://news.example/world/border-accord"
    assert first.source == f"{CSV}:2"
    assert isinstance(second, Article)
    assert second.title == "Police detain protesters, officials say"
    assert second.text == (
        "Police in the Examprian capital detained twenty protesters on Friday.\n"
        "The march was against fuel prices."
    )
    assert second.published_at == datetime(2025, 5, 17)
    assert second.source == f"{CSV}:3"
    assert isinstance(error, InputError)
    assert (error.code, error.path, error.line) == ("E106", str(CSV), 5)


def test_parse_csv_columns() -> None:
    columns = parse_csv_columns(" text = body , url=link ")

    assert columns == CsvColumns(text="body", title=None, date=None, url="link", explicit=True)


@pytest.mark.parametrize("spec", ["title=headline", "text", "text=", "body=text", ""])
def test_bad_mapping_is_e106(spec: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_csv_columns(spec)

    assert caught.value.code == "E106"


def test_missing_mapped_column_is_e106_on_line_1() -> None:
    (error,) = _read(CSV, "text=body,title=headline,date=when")

    assert isinstance(error, InputError)
    assert (error.code, error.path, error.line) == ("E106", str(CSV), 1)
    assert "date=when" in error.detail


def test_default_columns_without_mapping(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("text,published_at,extra\nTalks resumed on Monday.,2025-05-01,x\n", "utf-8")

    (article,) = _read(path, None)

    assert isinstance(article, Article)
    assert (article.text, article.published_at) == (
        "Talks resumed on Monday.",
        datetime(2025, 5, 1),
    )


def test_default_columns_need_a_text_column(tmp_path: Path) -> None:
    path = tmp_path / "no_text.csv"
    path.write_text("body,title\nTalks resumed.,T\n", "utf-8")

    (error,) = _read(path, None)

    assert isinstance(error, InputError)
    assert (error.code, error.line) == ("E106", 1)


def test_tsv_uses_tabs(tmp_path: Path) -> None:
    path = tmp_path / "a.tsv"
    path.write_text("body\theadline\nTalks resumed on Monday, officials said.\tTalks\n", "utf-8")

    (article,) = _read(path, "text=body,title=headline")

    assert isinstance(article, Article)
    assert (article.title, article.text) == ("Talks", "Talks resumed on Monday, officials said.")


@pytest.mark.parametrize(
    ("content", "code", "line"),
    [
        (b"", "E101", None),
        (b"body,headline\n", "E101", None),
        (b"body,headline\n\x00\x01binary", "E102", None),
        (b"body,headline\ncaf\xe9 talks,x\n", "E103", 2),
        (b'body,headline\n"unterminated quote,x\n', "E112", 2),
        (b"body,headline\nTalks,x\n,empty\n", "E106", 3),
        (b"body,headline\nTalks,x,2025-99-99\n", None, None),
    ],
)
def test_bad_csv_gives_coded_errors(
    tmp_path: Path, content: bytes, code: str | None, line: int | None
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)

    errors = [
        item for item in _read(path, "text=body,title=headline") if isinstance(item, InputError)
    ]

    assert [(e.code, e.path, e.line) for e in errors] == (
        [] if code is None else [(code, str(path), line)]
    )


def test_bad_date_is_e105_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "dates.csv"
    path.write_text("body,published\nTalks,2025-05-01\nMore talks,not a date\n", "utf-8")

    first, error = _read(path, "text=body,date=published")

    assert isinstance(first, Article)
    assert isinstance(error, InputError)
    assert (error.code, error.line) == ("E105", 3)
