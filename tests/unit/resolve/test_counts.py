"""Counts in a sentence: number phrases read into ranges (table-driven), and find_counts on
hand-built parsed Docs (the parse is given, so the rules are tested, not the model)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
import spacy
from spacy.tokens import Doc

from polevent.records import Counts
from polevent.resolve.counts import CountMention, counts_for, find_counts
from polevent.resolve.quantities import is_digits, number_value, parse_quantity

# (text, lemma, pos, head index, dep)
Tok = tuple[str, str, str, int, str]
NO_SPACE_BEFORE = {".", ",", "'s", "%", "-"}


def make_doc(tokens: Sequence[Tok]) -> Doc:
    words = [t[0] for t in tokens]
    spaces = [
        i + 1 < len(words) and words[i + 1] not in NO_SPACE_BEFORE and words[i] != "-"
        for i in range(len(words))
    ]
    return Doc(
        spacy.blank("en").vocab,
        words=words,
        spaces=spaces,
        lemmas=[t[1] for t in tokens],
        pos=[t[2] for t in tokens],
        heads=[t[3] for t in tokens],
        deps=[t[4] for t in tokens],
    )


def triples(mentions: Sequence[CountMention]) -> list[tuple[str, int, int | None]]:
    return [(m.category, m.low, m.high) for m in mentions]


# --- number phrases ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("26", (26, 26)),
        ("1,200", (1200, 1200)),
        ("twenty - six", (26, 26)),
        ("twenty six", (26, 26)),
        ("a dozen", (12, 12)),
        ("two dozen", (24, 24)),
        ("three hundred", (300, 300)),
        ("three hundred and fifty", (350, 350)),
        ("two million", (2_000_000, 2_000_000)),
        ("1.4 million", (1_400_000, 1_400_000)),
        ("35 thousand", (35_000, 35_000)),
        ("a hundred thousand", (100_000, 100_000)),
        ("three - and - a - half million", (3_500_000, 3_500_000)),
        ("some 40", (40, 40)),
        ("about 300", (300, 300)),
        ("nearly 100", (100, 100)),
        ("an estimated four million", (4_000_000, 4_000_000)),
        ("dozens", (24, None)),
        ("scores", (40, None)),
        ("hundreds", (200, None)),
        ("thousands", (2000, None)),
        ("tens of thousands", (20_000, None)),
        ("hundreds of thousands", (200_000, None)),
        ("several tens of thousands", (20_000, None)),
        ("millions", (2_000_000, None)),
        ("several hundred", (300, None)),
        ("a few hundred", (200, None)),
        ("at least 12", (12, None)),
        ("at least a dozen", (12, None)),
        ("more than 50", (51, None)),
        ("over 1,800", (1801, None)),
        ("50 or more", (50, None)),
        ("up to 300", (1, 300)),
        ("as many as 40", (1, 40)),
        ("fewer than 10", (1, 9)),
        ("between 36 and 40", (36, 40)),
        ("two to three hundred", (200, 300)),
        ("18,250 to 63,000", (18_250, 63_000)),
        ("two or three", (2, 3)),
    ],
)
def test_parse_quantity(phrase: str, expected: tuple[int, int | None]) -> None:
    assert parse_quantity(phrase.split()) == expected


@pytest.mark.parametrize("phrase", ["zero", "half", "ten to five", "people", "twelve and twelve"])
def test_parse_quantity_refuses_what_is_no_quantity(phrase: str) -> None:
    assert parse_quantity(phrase.split()) is None


def test_number_value_marks_vague_plurals() -> None:
    assert number_value(["hundreds"]) == (200, True)
    assert number_value(["hundred"]) == (100, False)
    assert number_value([]) is None


@pytest.mark.parametrize(
    ("word", "expected"),
    [("12", True), ("1,200", True), ("1.4", True), ("26th", False), ("13:40", False)],
)
def test_is_digits(word: str, expected: bool) -> None:
    assert is_digits(word) is expected


# --- find_counts on hand-built parses -------------------------------------------------------


def test_passive_killed_with_counted_noun() -> None:
    doc = make_doc(
        [
            ("26", "26", "NUM", 1, "nummod"),
            ("tourists", "tourist", "NOUN", 3, "nsubjpass"),
            ("were", "be", "AUX", 3, "auxpass"),
            ("killed", "kill", "VERB", 3, "ROOT"),
            (".", ".", "PUNCT", 3, "punct"),
        ]
    )
    [mention] = find_counts(doc[:])
    assert (mention.category, mention.low, mention.high) == ("killed", 26, 26)
    assert (mention.trigger, mention.trigger_index, mention.noun) == ("killed", 3, "tourists")
    assert doc.text[mention.start : mention.end] == mention.text == "26"


def test_open_lower_bound_and_object_of_verb() -> None:
    doc = make_doc(
        [
            ("Gunmen", "gunman", "NOUN", 1, "nsubj"),
            ("killed", "kill", "VERB", 1, "ROOT"),
            ("at", "at", "ADV", 3, "advmod"),
            ("least", "least", "ADV", 4, "advmod"),
            ("12", "12", "NUM", 5, "nummod"),
            ("soldiers", "soldier", "NOUN", 1, "dobj"),
        ]
    )
    [mention] = find_counts(doc[:])
    assert triples([mention]) == [("killed", 12, None)]
    assert mention.text == "at least 12" and mention.noun == "soldiers"
    assert "open above" in mention.reason


def test_left_dead_and_wounded() -> None:
    doc = make_doc(
        [
            ("The", "the", "DET", 1, "det"),
            ("attack", "attack", "NOUN", 2, "nsubj"),
            ("left", "leave", "VERB", 2, "ROOT"),
            ("12", "12", "NUM", 4, "nummod"),
            ("dead", "dead", "ADJ", 2, "oprd"),
            ("and", "and", "CCONJ", 2, "cc"),
            ("30", "30", "NUM", 7, "nsubj"),
            ("wounded", "wound", "VERB", 2, "conj"),
        ]
    )
    assert triples(find_counts(doc[:])) == [("killed", 12, 12), ("injured", 30, 30)]


def test_a_verb_wins_over_a_role_noun() -> None:
    doc = make_doc(
        [
            ("Police", "police", "NOUN", 1, "nsubj"),
            ("arrested", "arrest", "VERB", 1, "ROOT"),
            ("15", "15", "NUM", 3, "nummod"),
            ("protesters", "protester", "NOUN", 1, "dobj"),
        ]
    )
    assert triples(find_counts(doc[:])) == [("arrested", 15, 15)]


def test_role_noun_alone_gives_crowd_size() -> None:
    doc = make_doc(
        [
            ("Some", "some", "DET", 1, "quantmod"),
            ("5,000", "5,000", "NUM", 2, "nummod"),
            ("protesters", "protester", "NOUN", 3, "nsubj"),
            ("chanted", "chant", "VERB", 3, "ROOT"),
        ]
    )
    assert triples(find_counts(doc[:])) == [("size", 5000, 5000)]


def test_crowd_of_n() -> None:
    doc = make_doc(
        [
            ("A", "a", "DET", 1, "det"),
            ("crowd", "crowd", "NOUN", 4, "nsubj"),
            ("of", "of", "ADP", 1, "prep"),
            ("10,000", "10,000", "NUM", 2, "pobj"),
            ("gathered", "gather", "VERB", 4, "ROOT"),
        ]
    )
    [mention] = find_counts(doc[:])
    assert triples([mention]) == [("size", 10_000, 10_000)]
    assert mention.trigger == "crowd"


def test_death_toll_changed_from_to() -> None:
    doc = make_doc(
        [
            ("The", "the", "DET", 2, "det"),
            ("death", "death", "NOUN", 2, "compound"),
            ("toll", "toll", "NOUN", 3, "nsubj"),
            ("rose", "rise", "VERB", 3, "ROOT"),
            ("from", "from", "ADP", 3, "prep"),
            ("14", "14", "NUM", 4, "pobj"),
            ("to", "to", "ADP", 3, "prep"),
            ("31", "31", "NUM", 6, "pobj"),
        ]
    )
    [mention] = find_counts(doc[:])
    assert triples([mention]) == [("killed", 31, 31)]
    assert "changed from 14" in mention.reason and mention.trigger == "toll"


def test_families_are_counted_as_families() -> None:
    doc = make_doc(
        [
            ("Floods", "flood", "NOUN", 1, "nsubj"),
            ("displaced", "displace", "VERB", 1, "ROOT"),
            ("3,000", "3,000", "NUM", 3, "nummod"),
            ("families", "family", "NOUN", 1, "dobj"),
        ]
    )
    [mention] = find_counts(doc[:])
    assert triples([mention]) == [("displaced", 3000, 3000)]
    assert mention.noun == "families" and "families, not people" in mention.reason


def test_dozens_of_people_died() -> None:
    doc = make_doc(
        [
            ("Dozens", "dozen", "NOUN", 3, "nsubj"),
            ("of", "of", "ADP", 0, "prep"),
            ("people", "people", "NOUN", 1, "pobj"),
            ("died", "die", "VERB", 3, "ROOT"),
        ]
    )
    [mention] = find_counts(doc[:])
    assert triples([mention]) == [("killed", 24, None)]
    assert mention.noun == "people"


def test_event_noun_counts_and_things_do_not() -> None:
    doc = make_doc(
        [
            ("It", "it", "PRON", 1, "nsubj"),
            ("destroyed", "destroy", "VERB", 1, "ROOT"),
            ("300", "300", "NUM", 3, "nummod"),
            ("homes", "home", "NOUN", 1, "dobj"),
            ("and", "and", "CCONJ", 1, "cc"),
            ("caused", "cause", "VERB", 1, "conj"),
            ("53", "53", "NUM", 7, "nummod"),
            ("deaths", "death", "NOUN", 5, "dobj"),
        ]
    )
    [mention] = find_counts(doc[:])
    assert triples([mention]) == [("killed", 53, 53)]
    assert mention.trigger == "deaths"


def _killed_with(words: Sequence[tuple[str, str, str]]) -> Doc:
    """ "<words> people were killed": every word hangs on "people" so only the exclusion
    rules can stop the number from being a count."""
    n = len(words)
    tokens: list[Tok] = [(text, lemma, pos, n, "nmod") for text, lemma, pos in words]
    tokens += [
        ("people", "people", "NOUN", n + 2, "nsubjpass"),
        ("were", "be", "AUX", n + 2, "auxpass"),
        ("killed", "kill", "VERB", n + 2, "ROOT"),
    ]
    return make_doc(tokens)


@pytest.mark.parametrize(
    "words",
    [
        [("In", "in", "ADP"), ("1947", "1947", "NUM"), (",", ",", "PUNCT")],
        [("On", "on", "ADP"), ("March", "March", "PROPN"), ("24", "24", "NUM")],
        [("At", "at", "ADP"), ("13:40", "13:40", "NUM")],
        [("At", "at", "ADP"), ("1", "1", "NUM"), ("p.m.", "p.m.", "NOUN")],
        [("A", "a", "DET"), ("22", "22", "NUM"), ("-", "-", "PUNCT"), ("year", "year", "NOUN")],
        [("Aged", "age", "VERB"), ("78", "78", "NUM"), (",", ",", "PUNCT")],
        [("$", "$", "SYM"), ("90", "90", "NUM"), ("billion", "billion", "NUM")],
        [("28", "28", "NUM"), ("percent", "percent", "NOUN"), ("of", "of", "ADP")],
        [("Resolution", "resolution", "PROPN"), ("1701", "1701", "NUM"), ("says", "say", "VERB")],
        [("The", "the", "DET"), ("26th", "26th", "ADJ")],
        [("The", "the", "DET"), ("6.3", "6.3", "NUM"), ("magnitude", "magnitude", "NOUN")],
        [("For", "for", "ADP"), ("444", "444", "NUM"), ("days", "day", "NOUN")],
        [
            ("One", "one", "NUM"),
            ("of", "of", "ADP"),
            ("the", "the", "DET"),
            ("worst", "bad", "ADJ"),
        ],
        [("No", "no", "DET"), ("one", "one", "NUM"), ("knew", "know", "VERB")],
    ],
)
def test_numbers_that_count_nobody(words: Sequence[tuple[str, str, str]]) -> None:
    assert find_counts(_killed_with(words)[:]) == []


def test_a_count_under_a_modal_is_hypothetical() -> None:
    doc = make_doc(
        [
            ("It", "it", "PRON", 2, "nsubj"),
            ("may", "may", "AUX", 2, "aux"),
            ("cause", "cause", "VERB", 2, "ROOT"),
            ("32,000", "32,000", "NUM", 4, "nummod"),
            ("deaths", "death", "NOUN", 2, "dobj"),
        ]
    )
    assert find_counts(doc[:]) == []


def test_only_the_given_sentence_is_read() -> None:
    doc = make_doc(
        [
            ("Three", "three", "NUM", 1, "nsubj"),
            ("died", "die", "VERB", 1, "ROOT"),
            (".", ".", "PUNCT", 1, "punct"),
            ("Police", "police", "NOUN", 4, "nsubj"),
            ("detained", "detain", "VERB", 4, "ROOT"),
            ("eight", "eight", "NUM", 4, "dobj"),
        ]
    )
    assert triples(find_counts(doc[0:3])) == [("killed", 3, 3)]
    [second] = find_counts(doc[3:6])
    assert triples([second]) == [("arrested", 8, 8)] and second.trigger_index == 4
    assert doc.text[second.start : second.end] == "eight"


def _mention(category: str, low: int, high: int | None) -> CountMention:
    return CountMention(
        category=category,
        low=low,
        high=high,
        text=str(low),
        start=0,
        end=1,
        trigger="x",
        trigger_index=0,
        noun=None,
        reason="test",
    )


def test_counts_for_takes_the_largest_lower_bound_per_category() -> None:
    folded = counts_for(
        [
            _mention("killed", 27, 27),
            _mention("killed", 45, None),
            _mention("injured", 24, None),
            _mention("displaced", 3000, 3000),
        ]
    )
    assert folded == Counts(killed=45, injured=24, arrested=None, displaced=3000, size=None)
    assert counts_for([]) == Counts()
