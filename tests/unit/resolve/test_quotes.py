"""find_quotes on hand-written sentences parsed by the pinned model (offsets asserted), the
quotation-mark pairing, the cue lexicon loader, and attach_speakers through the ActorCoder."""

from __future__ import annotations

from datetime import date

import pytest

from polevent.coding.actors import ActorCoder
from polevent.errors import DataFileError
from polevent.pipeline import Coder
from polevent.resolve import (
    QUOTE_KINDS,
    Quote,
    attach_speakers,
    find_quotes,
    load_speech_cues,
    quotes_for_cue,
)
from polevent.resolve.quote_marks import quote_regions
from polevent.resolve.speech_cues import parse_speech_cues


def at(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    """Character offsets of the ``nth`` occurrence of ``part`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def quotes(coder: Coder, text: str, *, nested: bool = False) -> list[Quote]:
    return find_quotes(coder.nlp(text), nested=nested)


def spans(quote: Quote) -> tuple[tuple[int, int] | None, tuple[int, int], tuple[int, int]]:
    speaker = None
    if quote.speaker_start is not None and quote.speaker_end is not None:
        speaker = (quote.speaker_start, quote.speaker_end)
    return speaker, (quote.cue_start, quote.cue_end), (quote.content_start, quote.content_end)


def only(coder: Coder, text: str) -> Quote:
    found = quotes(coder, text)
    assert len(found) == 1, [q.reason for q in found]
    return found[0]


# ----------------------------------------------------------------------------- direct quotes


def test_quotation_then_speaker_and_cue(coder: Coder) -> None:
    text = '"We will not back down," Smith said.'
    quote = only(coder, text)

    assert spans(quote) == (
        at(text, "Smith"),
        at(text, "said"),
        at(text, '"We will not back down,"'),
    )
    assert quote.direct
    assert quote.kind == "speech"
    assert quote.speaker_text == "Smith"
    assert quote.sentence_index == 0
    assert "quotation" in quote.reason


def test_speaker_cue_colon_then_quotation(coder: Coder) -> None:
    text = 'The minister said: "We will fight on."'
    quote = only(coder, text)

    assert spans(quote) == (
        at(text, "The minister"),
        at(text, "said"),
        at(text, '"We will fight on."'),
    )
    assert quote.direct


def test_inverted_cue_after_quotation(coder: Coder) -> None:
    text = "\u201cWe are ready,\u201d said the prime minister."
    quote = only(coder, text)

    assert spans(quote) == (
        at(text, "the prime minister"),
        at(text, "said"),
        at(text, "\u201cWe are ready,\u201d"),
    )


def test_quotation_over_two_sentences(coder: Coder) -> None:
    text = '"We are ready. We will win," said Jaishankar on Friday.'
    quote = only(coder, text)

    assert spans(quote) == (
        at(text, "Jaishankar"),
        at(text, "said"),
        at(text, '"We are ready. We will win,"'),
    )
    assert quote.sentence_index == 1


def test_unclaimed_quotation_continues_the_statement(coder: Coder) -> None:
    text = '"The talks failed," he said. "We will try again next week."'
    first, second = quotes(coder, text)

    he = at(text, "he said")[0], at(text, "he said")[0] + 2
    assert spans(first) == (he, at(text, "said"), at(text, '"The talks failed,"'))
    assert spans(second) == (
        he,
        at(text, "said"),
        at(text, '"We will try again next week."'),
    )
    assert "continuing" in second.reason


def test_quoted_cue_words_are_not_cues(coder: Coder) -> None:
    text = "\u201cI said no to them,\u201d she said."
    quote = only(coder, text)

    assert spans(quote) == (
        at(text, "she"),
        at(text, "said", 1),
        at(text, "\u201cI said no to them,\u201d"),
    )


def test_nyt_double_apostrophe_quotes(coder: Coder) -> None:
    text = "''I have put forth my ideas,'' Mr. Bush said."
    quote = only(coder, text)

    assert spans(quote) == (
        at(text, "Mr. Bush"),
        at(text, "said"),
        at(text, "''I have put forth my ideas,''"),
    )
    assert quote.direct


# ----------------------------------------------------------------------------- indirect speech


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        ("He said that the talks had failed.", "He", "said", "that the talks had failed"),
        ("He said the talks had failed.", "He", "said", "the talks had failed"),
        (
            "The talks have failed, the minister said on Friday.",
            "the minister",
            "said",
            "The talks have failed",
        ),
        ("Trump told reporters the deal was dead.", "Trump", "told", "the deal was dead"),
        (
            "Trump told the Associated Press that the deal was dead.",
            "Trump",
            "told",
            "that the deal was dead",
        ),
        (
            "Trump posted on Facebook: This is a disgrace.",
            "Trump",
            "posted",
            "This is a disgrace",
        ),
    ],
)
def test_reported_speech(coder: Coder, text: str, speaker: str, cue: str, content: str) -> None:
    quote = only(coder, text)

    assert spans(quote) == (at(text, speaker), at(text, cue), at(text, content))
    assert not quote.direct


def test_wrote_on_twitter_with_a_quotation(coder: Coder) -> None:
    text = 'Trump wrote on Twitter: "This is a disgrace."'
    quote = only(coder, text)

    assert spans(quote) == (at(text, "Trump"), at(text, "wrote"), at(text, '"This is a disgrace."'))


def test_participle_shares_the_subject_of_its_verb(coder: Coder) -> None:
    text = "The plan was rejected, the minister added, saying that it was too costly."
    added, saying = quotes(coder, text)

    assert spans(added) == (
        at(text, "the minister"),
        at(text, "added"),
        at(text, "The plan was rejected"),
    )
    assert spans(saying) == (
        at(text, "the minister"),
        at(text, "saying"),
        at(text, "that it was too costly"),
    )
    assert "shared by advcl" in saying.reason


def test_statements_inside_a_statement_are_left_out_unless_asked(coder: Coder) -> None:
    text = "He said voters think the plan is bad."

    outer = only(coder, text)
    both = quotes(coder, text, nested=True)

    assert spans(outer) == (
        at(text, "He"),
        at(text, "said"),
        at(text, "voters think the plan is bad"),
    )
    assert [q.cue_text for q in both] == ["said", "think"]
    assert both[1].kind == "belief"


# ----------------------------------------------------------------------------- other cues


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "According to the ministry, ten people were killed in the attack.",
            "ten people were killed in the attack",
        ),
        (
            "Ten people were killed in the attack, according to the ministry.",
            "Ten people were killed in the attack",
        ),
    ],
)
def test_according_to(coder: Coder, text: str, content: str) -> None:
    quote = only(coder, text)
    cue = "According to" if text.startswith("According") else "according to"

    assert spans(quote) == (at(text, "the ministry"), at(text, cue), at(text, content))


def test_in_a_statement(coder: Coder) -> None:
    text = "In a statement, the army took responsibility for the strike."
    quote = only(coder, text)

    assert spans(quote) == (
        at(text, "the army"),
        at(text, "In a statement"),
        at(text, "took responsibility for the strike"),
    )


def test_in_a_statement_with_a_cue_verb_keeps_the_verb(coder: Coder) -> None:
    text = "In a statement, the ministry said it condemned the attack."
    quote = only(coder, text)

    assert spans(quote) == (
        at(text, "the ministry"),
        at(text, "said"),
        at(text, "it condemned the attack"),
    )


def test_headline_name_colon(coder: Coder) -> None:
    text = "John McCain: Populist Anger Appeals to Bad Angels\n\nUpdate: the vote was delayed."
    quote = only(coder, text)

    assert spans(quote) == (
        at(text, "John McCain"),
        at(text, ":"),
        at(text, "Populist Anger Appeals to Bad Angels"),
    )


def test_stance_verb_object_is_the_content(coder: Coder) -> None:
    text = "Sanders called for a ban on fracking."
    quote = only(coder, text)

    assert spans(quote) == (
        at(text, "Sanders"),
        at(text, "called for"),
        at(text, "a ban on fracking"),
    )
    assert quote.kind == "stance"


def test_no_cue_no_quote(coder: Coder) -> None:
    assert quotes(coder, "The army shelled the town on Tuesday.") == []


# ----------------------------------------------------------------------------- speakers


def test_attach_speakers_follows_the_actor_coder(coder: Coder) -> None:
    text = (
        "External Affairs Minister S Jaishankar said India would reopen its embassy. "
        "He said the talks were useful."
    )
    doc = coder.nlp(text)
    actors = ActorCoder(index=coder.actors, agents=coder.agents, on=date(2025, 5, 16))
    actors.observe(doc)

    attached = attach_speakers(find_quotes(doc), actors, doc=doc)

    assert [q.speaker_text for q, _ in attached] == [
        "External Affairs Minister S Jaishankar",
        "He",
    ]
    first, second = (actor for _, actor in attached)
    assert first is not None and second is not None
    assert first.code == "INDGOV"
    assert second.code == "INDGOV"
    assert second.reason.startswith("pronoun 'He'")


def test_attach_speakers_without_speaker_gives_none(coder: Coder) -> None:
    text = "It was announced that the talks had failed."
    doc = coder.nlp(text)
    actors = ActorCoder(index=coder.actors, agents=coder.agents, on=None)
    actors.observe(doc)

    attached = attach_speakers(find_quotes(doc), actors, doc=doc)

    assert [(q.speaker_text, actor) for q, actor in attached] == [(None, None)]


# ----------------------------------------------------------------------------- quotation marks


def test_quote_regions_pairs_curly_straight_and_double_apostrophes() -> None:
    text = "\u201cA,\u201d he said. \"B\" and ''C'' end."

    assert quote_regions(text) == [at(text, "\u201cA,\u201d"), at(text, '"B"'), at(text, "''C''")]


def test_quote_regions_closes_an_open_quotation_at_the_paragraph_end() -> None:
    text = "\u201cFirst paragraph.\n\n\u201cSecond one,\u201d she said."

    assert quote_regions(text) == [
        at(text, "\u201cFirst paragraph."),
        at(text, "\u201cSecond one,\u201d"),
    ]


def test_quote_regions_ignores_stray_marks() -> None:
    text = 'A 6" pipe and \u201cno closing mark and \u201cagain\u201d here.'

    assert quote_regions(text) == [at(text, "\u201cagain\u201d")]


# ----------------------------------------------------------------------------- lexicon


def test_shipped_lexicon_has_the_required_cues() -> None:
    cues = load_speech_cues()

    for lemma in ("say", "tell", "add", "state", "announce", "claim", "insist", "warn", "write"):
        assert cues.verbs[(lemma,)] == "speech"
    for lemma in ("post", "tweet", "note", "explain", "argue", "stress", "acknowledge", "deny"):
        assert cues.verbs[(lemma,)] == "speech"
    assert cues.verbs[("point", "out")] == "speech"
    assert cues.verbs[("call", "for")] == "stance"
    assert set(cues.verbs.values()) == set(QUOTE_KINDS)
    assert "statement" in cues.nouns
    assert ("according", "to") in cues.preps


def test_lexicon_parser_rejects_bad_rows() -> None:
    good = ["# comment", "cue\tkind\tnote", "say\tspeech", "statement\tnoun\tin a statement"]
    parsed = parse_speech_cues(good, path="x.tsv")
    assert dict(parsed.verbs) == {("say",): "speech"}
    assert parsed.nouns == frozenset({"statement"})

    with pytest.raises(DataFileError) as bad_kind:
        parse_speech_cues([*good, "yell\tshout"], path="x.tsv")
    assert bad_kind.value.code == "E301"
    assert bad_kind.value.line == 5
    with pytest.raises(DataFileError, match="header"):
        parse_speech_cues(["say\tspeech"], path="x.tsv")
    with pytest.raises(DataFileError, match="no verb cues"):
        parse_speech_cues(["cue\tkind", "statement\tnoun"], path="x.tsv")


def test_embedded_tweet(coder: Coder) -> None:
    text = "Why is he not wearing the hat? #RINO \u2015 Ben Jacobs (@Bencjacobs) September 1, 2016"
    quote = only(coder, text)

    assert spans(quote) == (
        at(text, "Ben Jacobs"),
        at(text, "\u2015"),
        at(text, "Why is he not wearing the hat? #RINO"),
    )
    assert "tweet" in quote.reason


def test_number_before_the_verb_is_the_speaker(coder: Coder) -> None:
    text = "About 4 in 10 say they want more liberal policies."
    quote = only(coder, text)

    assert spans(quote) == (
        at(text, "About 4 in 10"),
        at(text, "say"),
        at(text, "they want more liberal policies"),
    )


def test_quotes_for_cue_finds_the_pieces_of_a_broken_quotation(coder: Coder) -> None:
    text = '"The talks failed," he said. "We will try again." She agreed.'
    found = quotes(coder, text)
    said = at(text, "said")

    cued = quotes_for_cue(found, start=said[0], end=said[1])

    assert [q.content_text for q in cued] == ['"The talks failed,"', '"We will try again."']
    assert quotes_for_cue(found, start=0, end=1) == []


def test_quotation_signed_after_a_dash(coder: Coder) -> None:
    text = "\u201cHe represents our greatest shame.\u201d \u2015 Sonya Herridge\n"
    quote = only(coder, text)
    assert spans(quote) == (
        at(text, "Sonya Herridge"),
        at(text, "\u2015"),
        at(text, "\u201cHe represents our greatest shame.\u201d"),
    )
    assert "signed 'Sonya Herridge'" in quote.reason


def test_that_clause_the_parser_hung_on_a_noun(coder: Coder) -> None:
    # PolNeAR (Reuters): the parser makes "wait" a relative clause of "conference"
    text = (
        "Courted by most of the Republican candidates and widely expected to be the party's "
        "top donor in the November 2016 presidential election, Adelson said earlier on Friday "
        "during a news conference that he may wait until February's primaries to decide who "
        "to back."
    )
    [quote] = [q for q in find_quotes(coder.nlp(text)) if q.cue_text == "said"]
    assert quote.speaker_text == "Adelson"
    assert quote.content_text.startswith("that he may wait until February")
    assert "the 'that' clause the parser hung further down" in quote.reason


def test_cue_interrupting_the_clause_it_reports(coder: Coder) -> None:
    text = "The latest test, North Korea said, was its biggest yet."
    quote = only(coder, text)
    assert (quote.speaker_text, quote.cue_text) == ("North Korea", "said")
    assert quote.content_text == "was its biggest yet"
    assert "the clause of 'was' the cue interrupts" in quote.reason
