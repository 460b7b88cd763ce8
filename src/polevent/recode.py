"""Versioned re-coding of a store: re-code every stored article with the current coder, keep the
new mentions pending next to the current ones, list what changed, then accept or reject.

Library functions behind ``polevent recode``, ``diff``, ``accept`` and ``reject`` (same names,
same options). On an open store: ``recode_store(store, coder)`` (``recode_with`` for any coding
function), ``diff_store(store)``, ``accept_store(store)``, ``reject_store(store)``.

Every stored mention keeps the ``coder_version`` and ``data_version`` that made it. A re-code
run re-codes the articles whose mentions are not all of the coder's versions (every article with
``force``), each article's pending mentions written in one transaction, so a run that stops
resumes where it stopped and a second run re-codes nothing. Queries and exports keep reading the
current mentions until the run is accepted (one transaction); rejecting discards it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from polevent.errors import StoreError
from polevent.pipeline import Coder, build_coder, code_articles
from polevent.recode_diff import RecodeDiff, diff_run
from polevent.records import Article, EventRecord
from polevent.settings import Settings
from polevent.store import AcceptResult, RecodeRun, RecodeStore, open_store, require_existing
from polevent.store._pending import check_versions
from polevent.store._sql import SqlStore

__all__ = [
    "RecodeSummary",
    "RejectResult",
    "accept",
    "accept_store",
    "diff",
    "diff_store",
    "recode",
    "recode_store",
    "recode_with",
    "reject",
    "reject_store",
]

CodeStep = Callable[[Iterable[Article]], Iterable[tuple[Article, Sequence[EventRecord]]]]
"""Codes articles lazily, yielding each with its records in input order (``code_articles``)."""

_NOTHING_PENDING = "no re-code run is pending: run `polevent recode --db FILE` first"


@dataclass(frozen=True, slots=True, kw_only=True)
class RecodeSummary:
    """What one ``recode`` call did. ``run_id`` is ``None`` when nothing needed re-coding.
    ``articles_recoded`` were re-coded now, ``articles_resumed`` earlier in the same pending
    run, ``articles_current`` were already coded by these versions; ``pending`` mentions wait
    in the run for ``polevent accept`` (or ``reject``)."""

    run_id: str | None
    coder_version: str
    data_version: str
    forced: bool
    articles_total: int
    articles_recoded: int
    articles_resumed: int
    articles_current: int
    pending: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RejectResult:
    """The run ``reject`` discarded and how many pending mentions went with it."""

    run_id: str
    discarded: int


def recode_with(
    store: RecodeStore,
    *,
    coder_version: str,
    data_version: str,
    code: CodeStep,
    force: bool = False,
    progress: Callable[[Article], None] | None = None,
) -> RecodeSummary:
    """Re-code the stored articles that need it with ``code`` into the pending run of these
    versions (started, or resumed when one is pending); ``progress`` is called per article.
    ``StoreError("E406")`` when a run of other versions is pending."""
    found = store.recode_run()
    if found is not None:
        check_versions(found, coder_version=coder_version, data_version=data_version)
    forced = force or (found is not None and found.forced)
    todo = store.recode_todo(
        coder_version=coder_version, data_version=data_version, forced=forced, run=found
    )
    total = store.stats().articles
    resumed = 0 if found is None else found.articles
    run = found
    done = 0
    if todo:
        run = run or store.start_recode(
            coder_version=coder_version, data_version=data_version, forced=forced
        )
        for article, records in code(_load(store, todo)):
            store.add_pending(run, article.id, records)
            done += 1
            if progress is not None:
                progress(article)
    after = store.recode_run()
    return RecodeSummary(
        run_id=None if run is None else run.run_id,
        coder_version=coder_version,
        data_version=data_version,
        forced=forced,
        articles_total=total,
        articles_recoded=done,
        articles_resumed=resumed,
        articles_current=total - done - resumed,
        pending=0 if after is None else after.pending,
    )


def _load(store: RecodeStore, article_ids: Sequence[str]) -> Iterator[Article]:
    """The stored articles, read one at a time as the coder asks for them."""
    for article_id in article_ids:
        article = store.article(article_id)
        if article is not None:
            yield article


def recode_store(
    store: RecodeStore,
    coder: Coder,
    *,
    force: bool = False,
    progress: Callable[[Article], None] | None = None,
) -> RecodeSummary:
    """Re-code ``store``'s articles with ``coder`` (see ``recode_with``): those whose mentions
    are not all of ``coder``'s versions, or all with ``force``."""
    return recode_with(
        store,
        coder_version=coder.coder_version,
        data_version=coder.data_version,
        code=lambda articles: code_articles(articles, coder),
        force=force,
        progress=progress,
    )


def diff_store(store: RecodeStore) -> RecodeDiff:
    """What accepting the pending run would change (an empty diff when none is pending)."""
    run = store.recode_run()
    if run is None:
        return diff_run((), run_id=None, coder_version="", data_version="")
    articles = store.pending_articles(run)
    return diff_run(
        ((article.current, article.pending) for article in articles),
        run_id=run.run_id,
        coder_version=run.coder_version,
        data_version=run.data_version,
    )


def _pending_run(store: RecodeStore) -> RecodeRun:
    run = store.recode_run()
    if run is None:
        raise StoreError("E405", _NOTHING_PENDING)
    return run


def accept_store(store: RecodeStore) -> AcceptResult:
    """Make the pending run's mentions current, in one transaction; ``StoreError("E405")``
    when no run is pending."""
    return store.accept_recode(_pending_run(store))


def reject_store(store: RecodeStore) -> RejectResult:
    """Discard the pending run; ``StoreError("E405")`` when no run is pending."""
    run = _pending_run(store)
    return RejectResult(run_id=run.run_id, discarded=store.reject_recode(run))


# -- the same on a store URL, for the CLI -----------------------------------------------------


def _open(db: str | Path) -> SqlStore:
    """Open an existing store (a missing SQLite file is ``StoreError("E401")``, never made)."""
    require_existing(db)
    store = open_store(db)
    if not isinstance(store, SqlStore):  # pragma: no cover - every backend is an SqlStore
        raise StoreError("E404", f"{type(store).__name__} cannot keep re-coded mentions")
    return store


def recode(
    *,
    db: str | Path,
    model: str | Path | None = None,
    actors: Sequence[str | Path] = (),
    gazetteer: str | Path | None = None,
    force: bool = False,
    coder: Coder | None = None,
    progress: Callable[[Article], None] | None = None,
) -> RecodeSummary:
    """Re-code every article stored in ``db`` that needs it (see ``recode_store``) with the
    coder ``polevent code`` would build from the same options (or ``coder``).

    >>> recode(db="events.db")  # doctest: +SKIP
    """
    with _open(db) as store:
        if coder is None:
            settings = Settings(
                quad_model=None if model is None else str(model),
                actor_files=tuple(str(path) for path in actors),
                gazetteer=None if gazetteer is None else str(gazetteer),
            )
            coder = build_coder(settings)
        return recode_store(store, coder, force=force, progress=progress)


def diff(*, db: str | Path) -> RecodeDiff:
    """What accepting the pending run of ``db`` would change."""
    with _open(db) as store:
        return diff_store(store)


def accept(*, db: str | Path) -> AcceptResult:
    """Make the pending run of ``db`` current (one transaction)."""
    with _open(db) as store:
        return accept_store(store)


def reject(*, db: str | Path) -> RejectResult:
    """Discard the pending run of ``db``."""
    with _open(db) as store:
        return reject_store(store)
