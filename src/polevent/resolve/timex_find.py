"""Find time expressions in a parsed Doc: spaCy DATE/TIME entities plus our patterns (the small
model misses "Thursday", "last week", "earlier this month", "since 1947", "two days ago"...),
each normalised with the tense of its governing verb.

``find_timexes(doc, anchor=...)`` is the entry point; ``clause_tense(doc, start, end)`` is the
tense rule on its own (the scorer uses it for gold spans).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from polevent.nlp.text import doc_text
from polevent.resolve.timex import Timex, anchor_day, normalise

__all__ = [
    "Candidate",
    "candidates",
    "clause_tense",
    "find_timexes",
    "guess_day_first",
    "last_day",
    "verb_tense",
]

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|July|Aug(?:ust|\.)?"
    r"|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM = (
    r"(?:\d+(?:\.\d+)?|(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|fifteen|twenty|thirty|forty|fifty|sixty|hundred|several|a few|few|a couple of"
    r"|couple of|single|dozens of|a dozen|many|some)"
    r"(?:[- ](?i:one|two|three|four|five|six|seven|eight|nine))?)"
)
_UNIT = r"(?i:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|months?|quarters?|years?|decades?|centur(?:y|ies))"  # noqa: E501
_REL = r"(?i:this|last|next|past|coming|previous|following|the past|the last|the next|the coming|the previous|the following|the same|the current|current)"  # noqa: E501
_PREP = r"(?P<prep>(?i:since|from|before|after|until|till|through|by|in|on|at|during|between|and|to|of|as of|for|over|within|just|only)\s+)?"  # noqa: E501
_PART = r"(?:\s+(?i:morning|afternoon|evening|night))?"
_CLOCK = (
    r"\d{1,2}(?:[:.]\d\d)?\s*(?i:a\.m\.|p\.m\.|am\b|pm\b)|\d{1,2}:\d\d(?:\s*(?:UTC|GMT))?"
    r"|\d{4}\s*(?:UTC|GMT)|(?i:noon|midnight)"
)
_CORES = (
    rf"{_WEEKDAY},?\s+{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:\s*,?\s*\d{{4}})?",
    rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:\s*,?\s*\d{{4}})?",
    rf"\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH}(?:\s*,?\s*\d{{4}})?",
    rf"(?:(?i:early|mid|late)[- ]|(?i:the (?:beginning|start|end|middle) of)\s+)?{_MONTH}"
    r"(?:\s*,?\s*(?:of\s+)?\d{4})?",
    r"\d{4}-\d{2}-\d{2}(?:T\d\d:\d\d)?|\d{1,2}/\d{1,2}/\d{2,4}",
    rf"(?:(?i:last|next|this|this past|this coming|coming|past)\s+)?{_WEEKDAY}{_PART}",
    r"(?i:today|yesterday|tomorrow|tonight|last night|this (?:morning|afternoon|evening)"
    r"|earlier today|later today|the day before yesterday|the day after tomorrow)",
    r"(?i:(?:earlier|later)(?: in)? (?:this|last|next|the) (?:week|month|year))",
    rf"(?:(?i:the (?:beginning|start|end|middle) of)\s+)?{_REL}\s+(?i:week|weekend|month|year|quarter|decade|spring|summer|autumn|fall|winter)",  # noqa: E501
    r"(?i:the )?(?i:first|second|third|fourth|final|1st|2nd|3rd|4th)[- ](?i:quarter|half)"
    r"(?:\s+(?i:of)\s+(?:(?i:this|last|next) year|\d{4}))?",
    rf"{_NUM}[- ]{_UNIT}\s+(?i:ago|earlier|later|from now)",
    rf"(?:(?i:the)\s+)?(?:(?i:past|last|next|coming|first|previous)\s+)?{_NUM}[- ](?:(?i:straight|consecutive|trading|business|full|more)\s+)?{_UNIT}",  # noqa: E501
    rf"(?i:every|each) (?:other )?(?:{_UNIT}|{_WEEKDAY})|(?i:daily|weekly|monthly|annually|yearly|quarterly)",  # noqa: E501
    r"(?:(?i:the)\s+)?(?:1\d|20)\d0s|(?i:the )?'\d0s",
    r"(?i:(?:early|mid|late)[- ])?(?:1[5-9]|20)\d\d(?!\d|,\d| ?%)",
    rf"(?:{_CLOCK})(?:\s+(?:{_WEEKDAY}|(?i:today|yesterday|tomorrow)))?",
    r"(?i:now|currently|recently|the future|the past|recent years|the coming (?:days|weeks|months|years)|the (?:long|near|short|medium) term|the time being)",  # noqa: E501
    rf"(?:(?i:last|next|this|this past|this coming)\s+)?{_MONTH}(?:,?\s+(?i:of\s+)?(?i:this|last|next)\s+(?i:year))?",  # noqa: E501
    rf"(?i:the )?(?i:first|second|third|fourth|last|final) (?i:week|weekend) (?i:of) {_MONTH}(?:,? \d{{4}})?",  # noqa: E501
    r"(?i:(?:early|late|later|earlier) in the (?:day|week|month|year))",
    r"(?:(?i:early|late|this|last|next|the)\s+)?(?i:spring|summer|autumn|winter)(?:\s+(?:of\s+)?\d{4})?",
)
# Every match starts with a word character or "'": the look-ahead only fails sooner elsewhere.
FINDER = re.compile(
    rf"(?=[\w'])(?<![\w'-]){_PREP}(?P<core>{'|'.join(_CORES)})(?![\w])".replace(r"\s", r"[^\S\n]")
)
RANGE = re.compile(r"^(?P<a>\d{4})\s*[-\u2013/]\s*(?P<b>\d{2}|\d{4})$")
RANGE_WORDS = re.compile(r"^(?i:between|from) (?P<a>.+?) (?i:and|to|until|through|till) (?P<b>.+)$")
ANCHOR_PROBES = (date(2000, 1, 1), date(2011, 7, 16))
YEAR_PREPS = frozenset({"since", "from", "before", "after", "until", "till", "through", "by",
                        "in", "during", "between", "and", "to", "of", "as of"})  # fmt: skip
FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "would", "'d", "could", "can", "may",
                        "might", "should", "must"})  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """A span that may be a time expression: the words to read (``phrase``, with a leading
    preposition such as "since" that changes the reading) and the span to report."""

    phrase: str
    start: int
    end: int
    source: str


def guess_day_first(text: str) -> bool:
    """Numeric dates in ``text`` read day first when one of them can only be (13/05/2025)."""
    pairs = [(int(a), int(b)) for a, b in re.findall(r"\b(\d{1,2})/(\d{1,2})/\d{2,4}\b", text)]
    return any(a > 12 for a, _ in pairs) and not any(b > 12 for _, b in pairs)


def candidates(doc: Any) -> list[Candidate]:
    """Our pattern matches and spaCy's DATE/TIME entities (leading prepositions kept in the
    phrase, left out of the span; year ranges "2009-2010" split in two)."""
    found: list[Candidate] = []
    text = doc_text(doc)
    for match in FINDER.finditer(text):
        prep = (match["prep"] or "").strip().lower()
        core = match["core"]
        if re.fullmatch(r"(?:early |mid-|late )?\d{4}", core, re.I) and prep not in YEAR_PREPS:
            continue
        if core in {"May", "March"} and prep == "":
            continue
        phrase = core if prep in {"and", "to", "between", "of"} else f"{prep} {core}".strip()
        found.append(Candidate(phrase=phrase, start=match.start("core"), end=match.end("core"),
                               source="pattern"))  # fmt: skip
    for ent in doc.ents:
        if ent.label_ in {"DATE", "TIME"}:
            found.extend(_entity_candidates(ent))
    return found


def _entity_candidates(ent: Any) -> Iterator[Candidate]:
    """One candidate per line of the entity; ranges ("between X and Y", "2009-2010") split."""
    start = ent.start_char
    for line in ent.text.split("\n"):
        yield from _piece_candidates(ent, line, start)
        start += len(line) + 1


def _piece_candidates(ent: Any, piece: str, start: int) -> Iterator[Candidate]:
    text = piece.strip()
    if not text:
        return
    offset = start + piece.index(text)
    ranged = RANGE_WORDS.match(text)
    if ranged is not None:
        for part in ("a", "b"):
            yield Candidate(phrase=ranged[part], start=offset + ranged.start(part),
                            end=offset + ranged.end(part), source="spacy")  # fmt: skip
        return
    years = RANGE.match(text)
    if years is not None:
        yield Candidate(phrase=years["a"], start=offset + years.start("a"),
                        end=offset + years.end("a"), source="spacy")  # fmt: skip
        yield Candidate(phrase=years["b"], start=offset + years.start("b"),
                        end=offset + years.end("b"), source="spacy")  # fmt: skip
        return
    before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    phrase = f"{before} {text}" if before in {"since", "before", "after", "until"} else text
    yield Candidate(phrase=phrase, start=offset, end=offset + len(text), source="spacy")


def clause_tense(doc: Any, start: int, end: int) -> str | None:
    """The tense of the clause holding the characters ``start``..``end``: climb from the span's
    root to its governing verb; ``will``/``would``/modals/``going to``/``to`` -> future, past
    tags or ``Tense=Past`` (also on an auxiliary; present perfect) -> past, else present."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    for _ in range(8):
        if token.pos_ in {"VERB", "AUX"} and token.dep_ not in {"aux", "auxpass"}:
            return verb_tense(token)
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def verb_tense(verb: Any) -> str | None:
    """past | present | future for one verb, from its auxiliaries, tag and morphology."""
    auxes = [child for child in verb.children if child.dep_ in {"aux", "auxpass"}]
    words = {aux.lower_ for aux in auxes}
    modal = bool(words & FUTURE_AUX)
    checks = (
        (verb.dep_ == "xcomp" and verb.head.lower_ == "going", "future"),
        (modal and "have" not in words, "future"),
        (modal, "past"),
        (any(_past(token) for token in (verb, *auxes)), "past"),
        (verb.tag_ == "VBN" and (not auxes or bool(words & {"has", "have", "'ve"})), "past"),
        ("to" in words and verb.tag_ == "VB", "future"),
        (verb.tag_ in {"VBP", "VBZ", "VBG"} or bool(words & {"is", "are", "am", "'s"}), "present"),
    )
    return next((tense for matched, tense in checks if matched), None)


def _past(token: Any) -> bool:
    return bool(token.tag_ == "VBD" or "Past" in token.morph.get("Tense")) and token.tag_ != "VBN"


def find_timexes(
    doc: Any, *, anchor: date | datetime | None, day_first: bool | None = None
) -> list[Timex]:
    """Every time expression in ``doc``, normalised against ``anchor`` (the story date) with the
    tense of its clause. Overlapping readings: the longest wins (ours on a tie). With no anchor
    only expressions that do not depend on one are kept (absolute dates, durations)."""
    first = guess_day_first(doc_text(doc)) if day_first is None else day_first
    read = []
    for candidate in candidates(doc):
        timex = _read(doc, candidate, anchor, first)
        if timex is not None:
            read.append((candidate, timex))
    read.sort(key=lambda pair: (-(pair[1].end - pair[1].start), pair[0].source != "pattern"))
    kept: list[tuple[Candidate, Timex]] = []
    for candidate, timex in read:
        if all(timex.end <= other.start or timex.start >= other.end for _, other in kept):
            kept.append((candidate, timex))
    kept.sort(key=lambda pair: pair[1].start)
    if anchor is None:
        return [timex for _, timex in kept]
    return _with_references(doc, kept, anchor, first)


def last_day(timexes: Sequence[Timex], before: int) -> date | None:
    """The day of the last DATE/TIME of day granularity ending before character ``before``."""
    days = [
        t.start_date
        for t in timexes
        if t.end <= before and t.type in {"DATE", "TIME"} and t.start_date is not None
        and t.start_date == t.end_date and not t.value.endswith("_REF")
    ]  # fmt: skip
    return days[-1] if days else None


def _with_references(
    doc: Any, kept: list[tuple[Candidate, Timex]], anchor: date | datetime, day_first: bool
) -> list[Timex]:
    """Read anaphoric expressions again against the last day mentioned before them."""
    final: list[Timex] = []
    for candidate, first_reading in kept:
        reference = last_day(final, first_reading.start)
        again = None
        if reference is not None:
            again = _read(doc, candidate, anchor, day_first, reference=reference)
        final.append(again if again is not None else first_reading)
    return final


def _same_reading(first: Timex | None, second: Timex | None) -> bool:
    """Both anchors gave the same value and range: the expression needs no anchor."""
    if first is None or second is None:
        return False
    return first == replace(second, reason=first.reason)


def _read(
    doc: Any,
    candidate: Candidate,
    anchor: date | datetime | None,
    day_first: bool,
    *,
    reference: date | None = None,
) -> Timex | None:
    tense = clause_tense(doc, candidate.start, candidate.end)
    text = doc_text(doc)[candidate.start : candidate.end]
    timex: Timex | None
    if anchor is None:
        probes = [
            _normalised(candidate.phrase, probe, tense, day_first, None) for probe in ANCHOR_PROBES
        ]
        timex = probes[0] if _same_reading(probes[0], probes[1]) else None
    else:
        timex = _normalised(candidate.phrase, anchor_day(anchor), tense, day_first, reference)
    if timex is None:
        return None
    return replace(timex, text=text, start=candidate.start, end=candidate.end)


@functools.lru_cache(maxsize=8192)
def _normalised(
    phrase: str, day: date, tense: str | None, day_first: bool, reference: date | None
) -> Timex | None:
    """``normalise``, remembered: its reading depends only on these (of the anchor only on its
    day), and the same phrases recur from story to story ("last month", "Wednesday"); a
    ``Timex`` is frozen, so sharing one is safe."""
    return normalise(phrase, anchor=day, tense=tense, day_first=day_first, reference=reference)
