"""Build polevent's event-ontology data files from the shared source files.

Usage: ``.venv/bin/python scripts/build_ontology.py [--shared /work/shared/data] [--out DIR]``.
Inputs (read-only; the package never reads them at run time): CAMEO_codefile.txt (labels, MIT),
CAMEO2PLOVER-2021.txt (crosswalk, CC BY-SA 4.0), PETRARCH's CAMEO.2.0.txt.gz (verbs, MIT) and the
GDELT Goldstein lookup, copied below as ``GOLDSTEIN``. Outputs, committed in src/polevent/data:
cameo.tsv, verbs.tsv, verb_patterns.tsv, synsets.tsv (verbs_extra.tsv is hand-written, untouched).
The choices made here are documented in src/polevent/data/README.md ("Event ontology").
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SHARED = Path("/work/shared/data")
OUT = Path(__file__).resolve().parent.parent / "src" / "polevent" / "data"
CODEFILE = "cameo-codebooks/CAMEO_codefile.txt"
CROSSWALK = "cameo-codebooks/CAMEO2PLOVER-2021.txt"
VERBFILE = "petrarch-validation/phoenix_dictionaries/CAMEO.2.0.txt.gz"
VERB_SOURCE = "CAMEO.2.0.txt"

PROVENANCE = {
    "labels": "CAMEO_codefile.txt (CAMEO 0.7b5), github.com/openeventdata/text_to_CAMEO "
    "@6d7b3abebe2585bcbe48053987382d2af1865caf, MIT License (c) 2014 Philip Schrodt",
    "plover": "CAMEO2PLOVER-2021.txt (PLOVER draft 0.8, 2021-09-17), "
    "github.com/openeventdata/PLOVER @5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f, CC BY-SA 4.0",
    "goldstein": "GDELT lookup CAMEO.goldsteinscale.txt "
    "(https://www.gdeltproject.org/data/lookups/CAMEO.goldsteinscale.txt), copied from the mirror "
    "github.com/mpiccirilli/UNDP-BCPR-Project CAMEO.goldsteinscale.txt "
    "@08d29bb45bd64d999e6212382fb7cf145f9eb37d (GDELT: free for any use, with attribution)",
    "verbs": "CAMEO.2.0.txt (PETRARCH CAMEO verb dictionary, 2015-04-30), "
    "github.com/openeventdata/petrarch2 petrarch2/data/dictionaries/CAMEO.2.0.txt "
    "@676801cd9cb2924bbbad09f86d15c9323e7097bf, MIT License (c) 2015 Open Event Data Alliance",
}

# GDELT CAMEO.goldsteinscale.txt, all 311 rows, verbatim values (code=score).
GOLDSTEIN = """
01=0.0 010=0.0 011=-0.1 012=-0.4 013=0.4 014=0.0 015=0.0 016=-2.0 017=0.0 018=3.4 019=3.4 02=3.0
020=3.0 021=3.4 0211=3.4 0212=3.4 0213=3.4 0214=3.4 022=3.2 023=3.4 0231=3.4 0232=3.4 0233=3.4
0234=3.4 024=-0.3 0241=-0.3 0242=-0.3 0243=-0.3 0244=-0.3 025=-0.3 0251=-0.3 0252=-0.3 0253=-0.3
0254=-0.3 0255=-0.3 0256=-0.3 026=4.0 027=4.0 028=4.0 03=4.0 030=4.0 031=5.2 0311=5.2 0312=5.2
0313=5.2 0314=5.2 032=4.5 033=5.2 0331=5.2 0332=5.2 0333=5.2 0334=6.0 034=7.0 0341=7.0 0342=7.0
0343=7.0 0344=7.0 035=7.0 0351=7.0 0352=7.0 0353=7.0 0354=7.0 0355=7.0 0356=7.0 036=4.0 037=5.0
038=7.0 039=5.0 04=1.0 040=1.0 041=1.0 042=1.9 043=2.8 044=2.5 045=5.0 046=7.0 05=3.5 050=3.5
051=3.4 052=3.5 053=3.8 054=6.0 055=7.0 056=7.0 057=8.0 06=6.0 060=6.0 061=6.4 062=7.4 063=7.4
064=7.0 07=7.0 070=7.0 071=7.4 072=8.3 073=7.4 074=8.5 075=7.0 08=5.0 080=5.0 081=5.0 0811=5.0
0812=5.0 0813=5.0 0814=5.0 082=5.0 083=5.0 0831=5.0 0832=5.0 0833=5.0 0834=5.0 084=7.0 0841=7.0
0842=7.0 085=7.0 086=9.0 0861=9.0 0862=9.0 0863=9.0 087=9.0 0871=9.0 0872=9.0 0873=9.0 0874=10.0
09=-2.0 090=-2.0 091=-2.0 092=-2.0 093=-2.0 094=-2.0 10=-5.0 100=-5.0 101=-5.0 1011=-5.0 1012=-5.0
1013=-5.0 1014=-5.0 102=-5.0 103=-5.0 1031=-5.0 1032=-5.0 1033=-5.0 1034=-5.0 104=-5.0 1041=-5.0
1042=-5.0 1043=-5.0 1044=-5.0 105=-5.0 1051=-5.0 1052=-5.0 1053=-5.0 1054=-5.0 1055=-5.0 1056=-5.0
106=-5.0 107=-5.0 108=-5.0 11=-2.0 110=-2.0 111=-2.0 112=-2.0 1121=-2.0 1122=-2.0 1123=-2.0
1124=-2.0 1125=-2.0 113=-2.0 114=-2.0 115=-2.0 116=-2.0 12=-4.0 120=-4.0 121=-4.0 1211=-4.0
1212=-4.0 122=-4.0 1221=-4.0 1222=-4.0 1223=-4.0 1224=-4.0 123=-4.0 1231=-4.0 1232=-4.0 1233=-4.0
1234=-4.0 124=-4.0 1241=-4.0 1242=-4.0 1243=-4.0 1244=-4.0 1245=-4.0 1246=-4.0 125=-5.0 126=-5.0
127=-5.0 128=-5.0 129=-5.0 13=-6.0 130=-4.4 131=-5.8 1311=-5.8 1312=-5.8 1313=-5.8 132=-5.8
1321=-5.8 1322=-5.8 1323=-5.8 1324=-5.8 133=-5.8 134=-5.8 135=-5.8 136=-7.0 137=-7.0 138=-7.0
1381=-7.0 1382=-7.0 1383=-7.0 1384=-7.0 1385=-7.0 139=-7.0 14=-6.5 140=-6.5 141=-6.5 1411=-6.5
1412=-6.5 1413=-6.5 1414=-6.5 142=-6.5 1421=-6.5 1422=-6.5 1423=-6.5 1424=-6.5 143=-6.5 1431=-6.5
1432=-6.5 1433=-6.5 1434=-6.5 144=-7.5 1441=-7.5 1442=-7.5 1443=-7.5 1444=-7.5 145=-7.5 1451=-7.5
1452=-7.5 1453=-7.5 1454=-7.5 15=-7.2 150=-7.2 151=-7.2 152=-7.2 153=-7.2 154=-7.2 16=-4.0 160=-4.0
161=-4.0 162=-5.6 1621=-5.6 1622=-5.6 1623=-5.6 163=-8.0 164=-7.0 165=-6.5 166=-7.0 1661=-7.0
1662=-7.0 1663=-7.0 17=-7.0 170=-7.0 171=-9.2 1711=-9.2 1712=-9.2 172=-5.0 1721=-5.0 1722=-5.0
1723=-5.0 1724=-5.0 173=-5.0 174=-5.0 175=-9.0 18=-9.0 180=-9.0 181=-9.0 182=-9.5 1821=-9.0
1822=-9.0 1823=-10.0 183=-10.0 1831=-10.0 1832=-10.0 1833=-10.0 184=-8.0 185=-8.0 186=-10.0 19=-10.0
190=-10.0 191=-9.5 192=-9.5 193=-10.0 194=-10.0 195=-10.0 196=-9.5 20=-10.0 200=-10.0 201=-9.5
202=-10.0 203=-10.0 204=-10.0 2041=-10.0 2042=-10.0
"""

STATEMENT_NOTE = "polevent extension: PLOVER has no type for plain statements (CAMEO 01x)"
SPECIAL_01 = {
    "016": ("REJECT", "not in crosswalk; polevent: deny responsibility -> REJECT"),
    "019": ("AGREE", "not in crosswalk; polevent: express accord -> AGREE"),
}
# Modes the crosswalk itself retires or misplaces (see plover_note of the affected codes).
RETIRED_MODES = {"ease": "crosswalk mode 'ease' dropped (its own 21.09.17 note: no longer a mode)"}
CONTEXT_AS_MODE = {"pro_autocracy"}

# Pattern words from CAMEO.2.0 are complete words (PETRARCH 2 semantics); set True to read them
# as TABARI stems instead (a trailing '_' would then mark the exact words).
PLAIN_WORD_IS_PREFIX = False
NULL_CODE = "---"
# Members written in an inflected form next to their base verb, and one misspelt noun.
MEMBER_LEMMAS = {"burnt": "burn", "worried": "worry", "touring": "tour", "is": "be"}
DROPPED_MEMBERS = {"reassesment": "misspelt noun listed as a verb"}
ROLE_MARKERS = {"$", "+", "%", "^"}
Rows = Iterable[list[str]]


class BuildError(Exception):
    """A source line the builder does not understand (fail loudly rather than guess)."""


def _die(path: str, line: int, detail: str) -> BuildError:
    return BuildError(f"{path}:{line}: {detail}")


# ----------------------------------------------------------------------------- CAMEO codes


@dataclass(kw_only=True)
class Plover:
    type: str
    mode: str
    context: tuple[str, ...]
    note: str = ""


def parse_codefile(lines: Sequence[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Labels per code (the last ``LABEL:`` wins; ``LABELi`` ICEWS variants are ignored)."""
    labels: dict[str, str] = {}
    roots: dict[str, str] = {}
    for text in lines:
        head = re.match(r"//(\d\d)[:=]\s*(.+)", text)
        if head:
            roots[head.group(1)] = head.group(2).strip().capitalize()
            continue
        row = re.match(r"LABEL:\s*(\w+)=\s*(.+)", text)
        if row and re.fullmatch(r"\d{3,4}", row.group(1)):
            labels[row.group(1)] = row.group(2).strip()
    return roots, labels


def parse_crosswalk(lines: Sequence[str]) -> dict[str, Plover]:
    """CAMEO code -> PLOVER, keyed by the code on each line (headers such as ``08:`` skipped)."""
    out: dict[str, Plover] = {}
    for number, text in enumerate(lines, 1):
        row = re.match(r"(\d{3,4}):\s*([A-Z]+)\s*,([^,#]*),([^#]*)(?:#(.*))?$", text)
        if row is None:
            if re.match(r"\d{3,4}:", text):
                raise _die(CROSSWALK, number, f"unreadable crosswalk row {text!r}")
            continue
        code, ptype, mode, context = (row.group(i).strip() for i in range(1, 5))
        contexts = tuple(c.strip() for c in context.split(";") if c.strip())
        note = ""
        if mode in RETIRED_MODES:
            mode, note = "", RETIRED_MODES[mode]
        if mode in CONTEXT_AS_MODE:
            contexts = (mode, *contexts)
            note = f"crosswalk lists {mode!r} in the mode column; it is a context, moved there"
            mode = ""
        out[code] = Plover(type=ptype, mode=mode, context=contexts, note=note)
    return out


def parse_goldstein(text: str) -> dict[str, float]:
    pairs = (item.split("=") for item in text.split())
    return {code: float(value) for code, value in pairs}


def plover_for(code: str, crosswalk: dict[str, Plover]) -> Plover:
    """PLOVER mapping of one 3- or 4-digit code, with polevent's rules for 01x and 02x."""
    if code[:2] == "01":
        if code[:3] in SPECIAL_01:
            ptype, note = SPECIAL_01[code[:3]]
            return Plover(type=ptype, mode="", context=(), note=note)
        return Plover(type="STATEMENT", mode="", context=(), note=STATEMENT_NOTE)
    if code[:2] == "02":
        twin = "10" + code[2:]
        base = plover_for(twin, crosswalk)
        note = f"not in crosswalk; appeal coded like its demand twin {twin} (REQUEST)"
        return Plover(type="REQUEST", mode=base.mode, context=base.context, note=note)
    if code in crosswalk:
        return crosswalk[code]
    parent = code[:3]
    if len(code) == 4 and parent in crosswalk:
        base = crosswalk[parent]
        note = f"not in crosswalk; inherits its parent {parent}"
        return Plover(type=base.type, mode=base.mode, context=base.context, note=note)
    raise BuildError(f"{CROSSWALK}: no PLOVER mapping for {code} or its parent")


def quad_class(root: str) -> int:
    number = int(root)
    return 1 if number <= 5 else 2 if number <= 8 else 3 if number <= 13 else 4


def cameo_rows(shared: Path) -> list[list[str]]:
    roots, labels = parse_codefile(_read_lines(shared / CODEFILE))
    crosswalk = parse_crosswalk(_read_lines(shared / CROSSWALK))
    goldstein = parse_goldstein(GOLDSTEIN)
    if sorted(roots) != [f"{n:02d}" for n in range(1, 21)]:
        raise BuildError(f"{CODEFILE}: expected root headers 01..20, found {sorted(roots)}")
    rows = []
    for code in sorted({*roots, *labels}, key=lambda c: (c[:2], c)):
        label = roots[code] if len(code) == 2 else labels[code]
        plover = plover_for(code + "0" if len(code) == 2 else code, crosswalk)
        score_from = code if code in goldstein else code[:3]
        gnote = "" if score_from == code else f"not in GDELT table; inherits {score_from}"
        score = f"{goldstein[score_from]:.1f}"
        row = [code, label, code[:2], str(quad_class(code[:2])), score, gnote]
        rows.append([*row, plover.type, plover.mode, ";".join(plover.context), plover.note])
    return rows


# ----------------------------------------------------------------------------- verb dictionary


@dataclass(kw_only=True)
class Member:
    word: str  # as written, e.g. "+ASK_FOR"
    lemma: str
    particle: str
    code: str
    forms: tuple[str, ...]  # irregular forms as written, uppercase
    line: int


@dataclass(kw_only=True)
class Pattern:
    before: list[str]
    after: list[str]
    code: str
    origin: str  # the verb named in the "# VERB" comment
    line: int


@dataclass(kw_only=True)
class Block:
    name: str
    code: str
    line: int
    members: list[Member] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


@dataclass(kw_only=True)
class VerbDictionary:
    synsets: dict[str, list[tuple[str, str, int]]]  # name -> (form, kind, line)
    blocks: list[Block]
    quirks: list[str]


def split_code(raw: str, *, line: int, quirks: list[str]) -> list[tuple[str, str]]:
    """``[a]`` -> forward a; ``[a:a]`` -> both; ``[a:b]`` -> forward a + reverse b; ``[:b]``."""
    text = raw.strip()
    if text.endswith("!"):
        quirks.append(f"{VERB_SOURCE}:{line}: code [{text}] read as [{text[:-1]}]")
        text = text[:-1]
    if text == NULL_CODE or re.fullmatch(r"\d{3,4}", text):
        return [(text, "forward")]
    pair = re.fullmatch(r"(\d{3,4})?:(\d{3,4})", text)
    if pair is None:
        raise _die(VERB_SOURCE, line, f"unreadable code [{raw}]")
    first, second = pair.group(1), pair.group(2)
    if first is None:
        return [(second, "reverse")]
    if first == second:
        return [(first, "both")]
    return [(first, "forward"), (second, "reverse")]


def plural(word: str) -> str:
    last = word.rsplit(" ", 1)[-1]
    if re.search(r"(S|X|Z|CH|SH)$", last):
        return word + "ES"
    if re.search(r"[^AEIOU]Y$", last):
        return word[:-1] + "IES"
    return word + "S"


def synset_forms(label: str, member: str) -> list[tuple[str, str]]:
    """A member and (unless it or the label ends with ``_``) its generated plural."""
    exact = member.endswith("_") or label.endswith("_")
    words = member.rstrip("_").replace("_", " ").split()
    base = " ".join(words)
    return [(base, "member")] if exact else [(base, "member"), (plural(base), "plural")]


_MEMBER = re.compile(r"(\+?[A-Z][A-Z0-9'_+.-]*)\s*(\{[^}]*\})?\s*(\[[^\]]*\])?\s*$")


def parse_member(text: str, *, block: Block, line: int) -> Member:
    body = re.split(r"#|;", text, maxsplit=1)[0].strip()
    found = _MEMBER.fullmatch(body)
    if found is None:
        raise _die(VERB_SOURCE, line, f"unreadable verb line {text!r}")
    word, forms, code = found.groups()
    parts = [p for p in word.split("_") if p]
    if "+" in word and not parts[0].startswith("+"):
        raise _die(VERB_SOURCE, line, f"verb not first in multi-word {word!r}")
    return Member(
        word=word,
        lemma=parts[0].lstrip("+").lower(),
        particle=" ".join(parts[1:]).lower(),
        code=code[1:-1].strip() if code else block.code,
        forms=tuple(f.strip(",") for f in (forms or "{}")[1:-1].split() if f.strip(",")),
        line=line,
    )


def parse_pattern(text: str, *, line: int) -> Pattern:
    body, _, comment = text[1:].partition("#")
    codes = re.findall(r"\[([^\]]*)\]", body)
    if not codes:
        raise _die(VERB_SOURCE, line, f"pattern without a code {text!r}")
    words = re.sub(r"\[[^\]]*\]", " ", body)
    words = re.sub(r"[{}()]", " ", words).replace("*", " * ")
    tokens: list[str] = []
    for token in words.split():
        for piece in re.split(r"(&[A-Z0-9_]+)", token):  # also FIGHTER_&AIRCRAFT
            tokens.extend([piece] if piece.startswith("&") else _plain_words(piece))
    if tokens.count("*") != 1:
        raise _die(VERB_SOURCE, line, f"pattern needs exactly one '*': {text!r}")
    star = tokens.index("*")
    origin = comment.split()[0].strip(",") if comment.split() else ""
    return Pattern(
        before=tokens[:star], after=tokens[star + 1 :], code=codes[-1], origin=origin, line=line
    )


def _plain_words(piece: str) -> list[str]:
    """Split ``A_B`` (and ``SPY_*_DEAL``) into words, keeping ``*`` as its own token."""
    parts = [p for p in re.split(r"(\*)|_", piece) if p]
    if piece.endswith("_") and parts and parts[-1] != "*":
        parts[-1] += "_"
    return parts


def parse_verb_dictionary(lines: Sequence[str]) -> VerbDictionary:
    synsets: dict[str, list[tuple[str, str, int]]] = {}
    blocks: list[Block] = []
    quirks: list[str] = []
    current_synset = ""
    for number, raw in enumerate(lines, 1):
        text = raw.rstrip()
        if text.startswith("######## TRANSFORMATIONS"):
            skipped = sum(1 for rest in lines[number:] if rest.startswith("~"))
            quirks.append(f"{VERB_SOURCE}:{number}: {skipped} '~' transformations skipped")
            break
        if not text.strip() or text.startswith("#"):
            current_synset = "" if not text.strip() else current_synset
            continue
        if text.startswith("&"):
            current_synset = text.split()[0]
            synsets[current_synset] = []
        elif text.startswith("+") and current_synset:
            for form, kind in synset_forms(current_synset, text[1:].split("#")[0].strip()):
                synsets[current_synset].append((form, kind, number))
        elif text.startswith("---"):
            current_synset = ""
            head = re.fullmatch(r"---\s+(\S+)\s+\[([^\]]*)\][\s-]*", text.strip())
            if head is None:
                raise _die(VERB_SOURCE, number, f"unreadable block header {text!r}")
            if not re.search(r"\]\s+---$", text.strip()):
                quirks.append(f"{VERB_SOURCE}:{number}: odd block header {text.strip()!r}")
            blocks.append(Block(name=head.group(1), code=head.group(2), line=number))
        elif not blocks:
            raise _die(VERB_SOURCE, number, f"line outside any block {text!r}")
        elif text.startswith("-"):
            blocks[-1].patterns.append(parse_pattern(text, line=number))
        else:
            blocks[-1].members.append(parse_member(text, block=blocks[-1], line=number))
    return VerbDictionary(synsets=synsets, blocks=blocks, quirks=quirks)


# ----------------------------------------------------------------------------- verb rows


def regular_forms(word: str) -> list[str]:
    """PETRARCH 2's generated forms of a verb (S/ES/IES, D/ED, ING)."""
    third = {"S": word + "ES", "X": word + "ES", "Z": word + "ES", "Y": word[:-1] + "IES"}
    past = word + "D" if word.endswith("E") else word + "ED"
    drop_e = word.endswith("E") and word[-2] not in "AEIOU"
    return [third.get(word[-1], word + "S"), past, (word[:-1] if drop_e else word) + "ING"]


def form_index(blocks: Iterable[Block]) -> dict[str, set[str]]:
    """Every written or generated form of a member verb (``WENT_TO``) -> its bases (``GO_TO``)."""
    index: dict[str, set[str]] = {}
    for block in blocks:
        for member in block.members:
            base = member.word.replace("+", "")
            head, sep, rest = base.partition("_")
            generated = [] if member.forms else [f + sep + rest for f in regular_forms(head)]
            for form in [base, *(f.replace("+", "") for f in member.forms), *generated]:
                index.setdefault(form, set()).add(base)
    return index


def lemma_fixes(blocks: Sequence[Block]) -> dict[str, str]:
    """Members written in an inflected form (``KILLED_AND``) -> the lemma of their base verb."""
    index = form_index(blocks)
    fixes = {}
    for block in blocks:
        for member in block.members:
            head = member.lemma.upper()
            bases = {b for b in index.get(head, set()) if "_" not in b}
            if head not in bases and len(bases) == 1:
                fixes[member.lemma] = bases.pop().lower()
    return fixes | MEMBER_LEMMAS


def attach(block: Block, pattern: Pattern, index: dict[str, set[str]]) -> list[Member]:
    """Members a pattern applies to: the verb its comment names, else the whole block."""
    bases = index.get(pattern.origin, set())
    named = [m for m in block.members if m.word.replace("+", "") in bases]
    return named[:1] or block.members


@dataclass(kw_only=True)
class VerbTables:
    """The rows of verbs.tsv and verb_patterns.tsv, and what the conversion noticed."""

    known: set[str]
    fixes: dict[str, str]
    index: dict[str, set[str]]
    verbs: list[list[str]] = field(default_factory=list)
    patterns: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seen: set[tuple[str, ...]] = field(default_factory=set)

    def note(self, line: int, text: str) -> None:
        self.notes.append(f"{VERB_SOURCE}:{line}: {text}")

    def codes(self, raw: str, line: int) -> list[tuple[str, str]]:
        """Event codes of ``[raw]`` with their direction; codes CAMEO does not have are noted."""
        pairs = split_code(raw, line=line, quirks=self.notes)
        unknown = [c for c, _ in pairs if c != NULL_CODE and c not in self.known]
        for code in unknown:
            self.note(line, f"skipped, code {code} is not in CAMEO_codefile.txt")
        return [(c, d) for c, d in pairs if c not in unknown]

    def add(self, table: list[list[str]], row: list[str], *, block: str, line: int) -> None:
        if tuple(row) not in self.seen:  # the same entry written twice (or via two forms)
            self.seen.add(tuple(row))
            table.append([*row, block, f"{VERB_SOURCE}:{line}"])

    def member(self, block: Block, member: Member, *, code: str, line: int) -> None:
        lemma = self.fixes.get(member.lemma, member.lemma)
        if lemma in DROPPED_MEMBERS:
            self.note(line, f"dropped {member.word}: {DROPPED_MEMBERS[lemma]}")
            return
        for event, direction in self.codes(code, line):
            row = [lemma, member.particle, event, direction]
            if event != NULL_CODE:
                self.add(self.verbs, row, block=block.name, line=line)

    def pattern(
        self, block: Block, pattern: Pattern, synsets: dict[str, list[tuple[str, str, int]]]
    ) -> None:
        missing = [t for t in [*pattern.before, *pattern.after] if _undefined(t, synsets)]
        if missing:
            self.note(pattern.line, f"skipped, undefined synset {missing[0]}")
            return
        before, after = _words(pattern.before), _words(pattern.after)
        targets = attach(block, pattern, self.index)
        if len(targets) > 1:
            self.notes.append(f"block-wide: {VERB_SOURCE}:{pattern.line} (# {pattern.origin})")
        for member in targets:
            if not before and not after:  # "- * + [111]": the verb's own code, with a target
                self.note(pattern.line, "word-less pattern read as a verb row")
                self.member(block, member, code=pattern.code, line=pattern.line)
                continue
            lemma = self.fixes.get(member.lemma, member.lemma)
            for event, direction in self.codes(pattern.code, pattern.line):
                row = [lemma, member.particle, event, direction, before, after]
                self.add(self.patterns, row, block=block.name, line=pattern.line)


def verb_rows(vd: VerbDictionary, known: set[str]) -> VerbTables:
    tables = VerbTables(known=known, fixes=lemma_fixes(vd.blocks), index=form_index(vd.blocks))
    tables.notes.extend(vd.quirks)
    for block in vd.blocks:
        for member in block.members:
            tables.member(block, member, code=member.code, line=member.line)
        for pattern in block.patterns:
            tables.pattern(block, pattern, vd.synsets)
    return tables


def _undefined(token: str, synsets: dict[str, list[tuple[str, str, int]]]) -> bool:
    return token.startswith("&") and token not in synsets


def _words(tokens: Sequence[str]) -> str:
    """Pattern tokens in the TSV syntax: ``&SYNSET``, ``a|b`` alternatives, ``word*`` = prefix."""
    out = []
    for token in tokens:
        if token in ROLE_MARKERS:
            continue
        if token.startswith("&"):
            out.append(token)
            continue
        exact = token.endswith("_")
        word = token.rstrip("_").lower().replace("/", "|")
        out.append(word + ("*" if PLAIN_WORD_IS_PREFIX and not exact else ""))
    return " ".join(out)


def synset_rows(vd: VerbDictionary) -> list[list[str]]:
    return [
        [name, form.lower(), kind, f"{VERB_SOURCE}:{line}"]
        for name, forms in vd.synsets.items()
        for form, kind, line in forms
    ]


# ----------------------------------------------------------------------------- output


def _read_lines(path: Path) -> list[str]:
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            return handle.read().splitlines()
    return path.read_text(encoding="utf-8").splitlines()


def write_tsv(path: Path, header: Sequence[str], columns: Sequence[str], rows: Rows) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for comment in header:
            handle.write(f"# {comment}\n".replace("# \n", "#\n"))
        handle.write("\t".join(columns) + "\n")
        for row in rows:
            if any("\t" in cell or "\n" in cell for cell in row):
                raise BuildError(f"{path.name}: tab or newline inside a cell: {row}")
            handle.write("\t".join(row) + "\n")
            count += 1
    return count


GENERATED = "Generated by scripts/build_ontology.py: do not edit; change the script and re-run."
VERB_HEADER = f"""{GENERATED}
Source: {PROVENANCE["verbs"]}.
Licence of this file: MIT (as its source), (c) 2015 Open Event Data Alliance."""
DIRECTION_HELP = """direction: forward = source acts on target; reverse = target acts on
source ([:b] and the b of [a:b]); both = either way ([a:a]). code --- = pattern coding nothing."""
HEADERS = {
    "cameo.tsv": f"""polevent event ontology: every CAMEO code, its quad class, Goldstein, PLOVER.
{GENERATED}
labels: {PROVENANCE["labels"]}
PLOVER: {PROVENANCE["plover"]}
Goldstein: {PROVENANCE["goldstein"]}
Licence of this file: CC BY-SA 4.0 (it adapts the PLOVER crosswalk), with attribution
to the sources above. Rules (01x/02x, inherited values) are in data/README.md.""",
    "verbs.tsv": f"""polevent verb dictionary: one row per member verb and code (lemma + particle).
{VERB_HEADER}
{DIRECTION_HELP}""",
    "verb_patterns.tsv": f"""polevent verb patterns, attached to the verb named in their '# VERB'
comment (else to every verb of their block); before/after: words in order, '&NAME' = synset,
'a|b' = alternatives, 'w*' = prefix.
{VERB_HEADER}
{DIRECTION_HELP}""",
    "synsets.tsv": f"""polevent synonym sets used in verb patterns (members and generated plurals).
{VERB_HEADER}""",
}
COLUMNS = {
    "cameo.tsv": "code label root quad_class goldstein goldstein_note plover_type plover_mode "
    "plover_context plover_note",
    "verbs.tsv": "lemma particle code direction block source",
    "verb_patterns.tsv": "lemma particle code direction before after block source",
    "synsets.tsv": "synset form kind source",
}


def build(shared: Path, out: Path) -> dict[str, int]:
    """Write the four tables into ``out``; returns row counts and prints the notes to stderr."""
    cameo = cameo_rows(shared)
    vd = parse_verb_dictionary(_read_lines(shared / VERBFILE))
    tables = verb_rows(vd, {row[0] for row in cameo})
    rows = {
        "cameo.tsv": cameo,
        "verbs.tsv": tables.verbs,
        "verb_patterns.tsv": tables.patterns,
        "synsets.tsv": synset_rows(vd),
    }
    counts = {}
    for name, columns in COLUMNS.items():
        counts[name] = write_tsv(
            out / name, HEADERS[name].splitlines(), columns.split(), rows[name]
        )
    wide = [note for note in tables.notes if note.startswith("block-wide")]
    counts["patterns applied block-wide"] = len(wide)
    for note in tables.notes:
        if note not in wide:
            print(note, file=sys.stderr)
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared data directory")
    parser.add_argument("--out", type=Path, default=OUT, help="where the TSV files go")
    args = parser.parse_args(argv)
    for name, count in build(args.shared, args.out).items():
        print(f"{name}: {count}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
