"""Learned actor spans: a CRF that tags the source (S), target (T) and reciprocal (R) actor
phrases of a sentence's event, on top of the spaCy parse and the pattern coder's own guesses.

The gold data (ConfliBERT's CAMEO NER file) marks whole phrases as actors, including things
("a car bomb") and whole noun phrases ("the government of Brazil"), which the knowledge-base
coder does not produce. The tagger learns those boundaries from features of each token: its
word and shape, part of speech, dependency and entity type, where it hangs relative to the
event verb (subject, object, which preposition), the neighbouring tokens, spaCy's contextual
vector, and whether the pattern coder put it in a source or target actor. Pure functions except
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
CRF_PARAMS = {"c1": 0.2, "c2": 0.1, "max_iterations": 200, "feature.possible_transitions": True}
Features = dict[str, str | float | bool]


@dataclass(frozen=True, slots=True, kw_only=True)
class TaggedSpan:
    """An actor phrase: ``role`` S/T/R over tokens ``start`` (inclusive) to ``end``."""

    role: str
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CodedMarks:
    """Token indices the pattern coder put in a source or target actor, and its triggers."""

    source: frozenset[int]
    target: frozenset[int]
    triggers: frozenset[int]
    root: str = "none"  # CAMEO root of the first coded event


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
    )


def _event_verb(doc: Any, marks: CodedMarks) -> Any:
    """The first coded trigger, else the root of the first sentence."""
    return doc[min(marks.triggers)] if marks.triggers else next(iter(doc.sents)).root


def _relation(token: Any, verb: Any) -> Features:
    """Where ``token`` hangs from the event verb: side, the verb's child it is under (and the
    preposition), and its depth."""
    features: Features = {"side": "before" if token.i < verb.i else "after"}
    if token.i == verb.i:
        features["side"] = "at"
    for node in (token, *token.ancestors):
        if node.head.i == verb.i and node.i != verb.i:
            features["vchild"] = node.dep_
            if node.dep_ == "prep":
                features["vprep"] = node.lower_
            break
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
        "shape": token.shape_,
        "suf3": token.lower_[-3:],
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


def sentence_features(doc: Any, marks: CodedMarks) -> list[Features]:
    """One feature dict per token of ``doc``."""
    verb = _event_verb(doc, marks)
    rows: list[Features] = []
    tensor = doc.tensor if doc.tensor is not None and len(doc.tensor) == len(doc) else None
    for token in doc:
        features: Features = {"bias": 1.0}
        features.update(_own(token, marks))
        features.update(_relation(token, verb))
        features["root"] = marks.root
        features.update(_window(doc, token.i, marks))
        if tensor is not None:
            features.update({f"v{k}": float(x) for k, x in enumerate(tensor[token.i])})
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
