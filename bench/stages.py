"""The bare-spaCy baseline and the time per stage, for ``bench/throughput.py``.

In one process, with one loaded coder and on the same documents:

- ``bare_spacy``: ``nlp.pipe`` over the articles cut into the pieces the coder parses
  (``pipeline.chunks`` at ``settings.chunk_chars``), with the coder's own pipeline (same model,
  same pipes, same batch size): the parsing any spaCy-based coder pays;
- ``staged_run``: what ``polevent.api.code`` does with one worker (read the articles, skip the
  stored ones, code them, store each with its events in one transaction), with a
  ``StageTimer`` threaded through ``pipeline.code_articles``: read, parse, actors, quotes,
  events, places, dates, counts, records, store and "other" (the rest of the wall time).

Both report wall-clock and CPU seconds (CPU time is less disturbed by other work on the
machine; the load average printed with the table says how busy it was).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from polevent.ingest import ReadOptions, iter_articles
from polevent.pipeline import Coder, chunks, code_articles
from polevent.records import Article
from polevent.stage_timer import StageTime, StageTimer
from polevent.store import open_store

# The stages of the list first, then the others the pipeline names, then the rest.
STAGE_ORDER = (
    "read",
    "parse",
    "actors",
    "events",
    "dates",
    "places",
    "quotes",
    "counts",
    "records",
    "review",
    "store",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Timing:
    """Wall-clock and CPU seconds of one timed piece of work."""

    seconds: float
    cpu: float


@dataclass(frozen=True, slots=True, kw_only=True)
class StageRun:
    """One in-process run timed per stage: whole run, coding alone (parse included), stages."""

    articles: int
    events: int
    total: Timing
    coding: Timing
    stages: tuple[StageTime, ...]


def _now() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> Timing:
    wall, cpu = _now()
    return Timing(seconds=wall - start[0], cpu=cpu - start[1])


def read_articles(source: Path) -> list[Article]:
    """The articles of ``source`` as ``polevent code`` reads them (English only)."""
    options = ReadOptions(languages=frozenset({"en"}))
    items = iter_articles([source], options=options)
    return [item for item in items if isinstance(item, Article)]


def bare_spacy(articles: Sequence[Article], coder: Coder) -> Timing:
    """Parse the articles' pieces with ``coder.nlp.pipe`` only (nothing else timed)."""
    limit = coder.settings.chunk_chars
    texts = [piece for article in articles for _, piece in chunks(article.text, limit=limit)]
    start = _now()
    for doc in coder.nlp.pipe(texts, batch_size=coder.settings.batch_size):
        del doc
    return _since(start)


def warm_up(articles: Sequence[Article], coder: Coder) -> None:
    """Code a few articles once, untimed: lazy imports and first-call costs are paid here."""
    list(code_articles(articles[:5], coder))
    bare_spacy(articles[:5], coder)


def staged_run(source: Path, db: Path, coder: Coder) -> StageRun:
    """Read, code and store ``source`` into ``db`` in this process, timing each stage."""
    timer = StageTimer()
    start = _now()
    with open_store(db) as store:
        with timer.stage("read"):
            articles = read_articles(source)
        with timer.stage("store"):
            fresh = [article for article in articles if not store.has_article(article.id)]
        events, storing = 0, Timing(seconds=0.0, cpu=0.0)
        coding_start = _now()
        for article, records in code_articles(fresh, coder, timer=timer):
            stored = _now()
            with timer.stage("store"):
                events += store.add_article(article, records).events_added
            took = _since(stored)
            storing = Timing(seconds=storing.seconds + took.seconds, cpu=storing.cpu + took.cpu)
        coding = _since(coding_start)
    total = _since(start)
    coding = Timing(seconds=coding.seconds - storing.seconds, cpu=coding.cpu - storing.cpu)
    named = sum(stage.seconds for stage in timer.totals())
    stages = sorted(
        timer.totals(),
        key=lambda s: STAGE_ORDER.index(s.name) if s.name in STAGE_ORDER else len(STAGE_ORDER),
    )
    other = StageTime(name="other", seconds=max(total.seconds - named, 0.0), calls=1)
    return StageRun(
        articles=len(fresh),
        events=events,
        total=total,
        coding=coding,
        stages=(*stages, other),
    )


def print_baseline(
    *, bare: Timing, staged: StageRun, end_to_end: Timing | None, articles: int
) -> None:
    """Print the overhead over bare spaCy (target <= 25 %) and the time per stage."""
    target = "target <= 25 %"

    def overhead(seconds: float, base: float) -> str:
        return f"{seconds / base - 1:+.1%}"

    print(f"{'same documents, one process':<40}{'wall s':>10}{'CPU s':>10}{'art/s':>10}")
    rows = [
        ("bare spaCy (nlp.pipe, same pipes)", bare.seconds, bare.cpu),
        ("polevent: parse + code", staged.coding.seconds, staged.coding.cpu),
        ("polevent: read + code + store", staged.total.seconds, staged.total.cpu),
    ]
    for name, wall, cpu in rows:
        print(f"{name:<40}{wall:>10.2f}{cpu:>10.2f}{articles / wall:>10.2f}")
    print(
        f"{'overhead, parse + code (wall / CPU)':<40}"
        f"{overhead(staged.coding.seconds, bare.seconds):>10}"
        f"{overhead(staged.coding.cpu, bare.cpu):>10}   {target}"
    )
    print(
        f"{'overhead, read + code + store':<40}"
        f"{overhead(staged.total.seconds, bare.seconds):>10}"
        f"{overhead(staged.total.cpu, bare.cpu):>10}   {target}"
    )
    if end_to_end is not None:
        print(
            f"{'overhead, polevent code --workers 1':<40}"
            f"{overhead(end_to_end.seconds, bare.seconds):>10}"
            f"{overhead(end_to_end.cpu, bare.cpu):>10}   {target} (api.code run above)"
        )
    total = staged.total.seconds
    slowest = max(
        (s for s in staged.stages if s.name not in {"parse", "other"}),
        key=lambda s: s.seconds,
        default=None,
    )
    print(f"\n{'stage':<40}{'seconds':>10}{'share':>10}")
    for stage in staged.stages:
        print(f"{stage.name:<40}{stage.seconds:>10.2f}{stage.seconds / total:>10.1%}")
    if slowest is not None:
        print(f"slowest stage after parsing: {slowest.name} ({slowest.seconds:.2f} s)")
