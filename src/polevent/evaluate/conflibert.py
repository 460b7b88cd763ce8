"""``conflibert-cameo``: quad class and actor spans on ConfliBERT's CAMEO news sentences.

Two gold files side by side (UT Dallas / ConfliBERT, research use): ``cameo_class_train.tsv``
(``sentence<TAB>label``, label = quad class 0 neutral .. 4 material conflict) and
``cameo_ner_train.txt`` (CoNLL ``token tag``, BIO tags S source, T target, R reciprocal).

* Quad class: the learned model (``polevent.learn.quad``, default ``QuadConfig``) by stratified
  k-fold cross-validation on the class file, and the pattern coder alone (first coded event's
  class, neutral when none), on the same sentences. Calibration of the learned model's
  out-of-fold maximum probability.
* Neutral false positives: share of gold-neutral sentences where the pattern coder codes an
  event.
* Actor spans: each NER sentence is detokenised, coded alone, and the source (target) spans of
  its first coded event are compared with the gold S (T) spans, exactly and by overlap (the
  gold marks one event per sentence; spans of all coded events are reported as details).
* Learned actor spans: the CRF tagger of ``polevent.learn.spans`` by 5-fold CV on the NER file,
  scored like ConfliBERT (entity-level exact match, role included).
"""

from __future__ import annotations

import random
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from polevent.errors import InputError
from polevent.evaluate import stats
from polevent.evaluate.base import EvalResult, Metric, Scorer
from polevent.learn.embed import Embedder, build_embedder
from polevent.learn.gold import LABEL_NAMES, LABELS, read_quad_tsv
from polevent.learn.patterns import code_sentences, pattern_prediction
from polevent.learn.quad import VARIANTS, QuadConfig, SentenceInputs, cross_validate, prepare
from polevent.learn.spans import (
    SpanTagger,
    TaggedSpan,
    bio_spans,
    coded_marks,
    parse_words,
    sentence_features,
    train_tagger,
)
from polevent.pipeline import Coder, actor_coder, build_coder
from polevent.records import EventRecord

__all__ = [
    "SCORER",
    "BioSentence",
    "GoldSpan",
    "SpanCounts",
    "count_spans",
    "detokenize",
    "gold_spans",
    "learned_span_predictions",
    "matched",
    "predicted_spans",
    "read_bio",
    "run",
    "span_metrics",
]

SCORER_NAME = "conflibert-cameo"
NER_FILE = "cameo_ner_train.txt"
MACRO_F1_TARGET = 0.90
MAX_FOLDS = 5
SEED = 13
ROLES = {"S": "source", "T": "target", "R": "reciprocal"}
APOSTROPHES = frozenset({"'", "\u2019"})
NO_SPACE_BEFORE = frozenset(
    {".", ",", ";", ":", "!", "?", ")", "]", "%", "\u201d", "'s", "\u2019s", "n't", *APOSTROPHES}
)
NO_SPACE_AFTER = frozenset({"(", "[", "$", "\u201c"})
HYPHENS = frozenset({"-", "\u2013"})


# ------------------------------------------------------------------------------ BIO gold


@dataclass(frozen=True, slots=True, kw_only=True)
class BioSentence:
    """One sentence of a CoNLL file: its tokens and BIO tags, and the line it starts on."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...]
    line: int


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldSpan:
    """A tagged span: ``role`` S/T/R and character offsets into the detokenised sentence."""

    role: str
    start: int
    end: int


def _check_tag(tag: str, *, path: Path, line: int) -> None:
    valid = tag == "O" or (tag[:2] in {"B-", "I-"} and tag[2:] in ROLES)
    if not valid:
        raise InputError("E106", f"unknown tag {tag!r}", path=str(path), line=line)


def read_bio(path: Path) -> tuple[BioSentence, ...]:
    """The sentences of a ``token tag`` file (blank lines separate sentences)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as e:
        raise InputError("E110", path=str(path)) from e
    except UnicodeDecodeError as e:
        raise InputError("E103", str(e), path=str(path)) from e
    sentences: list[BioSentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    first = 1
    for number, raw in enumerate([*lines, ""], start=1):
        if not raw.strip():
            if tokens:
                sentences.append(BioSentence(tokens=tuple(tokens), tags=tuple(tags), line=first))
            tokens, tags, first = [], [], number + 1
            continue
        parts = raw.split()
        if len(parts) != 2:
            detail = f"expected 'token tag', got {raw[:60]!r}"
            raise InputError("E106", detail, path=str(path), line=number)
        _check_tag(parts[1], path=path, line=number)
        tokens.append(parts[0])
        tags.append(parts[1])
    if not sentences:
        raise InputError("E101", path=str(path))
    return tuple(sentences)


def _glued(previous: str, token: str) -> bool:
    """No space between ``previous`` and ``token`` (punctuation, clitics, hyphens)."""
    if token in NO_SPACE_BEFORE or previous in NO_SPACE_AFTER:
        return True
    if token in HYPHENS or previous in HYPHENS:
        return True
    return previous in APOSTROPHES and token in {"s", "t"}


def detokenize(tokens: Sequence[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Tokens -> readable text and each token's ``(start, end)`` in it (news-style spacing)."""
    pieces: list[str] = []
    offsets: list[tuple[int, int]] = []
    length = 0
    for n, token in enumerate(tokens):
        if n and not _glued(tokens[n - 1], token):
            pieces.append(" ")
            length += 1
        offsets.append((length, length + len(token)))
        pieces.append(token)
        length += len(token)
    return "".join(pieces), tuple(offsets)


def gold_spans(sentence: BioSentence) -> tuple[str, tuple[GoldSpan, ...]]:
    """The detokenised text and its tagged spans (an ``I-`` that does not continue a span of
    its role starts a new one, as conlleval does)."""
    text, offsets = detokenize(sentence.tokens)
    spans: list[GoldSpan] = []
    current: tuple[str, int, int] | None = None
    for (start, end), tag in zip(offsets, sentence.tags, strict=True):
        role = tag[2:]
        if tag.startswith("I-") and current is not None and current[0] == role:
            current = (role, current[1], end)
            continue
        if current is not None:
            spans.append(GoldSpan(role=current[0], start=current[1], end=current[2]))
        current = (role, start, end) if tag != "O" else None
    if current is not None:
        spans.append(GoldSpan(role=current[0], start=current[1], end=current[2]))
    return text, tuple(spans)


# --------------------------------------------------------------------------- span matching


@dataclass(frozen=True, slots=True, kw_only=True)
class SpanCounts:
    """Span matches in one sentence: true positives, predicted spans, gold spans."""

    true_positives: int
    predicted: int
    gold: int


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def matched(
    gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]], *, overlap: bool
) -> int:
    """How many predicted spans match a distinct gold span (equal offsets, or any shared
    character with ``overlap``); one-to-one, greedy in order."""
    free = list(dict.fromkeys(gold))
    hits = 0
    for span in dict.fromkeys(predicted):
        found = next((g for g in free if (_overlaps(g, span) if overlap else g == span)), None)
        if found is not None:
            free.remove(found)
            hits += 1
    return hits


def count_spans(
    gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]], *, overlap: bool
) -> SpanCounts:
    """``SpanCounts`` of one sentence (duplicate spans count once)."""
    return SpanCounts(
        true_positives=matched(gold, predicted, overlap=overlap),
        predicted=len(set(predicted)),
        gold=len(set(gold)),
    )


def predicted_spans(events: Sequence[EventRecord], role: str) -> tuple[tuple[int, int], ...]:
    """Offsets of the ``source`` or ``target`` actors of all ``events`` (each span once)."""
    spans = (
        (actor.start, actor.end)
        for event in events
        for actor in (event.source if role == "source" else event.target)
    )
    return tuple(dict.fromkeys(spans))


def _prf_part(k: int) -> Callable[[Sequence[SpanCounts]], float]:
    def statistic(items: Sequence[SpanCounts]) -> float:
        tp = sum(c.true_positives for c in items)
        return stats.prf(tp, sum(c.predicted for c in items), sum(c.gold for c in items))[k]

    return statistic


def span_metrics(name: str, counts: Sequence[SpanCounts]) -> list[Metric]:
    """Precision, recall and F1 of ``counts`` (bootstrap over sentences)."""
    return [
        stats.metric(f"{name} {part}", counts, _prf_part(k))
        for k, part in enumerate(("P", "R", "F1"))
    ]


ROLE_GROUPS = (("source", {"S"}), ("target", {"T"}), ("actor (any role)", {"S", "T", "R"}))


def _role_counts(
    parsed: Sequence[tuple[str, tuple[GoldSpan, ...]]],
    coded: Sequence[Sequence[EventRecord]],
    *,
    label: str,
    gold_roles: set[str],
    overlap: bool,
) -> list[SpanCounts]:
    counts = []
    for (_, spans), events in zip(parsed, coded, strict=True):
        gold = [(s.start, s.end) for s in spans if s.role in gold_roles]
        if label.startswith("actor"):
            predicted = predicted_spans(events, "source") + predicted_spans(events, "target")
        else:
            predicted = predicted_spans(events, label)
        counts.append(count_spans(gold, predicted, overlap=overlap))
    return counts


def _actor_metrics(
    sentences: Sequence[BioSentence], coder: Coder
) -> tuple[list[Metric], list[tuple[str, str]]]:
    """Span metrics on the first coded event of each sentence, and (as details) the F1 when
    the actors of all coded events count."""
    parsed = [gold_spans(s) for s in sentences]
    coded = code_sentences([text for text, _ in parsed], coder)
    first = [events[:1] for events in coded]
    metrics: list[Metric] = []
    details: list[tuple[str, str]] = []
    for label, gold_roles in ROLE_GROUPS:
        for overlap in (False, True):
            match = "overlap" if overlap else "exact"
            counts = _role_counts(
                parsed, first, label=label, gold_roles=gold_roles, overlap=overlap
            )
            metrics.extend(span_metrics(f"patterns: {label} span {match}", counts))
            every = _role_counts(parsed, coded, label=label, gold_roles=gold_roles, overlap=overlap)
            values = [_prf_part(k)(every) for k in range(3)]
            details.append(
                (
                    f"{label} span {match}, actors of ALL coded events",
                    "P {:.3f} R {:.3f} F1 {:.3f}".format(*values),
                )
            )
    return metrics, details


LEARNED_SPAN_TARGET = 0.76
SPAN_ROLE_GROUPS = (("source", ("S",)), ("target", ("T",)), ("actor (any role)", ("S", "T", "R")))


def _tagged(spans: Sequence[TaggedSpan], roles: Sequence[str]) -> set[tuple[str, int, int]]:
    return {(s.role, s.start, s.end) for s in spans if s.role in roles}


def learned_span_predictions(
    sentences: Sequence[BioSentence], coder: Coder, *, folds: int = MAX_FOLDS
) -> list[list[TaggedSpan]]:
    """Out-of-fold spans of the CRF tagger (``polevent.learn.spans``): k-fold CV over the NER
    sentences, shuffled with a fixed seed; one list of spans per sentence."""
    docs = [parse_words(coder.nlp, s.tokens) for s in sentences]
    features = [
        sentence_features(doc, coded_marks(doc, actor_coder(coder), coder.lexicon)) for doc in docs
    ]
    order = list(range(len(sentences)))
    random.Random(SEED).shuffle(order)
    predicted: list[list[TaggedSpan]] = [[] for _ in sentences]
    with tempfile.TemporaryDirectory(prefix="polevent-spans-") as folder:
        for fold in range(folds):
            held = set(order[fold::folds])
            train = [i for i in order if i not in held]
            path = Path(folder) / f"fold{fold}.crf"
            train_tagger(
                [features[i] for i in train], [sentences[i].tags for i in train], path=path
            )
            tagger = SpanTagger.load(path)
            for i in held:
                predicted[i] = tagger.spans(features[i])
    return predicted


def _learned_span_metrics(sentences: Sequence[BioSentence], coder: Coder) -> list[Metric]:
    """Exact span P/R/F1 of the CRF tagger by 5-fold CV; a span counts when its role and its
    token boundaries equal a gold span's (ConfliBERT's entity-level F1)."""
    folds = min(MAX_FOLDS, len(sentences))
    if folds < 2:
        return []
    predicted = learned_span_predictions(sentences, coder, folds=folds)
    metrics: list[Metric] = []
    for label, roles in SPAN_ROLE_GROUPS:
        counts = []
        for sentence, found in zip(sentences, predicted, strict=True):
            gold = _tagged(bio_spans(sentence.tags), roles)
            guess = _tagged(found, roles)
            counts.append(
                SpanCounts(true_positives=len(gold & guess), predicted=len(guess), gold=len(gold))
            )
        name = f"learned CRF ({folds}-fold CV): {label} span exact"
        parts = span_metrics(name, counts)
        if label.startswith("actor"):
            parts[2] = replace(parts[2], target=LEARNED_SPAN_TARGET)
        metrics.extend(parts)
    return metrics


# ----------------------------------------------------------------------------- quad class


def _label(proba_row: NDArray[np.float64]) -> int:
    return LABELS[int(proba_row.argmax())]


def _class_metrics(
    inputs: SentenceInputs, labels: Sequence[int], *, folds: int
) -> tuple[list[Metric], list[tuple[float, bool]], dict[str, list[int]]]:
    proba = cross_validate(inputs, labels, config=QuadConfig(), folds=folds, seed=SEED)
    learned = [_label(row) for row in proba]
    patterns = [pattern_prediction(q) for q in inputs.quads]
    scored = [(float(p.max()), g == y) for p, g, y in zip(proba, learned, labels, strict=True)]
    cv = f"{folds}-fold stratified CV, seed {SEED}"
    neutral = [q for q, y in zip(inputs.quads, labels, strict=True) if y == 0]
    metrics = [
        stats.accuracy_metric(
            "learned: quad accuracy",
            [g == y for g, y in zip(learned, labels, strict=True)],
            note=cv,
        ),
        stats.metric(
            "learned: quad macro-F1",
            list(zip(labels, learned, strict=True)),
            stats.macro_f1,
            target=MACRO_F1_TARGET,
            note=cv,
        ),
        stats.metric(
            "learned: ECE",
            scored,
            stats.expected_calibration_error,
            note="out-of-fold max probability vs correct; lower is better",
        ),
        stats.accuracy_metric(
            "patterns only: quad accuracy",
            [g == y for g, y in zip(patterns, labels, strict=True)],
            note="first coded event's class, neutral when none",
        ),
        stats.metric(
            "patterns only: quad macro-F1",
            list(zip(labels, patterns, strict=True)),
            stats.macro_f1,
        ),
        stats.accuracy_metric(
            "patterns: neutral false-positive rate",
            [bool(q) for q in neutral],
            note="gold-neutral sentences where any event is coded; lower is better",
        ),
        stats.accuracy_metric(
            "patterns: neutral sentences with a class 1-4 event",
            [any(x != 0 for x in q) for q in neutral],
            note="as above, not counting CAMEO 01-02 events; lower is better",
        ),
    ]
    return metrics, scored, {"learned": learned, "patterns": patterns}


def _per_class(labels: Sequence[int], predictions: dict[str, list[int]]) -> list[tuple[str, str]]:
    rows = []
    for label, name in zip(LABELS, LABEL_NAMES, strict=True):
        cells = []
        for which, predicted in predictions.items():
            pairs = list(zip(labels, predicted, strict=True))
            tp = sum(g == p == label for g, p in pairs)
            guessed = sum(p == label for _, p in pairs)
            gold = sum(g == label for g, _ in pairs)
            cells.append(f"{which} F1 {stats.prf(tp, guessed, gold)[2]:.3f}")
        rows.append((f"class {label} {name} (n={labels.count(label)})", "; ".join(cells)))
    return rows


def _variant_details(
    inputs: SentenceInputs, labels: Sequence[int], *, folds: int
) -> list[tuple[str, str]]:
    """Macro-F1 of the simpler learned variants on the same folds (for comparison)."""
    rows = []
    for name, description, config in VARIANTS:
        if config is None or config == QuadConfig():
            continue
        proba = cross_validate(inputs, labels, config=config, folds=folds, seed=SEED)
        pairs = list(zip(labels, [_label(row) for row in proba], strict=True))
        accuracy = sum(g == p for g, p in pairs) / len(pairs)
        rows.append(
            (
                f"variant {name}",
                f"accuracy {accuracy:.3f}, macro-F1 {stats.macro_f1(pairs):.3f} ({description})",
            )
        )
    return rows


NOTES = (
    "labels: 0 neutral (CAMEO 01-02), 1 verbal cooperation, 2 material cooperation, 3 verbal "
    "conflict, 4 material conflict; our CAMEO roots 01-02 map to 0, other roots keep their quad",
    "learned = polevent.learn.quad default: word 1-2-gram TF-IDF (x1.5, vocabulary fitted per "
    "training fold) + all-MiniLM-L6-v2 int8 ONNX embedding + pattern-coder indicators (x0.3) "
    "-> logistic regression (C 30); these settings were chosen by CV on this same file, so the "
    "learned numbers are somewhat optimistic",
    "patterns only = the rule coder alone; each sentence coded as its own undated article",
    "actor spans: the NER file is detokenised (no space before punctuation and clitics, hyphens "
    "joined) and each sentence coded alone; predicted spans = ActorRef start/end of the sources "
    "(targets) of the FIRST event coded in the sentence (the gold marks one event per sentence; "
    "the actors of all coded events are in the details); gold = S (T) spans; 'any role' "
    "compares S+T+R with sources+targets; R (reciprocal) is scored only there",
    "exact = same character offsets; overlap = at least one shared character; matching is "
    "one-to-one; P/R/F1 are micro-averaged over spans, bootstrap over sentences",
)


def run(
    gold: Path,
    *,
    coder: Coder | None,
    limit: int | None = None,
    embedder: Embedder | None = None,
) -> EvalResult:
    """Score on ``gold`` (the class TSV) and the NER file beside it; first ``limit`` sentences
    of each when given."""
    coder = coder if coder is not None else build_coder()
    rows = read_quad_tsv(gold)[:limit]
    texts, labels = [r.text for r in rows], [r.label for r in rows]
    smallest = min(Counter(labels).values()) if len(set(labels)) == len(LABELS) else 0
    folds = min(MAX_FOLDS, smallest)
    if folds < 2:
        raise InputError("E106", "every label 0-4 needs at least two sentences", path=str(gold))
    inputs = prepare(texts, embedder=embedder or build_embedder(), coder=coder)
    metrics, scored, predictions = _class_metrics(inputs, labels, folds=folds)
    notes = list(NOTES)
    ner = gold.parent / NER_FILE
    details = [*_per_class(labels, predictions), *_variant_details(inputs, labels, folds=folds)]
    if ner.is_file():
        ner_sentences = read_bio(ner)[:limit]
        actor_metrics, actor_details = _actor_metrics(ner_sentences, coder)
        metrics.extend(actor_metrics)
        metrics.extend(_learned_span_metrics(ner_sentences, coder))
        details.extend(actor_details)
    else:
        notes.append(f"actor spans NOT scored: {ner} not found")
    return EvalResult(
        scorer=SCORER_NAME,
        gold=str(gold),
        n=len(rows),
        metrics=tuple(metrics),
        notes=tuple(notes),
        reliability=(
            ("learned quad class (out-of-fold max probability)", stats.reliability_table(scored)),
        ),
        details=tuple(details),
    )


SCORER = Scorer(
    name=SCORER_NAME,
    description="CAMEO quad class (learned model by CV and patterns only) and actor spans on "
    "ConfliBERT news sentences",
    default_gold="conflibert-cameo/cameo_class_train.tsv",
    run=run,
)
