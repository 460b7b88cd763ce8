"""``polevent.recode_diff`` (pure: current vs pending mentions, field by field) and
``polevent.recode`` with the real coder over a tiny store."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType

import pytest

from polevent.pipeline import Coder, code_article
from polevent.query import EventFilter
from polevent.recode import accept_store, diff_store, recode_store
from polevent.recode_diff import FieldChange, diff_mentions, diff_run, field_changes
from polevent.records import Counts, EventRecord, Place
from polevent.store import open_sqlite


def _store_factories() -> ModuleType:
    """tests/unit/store/conftest.py (its ``make_article`` and ``make_event``), loaded once."""
    folder = Path(__file__).parent / "store"
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))  # its ``store_backends``
    path = folder / "conftest.py"
    spec = importlib.util.spec_from_file_location("_recode_store_factories", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_factories = _store_factories()
make_article = _factories.make_article
make_event = _factories.make_event
ARTICLE = make_article(text="India struck. Talks followed.")
CALL = Path(__file__).parents[1] / "fixtures" / "cli" / "modi_sharif_call.txt"


def _v(event: EventRecord, version: str) -> EventRecord:
    return replace(event, coder_version=version, data_version=f"data {version}")


def test_field_changes_lists_each_changed_field_old_to_new() -> None:
    old = make_event(ARTICLE)
    new = replace(
        old,
        cameo_code="193",
        plover_type="COERCE",
        modality="negated",
        counts=Counts(killed=3),
        place=Place(
            name="Muzaffarabad", geonameid=None, lat=None, lon=None, admin1="Azad Kashmir",
            country="PAK", feature=None, text="Muzaffarabad", reason="test",
        ),
    )  # fmt: skip
    assert field_changes(old, new) == (
        FieldChange(field="cameo_code", old="190", new="193"),
        FieldChange(field="plover_type", old="ASSAULT", new="COERCE"),
        FieldChange(field="modality", old="asserted", new="negated"),
        FieldChange(field="place", old="", new="Muzaffarabad (Azad Kashmir, PAK)"),
        FieldChange(field="counts", old="", new="killed=3"),
    )


def test_versions_and_reasons_alone_are_no_change() -> None:
    old = _v(make_event(ARTICLE), "1")
    new = replace(_v(old, "2"), code_reason="another pattern")
    assert field_changes(old, new) == ()
    assert diff_mentions([old], [new]) == ([], 1)


def test_diff_matches_by_id_then_by_sentence_and_trigger() -> None:
    kept = make_event(ARTICLE, sentence_index=0)
    recoded = make_event(ARTICLE, sentence_index=1, cameo_code="190")
    other = make_event(ARTICLE, sentence_index=1, target=["AFGGOV"], cameo_code="190")
    dropped = replace(make_event(ARTICLE, sentence_index=2), trigger="said")
    new_code = make_event(ARTICLE, sentence_index=1, cameo_code="193")
    added = make_event(ARTICLE, sentence_index=4)

    changes, unchanged = diff_mentions([kept, recoded, other, dropped], [kept, new_code, added])

    assert unchanged == 1
    assert {(c.kind, c.sentence_index, c.old_id, c.new_id, c.matched_by) for c in changes} == {
        ("recoded", 1, recoded.event_id, new_code.event_id, "sentence_trigger"),
        ("dropped", 1, other.event_id, None, None),
        ("dropped", 2, dropped.event_id, None, None),
        ("new", 4, None, added.event_id, None),
    }  # the PAKGOV mention, not the AFGGOV one, is re-coded: fewer fields differ
    assert [c.sentence_index for c in changes] == [1, 1, 2, 4]
    (code_change,) = [c for c in changes if c.kind == "recoded"]
    assert [f.field for f in code_change.changes] == ["cameo_code", "cameo_label"]


def test_diff_run_counts_and_orders() -> None:
    second = make_article(text="Another story.")
    a = make_event(ARTICLE)
    b = make_event(second)
    moved = replace(b, goldstein=-5.0)
    found = diff_run(
        [([_v(a, "1")], []), ([_v(b, "1")], [_v(moved, "2"), _v(a, "2")])],
        run_id="r1",
        coder_version="2",
        data_version="data 2",
    )
    assert (found.articles, found.current, found.pending) == (2, 2, 2)
    assert (found.new, found.dropped, found.recoded, found.unchanged) == (1, 1, 1, 0)
    assert found.old_versions == (("1", "data 1"),)
    assert found.fields == (("goldstein", 1),)
    keys = [(c.article_id, c.sentence_index, c.old_id or "", c.new_id or "") for c in found.changes]
    assert keys == sorted(keys)


def test_recode_with_the_real_coder_over_a_tiny_store(tmp_path: Path, coder: Coder) -> None:
    text = CALL.read_text(encoding="utf-8")
    article = make_article(text=text, published_at=datetime(2025, 3, 3, 9, tzinfo=UTC))
    stale = _v(make_event(article, sentence_index=5, date_start=date(2025, 3, 3)), "0.0.1")
    with open_sqlite(tmp_path / "events.db") as store:
        store.add_article(article, [stale])

        summary = recode_store(store, coder)

        expected = code_article(article, coder)
        assert expected, "the fixture article codes to events"
        assert (summary.articles_recoded, summary.pending) == (1, len(expected))
        assert summary.coder_version == coder.coder_version
        assert store.events(EventFilter()) == [stale]
        found = diff_store(store)
        assert (found.new, found.dropped, found.recoded) == (len(expected), 1, 0)
        assert {c.new_id for c in found.changes if c.kind == "new"} == {
            e.event_id for e in expected
        }

        accepted = accept_store(store)

        assert (accepted.added, accepted.dropped) == (len(expected), 1)
        assert store.events(EventFilter()) == sorted(
            expected, key=lambda e: (e.sentence_index, e.event_id)
        )
        again = recode_store(store, coder)
        assert (again.run_id, again.articles_recoded, again.articles_current) == (None, 0, 1)


def test_recode_of_a_missing_file_is_e401(tmp_path: Path) -> None:
    from polevent.errors import StoreError
    from polevent.recode import diff

    with pytest.raises(StoreError, match="no such file") as info:
        diff(db=tmp_path / "missing.db")
    assert info.value.code == "E401"
    assert not (tmp_path / "missing.db").exists()
