"""Learned actor spans: a CRF that tags the source (S), target (T) and reciprocal (R) actor
phrases of a sentence's event, on top of the spaCy parse and the pattern coder's own guesses.

The gold data (ConfliBERT's CAMEO NER file) marks whole phrases as actors, including things
("a car bomb") and whole noun phrases ("the government of Brazil"), which the knowledge-base
coder does not produce. The tagger learns those boundaries from features of each token: its
word and shape, part of speech, dependency and entity type, where it hangs relative to the
event verb and from the sentence's root (subject, object, which preposition, passive voice,
whether it opens, heads or closes that argument), the neighbouring tokens and word bigrams, and
whether the pattern coder put it in a source or target actor. Pure functions except
``train_tagger`` / ``SpanTagger`` (a model file) and ``parse_words`` (runs the model).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from polevent.coding.actors import ActorCoder
from polevent.coding.events import find_events
from polevent.errors import ModelError

__all__ = [
    "ROLES",
    "CodedMarks",
    "SpanTagger",
    "TaggedSpan",
    "bio_spans",
    "coded_marks",
    "parse_words",
    "sentence_features",
    "train_tagger",
]

ROLES = ("S", "T", "R")
SINGLE_ROLES = ("S", "T")  # one source and one target phrase per sentence (R comes in pairs)
WINDOW = (-2, -1, 1, 2)
MAX_DISTANCE = 6  # token distance to the event verb, clipped
# Chosen by 5-fold CV on the ConfliBERT NER train file (decisions on folds 0-2, checked on 3-4).
CRF_PARAMS = {"c1": 0.2, "c2": 0.5, "max_iterations": 200, "feature.possible_transitions": True}
PASSIVE_DEPS = frozenset({"auxpass", "nsubjpass"})
PREP_DEPS = frozenset({"prep", "agent"})  # "agent" is the "by" of a passive
Features = dict[str, str | float | bool]


@dataclass(frozen=True, slots=True, kw_only=True)
class TaggedSpan:
    """An actor phrase: ``role`` S/T/R over tokens ``start`` (inclusive) to ``end``."""

    role: str
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CodedMarks:
    """Token indices the pattern coder put in a source or target actor, its triggers, and the
    verbs its lexicon knows (event verbs whose actors it did not find)."""

    source: frozenset[int]
    target: frozenset[int]
    triggers: frozenset[int]
    root: str = "none"  # CAMEO root of the first coded event
    lexicon_verbs: frozenset[int] = frozenset()


def parse_words(nlp: Any, words: Sequence[str]) -> Any:
    """A parsed Doc with exactly ``words`` as tokens (the gold file's tokenisation)."""
    from spacy.tokens import Doc

    doc = Doc(nlp.vocab, words=list(words))
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def _tokens_of(doc: Any, start: int, end: int) -> set[int]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return {t.i for t in span} if span is not None else set()


def coded_marks(doc: Any, coder: ActorCoder, lexicon: Any) -> CodedMarks:
    """What the pattern coder finds in ``doc`` (every sentence, every event)."""
    coder.observe(doc)
    source: set[int] = set()
    target: set[int] = set()
    triggers: set[int] = set()
    roots: list[str] = []
    verbs = {t.i for t in doc if t.pos_ == "VERB" and lexicon.match(t) is not None}
    for sent in doc.sents:
        for guess in find_events(sent, lexicon=lexicon, coder=coder):
            triggers.add(guess.trigger_index)
            roots.append(guess.code[:2])
            for actor in guess.source:
                source |= _tokens_of(doc, actor.start, actor.end)
            for actor in guess.target:
                target |= _tokens_of(doc, actor.start, actor.end)
    return CodedMarks(
        source=frozenset(source),
        target=frozenset(target),
        triggers=frozenset(triggers),
        root=roots[0] if roots else "none",
        lexicon_verbs=frozenset(verbs),
    )


def _event_verb(doc: Any, marks: CodedMarks) -> Any:
    """The first coded trigger, else the first verb the lexicon knows, else the root of the
    first sentence."""
    if marks.triggers:
        return doc[min(marks.triggers)]
    if marks.lexicon_verbs:
        return doc[min(marks.lexicon_verbs)]
    return _sentence_root(doc)


def _sentence_root(doc: Any) -> Any:
    return next(iter(doc.sents)).root


def _verb_child(token: Any, verb: Any) -> Any:
    """The child of ``verb`` whose subtree holds ``token`` (``None`` outside it)."""
    for node in (token, *token.ancestors):
        if node.head.i == verb.i and node.i != verb.i:
            return node
    return None


def _argument(token: Any, verb: Any) -> Features:
    """Passive voice, and whether ``token`` opens, heads or closes its argument of ``verb`` (and
    the object of the argument's preposition): the phrase boundaries gold spans follow."""
    passive = any(c.dep_ in PASSIVE_DEPS for c in verb.children)
    features: Features = {"passive": passive}
    node = _verb_child(token, verb)
    if node is None:
        return features
    features["vchild_voice"] = node.dep_ + ("|passive" if passive else "")
    features["arg_head"] = node.i == token.i
    features["arg_left"] = node.left_edge.i == token.i
    features["arg_right"] = node.right_edge.i == token.i
    objects = [c for c in node.children if c.dep_ == "pobj"] if node.dep_ in PREP_DEPS else []
    if objects:
        features["pobj_head"] = objects[0].i == token.i
        features["pobj_left"] = objects[0].left_edge.i == token.i
        features["pobj_right"] = objects[0].right_edge.i == token.i
    return features


def _relation(token: Any, verb: Any) -> Features:
    """Where ``token`` hangs from the event verb: side, the verb's child it is under (and the
    preposition), and its depth."""
    features: Features = {"side": "before" if token.i < verb.i else "after"}
    if token.i == verb.i:
        features["side"] = "at"
    node = _verb_child(token, verb)
    if node is not None:
        features["vchild"] = node.dep_
        if node.dep_ == "prep":
            features["vprep"] = node.lower_
    features["vlemma"] = verb.lemma_.lower()
    features["depth"] = str(min(sum(1 for _ in token.ancestors), 6))
    features["dist"] = str(max(-MAX_DISTANCE, min(MAX_DISTANCE, token.i - verb.i)))
    return features


def _path(token: Any) -> str:
    deps: list[str] = []
    node = token
    while node.head.i != node.i and len(deps) < 4:
        deps.append(node.dep_)
        node = node.head
        if node.pos_ == "VERB":
            break
    return ">".join(deps)


def _own(token: Any, marks: CodedMarks) -> Features:
    return {
        "w": token.lower_,
        "lemma": token.lemma_.lower(),
        "shape": token.shape_,
        "pre3": token.lower_[:3],
        "suf2": token.lower_[-2:],
        "suf3": token.lower_[-3:],
        "upper": token.is_upper,
        "num": token.like_num,
        "stop": token.is_stop,
        "punct": token.is_punct,
        "first": token.i == 0,
        "last": token.i == len(token.doc) - 1,
        "pos": token.pos_,
        "tag": token.tag_,
        "dep": token.dep_,
        "hpos": token.head.pos_,
        "hdep": token.head.dep_,
        "hlemma": token.head.lemma_.lower(),
        "ent": token.ent_type_ or "O",
        "iob": token.ent_iob_,
        "title": token.is_title,
        "path": _path(token),
        "src": token.i in marks.source,
        "tgt": token.i in marks.target,
        "trig": token.i in marks.triggers,
    }


def _window(doc: Any, i: int, marks: CodedMarks) -> Features:
    features: Features = {}
    for offset in WINDOW:
        j = i + offset
        if not 0 <= j < len(doc):
            features[f"{offset}:pad"] = True
            continue
        other = doc[j]
        features[f"{offset}:w"] = other.lower_
        features[f"{offset}:pos"] = other.pos_
        features[f"{offset}:dep"] = other.dep_
        features[f"{offset}:ent"] = other.ent_type_ or "O"
        features[f"{offset}:src"] = j in marks.source
        features[f"{offset}:tgt"] = j in marks.target
    return features


def _bigrams(doc: Any, i: int) -> Features:
    before = doc[i - 1] if i else None
    after = doc[i + 1] if i + 1 < len(doc) else None
    token = doc[i]
    return {
        "w-1|w": f"{before.lower_ if before else '<s>'}|{token.lower_}",
        "w|w+1": f"{token.lower_}|{after.lower_ if after else '</s>'}",
        "pos-1|pos": f"{before.pos_ if before else '<s>'}|{token.pos_}",
        "pos|pos+1": f"{token.pos_}|{after.pos_ if after else '</s>'}",
    }


def sentence_features(doc: Any, marks: CodedMarks) -> list[Features]:
    """One feature dict per token of ``doc``: the token, its place under the event verb and
    under the sentence's root (``r_`` features), its neighbours and the coder's marks."""
    verb = _event_verb(doc, marks)
    root = _sentence_root(doc)
    rows: list[Features] = []
    for token in doc:
        features: Features = {"bias": 1.0}
        features.update(_own(token, marks))
        features.update(_relation(token, verb))
        features.update(_argument(token, verb))
        features["root"] = marks.root
        for key, value in (*_relation(token, root).items(), *_argument(token, root).items()):
            features[f"r_{key}"] = value
        features.update(_window(doc, token.i, marks))
        features.update(_bigrams(doc, token.i))
        rows.append(features)
    return rows


def bio_spans(tags: Sequence[str]) -> list[TaggedSpan]:
    """Spans of a BIO tag sequence; an ``I-`` that does not continue its role starts a span."""
    spans: list[TaggedSpan] = []
    current: tuple[str, int] | None = None
    for i, tag in enumerate([*tags, "O"]):
        continues = tag.startswith("I-") and current is not None and current[0] == tag[2:]
        if continues:
            continue
        if current is not None:
            spans.append(TaggedSpan(role=current[0], start=current[1], end=i))
            current = None
        if tag[:2] in {"B-", "I-"}:
            current = (tag[2:], i)
    return spans


def _crfsuite() -> Any:
    try:
        import pycrfsuite  # type: ignore[import-untyped]
    except ImportError as e:
        raise ModelError("E203", "python-crfsuite is not installed") from e
    return pycrfsuite


def train_tagger(
    features: Iterable[list[Features]], tags: Iterable[Sequence[str]], *, path: Path
) -> Path:
    """Train a CRF on sentences' features and gold BIO tags; write it to ``path``."""
    trainer = _crfsuite().Trainer(verbose=False)
    for x, y in zip(features, tags, strict=True):
        trainer.append(x, list(y))
    trainer.set_params(CRF_PARAMS)
    trainer.train(str(path))
    return path


@dataclass(slots=True)
class SpanTagger:
    """A trained CRF (``train_tagger``'s file) that tags sentences."""

    tagger: Any

    @classmethod
    def load(cls, path: Path) -> SpanTagger:
        tagger = _crfsuite().Tagger()
        try:
            tagger.open(str(path))
        except (OSError, ValueError) as e:
            raise ModelError("E205", f"cannot load span model {path}: {e}") from e
        return cls(tagger=tagger)

    def spans(self, features: list[Features]) -> list[TaggedSpan]:
        """Tagged spans of one sentence; at most one S and one T, the most probable."""
        found = bio_spans(self.tagger.tag(features))
        kept = [s for s in found if s.role not in SINGLE_ROLES]
        for role in SINGLE_ROLES:
            candidates = [s for s in found if s.role == role]
            if candidates:
                kept.append(max(candidates, key=self._confidence))
        return sorted(kept, key=lambda s: s.start)

    def _confidence(self, span: TaggedSpan) -> float:
        total = sum(
            self.tagger.marginal(("B-" if i == span.start else "I-") + span.role, i)
            for i in range(span.start, span.end)
        )
        return float(total) / (span.end - span.start)
