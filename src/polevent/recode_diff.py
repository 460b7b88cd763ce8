"""What a re-coding changed: current vs pending mentions of each article, field by field (pure).

``diff_mentions(current, pending)`` pairs the mentions of one article: first by ``event_id``
(same article, sentence, dyad, code and trigger position), then, among the rest, by sentence
and trigger word (the code or the dyad changed, so the id did), preferring the pair with the
fewest differing fields. A paired mention whose fields differ is *re-coded*; an unpaired
current one is *dropped*, an unpaired pending one *new*. ``diff_run`` adds the counts.

Compared fields (``FIELDS``) are the coded values a user reads; the reasons, ``published_at``
and the coder and data versions themselves are not listed (they change with every version).
Values are shown as short strings (``INDGOV;PAKGOV``, ``2025-05-15..2025-05-16 (day)``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from polevent.records import ActorRef, Counts, EventDate, EventRecord, FieldConfidence, Place

__all__ = [
    "FIELDS",
    "ChangeKind",
    "FieldChange",
    "MentionChange",
    "RecodeDiff",
    "diff_mentions",
    "diff_run",
    "field_changes",
]

ChangeKind = Literal["new", "dropped", "recoded"]
MatchedBy = Literal["event_id", "sentence_trigger"]


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldChange:
    """One field of a re-coded mention: its value before and after, as shown to a user."""

    field: str
    old: str
    new: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MentionChange:
    """One mention that a re-coding adds (``new``), removes (``dropped``) or codes differently
    (``recoded``, with ``matched_by`` and the ``changes``). ``old_id``/``new_id`` are the
    current and pending ids (``None`` on the side that has none)."""

    kind: ChangeKind
    article_id: str
    sentence_index: int
    old_id: str | None
    new_id: str | None
    evidence: str
    matched_by: MatchedBy | None = None
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RecodeDiff:
    """Everything a pending re-code run changes, with counts: ``changes`` ordered by article,
    sentence and id; ``fields`` counts re-coded mentions per changed field, most first.
    ``old_versions`` are the ``(coder, data)`` versions of the current mentions compared."""

    run_id: str | None
    coder_version: str
    data_version: str
    old_versions: tuple[tuple[str, str], ...]
    articles: int
    current: int
    pending: int
    new: int
    dropped: int
    recoded: int
    unchanged: int
    fields: tuple[tuple[str, int], ...]
    changes: tuple[MentionChange, ...]


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _actors(actors: tuple[ActorRef, ...]) -> str:
    return ";".join(actor.code for actor in actors)


def _date(when: EventDate) -> str:
    if when.start is None:
        return f"unknown ({when.granularity})"
    end = "" if when.end in (None, when.start) else f"..{when.end}"
    return f"{when.start}{end} ({when.granularity})"


def _place(place: Place | None) -> str:
    if place is None:
        return ""
    where = ", ".join(part for part in (place.admin1, place.country) if part)
    return f"{place.name} ({where})" if where else place.name


def _counts(counts: Counts) -> str:
    named = ("killed", "injured", "arrested", "displaced", "size")
    return " ".join(f"{n}={getattr(counts, n)}" for n in named if getattr(counts, n) is not None)


def _confidence(confidence: FieldConfidence) -> str:
    c = confidence
    return f"event={c.event:g} source={c.source:g} target={c.target:g}"


FIELDS: tuple[tuple[str, Callable[[EventRecord], str]], ...] = (
    ("cameo_code", lambda e: e.cameo_code),
    ("cameo_label", lambda e: e.cameo_label),
    ("quad_class", lambda e: str(e.quad_class)),
    ("goldstein", lambda e: _num(e.goldstein)),
    ("plover_type", lambda e: e.plover_type),
    ("plover_mode", lambda e: e.plover_mode or ""),
    ("plover_context", lambda e: ";".join(e.plover_context)),
    ("plover_intensity", lambda e: _num(e.plover_intensity)),
    ("source", lambda e: _actors(e.source)),
    ("target", lambda e: _actors(e.target)),
    ("modality", lambda e: e.modality),
    ("date", lambda e: _date(e.date)),
    ("place", lambda e: _place(e.place)),
    ("counts", lambda e: _counts(e.counts)),
    ("quote", lambda e: e.quote or ""),
    ("speaker", lambda e: e.speaker or ""),
    ("confidence", lambda e: _confidence(e.confidence)),
    ("trigger", lambda e: e.trigger),
    ("evidence", lambda e: e.evidence.text),
)
"""``(name, how it is shown)`` of every compared field, in the order changes are listed."""


def field_changes(old: EventRecord, new: EventRecord) -> tuple[FieldChange, ...]:
    """The compared fields whose shown values differ between ``old`` and ``new``."""
    found: list[FieldChange] = []
    for name, show in FIELDS:
        before, after = show(old), show(new)
        if before != after:
            found.append(FieldChange(field=name, old=before, new=after))
    return tuple(found)


def _change(
    kind: ChangeKind,
    old: EventRecord | None,
    new: EventRecord | None,
    *,
    matched_by: MatchedBy | None = None,
    changes: tuple[FieldChange, ...] = (),
) -> MentionChange:
    shown = new if new is not None else old
    if shown is None:  # pragma: no cover - every caller passes one of them
        raise ValueError("a change needs a mention")
    return MentionChange(
        kind=kind,
        article_id=shown.article_id,
        sentence_index=shown.sentence_index,
        old_id=None if old is None else old.event_id,
        new_id=None if new is None else new.event_id,
        evidence=shown.evidence.text,
        matched_by=matched_by,
        changes=changes,
    )


def _pair_rest(
    olds: list[EventRecord], news: list[EventRecord]
) -> tuple[list[MentionChange], list[EventRecord], list[EventRecord]]:
    """Pair mentions of one sentence and trigger word (fewest differing fields first)."""
    paired: list[MentionChange] = []
    left = list(olds)
    unmatched: list[EventRecord] = []
    for new in news:
        same = [
            old
            for old in left
            if (old.sentence_index, old.trigger) == (new.sentence_index, new.trigger)
        ]
        if not same:
            unmatched.append(new)
            continue
        best = min(same, key=lambda old: len(field_changes(old, new)))
        left.remove(best)
        changes = field_changes(best, new)
        paired.append(_change("recoded", best, new, matched_by="sentence_trigger", changes=changes))
    return paired, left, unmatched


def diff_mentions(
    current: Sequence[EventRecord], pending: Sequence[EventRecord]
) -> tuple[list[MentionChange], int]:
    """The changes between one article's ``current`` and ``pending`` mentions, and how many
    mentions stay exactly as they are (same id, no compared field differs)."""
    old_by_id = {event.event_id: event for event in current}
    new_ids = {event.event_id for event in pending}
    found: list[MentionChange] = []
    unchanged = 0
    rest_new: list[EventRecord] = []
    for new in sorted(pending, key=lambda e: (e.sentence_index, e.event_id)):
        old = old_by_id.get(new.event_id)
        if old is None:
            rest_new.append(new)
            continue
        changes = field_changes(old, new)
        if changes:
            found.append(_change("recoded", old, new, matched_by="event_id", changes=changes))
        else:
            unchanged += 1
    rest_old = sorted(
        (e for e in current if e.event_id not in new_ids),
        key=lambda e: (e.sentence_index, e.event_id),
    )
    paired, dropped, added = _pair_rest(rest_old, rest_new)
    found += paired
    found += [_change("dropped", old, None) for old in dropped]
    found += [_change("new", None, new) for new in added]
    found.sort(key=lambda c: (c.article_id, c.sentence_index, c.old_id or "", c.new_id or ""))
    return found, unchanged


def diff_run(
    articles: Iterable[tuple[Sequence[EventRecord], Sequence[EventRecord]]],
    *,
    run_id: str | None,
    coder_version: str,
    data_version: str,
) -> RecodeDiff:
    """The diff of a run from the ``(current, pending)`` mentions of each article it re-coded."""
    changes: list[MentionChange] = []
    versions: set[tuple[str, str]] = set()
    n_articles = n_current = n_pending = unchanged = 0
    for current, pending in articles:
        found, same = diff_mentions(current, pending)
        changes += found
        unchanged += same
        n_articles += 1
        n_current += len(current)
        n_pending += len(pending)
        versions.update((e.coder_version, e.data_version) for e in current)
    changes.sort(key=lambda c: (c.article_id, c.sentence_index, c.old_id or "", c.new_id or ""))
    kinds = Counter(change.kind for change in changes)
    fields = Counter(f.field for change in changes for f in change.changes)
    return RecodeDiff(
        run_id=run_id,
        coder_version=coder_version,
        data_version=data_version,
        old_versions=tuple(sorted(versions)),
        articles=n_articles,
        current=n_current,
        pending=n_pending,
        new=kinds["new"],
        dropped=kinds["dropped"],
        recoded=kinds["recoded"],
        unchanged=unchanged,
        fields=tuple(sorted(fields.items(), key=lambda kv: (-kv[1], kv[0]))),
        changes=tuple(changes),
    )
