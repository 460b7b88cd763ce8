"""Library functions behind the CLI commands: ``code``, ``events``, ``export`` and ``actors``
(same names, same options)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from itertools import chain, islice
from pathlib import Path

from polevent.coding.lookup import ActorLookup, UnknownActor, lookup_actor, unknown_actors
from polevent.errors import InputError, PoleventWarning
from polevent.export import ExportReport
from polevent.ingest import ReadOptions, Skipped, Source, iter_articles
from polevent.pipeline import Coder, build_coder, code_articles, code_batch_with
from polevent.query.filters import EventFilter
from polevent.records import Article, EventRecord
from polevent.scale import Executor, ProcessExecutor, batched
from polevent.settings import Settings
from polevent.store import open_store, require_existing

__all__ = [
    "CodeReport",
    "actor",
    "cluster_of",
    "code",
    "events",
    "export",
    "serve",
    "unknown",
]

_BATCH = 8
"""Articles per task sent to an engine: enough to amortise the IPC, few enough that the
workers share the work and a crash loses little coding (never a stored article)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeReport:
    """What one ``code`` run did: counts, the input errors it skipped and its warnings."""

    articles_read: int
    articles_coded: int
    articles_already_stored: int
    events_added: int
    errors: tuple[InputError, ...]
    warnings: tuple[PoleventWarning, ...]
    skipped: tuple[Skipped, ...] = ()


@dataclass(slots=True)
class _Tally:
    read: int = 0
    coded: int = 0
    stored: int = 0
    events: int = 0


def code(
    paths: Sequence[str | Path | Source],
    *,
    db: str | Path,
    published: datetime | None = None,
    keep_going: bool = False,
    model: str | Path | None = None,
    actors: Sequence[str | Path] = (),
    gazetteer: str | Path | None = None,
    coder: Coder | None = None,
    progress: Callable[[Article], None] | None = None,
    reading: ReadOptions | None = None,
    workers: int = 1,
    executor: Executor | None = None,
) -> CodeReport:
    """Read articles from ``paths``, code them and store their events in ``db``.

    Each article and its events (and their event clusters) are stored in one transaction, so an
    error or a crash, even ``kill -9``, never leaves half an article behind; articles already in
    the store are skipped by id before parsing, so a re-run after a crash resumes where it
    stopped. Without ``keep_going`` reading stops at the first bad input: the articles read
    before it are coded and stored, then its ``InputError`` is raised. With ``keep_going`` bad
    inputs are collected in the report and the rest is coded.

    ``paths`` may hold files, directories, ``-`` (stdin), feed or page URLs and ``Source``
    objects; ``reading`` sets how they are read (default: English only, so articles confidently
    in another language are counted in ``CodeReport.skipped``, not coded).

    ``workers`` > 1 codes on a pool of that many processes, each loading its own model (a run
    of at most one batch of articles codes in this process); ``executor``
    is another engine to map ``pipeline.code_batch_with`` over batches on (the caller closes
    it). This process is the only writer and writes in input order, so the store is the same
    whatever the engine. ``coder`` (a loaded coder) codes in this process. ``progress`` is
    called once per article done: coded and stored, or found already stored. Pool workers are
    started with ``spawn``: a script calling ``code(workers=...)`` must do so under
    ``if __name__ == "__main__":`` (as with any ``multiprocessing`` pool on macOS or Windows).

    >>> report = code(["samples/"], db="var/demo.db", workers=2)  # doctest: +SKIP
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    errors: list[InputError] = []
    warnings: list[PoleventWarning] = []
    skipped: list[Skipped] = []
    options = reading or ReadOptions(languages=frozenset({"en"}))
    tally = _Tally()
    with open_store(db) as store, ExitStack() as stack:

        def fresh() -> Iterator[Article]:
            # Without keep_going the stream ends at the first error (recorded, raised below) instead
            # of raising here: the engines read a batch or more ahead, and raising inside them
            # would lose the articles of that batch that came before the bad input.
            for item in iter_articles(paths, published=published, options=options):
                if isinstance(item, Skipped):
                    skipped.append(item)
                    continue
                if isinstance(item, InputError):
                    errors.append(item)
                    if not keep_going:
                        return
                    continue
                tally.read += 1
                if store.has_article(item.id):
                    tally.stored += 1
                    if progress is not None:
                        progress(item)
                    continue
                if item.published_at is None:
                    warnings.append(PoleventWarning("W101", path=item.source))
                yield item

        stream = fresh()
        first = next(stream, None)
        if first is not None:
            quad_model = None if model is None else str(model)
            files = tuple(str(path) for path in actors)
            places = None if gazetteer is None else str(gazetteer)
            settings = Settings(quad_model=quad_model, actor_files=files, gazetteer=places)
            plan = _Plan(settings=settings, coder=coder, workers=workers, executor=executor)
            for article, records in _coded(chain([first], stream), plan, stack):
                tally.events += store.add_article(article, records).events_added
                tally.coded += 1
                if progress is not None:
                    progress(article)
        if errors and not keep_going:
            raise errors[0]
    return CodeReport(
        articles_read=tally.read,
        articles_coded=tally.coded,
        articles_already_stored=tally.stored,
        events_added=tally.events,
        errors=tuple(errors),
        warnings=tuple(warnings),
        skipped=tuple(skipped),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class _Plan:
    """How ``code`` codes: the settings, and the coder, worker count or engine it was given."""

    settings: Settings
    coder: Coder | None
    workers: int
    executor: Executor | None


def _coded(
    articles: Iterator[Article], plan: _Plan, stack: ExitStack
) -> Iterator[tuple[Article, list[EventRecord]]]:
    """Each article with its records, in input order, from the engine ``plan`` names (an engine
    this function starts is closed by ``stack``). In this process articles stream through
    ``nlp.pipe`` one by one; an engine gets them in batches of ``_BATCH``."""
    if plan.executor is not None:
        return _mapped(articles, plan.executor, partial(code_batch_with, plan.settings))
    head = list(islice(articles, _BATCH + 1))
    if plan.coder is not None or plan.workers == 1 or len(head) <= _BATCH:
        return code_articles(chain(head, articles), plan.coder or build_coder(plan.settings))
    pool = stack.enter_context(ProcessExecutor(workers=plan.workers))
    return _mapped(chain(head, articles), pool, partial(code_batch_with, plan.settings))


def _mapped(
    articles: Iterable[Article],
    executor: Executor,
    step: Callable[[tuple[Article, ...]], list[list[EventRecord]]],
) -> Iterator[tuple[Article, list[EventRecord]]]:
    """Map ``step`` over batches of ``_BATCH`` articles on ``executor``; pair each article with
    its records again (the engine returns records only, so article texts cross once)."""
    sent: deque[tuple[Article, ...]] = deque()

    def batches() -> Iterator[tuple[Article, ...]]:
        for batch in batched(articles, _BATCH):
            sent.append(batch)
            yield batch

    for found in executor.map(step, batches()):
        yield from zip(sent.popleft(), found, strict=True)


def events(*, db: str | Path, where: EventFilter | None = None) -> list[EventRecord]:
    """Events stored in ``db`` that match ``where`` (all events when ``None``), in story order.

    Reading never creates a store: a SQLite file that does not exist raises ``StoreError("E401")``.
    """
    require_existing(db)
    with open_store(db) as store:
        return store.events(where or EventFilter())


def cluster_of(*, db: str | Path, event_ids: Iterable[str]) -> Mapping[str, str]:
    """The event (cluster) id of each mention id in ``event_ids`` stored in ``db``: mentions of
    one real-world event share it. Like ``events``, reading never creates a store."""
    require_existing(db)
    with open_store(db) as store:
        return store.cluster_of(event_ids)


def export(
    *,
    db: str | Path,
    format: str,
    out: str | Path,
    where: EventFilter | None = None,
    header: bool | None = None,
) -> ExportReport:
    """Write the events stored in ``db`` that match ``where`` to ``out`` in ``format`` (one of
    ``polevent.export.FORMATS``; column mappings in docs/exports.md). Like ``events``, reading
    never creates a store (``StoreError("E401")``); an unknown format is ``InputError("E109")``.

    >>> export(db="events.db", format="gdelt", out="events.gdelt.tsv")  # doctest: +SKIP
    """
    from polevent.export import export as export_store

    require_existing(db)
    with open_store(db) as store:
        return export_store(store, format=format, out=out, event_filter=where, header=header)


def serve(
    *,
    db: str | Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    write_token: str | None = None,
) -> None:
    """Serve the JSON API over the store ``db`` on ``host``:``port`` until interrupted (uvicorn;
    endpoints in ``polevent.serve``). Read-only unless ``write_token`` is given. A SQLite file
    that does not exist is ``StoreError("E401")`` (created only when writing is allowed).

    >>> serve(db="events.db", port=8000)  # doctest: +SKIP
    """
    import uvicorn

    from polevent.serve import create_app, open_for_serving

    open_for_serving(str(db), create=write_token is not None)().close()
    app = create_app(db=str(db), write_token=write_token)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def actor(name: str, *, on: date | None = None) -> ActorLookup:
    """What the packaged knowledge base codes ``name`` as on the day ``on`` (``None``: today's
    office holder, else the latest), with the reason and the name's whole history."""
    from polevent.coding.kb import load_actor_index
    from polevent.coding.officeholders import name_tokenizer

    return lookup_actor(name, on=on, index=load_actor_index(), tokenize=name_tokenizer())


def unknown(*, db: str | Path) -> tuple[UnknownActor, ...]:
    """People in the events stored in ``db`` that the knowledge base does not know, most
    mentioned first (add them with a file of your own, see README "Your own actors")."""
    return unknown_actors(events(db=db))
