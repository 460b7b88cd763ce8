"""``watch``: a local HTTP server serves a feed that gains an item between two ``--once`` runs;
the second run codes only the new item. Nothing here touches the internet."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from feedserver import LocalServer

from polevent.cli import cli
from polevent.pipeline import Coder
from polevent.store import open_store
from polevent.watch import default_state_path, parse_every, watch, watch_once

FIXTURES = Path(__file__).parents[2] / "fixtures" / "ingest"
ITEM = """<item><title>{title}</title><link>{link}</link><guid isPermaLink="false">{guid}</guid>
<pubDate>Fri, 16 May 2025 10:00:00 GMT</pubDate><description>{text}</description></item>"""
FIRST = ITEM.format(
    title="Testland and Exampria sign border accord",
    link="https://news.example/a",
    guid="item-1",
    text="The foreign minister of Testland met President Ana Veldt of Exampria on Thursday.",
)
SECOND = ITEM.format(
    title="Police detain protesters in Exampria",
    link="https://news.example/b",
    guid="item-2",
    text="Police in the Examprian capital detained twenty protesters on Friday.",
)
GERMAN = ITEM.format(
    title="Regierung beschließt Sanktionen",
    link="https://news.example/de",
    guid="item-de",
    text="Die Bundesregierung hat am Dienstag neue Sanktionen gegen mehrere Unternehmen "
    "beschlossen, teilte ein Sprecher in Berlin mit. Die Opposition kritisierte das.",
)


def _feed(*items: str) -> str:
    return f'<rss version="2.0"><channel><title>t</title>{"".join(items)}</channel></rss>'


def _seen(state: Path) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(state)) as connection:
        return sorted(connection.execute("SELECT feed, key FROM seen_items").fetchall())


def _stored_urls(db: Path) -> list[str]:
    with open_store(db) as store:
        return sorted(article.url or "" for article in store.articles())


def test_second_round_codes_only_the_new_item(
    tmp_path: Path, local_server: LocalServer, coder: Coder
) -> None:
    db = tmp_path / "events.db"
    url = local_server.serve("/world.rss", _feed(FIRST), "application/rss+xml")

    first = watch_once([url], db=db, coder=coder)
    local_server.serve("/world.rss", _feed(SECOND, FIRST), "application/rss+xml")
    second = watch_once([url], db=db, coder=coder)

    assert first.coded is not None
    assert second.coded is not None
    assert (first.new_items, first.coded.articles_coded) == (1, 1)
    assert (second.new_items, second.polls[0].already_seen) == (1, 1)
    assert second.coded.articles_coded == 1
    assert second.coded.articles_already_stored == 0
    assert [entry.key for entry in second.polls[0].new] == ["item-2"]
    assert _stored_urls(db) == ["https://news.example/a", "https://news.example/b"]
    assert _seen(default_state_path(db)) == [(url, "item-1"), (url, "item-2")]


def test_nothing_new_codes_nothing(tmp_path: Path, local_server: LocalServer, coder: Coder) -> None:
    db = tmp_path / "events.db"
    url = local_server.serve("/f.rss", _feed(FIRST), "application/rss+xml")
    watch_once([url], db=db, coder=coder)

    again = watch_once([url], db=db, coder=coder)

    assert (again.new_items, again.coded) == (0, None)


def test_non_english_item_is_skipped_and_marked_seen(
    tmp_path: Path, local_server: LocalServer, coder: Coder
) -> None:
    db = tmp_path / "events.db"
    state = tmp_path / "seen.sqlite"
    url = local_server.serve("/f.rss", _feed(FIRST, GERMAN), "application/rss+xml")

    report = watch_once([url], db=db, state=state, coder=coder)

    assert report.coded is not None
    assert report.coded.articles_coded == 1
    assert [(item.kind, item.language) for item in report.coded.skipped] == [("language", "de")]
    assert _seen(state) == [(url, "item-1"), (url, "item-de")]


def test_pages_are_fetched_and_a_failed_page_is_retried(
    tmp_path: Path, local_server: LocalServer, coder: Coder
) -> None:
    db = tmp_path / "events.db"
    page = local_server.url("/accord.html")
    item = ITEM.format(title="Border accord", link=page, guid="p-1", text="Teaser.")
    url = local_server.serve("/f.rss", _feed(item), "application/rss+xml")

    missing = watch_once([url], db=db, pages=True, coder=coder)
    local_server.serve("/accord.html", (FIXTURES / "page_article.html").read_bytes(), "text/html")
    found = watch_once([url], db=db, pages=True, coder=coder)

    assert missing.coded is not None
    assert [error.code for error in missing.coded.errors] == ["E115"]
    assert found.coded is not None
    assert (found.new_items, found.coded.articles_coded) == (1, 1)
    with open_store(db) as store:
        (article,) = store.articles()
    assert "withdraw troops from the frontier" in article.text


def test_a_broken_feed_does_not_stop_the_others(
    tmp_path: Path, local_server: LocalServer, coder: Coder
) -> None:
    db = tmp_path / "events.db"
    good = local_server.serve("/good.rss", _feed(FIRST), "application/rss+xml")
    broken = local_server.serve("/broken.rss", "not xml at all", "application/rss+xml")
    missing = local_server.url("/missing.rss")

    report = watch_once([broken, missing, good], db=db, coder=coder)

    errors = [poll.error for poll in report.polls]
    assert [(e.code, e.path) if e else None for e in errors] == [
        ("E113", broken),
        ("E115", missing),
        None,
    ]
    assert report.coded is not None
    assert report.coded.articles_coded == 1


def test_watch_loops_and_sleeps_between_rounds(
    tmp_path: Path, local_server: LocalServer, coder: Coder
) -> None:
    db = tmp_path / "events.db"
    url = local_server.serve("/f.rss", _feed(FIRST), "application/rss+xml")
    sleeps: list[float] = []
    news: list[int] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        local_server.serve("/f.rss", _feed(SECOND, FIRST), "application/rss+xml")

    watch(
        [url],
        db=db,
        every=timedelta(seconds=30),
        rounds=2,
        coder=coder,
        sleep=sleep,
        on_round=lambda report: news.append(report.new_items),
    )

    assert news == [1, 1]
    assert len(sleeps) == 1
    assert 25 < sleeps[0] <= 30


def test_a_feed_file_can_be_watched(tmp_path: Path, coder: Coder) -> None:
    feed = tmp_path / "world.rss"
    feed.write_text(_feed(FIRST), encoding="utf-8")
    db = tmp_path / "events.db"

    first = watch_once([str(feed)], db=db, coder=coder)
    feed.write_text(_feed(SECOND, FIRST), encoding="utf-8")
    second = watch_once([str(feed)], db=db, coder=coder)

    assert (first.new_items, second.new_items) == (1, 1)
    assert [entry.key for entry in second.polls[0].new] == ["item-2"]


@pytest.mark.parametrize(
    ("text", "seconds"), [("15m", 900), ("90s", 90), ("2h", 7200), ("1d", 86400), ("45", 45)]
)
def test_parse_every(text: str, seconds: int) -> None:
    assert parse_every(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "0m", "-5s", "soon", "15x", "nan", "inf"])
def test_parse_every_rejects(text: str) -> None:
    with pytest.raises(ValueError, match=r"15m|positive"):
        parse_every(text)


def test_state_path_is_next_to_the_store(tmp_path: Path) -> None:
    assert default_state_path(tmp_path / "e.db") == tmp_path / "e.db.watch.sqlite"
    assert default_state_path(f"sqlite:///{tmp_path}/e.db") == tmp_path / "e.db.watch.sqlite"
    with pytest.raises(ValueError, match="seen-state"):
        default_state_path("postgresql://host/db")


def test_cli_watch_once_twice(tmp_path: Path, local_server: LocalServer) -> None:
    runner = CliRunner(mix_stderr=False)
    db = tmp_path / "events.db"
    url = local_server.serve("/world.rss", _feed(FIRST), "application/rss+xml")

    first = runner.invoke(cli, ["watch", url, "--once", "--db", str(db)])
    local_server.serve("/world.rss", _feed(SECOND, GERMAN, FIRST), "application/rss+xml")
    second = runner.invoke(cli, ["watch", url, "--once", "--db", str(db)])

    assert first.exit_code == 0, first.stderr
    assert f"{url}: 1 new, 0 seen before" in first.stdout
    assert second.exit_code == 0, second.stderr
    assert f"{url}: 2 new, 1 seen before" in second.stdout
    assert "coded 1, already stored 0" in second.stdout
    assert "skipped: 1 non-English (de: 1)" in second.stdout
    assert _stored_urls(db) == ["https://news.example/a", "https://news.example/b"]


def test_cli_watch_rejects_a_bad_interval(tmp_path: Path) -> None:
    result = CliRunner(mix_stderr=False).invoke(
        cli, ["watch", "http://127.0.0.1:9/f", "--every", "soon", "--db", str(tmp_path / "e.db")]
    )

    assert result.exit_code == 2
    assert "15m" in result.stderr
