"""parse_published: the date formats sources use."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from polevent.errors import InputError
from polevent.ingest import parse_published


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-05-16", datetime(2025, 5, 16)),
        ("2025-05-16T11:57:00", datetime(2025, 5, 16, 11, 57)),
        ("2025-05-16 11:57", datetime(2025, 5, 16, 11, 57)),
        ("16 May 2025, 11:57 AM", datetime(2025, 5, 16, 11, 57)),
        ("16 May 2025, 11:57 PM", datetime(2025, 5, 16, 23, 57)),
        ("16 May 2025, 12:05 AM", datetime(2025, 5, 16, 0, 5)),
        ("16 May 2025 11:57am", datetime(2025, 5, 16, 11, 57)),
        ("16 May 2025, 11:57 p.m.", datetime(2025, 5, 16, 23, 57)),
        ("16 May 2025", datetime(2025, 5, 16)),
        ("3 Sep 2024", datetime(2024, 9, 3)),
        ("3 September 2024 14:30", datetime(2024, 9, 3, 14, 30)),
        ("May 16, 2025", datetime(2025, 5, 16)),
        ("Jan. 2, 2024", datetime(2024, 1, 2)),
        ("December 31, 2024, 11:59:58 PM", datetime(2024, 12, 31, 23, 59, 58)),
        ("  16   may   2025  ", datetime(2025, 5, 16)),
    ],
)
def test_naive_formats(value: str, expected: datetime) -> None:
    parsed = parse_published(value)
    assert parsed == expected
    assert parsed.tzinfo is None


@pytest.mark.parametrize(
    ("value", "offset"),
    [
        ("2025-05-16T11:57:00Z", timedelta(0)),
        ("2025-05-16T11:57:00+05:30", timedelta(hours=5, minutes=30)),
        ("2025-05-16T11:57:00-04:00", timedelta(hours=-4)),
    ],
)
def test_iso_with_zone_stays_aware(value: str, offset: timedelta) -> None:
    parsed = parse_published(value)
    assert parsed.utcoffset() == offset
    assert parsed == datetime(2025, 5, 16, 11, 57, tzinfo=timezone(offset))


def test_z_means_utc() -> None:
    assert parse_published("2024-03-04T10:30:00Z") == datetime(2024, 3, 4, 10, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "value", ["", "   ", "yesterday", "32 May 2025", "2025-13-01", "May 2025", "16/05/2025x"]
)
def test_unparseable_is_e105_with_value(value: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_published(value)
    assert caught.value.code == "E105"
    assert repr(value) in caught.value.detail
    assert caught.value.path is None
    assert caught.value.line is None
