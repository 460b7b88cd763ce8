"""polevent: news articles in, political event records out (CAMEO + PLOVER, with evidence).

>>> import polevent
>>> polevent.code(["samples/"], db="events.db")              # doctest: +SKIP
>>> polevent.events(db="events.db", where=polevent.EventFilter(actor="IND"))  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from polevent._version import __version__
from polevent.errors import (
    DataFileError,
    InputError,
    ModelError,
    PoleventError,
    PoleventWarning,
    StoreError,
)
from polevent.ingest import iter_articles, parse_published
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

if TYPE_CHECKING:
    from polevent.api import CodeReport, code, events
    from polevent.nlp import build_nlp
    from polevent.pipeline import Coder, build_coder, code_article, code_articles, records_from_doc

# Names from modules on the coding side (the model, the dictionaries) load on first use, so that
# ``import polevent.store`` and friends stay light however heavy coding's imports become.
_LAZY = {
    "CodeReport": "polevent.api",
    "code": "polevent.api",
    "events": "polevent.api",
    "build_nlp": "polevent.nlp",
    "Coder": "polevent.pipeline",
    "build_coder": "polevent.pipeline",
    "code_article": "polevent.pipeline",
    "code_articles": "polevent.pipeline",
    "records_from_doc": "polevent.pipeline",
}

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


def __getattr__(name: str) -> object:
    """The lazily imported public names (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'polevent' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
