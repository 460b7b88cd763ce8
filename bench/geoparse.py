"""Geoparsing speed on already-parsed Docs: toponyms found and resolved per second.

Usage: python bench/geoparse.py [--gazetteer PATH] [--data FILE] [--docs N] [--repeat K]
Parses N news articles with the pipeline's spaCy model first (not timed), then times
``find_toponyms`` (mentions, gazetteer lookups, ranking in context) over the parsed Docs, K
times: the first pass cold (a fresh gazetteer: every name a database query), the others warm.
The word lists (demonyms and government names from the actor knowledge base, speech verbs) are
loaded once before timing, as a coder has them already; their load time is printed apart.
Articles come from ``../shared/data/wikinews-sample`` (or ``--data``: any JSON-lines file, gzipped
or not, with a ``text`` field), else the bundled ``samples/``. Prints docs/s, toponyms/s and the
process's peak RSS (model included) and the resident memory the gazetteer and its caches add.
Target (issue 6): >= 200 documents/s on top of an already-parsed Doc; gazetteer <= 300 MB RSS.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import time
from pathlib import Path
from typing import Any

from polevent.nlp import build_nlp
from polevent.resolve.gazetteer import InMemoryGazetteer, default_gazetteer_path, open_gazetteer
from polevent.resolve.mentions import load_place_words
from polevent.resolve.places import find_toponyms

DEFAULT_DATA = Path("../shared/data/wikinews-sample/wikinews_2019_2020.jsonl.gz")


def _texts(path: Path | None, count: int) -> list[str]:
    """Up to ``count`` article texts from a JSON-lines file, else from ``samples/``."""
    if path is not None and path.is_file():
        raw = path.read_bytes()
        body = gzip.decompress(raw) if path.name.endswith(".gz") else raw
        rows = (json.loads(line) for line in body.decode("utf-8").splitlines() if line.strip())
        return [str(r["text"]) for r in rows if isinstance(r, dict) and r.get("text")][:count]
    files = sorted(Path("samples").glob("*.txt"))
    return [f.read_text(encoding="utf-8") for f in files][:count]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    """Current resident memory (Linux ``/proc``; elsewhere the peak)."""
    try:
        status = Path("/proc/self/status").read_text(encoding="utf-8")
    except OSError:
        return _peak_mb()
    line = next((x for x in status.splitlines() if x.startswith("VmRSS:")), "")
    return int(line.split()[1]) / 1024 if line else _peak_mb()


def _run(docs: list[Any], gazetteer: Any) -> tuple[float, int]:
    started = time.perf_counter()
    found = sum(len(find_toponyms(doc, gazetteer=gazetteer)) for doc in docs)
    return time.perf_counter() - started, found


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--gazetteer", type=Path)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = _texts(args.data, args.docs)
    if not texts:
        raise SystemExit("no articles found")
    nlp = build_nlp()
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    parse = time.perf_counter() - started
    started = time.perf_counter()
    load_place_words()
    find_toponyms(docs[0], gazetteer=InMemoryGazetteer([]))  # the other one-time word lists
    words = time.perf_counter() - started
    before = _rss_mb()
    gazetteer = open_gazetteer(args.gazetteer or default_gazetteer_path())
    chars = sum(len(t) for t in texts)
    print(f"{len(docs)} articles ({chars / len(docs):,.0f} chars each), parsed in {parse:.1f} s")
    print(f"word lists (demonyms, governments, speech verbs) loaded once in {words:.2f} s")
    try:
        for n in range(max(1, args.repeat)):
            seconds, found = _run(docs, gazetteer)
            label = "cold" if n == 0 else "warm"
            print(
                f"pass {n + 1} ({label}): {len(docs) / seconds:,.0f} docs/s, "
                f"{found / seconds:,.0f} toponyms/s ({found} toponyms, {seconds:.2f} s)"
            )
        after = _rss_mb()
    finally:
        gazetteer.close()
    print(f"peak RSS {_peak_mb():,.0f} MB (model and Docs included)")
    print(f"resident memory the gazetteer and its lookup cache add: {after - before:,.0f} MB")
    print("target: >= 200 docs/s on parsed Docs; gazetteer <= 300 MB RSS")


if __name__ == "__main__":
    main()
