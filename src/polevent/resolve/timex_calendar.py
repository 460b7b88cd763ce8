"""Calendar arithmetic and vocabulary for time expressions: TimeML values and the date ranges
they cover, month/weekday/number words, and choosing a year or a weekday by tense.

Pure functions over ``datetime.date``; ``timex_rules`` builds on them.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = [
    "DAY",
    "MONTHS",
    "NUMBER_WORDS",
    "SEASONS",
    "SEASON_MONTHS",
    "WEEKDAYS",
    "Reading",
    "add_months",
    "day_reading",
    "decade_reading",
    "direction",
    "month_reading",
    "nearest_day",
    "nearest_month",
    "number_value",
    "quarter_reading",
    "season_reading",
    "week_reading",
    "weekday_by_tense",
    "year_reading",
]

DAY = timedelta(days=1)

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
SEASON_MONTHS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
NUMBER_WORDS = {
    "a": 1.0, "an": 1.0, "one": 1.0, "single": 1.0, "two": 2.0, "three": 3.0, "four": 4.0,
    "five": 5.0, "six": 6.0, "seven": 7.0, "eight": 8.0, "nine": 9.0, "ten": 10.0,
    "eleven": 11.0, "twelve": 12.0, "thirteen": 13.0, "fourteen": 14.0, "fifteen": 15.0,
    "sixteen": 16.0, "seventeen": 17.0, "eighteen": 18.0, "nineteen": 19.0, "twenty": 20.0,
    "thirty": 30.0, "forty": 40.0, "fifty": 50.0, "sixty": 60.0, "seventy": 70.0,
    "eighty": 80.0, "ninety": 90.0, "hundred": 100.0, "couple": 2.0, "a couple of": 2.0,
    "dozen": 12.0, "a dozen": 12.0, "half": 0.5, "a half": 0.5, "half a": 0.5, "half an": 0.5,
}  # fmt: skip
VAGUE_NUMBERS = frozenset({"several", "few", "a few", "some", "many", "numerous", "recent"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Reading:
    """What one expression means: TimeML ``value`` and ``type``, the range of days it covers
    (``None`` = open or not a point in time), its granularity, ``mod`` (TimeML START, MID, END,
    APPROX, BEFORE, AFTER, ...) and the reason in words."""

    value: str
    type: str
    start: date | None
    end: date | None
    granularity: str
    reason: str
    mod: str = ""


def number_value(word: str) -> float | None:
    """``"two"`` -> 2.0, ``"12"`` -> 12.0, ``"twenty-five"`` -> 25.0, ``"2 1/2"`` -> 2.5,
    ``"two and a half"`` -> 2.5; vague words (``several``) -> ``nan``; else ``None``."""
    word = word.strip().lower()
    if word in VAGUE_NUMBERS:
        return float("nan")
    for suffix in (" and a half", " and half", " 1/2"):
        if word.endswith(suffix):
            whole = number_value(word[: -len(suffix)])
            return None if whole is None else whole + 0.5
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    return _compound_number(word)


def _compound_number(word: str) -> float | None:
    """``twenty-five`` -> 25.0, ``1,000`` -> 1000.0."""
    if "-" in word:
        parts = [NUMBER_WORDS.get(part) for part in word.split("-")]
        if len(parts) == 2 and parts[0] is not None and parts[1] is not None:
            return parts[0] + parts[1]
    try:
        return float(word.replace(",", ""))
    except ValueError:
        return None


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """``(year, month)`` moved by ``delta`` months."""
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def day_reading(day: date, reason: str, *, type_: str = "DATE") -> Reading:
    """One day."""
    return Reading(
        value=day.isoformat(), type=type_, start=day, end=day, granularity="day", reason=reason
    )


def month_reading(year: int, month: int, reason: str) -> Reading:
    """One calendar month."""
    last = calendar.monthrange(year, month)[1]
    return Reading(
        value=f"{year:04d}-{month:02d}",
        type="DATE",
        start=date(year, month, 1),
        end=date(year, month, last),
        granularity="month",
        reason=reason,
    )


def decade_reading(decade: int, reason: str) -> Reading:
    """One decade: ``199`` = 1990-1999."""
    return Reading(
        value=f"{decade:03d}",
        type="DATE",
        start=date(decade * 10, 1, 1),
        end=date(decade * 10 + 9, 12, 31),
        granularity="year",
        reason=reason,
    )


def year_reading(year: int, reason: str) -> Reading:
    """One calendar year."""
    return Reading(
        value=f"{year:04d}",
        type="DATE",
        start=date(year, 1, 1),
        end=date(year, 12, 31),
        granularity="year",
        reason=reason,
    )


def week_reading(day: date, reason: str, *, weekend: bool = False) -> Reading:
    """The ISO week holding ``day`` (``2025-W19``), or its weekend (``2025-W19-WE``)."""
    iso_year, week, weekday = day.isocalendar()
    monday = day - timedelta(days=weekday - 1)
    start, end = (monday + 5 * DAY, monday + 6 * DAY) if weekend else (monday, monday + 6 * DAY)
    return Reading(
        value=f"{iso_year:04d}-W{week:02d}" + ("-WE" if weekend else ""),
        type="DATE",
        start=start,
        end=end,
        granularity="week",
        reason=reason,
    )


def quarter_reading(year: int, quarter: int, reason: str) -> Reading:
    """One calendar quarter (``2025-Q2``); granularity ``month`` (the range says three)."""
    first = 3 * (quarter - 1) + 1
    last = calendar.monthrange(year, first + 2)[1]
    return Reading(
        value=f"{year:04d}-Q{quarter}",
        type="DATE",
        start=date(year, first, 1),
        end=date(year, first + 2, last),
        granularity="month",
        reason=reason,
    )


def season_reading(year: int, season: str, reason: str) -> Reading:
    """A meteorological season (``2025-SU`` = June-August; winter = December-February)."""
    first = SEASON_MONTHS[season]
    end_year, end_month = add_months(year, first, 2)
    last = calendar.monthrange(end_year, end_month)[1]
    return Reading(
        value=f"{year:04d}-{season}",
        type="DATE",
        start=date(year, first, 1),
        end=date(end_year, end_month, last),
        granularity="month",
        reason=reason,
    )


def direction(tense: str | None) -> str:
    """``past`` and ``future`` keep their direction; anything else means nearest."""
    return tense if tense in {"past", "future"} else "nearest"


def nearest_day(month: int, day: int, anchor: date, tense: str | None) -> date | None:
    """The ``month``/``day`` nearest to ``anchor`` consistent with tense: past -> on or before
    the anchor, future -> on or after it, otherwise the closest (``None`` if never valid)."""
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    way = direction(tense)
    if way == "past":
        before = [d for d in candidates if d <= anchor]
        return max(before) if before else min(candidates)
    if way == "future":
        after = [d for d in candidates if d >= anchor]
        return min(after) if after else max(candidates)
    return min(candidates, key=lambda d: (abs((d - anchor).days), d > anchor))


def nearest_month(month: int, anchor: date, tense: str | None) -> int:
    """The year of the month ``month`` nearest to ``anchor`` consistent with tense (the same
    year when no tense decides and it is no further than six months away)."""
    way = direction(tense)
    if way == "past":
        return anchor.year if month <= anchor.month else anchor.year - 1
    if way == "future":
        return anchor.year if month >= anchor.month else anchor.year + 1
    gap = month - anchor.month
    if gap > 6:
        return anchor.year - 1
    if gap < -6:
        return anchor.year + 1
    return anchor.year


def weekday_by_tense(weekday: int, anchor: date, tense: str | None) -> tuple[date, str, str]:
    """The day named ``weekday`` (Monday = 0) nearest to ``anchor`` consistent with tense, the
    context that decided it ("in a past-tense clause") and which one ("previous", "next",
    "same-day"). The anchor's own weekday means the anchor day itself."""
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    way = direction(tense)
    contexts = {"past": "in a past-tense clause", "future": "in a future-tense clause"}
    context = contexts.get(way, "with no tense (nearest)")
    if way == "past" or (way == "nearest" and back <= ahead):
        return anchor - timedelta(days=back), context, "same-day" if back == 0 else "previous"
    return anchor + timedelta(days=ahead), context, "same-day" if ahead == 0 else "next"
