"""End-to-end coding throughput: articles/s, words/s and peak RSS on the Wikinews sample.

Usage: python bench/throughput.py [--input PATH.jsonl.gz] [--limit N]
Reads ../shared/data/wikinews-sample by default (not shipped with polevent); codes every article
into a throw-away SQLite file and prints one table. Model loading is timed separately.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from polevent.api import code
from polevent.pipeline import build_coder
from polevent.settings import Settings

DEFAULT_INPUT = (
    Path(__file__).resolve().parents[2] / "shared/data/wikinews-sample/wikinews_2019_2020.jsonl.gz"
)


def _articles(path: Path, limit: int | None) -> Iterator[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if limit is not None and n >= limit:
                return
            row = json.loads(line)
            yield {
                "text": row["text"],
                "title": row["title"],
                "url": row["url"],
                "published_at": row["date"],
            }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--input", type=Path, default=DEFAULT_INPUT)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--model", default=None, help="learned model file (polevent train quad)")
    args = parser.parse_args()
    if not args.input.is_file():
        raise SystemExit(f"{args.input}: not found (the Wikinews sample lives in ../shared/data)")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "articles.jsonl"
        rows = list(_articles(args.input, args.limit))
        source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        words = sum(len(r["text"].split()) for r in rows)
        started = time.perf_counter()
        coder = build_coder(Settings(quad_model=args.model))
        loaded = time.perf_counter()
        report = code([source], db=Path(tmp) / "bench.db", coder=coder)
        done = time.perf_counter()
    seconds = done - loaded
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'input':<28} {args.input.name}")
    print(f"{'learned model':<28} {args.model or 'none (patterns only)'}")
    print(f"{'articles':<28} {report.articles_coded}")
    print(f"{'words':<28} {words}")
    print(f"{'events':<28} {report.events_added}")
    print(f"{'model + data load (s)':<28} {loaded - started:.2f}")
    print(f"{'coding time (s)':<28} {seconds:.2f}")
    print(f"{'articles/s':<28} {report.articles_coded / seconds:.2f}")
    print(f"{'words/s':<28} {words / seconds:.0f}")
    print(f"{'peak RSS (MB), 1 worker':<28} {peak_mb:.0f}")


if __name__ == "__main__":
    main()
