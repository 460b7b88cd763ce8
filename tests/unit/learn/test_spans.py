"""The CRF actor-span tagger: BIO decoding, features, training and tagging for real."""

from __future__ import annotations

from pathlib import Path

from polevent.learn.spans import (
    CodedMarks,
    SpanTagger,
    TaggedSpan,
    bio_spans,
    coded_marks,
    parse_words,
    sentence_features,
    train_tagger,
)
from polevent.pipeline import Coder, actor_coder

NO_MARKS = CodedMarks(source=frozenset(), target=frozenset(), triggers=frozenset())


def test_bio_decoding_starts_a_span_on_an_orphan_inside_tag() -> None:
    tags = ["B-S", "I-S", "O", "I-T", "I-T", "B-R", "B-R", "I-S"]
    assert bio_spans(tags) == [
        TaggedSpan(role="S", start=0, end=2),
        TaggedSpan(role="T", start=3, end=5),
        TaggedSpan(role="R", start=5, end=6),
        TaggedSpan(role="R", start=6, end=7),
        TaggedSpan(role="S", start=7, end=8),
    ]


def test_features_say_where_a_token_hangs_from_the_event_verb(coder: Coder) -> None:
    words = ["Russia", "accused", "Britain", "of", "spying", "."]
    doc = parse_words(coder.nlp, words)
    assert [t.text for t in doc] == words
    marks = coded_marks(doc, actor_coder(coder), coder.lexicon)
    assert 1 in marks.triggers and 0 in marks.source and 2 in marks.target
    rows = sentence_features(doc, marks)
    assert rows[0]["vchild"] == "nsubj" and rows[0]["side"] == "before"
    assert rows[2]["vchild"] == "dobj" and rows[2]["tgt"] is True
    assert rows[1]["side"] == "at" and rows[1]["vlemma"] == "accuse"
    assert rows[2]["arg_head"] is True and rows[2]["arg_left"] is True
    assert rows[0]["passive"] is False and rows[0]["vchild_voice"] == "nsubj"
    assert rows[4]["pobj_head"] is True and rows[4]["vprep"] == "of"
    assert rows[2]["w-1|w"] == "accused|britain" and rows[5]["w|w+1"] == ".|</s>"
    assert rows[0]["r_vchild"] == "nsubj"  # the sentence root is the event verb here


def test_passive_voice_and_by_agent_are_marked(coder: Coder) -> None:
    words = ["Two", "soldiers", "were", "killed", "by", "the", "rebels", "."]
    doc = parse_words(coder.nlp, words)
    marks = coded_marks(doc, actor_coder(coder), coder.lexicon)
    rows = sentence_features(doc, marks)
    assert rows[1]["vchild_voice"] == "nsubjpass|passive"
    assert rows[6]["vchild"] == "agent" and rows[6]["pobj_head"] is True
    assert rows[5]["pobj_left"] is True and rows[6]["pobj_right"] is True


def test_without_triggers_the_event_verb_is_the_first_lexicon_verb(coder: Coder) -> None:
    doc = parse_words(coder.nlp, ["They", "said", "troops", "attacked", "a", "village", "."])
    marks = CodedMarks(
        source=frozenset(), target=frozenset(), triggers=frozenset(), lexicon_verbs=frozenset({3})
    )
    rows = sentence_features(doc, marks)
    assert rows[3]["side"] == "at" and rows[3]["vlemma"] == "attack"
    assert rows[5]["vchild"] == "dobj" and rows[5]["r_vchild"] == "ccomp"
    assert rows[1]["r_side"] == "at"  # "said" is the root


def test_a_trained_tagger_finds_one_source_and_one_target(coder: Coder, tmp_path: Path) -> None:
    sentences = [
        (["Russia", "accused", "Britain", "."], ["B-S", "O", "B-T", "O"]),
        (["China", "criticised", "Japan", "."], ["B-S", "O", "B-T", "O"]),
        (["India", "praised", "Nepal", "."], ["B-S", "O", "B-T", "O"]),
        (["The", "army", "shelled", "the", "town", "."], ["B-S", "I-S", "O", "B-T", "I-T", "O"]),
    ]
    features = []
    for words, _ in sentences:
        doc = parse_words(coder.nlp, words)
        features.append(sentence_features(doc, coded_marks(doc, actor_coder(coder), coder.lexicon)))
    path = train_tagger(features, [tags for _, tags in sentences], path=tmp_path / "t.crf")
    tagger = SpanTagger.load(path)
    assert tagger.spans(features[3]) == [
        TaggedSpan(role="S", start=0, end=2),
        TaggedSpan(role="T", start=3, end=5),
    ]
    doc = parse_words(coder.nlp, ["Iran", "accused", "Israel", "."])
    unseen = sentence_features(doc, NO_MARKS)
    assert [s.role for s in tagger.spans(unseen)] == ["S", "T"]
