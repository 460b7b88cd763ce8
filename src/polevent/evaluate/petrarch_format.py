"""PETRARCH validation records: reading them, coding them, and scoring coded events against them.

A record (one JSON object per line) is one sentence: ``id``, ``date`` (YYYYMMDD, the story date
that date-restricted actor codes use), ``text``, ``events`` = ``[{source, target, event}]``
(CAMEO actor and event codes), ``noevents`` (the coder must code nothing), and optionally
``category`` (test family) and ``expected_error`` (PETRARCH input/discard tests).

Matching: a gold event is reproduced when some predicted event of the same record has the same
event code and actors that agree at the granularity the gold gives. Actor codes agree when the
predicted code starts with the gold code (gold ``USA`` accepts ``USAGOV``; gold ``IRNGOV`` needs
``IRNGOV...``); an empty or ``---`` gold target asks for no target. Our records keep compound
actors as lists: each is expanded to its source x target dyads, as PETRARCH writes them.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from polevent.errors import InputError
from polevent.evaluate.base import EvalResult, Metric
from polevent.evaluate.stats import accuracy_metric
from polevent.ids import article_id
from polevent.pipeline import Coder, code_articles
from polevent.records import Article, EventRecord

__all__ = [
    "NO_ACTOR",
    "Dyad",
    "GoldEvent",
    "Outcome",
    "PetrarchRecord",
    "actor_matches",
    "code_records",
    "dyads",
    "evaluate",
    "event_matches",
    "outcome",
    "parse_record",
    "read_records",
]

NO_ACTOR = "---"
MATCHING_NOTE = (
    "a gold event is reproduced when a predicted event of the same sentence has the same CAMEO "
    "code and actor codes that start with the gold codes (gold USA accepts USAGOV); an empty or "
    "'---' gold target asks for none; compound actors are expanded to source x target dyads; "
    "the code, root, source and target metrics ask whether some predicted event of the sentence "
    "gets that part right, whatever its other parts"
)
MODALITY_NOTE = (
    "every predicted event counts whatever its modality (negated, future, hypothetical): "
    "PETRARCH codes those sentences too"
)
MAX_MISSES = 40


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldEvent:
    """One expected event: CAMEO source and target actor codes and the CAMEO event code."""

    source: str
    target: str
    code: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PetrarchRecord:
    """One validation sentence with its expected events; ``line`` is its line in the file."""

    id: str
    date: date
    text: str
    events: tuple[GoldEvent, ...]
    noevents: bool
    category: str
    expected_error: str | None
    line: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Dyad:
    """One predicted source -> target pair of an event (``""`` = no target)."""

    source: str
    target: str
    code: str


# ------------------------------------------------------------------------------------ reading


def _field(obj: dict[str, Any], name: str, kind: type, *, path: str, line: int) -> Any:
    value = obj.get(name)
    if not isinstance(value, kind):
        detail = f"field {name!r} should be {kind.__name__}, got {type(value).__name__}"
        raise InputError("E106", detail, path=path, line=line)
    return value


def _gold_event(item: Any, *, path: str, line: int) -> GoldEvent:
    if not isinstance(item, dict):
        raise InputError("E106", "each event should be an object", path=path, line=line)
    source, target, code = (
        _field(item, name, str, path=path, line=line) for name in ("source", "target", "event")
    )
    if not code:
        raise InputError("E106", "event with an empty code", path=path, line=line)
    return GoldEvent(source=source.strip(), target=target.strip(), code=code.strip())


def parse_record(obj: Any, *, path: str, line: int) -> PetrarchRecord:
    """One record from its decoded JSON (``InputError`` E106 / E105 when a field is wrong)."""
    if not isinstance(obj, dict):
        raise InputError("E106", "a record should be a JSON object", path=path, line=line)
    day = _field(obj, "date", str, path=path, line=line)
    try:
        when = datetime.strptime(day, "%Y%m%d").date()
    except ValueError as e:
        raise InputError("E105", f"date {day!r} is not YYYYMMDD", path=path, line=line) from e
    events = _field(obj, "events", list, path=path, line=line)
    error = obj.get("expected_error")
    return PetrarchRecord(
        id=_field(obj, "id", str, path=path, line=line),
        date=when,
        text=_field(obj, "text", str, path=path, line=line),
        events=tuple(_gold_event(item, path=path, line=line) for item in events),
        noevents=_field(obj, "noevents", bool, path=path, line=line),
        category=str(obj.get("category") or ""),
        expected_error=str(error) if error else None,
        line=line,
    )


def read_records(path: Path) -> tuple[PetrarchRecord, ...]:
    """Every record of a JSONL file (E107 missing, E103 not UTF-8, E104 bad JSON, E101 empty)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise InputError("E107", "gold file not found", path=str(path)) from e
    except UnicodeDecodeError as e:
        raise InputError("E103", str(e), path=str(path)) from e
    records = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as e:
            raise InputError("E104", e.msg, path=str(path), line=number) from e
        records.append(parse_record(obj, path=str(path), line=number))
    if not records:
        raise InputError("E101", "no records", path=str(path))
    return tuple(records)


# ------------------------------------------------------------------------------------- coding


def _article(record: PetrarchRecord, source: str) -> Article:
    return Article(
        id=article_id(text=record.text, url=f"petrarch:{record.id}"),
        title="",
        text=record.text,
        published_at=datetime(record.date.year, record.date.month, record.date.day),
        url=None,
        source=f"{source}:{record.line}",
    )


def code_records(
    records: Sequence[PetrarchRecord], coder: Coder, *, source: str = "gold"
) -> list[list[EventRecord]]:
    """Code each record's text as one article dated with its story date; records in order."""
    articles = [_article(record, source) for record in records]
    return [found for _, found in code_articles(articles, coder)]


def dyads(event: EventRecord) -> list[Dyad]:
    """The source x target pairs of one coded event (no target -> one pair with ``""``)."""
    sources = [actor.code for actor in event.source] or [""]
    targets = [actor.code for actor in event.target] or [""]
    return [Dyad(source=s, target=t, code=event.cameo_code) for s in sources for t in targets]


# ----------------------------------------------------------------------------------- matching


def actor_matches(gold: str, predicted: str, *, optional: bool = False) -> bool:
    """True when ``predicted`` starts with the ``gold`` actor code; with ``optional`` (targets)
    an empty or ``---`` gold code accepts anything."""
    if optional and gold in {"", NO_ACTOR}:
        return True
    return bool(gold) and predicted.startswith(gold)


def event_matches(gold: GoldEvent, predicted: Dyad) -> bool:
    """Same event code, source and target agreeing at the gold's granularity."""
    return (
        gold.code == predicted.code
        and actor_matches(gold.source, predicted.source)
        and actor_matches(gold.target, predicted.target, optional=True)
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """How one record fared: per gold event, whether it (and each of its parts) was found, and
    per predicted dyad whether it matches some gold event."""

    record: PetrarchRecord
    predicted: tuple[Dyad, ...]
    reproduced: tuple[bool, ...]
    code_found: tuple[bool, ...]
    root_found: tuple[bool, ...]
    source_found: tuple[bool, ...]
    target_found: tuple[bool, ...]
    correct: tuple[bool, ...]

    @property
    def passed(self) -> bool:
        """Every expected event reproduced and nothing else coded (PETRARCH's unit-test rule)."""
        return all(self.reproduced) and all(self.correct)


def outcome(record: PetrarchRecord, events: Iterable[EventRecord]) -> Outcome:
    """Compare one record's coded events with its gold events."""
    predicted = tuple(dict.fromkeys(d for event in events for d in dyads(event)))
    gold = record.events

    def found(test: Any) -> tuple[bool, ...]:
        return tuple(any(test(g, p) for p in predicted) for g in gold)

    return Outcome(
        record=record,
        predicted=predicted,
        reproduced=found(event_matches),
        code_found=found(lambda g, p: g.code == p.code),
        root_found=found(lambda g, p: g.code[:2] == p.code[:2]),
        source_found=found(lambda g, p: actor_matches(g.source, p.source)),
        target_found=found(lambda g, p: actor_matches(g.target, p.target, optional=True)),
        correct=tuple(any(event_matches(g, p) for g in gold) for p in predicted),
    )


# ------------------------------------------------------------------------------------ scoring


def _flat(outcomes: Iterable[Outcome], name: str) -> list[bool]:
    return [hit for item in outcomes for hit in getattr(item, name)]


def _metrics(outcomes: Sequence[Outcome], *, target: float | None) -> tuple[Metric, ...]:
    scored = [o for o in outcomes if o.record.expected_error is None]
    quiet = [o for o in scored if o.record.noevents]
    return (
        accuracy_metric(
            "expected events reproduced",
            _flat(scored, "reproduced"),
            target=target,
            note="recall: same code, source and target at the gold's granularity",
        ),
        accuracy_metric("event code exact", _flat(scored, "code_found")),
        accuracy_metric("event code root", _flat(scored, "root_found")),
        accuracy_metric("source match", _flat(scored, "source_found")),
        accuracy_metric("target match", _flat(scored, "target_found")),
        accuracy_metric(
            "precision of predicted events",
            _flat(scored, "correct"),
            note="predicted dyads matching a gold event of their sentence",
        ),
        accuracy_metric(
            "false-event rate on no-event records",
            [bool(o.predicted) for o in quiet],
            note="lower is better",
        ),
        accuracy_metric(
            "records passed", [o.passed for o in scored], note="all expected, nothing extra"
        ),
    )


def _share(hits: Sequence[bool]) -> str:
    return f"{sum(hits)}/{len(hits)}" + (f" ({sum(hits) / len(hits):.0%})" if hits else "")


def _categories(outcomes: Sequence[Outcome]) -> list[tuple[str, str]]:
    groups: defaultdict[str, list[Outcome]] = defaultdict(list)
    for item in outcomes:
        groups[item.record.category or "(none)"].append(item)
    rows = []
    for name in sorted(groups):
        group = groups[name]
        text = (
            f"events reproduced {_share(_flat(group, 'reproduced'))}; "
            f"records passed {_share([o.passed for o in group])}; "
            f"predicted correct {_share(_flat(group, 'correct'))}"
        )
        rows.append((f"category {name}", text))
    return rows


def _pairs(items: Iterable[GoldEvent | Dyad]) -> str:
    return ", ".join(f"{i.source or '-'}>{i.target or '-'} {i.code}" for i in items) or "none"


def _misses(outcomes: Sequence[Outcome]) -> list[tuple[str, str]]:
    failed = [o for o in outcomes if not o.passed and o.record.expected_error is None]
    rows = [
        (f"failed {o.record.id}", f"gold {_pairs(o.record.events)}; coded {_pairs(o.predicted)}")
        for o in failed[:MAX_MISSES]
    ]
    if len(failed) > MAX_MISSES:
        rows.append(("failed (more)", f"{len(failed) - MAX_MISSES} more records not listed"))
    return rows


def _errors(outcomes: Sequence[Outcome]) -> list[tuple[str, str]]:
    kinds: Counter[str] = Counter()
    coded: Counter[str] = Counter()
    for item in outcomes:
        if item.record.expected_error is not None:
            kinds[item.record.expected_error] += 1
            coded[item.record.expected_error] += bool(item.predicted)
    return [
        (f"expected error {kind}", f"{coded[kind]}/{n} records still coded with an event")
        for kind, n in sorted(kinds.items())
    ]


def evaluate(
    records: Sequence[PetrarchRecord],
    coded: Sequence[Sequence[EventRecord]],
    *,
    scorer: str,
    gold: str,
    notes: Sequence[str] = (),
    target: float | None = None,
) -> EvalResult:
    """Metrics, per-category breakdown and failed records for coded ``records``.

    Records with an ``expected_error`` (PETRARCH input and discard tests) are left out of the
    metrics and reported in ``details``; no-event records count in precision and the
    false-event rate.
    """
    outcomes = [outcome(r, found) for r, found in zip(records, coded, strict=True)]
    return EvalResult(
        scorer=scorer,
        gold=gold,
        n=len(records),
        metrics=_metrics(outcomes, target=target),
        notes=(MATCHING_NOTE, MODALITY_NOTE, *notes),
        details=(*_categories(outcomes), *_errors(outcomes), *_misses(outcomes)),
    )
