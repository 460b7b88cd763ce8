"""Event dates on hand-built Docs (no model): each step of ``event_date`` and its reason, and the
property that a past-tense event is never dated after the story date."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, datetime, timedelta

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from polevent.records import EventDate
from polevent.resolve.dates import event_date, lead_event, story_date
from polevent.resolve.timex import Timex, find_timexes

FRIDAY = date(2025, 5, 16)
MORPH = {"VBD": "Tense=Past|VerbForm=Fin", "VBN": "Tense=Past|VerbForm=Part"}

# text, tag, pos, head (absolute index), dep, lemma
Tok = tuple[str, str, str, int, str, str]


@functools.cache
def _vocab() -> Vocab:
    return spacy.blank("en").vocab


def make_doc(tokens: Sequence[Tok], *, spaces: Sequence[bool] | None = None) -> Doc:
    words = [t[0] for t in tokens]
    if spaces is None:
        spaces = [i + 1 < len(words) and words[i + 1] not in {".", ","} for i in range(len(words))]
    return Doc(
        _vocab(),
        words=words,
        spaces=list(spaces),
        tags=[t[1] for t in tokens],
        pos=[t[2] for t in tokens],
        heads=[t[3] for t in tokens],
        deps=[t[4] for t in tokens],
        lemmas=[t[5] for t in tokens],
        morphs=[MORPH.get(t[1], "") for t in tokens],
    )


def token(doc: Doc, text: str, nth: int = 0) -> Token:
    return [t for t in doc if t.text == text][nth]


SPOKE = [
    ("Sharif", "NNP", "PROPN", 1, "nsubj", "Sharif"),
    ("spoke", "VBD", "VERB", 1, "ROOT", "speak"),
    ("to", "IN", "ADP", 1, "prep", "to"),
    ("Modi", "NNP", "PROPN", 2, "pobj", "Modi"),
    ("on", "IN", "ADP", 1, "prep", "on"),
    ("Thursday", "NNP", "PROPN", 4, "pobj", "Thursday"),
    (".", ".", "PUNCT", 1, "punct", "."),
]
CALL = [
    ("Jaishankar", "NNP", "PROPN", 1, "nsubj", "Jaishankar"),
    ("held", "VBD", "VERB", 1, "ROOT", "hold"),
    ("a", "DT", "DET", 3, "det", "a"),
    ("conversation", "NN", "NOUN", 1, "dobj", "conversation"),
    (".", ".", "PUNCT", 1, "punct", "."),
    ("The", "DT", "DET", 6, "det", "the"),
    ("call", "NN", "NOUN", 9, "nsubj", "call"),
    ("on", "IN", "ADP", 6, "prep", "on"),
    ("Thursday", "NNP", "PROPN", 7, "pobj", "Thursday"),
    ("marked", "VBD", "VERB", 9, "ROOT", "mark"),
    ("a", "DT", "DET", 11, "det", "a"),
    ("first", "NN", "NOUN", 9, "dobj", "first"),
    (".", ".", "PUNCT", 9, "punct", "."),
    ("He", "PRP", "PRON", 14, "nsubj", "he"),
    ("welcomed", "VBD", "VERB", 14, "ROOT", "welcome"),
    ("it", "PRP", "PRON", 14, "dobj", "it"),
    (".", ".", "PUNCT", 14, "punct", "."),
]
CONDEMNED = [
    ("They", "PRP", "PRON", 1, "nsubj", "they"),
    ("condemned", "VBD", "VERB", 1, "ROOT", "condemn"),
    ("the", "DT", "DET", 3, "det", "the"),
    ("attack", "NN", "NOUN", 1, "dobj", "attack"),
    ("on", "IN", "ADP", 1, "prep", "on"),
    ("Monday", "NNP", "PROPN", 4, "pobj", "Monday"),
    (",", ",", "PUNCT", 3, "punct", ","),
    ("where", "WRB", "SCONJ", 10, "advmod", "where"),
    ("26", "CD", "NUM", 9, "nummod", "26"),
    ("tourists", "NNS", "NOUN", 11, "nsubjpass", "tourist"),
    ("were", "VBD", "AUX", 11, "auxpass", "be"),
    ("killed", "VBN", "VERB", 3, "relcl", "kill"),
    (".", ".", "PUNCT", 1, "punct", "."),
]
DAY_AFTER = [
    ("Police", "NNS", "NOUN", 1, "nsubj", "police"),
    ("arrested", "VBD", "VERB", 1, "ROOT", "arrest"),
    ("him", "PRP", "PRON", 1, "dobj", "he"),
    ("a", "DT", "DET", 4, "det", "a"),
    ("day", "NN", "NOUN", 5, "npadvmod", "day"),
    ("after", "IN", "ADP", 1, "prep", "after"),
    ("the", "DT", "DET", 7, "det", "the"),
    ("attack", "NN", "NOUN", 5, "pobj", "attack"),
    ("on", "IN", "ADP", 7, "prep", "on"),
    ("Monday", "NNP", "PROPN", 8, "pobj", "Monday"),
    (".", ".", "PUNCT", 1, "punct", "."),
]
SINCE = [
    ("It", "PRP", "PRON", 2, "nsubj", "it"),
    ("has", "VBZ", "AUX", 2, "aux", "have"),
    ("remained", "VBN", "VERB", 2, "ROOT", "remain"),
    ("closed", "JJ", "ADJ", 2, "acomp", "closed"),
    ("since", "IN", "ADP", 2, "prep", "since"),
    ("1947", "CD", "NUM", 4, "pobj", "1947"),
    (".", ".", "PUNCT", 2, "punct", "."),
]
QUOTED = [
    ("He", "PRP", "PRON", 1, "nsubj", "he"),
    ("wrote", "VBD", "VERB", 1, "ROOT", "write"),
    (":", ":", "PUNCT", 1, "punct", ":"),
    ('"', "``", "PUNCT", 4, "punct", '"'),
    ("Talks", "NNS", "NOUN", 1, "dobj", "talk"),
    ("this", "DT", "DET", 6, "det", "this"),
    ("evening", "NN", "NOUN", 4, "npadvmod", "evening"),
    ('"', "''", "PUNCT", 4, "punct", '"'),
]


def dated(
    tokens: Sequence[Tok], trigger: str, *, published: date | None = FRIDAY, nth: int = 0
) -> EventDate:
    doc = make_doc(tokens)
    timexes = find_timexes(doc, anchor=published)
    return event_date(token(doc, trigger, nth), timexes, published=published, lead=lead_event(doc))


def test_a_date_attached_to_the_verb_dates_it() -> None:
    when = dated(SPOKE, "spoke")
    assert (when.start, when.end, when.granularity) == (date(2025, 5, 15), date(2025, 5, 15), "day")
    assert when.text == "on Thursday"
    assert when.reason.startswith("'on Thursday' attached to 'spoke'")


def test_no_date_in_the_text_gives_the_story_date_marked_as_such() -> None:
    words = [t for t in SPOKE if t[0] not in {"on", "Thursday"}]
    when = dated(words, "spoke")
    assert (when.start, when.end, when.granularity) == (FRIDAY, FRIDAY, "day")
    assert when.reason == "story date 2025-05-16 (no date in the text)"
    assert dated(words, "spoke", published=None) == story_date(None)
    assert story_date(None).granularity == "unknown" and story_date(None).start is None


def test_a_later_mention_of_the_same_event_dates_it_and_follow_ons_inherit() -> None:
    held = dated(CALL, "held")
    assert held.start == held.end == date(2025, 5, 15)
    assert "the same event as 'call'" in held.reason
    welcomed = dated(CALL, "welcomed")
    assert welcomed.start == welcomed.end == date(2025, 5, 15)
    assert welcomed.reason.startswith("inherited from the paragraph's last date: 'on Thursday'")


PARAGRAPHS = [
    ("Leonov", "NNP", "PROPN", 1, "nsubj", "Leonov"),
    ("died", "VBD", "VERB", 1, "ROOT", "die"),
    ("yesterday", "NN", "NOUN", 1, "npadvmod", "yesterday"),
    (".", ".", "PUNCT", 1, "punct", "."),
    ("\n\n", "_SP", "SPACE", 3, "dep", "\n\n"),
    ("In", "IN", "ADP", 9, "prep", "in"),
    ("1965", "CD", "NUM", 5, "pobj", "1965"),
    (",", ",", "PUNCT", 9, "punct", ","),
    ("he", "PRP", "PRON", 9, "nsubj", "he"),
    ("walked", "VBD", "VERB", 9, "ROOT", "walk"),
    (".", ".", "PUNCT", 9, "punct", "."),
    ("He", "PRP", "PRON", 12, "nsubj", "he"),
    ("received", "VBD", "VERB", 12, "ROOT", "receive"),
    ("awards", "NNS", "NOUN", 12, "dobj", "award"),
    (".", ".", "PUNCT", 12, "punct", "."),
]
PARAGRAPH_SPACES = [True, True, False, False, False, True, False, True, True, False, True, True,
                    True, False, False]  # fmt: skip


def test_a_later_paragraph_keeps_its_own_time() -> None:
    doc = make_doc(PARAGRAPHS, spaces=PARAGRAPH_SPACES)
    assert doc.text == "Leonov died yesterday.\n\nIn 1965, he walked. He received awards."
    timexes = find_timexes(doc, anchor=FRIDAY)
    lead = lead_event(doc)
    assert lead is not None and lead.text == "died"
    died = event_date(token(doc, "died"), timexes, published=FRIDAY, lead=lead)
    assert died.start == died.end == date(2025, 5, 15)
    received = event_date(token(doc, "received"), timexes, published=FRIDAY, lead=lead)
    assert (received.start, received.end, received.granularity) == (
        date(1965, 1, 1),
        date(1965, 12, 31),
        "year",
    )
    assert received.reason.startswith("inherited from the paragraph's last date: 'In 1965'")


def test_a_background_event_is_dated_before_the_event_that_mentions_it() -> None:
    killed = dated(CONDEMNED, "killed")
    assert killed.start is None and killed.end == date(2025, 5, 12)
    assert killed.reason.startswith("historical (past relative clause): no later than 'condemned'")
    undated = [t for t in CONDEMNED if t[0] not in {"on", "Monday"}]
    undated = [
        (w, tag, pos, h - 2 if h > 4 else h, dep, lem) for w, tag, pos, h, dep, lem in undated
    ]
    attack = dated(undated, "attack")
    assert attack.start is None and attack.end == date(2025, 5, 15)
    assert attack.reason == (
        "historical (an event named by a noun): before the story date 2025-05-16"
    )


def test_a_day_after_another_dated_event() -> None:
    attack = dated(DAY_AFTER, "attack")
    assert attack.start == attack.end == date(2025, 5, 12)
    arrested = dated(DAY_AFTER, "arrested")
    assert arrested.start == arrested.end == date(2025, 5, 13)
    assert arrested.reason.startswith("a day after 'a day after' 'attack'")


def test_since_gives_a_range_to_the_story_date() -> None:
    when = dated(SINCE, "remained")
    assert (when.start, when.end, when.granularity) == (date(1947, 1, 1), FRIDAY, "year")
    assert when.text == "since 1947" and "to the story date" in when.reason


def test_a_date_inside_a_quotation_does_not_date_the_verb_that_quotes_it() -> None:
    doc = make_doc(QUOTED, spaces=[True, False, True, False, True, True, False, False])
    assert doc.text == 'He wrote: "Talks this evening"'
    timexes = find_timexes(doc, anchor=FRIDAY)
    assert [t.text for t in timexes] == ["this evening"]
    when = event_date(token(doc, "wrote"), timexes, published=FRIDAY)
    assert when.reason.startswith("story date")


def _timex(doc: Doc, text: str, day: date, granularity: str = "day") -> Timex:
    start = doc.text.index(text)
    return Timex(
        text=text,
        start=start,
        end=start + len(text),
        type="DATE",
        value=day.isoformat(),
        start_date=day,
        end_date=day,
        granularity=granularity,
        reason=f"test reading of '{text}'",
    )


def test_a_past_event_is_not_dated_after_the_story() -> None:
    doc = make_doc(SPOKE)
    future = _timex(doc, "Thursday", date(2025, 5, 22))
    when = event_date(token(doc, "spoke"), [future], published=datetime(2025, 5, 16, 11, 57))
    assert when.start == FRIDAY and when.reason.startswith("story date")


DOCS = (SPOKE, CALL, CONDEMNED, DAY_AFTER, SINCE)


@settings(max_examples=150, deadline=None)
@given(
    which=st.integers(min_value=0, max_value=len(DOCS) - 1),
    published=st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)),
    offsets=st.lists(st.integers(min_value=-800, max_value=800), min_size=1, max_size=3),
    span=st.integers(min_value=0, max_value=400),
)
def test_property_no_past_tense_event_is_dated_after_the_story(
    which: int, published: date, offsets: list[int], span: int
) -> None:
    doc = make_doc(DOCS[which])
    dates = [t for t in doc if t.text in {"Thursday", "Monday", "1947"}]
    timexes = []
    for tok, offset in zip(dates, offsets, strict=False):
        start = published + timedelta(days=offset)
        end = None if span == 0 else start + timedelta(days=span)
        timexes.append(
            Timex(
                text=tok.text,
                start=tok.idx,
                end=tok.idx + len(tok.text),
                type="DATE",
                value=start.isoformat(),
                start_date=start,
                end_date=end,
                granularity="day",
                reason="random",
            )
        )
    lead = lead_event(doc)
    for verb in doc:
        if verb.tag_ != "VBD" and not (verb.tag_ == "VBN" and verb.dep_ == "relcl"):
            continue
        when = event_date(verb, timexes, published=published, lead=lead)
        assert when.end is not None and when.end <= published, (verb.text, when)
        assert when.start is None or when.start <= published, (verb.text, when)
