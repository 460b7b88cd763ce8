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
    assert "v0" in rows[0]  # spaCy's contextual vector


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
