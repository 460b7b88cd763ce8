"""Time expressions: find them in a parsed Doc and normalise them against the story date.

``normalise(text, anchor=..., tense=...)`` reads one expression into a ``Timex`` (TimeML value
and type, the range of days it covers, granularity, reason). Our rules (``timex_rules``,
``timex_units``) come first; ``dateparser`` (offline, English only, ``RELATIVE_BASE`` = the
anchor, ``PREFER_DATES_FROM`` by tense) reads what they cannot. ``find_timexes(doc, anchor=...)``
finds expressions (spaCy DATE/TIME entities plus our patterns, ``timex_find``), takes the tense
of each from its governing verb, and normalises it.

Callers (event dates, counts, the pipeline) use ``Timex.start_date``/``end_date``/
``granularity``/``reason`` to build a ``records.EventDate``; ``timex_to_event_date`` does that.
"""

from __future__ import annotations

import functools
import importlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from polevent.records import EventDate
from polevent.resolve.timex_calendar import Reading, add_months
from polevent.resolve.timex_rules import clean_phrase, read_expression

__all__ = [
    "TENSES",
    "TIMEX_TYPES",
    "Method",
    "Timex",
    "anchor_day",
    "find_timexes",
    "normalise",
    "read_with_dateparser",
    "timex_to_event_date",
]

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
TENSES = ("past", "present", "future")
Method = Literal["rules", "library", "both"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Timex:
    """One time expression: ``text`` at ``start``..``end`` (character offsets in the article,
    or in the string given to ``normalise``), its TimeML ``type`` (DATE, TIME, DURATION, SET) and
    ``value`` (``2025-05-15``, ``2025-W19``, ``2025-05``, ``2025-Q2``, ``P3D``, ``PAST_REF``,
    ``XXXX-WXX-1`` ...), the days it covers (``start_date``..``end_date``; ``None`` = open, as
    in "since August 2021", or not a point in time), ``granularity`` (one of
    ``records.GRANULARITIES``), ``reason`` in words, ``mod`` (TimeML START, MID, END, APPROX,
    BEFORE, AFTER, ... or empty) and the ``tense`` used to read it."""

    text: str
    start: int
    end: int
    type: str
    value: str
    start_date: date | None
    end_date: date | None
    granularity: str
    reason: str
    mod: str = ""
    tense: str | None = None


def anchor_day(anchor: date | datetime) -> date:
    """The calendar day of ``anchor``."""
    return anchor.date() if isinstance(anchor, datetime) else anchor


def normalise(
    text: str,
    *,
    anchor: date | datetime,
    tense: str | None = None,
    day_first: bool = False,
    method: Method = "both",
    start: int = 0,
    reference: date | None = None,
) -> Timex | None:
    """Read one expression against ``anchor`` (the story date). ``tense`` (past, present,
    future) picks the direction of weekday and month names: "on Thursday" in a past clause of a
    Friday 16 May 2025 story -> 2025-05-15, in a future clause -> 2025-05-22. ``day_first``
    reads 05/06/2025 as 5 June. ``method``: ``rules`` (ours only), ``library`` (dateparser only)
    or ``both`` (ours, then dateparser for what ours cannot read). ``start`` offsets the span.
    ``reference`` is the last day the text mentioned before this expression: anaphoric ones
    ("the same day", "that night", a bare "18:00 UTC") are read against it (default: anchor).
    ``None`` when nothing reads it."""
    day = anchor_day(anchor)
    reading = None
    if method in {"rules", "both"}:
        reading = read_expression(
            text, anchor=day, tense=tense, day_first=day_first, reference=reference
        )
    if reading is None and (method == "library" or (method == "both" and _calendar_words(text))):
        reading = read_with_dateparser(text, anchor=day, tense=tense, day_first=day_first)
    if reading is None:
        return None
    return Timex(
        text=text,
        start=start,
        end=start + len(text),
        type=reading.type,
        value=reading.value,
        start_date=reading.start,
        end_date=reading.end,
        granularity=reading.granularity,
        reason=_original_case(reading.reason, text),
        mod=reading.mod,
        tense=tense,
    )


CALENDAR_WORDS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b"
    r"|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}",
    re.IGNORECASE,
)


def _calendar_words(text: str) -> bool:
    """Only phrases naming a month or weekday, or a numeric date, go to dateparser when our
    rules fail: on bare numbers and unit phrases ("60", "a 20 year") it invents dates."""
    return CALENDAR_WORDS.search(text) is not None


def _original_case(reason: str, text: str) -> str:
    """Quoted words of ``reason`` (the rules see lower case) in the text's own spelling."""
    lowered = text.lower()

    def restore(found: re.Match[str]) -> str:
        at = lowered.find(found[1])
        return f"'{text[at : at + len(found[1])]}'" if found[1] and at >= 0 else found[0]

    return re.sub(r"'([^']*)'", restore, reason)


def timex_to_event_date(timex: Timex) -> EventDate:
    """The ``EventDate`` a DATE or TIME expression gives an event."""
    return EventDate(
        start=timex.start_date,
        end=timex.end_date,
        granularity=timex.granularity,
        text=timex.text,
        reason=timex.reason,
    )


@functools.cache
def _dateparser_module() -> Any:
    """``dateparser.date``, imported on first use (it has no type hints)."""
    return importlib.import_module("dateparser.date")


def read_with_dateparser(
    text: str, *, anchor: date, tense: str | None, day_first: bool = False
) -> Reading | None:
    """What ``dateparser`` makes of ``text`` (English only, never the network): a day, week,
    month, year or clock time relative to ``anchor``. It has no durations or sets."""
    phrase = clean_phrase(text)
    if not re.search(r"[a-z0-9]", phrase):
        return None
    prefer = {"past": "past", "future": "future"}.get(tense or "", "current_period")
    settings = {
        "RELATIVE_BASE": datetime(anchor.year, anchor.month, anchor.day, 12, 0),
        "PREFER_DATES_FROM": prefer,
        "RETURN_TIME_AS_PERIOD": True,
        "DATE_ORDER": "DMY" if day_first else "MDY",
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": [],
    }
    parser = _dateparser_module().DateDataParser(languages=["en"], settings=settings)
    try:
        found = parser.get_date_data(phrase)
    except (ValueError, OverflowError):
        return None
    moment = found.date_obj if found else None
    if moment is None:
        return None
    return _reading_from_period(moment, str(found.period or "day"), text)


def _reading_from_period(moment: datetime, period: str, text: str) -> Reading:
    from polevent.resolve.timex_calendar import (
        day_reading,
        month_reading,
        week_reading,
        year_reading,
    )

    reason = f"dateparser: '{text}' → {moment:%Y-%m-%d %H:%M} ({period})"
    day = moment.date()
    if period == "year":
        return year_reading(moment.year, reason)
    if period == "month":
        return month_reading(*add_months(moment.year, moment.month, 0), reason)
    if period == "week":
        return week_reading(day, reason)
    if period == "time":
        reading = day_reading(day, reason, type_="TIME")
        return Reading(
            value=f"{day.isoformat()}T{moment:%H:%M}",
            type="TIME",
            start=reading.start,
            end=reading.end,
            granularity="minute",
            reason=reason,
        )
    return day_reading(day, reason)


def find_timexes(
    doc: Any, *, anchor: date | datetime | None, day_first: bool | None = None
) -> list[Timex]:
    """Every time expression in the parsed ``doc`` normalised against ``anchor`` (see
    ``timex_find.find_timexes``: spaCy DATE/TIME entities plus our patterns, tense from the
    governing verb, longest reading wins; ``day_first=None`` guesses it from the text)."""
    from polevent.resolve.timex_find import find_timexes as find

    return find(doc, anchor=anchor, day_first=day_first)
