"""Our rules for English news time expressions: one phrase + anchor (story date) + tense ->
``Reading`` (TimeML value, type, the range of days it covers, granularity, reason).

``read_expression`` strips what frames the phrase (``since``, ``before``, ``early``, ``about``),
reads the core with the first rule that matches (ranges, references, clock times, dates,
day words, weekdays, this/last/next units, "N units ago", quarters, seasons, decades, years,
durations, sets), then applies the frame (``since`` -> an open range). Units and durations are in
``timex_units``; calendar helpers in ``timex_calendar``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date, timedelta

from polevent.resolve.timex_calendar import (
    DAY,
    WEEKDAYS,
    Reading,
    day_reading,
    weekday_by_tense,
)
from polevent.resolve.timex_dates import MONTH, WEEKDAY, read_date
from polevent.resolve.timex_units import read_units

__all__ = ["anaphoric", "clean_phrase", "read_core", "read_expression"]


def _words(alternatives: str) -> frozenset[str]:
    """``"a|b c"`` -> {"a", "b c"}."""
    return frozenset(alternatives.split("|"))


CLOCK = re.compile(
    r"(?P<h>[012]?\d)(?:[:.](?P<m>[0-5]\d))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)"
    r"|(?P<h2>[012]?\d):(?P<m2>[0-5]\d)(?:\s*(?:hrs|h)\b)?"
    r"|(?P<h3>[012]\d)(?P<m3>[0-5]\d)\s*(?:hrs|h|gmt|utc|z)\b"
    r"|(?P<word>noon|midday|midnight)"
)
BARE_PERIOD = re.compile(rf"(?:this )?(?:{MONTH}|spring|summer|autumn|fall|winter)")
ZONE = re.compile(r"\b(?:utc|gmt|z)\b(?:\s*\(?[+-]\s*\d{1,2}\)?)?")
ANAPHORS = _words(
    "the day|that day|the same day|the previous day|the day before|the next day"
    "|the following day|the day after|that morning|that afternoon|that evening|that night"
    "|the morning|the afternoon|the evening|the night|morning|afternoon|evening|night"
    "|in the morning|in the afternoon|in the evening|at night|later that day"
    "|earlier that day|late in the day|early in the day|later in the day"
)
DAY_WORDS = {
    "today": 0, "this day": 0, "earlier today": 0, "later today": 0, "the day": 0,
    "that day": 0, "the same day": 0, "later that day": 0, "earlier that day": 0,
    "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
    "the day after tomorrow": 2, "the previous day": -1, "the day before": -1,
    "the next day": 1, "the following day": 1, "the day after": 1,
}  # fmt: skip
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}
PRESENT = _words(
    "now|right now|currently|current|at present|presently|at the moment|the moment|nowadays"
    "|these days|the time being|ongoing|the present|present|today's|this time"
)
PAST = _words(
    "recently|recent|the past|past|previously|formerly|once|lately|history|earlier"
    "|more recently|until recently|in recent years|recent history|before|in the past"
)
FUTURE = _words(
    "the future|future|soon|very soon|shortly|later|eventually|the long term|long term"
    "|long-term|the near term|near term|near-term|short-term|the short term|the medium term"
    "|the near future|the coming days|the coming weeks|the coming months|the coming years"
    "|in the coming days|upcoming|the days ahead|the weeks ahead|the months ahead|someday"
    "|one day|at a later date|in due course"
)
FRAMES = {
    "since": "since", "from": "since", "before": "before", "prior to": "before",
    "after": "after", "until": "until", "till": "until", "through": "until",
    "up to": "until", "by": "until", "in": "in", "within": "within", "on": "", "at": "",
    "during": "", "of": "", "for": "", "over": "", "as of": "", "as early as": "",
    "as late as": "", "throughout": "",
}  # fmt: skip
EDGES = {
    "early": "START", "the beginning of": "START", "the start of": "START",
    "beginning of": "START", "start of": "START", "the early part of": "START",
    "earlier in": "START", "mid": "MID", "mid-": "MID", "the middle of": "MID",
    "middle of": "MID", "the end of": "END", "end of": "END", "late": "END",
    "the close of": "END", "later in": "END", "the latter part of": "END",
    "early in": "START", "late in": "END", "very early": "START", "very late": "END",
}  # fmt: skip
APPROX = {
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "some": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN", "just under": "LESS_THAN",
    "less than": "LESS_THAN", "under": "LESS_THAN", "more than": "MORE_THAN",
    "just over": "MORE_THAN", "over": "MORE_THAN", "at least": "EQUAL_OR_MORE",
    "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS", "exactly": "",
    "another": "", "a further": "", "an additional": "", "only": "", "just": "",
}  # fmt: skip


def clean_phrase(text: str) -> str:
    """Lower-case, one space between words, no space before commas (MEANTIME tokenises
    ``May 16 , 2025``), no surrounding punctuation or possessive ``'s``."""
    phrase = " ".join(text.lower().replace("\u2019", "'").split())
    phrase = re.sub(r" ([,)])", r"\1", phrase).replace("( ", "(")
    phrase = phrase.strip(' ,;:!?"')
    if phrase.endswith(".") and not re.search(r"[ap]\.m\.$", phrase):
        phrase = phrase[:-1]
    return re.sub(r"'s$", "", phrase).strip()


def _strip(phrase: str, words: dict[str, str]) -> tuple[str, str, str]:
    """The longest key of ``words`` that starts ``phrase`` (as whole words), its tag, the rest."""
    for key in sorted(words, key=len, reverse=True):
        if key.endswith("-") and phrase.startswith(key) and len(phrase) > len(key):
            return key, words[key], phrase[len(key) :]
        if phrase.startswith(key + " "):
            return key, words[key], phrase[len(key) + 1 :]
    return "", "", phrase


def anaphoric(phrase: str) -> bool:
    """``the same day``, ``that night``, ``the morning``, a bare clock time (``18:00 UTC``):
    read against the last day the text mentioned, not the story date."""
    if phrase in ANAPHORS:
        return True
    bare = ZONE.sub(" ", phrase)
    bare = " ".join(re.sub(r"\b(?:at|local time|o'clock)\b|[(),]", " ", bare).split())
    return CLOCK.fullmatch(bare) is not None


def read_expression(
    text: str,
    *,
    anchor: date,
    tense: str | None,
    day_first: bool = False,
    reference: date | None = None,
) -> Reading | None:
    """Read ``text`` (one time expression) against ``anchor`` with our rules (``None`` when no
    rule reads it). ``reference`` is the last day the text mentioned before the expression:
    anaphoric expressions (``the same day``, a bare clock time) are read against it."""
    phrase = clean_phrase(text)
    if reference is not None and reference != anchor and anaphoric(phrase):
        reading = read_expression(text, anchor=reference, tense=tense, day_first=day_first)
        if reading is not None:
            why = f"{reading.reason} (anaphoric: the last date mentioned, {reference})"
            return replace(reading, reason=why)
    ranged = _range(phrase, anchor, tense, day_first)
    if ranged is not None:
        return ranged
    word, frame, core = _strip(phrase, FRAMES)
    if frame:
        reading = read_core(core, anchor=anchor, tense=tense, day_first=day_first)
        if reading is not None and frame == "in" and reading.type == "DURATION":
            return _shift_by_duration(reading, anchor, tense, core)
        return None if reading is None else _frame(reading, frame, word)
    core = core if word else phrase
    return read_core(core, anchor=anchor, tense=tense, day_first=day_first)


def _frame(reading: Reading, frame: str, word: str) -> Reading:
    if reading.type not in {"DATE", "TIME"} or reading.start is None:
        return reading
    if frame == "since":
        why = f"{reading.reason}; '{word}' → open range from {reading.start}"
        return replace(reading, end=None, reason=why)
    if frame == "before":
        why = f"{reading.reason}; '{word}' → before {reading.start}"
        return replace(reading, start=None, end=reading.start - DAY, mod="BEFORE", reason=why)
    if frame == "after" and reading.end is not None:
        why = f"{reading.reason}; '{word}' → after {reading.end}"
        return replace(reading, start=reading.end + DAY, end=None, mod="AFTER", reason=why)
    if frame == "until":
        return replace(reading, start=None, reason=f"{reading.reason}; '{word}' → up to then")
    return reading


def _shift_by_duration(reading: Reading, anchor: date, tense: str | None, core: str) -> Reading:
    """``in two weeks`` (not in a past clause) -> the date two weeks after the anchor."""
    if tense == "past":
        return reading
    shifted = read_units(f"{core} later", anchor=anchor, tense=tense)
    return shifted if shifted is not None else reading


def read_core(phrase: str, *, anchor: date, tense: str | None, day_first: bool) -> Reading | None:
    """The first rule that reads ``phrase`` (already cleaned, frame words stripped)."""
    if not phrase:
        return None
    edge_word, edge, rest = _strip(phrase, EDGES)
    if edge and rest:
        inner = read_core(rest, anchor=anchor, tense=tense, day_first=day_first)
        edged = None if inner is None else _edge(inner, edge, edge_word)
        if inner is None or edged is None or not _past_overrun(edged, anchor, tense, rest):
            return edged
        earlier = read_core(
            rest, anchor=(inner.start or anchor) - DAY, tense=tense, day_first=day_first
        )
        return None if earlier is None else _edge(earlier, edge, edge_word)
    approx_word, approx, rest = _strip(phrase, APPROX)
    if approx_word and rest:
        inner = read_core(rest, anchor=anchor, tense=tense, day_first=day_first)
        return None if inner is None else replace(inner, mod=approx or inner.mod)
    for rule in (_range, _reference, _clock, read_date, _day_word, _weekday):
        reading = rule(phrase, anchor, tense, day_first)
        if reading is not None:
            return reading
    return read_units(phrase, anchor=anchor, tense=tense)


def _past_overrun(reading: Reading, anchor: date, tense: str | None, rest: str) -> bool:
    """``late May`` in a past clause of a 5 May story: the part of this May named has not come
    yet, so the May meant is the one before (only for a month or season without a year)."""
    if tense != "past" or reading.start is None or reading.start <= anchor:
        return False
    return BARE_PERIOD.fullmatch(rest) is not None


def _edge(reading: Reading, edge: str, word: str) -> Reading:
    """``early May`` keeps the value ``2025-05`` with mod START and the first third as range."""
    reason = f"{reading.reason}; '{word}' → {edge.lower()}"
    if reading.start is None or reading.end is None or reading.type != "DATE":
        return replace(reading, mod=edge, reason=reason)
    third = (reading.end - reading.start) // 3
    if edge == "START":
        start, end = reading.start, reading.start + third
    elif edge == "MID":
        start, end = reading.start + third, reading.end - third
    else:
        start, end = reading.end - third, reading.end
    return replace(reading, start=start, end=end, mod=edge, reason=reason)


def _range(phrase: str, anchor: date, tense: str | None, day_first: bool) -> Reading | None:
    """``between 2014 and 2016``, ``from May to July``: a DURATION spanning both ends."""
    found = re.fullmatch(r"(?:between (.+) and|from (.+) (?:to|until|till|through)) (.+)", phrase)
    if found is None:
        return None
    first = read_core(found[1] or found[2], anchor=anchor, tense=tense, day_first=day_first)
    last = read_core(found[3], anchor=anchor, tense=tense, day_first=day_first)
    if first is None or last is None or first.start is None or last.end is None:
        return None
    if first.start > last.end:
        return None
    years = last.end.year - first.start.year
    months = years * 12 + last.end.month - first.start.month
    if first.granularity == "year":
        value = f"P{years}Y"
    elif first.granularity in {"month", "week"}:
        value = f"P{months + 1}M"
    else:
        value = f"P{(last.end - first.start).days}D"
    reason = f"range {first.value} .. {last.value}"
    return Reading(
        value=value,
        type="DURATION",
        start=first.start,
        end=last.end,
        granularity=first.granularity,
        reason=reason,
    )


def _reference(phrase: str, anchor: date, tense: str | None, day_first: bool) -> Reading | None:
    """``now`` -> PRESENT_REF, ``recently`` -> PAST_REF, ``in the future`` -> FUTURE_REF."""
    bare = phrase.removeprefix("in ").removeprefix("the ") if phrase not in PAST else phrase
    for words, value, start, end in (
        (PRESENT, "PRESENT_REF", anchor, anchor),
        (PAST, "PAST_REF", None, anchor),
        (FUTURE, "FUTURE_REF", anchor, None),
    ):
        if phrase in words or bare in words:
            return Reading(
                value=value,
                type="DATE",
                start=start,
                end=end,
                granularity="unknown",
                reason=f"'{phrase}' → {value}",
            )
    return None


def _clock(phrase: str, anchor: date, tense: str | None, day_first: bool) -> Reading | None:
    """``3 p.m.``, ``16:00 UTC today``, ``Monday at 9am``, ``Friday morning``."""
    found = CLOCK.search(phrase)
    if found is None:
        return _part_of_day(phrase, anchor, tense)
    hour = int(found["h"] or found["h2"] or found["h3"] or 12)
    minute = int(found["m"] or found["m2"] or found["m3"] or 0)
    ampm = (found["ampm"] or "").replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    if found["word"] == "midnight":
        hour = 24
    if hour > 24:
        return None
    zone = "Z" if ZONE.search(phrase) else ""
    rest = ZONE.sub(" ", phrase[: found.start()] + " " + phrase[found.end() :])
    rest = re.sub(r"\b(?:at|local time|o'clock|on|\(|\))\b|[(),]", " ", rest)
    rest = " ".join(rest.split())
    day, why = anchor, "the story date"
    if rest:
        inner = read_core(rest, anchor=anchor, tense=tense, day_first=False)
        if inner is None or inner.start is None or inner.granularity != "day":
            return None
        day, why = inner.start, inner.reason
    value = f"{day.isoformat()}T{hour:02d}:{minute:02d}{zone}"
    granularity = "minute" if minute or found["m"] or found["m2"] or found["m3"] else "hour"
    return replace(
        day_reading(day, f"clock time on {why}", type_="TIME"),
        value=value,
        granularity=granularity,
    )


def _part_of_day(phrase: str, anchor: date, tense: str | None) -> Reading | None:
    found = re.fullmatch(r"(?:(.+) )?(morning|afternoon|evening|night|overnight)|tonight", phrase)
    if found is None:
        return None
    part = "NI" if phrase == "tonight" else PARTS[found[2]]
    head = (found[1] or "this") if phrase != "tonight" else "this"
    if head in {"this", "early", "late", "the", "in the", "that", "at", "later that"}:
        day, why = anchor, "the story date"
    elif head == "last" and part in {"NI", "EV"}:
        day, why = anchor - DAY, "'last night' → the day before the story date"
    else:
        inner = read_core(head, anchor=anchor, tense=tense, day_first=False)
        if inner is None or inner.start is None or inner.granularity != "day":
            return None
        day, why = inner.start, inner.reason
    return replace(
        day_reading(day, f"{why}; part of day {part}", type_="TIME"), value=f"{day}T{part}"
    )


def _day_word(phrase: str, anchor: date, tense: str | None, day_first: bool) -> Reading | None:
    """``today``, ``yesterday``, ``tomorrow``, ``the day before yesterday``, ``earlier today``."""
    words = DAY_WORDS
    if phrase not in words:
        return None
    day = anchor + timedelta(days=words[phrase])
    return day_reading(day, f"'{phrase}' from story date {anchor} → {day}")


def _weekday(phrase: str, anchor: date, tense: str | None, day_first: bool) -> Reading | None:
    """``Thursday``, ``last Thursday``, ``next Monday``, ``this Friday`` (tense decides a bare
    weekday: past -> the latest on or before the anchor, future -> the first on or after)."""
    found = re.fullmatch(rf"(?:(last|past|next|coming|this|this past|this coming) )?{WEEKDAY}",
                         phrase)  # fmt: skip
    if found is None:
        return None
    weekday = WEEKDAYS[found["weekday"]]
    qualifier = found[1] or ""
    context = f"after '{qualifier}'"
    if qualifier in {"last", "past", "this past"}:
        day, word = anchor - timedelta(days=(anchor.weekday() - weekday) % 7 or 7), "previous"
    elif qualifier in {"next", "coming", "this coming"}:
        day, word = anchor + timedelta(days=(weekday - anchor.weekday()) % 7 or 7), "next"
    elif qualifier == "this":
        day, word = anchor + timedelta(days=weekday - anchor.weekday()), "same-week"
        if tense == "past" and day > anchor:
            day, word, context = (
                day - timedelta(weeks=1),
                "previous",
                "after 'this' in a past clause",
            )
    else:
        day, context, word = weekday_by_tense(weekday, anchor, tense)
    name = calendar.day_name[weekday]
    reason = f"'{phrase}' {context}, story date {anchor} → {word} {name} {day}"
    return day_reading(day, reason)
