"""Time expressions: ``normalise`` on a table of news phrases (story date Friday 16 May 2025),
the tense rule and ``find_timexes`` on hand-built Docs (no model), and the property that a
past-tense relative date never lands after the story date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from polevent.records import GRANULARITIES, EventDate
from polevent.resolve.timex import Timex, find_timexes, normalise, timex_to_event_date
from polevent.resolve.timex_find import clause_tense, guess_day_first

STORY = date(2025, 5, 16)  # a Friday

# text, tense, type, value, start, end, granularity
CASES: list[tuple[str, str | None, str, str, date | None, date | None, str]] = [
    ("on Thursday", "past", "DATE", "2025-05-15", date(2025, 5, 15), date(2025, 5, 15), "day"),
    ("on Thursday", "future", "DATE", "2025-05-22", date(2025, 5, 22), date(2025, 5, 22), "day"),
    ("Friday", "past", "DATE", "2025-05-16", date(2025, 5, 16), date(2025, 5, 16), "day"),
    ("last Friday", None, "DATE", "2025-05-09", date(2025, 5, 9), date(2025, 5, 9), "day"),
    ("next Monday", None, "DATE", "2025-05-19", date(2025, 5, 19), date(2025, 5, 19), "day"),
    ("last week", None, "DATE", "2025-W19", date(2025, 5, 5), date(2025, 5, 11), "week"),
    ("this week", None, "DATE", "2025-W20", date(2025, 5, 12), date(2025, 5, 18), "week"),
    ("this weekend", None, "DATE", "2025-W20-WE", date(2025, 5, 17), date(2025, 5, 18), "week"),
    ("earlier this month", None, "DATE", "2025-05", date(2025, 5, 1), date(2025, 5, 15), "month"),
    ("later this year", None, "DATE", "2025", date(2025, 5, 17), date(2025, 12, 31), "year"),
    ("since August 2021", None, "DATE", "2021-08", date(2021, 8, 1), None, "month"),
    ("since 1947", "past", "DATE", "1947", date(1947, 1, 1), None, "year"),
    ("before 2019", None, "DATE", "2019", None, date(2018, 12, 31), "year"),
    ("16 May 2025", None, "DATE", "2025-05-16", date(2025, 5, 16), date(2025, 5, 16), "day"),
    ("May 16 , 2025", None, "DATE", "2025-05-16", date(2025, 5, 16), date(2025, 5, 16), "day"),
    ("2025-05-16", None, "DATE", "2025-05-16", date(2025, 5, 16), date(2025, 5, 16), "day"),
    ("16/05/2025", None, "DATE", "2025-05-16", date(2025, 5, 16), date(2025, 5, 16), "day"),
    ("7/8/07", None, "DATE", "2007-07-08", date(2007, 7, 8), date(2007, 7, 8), "day"),
    ("May 20", "past", "DATE", "2024-05-20", date(2024, 5, 20), date(2024, 5, 20), "day"),
    ("May 20", "future", "DATE", "2025-05-20", date(2025, 5, 20), date(2025, 5, 20), "day"),
    ("May 20", None, "DATE", "2025-05-20", date(2025, 5, 20), date(2025, 5, 20), "day"),
    ("in March", "past", "DATE", "2025-03", date(2025, 3, 1), date(2025, 3, 31), "month"),
    ("in October", "past", "DATE", "2024-10", date(2024, 10, 1), date(2024, 10, 31), "month"),
    ("in October", "future", "DATE", "2025-10", date(2025, 10, 1), date(2025, 10, 31), "month"),
    ("last September", None, "DATE", "2024-09", date(2024, 9, 1), date(2024, 9, 30), "month"),
    ("mid-May", "past", "DATE", "2025-05", date(2025, 5, 11), date(2025, 5, 21), "month"),
    ("today", None, "DATE", "2025-05-16", date(2025, 5, 16), date(2025, 5, 16), "day"),
    ("yesterday", None, "DATE", "2025-05-15", date(2025, 5, 15), date(2025, 5, 15), "day"),
    ("tomorrow", None, "DATE", "2025-05-17", date(2025, 5, 17), date(2025, 5, 17), "day"),
    ("tonight", None, "TIME", "2025-05-16TNI", date(2025, 5, 16), date(2025, 5, 16), "day"),
    ("this morning", None, "TIME", "2025-05-16TMO", date(2025, 5, 16), date(2025, 5, 16), "day"),
    (
        "Monday morning",
        "past",
        "TIME",
        "2025-05-12TMO",
        date(2025, 5, 12),
        date(2025, 5, 12),
        "day",
    ),
    ("at 3 p.m.", None, "TIME", "2025-05-16T15:00", date(2025, 5, 16), date(2025, 5, 16), "hour"),
    ("18:00 UTC", None, "TIME", "2025-05-16T18:00Z", STORY, STORY, "minute"),
    ("last month", None, "DATE", "2025-04", date(2025, 4, 1), date(2025, 4, 30), "month"),
    ("next year", None, "DATE", "2026", date(2026, 1, 1), date(2026, 12, 31), "year"),
    ("the previous year", None, "DATE", "2024", date(2024, 1, 1), date(2024, 12, 31), "year"),
    ("two days ago", None, "DATE", "2025-05-14", date(2025, 5, 14), date(2025, 5, 14), "day"),
    ("three years ago", None, "DATE", "2022", date(2022, 1, 1), date(2022, 12, 31), "year"),
    ("six months later", None, "DATE", "2025-11", date(2025, 11, 1), date(2025, 11, 30), "month"),
    ("in two weeks", "future", "DATE", "2025-W22", date(2025, 5, 26), date(2025, 6, 1), "week"),
    ("last spring", None, "DATE", "2024-SP", date(2024, 3, 1), date(2024, 5, 31), "month"),
    ("this summer", None, "DATE", "2025-SU", date(2025, 6, 1), date(2025, 8, 31), "month"),
    ("2019", None, "DATE", "2019", date(2019, 1, 1), date(2019, 12, 31), "year"),
    ("in 2019", "past", "DATE", "2019", date(2019, 1, 1), date(2019, 12, 31), "year"),
    ("'82", None, "DATE", "1982", date(1982, 1, 1), date(1982, 12, 31), "year"),
    ("the 1990s", None, "DATE", "199", date(1990, 1, 1), date(1999, 12, 31), "year"),
    ("the '80s", None, "DATE", "198", date(1980, 1, 1), date(1989, 12, 31), "year"),
    ("the 20th century", None, "DATE", "19", date(1900, 1, 1), date(1999, 12, 31), "year"),
    (
        "the first quarter of 2009",
        None,
        "DATE",
        "2009-Q1",
        date(2009, 1, 1),
        date(2009, 3, 31),
        "month",
    ),
    ("the third quarter", "past", "DATE", "2024-Q3", date(2024, 7, 1), date(2024, 9, 30), "month"),
    ("the last quarter", None, "DATE", "2025-Q1", date(2025, 1, 1), date(2025, 3, 31), "month"),
    (
        "the last week of March",
        "past",
        "DATE",
        "2025-W13",
        date(2025, 3, 24),
        date(2025, 3, 30),
        "week",
    ),
    (
        "between 2014 and 2016",
        None,
        "DURATION",
        "P2Y",
        date(2014, 1, 1),
        date(2016, 12, 31),
        "year",
    ),
    ("three days", None, "DURATION", "P3D", None, None, "day"),
    ("six months", None, "DURATION", "P6M", None, None, "month"),
    ("the past two weeks", None, "DURATION", "P2W", date(2025, 5, 2), STORY, "week"),
    ("the past decade", None, "DURATION", "P10Y", date(2015, 5, 16), STORY, "year"),
    ("five-year", None, "DURATION", "P5Y", None, None, "year"),
    ("almost two and a half years", None, "DURATION", "P2.5Y", None, None, "year"),
    ("half an hour", None, "DURATION", "PT30M", None, None, "hour"),
    ("several years", None, "DURATION", "PXY", None, None, "year"),
    ("decades", None, "DURATION", "PXDE", None, None, "year"),
    ("every week", None, "SET", "P1W", None, None, "unknown"),
    ("weekly", None, "SET", "P1W", None, None, "unknown"),
    ("annual", None, "SET", "P1Y", None, None, "unknown"),
    ("every Monday", None, "SET", "XXXX-WXX-1", None, None, "unknown"),
    ("now", None, "DATE", "PRESENT_REF", STORY, STORY, "unknown"),
    ("recently", None, "DATE", "PAST_REF", None, STORY, "unknown"),
    ("in the future", None, "DATE", "FUTURE_REF", STORY, None, "unknown"),
]


@pytest.mark.parametrize(("text", "tense", "type_", "value", "start", "end", "grain"), CASES)
def test_normalise_table(
    text: str,
    tense: str | None,
    type_: str,
    value: str,
    start: date | None,
    end: date | None,
    grain: str,
) -> None:
    timex = normalise(text, anchor=STORY, tense=tense)
    assert timex is not None, text
    assert (timex.type, timex.value) == (type_, value)
    assert (timex.start_date, timex.end_date, timex.granularity) == (start, end, grain)
    assert timex.granularity in GRANULARITIES
    assert (timex.text, timex.start, timex.end) == (text, 0, len(text))


@pytest.mark.parametrize("text", ["", "the Joint Strike Fighter program", "a second", "60", "x"])
def test_normalise_gives_none_when_nothing_reads_it(text: str) -> None:
    assert normalise(text, anchor=STORY, tense="past") is None


def test_reason_says_how_the_day_was_reached() -> None:
    timex = normalise("on Thursday", anchor=datetime(2025, 5, 16, 9, 30), tense="past")
    assert timex is not None
    assert "past-tense clause" in timex.reason
    assert "previous Thursday" in timex.reason
    assert "2025-05-16" in timex.reason and timex.reason.endswith("2025-05-15")


def test_modifiers_are_kept() -> None:
    early = normalise("early December", anchor=STORY, tense="past")
    about = normalise("about three weeks", anchor=STORY)
    assert early is not None and (early.value, early.mod) == ("2024-12", "START")
    assert early.start_date == date(2024, 12, 1) and early.end_date == date(2024, 12, 11)
    assert about is not None and (about.value, about.mod) == ("P3W", "APPROX")


def test_day_first_option_and_guess() -> None:
    us = normalise("05/06/2025", anchor=STORY)
    uk = normalise("05/06/2025", anchor=STORY, day_first=True)
    assert us is not None and us.value == "2025-05-06"
    assert uk is not None and uk.value == "2025-06-05"
    assert guess_day_first("on 13/05/2025 and 05/06/2025") is True
    assert guess_day_first("on 05/13/2025 and 05/06/2025") is False
    assert guess_day_first("no dates") is False


def test_anaphoric_expressions_use_the_reference_day() -> None:
    monday = date(2025, 5, 12)
    same_day = normalise("the same day", anchor=STORY, reference=monday)
    clock = normalise("18:00 UTC", anchor=STORY, reference=monday)
    deictic = normalise("yesterday", anchor=STORY, reference=monday)
    assert same_day is not None and same_day.value == "2025-05-12"
    assert "anaphoric" in same_day.reason
    assert clock is not None and clock.value == "2025-05-12T18:00Z"
    assert deictic is not None and deictic.value == "2025-05-15"


def test_methods_rules_library_both() -> None:
    odd = "Thu, 15 May 2025 14:00:00"
    assert normalise(odd, anchor=STORY, method="rules") is None
    both = normalise(odd, anchor=STORY, method="both")
    assert both is not None and both.value == "2025-05-15T14:00"
    assert both.reason.startswith("dateparser:")
    library = normalise("last Friday", anchor=STORY, tense="past", method="library")
    assert library is not None and (library.value, library.granularity) == ("2025-05-09", "day")
    # dateparser has no durations: "three days" comes back as the date three days ago
    misread = normalise("three days", anchor=STORY, method="library")
    assert misread is not None and (misread.type, misread.value) == ("DATE", "2025-05-13")
    rules = normalise("three days", anchor=STORY, method="rules")
    assert rules is not None and (rules.type, rules.value) == ("DURATION", "P3D")
    assert normalise("60", anchor=STORY, method="both") is None


def test_timex_to_event_date() -> None:
    timex = normalise("since August 2021", anchor=STORY, tense="past")
    assert timex is not None
    assert timex_to_event_date(timex) == EventDate(
        start=date(2021, 8, 1),
        end=None,
        granularity="month",
        text="since August 2021",
        reason=timex.reason,
    )


# --- hand-built Docs (no model) ------------------------------------------------------------

# text, tag, pos, head, dep, morph, entity IOB
Tok = tuple[str, str, str, int, str, str, str]


def make_doc(tokens: Sequence[Tok]) -> Doc:
    words = [t[0] for t in tokens]
    spaces = [i + 1 < len(words) and words[i + 1] not in {".", ","} for i in range(len(words))]
    return Doc(
        spacy.blank("en").vocab,
        words=words,
        spaces=spaces,
        tags=[t[1] for t in tokens],
        pos=[t[2] for t in tokens],
        heads=[t[3] for t in tokens],
        deps=[t[4] for t in tokens],
        morphs=[t[5] for t in tokens],
        ents=[t[6] for t in tokens],
    )


PAST_VERB = "Tense=Past|VerbForm=Fin"
SPOKE = make_doc(
    [
        ("Sharif", "NNP", "PROPN", 1, "nsubj", "", "O"),
        ("spoke", "VBD", "VERB", 1, "ROOT", PAST_VERB, "O"),
        ("to", "IN", "ADP", 1, "prep", "", "O"),
        ("Modi", "NNP", "PROPN", 2, "pobj", "", "O"),
        ("on", "IN", "ADP", 1, "prep", "", "O"),
        ("Thursday", "NNP", "PROPN", 4, "pobj", "", "O"),
        (".", ".", "PUNCT", 1, "punct", "", "O"),
    ]
)
WILL_MEET = make_doc(
    [
        ("They", "PRP", "PRON", 2, "nsubj", "", "O"),
        ("will", "MD", "AUX", 2, "aux", "VerbForm=Fin", "O"),
        ("meet", "VB", "VERB", 2, "ROOT", "VerbForm=Inf", "O"),
        ("on", "IN", "ADP", 2, "prep", "", "O"),
        ("Thursday", "NNP", "PROPN", 3, "pobj", "", "B-DATE"),
        (".", ".", "PUNCT", 2, "punct", "", "O"),
    ]
)
GOING_TO = make_doc(
    [
        ("He", "PRP", "PRON", 2, "nsubj", "", "O"),
        ("is", "VBZ", "AUX", 2, "aux", "Tense=Pres", "O"),
        ("going", "VBG", "VERB", 2, "ROOT", "Aspect=Prog", "O"),
        ("to", "TO", "PART", 4, "aux", "", "O"),
        ("visit", "VB", "VERB", 2, "xcomp", "VerbForm=Inf", "O"),
        ("on", "IN", "ADP", 4, "prep", "", "O"),
        ("Monday", "NNP", "PROPN", 5, "pobj", "", "O"),
    ]
)
SINCE = make_doc(
    [
        ("Clashes", "NNS", "NOUN", 2, "nsubj", "", "O"),
        ("have", "VBP", "AUX", 2, "aux", "Tense=Pres", "O"),
        ("continued", "VBN", "VERB", 2, "ROOT", "Tense=Past|VerbForm=Part", "O"),
        ("since", "IN", "ADP", 2, "prep", "", "O"),
        ("1947", "CD", "NUM", 3, "pobj", "", "O"),
        ("and", "CC", "CCONJ", 2, "cc", "", "O"),
        ("rose", "VBD", "VERB", 2, "conj", PAST_VERB, "O"),
        ("between", "IN", "ADP", 6, "prep", "", "B-DATE"),
        ("2014", "CD", "NUM", 7, "pobj", "", "I-DATE"),
        ("and", "CC", "CCONJ", 8, "cc", "", "I-DATE"),
        ("2016", "CD", "NUM", 8, "conj", "", "I-DATE"),
        ("and", "CC", "CCONJ", 6, "cc", "", "O"),
        ("two", "CD", "NUM", 13, "nummod", "", "O"),
        ("days", "NNS", "NOUN", 14, "npadvmod", "", "O"),
        ("ago", "RB", "ADV", 6, "advmod", "", "O"),
        (".", ".", "PUNCT", 2, "punct", "", "O"),
    ]
)


def span_of(doc: Doc, words: str) -> tuple[int, int]:
    start = doc.text.index(words)
    return start, start + len(words)


def test_clause_tense_from_the_governing_verb() -> None:
    assert clause_tense(SPOKE, *span_of(SPOKE, "Thursday")) == "past"
    assert clause_tense(WILL_MEET, *span_of(WILL_MEET, "Thursday")) == "future"
    assert clause_tense(GOING_TO, *span_of(GOING_TO, "Monday")) == "future"
    assert clause_tense(SINCE, *span_of(SINCE, "1947")) == "past"
    assert clause_tense(SINCE, *span_of(SINCE, "2014")) == "past"
    assert clause_tense(SPOKE, *span_of(SPOKE, "Sharif")) == "past"
    assert clause_tense(SPOKE, 500, 510) is None


def values(timexes: Sequence[Timex]) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in timexes]


def test_find_timexes_uses_tense_for_weekdays() -> None:
    found = find_timexes(SPOKE, anchor=STORY)
    assert values(found) == [("Thursday", "DATE", "2025-05-15")]
    assert found[0].tense == "past"
    assert SPOKE.text[found[0].start : found[0].end] == "Thursday"
    assert values(find_timexes(WILL_MEET, anchor=STORY)) == [("Thursday", "DATE", "2025-05-22")]
    assert values(find_timexes(GOING_TO, anchor=STORY)) == [("Monday", "DATE", "2025-05-19")]


def test_find_timexes_patterns_ranges_and_open_ranges() -> None:
    found = find_timexes(SINCE, anchor=STORY)
    assert values(found) == [
        ("1947", "DATE", "1947"),
        ("2014", "DATE", "2014"),
        ("2016", "DATE", "2016"),
        ("two days ago", "DATE", "2025-05-14"),
    ]
    since = found[0]
    assert (since.start_date, since.end_date) == (date(1947, 1, 1), None)
    assert "open range" in since.reason


def test_find_timexes_without_anchor_keeps_only_absolute_expressions() -> None:
    found = find_timexes(SINCE, anchor=None)
    assert [t.value for t in found] == ["1947", "2014", "2016"]


def test_find_timexes_on_plain_text_patterns() -> None:
    doc = spacy.blank("en")(
        "Earlier this month, and last week, the talks stalled. Prices rose every week "
        "in the past two weeks, the worst since the 1990s. It may rain."
    )
    found = values(find_timexes(doc, anchor=STORY))
    assert found == [
        ("Earlier this month", "DATE", "2025-05"),
        ("last week", "DATE", "2025-W19"),
        ("every week", "SET", "P1W"),
        ("the past two weeks", "DURATION", "P2W"),
        ("the 1990s", "DATE", "199"),
    ]


# --- property: a past-tense relative date never lands after the story date -----------------

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")  # fmt: skip
relative_phrases = st.one_of(
    st.sampled_from(WEEKDAY_NAMES).map(lambda d: f"on {d}"),
    st.sampled_from(WEEKDAY_NAMES).map(lambda d: f"this {d}"),
    st.sampled_from(WEEKDAY_NAMES).flatmap(
        lambda d: st.sampled_from((d, f"last {d}", f"{d} morning", f"{d} night"))
    ),
    st.sampled_from(MONTH_NAMES).flatmap(
        lambda m: st.sampled_from(
            (m, f"in {m}", f"early {m}", f"mid-{m}", f"late {m}", f"last {m}", f"since {m}")
        )
    ),
    st.tuples(st.sampled_from(MONTH_NAMES), st.integers(1, 28)).flatmap(
        lambda md: st.sampled_from((f"{md[0]} {md[1]}", f"{md[1]} {md[0]}"))
    ),
    st.sampled_from(("spring", "summer", "autumn", "winter")).flatmap(
        lambda s: st.sampled_from((s, f"this {s}", f"last {s}", f"in the {s}"))
    ),
    st.sampled_from(("first", "second", "third", "fourth")).map(lambda q: f"the {q} quarter"),
    st.tuples(st.integers(1, 30), st.sampled_from(("days", "weeks", "months", "years"))).map(
        lambda nu: f"{nu[0]} {nu[1]} ago"
    ),
    st.sampled_from(
        (
            "yesterday",
            "today",
            "this morning",
            "last week",
            "last month",
            "last year",
            "earlier this week",
            "earlier this month",
            "earlier this year",
            "recently",
            "the past two weeks",
            "last weekend",
            "this week",
            "this month",
            "this year",
        )
    ),
)


@settings(max_examples=400, deadline=None)
@given(
    anchor=st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)),
    phrase=relative_phrases,
    hours=st.integers(0, 23),
)
def test_past_tense_relative_date_never_after_the_anchor(
    anchor: date, phrase: str, hours: int
) -> None:
    moment = datetime(anchor.year, anchor.month, anchor.day) + timedelta(hours=hours)
    timex = normalise(phrase, anchor=moment, tense="past")
    assert timex is not None, phrase
    if timex.start_date is not None:
        assert timex.start_date <= anchor, (phrase, timex)
    if timex.granularity == "day" and timex.end_date is not None:
        assert timex.end_date <= anchor, (phrase, timex)


def test_dateparser_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network use")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    timex = normalise("Thursday the 15th of May", anchor=STORY, tense="past", method="library")
    assert timex is not None and timex.value == "2025-05-15"


@pytest.mark.parametrize(
    ("text", "month"),
    [("last sepember", 9), ("next Sept.", 9), ("Sepember of last year", 9), ("last jun", 6)],
)
def test_month_spellings_the_pattern_admits_never_crash(text: str, month: int) -> None:
    """A misspelt month the pattern still matches ("sepember", a Reuters story) reads by its
    first three letters instead of raising KeyError."""
    timex = normalise(text, anchor=STORY, tense="past")
    assert timex is not None and timex.start_date is not None
    assert timex.start_date.month == month
