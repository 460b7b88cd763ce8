"""The actor knowledge base: dated actor names, agent nouns and CAMEO countries, as typed rows.

The rows come from polevent's own data files (``polevent/data/*.tsv``, built by
``scripts/build_actors.py`` from the Phoenix/PETRARCH dictionaries, plus the hand-written
``curated_actors.tsv``). Every file is schema-checked on load: a bad row raises
``DataFileError("E301", ..., path=<file>, line=<n>)``.

The parsers (``parse_actor_lines``, ``parse_agent_lines``, ``parse_country_lines``) are pure
functions over lines; the loaders (``load_actors`` ...) read the packaged files once (cached).

Actor rows follow PETRARCH's date rules: a row applies on day ``d`` when
``valid_from <= d <= valid_to`` (both ends inclusive, ``None`` = open); a ``fallback`` row (the
undated code of an actor that also has dated codes) applies only when none of that actor's dated
rows does. ``ActorIndex.lookup`` returns the longest name that has a row valid on the day.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from polevent.datafiles import data_rows
from polevent.errors import DataFileError

__all__ = [
    "ACTOR_KINDS",
    "NULL_CODE",
    "ActorEntry",
    "ActorIndex",
    "AgentEntry",
    "AgentIndex",
    "CountryEntry",
    "build_actor_index",
    "build_agent_index",
    "iso_codes",
    "load_actor_index",
    "load_actors",
    "load_agents",
    "load_countries",
    "merge_curated",
    "parse_actor_lines",
    "parse_agent_lines",
    "parse_country_lines",
    "parse_day",
    "select_valid",
    "split_actor_code",
    "stored_word",
]

ACTOR_KINDS = frozenset(
    {"country", "demonym", "capital", "place", "person", "organisation", "group"}
)
AGENT_POSITIONS = frozenset({"after", "before"})
POSSESSIVES = frozenset({"'s", "\u2019s"})
NULL_CODE = "---"  # a known name that must not be coded (e.g. "Indian Ocean" blocks "Indian")

ACTOR_COLUMNS = ("words", "code", "valid_from", "valid_to", "fallback", "kb_id", "kind", "source")
CURATED_COLUMNS = (*ACTOR_COLUMNS, "note")
AGENT_COLUMNS = ("words", "code", "position", "source")
COUNTRY_COLUMNS = ("code", "iso3", "name", "cow")

# CAMEO role codes that can fill the "primary sector" slot of an actor code.
ROLE_CODES = frozenset(
    (  # noqa: SIM905
        "AGR BUS COP CRM CVL DEV EDU ELI ENV GOV HLH HRI INS JUD LAB LEG MED MIL MOD OPP PTY "
        "RAD REB REF SEP SPY UAF"
    ).split()
)
# Codes that open a non-state actor code: IGOUNO, NGOUSA..., MNCNLD, IMGMUSALQ.
TRANSNATIONAL = frozenset({"IGO", "NGO", "NGM", "MNC", "IMG", "UIS"})
# CAMEO region codes that can sit between IGO and the organisation: IGOWSTNAT, IGOEUREEC.
REGION_CODES = frozenset(
    (  # noqa: SIM905
        "AFR ASA BLK CAS CAU CFR CRB EAF EEU EIN EUR LAM MDT MEA NAF NMR PGS SAF SAM SAS SEA "
        "WAF WEU WST"
    ).split()
)
# Religion and ethnic codes that can follow NGO/IMG instead of a country: NGOCHRCTH603, IMGMUSALQ.
RELIGION_CODES = frozenset(
    (  # noqa: SIM905
        "ALE ATH BAH BUD CHR CON CTH DOX DRZ HIN ITR JAN JEW MOS MUS ORT PRO SFI SHI SHN SIK "
        "SUN TAO UDS ZRO"
    ).split()
)
# What may follow NGO/IMG instead of a country; what may fill the sector slot after a country.
_NOT_A_COUNTRY = RELIGION_CODES | ROLE_CODES
_SECTOR_CODES = ROLE_CODES | TRANSNATIONAL

_ACTOR_CODE = re.compile(r"(?:[A-Z0-9]{3})+|---")
_AGENT_CODE = re.compile(r"[A-Z]{3}(?:[A-Z0-9]{3})*")
_COUNTRY_CODE = re.compile(r"[A-Z]{3}(?:[A-Z]{3})?")
_ISO3 = re.compile(r"[A-Z]{3}")
_KB_ID = re.compile(r"\S+")
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorEntry:
    """One actor name variant with one code and the dates it holds for.

    ``words`` are lower-case spaCy tokens (``("new", "delhi")``; the possessive ``'s`` is stored
    as ``s``). ``kind`` is one of ``ACTOR_KINDS``; ``source`` names the file and line the row was
    built from (``Phoenix.Countries.actors.txt:21217``) or ``curated``.
    """

    words: tuple[str, ...]
    code: str
    valid_from: date | None
    valid_to: date | None
    fallback: bool
    kb_id: str
    kind: str
    source: str

    def covers(self, day: date) -> bool:
        """True when ``day`` lies inside this row's date range (ignores ``fallback``)."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class AgentEntry:
    """An agent noun (``("foreign", "minister")`` -> ``GOV``).

    ``position`` says where the agent code goes relative to an actor's code: ``after``
    (PETRARCH ``[~GOV]``: Indian + minister -> ``INDGOV``) or ``before`` (``[IGO~]``).
    """

    words: tuple[str, ...]
    code: str
    position: str
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CountryEntry:
    """A CAMEO country (or dependent-territory) code with its ISO-3, English name and COW code."""

    code: str
    iso3: str | None
    name: str
    cow: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorIndex:
    """Actor names by first word; each first word maps to ``(words, rows)`` pairs, longest first."""

    by_first: Mapping[str, tuple[tuple[tuple[str, ...], tuple[ActorEntry, ...]], ...]]
    # The same names per first word as (name lengths, longest first; rows by name): ``lookup``
    # tries each length once instead of comparing every name that shares the first word.
    _by_size: Mapping[
        str, tuple[tuple[int, ...], Mapping[tuple[str, ...], tuple[ActorEntry, ...]]]
    ] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_size = {
            first: (tuple(sorted({len(n) for n, _ in names}, reverse=True)), dict(names))
            for first, names in self.by_first.items()
        }
        object.__setattr__(self, "_by_size", by_size)

    def rows(self, words: Sequence[str]) -> tuple[ActorEntry, ...]:
        """Every row of exactly this name (all dates), ``()`` for an unknown name."""
        key = tuple(word.lower() for word in words)
        for name, rows in self.by_first.get(key[0], ()) if key else ():
            if name == key:
                return rows
        return ()

    def lookup(self, words: Sequence[str], *, on: date | None) -> list[ActorEntry]:
        """Rows of the longest name starting ``words`` that has a row valid ``on`` that day.

        ``words`` are compared lower-cased. One row is returned per ``kb_id`` (see
        ``select_valid``). A name with no row valid that day gives way to a shorter name
        ("hafizullah amin" in 2025 -> whatever "hafizullah" alone is); an empty list means no
        known name starts here. With ``on=None`` (story date unknown) the current rows are
        preferred: rows with no end date, else the fallback row.
        """
        if not words:
            return []
        names = self._by_size.get(words[0].lower())
        if not names:  # most words start no name: skip lower-casing the rest
            return []
        sizes, rows_of = names
        key = tuple(word.lower() for word in words[: sizes[0]])
        for size in sizes:
            rows = rows_of.get(key[:size]) if size <= len(key) else None
            if rows is not None:
                chosen = select_valid(rows, on=on)
                if chosen:
                    return chosen
        return []


@dataclass(frozen=True, slots=True)
class AgentIndex:
    """Agent nouns (minister, army, police ...) by first word, longest first."""

    by_first: dict[str, tuple[AgentEntry, ...]]
    # Per first word: the entries' lengths, longest first, and the first entry of each word
    # sequence, so that ``match`` tries each length once instead of every entry.
    _by_words: Mapping[str, tuple[tuple[int, ...], Mapping[tuple[str, ...], AgentEntry]]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        by_words: dict[str, tuple[tuple[int, ...], dict[tuple[str, ...], AgentEntry]]] = {}
        for first, entries in self.by_first.items():
            firsts: dict[tuple[str, ...], AgentEntry] = {}
            for entry in entries:
                firsts.setdefault(entry.words, entry)
            by_words[first] = (tuple(sorted({len(w) for w in firsts}, reverse=True)), firsts)
        object.__setattr__(self, "_by_words", by_words)

    def match(self, words: Sequence[str]) -> AgentEntry | None:
        """The longest agent entry whose words start ``words``, if any."""
        if not words:
            return None
        sizes, entries = self._by_words.get(words[0], ((), {}))
        for size in sizes:
            entry = entries.get(tuple(words[:size])) if size <= len(words) else None
            if entry is not None:
                return entry
        return None


def build_agent_index(entries: Iterable[AgentEntry]) -> AgentIndex:
    """Index agent entries by their first word, longest entries first."""
    grouped: dict[str, list[AgentEntry]] = {}
    for entry in entries:
        grouped.setdefault(entry.words[0], []).append(entry)
    return AgentIndex(
        by_first={k: tuple(sorted(v, key=lambda e: -len(e.words))) for k, v in grouped.items()}
    )


def build_actor_index(entries: Iterable[ActorEntry]) -> ActorIndex:
    """Group rows by name and index the names by first word, longest names first."""
    by_words: dict[tuple[str, ...], list[ActorEntry]] = {}
    for entry in entries:
        by_words.setdefault(entry.words, []).append(entry)
    by_first: dict[str, list[tuple[tuple[str, ...], tuple[ActorEntry, ...]]]] = {}
    for words, rows in by_words.items():
        by_first.setdefault(words[0], []).append((words, tuple(rows)))
    return ActorIndex(
        by_first=MappingProxyType(
            {
                first: tuple(sorted(names, key=lambda pair: -len(pair[0])))
                for first, names in by_first.items()
            }
        )
    )


def select_valid(rows: Sequence[ActorEntry], *, on: date | None) -> list[ActorEntry]:
    """For each ``kb_id`` among ``rows``, the one row that applies ``on`` that day (if any).

    PETRARCH's rule: the first dated (or undated, non-fallback) row covering the day wins; the
    fallback row applies only when none does. With ``on=None`` the open-ended row with the
    latest start wins, else the dated row that ended last, else the fallback row.
    """
    by_kb: dict[str, list[ActorEntry]] = {}
    for row in rows:
        by_kb.setdefault(row.kb_id, []).append(row)
    chosen: list[ActorEntry] = []
    for group in by_kb.values():
        if on is None:
            # Story date unknown: the current row, else the most recent one (a past office
            # holder is still best described by the last office they held).
            live = [r for r in group if not r.fallback]
            current = [r for r in live if r.valid_to is None] or live
            # ...and an office (GOV, MIL...) over "elite" (ELI = out of office) between them.
            key = lambda r: (  # noqa: E731
                not r.code.endswith("ELI"),
                r.valid_to or date.max,
                r.valid_from or date.min,
            )
            dated = [max(current, key=key)] if current else []
        else:
            dated = [r for r in group if not r.fallback and r.covers(on)]
        picked = dated or [r for r in group if r.fallback]
        if picked:
            chosen.append(picked[0])
    return chosen


def split_actor_code(code: str) -> tuple[str | None, str | None]:
    """``(country, primary sector)`` of a CAMEO actor code.

    ``INDGOV`` -> ``("IND", "GOV")``; ``USAGOVMIL`` -> ``("USA", "GOV")``; ``IND`` ->
    ``("IND", None)``. International organisations put the organisation in the country slot and
    ``IGO`` in the sector slot, as ``ActorRef`` does: ``IGOUNO`` -> ``("UNO", "IGO")``,
    ``IGOWSTNAT`` -> ``("NAT", "IGO")`` (a region code after IGO is skipped). NGOs, companies
    and militant groups keep their country if one follows: ``MNCNLD`` -> ``("NLD", "MNC")``,
    ``IMGMUSALQ`` -> ``(None, "IMG")``. A bare role (``ELI``) -> ``(None, "ELI")``; ``---`` ->
    ``(None, None)``. CAMEO region codes (``AFR``, ``MEA``) stay in the country slot.
    """
    parts = [code[i : i + 3] for i in range(0, len(code) - len(code) % 3, 3)]
    if not parts or code == NULL_CODE:
        return None, None
    head, rest = parts[0], parts[1:]
    if head == "IGO":
        if len(rest) >= 2 and rest[0] in REGION_CODES:
            return rest[1], "IGO"
        return (rest[0] if rest else None), "IGO"
    if head in TRANSNATIONAL:
        country = rest[0] if rest and rest[0] not in _NOT_A_COUNTRY else None
        return country, head
    if head in ROLE_CODES:
        return None, head
    sector = next((part for part in rest if part in _SECTOR_CODES), None)
    return head, sector


# ---------------------------------------------------------------------------------- parsing


def _rows(
    lines: Iterable[str], *, path: str, columns: tuple[str, ...]
) -> Iterator[tuple[int, list[str]]]:
    """``(line number, cells)`` of each data row (see ``polevent.datafiles``)."""
    return data_rows(lines, path=path, columns=columns)


def _words(cell: str) -> tuple[str, ...]:
    words = tuple(cell.split(" "))
    if not cell or "" in words or cell != cell.lower():
        raise ValueError(f"words must be lower-case tokens joined by single spaces: {cell!r}")
    return words


def stored_word(lower: str) -> str:
    """A lower-case word as actor names store it: the possessive ``'s`` becomes ``s``."""
    return "s" if lower in POSSESSIVES else lower


def parse_day(cell: str) -> date | None:
    """A data file's date cell: ``YYYY-MM-DD`` or empty; anything else raises ValueError."""
    if not cell:
        return None
    try:
        return date.fromisoformat(cell)
    except ValueError as e:
        raise ValueError(f"bad date {cell!r} (want YYYY-MM-DD or empty)") from e


def _match(pattern: re.Pattern[str], cell: str, what: str) -> str:
    if not pattern.fullmatch(cell):
        raise ValueError(f"bad {what} {cell!r}")
    return cell


def _actor(cells: list[str]) -> ActorEntry:
    words, code, start, end, fallback, kb_id, kind, source = cells[:8]
    if fallback not in {"0", "1"}:
        raise ValueError(f"fallback must be 0 or 1, got {fallback!r}")
    if kind not in ACTOR_KINDS:
        raise ValueError(f"kind {kind!r} not one of {', '.join(sorted(ACTOR_KINDS))}")
    if not source.strip():
        raise ValueError("empty source")
    entry = ActorEntry(
        words=_words(words),
        code=_match(_ACTOR_CODE, code, "actor code"),
        valid_from=parse_day(start),
        valid_to=parse_day(end),
        fallback=fallback == "1",
        kb_id=_match(_KB_ID, kb_id, "kb_id"),
        kind=kind,
        source=source,
    )
    if entry.fallback and (entry.valid_from or entry.valid_to):
        raise ValueError("a fallback row cannot have dates")
    if entry.valid_from and entry.valid_to and entry.valid_from > entry.valid_to:
        raise ValueError(f"valid_from {start} is after valid_to {end}")
    return entry


def parse_actor_lines(
    lines: Iterable[str], *, path: str, curated: bool = False
) -> tuple[ActorEntry, ...]:
    """Parse ``actors.tsv`` (or, with ``curated=True``, ``curated_actors.tsv``: one more
    column, ``note``, which must say where the fact and its dates come from)."""
    columns = CURATED_COLUMNS if curated else ACTOR_COLUMNS
    entries: list[ActorEntry] = []
    for number, cells in _rows(lines, path=path, columns=columns):
        try:
            if curated and not cells[-1].strip():
                raise ValueError("curated row without a note")
            entry = _actor(cells)
            if curated:  # the row and what its note says the name is on those dates
                fact = cells[-1].split(";")[0].split(" (source")[0].strip()
                entry = replace(entry, source=f"{Path(path).name}:{number}: {fact}")
            entries.append(entry)
        except ValueError as e:
            raise DataFileError("E301", str(e), path=path, line=number) from e
    return tuple(entries)


def parse_agent_lines(lines: Iterable[str], *, path: str) -> tuple[AgentEntry, ...]:
    """Parse ``agents.tsv``: words, code (no ``~``), position (after/before), source."""
    entries: list[AgentEntry] = []
    for number, (words, code, position, source) in _rows(lines, path=path, columns=AGENT_COLUMNS):
        try:
            if position not in AGENT_POSITIONS:
                raise ValueError(f"position must be 'after' or 'before', got {position!r}")
            if not source.strip():
                raise ValueError("empty source")
            entries.append(
                AgentEntry(
                    words=_words(words),
                    code=_match(_AGENT_CODE, code, "agent code"),
                    position=position,
                    source=source,
                )
            )
        except ValueError as e:
            raise DataFileError("E301", str(e), path=path, line=number) from e
    return tuple(entries)


def parse_country_lines(lines: Iterable[str], *, path: str) -> Mapping[str, CountryEntry]:
    """Parse ``countries.tsv`` into a read-only mapping keyed by CAMEO code (unique)."""
    countries: dict[str, CountryEntry] = {}
    for number, (code, iso3, name, cow) in _rows(lines, path=path, columns=COUNTRY_COLUMNS):
        try:
            if code in countries:
                raise ValueError(f"duplicate country code {code!r}")
            if not name.strip():
                raise ValueError("empty country name")
            if cow and not cow.isdigit():
                raise ValueError(f"bad COW code {cow!r}")
            countries[code] = CountryEntry(
                code=_match(_COUNTRY_CODE, code, "CAMEO country code"),
                iso3=_match(_ISO3, iso3, "ISO-3 code") if iso3 else None,
                name=name,
                cow=cow or None,
            )
        except ValueError as e:
            raise DataFileError("E301", str(e), path=path, line=number) from e
    return MappingProxyType(countries)


def merge_curated(
    base: Sequence[ActorEntry], curated: Sequence[ActorEntry]
) -> tuple[ActorEntry, ...]:
    """Let the curated rows override the generated ones.

    For every ``kb_id`` that has curated rows, its generated rows are dropped and each of its
    generated name variants gets the curated date ranges instead (so "Mr. Obama" follows the
    curated dates of "Barack Obama"). Generated rows whose words equal a curated name are
    dropped too, whatever their ``kb_id``.
    """
    curated_ids = {row.kb_id for row in curated}
    curated_words = {row.words for row in curated}
    ranges: dict[str, dict[tuple[str, date | None, date | None, bool], ActorEntry]] = {}
    for row in curated:
        key = (row.code, row.valid_from, row.valid_to, row.fallback)
        ranges.setdefault(row.kb_id, {}).setdefault(key, row)
    kept: list[ActorEntry] = []
    inherited: list[ActorEntry] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for row in base:
        if row.words in curated_words:
            continue
        if row.kb_id not in curated_ids:
            kept.append(row)
        elif (row.kb_id, row.words) not in seen:
            seen.add((row.kb_id, row.words))
            source = f"curated (name from {row.source})"
            inherited += [
                replace(tmpl, words=row.words, source=source) for tmpl in ranges[row.kb_id].values()
            ]
    return (*kept, *curated, *inherited)


# ---------------------------------------------------------------------------------- loading


def _read(name: str) -> tuple[str, list[str]]:
    """The packaged data file ``name``: its path (for messages) and its lines."""
    item = resources.files("polevent").joinpath("data", name)
    try:
        return str(item), item.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise DataFileError("E301", f"cannot read {name}: {e}", path=str(item)) from e


def _load(name: str, parse: Callable[..., _T], **options: bool) -> _T:
    path, lines = _read(name)
    return parse(lines, path=path, **options)


@functools.cache
def load_actors() -> tuple[ActorEntry, ...]:
    """All actor rows: ``actors.tsv``, the officeholders merged over it, and
    ``curated_actors.tsv`` merged over both."""
    from polevent.coding.officeholders import load_office_entries  # it builds on this module

    base = _load("actors.tsv", parse_actor_lines)
    curated = _load("curated_actors.tsv", parse_actor_lines, curated=True)
    return merge_curated(merge_curated(base, load_office_entries()), curated)


@functools.cache
def iso_codes() -> Mapping[str, str]:
    """CAMEO country codes whose ISO-3 code differs (TMP -> TLS), for ``ActorRef.country``."""
    return MappingProxyType(
        {
            code: entry.iso3
            for code, entry in load_countries().items()
            if entry.iso3 and len(code) == 3 and entry.iso3 != code
        }
    )


@functools.cache
def load_actor_index() -> ActorIndex:
    """``build_actor_index(load_actors())``, built once."""
    return build_actor_index(load_actors())


@functools.cache
def load_agents() -> tuple[AgentEntry, ...]:
    """Agent rows from ``agents_extra.tsv`` (polevent's own) then ``agents.tsv`` (plurals included).

    Lookups take the first row for the same words, so polevent's rows win.
    """
    return _load("agents_extra.tsv", parse_agent_lines) + _load("agents.tsv", parse_agent_lines)


@functools.cache
def load_countries() -> Mapping[str, CountryEntry]:
    """CAMEO countries from ``countries.tsv``, keyed by CAMEO code."""
    return _load("countries.tsv", parse_country_lines)
