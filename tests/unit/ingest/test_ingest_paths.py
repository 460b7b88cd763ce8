"""Path expansion: directory order and recursion, suffix dispatch and file-level errors."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from polevent.errors import InputError
from polevent.ingest import iter_articles
from polevent.ingest.paths import expand_paths, kind_of
from polevent.records import Article


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def only_error(path: Path, *, max_bytes: int = 50_000_000) -> InputError:
    items = list(iter_articles([path], max_bytes=max_bytes))
    assert len(items) == 1, items
    assert isinstance(items[0], InputError), items[0]
    return items[0]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    write(root / "b.txt", "Story b.")
    write(root / "a.txt", "Story a.")
    write(root / "A_upper.txt", "Story A.")
    write(root / "sub" / "z.txt", "Story sub/z.")
    write(root / "sub" / "deeper" / "c.jsonl", '{"text": "Story c1."}\n{"text": "Story c2."}\n')
    (root / "sub" / "g.jsonl.gz").write_bytes(gzip.compress(b'{"text": "Story g."}\n'))
    write(root / "sub-x.txt", "Story sub-x.")
    write(root / "notes.md", "ignored")
    write(root / "data.json", '{"text": "ignored"}')
    write(root / ".hidden.txt", "ignored")
    write(root / ".git" / "x.txt", "ignored")
    write(root / "sub" / ".cache" / "y.jsonl", '{"text": "ignored"}\n')
    return root


def test_directory_is_recursive_and_sorted_by_posix_path(tree: Path) -> None:
    items = list(iter_articles([tree]))
    assert all(isinstance(item, Article) for item in items)
    texts = [item.text for item in items if isinstance(item, Article)]
    assert texts == [
        "Story A.",
        "Story a.",
        "Story b.",
        "Story sub-x.",
        "Story c1.",
        "Story c2.",
        "Story g.",
        "Story sub/z.",
    ]
    sources = [item.source for item in items if isinstance(item, Article)]
    assert sources[0] == os.path.join(str(tree), "A_upper.txt")
    assert sources[4] == os.path.join(str(tree), "sub/deeper/c.jsonl") + ":1"
    assert sources[6] == os.path.join(str(tree), "sub/g.jsonl.gz") + ":1"


def articles(paths: list[Path]) -> list[Article]:
    items = list(iter_articles(paths))
    found = [item for item in items if isinstance(item, Article)]
    assert found == items, items
    return found


def test_order_is_stable_and_follows_given_paths(tree: Path) -> None:
    first = articles([tree / "sub", tree / "a.txt"])
    again = articles([tree / "sub", tree / "a.txt"])
    assert [article.id for article in first] == [article.id for article in again]
    assert [article.text for article in first] == [
        "Story c1.",
        "Story c2.",
        "Story g.",
        "Story sub/z.",
        "Story a.",
    ]
    reverse = articles([tree / "b.txt", tree / "a.txt"])
    assert [article.text for article in reverse] == ["Story b.", "Story a."]


def test_explicit_hidden_file_is_read(tree: Path) -> None:
    (item,) = iter_articles([tree / ".hidden.txt"])
    assert isinstance(item, Article)
    assert item.text == "ignored"


def test_missing_path_is_e107_and_does_not_stop_others(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", "Good.")
    missing = tmp_path / "nope.txt"
    error, article = iter_articles([missing, good])
    assert isinstance(error, InputError)
    assert (error.code, error.path, error.line) == ("E107", str(missing), None)
    assert isinstance(article, Article)


def test_explicit_unsupported_suffix_is_e109(tmp_path: Path) -> None:
    path = write(tmp_path / "story.md", "Story.")
    error = only_error(path)
    assert (error.code, error.path, error.line) == ("E109", str(path), None)


def test_empty_directory_is_e101(tmp_path: Path) -> None:
    write(tmp_path / "d" / "readme.md", "no articles")
    error = only_error(tmp_path / "d")
    assert (error.code, error.path, error.line) == ("E101", str(tmp_path / "d"), None)


def test_binary_file_is_e102(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    error = only_error(path)
    assert (error.code, error.path, error.line) == ("E102", str(path), None)


def test_nul_after_probe_window_is_not_binary(tmp_path: Path) -> None:
    path = tmp_path / "late_nul.jsonl"
    path.write_bytes(b'{"text": "' + b"a" * 9000 + b'"}\n\x00\n')
    first, error = iter_articles([path])
    assert isinstance(first, Article)
    assert isinstance(error, InputError)
    assert (error.code, error.line) == ("E104", 2)


def test_latin1_text_is_e103_with_line_of_first_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Line one.\r\nLine two.\nCaf\u00e9 on line three.\n".encode("latin-1"))
    error = only_error(path)
    assert (error.code, error.path, error.line) == ("E103", str(path), 3)
    assert "0xe9" in error.detail
    assert isinstance(error.__cause__, UnicodeDecodeError)


def test_latin1_on_first_line_is_line_1(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("\u00c9t\u00e9.".encode("latin-1"))
    error = only_error(path)
    assert (error.code, error.line) == ("E103", 1)


def test_file_over_max_bytes_is_e108(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "x" * 101)
    error = only_error(path, max_bytes=100)
    assert (error.code, error.path, error.line) == ("E108", str(path), None)
    (article,) = iter_articles([path], max_bytes=101)
    assert isinstance(article, Article)


def test_file_over_max_bytes_in_directory_does_not_stop_others(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "x" * 50)
    write(tmp_path / "b.txt", "small")
    error, article = iter_articles([tmp_path], max_bytes=10)
    assert isinstance(error, InputError)
    assert (error.code, error.path) == ("E108", os.path.join(str(tmp_path), "a.txt"))
    assert isinstance(article, Article)
    assert article.text == "small"


def test_fifo_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    error = only_error(path)
    assert (error.code, error.path) == ("E109", str(path))


def test_single_path_instead_of_sequence_is_type_error(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        iter_articles(str(tmp_path))
    with pytest.raises(TypeError):
        iter_articles(tmp_path)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_bytes"):
        iter_articles([tmp_path], max_bytes=-1)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.txt", "text"),
        ("A.TXT", "text"),
        ("a.jsonl", "jsonl"),
        ("a.jsonl.gz", "jsonl.gz"),
        ("a.JSONL.GZ", "jsonl.gz"),
        ("a.json", None),
        ("a.txt.gz", None),
        ("a.gz", None),
    ],
)
def test_kind_of(name: str, kind: str | None) -> None:
    assert kind_of(name) == kind


def test_expand_paths_names_sources_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "d" / "x.txt", "x")
    monkeypatch.chdir(tmp_path)
    (file,) = expand_paths(["d/"])
    assert not isinstance(file, InputError)
    assert (file.source, file.kind, file.path) == ("d/x.txt", "text", Path("d/x.txt"))
