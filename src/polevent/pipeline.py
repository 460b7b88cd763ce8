"""Article -> list[EventRecord]: the one place where spaCy objects turn into records.

``build_coder()`` loads the model and the data files once; ``code_articles()`` streams articles
through ``nlp.pipe`` in batches (long articles in paragraph-aligned chunks) and yields each article
with its records; ``records_from_doc()`` turns one parsed chunk into records.
``code_batch_with(settings, articles)`` is the picklable step an engine (``polevent.scale``) maps
over batches in its workers, each building its coder once (``cached_coder``).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, TypeVar, cast

from polevent._version import __version__
from polevent.coding.actors import ActorCoder, AgentIndex, build_agent_index
from polevent.coding.contexts import find_contexts, load_context_cues
from polevent.coding.events import EventGuess, VerbLexicon, find_events
from polevent.coding.intent import load_intent_codes
from polevent.coding.kb import (
    ActorEntry,
    ActorIndex,
    build_actor_index,
    load_actors,
    load_agents,
    merge_curated,
)
from polevent.coding.ontology import (
    CameoCode,
    load_blocking_patterns,
    load_cameo,
    load_verb_patterns,
    load_verbs,
)
from polevent.ids import event_id
from polevent.nlp import build_nlp, model_info
from polevent.records import (
    ActorRef,
    Article,
    Counts,
    EventDate,
    EventRecord,
    Evidence,
    FieldConfidence,
    Place,
)
from polevent.resolve.counts import CountMention, counts_for, find_counts
from polevent.resolve.dates import event_date, lead_event, story_date
from polevent.resolve.gazetteer import Gazetteer, open_gazetteer
from polevent.resolve.places import find_dateline, find_toponyms, locate_event
from polevent.resolve.quotes import Quote, attach_speakers, find_quotes, quotes_for_cue
from polevent.resolve.timex import find_timexes
from polevent.settings import Settings
from polevent.stage_timer import StageTimer, timed

__all__ = [
    "Coder",
    "actor_coder",
    "build_coder",
    "cached_coder",
    "code_article",
    "code_articles",
    "code_batch",
    "code_batch_with",
    "records_from_doc",
]


T = TypeVar("T")
_END = object()


class EventReviewer(Protocol):
    """Something that reviews one article's records (the learned model, see ``polevent.learn``)."""

    def review(self, records: Sequence[EventRecord]) -> list[EventRecord]: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Coder:
    """Everything coding needs, loaded once: the spaCy pipeline and the dictionaries."""

    nlp: Any
    lexicon: VerbLexicon
    actors: ActorIndex
    agents: AgentIndex
    cameo: Mapping[str, CameoCode]
    settings: Settings
    contexts: Mapping[tuple[str, ...], str]
    reviewer: EventReviewer | None = None
    gazetteer: Gazetteer | None = None
    coder_version: str
    data_version: str


def data_version() -> str:
    """A short hash of every data file shipped in ``polevent/data`` (changes when any changes)."""
    digest = hashlib.sha256()
    root = resources.files("polevent") / "data"
    for item in sorted(root.iterdir(), key=lambda p: p.name):
        if item.is_file():
            digest.update(item.name.encode())
            digest.update(item.read_bytes())
    return digest.hexdigest()[:12]


def build_coder(
    settings: Settings | None = None, *, nlp: Any = None, gazetteer: Gazetteer | None = None
) -> Coder:
    """Load the pinned model (unless ``nlp`` is given) and the actor, agent and verb tables.

    Events get places when a gazetteer is given or ``settings.gazetteer`` names its file.
    """
    settings = settings or Settings()
    if gazetteer is None and settings.gazetteer is not None:
        gazetteer = open_gazetteer(settings.gazetteer)
    nlp = nlp if nlp is not None else build_nlp(settings)
    info = model_info(nlp)
    return Coder(
        nlp=nlp,
        lexicon=VerbLexicon(
            load_verbs(), load_verb_patterns(), load_blocking_patterns(), load_intent_codes()
        ),
        actors=build_actor_index(_actors(settings)),
        agents=build_agent_index(load_agents()),
        cameo=load_cameo(),
        settings=settings,
        contexts=load_context_cues(),
        reviewer=_reviewer(settings),
        gazetteer=gazetteer,
        coder_version=f"polevent {__version__}; {info.name} {info.version}",
        data_version=data_version(),
    )


def _actors(settings: Settings) -> tuple[ActorEntry, ...]:
    """The packaged actor rows with the user's own files (if any) merged over them."""
    rows = load_actors()
    if not settings.actor_files:
        return rows
    from polevent.coding.officeholders import read_office_files, user_entries

    return merge_curated(rows, user_entries(read_office_files(settings.actor_files)))


def _reviewer(settings: Settings) -> EventReviewer | None:
    if settings.quad_model is None:
        return None
    from polevent.learn.advise import load_advisor  # imports onnxruntime: only when asked for

    return load_advisor(Path(settings.quad_model))


def chunks(text: str, *, limit: int) -> list[tuple[int, str]]:
    """Split ``text`` into pieces of at most ``limit`` characters at paragraph or line breaks.

    Returns ``(offset, piece)`` pairs; a single line longer than ``limit`` is cut hard.
    """
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        cut = text.rfind("\n\n", start, start + limit)
        if cut <= start:
            cut = text.rfind("\n", start, start + limit)
        cut = cut + 1 if cut > start else start + limit
        pieces.append((start, text[start:cut]))
        start = cut
    pieces.append((start, text[start:]))
    return pieces


def code_articles(
    articles: Iterable[Article], coder: Coder, *, timer: StageTimer | None = None
) -> Iterator[tuple[Article, list[EventRecord]]]:
    """Code articles with ``nlp.pipe``; yield each article with its records, in input order.

    ``timer`` (optional) adds the time of each stage: "parse" (``nlp.pipe``, which also pulls
    ``articles``), those of ``records_from_doc`` and "review" (the learned model)."""
    limit = coder.settings.chunk_chars

    def pieces() -> Iterator[tuple[str, tuple[Article, int, bool]]]:
        for article in articles:
            parts = chunks(article.text, limit=limit)
            for n, (offset, text) in enumerate(parts):
                yield text, (article, offset, n == len(parts) - 1)

    records: list[EventRecord] = []
    sentence_base = 0
    parsed = coder.nlp.pipe(pieces(), as_tuples=True, batch_size=coder.settings.batch_size)
    for doc, (article, offset, last) in parsed if timer is None else _timed_parse(parsed, timer):
        found = records_from_doc(
            doc, article, coder, offset=offset, sentence_base=sentence_base, timer=timer
        )
        records.extend(found)
        sentence_base += sum(1 for _ in doc.sents)
        if last:
            if coder.reviewer:
                with timed(timer, "review"):
                    records = coder.reviewer.review(records)
            yield article, records
            records, sentence_base = [], 0


def _timed_parse(items: Iterable[T], timer: StageTimer) -> Iterator[T]:
    """``items``, the time spent waiting for each (the parsing) added to stage "parse"."""
    iterator = iter(items)
    while True:
        with timer.stage("parse"):
            item = next(iterator, _END)
        if item is _END:
            return
        yield cast(T, item)


def code_batch(articles: Sequence[Article], *, coder: Coder) -> list[list[EventRecord]]:
    """The records of each of ``articles``, in order: the pure ``Article -> records`` step."""
    return [records for _, records in code_articles(articles, coder)]


@functools.cache
def cached_coder(settings: Settings) -> Coder:
    """This process's coder for ``settings``, built on first use (once per worker process)."""
    return build_coder(settings)


def code_batch_with(settings: Settings, articles: Sequence[Article]) -> list[list[EventRecord]]:
    """``code_batch`` with this process's coder for ``settings``: what an engine maps over
    batches of articles in its workers (picklable as ``functools.partial(code_batch_with,
    settings)``; the model loads once per worker)."""
    return code_batch(articles, coder=cached_coder(settings))


def code_article(article: Article, coder: Coder) -> list[EventRecord]:
    """Code one article (convenience wrapper over ``code_articles``)."""
    return [record for _, found in code_articles([article], coder) for record in found]


def actor_coder(coder: Coder, *, on: date | None = None) -> ActorCoder:
    """A fresh per-article actor resolver over ``coder``'s dictionaries, for the story date."""
    return ActorCoder(index=coder.actors, agents=coder.agents, on=on)


def records_from_doc(
    doc: Any,
    article: Article,
    coder: Coder,
    *,
    offset: int = 0,
    sentence_base: int = 0,
    timer: StageTimer | None = None,
) -> list[EventRecord]:
    """Turn the events found in one parsed (piece of an) article into ``EventRecord``s.

    ``timer`` (optional) adds the time of each stage: actors, quotes, events, places, dates,
    counts and records (building them); the records are the same with or without it."""
    on = article.published_at.date() if article.published_at else None
    with timed(timer, "actors"):
        resolver = actor_coder(coder, on=on)
        resolver.observe(doc)
    with timed(timer, "events"):
        found = [
            (n, sent, guess)
            for n, sent in enumerate(doc.sents)
            for guess in find_events(sent, lexicon=coder.lexicon, coder=resolver)
        ]
    if not found:  # quotes, places, dates and counts only ever attach to an event
        return []
    with timed(timer, "quotes"):
        quotes = find_quotes(doc)
        speakers = dict(attach_speakers(quotes, resolver, doc=doc))
    with timed(timer, "places"):
        place = _locator(doc, coder, [guess for _, _, guess in found], first=offset == 0)
    with timed(timer, "dates"):
        when = _dater(doc, article, first=offset == 0)
    with timed(timer, "counts"):
        counted = {n: find_counts(sent) for n, sent, _ in found}
    triggers = {guess.trigger_index for _, _, guess in found}
    records: list[EventRecord] = []
    for n, sent, guess in found:
        with timed(timer, "records"):
            record = _record(
                guess, sent, index=sentence_base + n, article=article, coder=coder, offset=offset
            )
        with timed(timer, "dates"):
            dated = when(guess)
        with timed(timer, "places"):
            where = place(guess)
        with timed(timer, "counts"):
            counts = _counts(doc, guess, counted[n], triggers)
        with timed(timer, "records"):
            record = replace(
                record,
                place=where,
                date=dated,
                counts=counts,
                modality=_background(guess.modality, dated, doc[guess.trigger_index]),
            )
            records.append(_with_quote(record, guess, quotes, speakers))
    return records


def _background(modality: str, dated: EventDate, trigger: Any) -> str:
    """An asserted event the text dates as background to the story ("the attack in Pahalgam,
    where 26 tourists were killed") is historical: mentioned, not newly reported. A past perfect
    in what someone reports ("he added that he had reaffirmed ...") is only the tense shift of
    reported speech."""
    if modality != "asserted" or not dated.reason.startswith("historical"):
        return modality
    reported = trigger.dep_ == "ccomp" and dated.reason.startswith("historical (past perfect)")
    return modality if reported else "historical"


def _dater(doc: Any, article: Article, *, first: bool) -> Callable[[EventGuess], EventDate]:
    """When each event of ``doc`` happened (``polevent.resolve.dates``): the Doc's time
    expressions are read once against the story date; the lead sentence's event is the
    article's main event only in its first piece."""
    timexes = find_timexes(doc, anchor=article.published_at)
    lead = lead_event(doc) if first else None

    def when(guess: EventGuess) -> EventDate:
        return event_date(
            doc[guess.trigger_index],
            timexes,
            published=article.published_at,
            lead=lead,
            modality=guess.modality,
        )

    return when


def _counts(
    doc: Any, guess: EventGuess, mentions: Sequence[CountMention], triggers: set[int]
) -> Counts:
    """The counts that belong to the event: those whose word is its trigger ("arrested 15") or
    whose clause it heads ("26 people were killed"), or a clause joined to it that is no event
    of its own ("killed five and wounded 110", "attacked the post, killing 12"). A count in a
    reported or relative clause ("said 5 were killed") belongs to that clause's verb."""

    def belongs(mention: CountMention) -> bool:
        clause = doc[_clause_of(doc[mention.trigger_index])]
        if clause.i == guess.trigger_index:
            return True
        joined = clause.dep_ == "conj" or (clause.dep_ == "advcl" and clause.tag_ == "VBG")
        return joined and clause.head.i == guess.trigger_index and clause.i not in triggers

    return counts_for([m for m in mentions if belongs(m)])


def _clause_of(token: Any) -> int:
    """The index of the first verb at or above ``token`` (the token itself when none)."""
    head = token
    for _ in range(8):
        if head.pos_ in {"VERB", "AUX"} and head.dep_ not in {"aux", "auxpass"}:
            return int(head.i)
        if head.head.i == head.i:
            break
        head = head.head
    return int(token.i)


def _locator(
    doc: Any, coder: Coder, guesses: Sequence[EventGuess], *, first: bool
) -> Callable[[EventGuess], Place | None]:
    """Where each event of ``doc`` happened (``polevent.resolve.places``); ``None`` for every
    event without a gazetteer. The actors' countries help resolve ambiguous names; the dateline
    counts only in an article's first piece."""
    gazetteer = coder.gazetteer
    if gazetteer is None:
        return lambda _guess: None
    countries = sorted({a.country for g in guesses for a in (*g.source, *g.target) if a.country})
    toponyms = find_toponyms(doc, gazetteer=gazetteer, countries=countries)
    dateline = find_dateline(doc, toponyms) if first else None

    def place(guess: EventGuess) -> Place | None:
        located = locate_event(doc[guess.trigger_index], toponyms, dateline=dateline)
        return None if located is None else located.place

    return place


def _with_quote(
    record: EventRecord,
    guess: EventGuess,
    quotes: Sequence[Quote],
    speakers: Mapping[Quote, ActorRef | None],
) -> EventRecord:
    """A statement event (CAMEO 01x) whose trigger is a quote's cue carries the quote and the
    speaker ("said" -> what was said, and who said it); an event reported inside a quote ("Syria
    says it will withdraw") carries the quote and who reported it."""
    end = guess.trigger_start + len(guess.trigger_text)
    if guess.code.startswith("01"):
        cued = quotes_for_cue(quotes, start=guess.trigger_start, end=end)
    else:
        cued = [q for q in quotes if q.content_start <= guess.trigger_start < q.content_end]
    if not cued:
        return record
    actor = speakers.get(cued[0])
    speaker = actor.name or actor.text if actor is not None else cued[0].speaker_text
    return replace(record, quote=" … ".join(q.content_text for q in cued), speaker=speaker)


def _shift(actor: ActorRef, offset: int) -> ActorRef:
    return replace(actor, start=actor.start + offset, end=actor.end + offset)


def _contexts(
    sent: Any, cameo: CameoCode, coder: Coder, reason: str
) -> tuple[tuple[str, ...], str]:
    """Crosswalk contexts of the code plus those the sentence's words cue, and the reason."""
    cues = find_contexts([t.lemma_.lower() for t in sent], coder.contexts)
    added = [c for c in cues if c.context not in cameo.plover_context]
    if not added:
        return cameo.plover_context, reason
    said = ", ".join(f"{c.context} ({c.cue!r})" for c in added)
    return (
        *cameo.plover_context,
        *(c.context for c in added),
    ), f"{reason}; contexts from sentence: {said}"


def _record(
    guess: EventGuess, sent: Any, *, index: int, article: Article, coder: Coder, offset: int
) -> EventRecord:
    cameo = coder.cameo[guess.code] if guess.code in coder.cameo else coder.cameo[guess.code[:3]]
    text = sent.text.strip()
    start = offset + sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
    contexts, reason = _contexts(sent, cameo, coder, guess.code_reason)
    source = tuple(_shift(a, offset) for a in guess.source)
    target = tuple(_shift(a, offset) for a in guess.target)
    return EventRecord(
        event_id=event_id(
            article=article.id,
            sentence_index=index,
            source_codes=[a.code for a in source],
            target_codes=[a.code for a in target],
            cameo_code=guess.code,
            trigger_start=offset + guess.trigger_start,
        ),
        article_id=article.id,
        sentence_index=index,
        evidence=Evidence(
            text=text,
            start=start,
            end=start + len(text),
            trigger_start=offset + guess.trigger_start,
            trigger_end=offset + guess.trigger_start + len(guess.trigger_text),
        ),
        source=source,
        target=target,
        cameo_code=guess.code,
        cameo_root=cameo.root,
        cameo_label=cameo.label,
        quad_class=cameo.quad_class,
        goldstein=cameo.goldstein,
        plover_type=cameo.plover_type,
        plover_mode=cameo.plover_mode,
        plover_context=contexts,
        plover_intensity=None,
        modality=guess.modality,
        trigger=guess.trigger_text,
        code_reason=reason,
        published_at=article.published_at,
        date=story_date(article.published_at),
        place=None,
        confidence=FieldConfidence(
            event=guess.confidence,
            source=min((a.confidence for a in source), default=0.0),
            target=min((a.confidence for a in target), default=0.0),
        ),
        coder_version=coder.coder_version,
        data_version=coder.data_version,
    )
