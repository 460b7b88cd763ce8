"""Gazetteer lookups per second and the memory they take.

Usage: python bench/gazetteer_lookup.py [--gazetteer PATH] [--lookups N] [--build]
Opens the built gazetteer (var/gazetteer.sqlite or $POLEVENT_GAZETTEER; with --build, or when it
is missing, builds one first in a child process and prints its build time and size), then looks
up a news-like mix of names: toponyms from news (countries, capitals, regions, disputed areas, in
several spellings), names drawn from the file itself, and words an entity recogniser mislabels
as places (misses). It prints lookups/s for the first pass over distinct names (cold: every one a
database query) and for the whole mix repeated (warm: the per-instance cache), and peak RSS.
Targets: >= 20,000 lookups/s warm, <= 300 MB RSS.
"""

from __future__ import annotations

import argparse
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from polevent.resolve.gazetteer import default_gazetteer_path, open_gazetteer

NEWS = (
    "Kyiv", "Kiev", "Ukraine", "Russia", "Moscow", "Washington", "U.S.", "United States",
    "China", "Beijing", "Taiwan", "India", "New Delhi", "Pakistan", "Islamabad", "Kashmir",
    "Jammu and Kashmir", "Azad Kashmir", "PoK", "Pahalgam", "Srinagar", "Line of Control",
    "Iran", "Tehran", "Chabahar Port", "Strait of Hormuz", "Israel", "Gaza", "Gaza Strip",
    "West Bank", "Jerusalem", "Rafah", "Lebanon", "Beirut", "Syria", "Damascus", "Georgia",
    "Tbilisi", "Atlanta", "Donbas", "Crimea", "Black Sea", "Red Sea", "Yemen", "Sanaa",
    "Sudan", "Khartoum", "Darfur", "Sahel", "Mali", "Niger", "Nigeria", "Abuja", "Somalia",
    "Mogadishu", "Afghanistan", "Kabul", "Balochistan", "Baluchistan", "Punjab", "Lahore",
    "Karachi", "Mumbai", "Bombay", "Europe", "Brussels", "London", "Paris", "Berlin",
    "St. Petersburg", "Bogotá", "Caracas", "Venezuela", "Mexico City", "Ottawa", "Canberra",
    "Tokyo", "Seoul", "Pyongyang", "North Korea", "South China Sea", "Manila", "Jakarta",
)  # fmt: skip
MISSES = (
    "said", "Thursday", "Minister", "President", "the government", "talks", "Reuters",
    "Ministry of External Affairs", "spokesperson", "parliament", "NATO", "Hamas", "BJP",
)  # fmt: skip


def _file_names(path: Path, count: int) -> list[str]:
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = db.execute(
            "SELECT e.name FROM entries e WHERE e.population > 0 ORDER BY e.geonameid"
        ).fetchall()
    finally:
        db.close()
    rng = random.Random(7)
    return [str(name) for (name,) in rng.sample(rows, min(count, len(rows)))]


def _build(path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    command = [sys.executable, "-m", "polevent", "gazetteer", "build", "--out", str(path)]
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started, path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gazetteer", type=Path)
    parser.add_argument("--lookups", type=int, default=200_000)
    parser.add_argument("--build", action="store_true", help="build a fresh file first")
    args = parser.parse_args()
    path = args.gazetteer or default_gazetteer_path()
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as scratch:
        if args.build or not path.is_file():
            path = path if not args.build else Path(scratch) / "gazetteer.sqlite"
            seconds, size = _build(path)
            rows += [("build (s)", f"{seconds:.1f}"), ("file size (MB)", f"{size / 1e6:.1f}")]
        rows += _measure(path, args.lookups)
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


def _measure(path: Path, lookups: int) -> list[tuple[str, str]]:
    mix = [*NEWS, *MISSES, *_file_names(path, 5_000)]
    distinct = sorted(set(mix))
    gazetteer = open_gazetteer(path)
    started = time.perf_counter()
    found = sum(bool(gazetteer.lookup(name)) for name in distinct)
    cold = len(distinct) / (time.perf_counter() - started)
    rng = random.Random(11)
    queries = [rng.choice(mix) for _ in range(lookups)]
    started = time.perf_counter()
    for name in queries:
        gazetteer.lookup(name)
    warm = len(queries) / (time.perf_counter() - started)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return [
        ("names in the mix", f"{len(distinct):,} distinct ({found:,} found)"),
        ("cold lookups/s", f"{cold:,.0f}"),
        ("warm lookups/s", f"{warm:,.0f} over {len(queries):,} lookups"),
        ("target lookups/s", ">= 20,000"),
        ("peak RSS (MB)", f"{rss:.0f} (target <= 300)"),
    ]


if __name__ == "__main__":
    main()
