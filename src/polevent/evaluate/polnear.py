"""The PolNeAR scorer: statements and who made them (speaker, cue, content spans).

Gold: PolNeAR v1.0.0 flattened to JSON lines (``polnear/polnear.jsonl.gz``; one line per
(article, annotator) with ``text`` and ``attributions`` = ``{type, source, cue, content}``, each a
list of ``{start, end, text}`` character spans). Only the ``dev`` compartment (84 articles) is
scored by default: ``test`` is for final evaluation only, and ``train`` (840 articles) may be used
for tuning but is too large to run in full here (``run(..., compartment="train", limit=...)``).
One annotator per article: the first line of that article in the file.

Each article's text goes through the pipeline's spaCy model and :func:`find_quotes`. Quotes that
share a cue form one predicted attribution (a quotation broken by "he said" is one statement).
For each role (speaker = gold ``source``, cue, content) a predicted attribution matches at most
one gold one: greedily, largest character overlap first (overlap mode), or on equal span sets
after stripping spaces and ``, . ; :`` at the edges (exact mode). Precision, recall and F1 are
micro-averaged over the articles, with 95 % bootstrap intervals from resampling articles.

The headline metric, **speaker attribution F1 (overlap)**, counts a gold attribution as found
when one predicted quote overlaps its content *and* its source (one-to-one, greedy); predicted
quotes without a speaker and gold attributions without a source are left out of it. The
``direct:`` metrics repeat everything on gold attributions whose content starts with a
quotation mark and on predicted quotes marked ``direct``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from polevent.errors import InputError
from polevent.evaluate.base import EvalResult, Metric, Scorer, read_json_lines
from polevent.evaluate.stats import bootstrap_interval, prf
from polevent.pipeline import Coder
from polevent.resolve.quotes import Quote, find_quotes

__all__ = [
    "ATTRIBUTION_TARGET",
    "DEFAULT_GOLD",
    "SCORER",
    "Attribution",
    "Counts",
    "PolnearArticle",
    "attributions_from_quotes",
    "exact_match",
    "greedy_match",
    "overlap",
    "read_polnear",
    "run",
    "score_article",
    "score_attributions",
    "score_role",
]

DEFAULT_GOLD = "polnear/polnear.jsonl.gz"
DEFAULT_COMPARTMENT = "dev"
ATTRIBUTION_TARGET = 0.80
ROLES = ("speaker", "cue", "content")
GOLD_ROLES = {"speaker": "source", "cue": "cue", "content": "content"}
QUOTE_OPENERS = ('"', "\u201c", "\u201e", "''", "``", "'", "\u2018")
EDGE = " \t\n\u00a0,.;:"
TOP_PATTERNS = 12
BATCH_SIZE = 16

Span = tuple[int, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class Attribution:
    """One attribution: the character spans of its speaker, cue and content (each role may be
    discontinuous, hence tuples), and whether it is a direct quotation."""

    speaker: tuple[Span, ...]
    cue: tuple[Span, ...]
    content: tuple[Span, ...]
    direct: bool

    def role(self, name: str) -> tuple[Span, ...]:
        """The spans of ``name`` (speaker, cue or content)."""
        spans: tuple[Span, ...] = getattr(self, name)
        return spans


@dataclass(frozen=True, slots=True, kw_only=True)
class PolnearArticle:
    """One annotated article: its text and one annotator's attributions."""

    article: str
    annotator: str
    compartment: str
    text: str
    attributions: tuple[Attribution, ...]
    line: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Counts:
    """Matched, predicted and gold items for one metric on one article."""

    tp: int
    predicted: int
    gold: int


# ----------------------------------------------------------------------------- reading


def _spans(value: Any, *, path: Path, line: int) -> tuple[Span, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(
        isinstance(s, dict) and isinstance(s.get("start"), int) and isinstance(s.get("end"), int)
        for s in value
    ):
        raise InputError("E106", "spans must be lists of {start, end}", path=str(path), line=line)
    return tuple(sorted((s["start"], s["end"]) for s in value))


def _gold_attribution(value: Any, text: str, *, path: Path, line: int) -> Attribution:
    if not isinstance(value, dict):
        raise InputError("E106", "attributions must be objects", path=str(path), line=line)
    content = _spans(value.get("content"), path=path, line=line)
    first = text[content[0][0] : content[0][1]].lstrip() if content else ""
    return Attribution(
        speaker=_spans(value.get("source"), path=path, line=line),
        cue=_spans(value.get("cue"), path=path, line=line),
        content=content,
        direct=first.startswith(QUOTE_OPENERS),
    )


def _article(row: Any, *, path: Path, line: int) -> PolnearArticle:
    fields = ("article", "annotator", "compartment", "text")
    if not isinstance(row, dict) or not all(isinstance(row.get(k), str) for k in fields):
        detail = "need article, annotator, compartment, text (str) and attributions (list)"
        raise InputError("E106", detail, path=str(path), line=line)
    if not isinstance(row.get("attributions"), list):
        raise InputError("E106", "attributions must be a list", path=str(path), line=line)
    text = row["text"]
    return PolnearArticle(
        article=row["article"],
        annotator=row["annotator"],
        compartment=row["compartment"],
        text=text,
        attributions=tuple(
            _gold_attribution(a, text, path=path, line=line) for a in row["attributions"]
        ),
        line=line,
    )


def read_polnear(
    path: Path, *, compartment: str | None = DEFAULT_COMPARTMENT
) -> list[PolnearArticle]:
    """The articles of a ``polnear.jsonl(.gz)`` file in ``compartment`` (``None``: all), one
    annotation each (the first line of each article), in file order."""
    found: dict[str, PolnearArticle] = {}
    for number, row in read_json_lines(path):
        article = _article(row, path=path, line=number)
        if compartment in (None, article.compartment) and article.article not in found:
            found[article.article] = article
    if not found:
        raise InputError("E101", f"no articles in compartment {compartment}", path=str(path))
    return list(found.values())


def attributions_from_quotes(quotes: Sequence[Quote]) -> list[Attribution]:
    """Predicted attributions: quotes sharing a cue become one (their contents joined)."""
    grouped: dict[Span, list[Quote]] = {}
    for quote in quotes:
        grouped.setdefault((quote.cue_start, quote.cue_end), []).append(quote)
    found = []
    for cue, group in grouped.items():
        first = group[0]
        speaker: tuple[Span, ...] = ()
        if first.speaker_start is not None and first.speaker_end is not None:
            speaker = ((first.speaker_start, first.speaker_end),)
        found.append(
            Attribution(
                speaker=speaker,
                cue=(cue,),
                content=tuple(sorted({(q.content_start, q.content_end) for q in group})),
                direct=any(q.direct for q in group),
            )
        )
    return found


# ----------------------------------------------------------------------------- matching


def overlap(a: Sequence[Span], b: Sequence[Span]) -> int:
    """Characters shared by two span sets."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _normal(spans: Sequence[Span], text: str) -> frozenset[Span]:
    """Spans with spaces and ``, . ; :`` stripped from both edges (empty ones dropped)."""
    kept = set()
    for start, end in spans:
        piece = text[start:end]
        left = len(piece) - len(piece.lstrip(EDGE))
        right = len(piece.rstrip(EDGE))
        if right > left:
            kept.add((start + left, start + right))
    return frozenset(kept)


def exact_match(a: Sequence[Span], b: Sequence[Span], text: str) -> bool:
    """The same span set, edges normalised (see the module docstring)."""
    return bool(a) and _normal(a, text) == _normal(b, text)


def greedy_match(pairs: Sequence[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """One-to-one matching of ``(weight, predicted, gold)`` pairs, heaviest first (ties by
    position); pairs of weight 0 never match."""
    matched: list[tuple[int, int]] = []
    used_pred: set[int] = set()
    used_gold: set[int] = set()
    for weight, pred, gold in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if weight > 0 and pred not in used_pred and gold not in used_gold:
            matched.append((pred, gold))
            used_pred.add(pred)
            used_gold.add(gold)
    return matched


def score_role(
    predicted: Sequence[Attribution],
    gold: Sequence[Attribution],
    role: str,
    *,
    exact: bool,
    text: str,
) -> Counts:
    """Matched / predicted / gold attributions that have spans for ``role``."""
    pred = [a.role(role) for a in predicted if a.role(role)]
    true = [a.role(role) for a in gold if a.role(role)]
    pairs = [
        (
            (1 if exact_match(p, g, text) else 0) if exact else overlap(p, g),
            i,
            j,
        )
        for i, p in enumerate(pred)
        for j, g in enumerate(true)
    ]
    return Counts(tp=len(greedy_match(pairs)), predicted=len(pred), gold=len(true))


def score_attributions(predicted: Sequence[Attribution], gold: Sequence[Attribution]) -> Counts:
    """Speaker attribution: a gold attribution (with a source) is found by a predicted one
    (with a speaker) that overlaps both its content and its source; one-to-one, greedy."""
    pred = [a for a in predicted if a.speaker]
    true = [a for a in gold if a.speaker]
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(true):
            content, speaker = overlap(p.content, g.content), overlap(p.speaker, g.speaker)
            if content and speaker:
                pairs.append((content + speaker, i, j))
    return Counts(tp=len(greedy_match(pairs)), predicted=len(pred), gold=len(true))


def score_article(
    predicted: Sequence[Attribution], gold: Sequence[Attribution], text: str
) -> Mapping[str, Counts]:
    """Every count the scorer reports for one article, by metric stem."""
    counts: dict[str, Counts] = {}
    subsets = (("", predicted, gold), ("direct: ", _direct(predicted), _direct(gold)))
    for prefix, pred, true in subsets:
        counts[f"{prefix}speaker attribution"] = score_attributions(pred, true)
        for role in ROLES:
            for mode in ("overlap", "exact"):
                counts[f"{prefix}{role} {mode}"] = score_role(
                    pred, true, role, exact=mode == "exact", text=text
                )
    return MappingProxyType(counts)


def _direct(attributions: Sequence[Attribution]) -> list[Attribution]:
    return [a for a in attributions if a.direct]


# ----------------------------------------------------------------------------- metrics


def _statistic(stem: str, which: int) -> Callable[[Sequence[Mapping[str, Counts]]], float]:
    def value(articles: Sequence[Mapping[str, Counts]]) -> float:
        tp = sum(a[stem].tp for a in articles)
        predicted = sum(a[stem].predicted for a in articles)
        gold = sum(a[stem].gold for a in articles)
        return prf(tp, predicted, gold)[which]

    return value


def _prf_metrics(
    stem: str, articles: Sequence[Mapping[str, Counts]], *, target: float | None = None
) -> list[Metric]:
    """P, R and F1 for ``stem``: n is predicted items for P and gold items for R and F1."""
    predicted = sum(a[stem].predicted for a in articles)
    gold = sum(a[stem].gold for a in articles)
    metrics = []
    name = "speaker attribution F1 (overlap)" if stem == "speaker attribution" else f"{stem} F1"
    for which, label, n in ((0, f"{stem} P", predicted), (1, f"{stem} R", gold), (2, name, gold)):
        statistic = _statistic(stem, which)
        low, high = bootstrap_interval(articles, statistic)
        metrics.append(
            Metric(
                name=label,
                value=statistic(articles),
                n=n,
                low=low,
                high=high,
                target=target if which == 2 else None,
            )
        )
    return metrics


def _metrics(articles: Sequence[Mapping[str, Counts]]) -> list[Metric]:
    metrics: list[Metric] = []
    for prefix in ("", "direct: "):
        stem = f"{prefix}speaker attribution"
        metrics += _prf_metrics(stem, articles, target=ATTRIBUTION_TARGET if not prefix else None)
        for role in ROLES:
            for mode in ("overlap", "exact"):
                metrics += _prf_metrics(f"{prefix}{role} {mode}", articles)
    return metrics


# ----------------------------------------------------------------------------- failure patterns


def _cue_words(attribution: Attribution, text: str) -> str:
    return " ".join(text[s:e] for s, e in attribution.cue).lower().strip() or "(no cue)"


def _patterns(
    scored: Sequence[tuple[PolnearArticle, Sequence[Attribution]]],
) -> list[tuple[str, str]]:
    """Most frequent cues of missed gold attributions (no predicted content overlaps) and of
    false-positive predictions (no gold content overlaps)."""
    missed: Counter[str] = Counter()
    invented: Counter[str] = Counter()
    for article, predicted in scored:
        gold = article.attributions
        for g in gold:
            if not any(overlap(p.content, g.content) for p in predicted):
                missed[_cue_words(g, article.text)] += 1
        for p in predicted:
            if not any(overlap(p.content, g.content) for g in gold):
                invented[_cue_words(p, article.text)] += 1
    return [
        *((f"missed gold cue {n}", f"{cue!r} x{k}") for n, (cue, k) in _ranked(missed)),
        *((f"false-positive cue {n}", f"{cue!r} x{k}") for n, (cue, k) in _ranked(invented)),
    ]


def _ranked(counter: Counter[str]) -> list[tuple[int, tuple[str, int]]]:
    return list(enumerate(counter.most_common(TOP_PATTERNS), 1))


# ----------------------------------------------------------------------------- running


def _predict(articles: Sequence[PolnearArticle], coder: Coder) -> list[list[Attribution]]:
    texts = (article.text for article in articles)
    return [
        attributions_from_quotes(find_quotes(doc))
        for doc in coder.nlp.pipe(texts, batch_size=BATCH_SIZE)
    ]


def run(
    gold: Path,
    *,
    coder: Coder | None,
    limit: int | None = None,
    compartment: str = DEFAULT_COMPARTMENT,
) -> EvalResult:
    """Speaker, cue and content P/R/F1 of :func:`find_quotes` on PolNeAR ``compartment``."""
    if coder is None:
        raise ValueError("the polnear scorer parses text: pass coder=build_coder()")
    articles = read_polnear(gold, compartment=compartment)[:limit]
    predicted = _predict(articles, coder)
    counts = [
        score_article(p, a.attributions, a.text) for a, p in zip(articles, predicted, strict=True)
    ]
    n_gold = sum(len(a.attributions) for a in articles)
    notes = (
        f"{gold}: compartment {compartment}, {len(articles)} articles (first annotator each), "
        f"{n_gold} gold attributions, {sum(map(len, predicted))} predicted",
        "test is for final evaluation only; train (840 articles) may be used for tuning but is "
        "too large to run in full here: run(..., compartment='train', limit=N)",
        "P/R/F1 are micro-averaged over the articles; 95 % intervals resample articles; N is "
        "predicted items for P, gold items for R and F1",
        "matching: one-to-one, greedy by character overlap (exact: equal spans after stripping "
        "spaces and , . ; : at the edges); quotes sharing a cue form one predicted attribution",
        "speaker attribution: content and source both overlap; gold without a source and "
        "predictions without a speaker are not counted; direct = content starts with a quote mark",
        "find_quotes reports speech, beliefs, evidence (polls, reports) and stances from the "
        "cue lexicon data/speech_cues.tsv, and leaves out statements nested in another's "
        "content (PolNeAR does not annotate those); gold also counts attributions with cues "
        "outside any lexicon (made the case, sees X as), which caps recall",
    )
    return EvalResult(
        scorer=SCORER.name,
        gold=str(gold),
        n=len(articles),
        metrics=tuple(_metrics(counts)),
        notes=notes,
        details=tuple(_patterns(list(zip(articles, predicted, strict=True)))),
    )


SCORER = Scorer(
    name="polnear",
    description="statements and speakers: speaker, cue and content spans on PolNeAR (dev)",
    default_gold=DEFAULT_GOLD,
    run=run,
)
