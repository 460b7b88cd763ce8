"""Toponym resolution in context and event location, on hand-built Docs and a tiny gazetteer."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
import spacy
from spacy.tokens import Doc

from polevent.records import Toponym
from polevent.resolve.gazetteer import Candidate, InMemoryGazetteer
from polevent.resolve.places import find_dateline, find_toponyms, locate_event

# (text, pos, head index, dep, entity IOB); the lemma is the lower-cased text
Tok = tuple[str, str, int, str, str]
_GLUED_BEFORE = {".", ",", "'s", ")", "-"}
_GLUED_AFTER = {"(", "-"}


def make_doc(tokens: Sequence[Tok]) -> Doc:
    words = [t[0] for t in tokens]
    spaces = [
        i + 1 < len(words) and words[i + 1] not in _GLUED_BEFORE and words[i] not in _GLUED_AFTER
        for i in range(len(words))
    ]
    lemmas = {"said": "say", "rejected": "reject", "killed": "kill", "spoke": "speak"}
    lemmas |= {"patrolled": "patrol", "streets": "street", "alleged": "allege"}
    return Doc(
        spacy.blank("en").vocab,
        words=words,
        spaces=spaces,
        lemmas=[lemmas.get(w, w.lower()) for w in words],
        pos=[t[1] for t in tokens],
        heads=[t[2] for t in tokens],
        deps=[t[3] for t in tokens],
        ents=[t[4] for t in tokens],
    )


def _place(
    gid: int,
    name: str,
    lat: float,
    lon: float,
    code: str,
    country: str | None,
    *,
    admin1: str | None = None,
    population: float = 0,
) -> Candidate:
    fclass = "P" if code.startswith("PPL") else "A" if code.startswith(("PCL", "ADM")) else "L"
    return Candidate(
        geonameid=gid,
        name=name,
        lat=lat,
        lon=lon,
        feature_class=fclass,
        feature_code=code,
        country=country,
        admin1=admin1,
        population=int(population),
        source="test",
    )


ENTRIES: list[tuple[Candidate, tuple[str, ...]]] = [
    (_place(1255634, "Srinagar", 34.09, 74.81, "PPLA", "IND", population=1_000_000), ()),
    (_place(390903, "Greece", 39.0, 22.0, "PCLI", "GRC", population=10_700_000), ()),
    (_place(614540, "Georgia", 42.0, 43.5, "PCLI", "GEO", population=3_731_000), ()),
    (
        _place(4197000, "Georgia", 32.75, -83.5, "ADM1", "USA", admin1="Georgia", population=10e6),
        (),
    ),
    (
        _place(611717, "Tbilisi", 41.69, 44.83, "PPLC", "GEO", admin1="Tbilisi", population=1e6),
        (),
    ),
    (
        _place(4180439, "Atlanta", 33.75, -84.39, "PPLA", "USA", admin1="Georgia", population=5e5),
        (),
    ),
    (_place(6252001, "United States", 39.76, -98.5, "PCLI", "USA", population=327e6), ("US",)),
    (_place(294640, "Israel", 31.5, 34.75, "PCLI", "ISR", population=8_900_000), ()),
    (
        _place(281133, "Gaza", 31.50, 34.47, "PPLA", "PSE", admin1="Gaza Strip", population=41e4),
        (),
    ),
    (
        _place(1045295, "Gaza", -23.0, 33.0, "ADM1", "MOZ", admin1="Gaza", population=1_200_000),
        (),
    ),
    (
        _place(
            4140963,
            "Washington",
            38.9,
            -77.04,
            "PPLC",
            "USA",
            admin1="District of Columbia",
            population=689_545,
        ),
        (),
    ),
    (_place(1149361, "Afghanistan", 33.0, 66.0, "PCLI", "AFG", population=37e6), ()),
    (_place(1138958, "Kabul", 34.53, 69.17, "PPLC", "AFG", admin1="Kabul", population=3e6), ()),
    (_place(1269750, "India", 22.0, 79.0, "PCLI", "IND", population=1.35e9), ()),
    (_place(1168579, "Pakistan", 30.0, 70.0, "PCLI", "PAK", population=212e6), ()),
    (_place(130758, "Iran", 32.0, 53.0, "PCLI", "IRN", population=81e6), ()),
    (
        _place(
            1269320,
            "Jammu and Kashmir",
            33.5,
            75.0,
            "ADM1",
            "IND",
            admin1="Jammu and Kashmir",
            population=12e6,
        ),
        (),
    ),
    (
        _place(
            1260108,
            "Pahalgam",
            34.03,
            75.33,
            "PPL",
            "IND",
            admin1="Jammu and Kashmir",
            population=9_264,
        ),
        (),
    ),
    (
        _place(
            1184196,
            "Azad Kashmir",
            34.0,
            73.9,
            "ADM1",
            "PAK",
            admin1="Azad Kashmir",
            population=4e6,
        ),
        ("Pakistan-occupied Kashmir", "Azad Jammu and Kashmir"),
    ),
    (_place(-10, "Chabahar Port", 25.3, 60.62, "PRT", "IRN", population=0), ()),
    (
        _place(282615, "Nablus", 32.22, 35.25, "PPLA", "PSE", admin1="West Bank", population=1e5),
        (),
    ),
    (_place(1261481, "New Delhi", 28.64, 77.22, "PPLC", "IND", admin1="Delhi", population=3e5), ()),
]


@pytest.fixture
def gazetteer() -> InMemoryGazetteer:
    return InMemoryGazetteer(ENTRIES)


def _by_text(toponyms: Sequence[Toponym]) -> dict[str, Toponym]:
    return {t.text: t for t in toponyms}


def _resolved(toponym: Toponym) -> tuple[str, str | None, str | None]:
    assert toponym.place is not None, toponym.reason
    return toponym.place.name, toponym.place.feature, toponym.place.country


# ------------------------------------------------------------------------- resolution in context

# "Georgia 's president spoke in Tbilisi ."
GEORGIA_TBILISI: list[Tok] = [
    ("Georgia", "PROPN", 2, "poss", "B-GPE"),
    ("'s", "PART", 0, "case", "O"),
    ("president", "NOUN", 3, "nsubj", "O"),
    ("spoke", "VERB", 3, "ROOT", "O"),
    ("in", "ADP", 3, "prep", "O"),
    ("Tbilisi", "PROPN", 4, "pobj", "B-GPE"),
    (".", "PUNCT", 3, "punct", "O"),
]


def test_georgia_next_to_tbilisi_is_the_country(gazetteer: InMemoryGazetteer) -> None:
    found = _by_text(find_toponyms(make_doc(GEORGIA_TBILISI), gazetteer=gazetteer))

    assert _resolved(found["Georgia"]) == ("Georgia", "PCLI", "GEO")
    assert found["Georgia"].candidates == 2
    assert "GEO" in found["Georgia"].reason
    assert _resolved(found["Tbilisi"]) == ("Tbilisi", "PPLC", "GEO")
    place = found["Georgia"].place
    assert place is not None and place.precision == "country"
    assert doc_text(GEORGIA_TBILISI)[found["Tbilisi"].start : found["Tbilisi"].end] == "Tbilisi"


def test_georgia_next_to_atlanta_is_the_us_state(gazetteer: InMemoryGazetteer) -> None:
    tokens = [*GEORGIA_TBILISI]
    tokens[5] = ("Atlanta", "PROPN", 4, "pobj", "B-GPE")

    found = _by_text(find_toponyms(make_doc(tokens), gazetteer=gazetteer))

    assert _resolved(found["Georgia"]) == ("Georgia", "ADM1", "USA")
    assert "Atlanta lies in it" in found["Georgia"].reason
    place = found["Georgia"].place
    assert place is not None and place.precision == "admin1"


def test_actor_countries_are_a_weaker_hint_than_places(gazetteer: InMemoryGazetteer) -> None:
    # "Georgia 's president spoke ." alone is the country; an American actor in the story makes
    # it less sure but does not outweigh the country's prior the way "in Atlanta" does.
    doc = make_doc([*GEORGIA_TBILISI[:4], (".", "PUNCT", 3, "punct", "O")])
    alone = _by_text(find_toponyms(doc, gazetteer=gazetteer))["Georgia"]
    hinted = _by_text(find_toponyms(doc, gazetteer=gazetteer, countries=["USA"]))["Georgia"]

    assert _resolved(alone) == ("Georgia", "PCLI", "GEO")
    assert alone.confidence > 0.95
    assert _resolved(hinted) == ("Georgia", "PCLI", "GEO")
    assert hinted.confidence < alone.confidence


# "Israel struck Gaza ."
GAZA: list[Tok] = [
    ("Israel", "PROPN", 1, "nsubj", "B-GPE"),
    ("struck", "VERB", 1, "ROOT", "O"),
    ("Gaza", "PROPN", 1, "dobj", "B-GPE"),
    (".", "PUNCT", 1, "punct", "O"),
]


def test_gaza_in_a_middle_east_story_is_not_mozambique(gazetteer: InMemoryGazetteer) -> None:
    found = _by_text(find_toponyms(make_doc(GAZA), gazetteer=gazetteer))

    assert _resolved(found["Gaza"]) == ("Gaza", "PPLA", "PSE")
    assert "near Israel" in found["Gaza"].reason
    assert found["Gaza"].kind == "place"


def test_unknown_name_is_kept_unresolved(gazetteer: InMemoryGazetteer) -> None:
    tokens = [*GAZA]
    tokens[2] = ("Atlantis", "PROPN", 1, "dobj", "B-GPE")

    found = _by_text(find_toponyms(make_doc(tokens), gazetteer=gazetteer))

    assert found["Atlantis"].place is None
    assert found["Atlantis"].candidates == 0
    assert found["Atlantis"].reason == "not in the gazetteer"


# ----------------------------------------------------------------------- metonyms and demonyms

# "Washington said Kabul rejected the Afghan offer ."
METONYMS: list[Tok] = [
    ("Washington", "PROPN", 1, "nsubj", "B-GPE"),
    ("said", "VERB", 1, "ROOT", "O"),
    ("Kabul", "PROPN", 3, "nsubj", "B-GPE"),
    ("rejected", "VERB", 1, "ccomp", "O"),
    ("the", "DET", 6, "det", "O"),
    ("Afghan", "ADJ", 6, "amod", "B-NORP"),
    ("offer", "NOUN", 3, "dobj", "O"),
    (".", "PUNCT", 1, "punct", "O"),
]


def test_capitals_as_speakers_are_metonyms(gazetteer: InMemoryGazetteer) -> None:
    found = _by_text(find_toponyms(make_doc(METONYMS), gazetteer=gazetteer))

    assert found["Washington"].kind == "metonym"
    assert "subject of 'said'" in found["Washington"].reason
    assert _resolved(found["Washington"]) == ("Washington", "PPLC", "USA")
    assert found["Kabul"].kind == "metonym"
    assert "'rejected'" in found["Kabul"].reason


def test_demonym_resolves_to_its_country(gazetteer: InMemoryGazetteer) -> None:
    found = _by_text(find_toponyms(make_doc(METONYMS), gazetteer=gazetteer))

    assert found["Afghan"].kind == "demonym"
    assert _resolved(found["Afghan"]) == ("Afghanistan", "PCLI", "AFG")
    assert "demonym of Afghanistan" in found["Afghan"].reason


def test_metonyms_and_demonyms_are_not_event_locations(gazetteer: InMemoryGazetteer) -> None:
    doc = make_doc(METONYMS)
    toponyms = find_toponyms(doc, gazetteer=gazetteer)

    assert locate_event(doc[3], toponyms) is None
    assert locate_event(doc[1], toponyms) is None


# ------------------------------------------------------------------------ the seed's places

# "It is inaccessible via Pakistan - occupied Kashmir ( PoK ) . The Chabahar Port in Iran is
#  the route ."
SEED_ROUTE: list[Tok] = [
    ("It", "PRON", 1, "nsubj", "O"),
    ("is", "AUX", 1, "ROOT", "O"),
    ("inaccessible", "ADJ", 1, "acomp", "O"),
    ("via", "ADP", 1, "prep", "O"),
    ("Pakistan", "PROPN", 6, "npadvmod", "B-GPE"),
    ("-", "PUNCT", 6, "punct", "O"),
    ("occupied", "VERB", 7, "amod", "O"),
    ("Kashmir", "PROPN", 3, "pobj", "B-LOC"),
    ("(", "PUNCT", 7, "punct", "O"),
    ("PoK", "PROPN", 7, "appos", "O"),
    (")", "PUNCT", 7, "punct", "O"),
    (".", "PUNCT", 1, "punct", "O"),
    ("The", "DET", 14, "det", "O"),
    ("Chabahar", "PROPN", 14, "compound", "B-LOC"),
    ("Port", "PROPN", 17, "nsubj", "I-LOC"),
    ("in", "ADP", 14, "prep", "O"),
    ("Iran", "PROPN", 15, "pobj", "B-GPE"),
    ("is", "AUX", 17, "ROOT", "O"),
    ("the", "DET", 19, "det", "O"),
    ("route", "NOUN", 17, "attr", "O"),
    (".", "PUNCT", 17, "punct", "O"),
]


def test_pakistan_occupied_kashmir_is_the_pakistani_admin1_unit(
    gazetteer: InMemoryGazetteer,
) -> None:
    found = _by_text(find_toponyms(make_doc(SEED_ROUTE), gazetteer=gazetteer))

    assert "Pakistan" not in found and "Kashmir" not in found
    assert _resolved(found["Pakistan-occupied Kashmir"]) == ("Azad Kashmir", "ADM1", "PAK")
    assert _resolved(found["PoK"]) == ("Azad Kashmir", "ADM1", "PAK")
    assert "abbreviation of 'Pakistan-occupied Kashmir'" in found["PoK"].reason


def test_chabahar_port_is_in_iran(gazetteer: InMemoryGazetteer) -> None:
    found = _by_text(find_toponyms(make_doc(SEED_ROUTE), gazetteer=gazetteer))

    assert _resolved(found["Chabahar Port"]) == ("Chabahar Port", "PRT", "IRN")
    place = found["Chabahar Port"].place
    assert place is not None and place.precision == "point"


def test_a_generic_word_after_a_name_is_dropped_to_find_it() -> None:
    town = _place(1, "Chabahar", 25.29, 60.64, "PPL", "IRN", population=47_000)
    found = _by_text(find_toponyms(make_doc(SEED_ROUTE), gazetteer=InMemoryGazetteer([(town, ())])))

    assert _resolved(found["Chabahar Port"]) == ("Chabahar", "PPL", "IRN")
    assert found["Chabahar Port"].reason.startswith("looked up as 'Chabahar'")


# "They condemned the attack in Jammu and Kashmir 's Pahalgam ."
PAHALGAM: list[Tok] = [
    ("They", "PRON", 1, "nsubj", "O"),
    ("condemned", "VERB", 1, "ROOT", "O"),
    ("the", "DET", 3, "det", "O"),
    ("attack", "NOUN", 1, "dobj", "O"),
    ("in", "ADP", 3, "prep", "O"),
    ("Jammu", "PROPN", 4, "pobj", "B-GPE"),
    ("and", "CCONJ", 5, "cc", "O"),
    ("Kashmir", "PROPN", 9, "poss", "B-LOC"),
    ("'s", "PART", 7, "case", "O"),
    ("Pahalgam", "PROPN", 5, "conj", "O"),
    (".", "PUNCT", 1, "punct", "O"),
]


def test_pahalgam_is_read_inside_jammu_and_kashmir(gazetteer: InMemoryGazetteer) -> None:
    found = _by_text(find_toponyms(make_doc(PAHALGAM), gazetteer=gazetteer))

    assert _resolved(found["Jammu and Kashmir"]) == ("Jammu and Kashmir", "ADM1", "IND")
    assert _resolved(found["Pahalgam"]) == ("Pahalgam", "PPL", "IND")
    place = found["Pahalgam"].place
    assert place is not None and place.admin1 == "Jammu and Kashmir"
    assert "written as part of Jammu and Kashmir" in found["Pahalgam"].reason


def test_the_attack_is_located_at_its_most_precise_place(gazetteer: InMemoryGazetteer) -> None:
    doc = make_doc(PAHALGAM)
    located = locate_event(doc[1], find_toponyms(doc, gazetteer=gazetteer))

    assert located is not None and located.place is not None
    assert located.text == "Pahalgam"
    assert located.place.precision == "point"
    assert "'attack', the object of 'condemned'" in located.place.reason
    assert located.place.reason.startswith("event location: ")
    assert located.confidence == 0.75


# --------------------------------------------------------------------------------- locate_event

# "Troops killed militants in Nablus ."
NABLUS: list[Tok] = [
    ("Troops", "NOUN", 1, "nsubj", "O"),
    ("killed", "VERB", 1, "ROOT", "O"),
    ("militants", "NOUN", 1, "dobj", "O"),
    ("in", "ADP", 1, "prep", "O"),
    ("Nablus", "PROPN", 3, "pobj", "B-GPE"),
    (".", "PUNCT", 1, "punct", "O"),
]


def test_a_place_attached_to_the_verb_is_where_it_happened(gazetteer: InMemoryGazetteer) -> None:
    doc = make_doc(NABLUS)
    located = locate_event(doc[1], find_toponyms(doc, gazetteer=gazetteer))

    assert located is not None and located.place is not None
    assert (located.text, located.place.country, located.place.precision) == (
        "Nablus",
        "PSE",
        "point",
    )
    assert "'in Nablus' is attached to 'killed'" in located.reason
    assert located.confidence == 0.9


# "Troops patrolled the streets of Srinagar ."
SRINAGAR: list[Tok] = [
    ("Troops", "NOUN", 1, "nsubj", "O"),
    ("patrolled", "VERB", 1, "ROOT", "O"),
    ("the", "DET", 3, "det", "O"),
    ("streets", "NOUN", 1, "dobj", "O"),
    ("of", "ADP", 3, "prep", "O"),
    ("Srinagar", "PROPN", 4, "pobj", "B-GPE"),
    (".", "PUNCT", 1, "punct", "O"),
]


def test_a_place_the_verb_acts_on_is_where_it_happened(gazetteer: InMemoryGazetteer) -> None:
    doc = make_doc(SRINAGAR)
    located = locate_event(doc[1], find_toponyms(doc, gazetteer=gazetteer))

    assert located is not None and located.text == "Srinagar"
    assert "'streets ... Srinagar' is what 'patrolled' acts on" in located.reason


# "The ambassador to Greece alleged fraud ."
AMBASSADOR: list[Tok] = [
    ("The", "DET", 1, "det", "O"),
    ("ambassador", "NOUN", 4, "nsubj", "O"),
    ("to", "ADP", 1, "prep", "O"),
    ("Greece", "PROPN", 2, "pobj", "B-GPE"),
    ("alleged", "VERB", 4, "ROOT", "O"),
    ("fraud", "NOUN", 4, "dobj", "O"),
    (".", "PUNCT", 4, "punct", "O"),
]


def test_the_country_an_envoy_is_sent_to_is_not_where_he_spoke(
    gazetteer: InMemoryGazetteer,
) -> None:
    doc = make_doc(AMBASSADOR)
    toponyms = find_toponyms(doc, gazetteer=gazetteer)

    assert [t.text for t in toponyms] == ["Greece"]
    assert locate_event(doc[4], toponyms) is None


def test_an_unknown_street_is_placed_at_the_articles_town(gazetteer: InMemoryGazetteer) -> None:
    tokens: list[Tok] = [
        ("Police", "NOUN", 1, "nsubj", "O"),
        ("closed", "VERB", 1, "ROOT", "O"),
        ("Royal", "PROPN", 3, "compound", "B-FAC"),
        ("Street", "PROPN", 1, "dobj", "I-FAC"),
        ("in", "ADP", 1, "prep", "O"),
        ("Nablus", "PROPN", 4, "pobj", "B-GPE"),
        (".", "PUNCT", 1, "punct", "O"),
    ]
    found = _by_text(find_toponyms(make_doc(tokens), gazetteer=gazetteer))

    street = found["Royal Street"]
    assert street.place is not None
    assert (street.place.name, street.place.precision, street.confidence) == (
        "Nablus",
        "admin2",
        0.3,
    )
    assert "a street placed at Nablus, the article's main town" in street.reason
    assert street.candidates == 0


# "Jaishankar held a call with the minister of Afghanistan 's regime ."
PHONE_CALL: list[Tok] = [
    ("Jaishankar", "PROPN", 1, "nsubj", "B-PERSON"),
    ("held", "VERB", 1, "ROOT", "O"),
    ("a", "DET", 3, "det", "O"),
    ("call", "NOUN", 1, "dobj", "O"),
    ("with", "ADP", 3, "prep", "O"),
    ("the", "DET", 6, "det", "O"),
    ("minister", "NOUN", 4, "pobj", "O"),
    ("of", "ADP", 6, "prep", "O"),
    ("Afghanistan", "PROPN", 10, "poss", "B-GPE"),
    ("'s", "PART", 8, "case", "O"),
    ("regime", "NOUN", 7, "pobj", "O"),
    (".", "PUNCT", 1, "punct", "O"),
]


def test_the_phone_call_is_located_nowhere(gazetteer: InMemoryGazetteer) -> None:
    doc = make_doc(PHONE_CALL)
    toponyms = find_toponyms(doc, gazetteer=gazetteer)

    assert [t.text for t in toponyms] == ["Afghanistan"]
    assert locate_event(doc[1], toponyms) is None


def test_never_a_place_from_another_sentence(gazetteer: InMemoryGazetteer) -> None:
    tokens = PHONE_CALL + [(t[0], t[1], t[2] + len(PHONE_CALL), t[3], t[4]) for t in NABLUS]
    doc = make_doc(tokens)
    toponyms = find_toponyms(doc, gazetteer=gazetteer)

    assert [t.text for t in toponyms] == ["Afghanistan", "Nablus"]
    assert locate_event(doc[1], toponyms) is None
    located = locate_event(doc[len(PHONE_CALL) + 1], toponyms)
    assert located is not None and located.text == "Nablus"


# "NEW DELHI , May 16 ( Reuters ) — Jaishankar held a call ."
DATELINE: list[Tok] = [
    ("NEW", "PROPN", 1, "compound", "B-GPE"),
    ("DELHI", "PROPN", 10, "nsubj", "I-GPE"),
    (",", "PUNCT", 1, "punct", "O"),
    ("May", "PROPN", 1, "npadvmod", "B-DATE"),
    ("16", "NUM", 3, "nummod", "I-DATE"),
    ("(", "PUNCT", 6, "punct", "O"),
    ("Reuters", "PROPN", 3, "appos", "B-ORG"),
    (")", "PUNCT", 6, "punct", "O"),
    ("—", "PUNCT", 1, "punct", "O"),
    ("Jaishankar", "PROPN", 10, "nsubj", "B-PERSON"),
    ("held", "VERB", 10, "ROOT", "O"),
    ("a", "DET", 12, "det", "O"),
    ("call", "NOUN", 10, "dobj", "O"),
    (".", "PUNCT", 10, "punct", "O"),
]


def test_the_dateline_is_the_last_resort(gazetteer: InMemoryGazetteer) -> None:
    doc = make_doc(DATELINE)
    assert doc.text.startswith("NEW DELHI, May 16 (Reuters) — Jaishankar")
    toponyms = find_toponyms(doc, gazetteer=gazetteer)
    dateline = find_dateline(doc, toponyms)

    assert dateline is not None and dateline.text == "NEW DELHI"
    assert locate_event(doc[10], toponyms) is None
    located = locate_event(doc[10], toponyms, dateline=dateline)
    assert located is not None and located.place is not None
    assert located.place.name == "New Delhi"
    assert "dateline 'NEW DELHI'" in located.place.reason
    assert located.confidence == 0.4


def test_no_dateline_without_one(gazetteer: InMemoryGazetteer) -> None:
    doc = make_doc(NABLUS)

    assert find_dateline(doc, find_toponyms(doc, gazetteer=gazetteer)) is None


def doc_text(tokens: Sequence[Tok]) -> str:
    return str(make_doc(tokens).text)


# ------------------------------------------------------------------ local news and unit names

_P = "PPL"
LOCAL: list[tuple[Candidate, tuple[str, ...]]] = [
    (_place(2988507, "Paris", 48.85, 2.35, "PPLC", "FRA", admin1="IDF", population=2e6), ()),
    (_place(3017382, "France", 46.0, 2.0, "PCLI", "FRA", population=67e6), ()),
    (_place(4402452, "Paris", 39.48, -92.0, _P, "USA", admin1="Missouri", population=1_200), ()),
    (_place(4398678, "Missouri", 38.2, -92.5, "ADM1", "USA", admin1="Missouri", population=6e6),
     ()),
    (_place(3145716, "Mo", 60.82, 5.8, _P, "NOR", admin1="Vestland", population=700), ()),
    (
        _place(5128581, "New York City", 40.71, -74.0, _P, "USA", admin1="New York",
               population=8e6),
        ("New York",),
    ),
    (_place(5128638, "New York", 43.0, -75.5, "ADM1", "USA", admin1="New York", population=2e7),
     ()),
    (_place(5946768, "Edmonton", 53.5, -113.5, "PPLA", "CAN", admin1="Alberta", population=1e6),
     ()),
    (
        _place(4140963, "Washington", 38.9, -77.04, "PPLC", "USA", admin1="District of Columbia",
               population=689_545),
        ("Washington, D.C.", "D.C."),
    ),
    (_place(5110629, "Buffalo", 42.89, -78.88, _P, "USA", admin1="New York", population=3e5), ()),
    (_place(5165418, "Ohio", 40.25, -83.0, "ADM1", "USA", admin1="Ohio", population=11e6), ()),
    (_place(614540, "Georgia", 42.0, 43.5, "PCLI", "GEO", population=3_731_000), ()),
    (_place(4197000, "Georgia", 32.75, -83.5, "ADM1", "USA", admin1="Georgia", population=1e7),
     ()),
]  # fmt: skip


@pytest.fixture
def local() -> InMemoryGazetteer:
    return InMemoryGazetteer(LOCAL)


def test_a_town_written_with_its_state_is_the_town_in_that_state(local: InMemoryGazetteer) -> None:
    # "A Paris , Missouri , man was arrested ." (the comma after the state does not make a list)
    tokens: list[Tok] = [
        ("A", "DET", 5, "det", "O"),
        ("Paris", "PROPN", 5, "compound", "B-GPE"),
        (",", "PUNCT", 1, "punct", "O"),
        ("Missouri", "PROPN", 1, "appos", "B-GPE"),
        (",", "PUNCT", 1, "punct", "O"),
        ("man", "NOUN", 7, "nsubjpass", "O"),
        ("was", "AUX", 7, "auxpass", "O"),
        ("arrested", "VERB", 7, "ROOT", "O"),
        (".", "PUNCT", 7, "punct", "O"),
    ]

    found = _by_text(find_toponyms(make_doc(tokens), gazetteer=local))

    assert _resolved(found["Paris"]) == ("Paris", "PPL", "USA")
    assert "written as part of Missouri" in found["Paris"].reason


def _in_sentence(*name: tuple[str, str]) -> list[Tok]:
    """ "Police marched in <name words> ." with the name's tokens and entity tags."""
    tokens: list[Tok] = [
        ("Police", "NOUN", 1, "nsubj", "O"),
        ("marched", "VERB", 1, "ROOT", "O"),
        ("in", "ADP", 1, "prep", "O"),
    ]
    last = 2 + len(name)
    for n, (word, ent) in enumerate(name):
        tokens.append((word, "PROPN", last if 3 + n < last else 2, "compound", ent))
    tokens[last] = (tokens[last][0], "PROPN", 2, "pobj", tokens[last][4])
    return [*tokens, (".", "PUNCT", 1, "punct", "O")]


def test_an_ap_state_abbreviation_is_the_state(local: InMemoryGazetteer) -> None:
    found = find_toponyms(make_doc(_in_sentence(("Mo.", "B-GPE"))), gazetteer=local)

    assert [t.text for t in found] == ["Mo."]
    assert _resolved(found[0]) == ("Missouri", "ADM1", "USA")
    assert "looked up as 'Missouri'" in found[0].reason


def test_new_york_is_the_city_unless_state_follows(local: InMemoryGazetteer) -> None:
    city = find_toponyms(
        make_doc(_in_sentence(("New", "B-GPE"), ("York", "I-GPE"))), gazetteer=local
    )
    state = find_toponyms(
        make_doc(_in_sentence(("New", "B-GPE"), ("York", "I-GPE"), ("state", "O"))),
        gazetteer=local,
    )

    assert _resolved(city[0]) == ("New York City", "PPL", "USA")
    assert [t.text for t in state] == ["New York"]
    assert _resolved(state[0]) == ("New York", "ADM1", "USA")


def test_a_city_read_as_an_organisation_is_still_a_place(local: InMemoryGazetteer) -> None:
    # "One Edmonton resident called ." (the small model tags Edmonton ORG)
    tokens: list[Tok] = [
        ("One", "NUM", 2, "nummod", "O"),
        ("Edmonton", "PROPN", 2, "compound", "B-ORG"),
        ("resident", "NOUN", 3, "nsubj", "O"),
        ("called", "VERB", 3, "ROOT", "O"),
        (".", "PUNCT", 3, "punct", "O"),
    ]

    found = find_toponyms(make_doc(tokens), gazetteer=local)

    assert [(t.text, t.kind) for t in found] == [("Edmonton", "place")]
    assert _resolved(found[0]) == ("Edmonton", "PPLA", "CAN")


def test_a_name_written_with_a_comma_is_one_toponym(local: InMemoryGazetteer) -> None:
    tokens = _in_sentence(("Washington", "B-GPE"), (",", "O"), ("D.C.", "B-GPE"))

    found = find_toponyms(make_doc(tokens), gazetteer=local)

    assert [t.text for t in found] == ["Washington, D.C."]
    assert _resolved(found[0]) == ("Washington", "PPLC", "USA")


def _killed_in(modifier: str, label: str, noun: str) -> list[Tok]:
    """ "He was killed in a <modifier> <noun> ." """
    return [
        ("He", "PRON", 2, "nsubjpass", "O"),
        ("was", "AUX", 2, "auxpass", "O"),
        ("killed", "VERB", 2, "ROOT", "O"),
        ("in", "ADP", 2, "prep", "O"),
        ("a", "DET", 6, "det", "O"),
        (modifier, "PROPN", 6, "compound", label),
        (noun, "NOUN", 3, "pobj", "O"),
        (".", "PUNCT", 2, "punct", "O"),
    ]


def test_a_country_modifying_a_noun_is_not_where_the_event_was(
    gazetteer: InMemoryGazetteer,
) -> None:
    strike = make_doc(_killed_in("U.S.", "B-GPE", "airstrike"))
    raid = make_doc(_killed_in("Nablus", "B-GPE", "raid"))

    strike_places = find_toponyms(strike, gazetteer=gazetteer)
    located = locate_event(raid[2], find_toponyms(raid, gazetteer=gazetteer))

    assert [t.text for t in strike_places] == ["U.S."]
    assert locate_event(strike[2], strike_places) is None
    assert located is not None and located.text == "Nablus"


def test_a_known_place_the_parser_read_as_a_person_is_a_place(
    gazetteer: InMemoryGazetteer,
) -> None:
    # "Police demonstrated in Kabul ." with Kabul tagged PERSON
    tokens: list[Tok] = [
        ("Police", "NOUN", 1, "nsubj", "O"),
        ("demonstrated", "VERB", 1, "ROOT", "O"),
        ("in", "ADP", 1, "prep", "O"),
        ("Kabul", "PROPN", 2, "pobj", "B-PERSON"),
        (".", "PUNCT", 1, "punct", "O"),
    ]
    doc = make_doc(tokens)

    found = find_toponyms(doc, gazetteer=gazetteer)

    assert [(t.text, t.kind) for t in found] == [("Kabul", "place")]
    located = locate_event(doc[1], found)
    assert located is not None and located.text == "Kabul"


def test_the_state_after_a_town_and_a_comma_is_the_state(local: InMemoryGazetteer) -> None:
    tokens = _in_sentence(("Buffalo", "B-GPE"), (",", "O"), ("New", "B-GPE"), ("York", "I-GPE"))

    found = _by_text(find_toponyms(make_doc(tokens), gazetteer=local))

    assert _resolved(found["Buffalo"]) == ("Buffalo", "PPL", "USA")
    assert _resolved(found["New York"]) == ("New York", "ADM1", "USA")


def test_a_name_listed_with_states_is_a_state(local: InMemoryGazetteer) -> None:
    # "Police marched in Missouri , Ohio and Georgia ." (alone, Georgia is the country)
    names = [("Missouri", "B-GPE"), (",", "O"), ("Ohio", "B-GPE"), ("and", "O")]
    listed = _by_text(
        find_toponyms(make_doc(_in_sentence(*names, ("Georgia", "B-GPE"))), gazetteer=local)
    )
    alone = find_toponyms(make_doc(_in_sentence(("Georgia", "B-GPE"))), gazetteer=local)

    assert _resolved(listed["Georgia"]) == ("Georgia", "ADM1", "USA")
    assert "listed with other admin-1 units" in listed["Georgia"].reason
    assert _resolved(alone[0]) == ("Georgia", "PCLI", "GEO")


def test_a_known_name_the_text_calls_a_town_is_a_place(gazetteer: InMemoryGazetteer) -> None:
    # "Fighters left the town of Pahalgam ." (no entity; "of" is not a location preposition)
    tokens: list[Tok] = [
        ("Fighters", "NOUN", 1, "nsubj", "O"),
        ("left", "VERB", 1, "ROOT", "O"),
        ("the", "DET", 3, "det", "O"),
        ("town", "NOUN", 1, "dobj", "O"),
        ("of", "ADP", 3, "prep", "O"),
        ("Pahalgam", "PROPN", 4, "pobj", "O"),
        (".", "PUNCT", 1, "punct", "O"),
    ]

    found = find_toponyms(make_doc(tokens), gazetteer=gazetteer)

    assert [t.text for t in found] == ["Pahalgam"]
    assert _resolved(found[0]) == ("Pahalgam", "PPL", "IND")
