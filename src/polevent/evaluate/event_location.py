"""The event-location scorer: is the place we give an event the one its sentence says?

Gold: ``event-location/labeled_text.jsonl.gz`` (Halterman 2019: one sentence a line, ``tokens``
as ``[start, end]`` character pairs and ``spans`` = one ``VERB`` and the ``LOCATION`` span(s)
where that event happened, none when the sentence does not say). Spans are read through their
``token_start``/``token_end`` (inclusive) indices, the reliable ones; records without a verb
or with two are left out (counted in the notes). ``source == "RELABEL"`` marks the author's 496
gold re-annotations, reported apart from all records.

Each sentence is parsed by the pipeline's spaCy model; the gold verb's span is aligned to the
Doc and its root token handed to ``locate_event`` with the sentence's ``find_toponyms`` (no
dateline: these are single sentences). A record is right when the chosen toponym matches a gold
LOCATION span (exact: equal spans after trimming spaces; overlap: sharing a character) or when
there is no gold location and we choose none. Location P/R/F1 count records: P over records
where we chose a place, R over records with a gold location.

The pure core (``read_event_locations``, ``judge``, ``location_metrics``) takes values; ``run``
parses text with the real model and gazetteer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from polevent.errors import InputError
from polevent.evaluate.base import EvalResult, Metric, Scorer, read_json_lines
from polevent.evaluate.stats import accuracy_metric, metric, prf
from polevent.nlp import build_nlp
from polevent.pipeline import Coder
from polevent.resolve.gazetteer import Gazetteer, default_gazetteer_path, open_gazetteer
from polevent.resolve.places import find_toponyms, locate_event

__all__ = [
    "DEFAULT_GOLD",
    "NOTES",
    "RELABEL",
    "SCORER",
    "Judgement",
    "LocationRecord",
    "judge",
    "location_metrics",
    "predict_locations",
    "read_event_locations",
    "result_for",
    "run",
    "verb_token",
]

DEFAULT_GOLD = "event-location/labeled_text.jsonl.gz"
RELABEL = "RELABEL"
BATCH_SIZE = 256
EDGE = " \t\n\u00a0"

Span = tuple[int, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class LocationRecord:
    """One gold sentence: its event verb's character span and the gold location spans."""

    record_id: str
    text: str
    source: str
    verb: Span
    locations: tuple[Span, ...]
    line: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Judgement:
    """How one prediction compares with the gold (``predicted`` ``None``: no location)."""

    record: LocationRecord
    predicted: Span | None
    exact: bool
    overlap: bool


# ----------------------------------------------------------------------------- reading


def _span(span: Any, tokens: Any) -> Span | None:
    """The character span of a gold span from its (inclusive) token indices, else from its own
    ``start``/``end``; ``None`` when neither is usable."""
    first, last = span.get("token_start"), span.get("token_end")
    if isinstance(first, int) and isinstance(last, int) and 0 <= first <= last < len(tokens):
        start, end = tokens[first][0], tokens[last][1]
    else:
        start, end = span.get("start"), span.get("end")
    ok = isinstance(start, int) and isinstance(end, int) and 0 <= start < end
    return (start, end) if ok else None


def _record(row: Any, *, path: Path, line: int) -> LocationRecord | None:
    if not (isinstance(row, dict) and isinstance(row.get("text"), str)):
        raise InputError("E106", "need text", path=str(path), line=line)
    spans, tokens = row.get("spans") or [], row.get("tokens") or []
    if not isinstance(spans, list) or not isinstance(tokens, list):
        raise InputError("E106", "spans and tokens must be lists", path=str(path), line=line)
    verbs = [s for s in spans if isinstance(s, dict) and s.get("label") == "VERB"]
    verb = _span(verbs[0], tokens) if len(verbs) == 1 else None
    if verb is None:
        return None
    places = [
        _span(s, tokens) for s in spans if isinstance(s, dict) and s.get("label") == "LOCATION"
    ]
    return LocationRecord(
        record_id=str(row.get("_id", line)),
        text=row["text"],
        source=str(row.get("source", "")),
        verb=verb,
        locations=tuple(sorted({p for p in places if p is not None})),
        line=line,
    )


def read_event_locations(path: Path) -> tuple[list[LocationRecord], int]:
    """The scorable records of a ``labeled_text.jsonl(.gz)`` file, and how many were left out
    (no verb span, or more than one)."""
    records, skipped = [], 0
    for line, row in read_json_lines(path):
        record = _record(row, path=path, line=line)
        if record is None:
            skipped += 1
        else:
            records.append(record)
    return records, skipped


# ----------------------------------------------------------------------------- judging


def _trim(span: Span, text: str) -> Span:
    piece = text[span[0] : span[1]]
    left = len(piece) - len(piece.lstrip(EDGE))
    return span[0] + left, span[0] + len(piece.rstrip(EDGE))


def judge(record: LocationRecord, predicted: Span | None) -> Judgement:
    """Exact and overlap correctness of ``predicted`` against ``record``'s gold locations."""
    if predicted is None:
        right = not record.locations
        return Judgement(record=record, predicted=None, exact=right, overlap=right)
    mine = _trim(predicted, record.text)
    gold = [_trim(g, record.text) for g in record.locations]
    return Judgement(
        record=record,
        predicted=predicted,
        exact=mine in gold,
        overlap=any(min(mine[1], g[1]) > max(mine[0], g[0]) for g in gold),
    )


def _prf_value(mode: str, which: int) -> Callable[[Sequence[Judgement]], float]:
    def value(judgements: Sequence[Judgement]) -> float:
        tp = sum(
            getattr(j, mode) for j in judgements if j.predicted is not None and j.record.locations
        )
        predicted = sum(j.predicted is not None for j in judgements)
        gold = sum(bool(j.record.locations) for j in judgements)
        return prf(tp, predicted, gold)[which]

    return value


def location_metrics(judgements: Sequence[Judgement], *, label: str) -> list[Metric]:
    """Accuracy (exact, overlap), location P/R/F1 (exact, overlap) and no-location accuracy
    of one subset of records; intervals resample records."""
    predicted = sum(j.predicted is not None for j in judgements)
    gold = sum(bool(j.record.locations) for j in judgements)
    metrics = [
        accuracy_metric(f"{label}: accuracy (exact)", [j.exact for j in judgements]),
        accuracy_metric(f"{label}: accuracy (overlap)", [j.overlap for j in judgements]),
    ]
    for mode in ("exact", "overlap"):
        for which, part, n in ((0, "P", predicted), (1, "R", gold), (2, "F1", gold)):
            name = f"{label}: location {part} ({mode})"
            found = metric(name, judgements, _prf_value(mode, which))
            metrics.append(replace(found, n=n))
    empty = [j.predicted is None for j in judgements if not j.record.locations]
    metrics.append(accuracy_metric(f"{label}: no location -> none", empty))
    return metrics


def _outcomes(judgements: Sequence[Judgement], *, label: str) -> list[tuple[str, str]]:
    """How the overlap misses fall: gold place but none chosen, none in gold but one chosen,
    both but different."""
    kinds: Counter[str] = Counter()
    for j in judgements:
        if j.overlap:
            continue
        if j.predicted is None:
            kinds["gold has a location, we chose none"] += 1
        elif not j.record.locations:
            kinds["gold has no location, we chose one"] += 1
        else:
            kinds["both have one, not overlapping"] += 1
    return [(f"{label}: {kind}", str(n)) for kind, n in sorted(kinds.items())]


# ----------------------------------------------------------------------------- running


def verb_token(doc: Any, verb: Span) -> Any:
    """The Doc token for a gold verb span: the root of the tokens it covers (``None`` if the
    span falls outside the Doc)."""
    span = doc.char_span(verb[0], verb[1], alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def predict_locations(
    records: Sequence[LocationRecord], *, nlp: Any, gazetteer: Gazetteer
) -> list[Span | None]:
    """For each record, the span of the toponym ``locate_event`` chooses for its verb."""
    found: list[Span | None] = []
    for record, doc in zip(
        records, nlp.pipe((r.text for r in records), batch_size=BATCH_SIZE), strict=True
    ):
        verb = verb_token(doc, record.verb)
        chosen = None
        if verb is not None:
            chosen = locate_event(verb, find_toponyms(doc, gazetteer=gazetteer))
        found.append(None if chosen is None else (chosen.start, chosen.end))
    return found


NOTES = (
    "right = the chosen toponym matches a gold LOCATION span (exact: equal after trimming "
    "spaces; overlap: shares a character), or no gold location and none chosen",
    "location P/R/F1 count records: N is records where we chose a place for P, records with a "
    "gold location for R and F1; 'no location -> none' is the share of records without a "
    "gold location where we chose none. Intervals resample records",
    "sentences are scored alone: no dateline, no article context (locate_event never falls "
    "back on another sentence); the RELABEL rows are the author's gold re-annotations",
)


def result_for(
    records: Sequence[LocationRecord],
    predicted: Sequence[Span | None],
    *,
    gold: str,
    skipped: int = 0,
) -> EvalResult:
    """The EvalResult of ``predicted`` against ``records``: RELABEL records, then all."""
    judgements = [judge(r, p) for r, p in zip(records, predicted, strict=True)]
    relabel = [j for j in judgements if j.record.source == RELABEL]
    metrics: list[Metric] = []
    details: list[tuple[str, str]] = []
    for label, subset in ((RELABEL, relabel), ("all", judgements)):
        if subset:
            metrics += location_metrics(subset, label=label)
            details += _outcomes(subset, label=label)
    with_gold = sum(bool(r.locations) for r in records)
    counts = (
        f"{gold}: {len(records)} records ({len(relabel)} RELABEL), {with_gold} with a gold "
        f"location; {skipped} left out (no VERB span, or two)"
    )
    return EvalResult(
        scorer=SCORER.name,
        gold=gold,
        n=len(records),
        metrics=tuple(metrics),
        notes=(counts, *NOTES),
        details=tuple(details),
    )


def run(gold: Path, *, coder: Coder | None, limit: int | None = None) -> EvalResult:
    """Event-location accuracy and location P/R/F1 of the real pipeline on ``gold``."""
    records, skipped = read_event_locations(gold)
    records = records[:limit]
    nlp = coder.nlp if coder is not None else build_nlp()
    gazetteer = open_gazetteer(default_gazetteer_path())
    try:
        predicted = predict_locations(records, nlp=nlp, gazetteer=gazetteer)
    finally:
        gazetteer.close()
    return result_for(records, predicted, gold=str(gold), skipped=skipped)


SCORER = Scorer(
    name="event-location",
    description="where events happened: the location chosen for each verb (Halterman 2019)",
    default_gold=DEFAULT_GOLD,
    run=run,
)
