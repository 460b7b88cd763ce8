"""``polevent code`` with the new inputs: stdin, CSV with a column mapping, WARC, a feed URL and
the non-English skip line. The CLI builds its own coder, so each test codes a few articles only."""

from __future__ import annotations

import io
from pathlib import Path

from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

import polevent
from polevent.cli import cli

INGEST = Path(__file__).parents[2] / "fixtures" / "ingest"
CALL = Path(__file__).parents[2] / "fixtures" / "cli" / "modi_sharif_call.txt"


def _urls(db: Path) -> list[str]:
    with polevent.open_store(db) as store:
        return sorted(article.url or "" for article in store.articles())


def test_stdin_jsonl(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    line = '{"text": "Police in Ankara detained 20 protesters on Monday.", "url": "u:1"}\n'

    result = runner.invoke(cli, ["code", "-", "--db", str(db), "--quiet"], input=line)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("read 1 articles: coded 1")
    assert _urls(db) == ["u:1"]


def test_csv_with_mapping_and_keep_going(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    mapping = "text=body,title=headline,date=published,url=link"
    args = ["code", str(INGEST / "articles.csv"), "--csv-columns", mapping, "--db", str(db)]

    result = runner.invoke(cli, [*args, "--keep-going", "--quiet"])

    assert result.exit_code == 2, result.stderr
    assert result.stdout.startswith("read 2 articles: coded 2")
    assert f"{INGEST / 'articles.csv'}:5: E106" in result.stdout
    assert _urls(db) == [
        "https://news.example/world/border-accord",
        "https://news.example/world/protest",
    ]


def test_bad_csv_mapping_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    args = ["code", str(INGEST / "articles.csv"), "--csv-columns", "title=x"]

    result = runner.invoke(cli, [*args, "--db", str(tmp_path / "e.db")])

    assert result.exit_code == 2
    assert "text=COLUMN" in result.stderr


def test_non_english_is_counted_and_skipped(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "e.db"

    result = runner.invoke(cli, ["code", str(INGEST / "german.txt"), str(CALL), "--db", str(db)])

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        f"read 1 articles: coded 1, already stored 0; 2 new events in {db}",
        "skipped: 1 non-English (de: 1)",
    ]


def test_warc_file(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    warc = tmp_path / "crawl.warc.gz"
    body = (INGEST / "page_article.html").read_bytes()
    with warc.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            "https://crawl.example/accord",
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=headers,
        )
        writer.write_record(record)

    result = runner.invoke(cli, ["code", str(warc), "--db", str(db), "--quiet"])

    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("read 1 articles: coded 1")
    assert _urls(db) == ["https://crawl.example/accord"]
