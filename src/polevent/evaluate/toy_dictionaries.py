"""Readers for PETRARCH-format dictionaries: actors, agents and verbs as polevent's typed rows.

PETRARCH (and TABARI before it) writes its dictionaries as plain text:

* actors: ``NAME [CODE]`` (``_`` joins words; ``+SYNONYM`` lines add names to the entry above;
  codes may sit on indented lines and carry dates: ``[HOB <950601]``, ``[HOBGOV 19950601 -
  19990815]``, ``[HOBREB >990816]``; ``[ELR/GAL]`` names two actors at once; ``[---]`` = a known
  name that is not coded);
* agents: ``NOUN [~AGT]`` (the code goes after the actor's) or ``[AGT~]`` (before), ``{PLURAL}``
  (``{}`` = none, otherwise a regular plural is made), ``!SET! = A, B`` substitution sets;
* verbs: ``&SYNSET`` blocks of ``+member`` lines, and ``--- VERB [code] ---`` blocks holding
  member verbs (``VERB``, ``+VERB_PARTICLE``, ``WORD_+VERB``, optional ``[code]``) and patterns
  ``- words * words [code]`` (``*`` = the verb, ``&SYNSET`` = any member, ``% $ + ^`` = roles).
  Codes: ``[a]`` forward, ``[a:a]`` both ways, ``[a:b]`` a forward and b reversed, ``[---]`` =
  "not an event" (a blocking pattern).

The readers are pure (lines in, rows out); tokenising and lemmatising are passed in as
functions (``petrarch_unit`` gives spaCy's). What polevent's rows cannot express (role markers
and ``_`` adjacency in patterns, word-less patterns such as ``% * [030:030]``, TABARI's
``[+++]``/``[###]`` markers) is dropped or approximated and said in ``notes``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import TypeVar

from polevent.coding.kb import ActorEntry, AgentEntry
from polevent.coding.ontology import NULL_CODE, PatternWord, VerbEntry, VerbPattern

__all__ = [
    "DatedCode",
    "VerbDictionary",
    "agent_forms",
    "parse_dated_codes",
    "petrarch_date",
    "read_actor_lines",
    "read_agent_lines",
    "read_verb_lines",
    "split_event_code",
]

Tokenize = Callable[[str], tuple[str, ...]]
Lemmatize = Callable[[str], str]

_BRACKET = re.compile(r"\[([^\]]*)\]")
_ACTOR_CODE = re.compile(r"[A-Z0-9]{3,}|---")
_AGENT_SPEC = re.compile(r"\s*(~?)\s*([A-Z]{3}(?:[A-Z0-9]{3})*)\s*(~?)")
_HEADER = re.compile(r"---\s+(.+?)\s*\[([^\]]*)\]")
_MEMBER = re.compile(r"(\+?[A-Z][A-Z0-9'_+. -]*?)\s*(\{[^}]*\})?\s*(\[[^\]]*\])?\s*")
_SYNSET_REF = re.compile(r"(&[A-Z0-9]+)")
ROLE_MARKERS = frozenset({"%", "$", "+", "^"})
DEMONYM_ENDINGS = ("IAN", "ESE", "ISH", "CH", "I")
TABARI_MARKERS = frozenset({"+++", "###"})  # "complex" and "discard" markers: not event codes


def _split_words(text: str) -> tuple[str, ...]:
    return tuple(text.lower().split())


def _identity(word: str) -> str:
    return word


def _clean(name: str) -> str:
    """``ARNOR_`` -> ``ARNOR``; ``MINAS_TIRITH`` -> ``MINAS TIRITH``."""
    return " ".join(name.replace("_", " ").split())


def _strip_comment(raw: str) -> str:
    """The line without its ``#`` comment (a ``#`` inside ``[...]`` is part of a code)."""
    depth = 0
    for i, char in enumerate(raw):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == "#" and depth <= 0:
            return raw[:i].rstrip()
    return raw.rstrip()


# ------------------------------------------------------------------------------- actor codes


@dataclass(frozen=True, slots=True, kw_only=True)
class DatedCode:
    """One code of an actor entry with its PETRARCH date restriction (inclusive ends)."""

    code: str
    start: date | None
    end: date | None
    undated: bool


def petrarch_date(text: str) -> date:
    """PETRARCH's rule: more than 7 digits is YYYYMMDD, else YYMMDD with YY <= 30 read as 20YY
    and YY > 30 as 19YY (``ValueError`` when it is no date)."""
    if not text.isdigit() or len(text) < 6:
        raise ValueError(f"bad PETRARCH date {text!r}")
    if len(text) > 7:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    year = int(text[:2])
    return date(year + (2000 if year <= 30 else 1900), int(text[2:4]), int(text[4:6]))


def _restriction(rest: str) -> tuple[date | None, date | None]:
    """``<D`` up to D, ``>D`` from D, ``A-B`` from A to B; a bare date reads as ``>D``."""
    if rest[0] in "<>" or rest.isdigit():
        day = petrarch_date(rest.lstrip("<>").strip())
        return (None, day) if rest[0] == "<" else (day, None)
    first, _, second = rest.partition("-")
    start, end = petrarch_date(first.strip()), petrarch_date(second.strip())
    if end < start:
        raise ValueError(f"date range ends before it starts: {rest!r}")
    return start, end


def parse_dated_codes(text: str) -> list[DatedCode]:
    """``HOBGOV 19950601 - 19990815`` -> one DatedCode; ``ELR/GAL`` -> two (``ValueError`` when
    a code or a date is unreadable). Codes are upper-cased (the toy file has ``[pse]``)."""
    head, _, rest = text.strip().partition(" ")
    codes = [code.upper() for code in head.split("/")]
    if not all(_ACTOR_CODE.fullmatch(code) for code in codes):
        raise ValueError(f"bad actor code {head!r}")
    rest = rest.strip()
    start, end = _restriction(rest) if rest else (None, None)
    return [DatedCode(code=c, start=start, end=end, undated=not rest) for c in codes]


# ------------------------------------------------------------------------------------ actors


@dataclass(slots=True)
class _ActorBlock:
    names: list[tuple[str, int]] = field(default_factory=list)
    codes: list[DatedCode] = field(default_factory=list)
    closed: bool = False  # a code line was seen (even one that was skipped)


def _actor_blocks(lines: Iterable[str], notes: list[str], path: str) -> list[_ActorBlock]:
    """Group lines into entries: a primary name starts one (unless the entry above has no code
    yet), ``+`` lines add synonyms, codes come inline or on indented lines."""
    blocks: list[_ActorBlock] = []
    current: _ActorBlock | None = None
    for number, raw in enumerate(lines, start=1):
        text = _strip_comment(raw)
        if not text.strip() or text.lstrip().startswith("<"):
            continue
        name_part = text.split("[", 1)[0].strip()
        if name_part:
            if current is None or (not name_part.startswith("+") and current.closed):
                current = _ActorBlock()
                blocks.append(current)
            current.names += [(n.strip(), number) for n in name_part.split("+") if n.strip()]
        if current is None:
            continue
        for inside in _BRACKET.findall(text):
            current.closed = True
            try:
                current.codes += parse_dated_codes(inside)
            except ValueError as e:
                notes.append(f"{path}:{number}: code [{inside.strip()}] skipped ({e})")
    return blocks


def _actor_kind(name: str, primary: str, codes: Sequence[DatedCode]) -> str:
    """The toy file says nothing about kinds: entries with dated codes are people; a name that
    reads as a demonym (ends -ian/-ese/-ish/-ch/-i, or extends the entry's first name:
    ERIADOR -> ERIADORI) is a demonym; a bare three-letter code is a country; the rest
    (``USAGOV``, ``IGOAFR``) are organisations."""
    if any(not c.undated for c in codes):
        return "person"
    one_word = " " not in name and len(name) > 4
    extends = name != primary and name.startswith(primary[:4]) and len(name) > len(primary)
    if one_word and (name.endswith(DEMONYM_ENDINGS) or extends):
        return "demonym"
    if all(len(c.code) == 3 and c.code.isalpha() for c in codes):
        return "country"
    return "organisation"


def _slug(name: str) -> str:
    return re.sub(r"\W+", "_", name.lower()).strip("_") or "x"


def read_actor_lines(
    lines: Iterable[str], *, path: str, tokenize: Tokenize = _split_words
) -> tuple[tuple[ActorEntry, ...], tuple[str, ...]]:
    """Actor rows (one per name x code) and notes on what was skipped.

    ``tokenize`` turns a cleaned name (``Minas Tirith``) into lower-case words as the parser
    will see them. An undated code of an entry that also has dated codes is its fallback.
    Each ``/`` code gets its own ``kb_id``: polevent codes only the first.
    """
    notes: list[str] = []
    entries: list[ActorEntry] = []
    for block in _actor_blocks(lines, notes, path):
        if not block.codes:
            notes.append(f"{path}:{block.names[0][1]}: {block.names[0][0]!r} has no code")
            continue
        dated = any(not c.undated for c in block.codes)
        primary = _clean(block.names[0][0])
        base = f"toy:{_slug(primary)}"
        heads = list(dict.fromkeys(c.code for c in block.codes if c.undated))
        for raw, number in block.names:
            words = tokenize(_clean(raw))
            if not words:
                continue
            kind = _actor_kind(_clean(raw), primary, block.codes)
            for code in block.codes:
                slot = heads.index(code.code) if code.undated and len(heads) > 1 else 0
                entries.append(
                    ActorEntry(
                        words=words,
                        code=code.code,
                        valid_from=code.start,
                        valid_to=code.end,
                        fallback=code.undated and dated,
                        kb_id=f"{base}:{slot}" if slot else base,
                        kind=kind,
                        source=f"{path}:{number}",
                    )
                )
    return tuple(entries), tuple(notes)


# ------------------------------------------------------------------------------------ agents


def agent_plural(phrase: str) -> str:
    """English plural of the head word (the last, or the one before ``_OF_``): -man -> -men,
    consonant+y -> -ies, s/x/z/ch/sh -> +es, else +s."""
    head, of, tail = phrase.partition("_OF_")
    if of:
        return agent_plural(head) + of + tail
    stem = phrase.rstrip("_ ")
    low = stem.lower()
    if low.endswith("man") and not low.endswith("human"):
        return stem[:-3] + "MEN"
    if re.search(r"[^aeiou]y$", low):
        return stem[:-1] + "IES"
    if low.endswith(("s", "x", "z", "ch", "sh")):
        return stem + "ES"
    return stem + "S"


def agent_forms(phrase: str, sets: Mapping[str, Sequence[str]]) -> list[str]:
    """Written forms of one agent phrase: ``!SET!`` substitutions (no plural made, as in
    PETRARCH), else the phrase with its ``{PLURAL}`` or a generated plural (``{}`` = none)."""
    base, brace, rest = phrase.partition("{")
    base = base.strip()
    marker = re.search(r"!(\w+)!", base)
    if marker:
        return [base.replace(marker.group(), value) for value in sets.get(marker.group(1), [])]
    if brace:
        given = rest.partition("}")[0].strip()
        return [base, *([given] if given else [])]
    return [base, agent_plural(base)]


def read_agent_lines(
    lines: Iterable[str], *, path: str, tokenize: Tokenize = _split_words
) -> tuple[tuple[AgentEntry, ...], tuple[str, ...]]:
    """Agent rows (every written form) and notes on lines that were skipped."""
    sets: dict[str, list[str]] = {}
    notes: list[str] = []
    entries: dict[tuple[tuple[str, ...], str, str], AgentEntry] = {}
    for number, raw in enumerate(lines, start=1):
        text = _strip_comment(raw).strip()
        if not text or text.startswith("<"):
            continue
        if "!" in text and "=" in text:
            marker, _, values = text.partition("=")
            sets[marker.strip().strip("!")] = [v.strip() for v in values.split(",") if v.strip()]
            continue
        phrase, _, rest = text.partition("[")
        spec = _AGENT_SPEC.match(rest)
        if spec is None or not (spec.group(1) or spec.group(3)):
            notes.append(f"{path}:{number}: agent line without a [~CODE] skipped")
            continue
        code, position = spec.group(2), "after" if spec.group(1) else "before"
        for form in agent_forms(phrase.strip(), sets):
            words = tokenize(_clean(form))
            if words and (words, code, position) not in entries:
                entries[(words, code, position)] = AgentEntry(
                    words=words, code=code, position=position, source=f"{path}:{number}"
                )
    return tuple(entries.values()), tuple(notes)


# ------------------------------------------------------------------------------------- verbs


@dataclass(frozen=True, slots=True, kw_only=True)
class VerbDictionary:
    """A PETRARCH verb dictionary as polevent lexicon tables, keyed by lemma."""

    verbs: Mapping[str, tuple[VerbEntry, ...]]
    patterns: Mapping[str, tuple[VerbPattern, ...]]
    blocking: Mapping[str, tuple[VerbPattern, ...]]
    codes: frozenset[str]
    notes: tuple[str, ...]


@dataclass(slots=True)
class _Block:
    name: str
    code: str
    members: list[tuple[str, int]] = field(default_factory=list)
    patterns: list[tuple[str, int]] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Member:
    before: tuple[str, ...]
    verb: str
    particle: str | None
    code: str
    line: int


def split_event_code(text: str) -> list[tuple[str, str]]:
    """``[a]`` -> forward a; ``[a:a]`` -> both; ``[a:b]`` -> forward a + reverse b; ``[:b]`` ->
    reverse b (``ValueError`` on anything else). Codes are kept as written (``174K``)."""
    first, colon, second = (part.strip() for part in text.partition(":"))
    if not (second if colon else first):
        raise ValueError(f"unreadable code [{text}]")
    if not colon or first == second:
        return [(first, "both" if colon else "forward")]
    return [(first, "forward")] * bool(first) + [(second, "reverse")]


def _synset_plural(word: str) -> str:
    last = word.rsplit(" ", 1)[-1]
    if re.search(r"(s|x|z|ch|sh)$", last):
        return word + "es"
    if re.search(r"[^aeiou]y$", last):
        return word[:-1] + "ies"
    return word + "s"


def _scan_verbs(
    lines: Iterable[str], path: str, notes: list[str]
) -> tuple[dict[str, list[str]], dict[str, bool], list[_Block]]:
    """First pass: raw synset members, which synsets are exact (``&NAME_``), and the blocks."""
    synsets: dict[str, list[str]] = {}
    exact: dict[str, bool] = {}
    blocks: list[_Block] = []
    current = ""
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith(("<", "#")):
            current = "" if not stripped else current
            continue
        if stripped.startswith("&"):
            name = stripped.split()[0]
            current = name.rstrip("_")
            synsets[current], exact[current] = [], name.endswith("_")
        elif stripped.startswith("+") and current:
            synsets[current].append(_strip_comment(stripped[1:]).strip())
        elif stripped.startswith("---"):
            current = ""
            _add_block(_strip_comment(stripped), number, blocks, notes, path)
        elif not blocks:
            notes.append(f"{path}:{number}: line outside any block skipped")
        elif stripped.startswith("-"):
            blocks[-1].patterns.append((stripped, number))
        else:
            blocks[-1].members.append((stripped, number))
    return synsets, exact, blocks


def _add_block(text: str, number: int, blocks: list[_Block], notes: list[str], path: str) -> None:
    head = _HEADER.match(text)
    if head is None:
        notes.append(f"{path}:{number}: unreadable block header {text!r} skipped")
        return
    if len(_BRACKET.findall(text)) > 1:
        notes.append(f"{path}:{number}: block header with two codes, the first ({head[2]}) used")
    blocks.append(_Block(name=head[1], code=head[2].strip()))


def _expand_synsets(
    raw: Mapping[str, Sequence[str]], exact: Mapping[str, bool]
) -> dict[str, frozenset[str]]:
    """Every synset's lower-case forms: members, their plurals (unless ``NAME_`` or ``WORD_``),
    and the forms of synsets named inside it (``+&TIETYPES``)."""

    def forms(name: str, seen: frozenset[str]) -> set[str]:
        found: set[str] = set()
        for member in raw.get(name, ()):
            if member.startswith("&"):
                inner = member.split()[0].rstrip("_")
                found |= forms(inner, seen | {name}) if inner not in seen else set()
                continue
            word = _clean(member).lower().replace("n't", " n't")
            word = " ".join(word.split())
            found.add(word)
            if not (exact.get(name) or member.endswith("_")):
                found.add(_synset_plural(word))
        return found

    return {name: frozenset(forms(name, frozenset())) for name in raw}


def _parse_member(text: str, block: _Block, number: int) -> _Member | None:
    body = re.split(r"[#;]", text, maxsplit=1)[0].strip()
    found = _MEMBER.fullmatch(body)
    if found is None:
        return None
    words = [w for w in re.split(r"[_ ]+", found.group(1)) if w]
    verb_at = next((i for i, w in enumerate(words) if w.startswith("+")), 0)
    code = found.group(3)[1:-1].strip() if found.group(3) else block.code
    particle = " ".join(words[verb_at + 1 :]).lower()
    return _Member(
        before=tuple(w.lower() for w in words[:verb_at]),
        verb=words[verb_at].lstrip("+").lower(),
        particle=particle or None,
        code=code,
        line=number,
    )


def _pattern_tokens(text: str) -> tuple[list[str], str] | None:
    """``- SAID * WAS LIE [141] # c`` -> (["said", "*", "was", "lie"], "141")."""
    body = _strip_comment(text[1:])
    codes = _BRACKET.findall(body)
    if not codes:
        return None
    words = _BRACKET.sub(" ", body)
    words = re.sub(r"[{}()]", " ", words).replace("*", " * ")
    tokens: list[str] = []
    for token in words.split():
        for piece in _SYNSET_REF.split(token):
            if piece.startswith("&"):
                tokens.append(piece)
            else:
                tokens += [p for p in piece.split("_") if p and p not in ROLE_MARKERS]
    return [t if t.startswith("&") else t.lower() for t in tokens], codes[-1].strip()


def _variants(
    tokens: Sequence[str], synsets: Mapping[str, frozenset[str]]
) -> list[tuple[PatternWord, ...]]:
    """Pattern words for tokens; a synset's one-word members make one word with alternatives and
    each of its multi-word members a variant of its own (``did n't``: two words in order)."""
    options: list[list[tuple[PatternWord, ...]]] = []
    for token in tokens:
        if not token.startswith("&"):
            options.append([(PatternWord(alternatives=frozenset({token})),)])
            continue
        members = synsets[token]
        single = frozenset(m for m in members if " " not in m)
        choice: list[tuple[PatternWord, ...]] = []
        if single:
            choice.append((PatternWord(alternatives=single),))
        choice += [
            tuple(PatternWord(alternatives=frozenset({w})) for w in member.split())
            for member in sorted(members)
            if " " in member
        ]
        options.append(choice)
    return [tuple(itertools.chain.from_iterable(combo)) for combo in itertools.product(*options)]


_Item = TypeVar("_Item", VerbEntry, VerbPattern)


@dataclass(slots=True)
class _Tables:
    path: str
    lemmatize: Lemmatize
    verbs: list[tuple[tuple[bool, bool], VerbEntry]] = field(default_factory=list)
    patterns: list[VerbPattern] = field(default_factory=list)
    codes: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    def split(self, raw: str, number: int) -> list[tuple[str, str]]:
        try:
            pairs = split_event_code(raw)
        except ValueError as e:
            self.notes.append(f"{self.path}:{number}: {e}; skipped")
            return []
        kept = [(c, d) for c, d in pairs if c not in TABARI_MARKERS]
        if len(kept) < len(pairs):
            self.notes.append(f"{self.path}:{number}: TABARI marker [{raw}] is no event code")
        self.codes |= {c for c, _ in kept if c != NULL_CODE}
        return kept

    def member(self, block: _Block, member: _Member) -> None:
        lemma = self.lemmatize(member.verb)
        source = f"{self.path}:{member.line}"
        for code, direction in self.split(member.code, member.line):
            if code == NULL_CODE:
                continue
            if member.before:
                words = tuple(PatternWord(alternatives=frozenset({w})) for w in member.before)
                self.patterns.append(
                    VerbPattern(
                        lemma=lemma,
                        particle=member.particle,
                        code=code,
                        before=words,
                        after=(),
                        source=source,
                        direction=direction,
                    )
                )
                continue
            entry = VerbEntry(
                lemma=lemma,
                particle=member.particle,
                code=code,
                block=block.name,
                source=source,
                direction=direction,
            )
            rank = (member.particle is None, member.verb == lemma)
            self.verbs.append((rank, entry))

    def pattern(
        self, member: _Member, text: str, number: int, synsets: Mapping[str, frozenset[str]]
    ) -> None:
        parsed = _pattern_tokens(text)
        if parsed is None or parsed[0].count("*") != 1:
            self.notes.append(f"{self.path}:{number}: pattern needs one '*' and a code; skipped")
            return
        tokens, raw_code = parsed
        missing = [t for t in tokens if t.startswith("&") and t not in synsets]
        if missing or len(tokens) == 1:
            why = f"undefined synset {missing[0]}" if missing else "no words besides roles"
            self.notes.append(f"{self.path}:{number}: pattern skipped ({why})")
            return
        star = tokens.index("*")
        lemma = self.lemmatize(member.verb)
        extra = tuple(PatternWord(alternatives=frozenset({w})) for w in member.before)
        shapes = itertools.product(
            _variants(tokens[:star], synsets), _variants(tokens[star + 1 :], synsets)
        )
        for before, after in shapes:
            for code, direction in self.split(raw_code, number):
                self.patterns.append(
                    VerbPattern(
                        lemma=lemma,
                        particle=member.particle,
                        code=code,
                        before=(*before, *extra),
                        after=after,
                        source=f"{self.path}:{number}",
                        direction=direction,
                    )
                )


def _by_lemma(items: Iterable[_Item]) -> Mapping[str, tuple[_Item, ...]]:
    grouped: dict[str, list[_Item]] = {}
    for item in items:
        grouped.setdefault(item.lemma, []).append(item)
    return MappingProxyType({lemma: tuple(group) for lemma, group in grouped.items()})


def read_verb_lines(
    lines: Iterable[str], *, path: str, lemmatize: Lemmatize = _identity
) -> VerbDictionary:
    """The verb dictionary as lemma-keyed tables.

    ``lemmatize`` maps a member's written form (``LEFT`` -> ``left``) to the lemma the parser
    gives (``leave``). Every pattern of a block applies to every member of the block. For one
    lemma, entries with a particle come first, then entries written as an inflected form
    (``LEFT`` before ``LEAVE``: the more specific row), then file order.
    """
    notes: list[str] = []
    raw, exact, blocks = _scan_verbs(lines, path, notes)
    synsets = _expand_synsets(raw, exact)
    tables = _Tables(path=path, lemmatize=lemmatize, notes=notes)
    for block in blocks:
        members = [_parse_member(text, block, number) for text, number in block.members]
        for (text, number), member in zip(block.members, members, strict=True):
            if member is None:
                notes.append(f"{path}:{number}: unreadable verb line {text!r} skipped")
        for member in filter(None, members):
            tables.member(block, member)
            for text, number in block.patterns:
                tables.pattern(member, text, number, synsets)
    ranked = [entry for _, entry in sorted(tables.verbs, key=lambda pair: pair[0])]
    return VerbDictionary(
        verbs=_by_lemma(ranked),
        patterns=_by_lemma(p for p in tables.patterns if p.code != NULL_CODE),
        blocking=_by_lemma(p for p in tables.patterns if p.code == NULL_CODE),
        codes=frozenset(tables.codes),
        notes=tuple(dict.fromkeys(tables.notes)),
    )
