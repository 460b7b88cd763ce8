"""Publication dates as sources write them: ISO, ``16 May 2025, 11:57 AM``, ``May 16, 2025``."""

from __future__ import annotations

import re
from datetime import datetime

from polevent.errors import InputError

__all__ = ["parse_published"]

_DAY_FIRST = ("%d %B %Y", "%d %b %Y")
_MONTH_FIRST = ("%B %d %Y", "%b %d %Y")
_TIMES = ("", " %I:%M %p", " %I:%M:%S %p", " %H:%M", " %H:%M:%S")
_FORMATS = tuple(day + time for day in _DAY_FIRST + _MONTH_FIRST for time in _TIMES)

_MERIDIEM = re.compile(r"(?<=\d)\s*([ap])\.?\s*m\.?(?=\s|$)", re.IGNORECASE)
_ABBREV_DOT = re.compile(r"(?<=[A-Za-z])\.(?=\s)")


def _clean(value: str) -> str:
    """Drop commas and abbreviation dots, spell AM/PM one way and collapse whitespace."""
    text = value.replace(",", " ")
    text = _MERIDIEM.sub(lambda match: f" {match.group(1).upper()}M", text)
    text = _ABBREV_DOT.sub("", text)
    return " ".join(text.split())


def _parse_iso(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _parse_written(value: str) -> datetime | None:
    text = _clean(value)
    for pattern in _FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None


def parse_published(value: str) -> datetime:
    """Parse a publication date; ISO values with ``Z`` or an offset stay timezone-aware.

    Accepts ISO dates and datetimes (``2025-05-16``, ``2025-05-16T11:57:00Z``) and written forms
    such as ``16 May 2025, 11:57 AM``, ``16 May 2025`` and ``May 16, 2025``. Raises ``InputError``
    E105 with the value in the detail when nothing fits.
    """
    stripped = value.strip()
    parsed = (_parse_iso(stripped) or _parse_written(stripped)) if stripped else None
    if parsed is None:
        raise InputError("E105", repr(value))
    return parsed
