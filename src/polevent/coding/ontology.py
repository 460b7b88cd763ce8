"""The event ontology: CAMEO codes, their PLOVER mapping, and the verb dictionary.

All tables are TSV files in ``polevent/data`` (built by ``scripts/build_ontology.py``; sources and
licences in ``data/README.md``), read with :mod:`importlib.resources` and schema-checked on load:
a malformed row raises ``DataFileError("E301", ..., path=<file>, line=<n>)``.

* :func:`load_cameo` -> every CAMEO code (roots, 3- and 4-digit codes) as a :class:`CameoCode`.
* :func:`load_verbs` -> default codes per verb lemma (:class:`VerbEntry`).
* :func:`load_verb_patterns` -> verb patterns per lemma (:class:`VerbPattern`), synsets expanded.
* :func:`load_blocking_patterns` -> PETRARCH's ``[---]`` patterns (phrases that are not events).
* :func:`load_synsets` -> the PETRARCH synonym sets the patterns use.

The ``parse_*`` functions are the pure cores (lines in, records out); the loaders only read the
packaged file and cache the result.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from types import MappingProxyType
from typing import TypeVar

from polevent.datafiles import data_rows
from polevent.errors import DataFileError

__all__ = [
    "DIRECTIONS",
    "EXTRA_PLOVER_TYPES",
    "NULL_CODE",
    "OLD_PLOVER_MODES",
    "OLD_PLOVER_NAMES",
    "PLOVER_TYPES",
    "QUAD_CLASSES",
    "CameoCode",
    "PatternWord",
    "VerbEntry",
    "VerbPattern",
    "load_blocking_patterns",
    "load_cameo",
    "load_synsets",
    "load_verb_patterns",
    "load_verbs",
    "parse_cameo",
    "parse_extra",
    "parse_synsets",
    "parse_verb_patterns",
    "parse_verbs",
]

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
"""The 16 PLOVER event types (PLOVER draft 0.8, 2021)."""

EXTRA_PLOVER_TYPES: tuple[str, ...] = ("STATEMENT",)
"""polevent's extension: CAMEO 01x plain statements, for which PLOVER has no type."""

OLD_PLOVER_NAMES: Mapping[str, str] = MappingProxyType(
    {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}
)
"""Earlier PLOVER type names -> the 2021 type that replaced them."""

OLD_PLOVER_MODES: Mapping[str, str] = MappingProxyType({"INVESTIGATE": "investigate"})
"""The mode an old type name becomes when it was folded into another type."""

QUAD_CLASSES: Mapping[int, str] = MappingProxyType(
    {
        1: "verbal cooperation",
        2: "material cooperation",
        3: "verbal conflict",
        4: "material conflict",
    }
)

NULL_CODE = "---"
"""Code of a pattern that matches but codes nothing (it blocks the verb's default code)."""

DIRECTIONS: tuple[str, ...] = ("forward", "reverse", "both")
"""``forward``: source acts on target; ``reverse``: target acts on source; ``both``: either way."""

CAMEO_FILE = "cameo.tsv"
VERBS_FILE = "verbs.tsv"
PATTERNS_FILE = "verb_patterns.tsv"
SYNSETS_FILE = "synsets.tsv"
EXTRA_FILE = "verbs_extra.tsv"

_CAMEO_COLUMNS = (
    "code",
    "label",
    "root",
    "quad_class",
    "goldstein",
    "goldstein_note",
    "plover_type",
    "plover_mode",
    "plover_context",
    "plover_note",
)
_VERB_COLUMNS = ("lemma", "particle", "code", "direction", "block", "source")
_PATTERN_COLUMNS = ("lemma", "particle", "code", "direction", "before", "after", "block", "source")
_SYNSET_COLUMNS = ("synset", "form", "kind", "source")
_EXTRA_COLUMNS = ("kind", "lemma", "particle", "code", "direction", "before", "after", "comment")

_CODE = re.compile(r"\d{2,4}")
_LEMMA = re.compile(r"[a-z][a-z'-]*")
_PARTICLE = re.compile(r"(?:[a-z][a-z'-]* ?)*")
_WORD = re.compile(r"[a-z0-9][a-z0-9.'-]*")
_FORM = re.compile(r"[a-z0-9][a-z0-9./' -]*")
_SYNSET = re.compile(r"&[A-Z0-9_]+")


@dataclass(frozen=True, slots=True, kw_only=True)
class CameoCode:
    """One CAMEO event code with its quad class, Goldstein score and PLOVER mapping.

    ``root`` is the two-digit root (``"04"``); ``goldstein_note`` says when the score was inherited
    from the parent code; ``plover_note`` says when the PLOVER mapping is polevent's own rule
    (CAMEO 01x/02x, 4-digit codes missing from the crosswalk, crosswalk fixes).
    """

    code: str
    label: str
    root: str
    quad_class: int
    goldstein: float
    plover_type: str
    plover_mode: str | None
    plover_context: tuple[str, ...]
    plover_note: str
    goldstein_note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class VerbEntry:
    """The default event code of a verb (``lemma`` + optional ``particle``: "ask" + "for").

    ``block`` is the PETRARCH verb block (or ``polevent`` for our own rows); ``source`` is
    ``file:line``. ``direction`` is ``forward`` (source acts on target), ``reverse`` (the target
    acts on the source, PETRARCH ``[:code]``) or ``both`` (PETRARCH ``[code:code]``).
    """

    lemma: str
    particle: str | None
    code: str
    block: str
    source: str
    direction: str = "forward"


@dataclass(frozen=True, slots=True, kw_only=True)
class PatternWord:
    """One word position of a pattern: any of ``alternatives`` (lowercase; an alternative may be
    a phrase with spaces, from a synset) matches; ``prefix`` means the token only has to start
    with an alternative.

    Derived on creation, for fast matching: ``phrases`` (each alternative split into words, in
    the order the set iterates), ``firsts`` (their first words, also as the tuple
    ``first_options`` for ``str.startswith``) and ``one_word`` (every alternative is one word)."""

    alternatives: frozenset[str]
    prefix: bool = False
    phrases: tuple[tuple[str, ...], ...] = field(init=False, repr=False, compare=False)
    firsts: frozenset[str] = field(init=False, repr=False, compare=False)
    first_options: tuple[str, ...] = field(init=False, repr=False, compare=False)
    one_word: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        phrases = tuple(tuple(alternative.split()) for alternative in self.alternatives)
        firsts = frozenset(parts[0] for parts in phrases if parts)
        one_word = all(parts == (a,) for parts, a in zip(phrases, self.alternatives, strict=True))
        object.__setattr__(self, "phrases", phrases)
        object.__setattr__(self, "firsts", firsts)
        object.__setattr__(self, "first_options", tuple(firsts))
        object.__setattr__(self, "one_word", one_word)


@dataclass(frozen=True, slots=True, kw_only=True)
class VerbPattern:
    """A verb pattern: ``before`` words precede the verb, ``after`` words follow it, in order.

    ``code`` may be :data:`NULL_CODE` (the phrase is not an event: it blocks the default code).
    """

    lemma: str
    particle: str | None
    code: str
    before: tuple[PatternWord, ...]
    after: tuple[PatternWord, ...]
    source: str
    direction: str = "forward"


# ----------------------------------------------------------------------------- TSV reading


def _error(detail: str, path: str, line: int | None = None) -> DataFileError:
    return DataFileError("E301", detail, path=path, line=line)


def _rows(
    lines: Iterable[str], *, columns: Sequence[str], path: str
) -> Iterator[tuple[int, list[str]]]:
    """Data rows as ``(line number, cells)`` (see ``polevent.datafiles``)."""
    return data_rows(lines, path=path, columns=columns)


def _check(ok: bool, detail: str, path: str, line: int) -> None:
    if not ok:
        raise _error(detail, path, line)


def _code(
    value: str, known: Mapping[str, object] | None, path: str, line: int, *, null: bool
) -> str:
    valid = (null and value == NULL_CODE) or (
        _CODE.fullmatch(value) is not None and (known is None or value in known)
    )
    _check(valid, f"unknown event code {value!r}", path, line)
    return value


def _direction(value: str, path: str, line: int) -> str:
    _check(value in DIRECTIONS, f"direction must be one of {DIRECTIONS}, got {value!r}", path, line)
    return value


def _lemma_particle(lemma: str, particle: str, path: str, line: int) -> tuple[str, str | None]:
    _check(_LEMMA.fullmatch(lemma) is not None, f"bad lemma {lemma!r}", path, line)
    _check(_PARTICLE.fullmatch(particle) is not None, f"bad particle {particle!r}", path, line)
    return lemma, particle or None


# ----------------------------------------------------------------------------- CAMEO


def _quad(root: str) -> int:
    number = int(root)
    return 1 if number <= 5 else 2 if number <= 8 else 3 if number <= 13 else 4


def _cameo_row(cells: list[str], path: str, line: int) -> CameoCode:
    code, label, root, quad, score, gnote, ptype, mode, context, pnote = cells
    _check(_CODE.fullmatch(code) is not None, f"bad CAMEO code {code!r}", path, line)
    _check(root == code[:2] and 1 <= int(root) <= 20, f"bad root {root!r} for {code}", path, line)
    _check(quad == str(_quad(root)), f"quad class of root {root} is {_quad(root)}", path, line)
    try:
        goldstein = float(score)
    except ValueError as e:
        raise _error(f"Goldstein score {score!r} is not a number", path, line) from e
    _check(-10.0 <= goldstein <= 10.0, f"Goldstein {goldstein} outside [-10, 10]", path, line)
    known_type = ptype in PLOVER_TYPES or ptype in EXTRA_PLOVER_TYPES
    _check(known_type, f"unknown PLOVER type {ptype!r}", path, line)
    _check(bool(label), "empty label", path, line)
    contexts = tuple(context.split(";")) if context else ()
    _check(all(contexts), f"empty PLOVER context in {context!r}", path, line)
    return CameoCode(
        code=code,
        label=label,
        root=root,
        quad_class=int(quad),
        goldstein=goldstein,
        goldstein_note=gnote,
        plover_type=ptype,
        plover_mode=mode or None,
        plover_context=contexts,
        plover_note=pnote,
    )


def parse_cameo(lines: Iterable[str], *, path: str = CAMEO_FILE) -> dict[str, CameoCode]:
    """Read ``cameo.tsv`` lines into ``{code: CameoCode}``."""
    codes: dict[str, CameoCode] = {}
    for line, cells in _rows(lines, columns=_CAMEO_COLUMNS, path=path):
        entry = _cameo_row(cells, path, line)
        _check(entry.code not in codes, f"duplicate code {entry.code}", path, line)
        codes[entry.code] = entry
    return codes


# ----------------------------------------------------------------------------- verbs


def parse_verbs(
    lines: Iterable[str], *, path: str = VERBS_FILE, known: Mapping[str, object] | None = None
) -> list[VerbEntry]:
    """Read ``verbs.tsv`` lines; ``known`` (the CAMEO codes) checks every code when given."""
    entries = []
    for line, cells in _rows(lines, columns=_VERB_COLUMNS, path=path):
        block, source = cells[4], cells[5]
        _check(bool(block) and bool(source), "empty block or source", path, line)
        entries.append(
            _verb(cells[:4], block=block, source=source, known=known, path=path, line=line)
        )
    return entries


def _verb(
    cells: Sequence[str],
    *,
    block: str,
    source: str,
    known: Mapping[str, object] | None,
    path: str,
    line: int,
) -> VerbEntry:
    lemma, particle, code, direction = cells
    word, part = _lemma_particle(lemma, particle, path, line)
    return VerbEntry(
        lemma=word,
        particle=part,
        code=_code(code, known, path, line, null=False),
        direction=_direction(direction, path, line),
        block=block,
        source=source,
    )


def parse_synsets(lines: Iterable[str], *, path: str = SYNSETS_FILE) -> dict[str, frozenset[str]]:
    """Read ``synsets.tsv`` lines into ``{"&NAME": forms}`` (forms lowercase, may be phrases)."""
    forms: dict[str, set[str]] = {}
    for line, (name, form, kind, source) in _rows(lines, columns=_SYNSET_COLUMNS, path=path):
        _check(_SYNSET.fullmatch(name) is not None, f"bad synset name {name!r}", path, line)
        _check(_FORM.fullmatch(form) is not None, f"bad synset form {form!r}", path, line)
        _check(kind in ("member", "plural") and bool(source), "bad kind or source", path, line)
        forms.setdefault(name, set()).add(form)
    return {name: frozenset(members) for name, members in forms.items()}


def _pattern_words(
    text: str, synsets: Mapping[str, frozenset[str]], path: str, line: int
) -> tuple[PatternWord, ...]:
    """``word``, ``a|b`` alternatives, ``word*`` prefix, ``&NAME`` synset -> PatternWords; an
    alternative of several words joins them with ``_`` (``truce|state_of_emergency``)."""
    words = []
    for token in text.split():
        if token.startswith("&"):
            _check(token in synsets, f"undefined synset {token}", path, line)
            words.append(PatternWord(alternatives=synsets[token]))
            continue
        prefix = token.endswith("*")
        alternatives = token.removesuffix("*").split("|")
        valid = all(_WORD.fullmatch(word) for a in alternatives for word in a.split("_"))
        _check(valid, f"bad pattern word {token!r}", path, line)
        spaced = frozenset(a.replace("_", " ") for a in alternatives)
        words.append(PatternWord(alternatives=spaced, prefix=prefix))
    return tuple(words)


def parse_verb_patterns(
    lines: Iterable[str],
    *,
    synsets: Mapping[str, frozenset[str]],
    path: str = PATTERNS_FILE,
    known: Mapping[str, object] | None = None,
) -> list[VerbPattern]:
    """Read ``verb_patterns.tsv`` lines, expanding ``&NAME`` synsets from ``synsets``."""
    patterns = []
    for line, cells in _rows(lines, columns=_PATTERN_COLUMNS, path=path):
        block, source = cells[6], cells[7]
        _check(bool(block) and bool(source), "empty block or source", path, line)
        patterns.append(
            _pattern(cells[:6], source=source, synsets=synsets, known=known, path=path, line=line)
        )
    return patterns


def _pattern(
    cells: Sequence[str],
    *,
    source: str,
    synsets: Mapping[str, frozenset[str]],
    known: Mapping[str, object] | None,
    path: str,
    line: int,
) -> VerbPattern:
    lemma, particle, code, direction, before, after = cells
    word, part = _lemma_particle(lemma, particle, path, line)
    pattern = VerbPattern(
        lemma=word,
        particle=part,
        code=_code(code, known, path, line, null=True),
        direction=_direction(direction, path, line),
        before=_pattern_words(before, synsets, path, line),
        after=_pattern_words(after, synsets, path, line),
        source=source,
    )
    _check(bool(pattern.before or pattern.after), "pattern without words", path, line)
    return pattern


def parse_extra(
    lines: Iterable[str],
    *,
    synsets: Mapping[str, frozenset[str]],
    path: str = EXTRA_FILE,
    known: Mapping[str, object] | None = None,
) -> tuple[list[VerbEntry], list[VerbPattern]]:
    """Read polevent's hand-written ``verbs_extra.tsv`` (source ``polevent:<file>:<line>``)."""
    verbs: list[VerbEntry] = []
    patterns: list[VerbPattern] = []
    for line, cells in _rows(lines, columns=_EXTRA_COLUMNS, path=path):
        kind, comment, source = cells[0], cells[7], f"polevent:{path}:{line}"
        _check(bool(comment), "every row needs a comment citing the CAMEO code", path, line)
        if kind == "verb":
            _check(not cells[5] and not cells[6], "a verb row has no pattern words", path, line)
            verbs.append(
                _verb(
                    cells[1:5], block="polevent", source=source, known=known, path=path, line=line
                )
            )
        elif kind == "pattern":
            pattern = _pattern(
                cells[1:7], source=source, synsets=synsets, known=known, path=path, line=line
            )
            patterns.append(pattern)
        else:
            raise _error(f"kind must be verb or pattern, got {kind!r}", path, line)
    return verbs, patterns


# ----------------------------------------------------------------------------- loaders

_Item = TypeVar("_Item", VerbEntry, VerbPattern)


def _read(name: str) -> list[str]:
    """The lines of one packaged data file (E301 when it is missing or not UTF-8)."""
    try:
        return (files("polevent") / "data" / name).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise _error(f"cannot read packaged data file: {e}", name) from e


def _by_lemma(items: Iterable[_Item]) -> Mapping[str, tuple[_Item, ...]]:
    grouped: dict[str, list[_Item]] = {}
    for item in items:
        grouped.setdefault(item.lemma, []).append(item)
    return MappingProxyType({lemma: tuple(group) for lemma, group in grouped.items()})


@functools.cache
def load_cameo() -> Mapping[str, CameoCode]:
    """Every CAMEO code (``"04"``, ``"041"``, ``"0211"``...) -> :class:`CameoCode`."""
    return MappingProxyType(parse_cameo(_read(CAMEO_FILE), path=CAMEO_FILE))


@functools.cache
def load_synsets() -> Mapping[str, frozenset[str]]:
    """PETRARCH synonym sets (``"&CURRENCY"`` -> its words and generated plurals)."""
    return MappingProxyType(parse_synsets(_read(SYNSETS_FILE), path=SYNSETS_FILE))


@functools.cache
def _extra() -> tuple[tuple[VerbEntry, ...], tuple[VerbPattern, ...]]:
    lines = _read(EXTRA_FILE)
    verbs, patterns = parse_extra(
        lines, synsets=load_synsets(), path=EXTRA_FILE, known=load_cameo()
    )
    return tuple(verbs), tuple(patterns)


@functools.cache
def load_verbs() -> Mapping[str, tuple[VerbEntry, ...]]:
    """Verb lemma -> its entries, most specific first: entries with a particle ("call" + "for")
    before bare ones, and within each polevent's own rows (``verbs_extra.tsv``) first."""
    known = load_cameo()
    dictionary = parse_verbs(_read(VERBS_FILE), path=VERBS_FILE, known=known)
    ranked = sorted([*_extra()[0], *dictionary], key=lambda entry: entry.particle is None)
    return _by_lemma(ranked)


@functools.cache
def _all_patterns() -> tuple[VerbPattern, ...]:
    dictionary = parse_verb_patterns(
        _read(PATTERNS_FILE), synsets=load_synsets(), path=PATTERNS_FILE, known=load_cameo()
    )
    return (*_extra()[1], *dictionary)


@functools.cache
def load_verb_patterns() -> Mapping[str, tuple[VerbPattern, ...]]:
    """Verb lemma -> its coded patterns (synsets expanded); polevent's own rows come first.

    Patterns coded :data:`NULL_CODE` are not here: see :func:`load_blocking_patterns`.
    """
    return _by_lemma(p for p in _all_patterns() if p.code != NULL_CODE)


@functools.cache
def load_blocking_patterns() -> Mapping[str, tuple[VerbPattern, ...]]:
    """Verb lemma -> PETRARCH's ``[---]`` patterns: phrases that are *not* events ("appeal to
    court", "hold session"). A matcher should code nothing when one of these is at least as
    specific as the best coded pattern."""
    return _by_lemma(p for p in _all_patterns() if p.code == NULL_CODE)
