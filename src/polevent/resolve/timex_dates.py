"""Rules for calendar dates: ``2025-05-16``, ``16/05/2025``, ``16 May 2025``, ``May 16``,
``May 2025``, ``May``, ``last September``, ``the last week of March``, seasons, decades,
centuries and years. A month or day without a year is placed by tense, nearest the anchor."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from polevent.resolve.timex_calendar import (
    MONTHS,
    SEASON_MONTHS,
    SEASONS,
    Reading,
    day_reading,
    decade_reading,
    direction,
    month_reading,
    nearest_day,
    nearest_month,
    season_reading,
    week_reading,
    year_reading,
)

__all__ = ["MONTH", "WEEKDAY", "read_date", "year_number"]

MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
WEEKDAY = (
    r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues?|wed|thur?s?|fri|sat|sun)\.?"
)
DAYNUM = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>[12]\d{3}|'\d{2})"
DATE_FORMS = (
    re.compile(rf"(?:the )?{DAYNUM}(?: of)? {MONTH}(?:,? {YEAR})?"),
    re.compile(rf"{MONTH} (?:the )?{DAYNUM}(?:,? {YEAR})?"),
    re.compile(rf"{MONTH},?(?: of)? {YEAR}"),
    re.compile(MONTH),
)
ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})(?:-(?P<day>\d{2}))?(?:t(?P<time>\d\d:\d\d))?")
NUMERIC = re.compile(r"(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<year>\d{4}|\d{2})")
QUALIFIED_MONTH = re.compile(rf"(last|next|this|this past|this coming|past|coming) {MONTH}")
MONTH_OF_YEAR = re.compile(rf"{MONTH},? (?:of )?(?P<rel>this|last|next) year")
WEEK_OF_MONTH = re.compile(
    rf"(?:the )?(?P<order>first|second|third|fourth|last|final) week of {MONTH}(?:,? {YEAR})?"
)
SEASON = re.compile(
    r"(?:(?P<rel>this|last|next|the|this past|this coming|past|coming) )?"
    r"(?P<season>spring|summer|autumn|fall|winter)(?: (?:of )?(?P<year>\d{4}))?"
)
DAY_WINDOW = 183
"""A month and day without a year more than half a year ahead in a future clause is read as
the nearest one instead (a reference a year ahead names the year). Past clauses stay strictly
on or before the anchor."""


def year_number(text: str, anchor: date) -> int:
    """``2025`` -> 2025; ``'82`` / ``82`` -> the century that keeps it at most 10 years ahead."""
    digits = int(text.lstrip("'"))
    if digits >= 100:
        return digits
    year = anchor.year // 100 * 100 + digits
    return year - 100 if year > anchor.year + 10 else year


def read_date(phrase: str, anchor: date, tense: str | None, day_first: bool) -> Reading | None:
    """The first calendar-date rule that reads ``phrase``."""
    for rule in (_iso, _numeric, _qualified_month, _month_of_year, _week_of_month, _month_forms):
        reading = rule(phrase, anchor, tense, day_first)
        if reading is not None:
            return reading
    for simple in (_season, _decade, _century, _year):
        reading = simple(phrase, anchor, tense)
        if reading is not None:
            return reading
    return None


def _iso(phrase: str, anchor: date, tense: str | None, day_first: bool) -> Reading | None:
    """``2025-05-16``, ``2025-05``, ``2025-05-16T14:00``."""
    found = ISO.fullmatch(phrase)
    if found is None or not 1 <= int(found["month"]) <= 12:
        return None
    year, month = int(found["year"]), int(found["month"])
    if found["day"] is None:
        return month_reading(year, month, f"ISO month '{phrase}'")
    try:
        day = date(year, month, int(found["day"]))
    except ValueError:
        return None
    reading = day_reading(day, f"ISO date '{phrase}'")
    if not found["time"]:
        return reading
    return replace(reading, type="TIME", value=f"{day}T{found['time']}", granularity="minute")


def _numeric(phrase: str, anchor: date, tense: str | None, day_first: bool) -> Reading | None:
    """``16/05/2025`` (day first when the first number cannot be a month, or ``day_first``),
    ``7/8/07`` (month first by default, as in US copy)."""
    found = NUMERIC.fullmatch(phrase)
    if found is None:
        return None
    first, second = int(found["a"]), int(found["b"])
    flip = first > 12 or (day_first and second <= 12)
    month, day_number = (second, first) if flip else (first, second)
    try:
        day = date(year_number(found["year"], anchor), month, day_number)
    except ValueError:
        return None
    order = "day first" if flip else "month first"
    return day_reading(day, f"numeric date '{phrase}' read {order}")


def _qualified_month(
    phrase: str, anchor: date, tense: str | None, day_first: bool
) -> Reading | None:
    """``last September`` -> the latest September before the anchor's month."""
    found = QUALIFIED_MONTH.fullmatch(phrase)
    if found is None:
        return None
    way = {"last": "past", "past": "past", "this past": "past", "this": "nearest"}.get(
        found[1], "future"
    )
    month = MONTHS[found["month"][:3]]
    year = nearest_month(month, anchor, way)
    if way != "nearest" and month == anchor.month:
        year += -1 if way == "past" else 1
    return month_reading(year, month, f"'{phrase}', story date {anchor} → {year}")


def _month_of_year(phrase: str, anchor: date, tense: str | None, day_first: bool) -> Reading | None:
    """``October of next year``."""
    found = MONTH_OF_YEAR.fullmatch(phrase)
    if found is None:
        return None
    year = anchor.year + {"this": 0, "last": -1, "next": 1}[found["rel"]]
    return month_reading(year, MONTHS[found["month"][:3]], f"'{phrase}' → {year}")


def _week_of_month(phrase: str, anchor: date, tense: str | None, day_first: bool) -> Reading | None:
    """``the last week of March``: the ISO week holding the 4th (first week) .. the 25th
    (fourth), or the last day minus three (last week)."""
    found = WEEK_OF_MONTH.fullmatch(phrase)
    if found is None:
        return None
    month = MONTHS[found["month"][:3]]
    year = (
        year_number(found["year"], anchor) if found["year"] else nearest_month(month, anchor, tense)
    )
    order = {"first": 1, "second": 2, "third": 3, "fourth": 4}.get(found["order"])
    if order is None:
        following = date(year + month // 12, month % 12 + 1, 1)
        day = following - timedelta(days=4)
    else:
        day = date(year, month, 7 * order - 3)
    return week_reading(day, f"'{phrase}' → the week holding {day}")


def _month_forms(phrase: str, anchor: date, tense: str | None, day_first: bool) -> Reading | None:
    """``16 May 2025``, ``May 16``, ``May 2025``, ``May`` (a leading weekday is dropped)."""
    phrase = re.sub(rf"^{WEEKDAY},? (?=\S*\d|{MONTH})", "", phrase)
    for form in DATE_FORMS:
        found = form.fullmatch(phrase)
        if found is not None:
            return _month_date(found, phrase, anchor, tense)
    return None


def _month_date(
    found: re.Match[str], phrase: str, anchor: date, tense: str | None
) -> Reading | None:
    month = MONTHS[found["month"][:3]]
    groups = found.groupdict()
    year = year_number(groups["year"], anchor) if groups.get("year") else None
    if groups.get("day"):
        return _month_day(month, int(groups["day"]), year, anchor, tense, phrase)
    if year is not None:
        return month_reading(year, month, f"month and year '{phrase}'")
    year = nearest_month(month, anchor, tense)
    return month_reading(year, month, f"'{phrase}' without a year, {direction(tense)} → {year}")


def _month_day(
    month: int, day_number: int, year: int | None, anchor: date, tense: str | None, phrase: str
) -> Reading | None:
    if year is not None:
        try:
            return day_reading(date(year, month, day_number), f"calendar date '{phrase}'")
        except ValueError:
            return None
    day = nearest_day(month, day_number, anchor, tense)
    nearest = nearest_day(month, day_number, anchor, None)
    if tense == "future" and day is not None and nearest is not None:
        day = nearest if (day - anchor).days > DAY_WINDOW else day
    if day is None:
        return None
    return day_reading(day, f"'{phrase}' without a year, {direction(tense)} of {anchor} → {day}")


def _season(phrase: str, anchor: date, tense: str | None) -> Reading | None:
    """``last spring``, ``this summer``, ``winter 2024``; a bare season by tense."""
    found = SEASON.fullmatch(phrase)
    if found is None:
        return None
    season = SEASONS[found["season"]]
    first_month = SEASON_MONTHS[season]
    current = anchor.year if date(anchor.year, first_month, 1) <= anchor else anchor.year - 1
    current_end = season_reading(current, season, "").end or anchor
    relation = found["rel"] or ""
    if found["year"]:
        year = int(found["year"])
    elif relation == "this" and tense != "past":
        year = anchor.year - 1 if season == "WI" and anchor.month <= 2 else anchor.year
    elif relation in {"last", "past", "this past"}:
        year = current if current_end < anchor else current - 1
    elif relation in {"next", "coming", "this coming"} or (
        direction(tense) == "future" and current_end < anchor
    ):
        year = current + 1
    else:
        year = current
    return season_reading(year, season, f"season '{phrase}', story date {anchor} → {year}")


def _decade(phrase: str, anchor: date, tense: str | None) -> Reading | None:
    """``the 1990s`` -> ``199``; ``the '80s`` / ``80s`` -> ``198`` (the latest such decade
    not after the anchor)."""
    found = re.fullmatch(r"(?:the )?(?:mid-|early |late )?('?\d{1,3})0'?s", phrase)
    if found is None or len(found[1].lstrip("'")) == 2:
        return None
    digits = found[1].lstrip("'")
    decade = int(digits)
    if len(digits) == 1:
        decade += anchor.year // 100 * 10
        decade = decade - 10 if decade * 10 > anchor.year else decade
    return decade_reading(decade, f"decade '{phrase}' → {decade * 10}-{decade * 10 + 9}")


def _century(phrase: str, anchor: date, tense: str | None) -> Reading | None:
    """``the 20th century`` -> ``19``."""
    found = re.fullmatch(r"(?:the )?(\d{1,2})(?:st|nd|rd|th) century", phrase)
    if found is None:
        return None
    century = int(found[1]) - 1
    return Reading(
        value=f"{century:02d}",
        type="DATE",
        start=date(max(century * 100, 1), 1, 1),
        end=date(century * 100 + 99, 12, 31),
        granularity="year",
        reason=f"century '{phrase}'",
    )


def _year(phrase: str, anchor: date, tense: str | None) -> Reading | None:
    """``2019``, ``the year 2019``, ``'82``, ``fiscal 2019``."""
    found = re.fullmatch(r"(?:the year |calendar |fiscal |fy ?)?([12]\d{3}|'\d\d)", phrase)
    if found is None:
        return None
    year = year_number(found[1], anchor)
    if not 1000 <= year <= 2199:
        return None
    return year_reading(year, f"year '{phrase}'")
