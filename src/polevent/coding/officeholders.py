"""Heads of state and government, foreign and defence ministers, with the dates they held office.

The files in ``data/officeholders/*.tsv`` (hand-written, MIT, one row per person x office x term,
see ``data/README.md``) are turned into dated actor rows: a person is ``<country>GOV`` while in
office and ``<country>ELI`` (a political figure of that country) on any other date. They sit
between the generated Phoenix rows, which they override, and ``curated_actors.tsv``, which
overrides them.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from polevent.coding.kb import ActorEntry, load_countries, parse_day, stored_word
from polevent.datafiles import data_rows
from polevent.errors import DataFileError

__all__ = [
    "OFFICE_COLUMNS",
    "ROLES",
    "Office",
    "check_offices",
    "load_office_entries",
    "load_offices",
    "name_tokenizer",
    "office_entries",
    "parse_office_lines",
    "read_office_files",
    "user_entries",
]

OFFICE_COLUMNS = ("country", "role", "name", "aliases", "valid_from", "valid_to", "note")
ROLES: Mapping[str, str] = {
    "HOS": "head of state",
    "HOG": "head of government",
    "FM": "foreign minister",
    "DM": "defence minister",
}
OFFICE_DIR = "officeholders"
# ISO-3 codes whose CAMEO code differs and that countries.tsv cannot map (Kosovo has no ISO-3).
ISO_EXTRA: Mapping[str, str] = {"XKX": "KSV"}
IN_OFFICE = "GOV"
OUT_OF_OFFICE = "ELI"
_ISO3 = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Office:
    """One term of one person in one office; ``valid_to`` ``None`` = still in office."""

    country: str  # ISO-3
    role: str  # a key of ROLES
    name: str
    aliases: tuple[str, ...]
    valid_from: date
    valid_to: date | None
    note: str
    source: str  # file:line

    @property
    def title(self) -> str:
        return f"{self.country} {ROLES[self.role]}"


def _office(cells: Sequence[str], source: str) -> Office:
    country, role, name, aliases, start, end, note = (c.strip() for c in cells)
    if not _ISO3.fullmatch(country):
        raise ValueError(f"country must be an ISO-3 code, got {country!r}")
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, got {role!r}")
    if not name or not note:
        raise ValueError("name and note must not be empty")
    valid_from, valid_to = parse_day(start), parse_day(end)
    if valid_from is None:
        raise ValueError("valid_from is required")
    if valid_to is not None and valid_to < valid_from:
        raise ValueError(f"valid_from {valid_from} is after valid_to {valid_to}")
    names = tuple(a.strip() for a in aliases.split("|") if a.strip())
    return Office(
        country=country,
        role=role,
        name=name,
        aliases=names,
        valid_from=valid_from,
        valid_to=valid_to,
        note=note,
        source=source,
    )


def parse_office_lines(lines: Iterable[str], *, path: str) -> tuple[Office, ...]:
    """One officeholders file -> its terms; a bad row raises E301 with its line."""
    offices: list[Office] = []
    name = path.rsplit("/", 2)
    label = "/".join(name[-2:])
    for number, cells in data_rows(lines, path=path, columns=OFFICE_COLUMNS):
        try:
            offices.append(_office(cells, f"{label}:{number}"))
        except ValueError as e:
            raise DataFileError("E301", str(e), path=path, line=number) from e
    return tuple(offices)


def check_offices(offices: Sequence[Office]) -> list[str]:
    """Problems a reviewer should look at: terms of one office that overlap by more than a day
    (an overlap a row's note mentions, such as an acting president next to a suspended one, is
    not a problem)."""
    problems: list[str] = []
    by_office: dict[tuple[str, str], list[Office]] = {}
    for office in offices:
        by_office.setdefault((office.country, office.role), []).append(office)
    for terms in by_office.values():
        ordered = sorted(terms, key=lambda o: o.valid_from)
        for before, after in itertools.pairwise(ordered):
            end = before.valid_to or date.max
            noted = "overlap" in before.note.lower() or "overlap" in after.note.lower()
            if (end - after.valid_from).days > 1 and before.name != after.name and not noted:
                problems.append(
                    f"{before.source} {before.name} and {after.source} {after.name} overlap "
                    f"as {before.title}"
                )
    return problems


def _plain(name: str) -> str:
    """``name`` without diacritics ("Erdoğan" -> "Erdogan")."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def _slug(name: str) -> str:
    return "office:" + "_".join(re.findall(r"[a-z0-9]+", _plain(name).lower()))


def _variants(office: Office) -> list[str]:
    """The name, its aliases, and their forms without diacritics."""
    names = [office.name, *office.aliases]
    return list(dict.fromkeys(names + [_plain(n) for n in names]))


def office_entries(
    offices: Sequence[Office],
    *,
    tokenize: Callable[[str], tuple[str, ...]],
    countries: Mapping[str, str],
) -> tuple[ActorEntry, ...]:
    """Actor rows for ``offices``: each name variant is ``<C>GOV`` over each term and ``<C>ELI``
    as the undated fallback. ``countries`` maps ISO-3 to the CAMEO country code."""
    entries: dict[tuple[tuple[str, ...], str, date | None, date | None, bool], ActorEntry] = {}
    for office in offices:
        code = countries.get(office.country, office.country)
        kb_id = _slug(office.name)
        for name in _variants(office):
            words = tokenize(name)
            term = (words, code + IN_OFFICE, office.valid_from, office.valid_to, False)
            rest = (words, code + OUT_OF_OFFICE, None, None, True)
            for key in (term, rest):
                entries.setdefault(
                    key,
                    ActorEntry(
                        words=words,
                        code=key[1],
                        valid_from=key[2],
                        valid_to=key[3],
                        fallback=key[4],
                        kb_id=kb_id,
                        kind="person",
                        source=f"{office.source}: {ROLES[office.role]}",
                    ),
                )
    return tuple(entries.values())


@functools.cache
def name_tokenizer() -> Callable[[str], tuple[str, ...]]:
    """Names as the actor files store them: spaCy's English tokens, lower-cased."""
    import spacy

    tokenizer = spacy.blank("en").tokenizer

    def tokenize(name: str) -> tuple[str, ...]:
        # the possessive is stored as "s", as the coder reads it ("People's" -> "people s")
        return tuple(stored_word(t.lower_) for t in tokenizer(name) if not t.is_space)

    return tokenize


def _iso_to_cameo() -> Mapping[str, str]:
    table = {c.iso3: c.code for c in load_countries().values() if c.iso3}
    return {**table, **ISO_EXTRA}


@functools.cache
def load_offices() -> tuple[Office, ...]:
    """Every packaged officeholders file, in file-name order."""
    folder = resources.files("polevent").joinpath("data", OFFICE_DIR)
    offices: list[Office] = []
    if not folder.is_dir():
        return ()
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if item.name.endswith(".tsv"):
            lines = item.read_text(encoding="utf-8").splitlines()
            offices += parse_office_lines(lines, path=str(item))
    return tuple(offices)


def read_office_files(paths: Sequence[str]) -> tuple[Office, ...]:
    """The user's own officeholder files; an unreadable file raises E301 naming it."""
    offices: list[Office] = []
    for path in paths:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as e:
            raise DataFileError("E301", f"cannot read actor file: {e}", path=path) from e
        offices += parse_office_lines(lines, path=path)
    return tuple(offices)


def user_entries(offices: Sequence[Office]) -> tuple[ActorEntry, ...]:
    """``office_entries`` with the packaged tokenizer and country table."""
    return office_entries(offices, tokenize=name_tokenizer(), countries=_iso_to_cameo())


@functools.cache
def load_office_entries() -> tuple[ActorEntry, ...]:
    """``office_entries`` of the packaged files (built once)."""
    return office_entries(load_offices(), tokenize=name_tokenizer(), countries=_iso_to_cameo())
