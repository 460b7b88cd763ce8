"""find_events on hand-built parses: codes, dyads, direction, modality, and no invented events."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from docbuilders import coder_on, make_doc

from polevent.coding.events import VerbLexicon, find_events

MAY_2025 = date(2025, 5, 16)

PHONE = [
    ("Jaishankar", "Jaishankar", "PROPN", 1, "nsubj", "B-PERSON"),
    ("held", "hold", "VERB", 1, "ROOT", "O"),
    ("a", "a", "DET", 4, "det", "O"),
    ("phone", "phone", "NOUN", 4, "compound", "O"),
    ("conversation", "conversation", "NOUN", 1, "dobj", "O"),
    ("with", "with", "ADP", 4, "prep", "O"),
    ("Muttaqi", "Muttaqi", "PROPN", 5, "pobj", "B-PERSON"),
    (".", ".", "PUNCT", 1, "punct", "O"),
]


def _codes(actors: tuple[object, ...]) -> list[str]:
    return [a.code for a in actors]  # type: ignore[attr-defined]


def test_phone_call_pattern_and_dated_actors(lexicon: VerbLexicon) -> None:
    doc = make_doc(PHONE)
    [event] = find_events(doc[:], lexicon=lexicon, coder=coder_on(MAY_2025))
    assert event.code == "041"
    assert "pattern" in event.code_reason and "t:1" in event.code_reason
    assert _codes(event.source) == ["INDGOV"]
    assert _codes(event.target) == ["AFGGOV"]
    assert event.target[0].text == "Muttaqi"
    assert doc.text[event.target[0].start : event.target[0].end] == "Muttaqi"
    assert event.modality == "asserted"


def test_same_words_in_2019_code_muttaqi_as_taliban_insurgent(lexicon: VerbLexicon) -> None:
    [event] = find_events(make_doc(PHONE)[:], lexicon=lexicon, coder=coder_on(date(2019, 8, 1)))
    assert _codes(event.target) == ["AFGREB"]
    assert "valid ..2021-09-06" in event.target[0].reason


def test_passive_agent_is_source_and_subject_is_target(lexicon: VerbLexicon) -> None:
    doc = make_doc(
        [
            ("Muttaqi", "Muttaqi", "PROPN", 2, "nsubjpass", "B-PERSON"),
            ("was", "be", "AUX", 2, "auxpass", "O"),
            ("criticised", "criticise", "VERB", 2, "ROOT", "O"),
            ("by", "by", "ADP", 2, "agent", "O"),
            ("Pakistan", "Pakistan", "PROPN", 3, "pobj", "B-GPE"),
            (".", ".", "PUNCT", 2, "punct", "O"),
        ]
    )
    [event] = find_events(doc[:], lexicon=lexicon, coder=coder_on(MAY_2025))
    assert (event.code, _codes(event.source), _codes(event.target)) == (
        "111",
        ["PAKGOV"],
        ["AFGGOV"],
    )
    assert "government" in event.source[0].reason


def test_negated_recognition(lexicon: VerbLexicon) -> None:
    doc = make_doc(
        [
            ("India", "India", "PROPN", 3, "nsubj", "B-GPE"),
            ("did", "do", "AUX", 3, "aux", "O"),
            ("not", "not", "PART", 3, "neg", "O"),
            ("recognise", "recognise", "VERB", 3, "ROOT", "O"),
            ("Muttaqi", "Muttaqi", "PROPN", 3, "dobj", "B-PERSON"),
            (".", ".", "PUNCT", 3, "punct", "O"),
        ]
    )
    [event] = find_events(doc[:], lexicon=lexicon, coder=coder_on(MAY_2025))
    assert event.code == "054"
    assert event.modality == "negated"


def test_request_targets_the_subject_of_the_requested_clause(lexicon: VerbLexicon) -> None:
    doc = make_doc(
        [
            ("Muttaqi", "Muttaqi", "PROPN", 1, "nsubj", "B-PERSON"),
            ("requested", "request", "VERB", 1, "ROOT", "O"),
            ("that", "that", "SCONJ", 4, "mark", "O"),
            ("India", "India", "PROPN", 4, "nsubj", "B-GPE"),
            ("issue", "issue", "VERB", 1, "ccomp", "O"),
            ("visas", "visa", "NOUN", 4, "dobj", "O"),
            (".", ".", "PUNCT", 1, "punct", "O"),
        ]
    )
    [event] = find_events(doc[:], lexicon=lexicon, coder=coder_on(MAY_2025))
    assert (event.code, _codes(event.source), _codes(event.target)) == (
        "020",
        ["AFGGOV"],
        ["INDGOV"],
    )


def test_pronoun_points_back_at_last_named_person(lexicon: VerbLexicon) -> None:
    doc = make_doc(
        [
            ("Jaishankar", "Jaishankar", "PROPN", 1, "nsubj", "B-PERSON"),
            ("added", "add", "VERB", 1, "ROOT", "O"),
            ("that", "that", "SCONJ", 4, "mark", "O"),
            ("he", "he", "PRON", 4, "nsubj", "O"),
            ("welcomed", "welcome", "VERB", 1, "ccomp", "O"),
            ("Muttaqi", "Muttaqi", "PROPN", 4, "dobj", "B-PERSON"),
            (".", ".", "PUNCT", 1, "punct", "O"),
        ]
    )
    coder = coder_on(MAY_2025)
    coder.observe(doc)
    [event] = find_events(doc[:], lexicon=lexicon, coder=coder)
    assert event.code == "051"
    assert _codes(event.source) == ["INDGOV"] and event.source[0].text == "he"
    assert "last named person" in event.source[0].reason


def test_reverse_direction_swaps_the_dyad(lexicon: VerbLexicon) -> None:
    doc = make_doc(
        [
            ("Kabul", "Kabul", "PROPN", 1, "nsubj", "B-GPE"),
            ("received", "receive", "VERB", 1, "ROOT", "O"),
            ("Indian", "indian", "ADJ", 3, "amod", "B-NORP"),
            ("police", "police", "NOUN", 1, "dobj", "O"),
            (".", ".", "PUNCT", 1, "punct", "O"),
        ]
    )
    [event] = find_events(doc[:], lexicon=lexicon, coder=coder_on(MAY_2025))
    assert _codes(event.source) == ["INDCOP"]
    assert _codes(event.target) == ["AFGGOV"]


def _visit(obj: str) -> list[tuple[str, str, str, int, str, str]]:
    return [
        ("Jaishankar", "Jaishankar", "PROPN", 1, "nsubj", "B-PERSON"),
        ("visited", "visit", "VERB", 1, "ROOT", "O"),
        ("the", "the", "DET", 3, "det", "O"),
        (obj, obj.lower(), "NOUN", 1, "dobj", "O"),
        (".", ".", "PUNCT", 1, "punct", "O"),
    ]


def test_blocking_pattern_suppresses_the_event(lexicon: VerbLexicon) -> None:
    coder = coder_on(MAY_2025)
    assert find_events(make_doc(_visit("Museum"))[:], lexicon=lexicon, coder=coder) == []
    [event] = find_events(make_doc(_visit("ministry"))[:], lexicon=lexicon, coder=coder)
    assert event.code == "042" and event.target == ()


def test_no_event_without_dictionary_verb_or_known_source(lexicon: VerbLexicon) -> None:
    unknown_verb = [
        ("India", "India", "PROPN", 1, "nsubj", "B-GPE"),
        ("sang", "sing", "VERB", 1, "ROOT", "O"),
    ]
    unknown_source = [
        ("Someone", "someone", "PRON", 1, "nsubj", "O"),
        ("criticised", "criticise", "VERB", 1, "ROOT", "O"),
        ("India", "India", "PROPN", 1, "dobj", "B-GPE"),
    ]
    coder = coder_on(MAY_2025)
    assert find_events(make_doc(unknown_verb)[:], lexicon=lexicon, coder=coder) == []
    assert find_events(make_doc(unknown_source)[:], lexicon=lexicon, coder=coder) == []


def test_appositive_gives_country_to_an_unknown_name(lexicon: VerbLexicon) -> None:
    doc = make_doc(
        [
            ("Ahmad", "Ahmad", "PROPN", 6, "nsubj", "B-PERSON"),
            (",", ",", "PUNCT", 0, "punct", "O"),
            ("minister", "minister", "NOUN", 0, "appos", "O"),
            ("of", "of", "ADP", 2, "prep", "O"),
            ("Pakistan", "Pakistan", "PROPN", 3, "pobj", "B-GPE"),
            (",", ",", "PUNCT", 0, "punct", "O"),
            ("criticised", "criticise", "VERB", 6, "ROOT", "O"),
            ("India", "India", "PROPN", 6, "dobj", "B-GPE"),
            (".", ".", "PUNCT", 6, "punct", "O"),
        ]
    )
    [event] = find_events(doc[:], lexicon=lexicon, coder=coder_on(MAY_2025))
    assert _codes(event.source) == ["PAKGOV"]
    assert event.source[0].text == "Ahmad"
    assert _codes(event.target) == ["INDGOV"]


def test_possessor_is_the_actor_when_the_head_noun_is_not(lexicon: VerbLexicon) -> None:
    doc = make_doc(
        [
            ("The", "the", "DET", 2, "det", "O"),
            ("Indian", "indian", "ADJ", 2, "amod", "B-NORP"),
            ("minister", "minister", "NOUN", 3, "nsubj", "O"),
            ("welcomed", "welcome", "VERB", 3, "ROOT", "O"),
            ("Muttaqi", "Muttaqi", "PROPN", 7, "poss", "B-PERSON"),
            ("'s", "'s", "PART", 4, "case", "O"),
            ("firm", "firm", "ADJ", 7, "amod", "O"),
            ("rejection", "rejection", "NOUN", 3, "dobj", "O"),
            (".", ".", "PUNCT", 3, "punct", "O"),
        ]
    )
    [event] = find_events(doc[:], lexicon=lexicon, coder=coder_on(MAY_2025))
    assert _codes(event.source) == ["INDGOV"]
    assert event.source[0].text == "The Indian minister"
    assert [(a.code, a.text) for a in event.target] == [("AFGGOV", "Muttaqi")]


def test_lower_case_common_words_are_not_country_names(lexicon: VerbLexicon) -> None:
    doc = make_doc(
        [
            ("india", "india", "NOUN", 1, "nsubj", "O"),
            ("criticised", "criticise", "VERB", 1, "ROOT", "O"),
            ("Pakistan", "Pakistan", "PROPN", 1, "dobj", "B-GPE"),
        ]
    )
    assert find_events(doc[:], lexicon=lexicon, coder=coder_on(MAY_2025)) == []


def test_since_and_earlier_years_mark_background_events(lexicon: VerbLexicon) -> None:
    doc = make_doc(
        [
            ("India", "India", "PROPN", 1, "nsubj", "B-GPE"),
            ("criticised", "criticise", "VERB", 1, "ROOT", "O"),
            ("Pakistan", "Pakistan", "PROPN", 1, "dobj", "B-GPE"),
            ("in", "in", "ADP", 1, "prep", "O"),
            ("2019", "2019", "NUM", 3, "pobj", "B-DATE"),
            (".", ".", "PUNCT", 1, "punct", "O"),
        ]
    )
    [event] = find_events(doc[:], lexicon=lexicon, coder=coder_on(MAY_2025))
    assert event.modality == "historical"
    [same_year] = find_events(doc[:], lexicon=lexicon, coder=coder_on(date(2019, 6, 1)))
    assert same_year.modality == "asserted"


def test_lower_case_text_still_names_actors(lexicon: VerbLexicon) -> None:
    doc = make_doc(
        [
            ("pakistan", "pakistan", "PROPN", 1, "nsubj", "O"),
            ("criticised", "criticise", "VERB", 1, "ROOT", "O"),
            ("india", "india", "PROPN", 1, "dobj", "O"),
        ]
    )
    coder = coder_on(MAY_2025)
    coder.observe(doc)
    [event] = find_events(doc[:], lexicon=lexicon, coder=coder)
    assert (_codes(event.source), _codes(event.target)) == (["PAKGOV"], ["INDGOV"])


def test_police_in_a_one_country_story_get_that_country(lexicon: VerbLexicon) -> None:
    doc = make_doc(
        [
            ("Indian", "indian", "ADJ", 1, "amod", "B-NORP"),
            ("police", "police", "NOUN", 2, "nsubj", "O"),
            ("criticised", "criticise", "VERB", 2, "ROOT", "O"),
            ("police", "police", "NOUN", 2, "dobj", "O"),
            ("in", "in", "ADP", 3, "prep", "O"),
            ("India", "India", "PROPN", 4, "pobj", "B-GPE"),
        ]
    )
    coder = coder_on(MAY_2025)
    coder.observe(doc)
    assert coder.home == ("IND", 2)
    [event] = find_events(doc[:], lexicon=lexicon, coder=coder)
    assert _codes(event.source) == ["INDCOP"]


def test_future_acts_are_coded_as_intents() -> None:
    from docbuilders import small_lexicon

    from polevent.coding.intent import intent_code, load_intent_codes

    table = load_intent_codes()
    assert intent_code("042", table) == "036"
    assert intent_code("0712", table) == "0331"  # longest listed prefix: 071
    assert intent_code("163", table) == "1312"
    assert intent_code("111", table) is None
    lexicon = replace(small_lexicon(), intents=table)
    doc = make_doc(
        [
            ("Jaishankar", "Jaishankar", "PROPN", 2, "nsubj", "B-PERSON"),
            ("will", "will", "AUX", 2, "aux", "O"),
            ("visit", "visit", "VERB", 2, "ROOT", "O"),
            ("Pakistan", "Pakistan", "PROPN", 2, "dobj", "B-GPE"),
        ]
    )
    [event] = find_events(doc[:], lexicon=lexicon, coder=coder_on(MAY_2025))
    assert (event.code, event.modality) == ("036", "asserted")
    assert "announced for the future -> intent 036" in event.code_reason


def test_the_government_is_the_government_named_before(lexicon: VerbLexicon) -> None:
    doc = make_doc(
        [
            ("Pakistan", "Pakistan", "PROPN", 1, "nsubj", "B-GPE"),
            ("criticised", "criticise", "VERB", 1, "ROOT", "O"),
            ("India", "India", "PROPN", 1, "dobj", "B-GPE"),
            (".", ".", "PUNCT", 1, "punct", "O"),
            ("The", "the", "DET", 5, "det", "O"),
            ("government", "government", "NOUN", 6, "nsubj", "O"),
            ("welcomed", "welcome", "VERB", 6, "ROOT", "O"),
            ("Muttaqi", "Muttaqi", "PROPN", 6, "dobj", "B-PERSON"),
            (".", ".", "PUNCT", 6, "punct", "O"),
        ]
    )
    coder = coder_on(MAY_2025)
    coder.observe(doc)
    welcomed = [e for e in find_events(doc[4:], lexicon=lexicon, coder=coder)]
    assert [(_codes(e.source), _codes(e.target)) for e in welcomed] == [(["INDGOV"], ["AFGGOV"])]
    assert "'the government' -> last named GOV actor 'India'" in welcomed[0].source[0].reason


def test_anti_modifier_names_the_target_even_when_a_place_follows(lexicon: VerbLexicon) -> None:
    # "Pakistan criticised anti-India slogans in Kabul": the slogans are against India; Kabul
    # (a prepositional object) is only where they were heard.
    doc = make_doc(
        [
            ("Pakistan", "Pakistan", "PROPN", 1, "nsubj", "B-GPE"),
            ("criticised", "criticise", "VERB", 1, "ROOT", "O"),
            ("anti", "anti", "ADJ", 5, "amod", "O"),
            ("-", "-", "ADJ", 5, "amod", "O"),
            ("India", "India", "ADJ", 5, "amod", "B-GPE"),
            ("slogans", "slogan", "NOUN", 1, "dobj", "O"),
            ("in", "in", "ADP", 1, "prep", "O"),
            ("Kabul", "Kabul", "PROPN", 6, "pobj", "B-GPE"),
            (".", ".", "PUNCT", 1, "punct", "O"),
        ]
    )
    [event] = find_events(doc[:], lexicon=lexicon, coder=coder_on(MAY_2025))
    assert (event.code, _codes(event.source), _codes(event.target)) == (
        "111",
        ["PAKGOV"],
        ["INDGOV"],
    )


def test_passive_violence_takes_its_doer_from_the_attack_it_happened_in(
    lexicon: VerbLexicon,
) -> None:
    # "Indian police were criticised in an attack by Pakistan": no by-agent on the verb, but the
    # act it happened in names one (as in "26 tourists were killed in an attack carried out by").
    doc = make_doc(
        [
            ("Indian", "indian", "ADJ", 1, "amod", "B-NORP"),
            ("police", "police", "NOUN", 3, "nsubjpass", "O"),
            ("were", "be", "AUX", 3, "auxpass", "O"),
            ("criticised", "criticise", "VERB", 3, "ROOT", "O"),
            ("in", "in", "ADP", 3, "prep", "O"),
            ("an", "a", "DET", 6, "det", "O"),
            ("attack", "attack", "NOUN", 4, "pobj", "O"),
            ("by", "by", "ADP", 6, "prep", "O"),
            ("Pakistan", "Pakistan", "PROPN", 7, "pobj", "B-GPE"),
            (".", ".", "PUNCT", 3, "punct", "O"),
        ]
    )
    [event] = find_events(doc[:], lexicon=lexicon, coder=coder_on(MAY_2025))
    assert event.code == "111"
    assert [a.country for a in event.source] == ["PAK"]
    assert _codes(event.target) == ["INDCOP"]
