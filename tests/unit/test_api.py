"""polevent.api: ``code`` and ``events`` on real files with the real model (coder built once)."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

import polevent
from polevent.api import code, events
from polevent.errors import InputError, StoreError
from polevent.pipeline import Coder
from polevent.query.filters import EventFilter
from polevent.store import StoreStats

FIXTURES = Path(__file__).parents[1] / "fixtures" / "cli"
CALL = FIXTURES / "modi_sharif_call.txt"
MEETING = FIXTURES / "iwaya_jaishankar.txt"
NO_DATE = FIXTURES / "dar_no_date.txt"
BINARY = b"\x00\x01\x02\xff\xfe\x00not text\x00"


def _inputs(root: Path, *files: tuple[str, Path | bytes]) -> Path:
    """``root/in`` holding ``files``: (name, fixture to copy or raw bytes) pairs."""
    folder = root / "in"
    folder.mkdir()
    for name, content in files:
        if isinstance(content, Path):
            shutil.copyfile(content, folder / name)
        else:
            (folder / name).write_bytes(content)
    return folder


def _stats(db: Path) -> StoreStats:
    with polevent.open_store(db) as store:
        return store.stats()


def test_keep_going_stores_good_article_and_reports_bad_files(tmp_path: Path, coder: Coder) -> None:
    folder = _inputs(tmp_path, ("a_bad.txt", BINARY), ("b_call.txt", CALL), ("c_empty.txt", b""))
    db = tmp_path / "events.db"

    report = code([folder], db=db, keep_going=True, coder=coder)

    assert (report.articles_read, report.articles_coded, report.events_added) == (1, 1, 2)
    assert report.articles_already_stored == 0
    assert [(e.code, e.path) for e in report.errors] == [
        ("E102", str(folder / "a_bad.txt")),
        ("E101", str(folder / "c_empty.txt")),
    ]
    assert report.warnings == ()
    assert _stats(db) == StoreStats(articles=1, events=2)
    [event] = [e for e in events(db=db) if e.source[0].code == "INDGOV"]
    assert [a.code for a in event.source] == ["INDGOV"]
    assert [a.code for a in event.target] == ["PAKGOV"]
    assert event.cameo_code == "041"
    assert event.plover_type == "CONSULT"
    assert event.date.start == date(2025, 3, 3)
    assert event.published_at == datetime(2025, 3, 3, 9, 0)
    assert event.evidence.text.startswith("Indian Prime Minister Narendra Modi held a phone call")


def test_without_keep_going_first_error_raises_and_earlier_articles_stay(
    tmp_path: Path, coder: Coder
) -> None:
    folder = _inputs(
        tmp_path,
        ("a_call.txt", CALL),
        ("b_corrupt.txt", BINARY),
        ("c_meeting.txt", MEETING),
        ("d_empty.txt", b""),
    )
    db = tmp_path / "events.db"

    with pytest.raises(InputError) as caught:
        code([folder], db=db, coder=coder)

    assert caught.value.code == "E102"
    assert caught.value.path == str(folder / "b_corrupt.txt")
    # The article read before the bad file is coded and stored; nothing after it is read.
    assert _stats(db) == StoreStats(articles=1, events=2)
    assert [e.cameo_code for e in events(db=db)] == ["041", "041"]


def test_first_input_bad_raises_before_anything_is_stored(tmp_path: Path, coder: Coder) -> None:
    folder = _inputs(tmp_path, ("a_empty.txt", b"  \n"), ("b_call.txt", CALL))
    db = tmp_path / "events.db"

    with pytest.raises(InputError, match="E101") as caught:
        code([folder], db=db, coder=coder)

    assert caught.value.path == str(folder / "a_empty.txt")
    assert _stats(db) == StoreStats(articles=0, events=0)


def test_rerun_on_same_inputs_adds_nothing(tmp_path: Path, coder: Coder) -> None:
    folder = _inputs(tmp_path, ("call.txt", CALL), ("meeting.txt", MEETING))
    db = tmp_path / "events.db"
    first = code([folder], db=db, coder=coder)
    stats_before, events_before = _stats(db), events(db=db)

    again = code([folder], db=db, coder=coder)

    assert (first.articles_coded, first.events_added) == (2, 3)  # 041 is coded both ways
    assert (again.articles_read, again.articles_coded, again.articles_already_stored) == (2, 0, 2)
    assert again.events_added == 0
    assert _stats(db) == stats_before == StoreStats(articles=2, events=3)
    assert events(db=db) == events_before
    assert {e.cameo_code for e in events_before} == {"041", "040"}


def test_text_without_date_gets_unknown_date_and_w101(tmp_path: Path, coder: Coder) -> None:
    folder = _inputs(tmp_path, ("dar.txt", NO_DATE))
    db = tmp_path / "events.db"

    report = code([folder], db=db, coder=coder)

    assert [(w.code, w.path) for w in report.warnings] == [("W101", str(folder / "dar.txt"))]
    assert str(folder / "dar.txt") in str(report.warnings[0])
    found = events(db=db)
    assert [(e.source[0].code, e.cameo_code) for e in found] == [("PAKGOV", "111")]
    assert all(e.date.granularity == "unknown" and e.date.start is None for e in found)
    assert all(e.published_at is None for e in found)


def test_published_option_dates_undated_text(tmp_path: Path, coder: Coder) -> None:
    folder = _inputs(tmp_path, ("dar.txt", NO_DATE))
    db = tmp_path / "events.db"

    report = code([folder], db=db, coder=coder, published=datetime(2025, 4, 25, 8, 30))

    assert report.warnings == ()
    found = events(db=db)
    assert len(found) == 1
    assert found[0].published_at == datetime(2025, 4, 25, 8, 30)
    assert (found[0].date.start, found[0].date.end) == (date(2025, 4, 25), date(2025, 4, 25))
    assert found[0].date.granularity == "day"


def test_published_does_not_override_the_file_header(tmp_path: Path, coder: Coder) -> None:
    folder = _inputs(tmp_path, ("call.txt", CALL))
    db = tmp_path / "events.db"

    code([folder], db=db, coder=coder, published=datetime(2030, 1, 1))

    assert [e.date.start for e in events(db=db)] == [date(2025, 3, 3)] * 2


def test_progress_is_called_once_per_coded_article(tmp_path: Path, coder: Coder) -> None:
    folder = _inputs(tmp_path, ("call.txt", CALL), ("meeting.txt", MEETING))
    seen: list[str] = []

    code([folder], db=tmp_path / "e.db", coder=coder, progress=lambda a: seen.append(a.source))

    assert seen == [str(folder / "call.txt"), str(folder / "meeting.txt")]


def test_events_filters(tmp_path: Path, coder: Coder) -> None:
    folder = _inputs(tmp_path, ("call.txt", CALL), ("meeting.txt", MEETING))
    db = tmp_path / "events.db"
    code([folder], db=db, coder=coder)

    assert [e.cameo_code for e in events(db=db)] == ["041", "041", "040"]
    pak = events(db=db, where=EventFilter(actor="PAK"))
    assert [e.cameo_code for e in pak] == ["041", "041"]
    from_pak = events(db=db, where=EventFilter(source="PAK"))
    assert [(e.source[0].code, e.target[0].code) for e in from_pak] == [("PAKGOV", "INDGOV")]
    assert [e.cameo_code for e in events(db=db, where=EventFilter(actor="JPN"))] == ["040"]
    since = EventFilter(since=date(2025, 3, 5))
    assert [e.cameo_code for e in events(db=db, where=since)] == ["040"]
    assert events(db=f"sqlite:///{db}", where=EventFilter(limit=1)) == events(db=db)[:1]


@pytest.mark.parametrize("form", ["plain", "path", "sqlite_url"])
def test_events_on_missing_store_raises_e401_and_creates_nothing(tmp_path: Path, form: str) -> None:
    missing = tmp_path / "missing.db"
    forms: dict[str, str | Path] = {
        "plain": str(missing),
        "path": missing,
        "sqlite_url": f"sqlite:///{missing}",
    }
    db = forms[form]

    with pytest.raises(StoreError) as caught:
        events(db=db)

    assert caught.value.code == "E401"
    assert caught.value.path == str(db)
    assert not missing.exists()
    assert list(tmp_path.iterdir()) == []


def test_events_on_unknown_url_scheme_is_e404(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        events(db="mysql://localhost/events")
    assert caught.value.code == "E404"


def test_code_creates_missing_store(tmp_path: Path, coder: Coder) -> None:
    folder = _inputs(tmp_path, ("call.txt", CALL))
    db = tmp_path / "new" / "events.db"
    db.parent.mkdir()

    report = code([folder], db=str(db), coder=coder)

    assert report.events_added == 2  # the phone call, coded both ways
    assert db.is_file()
