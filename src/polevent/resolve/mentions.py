"""Where place names are in a parsed Doc: spans, their kind and their syntactic hints.

``find_mentions`` looks at the entity spans (GPE, LOC, FAC; NORP for demonyms), capitalised
proper-noun runs the gazetteer knows, hyphen/``and``/comma joins the gazetteer knows as one name
("Pakistan-occupied Kashmir", "Jammu and Kashmir", "Washington, D.C.") and an all-capitals
dateline. The small model tags some places ORG or PERSON: an organisation that is all a
well-known place ("Edmonton"; an acronym only if a country, admin-1 unit or curated place:
"DRC", not "CNN") and a one-word ORG/PERSON the gazetteer knows in a location phrase ("in
Beslan") are taken as places. Entities that start lower-case or with a title ("Ms Raggi") are
not places; a NORP word that is neither a demonym nor a well-known place ("Arab") is dropped.
Nothing here chooses between gazetteer entries; ``polevent.resolve.ranking`` does that.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from spacy.attrs import POS
from spacy.symbols import PROPN

from polevent.coding.kb import iso_codes, load_actors, split_actor_code
from polevent.resolve.speech_cues import load_speech_cues

__all__ = [
    "LOCATIVE_PREPS",
    "REGION_DEMONYMS",
    "SITE_WORDS",
    "Mention",
    "PlaceWords",
    "dateline_span",
    "find_mentions",
    "load_place_words",
]

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Entity labels the small model gives places it does not know ("in Beslan" as ORG).
MISREAD_LABELS = frozenset({"ORG", "PERSON", "PRODUCT", "WORK_OF_ART"})
SKIP_LABELS = frozenset({"PERSON", "ORG", "DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL"})
LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "across", "throughout", "from", "into", "around"}
    | {"along", "on", "off", "within", "towards", "toward", "to", "over", "through"}
)
# Verbs whose subject, when it is a capital or a country, names a government ("Kabul rejected").
POLITICAL_ACTS = frozenset(
    {
        "accuse",
        "agree",
        "announce",
        "approve",
        "ask",
        "back",
        "block",
        "call",
        "claim",
        "condemn",
        "criticise",
        "criticize",
        "decide",
        "demand",
        "deny",
        "dismiss",
        "expel",
        "impose",
        "insist",
        "offer",
        "oppose",
        "pledge",
        "propose",
        "protest",
        "push",
        "recognise",
        "recognize",
        "refuse",
        "reject",
        "respond",
        "retaliate",
        "sanction",
        "seek",
        "sign",
        "slam",
        "summon",
        "support",
        "threaten",
        "urge",
        "veto",
        "vow",
        "want",
        "warn",
        "welcome",
    }
)
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_JOINERS = frozenset({"and", "-", "\u2013", "of", "&"})
_SPLITTERS = frozenset({"and", ",", "&", "/", "or", "-", "\u2013"})
# Words around a name that the gazetteer does not list: "Chabahar Port", "North-Western Sydney".
_GENERIC_HEADS = frozenset(
    {"port", "province", "region", "district", "city", "state", "governorate", "prefecture"}
    | {"area", "town", "village", "municipality", "county", "valley", "island", "islands"}
    | {"borough", "oblast"}
)
# Words that call the name next to them a place ("the town of X", "X district").
_PLACE_WORDS = frozenset(
    {"town", "city", "village", "district", "province", "governorate", "region", "suburb"}
    | {"neighbourhood", "neighborhood", "municipality", "county", "prefecture", "oblast"}
)
# Last words of street and building names: an unknown one is placed at the article's main town
# (``polevent.resolve.places``), so a known name inside it is not cut out ("St. Michael's").
SITE_WORDS = frozenset(
    {"street", "avenue", "road", "square", "bridge", "park", "hospital", "airport", "cathedral"}
    | {"church", "mosque", "temple", "station", "stadium", "university", "hall", "market"}
    | {"prison", "embassy", "palace", "building", "tower", "centre", "center", "boulevard"}
    | {"lane", "highway", "plaza", "school", "college", "museum", "hotel", "court", "st", "st."}
)
# Adjectives of places that are not countries (the actor knowledge base has the countries').
REGION_DEMONYMS = MappingProxyType(
    {"english": "England", "scottish": "Scotland", "welsh": "Wales", "scots": "Scotland"}
)
# Titles before a person's name, which the parser sometimes reads as part of a place.
_TITLES = frozenset({"Mr", "Ms", "Mrs", "Miss", "Dr", "Sir", "Dame", "Lord", "Lady", "Rev"})
# Generic heads that make the name before them an administrative unit ("New York state").
_UNIT_HEADS = frozenset(
    {"state", "province", "governorate", "prefecture", "oblast", "county", "district"} | {"borough"}
)
# News-style (AP) abbreviations of US states and Canadian provinces the gazetteer may lack.
POSTAL_ABBREVIATIONS = MappingProxyType(
    {
        "ala.": "Alabama", "ariz.": "Arizona", "ark.": "Arkansas", "calif.": "California",
        "colo.": "Colorado", "conn.": "Connecticut", "del.": "Delaware", "fla.": "Florida",
        "ga.": "Georgia", "ill.": "Illinois", "ind.": "Indiana", "kan.": "Kansas",
        "ky.": "Kentucky", "la.": "Louisiana", "md.": "Maryland", "mass.": "Massachusetts",
        "mich.": "Michigan", "minn.": "Minnesota", "miss.": "Mississippi", "mo.": "Missouri",
        "mont.": "Montana", "neb.": "Nebraska", "nev.": "Nevada", "n.h.": "New Hampshire",
        "n.j.": "New Jersey", "n.m.": "New Mexico", "n.y.": "New York",
        "n.c.": "North Carolina", "n.d.": "North Dakota", "okla.": "Oklahoma",
        "ore.": "Oregon", "pa.": "Pennsylvania", "r.i.": "Rhode Island",
        "s.c.": "South Carolina", "s.d.": "South Dakota", "tenn.": "Tennessee",
        "vt.": "Vermont", "va.": "Virginia", "wash.": "Washington", "w.va.": "West Virginia",
        "wis.": "Wisconsin", "wyo.": "Wyoming", "b.c.": "British Columbia",
        "alta.": "Alberta", "sask.": "Saskatchewan", "man.": "Manitoba", "ont.": "Ontario",
        "que.": "Quebec", "n.s.": "Nova Scotia", "n.b.": "New Brunswick",
    }
)  # fmt: skip
_DIRECTIONS = re.compile(
    r"^(?:(?:north|south|east|west|central|upper|lower|greater|inner|outer|northern|southern|"
    r"eastern|western|mid)(?:[- ]?(?:east|west|ern|eastern|western))?\s+)+",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"\A\s*(?P<place>[A-Z][A-Z.'\u2019-]*(?:\s+[A-Z][A-Z.'\u2019-]*){0,3})"
    r"(?:\s*,\s*[A-Za-z][A-Za-z. ]{0,25}?)?(?:\s*,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*(?:\([^)]{1,40}\))?\s*(?:-|\u2014|\u2013)\s"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceWords:
    """What the actor knowledge base says about names: demonyms and country/capital names
    (ISO-3) and names that are people or organisations rather than places."""

    demonyms: Mapping[str, str]
    governments: Mapping[str, str]
    people: frozenset[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """A place name in a Doc: tokens ``[start, end)``, kind, and what the syntax says.

    ``country`` is the ISO-3 of a demonym; ``government`` is set for a country or capital name
    in the knowledge base; ``label`` is the entity label or ``PROPN``/``JOIN``/``DATELINE``/
    ``NAMED`` (a name the text calls a place: "the town of X");
    ``query`` is the name looked up when it differs from ``text`` ("Chabahar Port" ->
    "Chabahar", "North-Western Sydney" -> "Sydney", "Mo." -> "Missouri"); ``unit`` says the
    text names an administrative unit ("New York state", "Wash.", "Kandahar province").
    """

    start: int
    end: int
    text: str
    kind: str
    label: str
    country: str | None = None
    government: str | None = None
    query: str | None = None
    unit: bool = False

    @property
    def name(self) -> str:
        """The name to look up in the gazetteer."""
        return self.query or self.text


def _iso(code: str) -> str | None:
    country = split_actor_code(code)[0]
    if country is None:
        return None
    country = iso_codes().get(country, country)
    return country if len(country) == 3 else None


@functools.cache
def load_place_words() -> PlaceWords:
    """Demonyms, government names and people from the packaged actor rows (built once)."""
    demonyms: dict[str, str] = {}
    governments: dict[str, str] = {}
    people: set[str] = set()
    for row in load_actors():
        name = " ".join(row.words)
        if row.kind == "demonym" and (iso := _iso(row.code)) and row.valid_to is None:
            demonyms.setdefault(name, iso)
        elif row.kind in {"country", "capital"} and (iso := _iso(row.code)):
            if row.valid_to is None:
                governments.setdefault(name, iso)
        elif row.kind in {"person", "organisation", "group"}:
            people.add(name)
    return PlaceWords(
        demonyms=MappingProxyType(demonyms),
        governments=MappingProxyType(governments),
        people=frozenset(people - governments.keys() - demonyms.keys()),
    )


@functools.cache
def _speech_lemmas() -> frozenset[str]:
    cues = load_speech_cues()
    verbs = {key[0] for key, kind in cues.verbs.items() if kind in {"speech", "stance"}}
    return frozenset(verbs | POLITICAL_ACTS)


def _trim(doc: Any, start: int, end: int) -> tuple[int, int]:
    """Drop a leading article and a trailing possessive or punctuation from a span."""
    while start < end and (doc[start].lower_ in {"the", "a"} or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in {"'s", "\u2019s", "'"} or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _text(doc: Any, start: int, end: int) -> str:
    return str(doc[start:end].text)


def _is_metonym(root: Any) -> bool:
    """A subject of a speech or political act ("Washington said", "Kabul rejected")."""
    if root.dep_ not in SUBJECT_DEPS:
        return False
    verb = root.head
    return bool(verb.pos_ in {"VERB", "AUX"} and verb.lemma_.lower() in _speech_lemmas())


Known = Callable[[str], bool]


def find_mentions(
    doc: Any, *, known: Known, strong: Known, unit: Known | None = None
) -> list[Mention]:
    """Place-name mentions in ``doc``, in text order, not overlapping.

    ``known(name)`` says the gazetteer has the name; ``strong(name)`` that it has it as a
    country, admin-1 unit, curated place or sizeable town (so a bare capitalised word may be
    taken as a place even where the parser saw no entity); ``unit(name)`` (default ``strong``)
    that it has it as a country, admin-1 unit or curated place: an acronym the parser read as an
    organisation is a place only then ("DRC", "NSW", not "CNN").
    """
    words = load_place_words()
    taken = [False] * len(doc)
    spans: list[Mention] = []

    def add(start: int, end: int, label: str) -> None:
        start, end = _trim(doc, start, end)
        if start >= end or any(taken[start:end]) or not _proper(doc, start, label):
            return
        if label in PLACE_LABELS and end - start > 1 and not known(_text(doc, start, end)):
            parts = _parts(doc, start, end)
            if len(parts) > 1:
                for part in parts:
                    add(*part, label)
                return
            inner = _known_inside(doc, start, end, known, strong)
            prefix = _country_prefix(doc, doc[start:end], words, demonyms=False)
            if inner is None and prefix is not None:
                inner = start, prefix
            if inner is not None:
                start, end = inner
        mention = _classify(doc, start, end, label, words, (known, strong))
        if mention is not None:
            spans.append(mention)
            taken[start:end] = [True] * (end - start)

    for start, end in _joins(doc, known):
        add(start, end, "JOIN")
    dateline = dateline_span(doc)
    if dateline is not None and known(_text(doc, *dateline)):
        add(*dateline, "DATELINE")
    for ent in doc.ents:
        found = _entity_span(doc, ent, words, (known, strong, unit or strong))
        if found is not None:
            add(ent.start, found, ent.label_)
    for ent in doc.ents:
        if ent.label_ in SKIP_LABELS:
            taken[ent.start : ent.end] = [True] * (ent.end - ent.start)
    for start, end in _propn_runs(doc, taken):
        name = _text(doc, start, end)
        if strong(name) or (known(name) and _locative(doc[start:end].root)):
            add(start, end, "PROPN")
        elif known(name) and _named_as_place(doc, start, end):
            add(start, end, "NAMED")  # "the town of Balakot", "Kurram district"
    return sorted(spans, key=lambda m: m.start)


def _entity_span(
    doc: Any, ent: Any, words: PlaceWords, tests: tuple[Known, Known, Known]
) -> int | None:
    """Where the place an entity names ends (``None``: it names none)."""
    known, strong, unit = tests
    if ent.label_ in PLACE_LABELS:
        return _extended(doc, ent.start, ent.end, known)
    if ent.label_ == "NORP":
        return int(ent.end)
    if ent.label_ == "ORG" and _strong_org(doc, ent, strong, unit):
        return int(ent.end)  # "Edmonton", "Guinea-Bissau" read as organisations
    if ent.label_ == "ORG" and (prefix := _country_prefix(doc, ent, words)) is not None:
        return prefix  # "U.S. Department of Agriculture"
    if ent.label_ in MISREAD_LABELS and _misread_place(doc, ent, known, words):
        return int(ent.end)  # "demonstrated in Beslan" (read as ORG)
    return None


def _misread_place(doc: Any, ent: Any, known: Known, words: PlaceWords) -> bool:
    """A one-word organisation, person or product entity that the gazetteer knows and that
    stands where places stand ("in Taji", "the siege on Manbij"): the parser misread a place."""
    start, end = _trim(doc, ent.start, ent.end)
    if end - start != 1 or not doc[start].text[:1].isupper() or doc[start].is_upper:
        return False
    text = _text(doc, start, end)
    key = text.lower()
    if key in words.people or key in words.demonyms:
        return False
    return _locative(doc[start]) and known(text)


_PARTICLES = frozenset({"do", "da", "de", "del", "dos", "das", "di", "du", "of", "al", "el"})


def _extended(doc: Any, start: int, end: int, known: Known) -> int:
    """The end of an entity that stops before a particle and a capitalised word the gazetteer
    knows with it, or after "St.": "Rio Grande" + "do Sul", "Fort St." + "John" (the parser's
    entity ends too early)."""
    particle = end + 1 < len(doc) and doc[end].lower_ in _PARTICLES
    if particle and doc[end + 1].text[:1].isupper() and known(_text(doc, start, end + 2)):
        return end + 2
    abbreviated = doc[end - 1].text in {"St.", "Ste.", "Mt.", "Ft."} and end < len(doc)
    if abbreviated and doc[end].text[:1].isupper() and known(_text(doc, start, end + 1)):
        return end + 1  # "Fort St." + "John"
    return end


def _proper(doc: Any, start: int, label: str) -> bool:
    """A place name starts with a capital letter and not with a title ("Ms Raggi"); demonyms
    and datelines are exempt."""
    first = doc[start].text
    if label in {"NORP", "DATELINE"}:
        return True
    return first[:1].isupper() and first.rstrip(".") not in _TITLES


def _strong_org(doc: Any, ent: Any, strong: Known, unit: Known) -> bool:
    """An organisation entity that is all a well-known place name ("Edmonton"); an acronym
    only if it names a country, admin-1 unit or curated place ("DRC", not "CNN")."""
    start, end = _trim(doc, ent.start, ent.end)
    text = _text(doc, start, end)
    if not text:
        return False
    return unit(text) if text.isupper() and len(text) <= 5 else strong(text)


def _classify(
    doc: Any, start: int, end: int, label: str, words: PlaceWords, tests: tuple[Known, Known]
) -> Mention | None:
    known, strong = tests
    text = _text(doc, start, end)
    key = text.lower().replace("\u2019", "'")
    if label == "NORP" or key in words.demonyms:
        iso = words.demonyms.get(key) or words.demonyms.get(key.rstrip("s"))
        if iso is not None:
            return Mention(
                start=start, end=end, text=text, kind="demonym", label=label, country=iso
            )
        region = REGION_DEMONYMS.get(key)
        if region is not None and known(region):
            return Mention(
                start=start, end=end, text=text, kind="demonym", label=label, query=region
            )
        if label == "NORP" and not strong(text):
            return None  # "English", "Arab": not the towns English, Indiana or Arab, Alabama
    if key in words.people and not known(text):
        return None
    if label not in PLACE_LABELS | {"JOIN", "DATELINE"} and key in words.people:
        return None
    government = words.governments.get(key)
    root = doc[start:end].root
    kind = "metonym" if government is not None and _is_metonym(root) else "place"
    postal = POSTAL_ABBREVIATIONS.get(key)
    if postal is not None and known(postal):
        query: str | None = postal  # "Mo." is Missouri, not the Norwegian town Mo
    else:
        query = None if known(text) else _shorter(text, known, strong)
    words_of = text.split()
    unit = (
        postal is not None
        or (query is not None and len(words_of) > 1 and words_of[-1].lower() in _UNIT_HEADS)
        or (end < len(doc) and doc[end].lower_ in _UNIT_HEADS and label != "ORG")
    )
    return Mention(
        start=start,
        end=end,
        text=text,
        kind=kind,
        label=label,
        government=government,
        query=query,
        unit=unit,
    )


def _country_prefix(doc: Any, ent: Any, words: PlaceWords, *, demonyms: bool = True) -> int | None:
    """End of a country name (or, with ``demonyms``, a demonym) opening a longer name: "U.S.
    Department of Agriculture", "Indian External Affairs Ministry"; ``None`` if there is none.
    A place the gazetteer lacks is not searched for demonyms ("Indian Ocean" is not India)."""
    for end in range(min(ent.end - 1, ent.start + 3), ent.start, -1):
        key = doc[ent.start : end].text.lower()
        if key in words.governments or (demonyms and key in words.demonyms):
            return int(end)
    return None


def _known_inside(
    doc: Any, start: int, end: int, known: Known, strong: Known
) -> tuple[int, int] | None:
    """The longest name inside an unknown span: one of several words that covers half of it
    ("Santa Ana City Council" -> "Santa Ana"), or a well-known name the rest of the span only
    qualifies ("Indian Ocean coast" -> "Indian Ocean")."""
    size = end - start
    if size > 6 or (size > 1 and doc[end - 1].lower_ in SITE_WORDS):
        return None
    for width in range(size - 1, 0, -1):
        for first in range(start, end - width + 1):
            if not doc[first].text[:1].isupper():
                continue
            name = _text(doc, first, first + width)
            rest = [*doc[start:first], *doc[first + width : end]]
            generic = all(t.is_lower or t.lower_ in _GENERIC_HEADS for t in rest)
            if known(name) and ((width >= 2 and 2 * width >= size) or (generic and strong(name))):
                return first, first + width
    return None


def _parts(doc: Any, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut at "and", commas and slashes: "Cattai and Wilberforce" -> two names."""
    parts: list[tuple[int, int]] = []
    begin = start
    for token in doc[start:end]:
        if token.lower_ in _SPLITTERS:
            if token.i > begin:
                parts.append((begin, token.i))
            begin = token.i + 1
    if begin < end:
        parts.append((begin, end))
    return parts


def _shorter(text: str, known: Known, strong: Known) -> str | None:
    """The name without a generic word after it ("Chabahar Port") if the gazetteer knows it,
    or without a direction word before it ("North-Western Sydney") if it knows it well."""
    words = text.split()
    if len(words) > 1 and words[-1].lower() in _GENERIC_HEADS:
        head = " ".join(words[:-1])
        if known(head):
            return head
    bare = _DIRECTIONS.sub("", text)
    if bare and bare != text and strong(bare):
        return bare
    full = POSTAL_ABBREVIATIONS.get(text.lower())
    return full if full is not None and known(full) else None


def _named_as_place(doc: Any, start: int, end: int) -> bool:
    """A capitalised name the text itself calls a place: "the town of Balakot", "the village of
    Ashmi", "Kurram district" (a unit word after it)."""
    before = [t.lower_ for t in doc[max(0, start - 2) : start]]
    after = doc[end].lower_ if end < len(doc) else ""
    return (len(before) == 2 and before[1] == "of" and before[0] in _PLACE_WORDS) or (
        after in _PLACE_WORDS and doc[end].is_lower
    )


def _locative(root: Any) -> bool:
    """The word sits in a location phrase: object of in/at/near..., or joined to one."""
    token = root
    for _ in range(4):
        if token.dep_ == "pobj":
            return bool(token.head.lower_ in LOCATIVE_PREPS)
        if token.dep_ not in {"conj", "appos", "compound", "nmod"} or token.head is token:
            return False
        token = token.head
    return False


def _propn_runs(doc: Any, taken: list[bool]) -> list[tuple[int, int]]:
    """Maximal runs of capitalised proper nouns outside entities and earlier spans."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    end = -1
    for i in (doc.to_array(POS) == PROPN).nonzero()[0].tolist():
        text = doc[i].text
        if taken[i] or len(text) <= 2 or not text[:1].isupper():
            continue
        if start is not None and i == end:
            end = i + 1
            continue
        if start is not None:
            runs.append((start, end))
        start, end = i, i + 1
    if start is not None:
        runs.append((start, end))
    return runs


def _joins(doc: Any, known: Known) -> list[tuple[int, int]]:
    """Entity pairs joined by "and", a hyphenated word or a comma that the gazetteer knows as
    one name: "Jammu and Kashmir", "Pakistan-occupied Kashmir", "Washington, D.C."."""
    found: list[tuple[int, int]] = []
    ents = [e for e in doc.ents if e.label_ in PLACE_LABELS]
    for first, second in itertools.pairwise(ents):
        gap = doc[first.end : second.start]
        if len(gap) == 1 and gap[0].text == ",":
            start, end = _trim(doc, first.start, second.end)
            if known(_text(doc, start, end)):
                found.append((start, end))  # "Washington, D.C." is one name
            continue
        if not 1 <= len(gap) <= 3 or not any(t.lower_ in _JOINERS for t in gap):
            continue
        if not all(t.lower_ in _JOINERS or t.is_lower for t in gap):
            continue
        start, end = _trim(doc, first.start, second.end)
        if known(_text(doc, start, end)):
            found.append((start, end))
    return found


def dateline_span(doc: Any) -> tuple[int, int] | None:
    """Tokens of the place in an opening dateline ("NEW DELHI, May 16 (Reuters) -",
    "KABUL \u2014"), or ``None``."""
    match = _DATELINE.match(doc[: min(len(doc), 40)].text)
    if match is None or not any(c.isalpha() for c in match["place"]):
        return None
    span = doc.char_span(match.start("place"), match.end("place"), alignment_mode="expand")
    return None if span is None else (span.start, span.end)
