"""Rules for unit expressions: ``last week``, ``earlier this month``, ``the first quarter of
2009``, ``two days ago``, durations (``three days`` -> ``P3D``) and sets (``every week``)."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import date, timedelta

from polevent.resolve.timex_calendar import (
    DAY,
    Reading,
    add_months,
    day_reading,
    decade_reading,
    month_reading,
    number_value,
    quarter_reading,
    week_reading,
    year_reading,
)

__all__ = ["UNITS", "read_units"]

UNITS = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "night": ("D", False), "week": ("W", False), "weekend": ("WE", False),
    "fortnight": ("2W", False), "month": ("M", False), "quarter": ("Q", False),
    "year": ("Y", False), "decade": ("DE", False), "century": ("CE", False),
}  # fmt: skip
UNIT = r"(?P<unit>second|minute|hour|day|night|weekend|week|fortnight|month|quarter|year|decade|century|centurie)(?P<plural>s)?"  # noqa: E501
BACK = {"last", "past", "previous", "prior", "preceding"}
AHEAD = {"next", "coming", "following", "upcoming"}
THIS = {"this", "current", "the", "that", "the same", "this current"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4,
            "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "q1": 1, "q2": 2, "q3": 3, "q4": 4}  # fmt: skip
SET_WORDS = {
    "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "quarterly": "P3M",
    "annual": "P1Y", "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H", "biannual": "P6M",
    "biennial": "P2Y", "fortnightly": "P2W",
}  # fmt: skip


def read_units(phrase: str, *, anchor: date, tense: str | None = None) -> Reading | None:
    """The first unit rule that reads ``phrase``."""
    for rule in (_relative, _earlier_later, _quarter, _ago, _set, _duration):
        reading = rule(phrase, anchor, tense)
        if reading is not None:
            return reading
    return None


def _unit(word: str) -> str:
    return "century" if word.startswith("centur") else word.rstrip("s")


def _shifted(unit: str, steps: int, anchor: date, reason: str) -> Reading | None:
    """The calendar ``unit`` ``steps`` away from the one holding ``anchor``."""
    if unit in {"day", "week", "weekend"}:
        if unit == "day":
            return day_reading(anchor + timedelta(days=steps), reason)
        return week_reading(anchor + timedelta(weeks=steps), reason, weekend=unit == "weekend")
    if unit in {"month", "quarter"}:
        year, month = add_months(anchor.year, anchor.month, steps * (3 if unit == "quarter" else 1))
        if unit == "month":
            return month_reading(year, month, reason)
        return quarter_reading(year, (month - 1) // 3 + 1, reason)
    if unit == "year":
        return year_reading(anchor.year + steps, reason)
    return decade_reading(anchor.year // 10 + steps, reason) if unit == "decade" else None


def _relative(phrase: str, anchor: date, tense: str | None) -> Reading | None:
    """``last week`` -> 2025-W19; ``this year``; ``next month``; ``the past week``."""
    found = re.fullmatch(
        r"(?P<rel>this|current|this current|the|that|the same|last|the last|past|the past|"
        r"previous|the previous|prior|the prior|preceding|the preceding|next|the next|coming|"
        r"the coming|following|the following|upcoming|the upcoming) "
        r"(?P<unit>day|week|weekend|month|quarter|year|decade)",
        phrase,
    )
    if found is None:
        return None
    relation = found["rel"].removeprefix("the ") if found["rel"] != "the" else "the"
    if found["unit"] == "decade" and relation not in THIS:
        return None
    steps = -1 if relation in BACK else 1 if relation in AHEAD else 0
    return _shifted(found["unit"], steps, anchor, f"'{phrase}' from story date {anchor}")


def _earlier_later(phrase: str, anchor: date, tense: str | None) -> Reading | None:
    """``earlier this month`` -> 2025-05 from the 1st to the day before the anchor."""
    found = re.fullmatch(
        r"(earlier|later)(?: in)? (this|last|next|the) (week|month|year|quarter)", phrase
    )
    if found is None:
        return None
    steps = {"this": 0, "the": 0, "last": -1, "next": 1}[found[2]]
    reading = _shifted(found[3], steps, anchor, f"'{phrase}' from story date {anchor}")
    if reading is None or reading.start is None or reading.end is None or steps != 0:
        return reading
    if found[1] == "earlier":
        end = max(reading.start, anchor - DAY)
        return replace(reading, end=end, reason=f"{reading.reason}, up to {end}")
    start = min(reading.end, anchor + DAY)
    return replace(reading, start=start, reason=f"{reading.reason}, from {start}")


def _year_of(text: str, anchor: date) -> int | None:
    text = text.strip()
    if re.fullmatch(r"[12]\d{3}", text):
        return int(text)
    shift = {"this year": 0, "the year": 0, "the current year": 0, "last year": -1,
             "the previous year": -1, "the last year": -1, "next year": 1}  # fmt: skip
    return anchor.year + shift[text] if text in shift else None


def _quarter(phrase: str, anchor: date, tense: str | None) -> Reading | None:
    """``the first quarter of 2009``, ``Q3``, ``third-quarter``, ``the first half of 2025``."""
    found = re.fullmatch(
        r"(?:the )?(first|second|third|fourth|final|last|1st|2nd|3rd|4th|q[1-4])[- ]?"
        r"(quarter|half)?(?:,? (?:of )?(.+))?",
        phrase,
    )
    if found is None or (found[2] is None and not found[1].startswith("q")):
        return None
    part = ORDINALS[found[1]]
    year = _year_of(found[3], anchor) if found[3] else anchor.year
    if year is None:
        return None
    if found[2] == "half":
        half = 2 if found[1] in {"second", "2nd", "final", "last"} else 1
        start, end = (date(year, 1, 1), date(year, 6, 30)) if half == 1 else (
            date(year, 7, 1), date(year, 12, 31))  # fmt: skip
        return Reading(value=f"{year}-H{half}", type="DATE", start=start, end=end,
                       granularity="month", reason=f"half year '{phrase}'")  # fmt: skip
    if found[3] is None and tense == "past" and part > (anchor.month - 1) // 3 + 1:
        year -= 1
    if found[3] is None and found[1] == "last" and tense != "future":
        return _shifted("quarter", -1, anchor, f"'{phrase}' → the quarter before the story date")
    reading = quarter_reading(year, part, f"quarter '{phrase}', story date {anchor}")
    return reading


def _amount(text: str) -> float | None:
    return number_value(text.strip())


def _ago(phrase: str, anchor: date, tense: str | None) -> Reading | None:
    """``two days ago`` -> the day; ``a year ago`` -> the year; ``three weeks later``."""
    found = re.fullmatch(
        rf"(?:some |about |nearly |almost |more than |over )?(?P<n>.+?)[ -]{UNIT} "
        r"(?P<way>ago|earlier|before|back|later|after|from now|hence|since)",
        phrase,
    )
    if found is None:
        return None
    amount = _amount(found["n"])
    unit = _unit(found["unit"])
    if amount is None or unit not in UNITS:
        return None
    back = found["way"] in {"ago", "earlier", "before", "back"}
    if math.isnan(amount) or UNITS[unit][1]:
        value = "PAST_REF" if back else "FUTURE_REF"
        start, end = (None, anchor) if back else (anchor, None)
        return Reading(value=value, type="DATE", start=start, end=end, granularity="unknown",
                       reason=f"'{phrase}' → {value}")  # fmt: skip
    steps = round(amount) * (-1 if back else 1)
    if unit == "fortnight":
        unit, steps = "week", steps * 2
    if unit == "century":
        unit, steps = "decade", steps * 10
    moved = _move(anchor, unit, steps)
    return _shifted(unit, 0, moved, f"'{phrase}' from story date {anchor} → {moved}")


def _move(anchor: date, unit: str, steps: int) -> date:
    if unit in {"day", "night"}:
        return anchor + timedelta(days=steps)
    if unit in {"week", "weekend", "fortnight"}:
        return anchor + timedelta(weeks=steps * (2 if unit == "fortnight" else 1))
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}[unit] * steps
    year, month = add_months(anchor.year, anchor.month, months)
    return date(max(1, min(9999, year)), month, min(anchor.day, 28))


def _period(amount: float, unit: str) -> str:
    """``(3, "day")`` -> ``P3D``; ``(0.5, "hour")`` -> ``PT30M``; ``nan`` -> ``PXD``."""
    code, clock = UNITS[unit]
    if code == "2W":
        amount, code = amount * 2, "W"
    if code == "WE":
        code = "WE"
    if math.isnan(amount):
        number = "X"
    elif amount == 0.5 and unit == "hour":
        return "PT30M"
    elif amount == int(amount):
        number = str(int(amount))
    else:
        number = f"{amount:g}"
    if code == "DE" and number != "X":
        number, code = f"{float(number) * 10:g}", "Y"
    if code == "CE" and number != "X":
        number, code = f"{float(number) * 100:g}", "Y"
    return f"PT{number}{code}" if clock else f"P{number}{code}"


def _duration(phrase: str, anchor: date, tense: str | None) -> Reading | None:
    """``three days`` -> P3D; ``the past two weeks`` -> P2W ending at the anchor;
    ``five-year`` -> P5Y; ``years`` -> PXY; ``a year and a half`` -> P1.5Y."""
    found = re.fullmatch(
        r"(?:(?:the|over the|for the|during the|in the) )?"
        r"(?:(?P<rel>past|last|next|coming|first|previous|following|final|recent) )?"
        r"(?:(?P<n>[\w./ -]+?)[ -])?(?:(?:straight|consecutive|trading|business|working|"
        r"calendar|full|more|long|whole|entire|additional|successive)[ -])?" + UNIT +
        r"(?P<half> and a half)?(?:[ -](?:long|old|history|period))?",
        phrase,
    )  # fmt: skip
    if found is None:
        return None
    unit = _unit(found["unit"])
    number = found["n"]
    plural = found["plural"] is not None
    if number is None:
        if not plural and found["rel"] is None:
            amount: float | None = 1.0
        else:
            amount = float("nan") if plural else 1.0
    else:
        amount = _amount(number)
    if amount is None or unit not in UNITS or (unit == "second" and amount == 1.0):
        return None
    if found["half"]:
        amount += 0.5
    value = _period(amount, unit)
    start, end = _duration_range(found["rel"], amount, unit, anchor)
    return Reading(value=value, type="DURATION", start=start, end=end, granularity=_grain(unit),
                   reason=f"duration '{phrase}' → {value}")  # fmt: skip


def _grain(unit: str) -> str:
    grains = {
        "second": "second", "minute": "minute", "hour": "hour", "week": "week",
        "weekend": "week", "fortnight": "week", "month": "month", "quarter": "month",
    }  # fmt: skip
    return grains.get(unit, "year" if unit in {"year", "decade", "century"} else "day")


def _duration_range(
    relation: str | None, amount: float, unit: str, anchor: date
) -> tuple[date | None, date | None]:
    """``the past two weeks`` covers the 14 days up to the anchor; ``the next`` the ones after."""
    if relation not in {"past", "last", "previous", "recent", "next", "coming", "following"}:
        return None, None
    if math.isnan(amount) or UNITS[unit][1]:
        return (None, anchor) if relation in {"past", "last", "previous", "recent"} else (
            anchor, None)  # fmt: skip
    steps = max(1, round(amount))
    if relation in {"next", "coming", "following"}:
        return anchor + DAY, _move(anchor, unit, steps)
    return _move(anchor, unit, -steps), anchor


def _set(phrase: str, anchor: date, tense: str | None) -> Reading | None:
    """``every week`` -> P1W; ``weekly`` -> P1W; ``twice a year`` -> P1Y; ``every Monday``."""
    value = SET_WORDS.get(phrase)
    found = re.fullmatch(
        r"(?:every|each|per|once a|twice a|once an|(?:\w+ times) (?:a|per)) "
        r"(?:(?P<n>other|\w+) )?" + UNIT,
        phrase,
    )
    if value is None and found is not None:
        unit = _unit(found["unit"])
        count = found["n"]
        amount = 2.0 if count == "other" else _amount(count) if count else 1.0
        if amount is None or math.isnan(amount) or unit not in UNITS:
            return None
        value = _period(amount, unit)
    weekday = re.fullmatch(
        r"(?:every|each|on) (monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"
        r"|(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s",
        phrase,
    )
    if value is None and weekday is not None:
        names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        value = f"XXXX-WXX-{names.index(weekday[1] or weekday[2]) + 1}"
    if value is None:
        return None
    return Reading(value=value, type="SET", start=None, end=None, granularity="unknown",
                   reason=f"recurring '{phrase}' → {value}")  # fmt: skip
