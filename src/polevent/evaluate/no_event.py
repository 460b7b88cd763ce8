"""The "no invented events" scorer: how often do we code events in sentences that hold none?

Two gold sets, each with a false-positive side and a recall side (so a silent coder cannot win):

(a) ConfliBERT CAMEO class file (``conflibert-cameo/cameo_class_train.tsv``,
    ``sentence<TAB>label``).
    Its SOURCE.md says label 0 is "neutral/statement (CAMEO 01-02)": those sentences *do* hold a
    CAMEO event (a statement or an appeal), so coding a 01x/02x event there is right. The
    false-positive rate is therefore the share of label-0 sentences where we code an asserted
    event *outside* roots 01-02; the share with any asserted event and with any event at all are
    reported too. Recall: share of label 1-4 sentences (cooperation or conflict) with any event.
(b) IndiaPoliceEvents sentences (``indiapoliceevents/sents.jsonl.gz``: ``doc_id``, ``sent_id``,
    ``sent_text``, ``sent_labels``). No police action = empty ``sent_labels``; police action =
    ``ANY_ACTION`` in the labels; FAIL-only sentences (police failed to act) are in neither group.
    Reported: share of no-action sentences with any asserted event, with any event, and with an
    asserted event whose source is police (the false positive the labels can prove); recall: share
    of action sentences with any event and with an asserted police-source event. The text is
    lower-cased Times of India 2002 copy with cp1252 mojibake, repaired for the common sequences
    before coding; dates come from ``docs.jsonl.gz`` next to the sentences file.

Which parts run: with the default gold (the ConfliBERT file under ``gold_root()``) both; with
``--gold`` naming another ``.tsv`` only (a) on that file; with a ``.jsonl``/``.jsonl.gz`` only (b)
on that file (in the IPE format). IPE is sampled: at most ``IPE_SAMPLE // 2`` sentences from each
group, drawn with a fixed seed, so the run takes seconds and prints the same numbers every time.
"""

from __future__ import annotations

import gzip
import json
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from polevent.errors import InputError
from polevent.evaluate.base import EvalResult, Metric, Scorer, gold_root
from polevent.evaluate.stats import accuracy_metric
from polevent.ids import article_id
from polevent.pipeline import Coder, code_articles
from polevent.records import Article, EventRecord

__all__ = [
    "DEFAULT_GOLD",
    "IPE_GOLD",
    "IPE_SAMPLE",
    "SCORER",
    "ConfliSentence",
    "IpeSentence",
    "Outcome",
    "outcome",
    "read_conflibert",
    "read_ipe",
    "read_ipe_dates",
    "repair_mojibake",
    "run",
    "sample_ipe",
    "score_conflibert",
    "score_ipe",
]

DEFAULT_GOLD = "conflibert-cameo/cameo_class_train.tsv"
IPE_GOLD = "indiapoliceevents/sents.jsonl.gz"
IPE_DOCS = ("docs.jsonl.gz", "docs.jsonl")
IPE_SAMPLE = 2000
SEED = 13
NEUTRAL_LABEL = 0
STATEMENT_ROOTS = frozenset({"01", "02"})
ACTION_LABEL = "ANY_ACTION"
TOP_PATTERNS = 10
MOJIBAKE = (
    ("\u00e2\u20ac\u2122", "\u2019"),
    ("\u00e2\u20ac\u02dc", "\u2018"),
    ("\u00e2\u20ac\u0153", "\u201c"),
    ("\u00e2\u20ac\ufffd", "\u201d"),
    ("\u00e2\u20ac\u201d", "\u2014"),
    ("\u00e2\u20ac\u201c", "\u2013"),
    ("\u00e2\u20ac\u00a2", "\u2022"),
    ("\u00e2\u20ac\u0161", "\u201a"),
    ("\u00c2\ufffd", ""),
    ("\u00c2\u00a0", " "),
    ("\u00c2 ", " "),
)
"""UTF-8 read as cp1252, as in the IPE text (a right quote shows as a-circumflex, euro sign,
trade mark) -> the character meant."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfliSentence:
    """One row of the ConfliBERT class file: the sentence, its quad-class label, its line."""

    text: str
    label: int
    line: int


@dataclass(frozen=True, slots=True, kw_only=True)
class IpeSentence:
    """One IndiaPoliceEvents sentence with its labels (``ANY_ACTION``, ``ARREST``, ...)."""

    doc_id: int
    sent_id: int
    text: str
    labels: tuple[str, ...]
    line: int

    @property
    def action(self) -> bool:
        """The annotators said the police did something in this sentence."""
        return ACTION_LABEL in self.labels


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """What we coded in one sentence, reduced to the yes/no questions this scorer asks."""

    any_event: bool
    asserted: bool
    beyond_statement: bool
    police: bool


# ----------------------------------------------------------------------------- reading


def _text(path: Path) -> str:
    try:
        raw = path.read_bytes()
        return gzip.decompress(raw).decode("utf-8") if path.name.endswith(".gz") else raw.decode()
    except FileNotFoundError as e:
        raise InputError("E107", str(path), path=str(path)) from e
    except (UnicodeDecodeError, gzip.BadGzipFile, EOFError) as e:
        raise InputError("E103", str(e), path=str(path)) from e


def read_conflibert(path: Path) -> list[ConfliSentence]:
    """The rows of a ConfliBERT ``cameo_class`` TSV (``sentence<TAB>label``, label 0-4)."""
    rows = []
    for number, raw in enumerate(_text(path).splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        text, _, label = line.rpartition("\t")
        if not text.strip() or label.strip() not in {"0", "1", "2", "3", "4"}:
            raise InputError("E106", "need sentence<TAB>label 0-4", path=str(path), line=number)
        rows.append(ConfliSentence(text=text.strip(), label=int(label), line=number))
    if not rows:
        raise InputError("E101", "no sentences", path=str(path))
    return rows


def _json_lines(path: Path) -> list[tuple[int, dict[str, object]]]:
    rows = []
    for number, raw in enumerate(_text(path).splitlines(), 1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as e:
            raise InputError("E104", str(e), path=str(path), line=number) from e
        if not isinstance(value, dict):
            raise InputError("E106", "each line must be a JSON object", path=str(path), line=number)
        rows.append((number, value))
    return rows


def read_ipe(path: Path) -> list[IpeSentence]:
    """The sentences of an IPE ``sents.jsonl(.gz)`` file."""
    sentences = []
    for number, row in _json_lines(path):
        doc, sent, text, labels = (
            row.get(k) for k in ("doc_id", "sent_id", "sent_text", "sent_labels")
        )
        if not (
            isinstance(doc, int)
            and isinstance(sent, int)
            and isinstance(text, str)
            and isinstance(labels, list)
            and all(isinstance(label, str) for label in labels)
        ):
            detail = "need doc_id, sent_id (int), sent_text (str), sent_labels (list of str)"
            raise InputError("E106", detail, path=str(path), line=number)
        sentences.append(
            IpeSentence(
                doc_id=doc, sent_id=sent, text=text, labels=tuple(map(str, labels)), line=number
            )
        )
    if not sentences:
        raise InputError("E101", "no sentences", path=str(path))
    return sentences


def read_ipe_dates(path: Path) -> dict[int, date]:
    """``doc_id`` -> publication date, from an IPE ``docs.jsonl(.gz)`` (``doc_id``, ``date``)."""
    dates = {}
    for number, row in _json_lines(path):
        doc, day = row.get("doc_id"), row.get("date")
        if not isinstance(doc, int) or not isinstance(day, str):
            raise InputError(
                "E106", "need doc_id (int) and date (str)", path=str(path), line=number
            )
        try:
            dates[doc] = date.fromisoformat(day)
        except ValueError as e:
            raise InputError("E105", day, path=str(path), line=number) from e
    return dates


def repair_mojibake(text: str) -> str:
    """Undo the cp1252 mojibake of the IPE text for the sequences in :data:`MOJIBAKE`."""
    for broken, meant in MOJIBAKE:
        text = text.replace(broken, meant)
    return text


def sample_ipe(
    sentences: Sequence[IpeSentence], *, size: int = IPE_SAMPLE, seed: int = SEED
) -> tuple[list[IpeSentence], list[IpeSentence]]:
    """(no-action, action) sentences, at most ``size // 2`` of each, drawn with ``seed``; empty
    and FAIL-only sentences are in neither. Each group keeps file order."""
    usable = [s for s in sentences if s.text.strip()]
    groups = (
        [s for s in usable if not s.labels],
        [s for s in usable if s.action],
    )
    rng = random.Random(seed)
    picked = []
    for group in groups:
        keep = set(rng.sample(range(len(group)), min(len(group), size // 2)))
        picked.append([s for n, s in enumerate(group) if n in keep])
    return picked[0], picked[1]


# ----------------------------------------------------------------------------- scoring


def _is_police(event: EventRecord) -> bool:
    return any((actor.sector or "").startswith("COP") for actor in event.source)


def outcome(events: Sequence[EventRecord]) -> Outcome:
    """Reduce the events coded in one sentence to this scorer's yes/no questions."""
    asserted = [event for event in events if event.modality == "asserted"]
    return Outcome(
        any_event=bool(events),
        asserted=bool(asserted),
        beyond_statement=any(event.cameo_root not in STATEMENT_ROOTS for event in asserted),
        police=any(_is_police(event) for event in asserted),
    )


def _patterns(
    label: str,
    coded: Sequence[tuple[str, Sequence[EventRecord]]],
    keep: Callable[[EventRecord], bool],
) -> list[tuple[str, str]]:
    """The most frequent (CAMEO code, trigger) among kept events, each with one example."""
    counts: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], str] = {}
    for text, events in coded:
        keys = {(e.cameo_code, e.trigger.lower()) for e in events if keep(e)}
        for key in sorted(keys):
            counts[key] += 1
            examples.setdefault(key, text if len(text) <= 160 else text[:157] + "...")
    return [
        (f"{label} {rank}", f"{code} '{trigger}' x{n}: {examples[(code, trigger)]}")
        for rank, ((code, trigger), n) in enumerate(counts.most_common(TOP_PATTERNS), 1)
    ]


def _asserted_beyond_statement(event: EventRecord) -> bool:
    return event.modality == "asserted" and event.cameo_root not in STATEMENT_ROOTS


def _asserted(event: EventRecord) -> bool:
    return event.modality == "asserted"


def score_conflibert(
    rows: Sequence[ConfliSentence], coded: Sequence[Sequence[EventRecord]]
) -> tuple[list[Metric], list[tuple[str, str]]]:
    """Metrics and false-positive patterns of part (a); ``coded`` is in ``rows`` order."""
    neutral = [(r, outcome(e)) for r, e in zip(rows, coded, strict=True) if r.label == 0]
    labelled = [outcome(e) for r, e in zip(rows, coded, strict=True) if r.label != 0]
    metrics = [
        accuracy_metric(
            "ConfliBERT neutral: asserted event outside CAMEO 01-02",
            [o.beyond_statement for _, o in neutral],
            note="false-positive rate (label 0 = statements/appeals)",
        ),
        accuracy_metric(
            "ConfliBERT neutral: any asserted event",
            [o.asserted for _, o in neutral],
            note="includes right 01x/02x codes",
        ),
        accuracy_metric("ConfliBERT neutral: any event", [o.any_event for _, o in neutral]),
        accuracy_metric(
            "ConfliBERT labels 1-4: any event",
            [o.any_event for o in labelled],
            note="recall side",
        ),
    ]
    neutral_coded = [(r.text, e) for r, e in zip(rows, coded, strict=True) if r.label == 0]
    details = _patterns("ConfliBERT neutral FP", neutral_coded, _asserted_beyond_statement)
    return metrics, details


def score_ipe(
    no_action: Sequence[IpeSentence],
    action: Sequence[IpeSentence],
    coded: Sequence[Sequence[EventRecord]],
) -> tuple[list[Metric], list[tuple[str, str]]]:
    """Metrics and false-positive patterns of part (b); ``coded`` is no-action then action."""
    quiet = [outcome(events) for events in coded[: len(no_action)]]
    acted = [outcome(events) for events in coded[len(no_action) :]]
    metrics = [
        accuracy_metric(
            "IPE no police action: any asserted event",
            [o.asserted for o in quiet],
            note="upper bound: riots and statements are real events",
        ),
        accuracy_metric("IPE no police action: any event", [o.any_event for o in quiet]),
        accuracy_metric(
            "IPE no police action: asserted police-source event",
            [o.police for o in quiet],
            note="false-positive rate against the labels",
        ),
        accuracy_metric(
            "IPE police action: any event", [o.any_event for o in acted], note="recall side"
        ),
        accuracy_metric(
            "IPE police action: asserted police-source event", [o.police for o in acted]
        ),
    ]
    quiet_coded = [(s.text, e) for s, e in zip(no_action, coded, strict=False)]
    details = [
        *_patterns("IPE no-action asserted", quiet_coded, _asserted),
        *_patterns("IPE no-action police", quiet_coded, lambda e: _asserted(e) and _is_police(e)),
    ]
    return metrics, details


# ----------------------------------------------------------------------------- running


def _code(texts: Sequence[tuple[str, date | None, str]], coder: Coder) -> list[list[EventRecord]]:
    """Code each ``(text, date, source)`` as its own article; events per text, in order."""
    articles = [
        Article(
            id=article_id(text=text, url=None),
            title="",
            text=text,
            published_at=datetime(day.year, day.month, day.day) if day else None,
            url=None,
            source=source,
        )
        for text, day, source in texts
    ]
    return [events for _, events in code_articles(articles, coder)]


def _run_conflibert(
    path: Path, coder: Coder
) -> tuple[int, list[Metric], list[str], list[tuple[str, str]]]:
    rows = read_conflibert(path)
    coded = _code([(r.text, None, f"{path}:{r.line}") for r in rows], coder)
    metrics, details = score_conflibert(rows, coded)
    counts = Counter(r.label for r in rows)
    note = (
        f"(a) {path}: {len(rows)} sentences ({counts[0]} label 0, "
        f"{len(rows) - counts[0]} labels 1-4), each coded as one undated article; label 0 is "
        "CAMEO 01-02 (statements, appeals) per SOURCE.md, so only events outside 01-02 count "
        "as false positives"
    )
    return len(rows), metrics, [note], details


def _ipe_dates(path: Path) -> tuple[dict[int, date], str]:
    for name in IPE_DOCS:
        docs = path.with_name(name)
        if docs.is_file():
            return read_ipe_dates(docs), f"dates from {docs}"
    return {}, "no docs file next to it: articles undated"


def _run_ipe(
    path: Path, coder: Coder
) -> tuple[int, list[Metric], list[str], list[tuple[str, str]]]:
    sentences = read_ipe(path)
    dates, dates_note = _ipe_dates(path)
    no_action, action = sample_ipe(sentences)
    texts = [
        (repair_mojibake(s.text).strip(), dates.get(s.doc_id), f"{path}:{s.line}")
        for s in (*no_action, *action)
    ]
    metrics, details = score_ipe(no_action, action, _code(texts, coder))
    fail_only = sum(1 for s in sentences if s.labels and not s.action)
    note = (
        f"(b) {path}: {len(sentences)} sentences; coded a seeded sample (seed {SEED}) of "
        f"{len(no_action)} with no labels and {len(action)} with {ACTION_LABEL} (at most "
        f"{IPE_SAMPLE // 2} each); {fail_only} FAIL-only sentences in neither group; mojibake "
        f"repaired; each sentence coded as one article; {dates_note}"
    )
    return len(no_action) + len(action), metrics, [note], details


def _parts(gold: Path) -> tuple[Path | None, Path | None]:
    """(ConfliBERT file, IPE file) to score for ``gold`` (see the module docstring)."""
    if gold.name.endswith((".jsonl", ".jsonl.gz")):
        return None, gold
    root = gold_root()
    default = root / DEFAULT_GOLD
    is_default = gold.resolve() == default.resolve()
    return gold, (root / IPE_GOLD if is_default else None)


def run(gold: Path, *, coder: Coder | None) -> EvalResult:
    """False-positive and recall rates of ``coder`` on the no-event gold sets."""
    if coder is None:
        raise ValueError("the no-event scorer codes text: pass coder=build_coder()")
    conflibert, ipe = _parts(gold)
    n = 0
    metrics: list[Metric] = []
    notes: list[str] = []
    details: list[tuple[str, str]] = []
    for path, part in ((conflibert, _run_conflibert), (ipe, _run_ipe)):
        if path is None:
            continue
        count, found, said, shown = part(path, coder)
        n, metrics, notes, details = n + count, metrics + found, notes + said, details + shown
    if conflibert is not None and ipe is None:
        notes.append("(b) IndiaPoliceEvents not run: --gold is not the default ConfliBERT file")
    return EvalResult(
        scorer=SCORER.name,
        gold=str(gold),
        n=n,
        metrics=tuple(metrics),
        notes=tuple(notes),
        details=tuple(details),
    )


SCORER = Scorer(
    name="no-event",
    description="no invented events: event rates on neutral / no-police-action sentences",
    default_gold=DEFAULT_GOLD,
    run=run,
)
