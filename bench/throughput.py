"""End-to-end coding throughput: articles/s, words/s and peak RSS per worker, 1 vs N workers.

Usage: python bench/throughput.py [--corpus wikinews reuters] [--workers 1 2] [--limit N]
       [--model FILE] [--gazetteer FILE] [--engine local ray]

Reads ../shared/data (not shipped with polevent): the Wikinews sample (all 295 articles) and the
first ``--reuters-limit`` (default 300) Reuters-21578 stories with a body. Each corpus is coded
into a throw-away SQLite file once per worker count, through ``polevent.api.code`` as
``polevent code --workers N`` does (1: in this process, on the coder loaded once at the start
and shared with the baseline below; N > 1: a process pool, this process the
only writer; ``--engine ray``: also on a private local Ray instance with as many actors as the
largest worker count, as ``polevent code --engine ray`` does), and one table is printed per
corpus. Model loading is timed apart: the pool's workers (and the Ray actors) load theirs before
the clock starts. Peak RSS is each process's high-water mark (``VmHWM``; for 1 worker this
process, which also writes the store). "main process CPU" is
the CPU time the writing process spent while coding: with N workers it is the writer's share,
which competes with the workers for the same cores; "CPU, all processes" adds the workers'
CPU time, so the parallel overhead shows even on a busy machine (the load average before each
run says how busy: a speed-up needs as many idle cores as workers).

Before those runs, in this process and on the same articles (``bench/stages.py``): the bare
spaCy baseline (``nlp.pipe`` with the coder's model, pipes, batch size and chunking) and one
run timed per stage (read, parse, actors, events, dates, places, quotes, counts, records,
store, other), so the coding overhead is a ratio measured in one run (target: <= 25 %) and the
slowest stage is named. Events get places from ``--gazetteer`` (default: var/gazetteer.sqlite
when it exists, as ``polevent code`` does). The targets are printed beside the numbers:
2 workers >= 1.7x 1 worker, Ray within 20 % of the local pool, <= 1 GB RSS per worker.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import resource
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from stages import Timing, bare_spacy, print_baseline, read_articles, staged_run, warm_up

from polevent.api import code
from polevent.pipeline import Coder, build_coder, cached_coder
from polevent.resolve.gazetteer import default_gazetteer_path
from polevent.scale import Executor, ProcessExecutor, RayExecutor, worker_peak_rss
from polevent.settings import Settings

DATA = Path(__file__).resolve().parents[2] / "shared/data"
CORPORA = {
    "wikinews": DATA / "wikinews-sample/wikinews_2019_2020.jsonl.gz",
    "reuters": DATA / "reuters21578/reuters21578.jsonl.gz",
}
MB = 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class Run:
    """One timed run: what it coded, how long loading and coding took, peak memory per worker."""

    workers: int
    engine: str
    articles: int
    events: int
    load_seconds: float
    seconds: float
    peak_mb: tuple[float, ...]
    main_cpu: float
    total_cpu: float
    load: float


def _rows(corpus: str, path: Path, limit: int | None) -> Iterator[dict[str, str]]:
    """Articles as ``polevent code`` reads JSON Lines: text, title, url, published_at."""
    taken = 0
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if limit is not None and taken >= limit:
                return
            row = json.loads(line)
            text = row["text"] if corpus == "wikinews" else row.get("body") or ""
            if not text.strip():
                continue
            url = row.get("url") or f"reuters21578:{row.get('newid')}"
            taken += 1
            yield {"text": text, "title": row["title"], "url": url, "published_at": row["date"]}


def _ready(_n: int) -> None:
    time.sleep(0.3)  # long enough that every worker takes one: all are started and warm


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _process_cpu(pid: int) -> float:
    """CPU seconds (user + system) process ``pid`` has used so far (Linux; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _reset_peak_rss() -> None:
    """Start this process's ``VmHWM`` afresh (Linux: ``5`` to ``clear_refs``), so the 1-worker
    peak is this run's, not the largest of the runs before it."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")


def _engine(engine: str, workers: int, settings: Settings) -> ProcessExecutor | RayExecutor:
    warm = partial(cached_coder, settings)
    if engine == "ray":
        return RayExecutor(workers=workers, warm=warm)
    return ProcessExecutor(workers=workers, warm=warm)


def _run(
    source: Path, db: Path, *, workers: int, settings: Settings, engine: str, coder: Coder
) -> Run:
    """One run of ``polevent.api.code``; with 1 local worker on ``coder`` (loaded before)."""
    load = os.getloadavg()[0]
    started = time.perf_counter()
    if workers == 1 and engine == "local":
        _reset_peak_rss()
        loaded, cpu = time.perf_counter(), _cpu()
        report = code([source], db=db, coder=coder, model=settings.quad_model)
        done, cpu = time.perf_counter(), _cpu() - cpu
        peaks: tuple[float, ...] = ((worker_peak_rss(os.getpid()) or 0) / MB,)
        worker_cpu = 0.0
    else:
        with _engine(engine, workers, settings) as pool:
            executor: Executor = pool
            list(executor.map(_ready, range(workers)))
            before = {pid: _process_cpu(pid) for pid in pool.pids()}
            loaded, cpu = time.perf_counter(), _cpu()
            report = code(
                [source],
                db=db,
                executor=pool,
                model=settings.quad_model,
                gazetteer=settings.gazetteer,
            )
            done, cpu = time.perf_counter(), _cpu() - cpu
            peaks = tuple((worker_peak_rss(pid) or 0) / MB for pid in pool.pids())
            worker_cpu = sum(_process_cpu(pid) - start for pid, start in before.items())
    return Run(
        workers=workers,
        engine=engine,
        articles=report.articles_coded,
        events=report.events_added,
        load_seconds=loaded - started,
        seconds=done - loaded,
        peak_mb=peaks,
        main_cpu=cpu,
        total_cpu=cpu + worker_cpu,
        load=load,
    )


def _table(corpus: str, words: int, runs: list[Run], *, model: str | None, load: float) -> None:
    first = runs[0]
    print(f"\n{corpus}: {first.articles} articles, {words} words, {first.events} events")
    print(f"learned model: {model or 'none (patterns only)'}")
    names = [
        str(run.workers) if run.engine == "local" else f"{run.engine} {run.workers}" for run in runs
    ]
    print(f"{'workers':<26}" + "".join(f"{name:>14}" for name in names))
    lines = [
        ("model + data load (s)", [_load_text(run, load) for run in runs]),
        ("coding time (s)", [f"{run.seconds:.2f}" for run in runs]),
        ("articles/s", [f"{run.articles / run.seconds:.2f}" for run in runs]),
        ("words/s", [f"{words / run.seconds:.0f}" for run in runs]),
        ("speed-up vs first", [f"{first.seconds / run.seconds:.2f}x" for run in runs]),
        ("main process CPU (s)", [f"{run.main_cpu:.1f}" for run in runs]),
        ("CPU, all processes (s)", [f"{run.total_cpu:.1f}" for run in runs]),
        ("load average before", [f"{run.load:.2f}" for run in runs]),
        ("peak RSS/worker (MB)", ["/".join(f"{mb:.0f}" for mb in run.peak_mb) for run in runs]),
    ]
    for name, values in lines:
        print(f"{name:<26}" + "".join(f"{value:>14}" for value in values))
    _targets(runs)


def _load_text(run: Run, load: float) -> str:
    """The 1-worker run codes on the coder loaded once at the start (``load`` seconds)."""
    return (
        f"{load:.2f}" if run.workers == 1 and run.engine == "local" else f"{run.load_seconds:.2f}"
    )


def _targets(runs: list[Run]) -> None:
    """The issue's targets beside what the runs measured."""
    local = {run.workers: run for run in runs if run.engine == "local"}
    one = local.get(1)
    peak = max(mb for run in runs for mb in run.peak_mb)
    print(f"{'target':<40}{'measured':>14}  met")
    checks: list[tuple[str, str, bool]] = [
        ("peak RSS per worker <= 1024 MB", f"{peak:.0f} MB", peak <= 1024),
    ]
    for workers, run in sorted(local.items()):
        if one is not None and workers > 1:
            speed = one.seconds / run.seconds
            need = 1.7 if workers == 2 else 0.85 * workers
            checks.append(
                (f"{workers} workers >= {need:.1f}x 1 worker", f"{speed:.2f}x", speed >= need)
            )
    for run in runs:
        pool = local.get(run.workers)
        if run.engine == "ray" and pool is not None:
            ratio = run.seconds / pool.seconds - 1
            label = f"Ray {run.workers} within 20 % of local {run.workers}"
            checks.append((label, f"{ratio:+.1%}", ratio <= 0.20))
    for label, value, met in checks:
        print(f"{label:<40}{value:>14}  {'yes' if met else 'NO'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", nargs="+", choices=sorted(CORPORA), default=list(CORPORA))
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--limit", type=int, default=None, help="Wikinews articles (default all)")
    parser.add_argument("--reuters-limit", type=int, default=300)
    parser.add_argument("--model", default=None, help="learned model file (polevent train quad)")
    parser.add_argument(
        "--gazetteer",
        default=None,
        help="gazetteer file for event places (default: var/gazetteer.sqlite when it exists)",
    )
    parser.add_argument(
        "--engine",
        nargs="+",
        choices=["local", "ray"],
        default=["local"],
        help="ray: also a run on Ray actors (as many as the largest --workers)",
    )
    args = parser.parse_args()
    gazetteer = args.gazetteer
    if gazetteer is None and default_gazetteer_path().is_file():
        gazetteer = str(default_gazetteer_path())
    settings = Settings(quad_model=args.model, gazetteer=gazetteer)
    started = time.perf_counter()
    coder = build_coder(settings)
    load = time.perf_counter() - started
    print(f"gazetteer: {gazetteer or 'none (events get no place)'}; coder loaded in {load:.2f} s")
    for corpus in args.corpus:
        path = CORPORA[corpus]
        if not path.is_file():
            raise SystemExit(f"{path}: not found (the corpora live in ../shared/data)")
        limit = args.limit if corpus == "wikinews" else args.reuters_limit
        rows = list(_rows(corpus, path, limit))
        words = sum(len(row["text"].split()) for row in rows)
        plan = [("local", n) for n in args.workers] if "local" in args.engine else []
        plan += [("ray", max(args.workers))] if "ray" in args.engine else []
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "articles.jsonl"
            source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
            articles = read_articles(source)
            warm_up(articles, coder)
            print(f"\n{corpus}: load average {os.getloadavg()[0]:.2f} before the bare spaCy run")
            bare = bare_spacy(articles, coder)
            staged = staged_run(source, Path(tmp) / "staged.db", coder)
            runs = []
            for n, (engine, workers) in enumerate(plan):
                db = Path(tmp) / f"bench{n}.db"
                runs.append(
                    _run(source, db, workers=workers, settings=settings, engine=engine, coder=coder)
                )
        _table(corpus, words, runs, model=args.model, load=load)
        one = next((r for r in runs if r.workers == 1 and r.engine == "local"), None)
        print()
        print_baseline(
            bare=bare,
            staged=staged,
            end_to_end=None if one is None else Timing(seconds=one.seconds, cpu=one.main_cpu),
            articles=len(articles),
        )


if __name__ == "__main__":
    main()
