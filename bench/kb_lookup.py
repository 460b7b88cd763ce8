"""Actor knowledge-base lookups per second: the dated name lookup the coder runs on every noun.

Usage: python bench/kb_lookup.py [--lookups N]
Builds the packaged index (timed separately), then looks up a mix of known names (every name
variant in the KB, in turn), their longer contexts ("president <name> said") and unknown words,
each on a rotating story date, and prints one table. The target is >= 100,000 lookups/s.
"""

from __future__ import annotations

import argparse
import itertools
import random
import time
from datetime import date

from polevent.coding.kb import load_actor_index, load_actors

DATES = (None, date(2001, 9, 11), date(2015, 6, 1), date(2021, 9, 7), date(2025, 5, 16))
UNKNOWN = (("the",), ("said",), ("on",), ("thursday",), ("talks",), ("a", "phone", "call"))


def _queries(count: int) -> list[tuple[tuple[str, ...], date | None]]:
    names = sorted({entry.words for entry in load_actors()})
    rng = random.Random(7)
    queries: list[tuple[tuple[str, ...], date | None]] = []
    days = itertools.cycle(DATES)
    for n in range(count):
        kind = n % 4
        if kind == 0:
            words = rng.choice(UNKNOWN)
        elif kind == 1:
            words = (*rng.choice(names), "said", "on")
        else:
            words = rng.choice(names)
        queries.append((words, next(days)))
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lookups", type=int, default=500_000)
    args = parser.parse_args()
    started = time.perf_counter()
    index = load_actor_index()
    built = time.perf_counter() - started
    queries = _queries(args.lookups)
    found = 0
    started = time.perf_counter()
    for words, day in queries:
        found += bool(index.lookup(words, on=day))
    elapsed = time.perf_counter() - started
    rows = [
        ("actor rows", f"{len(load_actors()):,}"),
        ("index build (s)", f"{built:.2f}"),
        ("lookups", f"{len(queries):,} ({found:,} found)"),
        ("lookups/s", f"{len(queries) / elapsed:,.0f}"),
        ("target lookups/s", ">= 100,000"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
