"""polevent: news articles in, political event records out (CAMEO + PLOVER, with evidence).

>>> import polevent
>>> polevent.code(["samples/"], db="events.db")              # doctest: +SKIP
>>> polevent.events(db="events.db", where=polevent.EventFilter(actor="IND"))  # doctest: +SKIP
"""

from __future__ import annotations

from polevent._version import __version__
from polevent.api import CodeReport, code, events
from polevent.errors import (
    DataFileError,
    InputError,
    ModelError,
    PoleventError,
    PoleventWarning,
    StoreError,
)
from polevent.ingest import iter_articles, parse_published
from polevent.nlp import build_nlp
from polevent.pipeline import Coder, build_coder, code_article, code_articles, records_from_doc
from polevent.query.filters import EventFilter
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
from polevent.settings import Settings
from polevent.store import open_store

__all__ = [
    "ActorRef",
    "Article",
    "CodeReport",
    "Coder",
    "Counts",
    "DataFileError",
    "EventDate",
    "EventFilter",
    "EventRecord",
    "Evidence",
    "FieldConfidence",
    "InputError",
    "ModelError",
    "Place",
    "PoleventError",
    "PoleventWarning",
    "Settings",
    "StoreError",
    "__version__",
    "build_coder",
    "build_nlp",
    "code",
    "code_article",
    "code_articles",
    "events",
    "iter_articles",
    "open_store",
    "parse_published",
    "records_from_doc",
]
