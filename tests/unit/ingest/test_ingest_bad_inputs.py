"""Every new reader survives bad input (truncated, binary, mis-encoded, huge, empty, fuzzed):
it yields coded errors naming the file, never raises, and never drops the good inputs beside."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polevent.errors import MESSAGES, InputError
from polevent.ingest import Skipped, iter_articles
from polevent.records import Article

FIXTURES = Path(__file__).parents[2] / "fixtures" / "ingest"
SUFFIXES = (".html", ".rss", ".atom", ".xml", ".warc", ".warc.gz", ".csv", ".tsv")
GOOD = FIXTURES / "seed_short.txt"


def _check(items: list[object], path: Path) -> None:
    for item in items:
        assert isinstance(item, Article | InputError | Skipped)
        if isinstance(item, InputError):
            assert item.code in MESSAGES
            assert item.path is not None
            assert item.path.startswith(str(path))
        elif isinstance(item, Article):
            assert item.text.strip()


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_empty_file_is_e101(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")

    (error,) = iter_articles([path])

    assert isinstance(error, InputError)
    assert (error.code, error.path) == ("E101", str(path))


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_binary_file_is_a_coded_error(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"binary{suffix}"
    path.write_bytes(bytes(range(256)) * 8)

    items = list(iter_articles([path]))

    assert len(items) == 1
    assert isinstance(items[0], InputError)
    assert items[0].code in {"E102", "E114"}
    assert items[0].path == str(path)


@pytest.mark.parametrize("suffix", [".html", ".rss", ".csv"])
def test_huge_file_is_e108(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"huge{suffix}"
    path.write_bytes(b"<p>" + b"word " * 400 + b"</p>")

    (error,) = iter_articles([path], max_bytes=1000)

    assert isinstance(error, InputError)
    assert (error.code, error.path) == ("E108", str(path))


def test_bad_inputs_do_not_hide_the_good_one(tmp_path: Path) -> None:
    bad = []
    for suffix in SUFFIXES:
        path = tmp_path / f"bad{suffix}"
        path.write_bytes(b"\xff\xfe\x00garbage")
        bad.append(path)

    items = list(iter_articles([*bad, GOOD]))

    assert [item.code for item in items[:-1] if isinstance(item, InputError)] == [
        "E102" if not suffix.startswith(".warc") else "E114" for suffix in SUFFIXES
    ]
    assert isinstance(items[-1], Article)


def test_mis_encoded_feed_declaring_latin1_is_read(tmp_path: Path) -> None:
    path = tmp_path / "latin1.rss"
    body = '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel>'
    body += "<item><title>Caf\xe9 talks resume in the capital</title></item></channel></rss>"
    path.write_bytes(body.encode("iso-8859-1"))

    (article,) = iter_articles([path])

    assert isinstance(article, Article)
    assert article.title == "Café talks resume in the capital"


def test_gzip_html_named_warc_gz_is_e114(tmp_path: Path) -> None:
    path = tmp_path / "page.warc.gz"
    path.write_bytes(gzip.compress((FIXTURES / "page_article.html").read_bytes()))

    (error,) = iter_articles([path])

    assert isinstance(error, InputError)
    assert (error.code, error.path) == ("E114", str(path))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=600), suffix=st.sampled_from(SUFFIXES))
def test_fuzzed_bytes_never_raise(tmp_path: Path, raw: bytes, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(raw)

    _check(list(iter_articles([path])), path)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(min_value=0, max_value=2000), suffix=st.sampled_from(SUFFIXES[:4]))
def test_truncated_fixtures_never_raise(tmp_path: Path, cut: int, suffix: str) -> None:
    source = {".html": "page_article.html", ".rss": "feed.rss", ".atom": "feed.atom"}
    raw = (FIXTURES / source.get(suffix, "feed.rss")).read_bytes()
    path = tmp_path / f"cut{suffix}"
    path.write_bytes(raw[:cut])

    _check(list(iter_articles([path])), path)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300))
def test_fuzzed_csv_text_never_raises(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.csv"
    path.write_text("text,title\n" + text, encoding="utf-8")

    _check(list(iter_articles([path])), path)
