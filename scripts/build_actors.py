"""Build polevent's actor knowledge base from the Phoenix (PETRARCH) dictionaries.

Run from the repository root::

    .venv/bin/python scripts/build_actors.py               # reads /work/shared/data
    .venv/bin/python scripts/build_actors.py --shared DIR --out src/polevent/data

Inputs (read-only; the package never reads them at run time), all MIT licensed:

* ``petrarch-validation/phoenix_dictionaries/``: ``Phoenix.Countries.actors.txt.gz``,
  ``Phoenix.International.actors.txt.gz``, ``Phoenix.MilNonState.actors.txt.gz`` and
  ``Phoenix.agents.txt.gz`` (petrarch2 @676801cd, (c) 2014 Open Event Data Alliance)
* ``cameo-codebooks/countrynames.txt`` (text_to_CAMEO @6d7b3abe, (c) 2014 Philip Schrodt)
* ``actor_tables.py`` next to this script: capitals, demonyms, current short names and word
  lists, written by hand for polevent.

Outputs (committed): ``actors.tsv``, ``agents.tsv``, ``countries.tsv``. ``curated_actors.tsv`` is
hand-written; this script only checks that its ``phoenix:`` ids exist. The rules are documented in
``src/polevent/data/README.md`` ("Actors").
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from actor_tables import (
    BLOCK_NAMES,
    BRACKET_FIXES,
    CODE_FIXES,
    COUNTRIES,
    DATE_FIXES,
    GENERIC_WORDS,
    ISO3_EXCEPTIONS,
    MNS_PERSONS,
    NO_PLURAL,
    ORG_WORDS,
    PLACE_WORDS,
    PREFERRED_NAMES,
)

from polevent.evaluate.toy_dictionaries import agent_forms

SHARED = Path("/work/shared/data")
OUT = Path(__file__).resolve().parent.parent / "src" / "polevent" / "data"
PHOENIX = "petrarch-validation/phoenix_dictionaries"
ACTOR_FILES = ("Countries", "International", "MilNonState")
COUNTRYNAMES = "cameo-codebooks/countrynames.txt"
ACTOR_COLUMNS = "words\tcode\tvalid_from\tvalid_to\tfallback\tkb_id\tkind\tsource"
PROVENANCE = (
    "Phoenix.*.actors.txt and Phoenix.agents.txt: github.com/openeventdata/petrarch2 "
    "petrarch2/data/dictionaries @676801cd9cb2924bbbad09f86d15c9323e7097bf, "
    "MIT License (c) 2014 Open Event Data Alliance"
)
COUNTRYNAMES_PROVENANCE = (
    "countrynames.txt: github.com/openeventdata/text_to_CAMEO "
    "@6d7b3abebe2585bcbe48053987382d2af1865caf, MIT License (c) 2014 Philip Schrodt"
)

BRACKET = re.compile(r"\[([^\]]*)\]")
AGENT_SPEC = re.compile(r"\s*(~?)\s*([A-Z]{3}(?:[A-Z0-9]{3})*)\s*(~?)")
CODE = re.compile(r"(?:[A-Z0-9]{3})+|---")


@dataclass(frozen=True, slots=True)
class Code:
    """One bracketed code of a Phoenix entry, with its PETRARCH date restriction."""

    code: str
    start: date | None
    end: date | None
    undated: bool


@dataclass(slots=True)
class Block:
    """A Phoenix entry: its name lines (raw name, line number) and its codes."""

    file: str
    names: list[tuple[str, int]] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    note: str = ""


@dataclass(frozen=True, slots=True)
class Row:
    words: str
    code: str
    start: date | None
    end: date | None
    fallback: bool
    kb_id: str
    kind: str
    source: str

    def tsv(self) -> str:
        dates = (_iso(self.start), _iso(self.end), "1" if self.fallback else "0")
        return "\t".join((self.words, self.code, *dates, self.kb_id, self.kind, self.source))


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


# ------------------------------------------------------------------------- Phoenix actor files


def petrarch_date(text: str) -> date:
    """PETRARCH's ``dstr_to_ordate`` rule: more than 7 characters is YYYYMMDD (first 8 used),
    else YYMMDD with YY <= 30 read as 20YY and YY > 30 as 19YY."""
    text = DATE_FIXES.get(text, text)
    if len(text) > 7:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    year = int(text[:2])
    return date(year + (2000 if year <= 30 else 1900), int(text[2:4]), int(text[4:6]))


def parse_code(text: str) -> Code:
    """``INDGOV >20140526`` / ``INDELI 600101-020318`` / ``MLIELI`` -> Code (ValueError if bad).

    ``<D`` holds up to D, ``>D`` from D, ``A-B`` from A to B, all inclusive; a bare date (two
    entries in the source) is read as ``>D``.
    """
    code, _, rest = text.strip().partition(" ")
    rest = rest.strip()
    if not CODE.fullmatch(code):
        raise ValueError(f"bad code {code!r}")
    if not rest:
        return Code(code, None, None, undated=True)
    if rest[0] in "<>" or rest.isdigit():
        digits = re.search(r"\d+", rest)
        if digits is None:
            raise ValueError(f"no date in {text!r}")
        day = petrarch_date(digits.group())
        return Code(code, None, day, False) if rest[0] == "<" else Code(code, day, None, False)
    first, _, second = rest.partition("-")
    start, end = petrarch_date(first.strip()), petrarch_date(second.strip())
    if end < start:
        raise ValueError(f"range ends before it starts: {text!r}")
    return Code(code, start, end, undated=False)


def main_code(block: Block) -> str:
    """The code an entry has now: its open-ended dated code, else its undated one, else the last."""
    current = [c for c in block.codes if c.end is None and not c.undated]
    undated = [c for c in block.codes if c.undated]
    return (current or undated or block.codes[-1:])[0].code


def read_blocks(lines: Iterable[str], file: str, stats: Counter[str]) -> list[Block]:
    """Group a TABARI/PETRARCH .actors file into entries, as PETRARCH's reader does.

    A primary name line starts a new entry unless the current entry has no code yet (then it
    joins it); ``+`` lines are synonyms; codes come inline or on indented lines.
    """
    blocks: list[Block] = []
    current: Block | None = None
    for number, raw in enumerate(lines, start=1):
        text, _, comment = raw.rstrip("\n").partition("#")
        if not text.strip():
            continue
        name_part = text.split("[", 1)[0].strip()
        if name_part:
            if current is None or (not name_part.startswith("+") and current.codes):
                current = Block(file, note=comment.strip())
                blocks.append(current)
            current.names += [(n.strip(), number) for n in name_part.split("+") if n.strip()]
        if current is None:
            continue
        for inside in BRACKET.findall(text):
            try:
                current.codes.append(parse_code(BRACKET_FIXES.get(inside.strip(), inside)))
            except ValueError:
                stats["skipped code (bad date or code)"] += 1
    return blocks


def clean_name(raw: str) -> str:
    """``ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_`` -> ``ADEN ABYAN ISLAMIC ARMY``."""
    return " ".join(re.sub(r"\([^)]*\)", " ", raw).replace("_", " ").split())


class Tokenizer:
    """Words as spaCy's English tokenizer splits them in news casing, lower-cased."""

    def __init__(self) -> None:
        import spacy

        self._tok: Any = spacy.blank("en").tokenizer
        self._cache: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        if name not in self._cache:
            cased = re.sub(
                r"[^\W\d_]+", lambda m: m.group()[0].upper() + m.group()[1:].lower(), name
            )
            words = [t.lower_ for t in self._tok(cased) if not t.is_space]
            self._cache[name] = " ".join("s" if w in {"'s", "\u2019s"} else w for w in words)
        return self._cache[name]


def slug(name: str) -> str:
    """``BAN_KI-MOON_`` -> ``ban_ki_moon`` (ids are built from raw Phoenix names)."""
    return re.sub(r"\W+", "_", clean_name(name).lower()).strip("_") or "x"


# ------------------------------------------------------------------------- countries and kinds


@dataclass(slots=True)
class Country:
    code: str
    capitals: list[str]
    demonyms: list[str]
    names: list[str]


def plural_demonym(word: str) -> str | None:
    last = word.rsplit(maxsplit=1)[-1].lower()
    if last in NO_PLURAL or last.endswith(("ese", "s", "sh", "ch", "que", "ois")):
        return None
    return word + "s"


def read_country_table() -> dict[str, Country]:
    table: dict[str, Country] = {}
    for line in COUNTRIES.strip().splitlines():
        code, capitals, demonyms, names = line.split("|")
        forms = [d for d in demonyms.split(",") if d]
        forms += [p for p in map(plural_demonym, forms) if p]
        table[code] = Country(
            code, [c for c in capitals.split(";") if c], forms, [n for n in names.split(";") if n]
        )
    return table


def name_kind(words: str, country: dict[str, set[str]]) -> str:
    """Kind of one name in a country block: country name, demonym, capital or other place.

    A name is the country's own name when it is a known name of the country (the block's first
    name, countrynames.txt, polevent's table) or has a word spelled like a distinctive word of
    that name (AFGHANESTAN ~ AFGHANISTAN) and no place word (river, province ...); the rest are
    places in the country (cities, provinces, regions), coded with the country by Phoenix.
    """
    if words in country["demonyms"]:
        return "demonym"
    if words in country["capitals"]:
        return "capital"
    if words in country["names"] or words.removeprefix("the ") in country["names"]:
        return "country"
    tokens = words.split()
    if (PLACE_WORDS | {"state"}) & set(tokens) or "-" in tokens:
        return "place"
    similar = any(
        SequenceMatcher(None, token, known).ratio() >= 0.8
        for token in tokens
        for known in country["stems"]
        if len(token) >= 4
    )
    return "country" if similar else "place"


def block_kind(block: Block, words: str, geo: set[str]) -> str:
    """Kind of a non-country entry from its primary name (a documented heuristic)."""
    tokens = {t.rstrip(".") for t in words.split()}
    if block.file == "MilNonState":
        return "person" if slug(block.names[0][0]) in MNS_PERSONS else "group"
    if "CountryInfo" in block.note:
        return "person"
    if tokens & ORG_WORDS or any(c.code.startswith(("MNC", "NGO")) for c in block.codes):
        return "organisation"
    if tokens & PLACE_WORDS:
        return "place"
    if tokens & geo or any(ch.isdigit() for ch in words):
        return "organisation"
    dated = any(not c.undated for c in block.codes)
    return "person" if dated or len(words.split()) >= 2 else "organisation"


# ------------------------------------------------------------------------- building rows


class Builder:
    def __init__(self, shared: Path) -> None:
        self.shared = shared
        self.tok = Tokenizer()
        self.stats: Counter[str] = Counter()
        self.table = read_country_table()
        self.country_names = self._read_countrynames()
        self.rows: list[Row] = []
        self.slugs: Counter[str] = Counter()
        self.keys: set[tuple[str, str, date | None, date | None, bool, str]] = set()
        self.claimed: dict[str, str] = {}

    def _read_countrynames(self) -> list[tuple[str, str, str, int]]:
        """(name, code, cow, line) from countrynames.txt, code typos fixed."""
        path = self.shared / COUNTRYNAMES
        found = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            name, code, cow = [*line.split("\t"), "", ""][:3]
            if code and code != "---":
                found.append((name.strip(), CODE_FIXES.get(code, code), cow.strip(), number))
        return found

    def kb_id(self, name: str) -> str:
        base = slug(name)
        self.slugs[base] += 1
        return f"phoenix:{base}" + (f"-{self.slugs[base]}" if self.slugs[base] > 1 else "")

    def emit(self, names: list[tuple[str, str, str]], codes: list[Code], kb_id: str) -> None:
        """Rows for names (words, kind, source) x codes; the undated code is the fallback."""
        undated = [c for c in codes if c.undated]
        dated = [c for c in codes if not c.undated]
        for words, kind, source in names:
            for code in dated + undated[:1]:
                row = Row(
                    words,
                    code.code,
                    code.start,
                    code.end,
                    code.undated and bool(dated),
                    kb_id,
                    kind,
                    source,
                )
                key = (row.words, row.code, row.start, row.end, row.fallback, row.kb_id)
                if key not in self.keys:
                    self.keys.add(key)
                    self.rows.append(row)

    def country_blocks(self, blocks: list[Block]) -> dict[str, list[Block]]:
        keys = {self.tok(n) for n, *_ in self.country_names}
        keys |= {self.tok(n) for n in BLOCK_NAMES}
        found: dict[str, list[Block]] = {}
        for block in blocks:
            words = self.tok(clean_name(block.names[0][0]))
            if block.codes and words in keys:
                found.setdefault(main_code(block)[:3], []).append(block)
        # the block coded with the bare country code first (territory blocks after it)
        return {k: sorted(v, key=lambda b: main_code(b) != k) for k, v in found.items()}

    def claims(self) -> dict[str, str]:
        """Words that name (or are the demonym of) one country, from the tables: word -> code."""
        claimed = {self.tok(n): c[:3] for n, c, _, _ in self.country_names}
        for entry in self.table.values():
            claimed |= {self.tok(w): entry.code for w in entry.names + entry.demonyms}
        return claimed

    def build_country(self, code: str, blocks: list[Block]) -> None:
        entry = self.table.get(code) or Country(code, [], [], [])
        sets = {
            "demonyms": {self.tok(d) for d in entry.demonyms},
            "capitals": {self.tok(c) for c in entry.capitals},
        }
        primary = {self.tok(clean_name(b.names[0][0])) for b in blocks}
        sets["names"] = primary | {self.tok(n) for n in entry.names}
        sets["names"] |= {self.tok(n) for n, c, _, _ in self.country_names if c == code}
        seen = {w for w, owner in self.claimed.items() if owner != code}  # "samoa" not in USA
        for block in blocks:
            own = self.tok(clean_name(block.names[0][0])).split()
            sets["stems"] = {w for w in own if len(w) >= 4} - GENERIC_WORDS
            cc = main_code(block)  # IND, or a territory's own code (USAGUM)
            for raw, line in block.names:
                w = self.tok(clean_name(raw))
                if not w or w in seen:
                    self.stats["country-block name already taken (dropped)"] += bool(w)
                    continue
                seen.add(w)
                kind = name_kind(w, sets)
                place = f"place:{cc}:{slug(raw)}"
                kb = {"capital": f"capital:{cc}", "place": place}.get(kind, f"country:{cc}")
                self.emit([(w, kind, f"Phoenix.{block.file}.actors.txt:{line}")], block.codes, kb)
        self.add_missing(code, blocks, entry, seen)

    def add_missing(self, code: str, blocks: list[Block], entry: Country, seen: set[str]) -> None:
        """Capitals, demonyms and names from polevent's table that Phoenix lacks."""
        codes = blocks[0].codes if blocks else [Code(code, None, None, True)]
        extra = [(c, "capital", "capitals") for c in entry.capitals]
        extra += [(d, "demonym", "demonyms") for d in entry.demonyms]
        extra += [(n, "country", "names") for n in entry.names]
        if not blocks:
            extra += [
                (n, "country", "countrynames") for n, c, _, _ in self.country_names if c == code
            ]
        for text, kind, table in extra:
            words = self.tok(text)
            if words in seen:
                continue
            seen.add(words)
            kb = f"capital:{code}" if kind == "capital" else f"country:{code}"
            self.emit([(words, kind, f"build_actors.py:{table}")], codes, kb)
            self.stats[f"added {kind} (not in Phoenix)"] += 1

    def build_actors(self) -> None:
        blocks: list[Block] = []
        for name in ACTOR_FILES:
            path = self.shared / PHOENIX / f"Phoenix.{name}.actors.txt.gz"
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                blocks += read_blocks(handle, name, self.stats)
        self.stats["entries with >1 undated code (first kept)"] = sum(
            sum(c.undated for c in b.codes) > 1 for b in blocks
        )
        countries = self.country_blocks(blocks)
        self.claimed = self.claims()
        in_country = {id(b) for group in countries.values() for b in group}
        for code in sorted(set(countries) | set(self.table)):
            self.build_country(code, countries.get(code, []))
        geo = {
            r.words for r in self.rows if r.kind in {"country", "demonym"} and " " not in r.words
        }
        for block in blocks:
            if id(block) in in_country:
                continue
            if not block.codes:
                self.stats["skipped entry without code"] += 1
                continue
            self.build_entry(block, geo)

    def build_entry(self, block: Block, geo: set[str]) -> None:
        primary = self.tok(clean_name(block.names[0][0]))
        kind = block_kind(block, primary, geo)
        names, seen = [], set()
        for raw, line in block.names:
            words = self.tok(clean_name(raw))
            if words and words not in seen:
                seen.add(words)
                names.append((words, kind, f"Phoenix.{block.file}.actors.txt:{line}"))
        self.emit(names, block.codes, self.kb_id(block.names[0][0]))


# ------------------------------------------------------------------------- agents


def read_agents(lines: Iterable[str], tok: Tokenizer, stats: Counter[str]) -> Iterator[str]:
    """TSV lines (words, code, position, source) from a PETRARCH .agents file.

    ``!SET! = A, B`` defines a substitution set (lines using it get no generated plural, as in
    PETRARCH); ``{PLURAL}`` gives the plural (``{}`` = none); otherwise a regular plural is made.
    """
    sets: dict[str, list[str]] = {}
    seen: set[tuple[str, str, str]] = set()
    for number, raw in enumerate(lines, start=1):
        text = raw.partition("#")[0].strip()
        if not text:
            continue
        if "!" in text and "=" in text:
            marker, _, values = text.partition("=")
            sets[marker.strip().strip("!")] = [v.strip() for v in values.split(",") if v.strip()]
            continue
        if "[" not in text:
            stats["agent line without code"] += 1
            continue
        phrase, _, rest = text.partition("[")
        spec = AGENT_SPEC.match(rest)  # tolerant: one line closes with "}" instead of "]"
        if spec is None or not (spec.group(1) or spec.group(3)):
            stats["agent line with a bad code"] += 1
            continue
        code, position = spec.group(2), "after" if spec.group(1) else "before"
        for form in agent_forms(phrase.strip(), sets):
            words = tok(clean_name(form))
            if words and (words, code, position) not in seen:
                seen.add((words, code, position))
                yield f"{words}\t{code}\t{position}\tPhoenix.agents.txt:{number}"


# ------------------------------------------------------------------------- countries.tsv


def country_rows(names: list[tuple[str, str, str, int]]) -> list[str]:
    by_code: dict[str, tuple[str, str]] = {}
    for name, code, cow, _ in names:
        if code not in by_code:
            by_code[code] = (PREFERRED_NAMES.get(code, name), cow)
    rows = []
    for code, (name, cow) in by_code.items():
        iso3 = ISO3_EXCEPTIONS[code] if code in ISO3_EXCEPTIONS else code[-3:]
        cow_code = cow if cow.isdigit() and int(cow) > 0 else ""
        rows.append(f"{code}\t{iso3 or ''}\t{name}\t{cow_code}")
    return rows


# ------------------------------------------------------------------------- main


def write(path: Path, header: list[str], columns: str, lines: Iterable[str]) -> int:
    body = list(dict.fromkeys(lines))
    text = "".join(f"# {h}\n" for h in header) + columns + "\n" + "".join(f"{b}\n" for b in body)
    path.write_text(text, encoding="utf-8")
    return len(body)


def check_curated(out: Path, rows: list[Row], tok: Tokenizer) -> list[str]:
    """Problems in curated_actors.tsv: unknown ``phoenix:`` ids, words not in token form."""
    path = out / "curated_actors.tsv"
    if not path.exists():
        return ["curated_actors.tsv missing"]
    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if x and x[0] != "#"]
    cells = [line.split("\t") for line in lines[1:]]
    ids = {r.kb_id for r in rows}
    problems = [f"curated kb_id {k} not in actors.tsv" for k in sorted({c[5] for c in cells} - ids)]
    problems = [p for p in problems if "phoenix:" in p]
    return problems + [
        f"curated words {c[0]!r} are not tokens ({tok(c[0])!r})" for c in cells if tok(c[0]) != c[0]
    ]


HEADER = "polevent {} (generated by scripts/build_actors.py; do not edit, see README.md)"


def write_tables(builder: Builder, shared: Path, out: Path) -> dict[str, int]:
    """Write actors.tsv, agents.tsv and countries.tsv; returns their row counts."""
    rows = (r.tsv() for r in builder.rows)
    notes = [
        "build_actors.py:* rows: capitals, demonyms and names written for polevent (MIT)",
        "dates inclusive; fallback=1: applies only when no dated row of the same kb_id does",
    ]
    counts = {
        "actors.tsv": write(
            out / "actors.tsv",
            [HEADER.format("actor names"), PROVENANCE, COUNTRYNAMES_PROVENANCE, *notes],
            ACTOR_COLUMNS,
            rows,
        )
    }
    with gzip.open(shared / PHOENIX / "Phoenix.agents.txt.gz", "rt", encoding="utf-8") as handle:
        agents = list(read_agents(handle, builder.tok, builder.stats))
    position = "position: after = PETRARCH [~GOV] (code goes after the actor's), before = [IGO~]"
    counts["agents.tsv"] = write(
        out / "agents.tsv",
        [HEADER.format("agent nouns"), PROVENANCE, position],
        "words\tcode\tposition\tsource",
        agents,
    )
    iso = "iso3 derived (CAMEO code = ISO-3 except TMP/KSV/territories)"
    counts["countries.tsv"] = write(
        out / "countries.tsv",
        [HEADER.format("CAMEO countries"), COUNTRYNAMES_PROVENANCE, iso],
        "code\tiso3\tname\tcow",
        country_rows(builder.country_names),
    )
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    builder = Builder(args.shared)
    builder.build_actors()
    counts = write_tables(builder, args.shared, args.out)
    print("; ".join(f"{name} {n} rows" for name, n in counts.items()))
    print("kinds:", dict(sorted(Counter(r.kind for r in builder.rows).items())))
    print("stats:", dict(sorted(builder.stats.items())))
    for problem in check_curated(args.out, builder.rows, builder.tok):
        print("warning:", problem, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
