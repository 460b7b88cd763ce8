"""When each event happened: its own date, with granularity and the reason for it.

The pure core is :func:`event_date` (a trigger token of a parsed Doc, the Doc's time expressions
from :func:`polevent.resolve.timex.find_timexes`, the story date -> ``records.EventDate``). It
tries, in order, and says in ``reason`` which step gave the date:

1. **own**: a DATE/TIME expression attached to the trigger (a prep/npadvmod/advmod/tmod/poss/
   compound under it, through nouns but not through another clause: "met on Monday", "the call
   on Thursday", "Monday's attack", "the 2019 election"; a relative clause on a date, "August
   2021, when the regime came to power"). "since X" gives a range from X to the story date.
2. **relative**: another event it is placed against ("after the attack", "days after the regime
   condemned ...", "during the call", "It comes days after ..."), dated in turn: the same day
   for "during"/"shortly after"/"hours after", a day later for "a day after", otherwise an open
   range on the right side of the other event (its end the story date for a past event).
3. **coreferent**: a mention of the same event nearby that carries a date ("held a phone
   conversation" ... "The call on Thursday"; "The shooting" ... "On Saturday, a gunman shot").
4. **sentence**: a date attached to a clause that contains the trigger ("On Monday, police said
   they arrested ..."; "has died, according to the president on Friday").
5. **governed**: an indefinite event noun happens with its clause ("led to an explosion"); the
   subject of "began"/"took place" with that verb; a report placed after what it reports ("X
   died on Monday, her son announced") with it.
6. **historical**: background events (past perfect, a past relative clause on a noun, an event
   named by a definite noun with no date, ``modality="historical"``) get a range ending no
   later than the event that mentions them (or the day before the story date), never the story
   date itself.
7. **inherited**: a simple-past event with no date of its own after the lead sentence takes the
   date of the article's main event (:func:`lead_event`), when that came from the text.
8. **story date**: the publication date, reason "story date ... (no date in the text)";
   granularity ``unknown`` when the article has no date.

Dates inside a quotation are the speaker's and date only events inside it; bare clock times
("at 10:39 a.m.") name no day and are not used. Relative references use only dates read for the
other event itself (never inherited or historical ones), so guesses do not chain.
A past-tense event is never dated after the story date: a reading that would be is dropped (a
range is cut at the story date).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from polevent.nlp.text import doc_text
from polevent.records import EventDate
from polevent.resolve.date_links import (
    ANAPHORS,
    ASPECTUAL,
    COME_LEMMAS,
    LIGHT_VERBS,
    RELATIVE_WORDS,
    REPORTING,
    auxiliaries,
    background_kind,
    clause_head,
    event_names,
    event_references,
    event_tense,
    is_clause,
    is_definite,
    is_eventive,
    is_named,
    owned_by_event_noun,
    relation_gap,
    relation_phrase,
    relation_word,
)
from polevent.resolve.quote_marks import quote_regions
from polevent.resolve.timex import Timex, normalise

__all__ = [
    "RELATIVE_WORDS",
    "event_date",
    "lead_event",
    "story_date",
]

DAY = timedelta(days=1)
BARE_CLOCK = re.compile(
    r"(?i:(?:\d{1,2}(?:[:.]\d\d)?\s*(?:a\.?m\.?|p\.?m\.?)?|noon|midnight)"
    r"(?:\s*(?:utc|gmt|local time))?|\d{4}\s*(?:utc|gmt))"
)
CLOCK_AFTER = re.compile(r"\s*(?:UTC|GMT)\b")
NAMED_DAYS = re.compile(
    r"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march"
    r"|april|june|july|august|september|october|november|december)"
)
COREF_WINDOW = 4
MAX_DEPTH = 3
MAX_HOPS = 8
_ROOTS = "polevent.timex_roots"  # Doc.user_data key: expression span -> its root token index
_QUOTES = "polevent.quote_regions"  # Doc.user_data key: the Doc's quotations (character ranges)


def story_date(published: date | datetime | None) -> EventDate:
    """The publication date marked as such (granularity ``unknown`` when there is none)."""
    day = _day(published)
    if day is None:
        return EventDate(
            start=None, end=None, granularity="unknown", text="", reason="article has no date"
        )
    reason = f"story date {day.isoformat()} (no date in the text)"
    return EventDate(start=day, end=day, granularity="day", text="", reason=reason)


def lead_event(doc: Any) -> Any | None:
    """The article's main event: the verb at the root of its first sentence that has one
    (a dateline such as "Friday, January 4, 2019" has none)."""
    for sent in doc.sents:
        root = sent.root
        if root.pos_ in {"VERB", "AUX"}:
            return root
    return None


def event_date(
    verb: Any,
    timexes: Sequence[Timex],
    *,
    published: date | datetime | None,
    lead: Any | None = None,
    modality: str | None = None,
) -> EventDate:
    """The date of the event whose trigger is ``verb`` (a spaCy Token, verb or event noun).

    ``timexes`` are the Doc's time expressions (offsets into ``doc.text``), ``published`` the
    story date, ``lead`` the article's main event (see :func:`lead_event`; its date is inherited
    by past-tense follow-on events that have none), ``modality`` the event's coded modality
    ("historical" events are never given the story date)."""
    quotes = verb.doc.user_data.get(_QUOTES)
    if quotes is None:  # the same for every event of the Doc: found once
        quotes = verb.doc.user_data[_QUOTES] = tuple(quote_regions(doc_text(verb.doc)))
    dater = _Dater(timexes=timexes, published=_day(published), lead=lead, quotes=quotes)
    return dater.date(verb, depth=0, modality=modality, avoid=frozenset())


def _day(moment: date | datetime | None) -> date | None:
    return moment.date() if isinstance(moment, datetime) else moment


class _Dater:
    """The steps of :func:`event_date` over one Doc's time expressions."""

    def __init__(
        self,
        *,
        timexes: Sequence[Timex],
        published: date | None,
        lead: Any,
        quotes: Sequence[tuple[int, int]],
    ) -> None:
        self.timexes = [t for t in timexes if _usable(t)]
        self.published = published
        self.lead = lead
        self.quotes = quotes

    def _quote(self, at: int) -> int:
        """Which quotation ``at`` is in (-1: none): a date in a quote is the speaker's."""
        return next((n for n, (a, b) in enumerate(self.quotes) if a <= at < b), -1)

    def _near(self, verb: Any) -> list[Timex]:
        """The expressions in the same quotation as ``verb`` (or outside any), less 24-hour
        clock times read as years ("(1639 UTC)")."""
        here = self._quote(verb.idx)
        text = doc_text(verb.doc)
        return [
            t
            for t in self.timexes
            if self._quote(t.start) == here and not CLOCK_AFTER.match(text, t.end)
        ]

    def date(
        self, verb: Any, *, depth: int, modality: str | None, avoid: frozenset[int]
    ) -> EventDate:
        avoid = avoid | {verb.i}
        steps: tuple[Callable[[], EventDate | None], ...] = (
            lambda: self._own(verb),
            lambda: self._relative(verb, depth=depth, avoid=avoid),
            lambda: self._coreferent(verb),
            lambda: self._sentence(verb),
            lambda: self._governed(verb, depth=depth, avoid=avoid),
            lambda: self._historical(verb, depth=depth, modality=modality, avoid=avoid),
            lambda: self._inherited(verb, depth=depth, avoid=avoid),
        )
        for step in steps:
            found = step()
            if found is not None and self._possible(verb, found):
                return self._cut(verb, found)
        return story_date(self.published)

    # --- 1. own ------------------------------------------------------------------------------

    def _own(self, verb: Any) -> EventDate | None:
        ranked = []
        for timex in self._near(verb):
            hops = _attachment(verb, timex)
            if hops is not None:
                found = self._read(timex, verb, why="attached to")
                if self._possible(verb, found):
                    ranked.append(((timex.type == "TIME", hops), found))
        if ranked:
            return min(ranked, key=lambda pair: pair[0])[1]
        return _relative_clause_on_date(verb, self._near(verb), self.published)

    def _read(self, timex: Timex, verb: Any, *, why: str) -> EventDate:
        """The expression's date for ``verb``: a weekday or month name read in another clause's
        tense ("voted to lift it on Saturday") is read again in the event's."""
        tense = event_tense(verb)
        if (
            self.published is not None
            and tense in {"past", "future"}
            and timex.tense not in {tense, None}
            and NAMED_DAYS.search(timex.text)
        ):
            again = normalise(timex.text, anchor=self.published, tense=tense, start=timex.start)
            if again is not None and again.type in {"DATE", "TIME"}:
                timex = again
        return _from_timex(timex, verb, self.published, why=why)

    # --- 2. relative -------------------------------------------------------------------------

    def _relative(self, verb: Any, *, depth: int, avoid: frozenset[int]) -> EventDate | None:
        if depth >= MAX_DEPTH:
            return None
        inner = self._comes_after(verb) or self._placed_under(verb, depth=depth, avoid=avoid)
        if inner is not None:
            return inner
        for word, other in event_references(verb):
            if other.i in avoid:
                continue
            ref = self.date(other, depth=depth + 1, modality=None, avoid=avoid)
            if not _anchored(ref):
                continue
            return _shift(ref, RELATIVE_WORDS[word.lower_], relation_gap(word), self.published,
                          why=f"'{relation_phrase(word)}' '{other.text}'")  # fmt: skip
        return None

    def _placed_under(self, verb: Any, *, depth: int, avoid: frozenset[int]) -> EventDate | None:
        """``verb`` is the event another is placed against ("X comes days after ``verb``")."""
        word = relation_word(verb)
        if word is None or verb.head.i in avoid or verb.head.i == verb.i:
            return None
        head = clause_head(verb.head) if verb.dep_ == "pobj" else verb.head
        if head is None or head.i in avoid:
            return None
        ref = self.date(head, depth=depth + 1, modality=None, avoid=avoid)
        if not _anchored(ref):
            return None
        relation = {"after": "before", "before": "after"}.get(RELATIVE_WORDS[word.lower_], "during")
        why = f"'{head.text}' {relation_phrase(word)} it"
        return _shift(ref, relation, relation_gap(word), self.published, why=why)

    def _comes_after(self, verb: Any) -> EventDate | None:
        """ "It comes days after ...": the pronoun is the article's main event."""
        if verb.lemma_.lower() not in COME_LEMMAS or self.lead is None or self.lead.i == verb.i:
            return None
        if not any(c.dep_ == "nsubj" and c.lower_ in ANAPHORS for c in verb.children):
            return None
        ref = self.date(self.lead, depth=MAX_DEPTH, modality=None, avoid=frozenset({verb.i}))
        if not _from_text(ref):
            return None
        return replace(
            ref, reason=f"'{verb.text}': the main event '{self.lead.text}'; {ref.reason}"
        )

    # --- 3. coreferent -----------------------------------------------------------------------

    def _coreferent(self, verb: Any) -> EventDate | None:
        names = event_names(verb)
        if not names:
            return None
        sents = list(verb.doc.sents)
        here = next(n for n, s in enumerate(sents) if s.start <= verb.i < s.end)
        nearby = sents[max(0, here - COREF_WINDOW) : here + COREF_WINDOW]
        for sent in sorted(nearby, key=lambda s: abs(s.start - verb.i)):
            for token in sent:
                if token.i == verb.i or token.lemma_.lower() not in names:
                    continue
                verbal = token.pos_ == "VERB" and verb.pos_ == "NOUN"  # "The shooting" <- "shot"
                if not (verbal or (token.pos_ == "NOUN" and is_definite(token))):
                    continue
                own = self._own(token)
                if own is not None:
                    why = f"the same event as '{token.text}' (sentence {sents.index(sent) + 1})"
                    return replace(own, reason=f"{own.reason}; {why}")
        return None

    # --- 4. sentence -------------------------------------------------------------------------

    def _sentence(self, verb: Any) -> EventDate | None:
        if verb.pos_ != "NOUN" and background_kind(verb, None) is not None:
            return None  # "condemned the attack on Monday, where 26 were killed"
        if verb.tag_ == "VB" and "to" in auxiliaries(verb):
            return None  # "announced on Wednesday a plan to withdraw": not yet an event
        best: tuple[int, Timex, Any] | None = None
        ancestors = {a.i: n for n, a in enumerate(verb.ancestors, start=1)}
        sentence = verb.sent.start
        for timex in self._near(verb):
            root = _timex_root(verb.doc, timex)
            if root is None or root.sent.start != sentence:
                continue
            head = clause_head(root)
            if head is None or owned_by_event_noun(root, head):
                continue
            if head.lower_ == "according" and head.head.i == verb.i:
                ancestors[head.i] = 0  # "has died, according to the president on Friday"
            if head is None or head.i not in ancestors:
                continue
            if best is None or ancestors[head.i] < best[0]:
                best = (ancestors[head.i], timex, head)
        if best is None:
            return None
        # read as its own clause reads it ("On Wednesday, X announced a plan to withdraw")
        return _from_timex(best[1], verb, self.published, why=f"the clause of '{best[2].text}':")

    def _governed(self, verb: Any, *, depth: int, avoid: frozenset[int]) -> EventDate | None:
        """ "led to an explosion": an indefinite event noun happens with its clause; "X died on
        Monday, her son announced": a report after what it reports is dated with it."""
        if depth >= MAX_DEPTH:
            return None
        other = None
        if verb.pos_ == "NOUN" and verb.dep_ == "nsubj" and verb.head.lemma_ in ASPECTUAL:
            other, why = verb.head, "the subject of"  # "the shooting began at ..."
        elif verb.pos_ == "NOUN" and not is_definite(verb) and not is_named(verb):
            other = clause_head(verb.head) if verb.head.i != verb.i else None
            why = "with its clause"
        elif verb.lemma_.lower() in REPORTING:
            inner = [c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i]
            other = inner[0] if inner else None
            why = "reported with"
        if other is None or other.i in avoid:
            return None
        ref = self.date(other, depth=depth + 1, modality=None, avoid=avoid)
        if not _from_text(ref) or ref.start is None or ref.start != ref.end:
            return None
        return replace(ref, reason=f"{why} '{other.text}': {ref.reason}")

    # --- 5. historical -----------------------------------------------------------------------

    def _historical(
        self, verb: Any, *, depth: int, modality: str | None, avoid: frozenset[int]
    ) -> EventDate | None:
        kind = background_kind(verb, modality)
        if kind is None:
            return None
        governor = clause_head(verb.head) if verb.head.i != verb.i else None
        if governor is not None and governor.i not in avoid and depth < MAX_DEPTH:
            ref = self.date(governor, depth=depth + 1, modality=None, avoid=avoid)
            if _from_text(ref) and ref.end is not None:
                return EventDate(start=None, end=ref.end, granularity=ref.granularity,
                                 text=ref.text, reason=f"historical ({kind}): no later than "
                                 f"'{governor.text}' ({ref.reason})")  # fmt: skip
        if self.published is None:
            return None
        end = self.published - DAY
        return EventDate(start=None, end=end, granularity="day", text="",
                         reason=f"historical ({kind}): before the story date "
                         f"{self.published.isoformat()}")  # fmt: skip

    # --- 6. inherited ------------------------------------------------------------------------

    def _inherited(self, verb: Any, *, depth: int, avoid: frozenset[int]) -> EventDate | None:
        lead = self.lead
        if lead is None or lead.i in avoid or lead.i >= verb.i or depth >= MAX_DEPTH:
            return None
        if verb.tag_ != "VBD" and not (verb.tag_ == "VBN" and auxiliaries(verb) & {"was", "were"}):
            return None
        frame = self._frame(verb)
        if frame is not None:
            return frame
        ref = self.date(lead, depth=MAX_DEPTH, modality=None, avoid=avoid)
        if not _from_text(ref) or ref.start is None or ref.start != ref.end:
            return None
        why = f"inherited from the main event '{lead.text}' ({ref.reason})"
        return replace(ref, reason=why)

    def _frame(self, verb: Any) -> EventDate | None:
        """The last date the paragraph gave a past event before ``verb`` ("On March 18, 1965,
        he performed the first spacewalk. He received ..."): the narrative's current time."""
        text = doc_text(verb.doc)
        paragraph = max(text.rfind("\n\n", 0, verb.idx), text.rfind("\n", 0, verb.idx))
        for timex in reversed(self._near(verb)):
            if not paragraph < timex.start < verb.idx:
                continue
            root = _timex_root(verb.doc, timex)
            head = None if root is None else clause_head(root)
            if head is None or head.i == verb.i or event_tense(head) != "past":
                continue
            if timex.start_date is None or timex.end_date is None or timex.mod:
                return None  # "since 1947" opens no frame the next sentence is in
            found = _from_timex(timex, head, self.published, why="dates")
            return replace(
                found, reason=f"inherited from the paragraph's last date: {found.reason}"
            )
        return None

    # --- guards ------------------------------------------------------------------------------

    def _possible(self, verb: Any, found: EventDate) -> bool:
        """A past-tense event cannot start after the story date."""
        past = event_tense(verb) == "past"
        if not past or self.published is None or found.start is None:
            return True
        return found.start <= self.published

    def _cut(self, verb: Any, found: EventDate) -> EventDate:
        published = self.published
        if event_tense(verb) != "past" or published is None or found.end is None:
            return found
        if found.end <= published:
            return found
        why = f"{found.reason}; cut at the story date (past tense)"
        return replace(found, end=published, reason=why)


# --- helpers ---------------------------------------------------------------------------------


def _usable(timex: Timex) -> bool:
    """A DATE or TIME that names a period: not "now"/"recently", not a bare clock time ("at
    10:39 a.m." says the hour, and the day only by guessing which day the text means)."""
    return (
        timex.type in {"DATE", "TIME"}
        and (timex.start_date is not None or timex.end_date is not None)
        and not timex.value.endswith("_REF")
        and not BARE_CLOCK.fullmatch(timex.text.strip())
    )


def _from_text(found: EventDate) -> bool:
    """The date came from the text (not the story date, nor only "before the story date")."""
    if found.reason.startswith(("story date", "article has no date")):
        return False
    return "before the story date" not in found.reason


def _anchored(found: EventDate) -> bool:
    """A date read from the text for this very event (not inherited, not only "before")."""
    return _from_text(found) and not found.reason.startswith(("inherited", "historical"))


def _timex_root(doc: Any, timex: Timex) -> Any | None:
    """The root token of the expression's words, found once per Doc and span (every event of
    the Doc asks about every expression near it)."""
    roots = doc.user_data.setdefault(_ROOTS, {})
    key = (timex.start, timex.end)
    if key not in roots:
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        roots[key] = None if span is None or len(span) == 0 else span.root.i
    return None if roots[key] is None else doc[roots[key]]


def _attachment(verb: Any, timex: Timex) -> int | None:
    """Hops from the expression up to ``verb`` when it hangs under it without crossing another
    clause (``None`` when it does not)."""
    token = _timex_root(verb.doc, timex)
    if token is None or token.i == verb.i or token.dep_ == "relcl" or is_clause(token):
        return None
    for hops in range(1, MAX_HOPS):
        if (
            hops > 1
            and is_eventive(token)
            and (relation_word(token) is not None or verb.lemma_.lower() not in LIGHT_VERBS)
        ):
            return None  # "reported Monday's attack": Monday dates the attack, not the report
        head = token.head
        if head.i == verb.i:
            return hops
        if is_clause(head) and head.dep_ == "xcomp" and head.head.i == verb.i:
            return hops + 3  # "voted to lift it on Saturday": the time of the whole act
        if head.i == token.i or is_clause(head):
            return None

        token = head
    return None


def _relative_clause_on_date(
    verb: Any, timexes: Sequence[Timex], published: date | None
) -> EventDate | None:
    """ "August 2021, when the regime came to power": the clause is dated by its head."""
    if verb.dep_ != "relcl":
        return None
    for timex in timexes:
        if timex.start <= verb.head.idx < timex.end:
            plain = replace(timex, end_date=_period_end(timex), reason=f"{timex.value}")
            return _from_timex(plain, verb, published, why="the date its clause describes:")
    return None


def _period_end(timex: Timex) -> date | None:
    """The last day of the period a DATE value names (a year, a month, a day)."""
    start = timex.start_date
    if start is None:
        return timex.end_date
    if re.fullmatch(r"\d{4}", timex.value):
        return date(start.year, 12, 31)
    if re.fullmatch(r"\d{4}-\d{2}", timex.value):
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return following - DAY
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", timex.value):
        return start
    return timex.end_date


def _from_timex(timex: Timex, verb: Any, published: date | None, *, why: str) -> EventDate:
    words = _with_preposition(verb.doc, timex)
    found = EventDate(
        start=timex.start_date,
        end=timex.end_date,
        granularity=timex.granularity,
        text=words,
        reason=f"'{words}' {why} '{verb.text}': {timex.reason}",
    )
    begin = timex.start_date
    if (
        timex.end_date is None
        and begin is not None
        and published is not None
        and begin <= published
    ):
        return replace(found, end=published, reason=f"{found.reason}, to the story date")
    return found


def _with_preposition(doc: Any, timex: Timex) -> str:
    """The expression with the preposition that heads it ("on Thursday", "since 1947")."""
    root = _timex_root(doc, timex)
    if root is None or root.dep_ != "pobj" or root.head.i >= root.i:
        return timex.text
    head = root.head
    if doc_text(doc)[head.idx + len(head.text) : timex.start].strip():
        return timex.text
    return str(doc_text(doc)[head.idx : timex.end])


def _shift(
    ref: EventDate, relation: str, gap: str, published: date | None, *, why: str
) -> EventDate:
    """The date placed ``relation`` (after, before, during) the event dated ``ref``."""
    reason = f"{why}: {ref.reason}"
    if relation == "during" or gap == "same":
        return replace(ref, reason=f"same time as {reason}")
    after = relation == "after"
    base = (ref.end or ref.start) if after else (ref.start or ref.end)
    if base is None:
        return replace(ref, start=None, end=published, granularity="unknown")
    step = DAY if after else -DAY
    if gap == "day" and ref.granularity == "day":
        day = base + step
        word = "after" if after else "before"
        return replace(ref, start=day, end=day, reason=f"a day {word} {reason}")
    if after:
        return EventDate(start=base + DAY, end=published, granularity=ref.granularity,
                         text=ref.text, reason=f"after {reason} (open range)")  # fmt: skip
    return EventDate(start=None, end=base - DAY, granularity=ref.granularity, text=ref.text,
                     reason=f"before {reason} (open range)")  # fmt: skip
