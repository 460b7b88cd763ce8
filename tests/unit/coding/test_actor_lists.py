"""Lists of actors, places that do not make things actors, and one entry per actor code."""

from __future__ import annotations

from datetime import date

from docbuilders import coder_on, make_doc

from polevent.coding.events import VerbLexicon, find_events

MAY_2025 = date(2025, 5, 16)


def test_a_list_parsed_as_apposition_gives_every_member(lexicon: VerbLexicon) -> None:
    # "India, Pakistan and Kabul welcomed talks": the parser hangs Pakistan on India as an
    # appositive and Kabul on Pakistan as a conjunct.
    doc = make_doc(
        [
            ("India", "India", "PROPN", 5, "nsubj", "B-GPE"),
            (",", ",", "PUNCT", 0, "punct", "O"),
            ("Pakistan", "Pakistan", "PROPN", 0, "appos", "B-GPE"),
            ("and", "and", "CCONJ", 2, "cc", "O"),
            ("Kabul", "Kabul", "PROPN", 2, "conj", "B-GPE"),
            ("welcomed", "welcome", "VERB", 5, "ROOT", "O"),
            ("talks", "talk", "NOUN", 5, "dobj", "O"),
        ]
    )
    events = find_events(doc[:], lexicon=lexicon, coder=coder_on(MAY_2025))
    # a compound subject without a target welcomes each other: one event per member
    assert [[a.code for a in e.source] for e in events] == [["INDGOV"], ["PAKGOV"], ["AFGGOV"]]
    assert [a.code for a in events[0].target] == ["PAKGOV", "AFGGOV"]


def test_a_thing_in_a_country_is_not_that_countrys_government(lexicon: VerbLexicon) -> None:
    # "Pakistan criticised an attack by Indian police in Kabul": the target is the police named
    # in the object phrase, not the "attack" as an Afghan actor.
    doc = make_doc(
        [
            ("Pakistan", "Pakistan", "PROPN", 1, "nsubj", "B-GPE"),
            ("criticised", "criticise", "VERB", 1, "ROOT", "O"),
            ("an", "an", "DET", 3, "det", "O"),
            ("attack", "attack", "NOUN", 1, "dobj", "O"),
            ("by", "by", "ADP", 3, "prep", "O"),
            ("Indian", "indian", "ADJ", 6, "amod", "B-NORP"),
            ("police", "police", "NOUN", 4, "pobj", "O"),
            ("in", "in", "ADP", 3, "prep", "O"),
            ("Kabul", "Kabul", "PROPN", 7, "pobj", "B-GPE"),
        ]
    )
    [event] = find_events(doc[:], lexicon=lexicon, coder=coder_on(MAY_2025))
    assert [a.code for a in event.target] == ["INDCOP"]


def test_two_mentions_of_one_actor_are_one_entry(lexicon: VerbLexicon) -> None:
    # "Pakistan and the Pakistan government criticised India"
    doc = make_doc(
        [
            ("Pakistan", "Pakistan", "PROPN", 5, "nsubj", "B-GPE"),
            ("and", "and", "CCONJ", 0, "cc", "O"),
            ("the", "the", "DET", 4, "det", "O"),
            ("Pakistan", "Pakistan", "PROPN", 4, "compound", "B-GPE"),
            ("government", "government", "NOUN", 0, "conj", "O"),
            ("criticised", "criticise", "VERB", 5, "ROOT", "O"),
            ("India", "India", "PROPN", 5, "dobj", "B-GPE"),
        ]
    )
    [event] = find_events(doc[:], lexicon=lexicon, coder=coder_on(MAY_2025))
    assert [a.code for a in event.source] == ["PAKGOV"]
    assert event.source[0].text == "Pakistan"


def test_coordinated_countries_on_one_noun_are_one_actor_each(lexicon: VerbLexicon) -> None:
    # "Indian and Pakistan police criticised Muttaqi"
    doc = make_doc(
        [
            ("Indian", "indian", "ADJ", 3, "amod", "B-NORP"),
            ("and", "and", "CCONJ", 0, "cc", "O"),
            ("Pakistan", "Pakistan", "PROPN", 0, "conj", "B-GPE"),
            ("police", "police", "NOUN", 4, "nsubj", "O"),
            ("criticised", "criticise", "VERB", 4, "ROOT", "O"),
            ("Muttaqi", "Muttaqi", "PROPN", 4, "dobj", "B-PERSON"),
        ]
    )
    [event] = find_events(doc[:], lexicon=lexicon, coder=coder_on(MAY_2025))
    assert [a.code for a in event.source] == ["INDCOP", "PAKCOP"]
    assert "one of coordinated countries" in event.source[1].reason


def test_a_role_of_listed_countries_is_one_actor_per_country(lexicon: VerbLexicon) -> None:
    # "the police of India and Pakistan criticised Muttaqi"
    doc = make_doc(
        [
            ("the", "the", "DET", 1, "det", "O"),
            ("police", "police", "NOUN", 6, "nsubj", "O"),
            ("of", "of", "ADP", 1, "prep", "O"),
            ("India", "India", "PROPN", 2, "pobj", "B-GPE"),
            ("and", "and", "CCONJ", 3, "cc", "O"),
            ("Pakistan", "Pakistan", "PROPN", 3, "conj", "B-GPE"),
            ("criticised", "criticise", "VERB", 6, "ROOT", "O"),
            ("Muttaqi", "Muttaqi", "PROPN", 6, "dobj", "B-PERSON"),
        ]
    )
    [event] = find_events(doc[:], lexicon=lexicon, coder=coder_on(MAY_2025))
    assert [a.code for a in event.source] == ["INDCOP", "PAKCOP"]
    assert event.source[0].text == "the police of India and Pakistan"
    assert "one of listed countries" in event.source[0].reason


def test_last_resort_target_is_the_first_actor_after_the_verb(lexicon: VerbLexicon) -> None:
    # "Pakistan criticised the decision to support India": India sits in a clause on the object
    doc = make_doc(
        [
            ("Pakistan", "Pakistan", "PROPN", 1, "nsubj", "B-GPE"),
            ("criticised", "criticise", "VERB", 1, "ROOT", "O"),
            ("the", "the", "DET", 3, "det", "O"),
            ("decision", "decision", "NOUN", 1, "dobj", "O"),
            ("to", "to", "PART", 5, "aux", "O"),
            ("support", "support", "VERB", 3, "acl", "O"),
            ("India", "India", "PROPN", 5, "dobj", "B-GPE"),
        ]
    )
    [event] = find_events(doc[:], lexicon=lexicon, coder=coder_on(MAY_2025))
    assert [a.code for a in event.target] == ["INDGOV"]
    assert "first actor after the verb" in event.target[0].reason
    assert event.target[0].confidence == 0.4


def test_last_resort_skips_relative_clauses(lexicon: VerbLexicon) -> None:
    # "Pakistan criticised the attack which killed Indian police": background, no target
    doc = make_doc(
        [
            ("Pakistan", "Pakistan", "PROPN", 1, "nsubj", "B-GPE"),
            ("criticised", "criticise", "VERB", 1, "ROOT", "O"),
            ("the", "the", "DET", 3, "det", "O"),
            ("attack", "attack", "NOUN", 1, "dobj", "O"),
            ("which", "which", "PRON", 5, "nsubj", "O"),
            ("killed", "kill", "VERB", 3, "relcl", "O"),
            ("Indian", "indian", "ADJ", 7, "amod", "B-NORP"),
            ("police", "police", "NOUN", 5, "dobj", "O"),
        ]
    )
    [event] = find_events(doc[:], lexicon=lexicon, coder=coder_on(MAY_2025))
    assert event.target == ()


def test_last_resort_skips_quotations(lexicon: VerbLexicon) -> None:
    # "Pakistan criticised the decision: \u201csupport India\u201d": India is in the quotation
    doc = make_doc(
        [
            ("Pakistan", "Pakistan", "PROPN", 1, "nsubj", "B-GPE"),
            ("criticised", "criticise", "VERB", 1, "ROOT", "O"),
            ("the", "the", "DET", 3, "det", "O"),
            ("decision", "decision", "NOUN", 1, "dobj", "O"),
            (":", ":", "PUNCT", 1, "punct", "O"),
            ("\u201c", "\u201c", "PUNCT", 6, "punct", "O"),
            ("support", "support", "VERB", 3, "acl", "O"),
            ("India", "India", "PROPN", 6, "dobj", "B-GPE"),
            ("\u201d", "\u201d", "PUNCT", 6, "punct", "O"),
        ]
    )
    [event] = find_events(doc[:], lexicon=lexicon, coder=coder_on(MAY_2025))
    assert event.target == ()


def test_actor_spans_drop_punctuation_and_symbols_at_their_edges(lexicon: VerbLexicon) -> None:
    # '"> India criticised Pakistan': stray markup before the subject is not part of the actor
    doc = make_doc(
        [
            ('"', '"', "PUNCT", 3, "punct", "O"),
            (">", ">", "X", 2, "nmod", "O"),  # as the pinned model parses it
            ("India", "India", "PROPN", 3, "nsubj", "B-GPE"),
            ("criticised", "criticise", "VERB", 3, "ROOT", "O"),
            ("Pakistan", "Pakistan", "PROPN", 3, "dobj", "B-GPE"),
        ]
    )
    [event] = find_events(doc[:], lexicon=lexicon, coder=coder_on(MAY_2025))
    [source] = event.source
    assert (source.code, source.text) == ("INDGOV", "India")
    assert doc.text[source.start : source.end] == "India"
