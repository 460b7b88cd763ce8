"""EventFilter -> WHERE clause with ? placeholders; values only ever travel as parameters."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from typing import Any

import pytest

from polevent.query import EventFilter, to_sql
from polevent.store.migrations import apply_migrations

ACTOR_SQL = (
    "events.event_id IN (SELECT a.event_id FROM event_actors AS a"
    " WHERE {roles}(a.country = ? OR (a.code >= ? AND a.code < ?)))"
)
EITHER = ACTOR_SQL.format(roles="")


def test_empty_filter_has_no_where_clause() -> None:
    assert to_sql(EventFilter()) == ("", [])
    assert to_sql(EventFilter(limit=5)) == ("", [])


def test_actor_matches_country_or_code_prefix_in_either_role_case_insensitively() -> None:
    assert to_sql(EventFilter(actor=" indgov ")) == (
        f"WHERE {EITHER}",
        ["INDGOV", "INDGOV", "INDGOW"],
    )


@pytest.mark.parametrize(("role", "other"), [("source", "target"), ("target", "source")])
def test_source_and_target_are_role_restricted(role: str, other: str) -> None:
    only_role: dict[str, Any] = {role: "IND"}
    sql, params = to_sql(EventFilter(**only_role))
    assert sql == "WHERE " + ACTOR_SQL.format(roles=f"a.role = '{role}' AND ")
    assert f"a.role = '{other}'" not in sql
    assert params == ["IND", "IND", "INE"]


def test_like_wildcards_in_a_value_are_escaped() -> None:
    _, params = to_sql(EventFilter(text="a%b_C\\"))
    assert params == ["%a\\%b\\_c\\\\%"]
    _, params = to_sql(EventFilter(actor="a%b_c"))  # a code range: wildcards mean nothing there
    assert params == ["A%B_C", "A%B_C", "A%B_D"]


def test_dates_root_plover_article() -> None:
    sql, params = to_sql(
        EventFilter(
            since=date(2025, 5, 1),
            until=date(2025, 5, 31),
            cameo_root="9",
            plover_type="assault",
            article_id="abc",
        )
    )
    assert sql == (
        "WHERE events.day >= ? AND events.day <= ? AND events.cameo_root = ?"
        " AND upper(events.plover_type) = ? AND events.article_id = ?"
    )
    assert params == ["2025-05-01", "2025-05-31", "09", "ASSAULT", "abc"]


def test_conditions_are_combined_with_and_in_a_fixed_order() -> None:
    sql, params = to_sql(EventFilter(cameo_root="19", source="PAK", actor="IND"))
    assert sql == (
        f"WHERE {EITHER} AND "
        + ACTOR_SQL.format(roles="a.role = 'source' AND ")
        + " AND events.cameo_root = ?"
    )
    assert params == ["IND", "IND", "INE", "PAK", "PAK", "PAL", "19"]


def test_values_are_never_pasted_into_the_sql() -> None:
    hostile = "x'); DROP TABLE events; --"
    sql, params = to_sql(EventFilter(actor=hostile, article_id=hostile, plover_type=hostile))
    assert "DROP" not in sql
    assert sql.count("?") == len(params) == 5


def test_a_datetime_bound_counts_as_its_date() -> None:
    # datetime is a date subclass; the filter compares whole days.
    moment = datetime(2025, 5, 1, 23, 0, tzinfo=UTC)
    assert to_sql(EventFilter(since=moment, until=moment))[1] == ["2025-05-01", "2025-05-01"]


@pytest.mark.parametrize("field", ["actor", "source", "target", "cameo_root", "article_id"])
def test_empty_strings_are_rejected(field: str) -> None:
    blank: dict[str, Any] = {field: "  "}
    with pytest.raises(ValueError, match=f"EventFilter.{field} must not be empty"):
        EventFilter(**blank)


def test_negative_limit_is_rejected() -> None:
    with pytest.raises(ValueError, match="limit must be >= 0"):
        EventFilter(limit=-1)


def test_every_clause_runs_against_the_store_schema() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    apply_migrations(conn, now=lambda: datetime(2025, 1, 1, tzinfo=UTC))
    full = EventFilter(
        actor="IND",
        source="IND",
        target="PAK",
        since=date(2025, 1, 1),
        until=date(2025, 12, 31),
        cameo_root="19",
        plover_type="ASSAULT",
        article_id="a",
    )
    where, params = to_sql(full)
    assert conn.execute(f"SELECT count(*) FROM events {where}", params).fetchone() == (0,)
    conn.close()
