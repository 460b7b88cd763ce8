"""``plover-gsr``: PLOVER event type, mode and source/target actors on the PLOVER gold records.

The gold file (``plover-gsr/PLOVER_GSR_CAMEO.json``, OEDA, CC BY-SA 4.0) is a JSON array of
sentences from the CAMEO manual, each coded with a PLOVER 0.5b1 event type, trigger words
(``eventText``), source and target actors (``{actorText, code, sector}``) and sometimes a mode.
Each sentence is coded alone, as a one-sentence article without a date, and the predicted event
is the one whose trigger best matches ``eventText``. The pure parts (``parse_gold``,
``pick_event``, ``compare_record``, ``score``) are what the tests call; ``run`` reads and codes.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from polevent.coding.kb import ROLE_CODES
from polevent.coding.ontology import OLD_PLOVER_MODES, OLD_PLOVER_NAMES
from polevent.errors import InputError
from polevent.evaluate import stats
from polevent.evaluate.base import EvalResult, Metric, Scorer
from polevent.ids import article_id
from polevent.pipeline import Coder, build_coder, code_articles
from polevent.records import ActorRef, Article, EventRecord

__all__ = [
    "SCORER",
    "GoldActor",
    "GoldRecord",
    "RecordScore",
    "compare_record",
    "gold_actor",
    "load_gold",
    "parse_gold",
    "pick_event",
    "predicted_country",
    "predicted_sector",
    "run",
    "score",
]

NO_EVENT = "no event"
TYPE_TARGET = 0.85
ACTOR_TARGET = 0.85
FULL_TARGET = 0.70

# Gold country codes that are not ISO-3 (the GSR's own spellings) -> the ISO-3 code.
GOLD_COUNTRY_FIXES: Mapping[str, str] = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
# International organisations, either kind: the gold codes Amnesty and the Red Cross as IGO.
ORGANISATION = "IGO/NGO"
ORGANISATION_CODES = frozenset({"IGO", "NGO"})
# Other non-state classes the gold puts in the country slot.
CLASS_CODES = frozenset({"IMG", "ISM", "NGM", "MNC", "UIS"})
# Gold sectors are a primary code plus an ethnic/religious suffix (CVLalb, REBMOS); CIV is a
# misspelling of CVL; *** means the coder left the sector open.
SECTOR_FIXES: Mapping[str, str] = {"CIV": "CVL"}
UNKNOWN_SECTOR = "***"
# PLOVER 0.5b1 mode names -> the 2021 crosswalk's names (our reading of CAMEO2PLOVER-2021).
OLD_MODE_NAMES: Mapping[str, str] = {
    "demo-org": "demo",
    "demo-spon": "demo",
    "riot-spon": "riot",
    "strike-hun": "hunger",
    "strike-gen": "boycott",
    "host": "visit",
    "confiscate": "seize",
    "destroy": "seize",
    "detain": "arrest",
}
NO_MODE = frozenset({"", "other"})

_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldActor:
    """One gold actor: ``country`` normalised (ISO-3, ``IGO/NGO`` or a class code such as
    ``IMG``); ``sector`` the primary three-letter sector, ``None`` when the gold gives none."""

    text: str
    code: str
    country: str
    sector: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldRecord:
    """One gold sentence. ``plover_type`` is the 2021 name (``old_type`` the file's); with
    ``reciprocal`` (``SRC/TAR`` markup) every actor is in ``source`` and ``target`` is empty."""

    id: str
    text: str
    event_text: str
    plover_type: str
    old_type: str
    mode: str | None
    source: tuple[GoldActor, ...]
    target: tuple[GoldActor, ...]
    reciprocal: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordScore:
    """How one predicted event compares with its gold record (``None``: not scored)."""

    gold: GoldRecord
    predicted_type: str
    predicted_mode: str | None
    confidence: float | None
    type_ok: bool
    mode_ok: bool | None
    source: tuple[bool | None, bool | None, bool | None]  # country, sector, joint
    target: tuple[bool | None, bool | None, bool | None]
    full_ok: bool


# ------------------------------------------------------------------------------- gold parsing


def gold_actor(item: Mapping[str, Any]) -> GoldActor:
    """A gold ``{actorText, code, sector}`` dict -> ``GoldActor`` with normalised codes."""
    code = str(item.get("code") or "").strip().upper()
    country = GOLD_COUNTRY_FIXES.get(code, code)
    if country in ORGANISATION_CODES:
        country = ORGANISATION
    raw = str(item.get("sector") or "").strip()
    sector = None if raw in {"", UNKNOWN_SECTOR} else raw[:3].upper()
    if sector is not None:
        sector = SECTOR_FIXES.get(sector, sector)
    return GoldActor(
        text=str(item.get("actorText") or ""), code=code, country=country, sector=sector
    )


def _actors(value: Any) -> tuple[GoldActor, ...]:
    """A gold ``source``/``target`` value: a list of actor dicts; ``""``/``None``/text = none."""
    if not isinstance(value, list):
        return ()
    return tuple(gold_actor(item) for item in value if isinstance(item, dict))


def _markup(record: Mapping[str, Any]) -> str:
    info = record.get("textInfo")
    if isinstance(info, dict):
        return str(info.get("markup") or "")
    return info if isinstance(info, str) else ""


def _gold_mode(old_type: str, raw: Any) -> str | None:
    mode = str(raw or "").strip()
    if mode in NO_MODE:
        return OLD_PLOVER_MODES.get(old_type)
    return OLD_MODE_NAMES.get(mode, mode)


def _gold_record(record: Mapping[str, Any], *, path: str) -> GoldRecord:
    fields = {k: record.get(k) for k in ("id", "event", "text", "eventText")}
    bad = [k for k, v in fields.items() if not isinstance(v, str) or not v.strip()]
    if bad:
        where = fields["id"] if isinstance(fields["id"], str) else "a record"
        raise InputError("E106", f"{where}: {', '.join(bad)}", path=path)
    old_type = str(fields["event"]).strip().upper()
    source, target = _actors(record.get("source")), _actors(record.get("target"))
    reciprocal = "SRC/TAR" in _markup(record)
    if reciprocal:
        source, target = source + target, ()
    return GoldRecord(
        id=str(fields["id"]),
        text=str(fields["text"]).strip(),
        event_text=str(fields["eventText"]),
        plover_type=OLD_PLOVER_NAMES.get(old_type, old_type),
        old_type=old_type,
        mode=_gold_mode(old_type, record.get("mode")),
        source=source,
        target=target,
        reciprocal=reciprocal,
    )


def parse_gold(records: Any, *, path: str = "<gold>") -> list[GoldRecord]:
    """The coded sentences of a parsed GSR file (the ``DOCUMENT`` header is skipped)."""
    if not isinstance(records, list):
        raise InputError("E106", "expected a JSON array of records", path=path)
    found = []
    for record in records:
        if not isinstance(record, dict):
            raise InputError("E106", "a record is not a JSON object", path=path)
        if str(record.get("event") or "").upper() != "DOCUMENT":
            found.append(_gold_record(record, path=path))
    return found


def load_gold(path: Path) -> list[GoldRecord]:
    """Read and parse a GSR file (E110 when it is missing, E104 when it is not JSON)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise InputError("E110", path=str(path)) from e
    except UnicodeDecodeError as e:
        raise InputError("E103", path=str(path)) from e
    try:
        records = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError("E104", e.msg, path=str(path), line=e.lineno) from e
    return parse_gold(records, path=str(path))


# ---------------------------------------------------------------------- comparing predictions


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _same_word(a: str, b: str) -> bool:
    """``agreed`` ~ ``agree``, ``telephoned`` ~ ``telephone``: equal, or five letters in common."""
    if a == b:
        return True
    return min(len(a), len(b)) >= 4 and a[:5] == b[:5]


def pick_event(events: Sequence[EventRecord], event_text: str) -> EventRecord | None:
    """The event whose trigger shares most words with the gold ``eventText`` (ties and no
    overlap: the first event); ``None`` when nothing was coded."""
    if not events:
        return None
    gold_words = _words(event_text)

    def overlap(event: EventRecord) -> int:
        return sum(any(_same_word(w, g) for g in gold_words) for w in _words(event.trigger))

    best = max(overlap(event) for event in events)
    return next(event for event in events if overlap(event) == best)


def predicted_country(actor: ActorRef) -> str | None:
    """The predicted actor in the gold's country-slot terms: ISO-3, ``IGO/NGO`` for an
    international organisation (``IGOUNO``: our ``country`` then holds the organisation), or
    the class code of another non-state actor whose code opens with it (``IMGMUSALQ``)."""
    head = actor.code[:3]
    if head in ORGANISATION_CODES:
        return ORGANISATION
    if head in CLASS_CODES:
        return head
    return actor.country


def predicted_sector(actor: ActorRef) -> str | None:
    """The predicted primary sector (``ActorRef.sector[:3]``); for an actor whose code opens
    with an organisation or class code, the first role code after it (``IGOUNOMIL`` -> ``MIL``),
    since that is where the gold puts the role."""
    if actor.code[:3] in ORGANISATION_CODES | CLASS_CODES:
        parts = [actor.code[i : i + 3] for i in range(3, len(actor.code) - 2, 3)]
        return next((part for part in parts if part in ROLE_CODES), None)
    return (actor.sector or "")[:3] or None


def _country_match(gold: GoldActor, actor: ActorRef) -> bool:
    return gold.country == predicted_country(actor)


def _sector_match(gold: GoldActor, actor: ActorRef) -> bool:
    return gold.sector is None or gold.sector == predicted_sector(actor)


def _both_ways(gold: Sequence[GoldActor], predicted: Sequence[ActorRef], match: Any) -> bool:
    """Every gold actor has a matching predicted one and every predicted one a gold one."""
    return all(any(match(g, p) for p in predicted) for g in gold) and all(
        any(match(g, p) for g in gold) for p in predicted
    )


def compare_actors(
    gold: Sequence[GoldActor], predicted: Sequence[ActorRef]
) -> tuple[bool | None, bool | None, bool | None]:
    """(country, sector, joint) agreement of one role; ``None`` where the gold gives nothing
    to score (no actor; sector: no actor with a sector)."""
    if not gold:
        return None, None, None
    country = _both_ways(gold, predicted, _country_match)
    has_sector = any(g.sector is not None for g in gold)
    sector = _both_ways(gold, predicted, _sector_match) if has_sector else None
    joint = _both_ways(gold, predicted, lambda g, p: _country_match(g, p) and _sector_match(g, p))
    return country, sector, joint


def compare_record(gold: GoldRecord, event: EventRecord | None) -> RecordScore:
    """Score one predicted event (or none) against its gold record."""
    source: tuple[ActorRef, ...] = event.source if event else ()
    target: tuple[ActorRef, ...] = event.target if event else ()
    if gold.reciprocal:
        source, target = source + target, ()
    predicted_type = event.plover_type if event else NO_EVENT
    predicted_mode = event.plover_mode if event else None
    src = compare_actors(gold.source, source)
    tgt = compare_actors(gold.target, target)
    source_ok = src[2] if src[2] is not None else not source
    target_ok = tgt[2] if tgt[2] is not None else not target
    type_ok = predicted_type == gold.plover_type
    return RecordScore(
        gold=gold,
        predicted_type=predicted_type,
        predicted_mode=predicted_mode,
        confidence=event.confidence.event if event else None,
        type_ok=type_ok,
        mode_ok=None if gold.mode is None else predicted_mode == gold.mode,
        source=src,
        target=tgt,
        full_ok=type_ok and source_ok and target_ok,
    )


# -------------------------------------------------------------------------------- the metrics


def _hits(values: Iterable[bool | None]) -> list[bool]:
    return [v for v in values if v is not None]


def _actor_metrics(scores: Sequence[RecordScore]) -> list[Metric]:
    metrics = []
    for role in ("source", "target"):
        for k, part in enumerate(("country", "sector", "joint")):
            hits = _hits(getattr(s, role)[k] for s in scores)
            metrics.append(
                stats.accuracy_metric(f"{role} {part} accuracy", hits, target=ACTOR_TARGET)
            )
    return metrics


def _calibration(scores: Sequence[RecordScore]) -> list[tuple[float, bool]]:
    return [(s.confidence, s.type_ok) for s in scores if s.confidence is not None]


def _type_metrics(scores: Sequence[RecordScore], modes: Collection[str]) -> list[Metric]:
    pairs = [(s.gold.plover_type, s.predicted_type) for s in scores]
    moded = [s.mode_ok for s in scores if s.mode_ok is not None and s.gold.mode in modes]
    return [
        stats.accuracy_metric("type accuracy", [s.type_ok for s in scores], target=TYPE_TARGET),
        stats.metric("type macro-F1", pairs, stats.macro_f1),
        stats.accuracy_metric("mode accuracy", moded, note="gold records with a 2021 mode"),
        stats.metric(
            "type ECE",
            _calibration(scores),
            stats.expected_calibration_error,
            note="confidence.event vs correct type; lower is better",
        ),
    ]


def _per_type(scores: Sequence[RecordScore]) -> tuple[tuple[str, str], ...]:
    total: Counter[str] = Counter(s.gold.plover_type for s in scores)
    right: Counter[str] = Counter(s.gold.plover_type for s in scores if s.type_ok)
    return tuple((label, f"{right[label]}/{total[label]}") for label in sorted(total))


def _notes(scores: Sequence[RecordScore], modes: Collection[str]) -> tuple[str, ...]:
    renamed = Counter(s.gold.old_type for s in scores if s.gold.old_type != s.gold.plover_type)
    unmapped = sorted(
        {s.gold.mode for s in scores if s.gold.mode is not None and s.gold.mode not in modes}
    )
    old = ", ".join(f"{k}->{OLD_PLOVER_NAMES[k]} ({renamed[k]})" for k in sorted(renamed))
    return (
        "each sentence coded alone (no date); the predicted event is the one whose trigger "
        "shares most words with eventText, else the first; none -> 'no event'",
        f"gold PLOVER 0.5b1 types renamed to 2021 names: {old or 'none'}; gold INVESTIGATE "
        "gets mode 'investigate'",
        "gold 0.5b1 modes renamed: "
        + ", ".join(f"{k}->{v}" for k, v in OLD_MODE_NAMES.items())
        + "; 'other' = no mode; gold modes with no 2021 counterpart are not scored: "
        + (", ".join(unmapped) or "none"),
        "actors: country = gold code (JAP->JPN, ITL->ITA, VTN->VNM) vs ActorRef.country; gold "
        "IGO or NGO (the gold codes Amnesty and the Red Cross as IGO) matches any predicted "
        "code opening with IGO or NGO, whatever the organisation; IMG/ISM match a code opening "
        "with that class",
        "actors: sector = gold primary sector (CVLalb->CVL, CIV->CVL) vs ActorRef.sector[:3] "
        "(for organisations a role code after them); a gold actor without a sector or with "
        "'***' is scored on country only; sector accuracy counts roles with a gold sector",
        "a role is right when every gold actor has a matching predicted actor and every "
        "predicted actor a matching gold one; SRC/TAR (reciprocal) sentences compare all "
        "actors of both roles as the source",
        "full record = type + source joint + target joint (a gold role without actors needs "
        "an empty predicted role)",
    )


def score(
    gold: Sequence[GoldRecord],
    predicted: Sequence[Sequence[EventRecord]],
    *,
    modes: Collection[str],
    path: str = "<gold>",
) -> EvalResult:
    """The metrics for gold records and the events coded from each (same order); ``modes`` is
    the coder's PLOVER mode vocabulary (gold modes outside it are not scored)."""
    scores = [
        compare_record(g, pick_event(events, g.event_text))
        for g, events in zip(gold, predicted, strict=True)
    ]
    no_event = [s.predicted_type == NO_EVENT for s in scores]
    metrics = [
        *_type_metrics(scores, modes),
        *_actor_metrics(scores),
        stats.accuracy_metric("full record", [s.full_ok for s in scores], target=FULL_TARGET),
        stats.accuracy_metric("no event predicted", no_event, note="lower is better"),
    ]
    return EvalResult(
        scorer=SCORER_NAME,
        gold=path,
        n=len(scores),
        metrics=tuple(metrics),
        notes=_notes(scores, modes),
        reliability=(("event type", stats.reliability_table(_calibration(scores))),),
        details=_per_type(scores),
    )


# ---------------------------------------------------------------------------------- running


def code_sentences(records: Sequence[GoldRecord], coder: Coder) -> list[list[EventRecord]]:
    """Code each gold sentence as its own undated article; events per record, in order."""
    articles = [
        Article(
            id=article_id(text=g.text, url=None),
            title="",
            text=g.text,
            published_at=None,
            url=None,
            source=g.id,
        )
        for g in records
    ]
    return [events for _, events in code_articles(articles, coder)]


def run(gold: Path, *, coder: Coder | None, limit: int | None = None) -> EvalResult:
    """Score the coder on the GSR file ``gold`` (its first ``limit`` sentences if given)."""
    coder = coder if coder is not None else build_coder()
    records = load_gold(gold)
    if limit is not None:
        records = records[:limit]
    modes = {c.plover_mode for c in coder.cameo.values() if c.plover_mode}
    return score(records, code_sentences(records, coder), modes=modes, path=str(gold))


SCORER_NAME = "plover-gsr"
SCORER = Scorer(
    name=SCORER_NAME,
    description="PLOVER type, mode and source/target actors on the PLOVER gold records (322)",
    default_gold="plover-gsr/PLOVER_GSR_CAMEO.json",
    run=run,
)
