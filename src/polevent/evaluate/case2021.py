"""CASE 2021 task 2 scorer: does the event we code for a snippet have the right ACLED-style type?

Gold: ``case2021-task2/test_set_final_release_with_labels.tsv`` (header ``id, EventSnippet,
SubType``; 1,019 snippets of 1-3 sentences, 30 types: 25 ACLED sub-event types plus the task's
"unseen" ORG_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER, DIPLO and ATTRIB).

Each snippet is coded as one article (no date: the file has none). Our CAMEO codes are mapped to
the CASE types with ``polevent/data/cameo_to_acled.tsv`` (one documented row per code; types with
no CAMEO counterpart are listed there as not mappable). The prediction for a snippet is the type of
its highest-priority *asserted* event that has a mapping - material conflict first (quad class 4,
then 3, 2, 1), then the most violent (lowest Goldstein), then the earliest sentence - or ``none``.
Snippets whose gold type is not mappable are left out of every metric and counted in the notes.

The pure parts (``parse_acled_map``, ``acled_type_of``, ``select_prediction``, ``read_gold``,
``score``) take values in and give values out; ``run`` reads files and codes text.
"""

from __future__ import annotations

import csv
import functools
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType

from polevent.datafiles import data_rows
from polevent.errors import DataFileError, InputError
from polevent.evaluate.base import EvalResult, Metric, Scorer
from polevent.evaluate.stats import accuracy_metric, macro_f1, metric, prf
from polevent.ids import article_id
from polevent.pipeline import Coder, code_articles
from polevent.records import ActorRef, Article, EventRecord

__all__ = [
    "MAP_FILE",
    "NONE",
    "SCORER",
    "AcledMap",
    "AcledRow",
    "Prediction",
    "Snippet",
    "acled_type_of",
    "actor_kind",
    "load_acled_map",
    "parse_acled_map",
    "read_gold",
    "run",
    "score",
    "select_prediction",
]

MAP_FILE = "cameo_to_acled.tsv"
NONE = "none"
"""The prediction when no asserted event of a snippet has a mapped type."""
NOT_MAPPED = "-"
MAP_COLUMNS = ("cameo_code", "acled_type", "source_actor", "reason")
ACTOR_KINDS = ("any", "state", "nonstate")
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY"})
NONSTATE_SECTORS = frozenset({"REB", "INS", "UAF", "RAD", "CRM", "OPP"})
GOLD_COLUMNS = ("id", "EventSnippet", "SubType")
TOP_CONFUSIONS = 10


@dataclass(frozen=True, slots=True, kw_only=True)
class AcledRow:
    """One row of the mapping table: ``cameo_code`` -> ``acled_type`` when the source actor is of
    kind ``source_actor``; ``acled_type == "-"`` means the code deliberately maps to nothing."""

    cameo_code: str
    acled_type: str
    source_actor: str
    reason: str
    line: int


@dataclass(frozen=True, slots=True, kw_only=True)
class AcledMap:
    """The mapping table: rows per CAMEO code, and the CASE types with no CAMEO counterpart."""

    by_code: Mapping[str, tuple[AcledRow, ...]]
    unmappable: Mapping[str, str]

    @property
    def mapped_types(self) -> frozenset[str]:
        """Every CASE type at least one CAMEO code maps to."""
        return frozenset(
            row.acled_type
            for rows in self.by_code.values()
            for row in rows
            if row.acled_type != NOT_MAPPED
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Prediction:
    """The type predicted for one snippet and the event it came from (``None`` for ``none``)."""

    acled_type: str
    event: EventRecord | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Snippet:
    """One gold row: id, text and CASE type, with its line in the gold file."""

    id: str
    text: str
    gold_type: str
    line: int


# ----------------------------------------------------------------------------- mapping table


def _table_rows(lines: Iterable[str], *, path: str) -> Iterator[tuple[int, list[str]]]:
    """Data rows as ``(line, cells)`` after the exact header (see ``polevent.datafiles``)."""
    return data_rows(lines, path=path, columns=MAP_COLUMNS)


def _map_row(
    cells: list[str], *, known: Mapping[str, object] | None, path: str, line: int
) -> AcledRow:
    code, acled_type, kind, reason = (cell.strip() for cell in cells)
    problem = ""
    if code != NOT_MAPPED and not (code.isdigit() and 2 <= len(code) <= 4):
        problem = f"bad CAMEO code {code!r}"
    elif code != NOT_MAPPED and known is not None and code not in known:
        problem = f"unknown CAMEO code {code!r}"
    elif not acled_type or (code == NOT_MAPPED and acled_type == NOT_MAPPED):
        problem = "a row needs a CASE type or a CAMEO code"
    elif kind not in ACTOR_KINDS:
        problem = f"source_actor must be one of {ACTOR_KINDS}, got {kind!r}"
    elif not reason:
        problem = "every row needs a reason"
    if problem:
        raise DataFileError("E301", problem, path=path, line=line)
    return AcledRow(
        cameo_code=code, acled_type=acled_type, source_actor=kind, reason=reason, line=line
    )


def parse_acled_map(
    lines: Iterable[str], *, path: str = MAP_FILE, known: Mapping[str, object] | None = None
) -> AcledMap:
    """Read ``cameo_to_acled.tsv`` lines; ``known`` (the CAMEO codes) checks every code.

    Raises ``DataFileError("E301", ..., line=n)`` on a malformed row, a repeated (code, actor
    kind) pair, or a type listed both as mapped and as not mappable.
    """
    by_code: dict[str, list[AcledRow]] = {}
    unmappable: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    for line, cells in _table_rows(lines, path=path):
        row = _map_row(cells, known=known, path=path, line=line)
        if row.cameo_code == NOT_MAPPED:
            key = (NOT_MAPPED, row.acled_type)
        else:
            key = (row.cameo_code, row.source_actor)
        if key in seen:
            raise DataFileError("E301", f"duplicate row {key}", path=path, line=line)
        seen.add(key)
        if row.cameo_code == NOT_MAPPED:
            unmappable[row.acled_type] = row.reason
        else:
            by_code.setdefault(row.cameo_code, []).append(row)
    table = AcledMap(
        by_code=MappingProxyType({code: tuple(rows) for code, rows in by_code.items()}),
        unmappable=MappingProxyType(unmappable),
    )
    both = sorted(table.mapped_types & set(unmappable))
    if both:
        raise DataFileError("E301", f"mapped and not mappable: {', '.join(both)}", path=path)
    return table


@functools.cache
def load_acled_map() -> AcledMap:
    """The packaged ``cameo_to_acled.tsv``, schema-checked against ``cameo.tsv``."""
    from polevent.coding.ontology import load_cameo

    try:
        text = (files("polevent") / "data" / MAP_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise DataFileError("E301", f"cannot read packaged data file: {e}", path=MAP_FILE) from e
    return parse_acled_map(text.splitlines(), path=MAP_FILE, known=load_cameo())


# ----------------------------------------------------------------------------- prediction


def actor_kind(actors: Sequence[ActorRef]) -> str | None:
    """``state`` or ``nonstate`` from the first actor whose sector says so, else ``None``."""
    for actor in actors:
        sector = (actor.sector or "")[:3]
        if sector in STATE_SECTORS:
            return "state"
        if sector in NONSTATE_SECTORS:
            return "nonstate"
    return None


def acled_type_of(event: EventRecord, table: AcledMap) -> str | None:
    """The CASE type of ``event`` (exact code, then 3-digit parent, then root), or ``None``."""
    code = event.cameo_code
    for candidate in dict.fromkeys((code, code[:3], code[:2])):
        rows = table.by_code.get(candidate)
        if not rows:
            continue
        kind = actor_kind(event.source)
        for row in rows:
            if row.source_actor in ("any", kind):
                return None if row.acled_type == NOT_MAPPED else row.acled_type
        return None
    return None


def select_prediction(events: Sequence[EventRecord], table: AcledMap) -> Prediction:
    """The type of the highest-priority asserted event with a mapping: quad class 4 first, then
    the lowest Goldstein score, then the earliest sentence (ties keep coding order)."""
    candidates = [
        (event, acled)
        for event in events
        if event.modality == "asserted" and (acled := acled_type_of(event, table)) is not None
    ]
    if not candidates:
        return Prediction(acled_type=NONE, event=None)
    event, acled = min(
        candidates,
        key=lambda pair: (-pair[0].quad_class, pair[0].goldstein, pair[0].sentence_index),
    )
    return Prediction(acled_type=acled, event=event)


# ----------------------------------------------------------------------------- gold + scoring


def read_gold(path: Path) -> list[Snippet]:
    """The snippets of a CASE 2021 task 2 TSV (``id``, ``EventSnippet``, ``SubType``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise InputError("E107", str(path), path=str(path)) from e
    except UnicodeDecodeError as e:
        raise InputError("E103", str(e), path=str(path)) from e
    reader = csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if header is None or tuple(cell.strip() for cell in header) != GOLD_COLUMNS:
        raise InputError("E106", f"header should be {'|'.join(GOLD_COLUMNS)}", path=str(path))
    snippets = []
    for number, cells in enumerate(reader, 2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(GOLD_COLUMNS) or not cells[1].strip() or not cells[2].strip():
            raise InputError("E106", "need id, snippet and type", path=str(path), line=number)
        snippets.append(
            Snippet(id=cells[0], text=cells[1].strip(), gold_type=cells[2].strip(), line=number)
        )
    if not snippets:
        raise InputError("E101", "no snippets", path=str(path))
    return snippets


def _confusion_details(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    details = []
    for gold_type in sorted({gold for gold, _ in pairs}):
        n = sum(1 for gold, _ in pairs if gold == gold_type)
        tp = sum(1 for gold, guess in pairs if gold == guess == gold_type)
        predicted = sum(1 for _, guess in pairs if guess == gold_type)
        missed = sum(1 for gold, guess in pairs if gold == gold_type and guess == NONE)
        p, r, f = prf(tp, predicted, n)
        details.append(
            (
                f"type {gold_type}",
                f"n={n} predicted={predicted} correct={tp} none={missed} "
                f"P={p:.2f} R={r:.2f} F1={f:.2f}",
            )
        )
    wrong = Counter((gold, guess) for gold, guess in pairs if guess not in (gold, NONE))
    for rank, ((gold, guess), count) in enumerate(wrong.most_common(TOP_CONFUSIONS), 1):
        details.append((f"confusion {rank}", f"gold {gold} -> predicted {guess}: {count}"))
    return details


def score(
    snippets: Sequence[Snippet], predictions: Sequence[Prediction], table: AcledMap
) -> tuple[tuple[Metric, ...], list[str], list[tuple[str, str]]]:
    """Metrics, notes and details from gold snippets and their predictions (same order)."""
    mapped = table.mapped_types
    pairs = [
        (snippet.gold_type, prediction.acled_type)
        for snippet, prediction in zip(snippets, predictions, strict=True)
        if snippet.gold_type in mapped
    ]
    covered = [(gold, guess) for gold, guess in pairs if guess != NONE]
    metrics = (
        accuracy_metric("accuracy (mappable types)", [gold == guess for gold, guess in pairs]),
        metric("macro-F1 (mappable types)", pairs, macro_f1, note="over gold types; none = miss"),
        accuracy_metric(
            "coverage", [guess != NONE for _, guess in pairs], note="share with any type"
        ),
        accuracy_metric(
            "accuracy where a type is predicted", [gold == guess for gold, guess in covered]
        ),
    )
    left_out = Counter(s.gold_type for s in snippets if s.gold_type not in mapped)
    unmapped_hits = Counter(
        prediction.acled_type
        for snippet, prediction in zip(snippets, predictions, strict=True)
        if snippet.gold_type not in mapped and prediction.acled_type != NONE
    )
    notes = [
        f"{len(pairs)} of {len(snippets)} snippets have a mappable gold type "
        f"({len({gold for gold, _ in pairs})} types scored: {', '.join(sorted(mapped))})",
        "not mappable, left out (gold counts): "
        + ", ".join(f"{name} {count}" for name, count in sorted(left_out.items())),
        f"on the left-out snippets we still predicted a type {sum(unmapped_hits.values())} "
        "times: " + ", ".join(f"{name} {n}" for name, n in unmapped_hits.most_common()),
    ]
    return metrics, notes, _confusion_details(pairs)


def run(gold: Path, *, coder: Coder | None) -> EvalResult:
    """Code every snippet of ``gold`` with ``coder`` and score the predicted types."""
    if coder is None:
        raise ValueError("the case2021 scorer codes text: pass coder=build_coder()")
    table = load_acled_map()
    snippets = read_gold(gold)
    articles = [
        Article(
            id=article_id(text=s.text, url=None),
            title="",
            text=s.text,
            published_at=None,
            url=None,
            source=f"{gold}:{s.line}",
        )
        for s in snippets
    ]
    predictions = [select_prediction(events, table) for _, events in code_articles(articles, coder)]
    metrics, notes, details = score(snippets, predictions, table)
    notes = [
        *notes,
        f"mapping: polevent/data/{MAP_FILE} (CAMEO code -> CASE type, reasons per row)",
        "prediction: the highest-priority asserted event with a mapped type (quad class 4 "
        "first, then lowest Goldstein, then earliest sentence), else none; each snippet is "
        "coded as one undated article",
    ]
    return EvalResult(
        scorer=SCORER.name,
        gold=str(gold),
        n=len(snippets),
        metrics=metrics,
        notes=tuple(notes),
        details=tuple(details),
    )


SCORER = Scorer(
    name="case2021",
    description="CASE 2021 task 2: ACLED-style event type of news snippets via a CAMEO map",
    default_gold="case2021-task2/test_set_final_release_with_labels.tsv",
    run=run,
)
