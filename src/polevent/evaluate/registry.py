"""Which scorers exist: name -> module exposing ``SCORER`` (imported only when used)."""

from __future__ import annotations

import importlib

from polevent.evaluate.base import Scorer

__all__ = ["SCORER_MODULES", "get_scorer", "scorer_names"]

SCORER_MODULES = {
    "plover-gsr": "polevent.evaluate.plover_gsr",
    "conflibert-cameo": "polevent.evaluate.conflibert",
    "petrarch-unit": "polevent.evaluate.petrarch_unit",
    "petrarch": "polevent.evaluate.petrarch",
    "case2021": "polevent.evaluate.case2021",
    "no-event": "polevent.evaluate.no_event",
    "polnear": "polevent.evaluate.polnear",
    "counts": "polevent.evaluate.counts",
    "time": "polevent.evaluate.timex",
    "geo": "polevent.evaluate.geo",
    "event-location": "polevent.evaluate.event_location",
    "event-dates": "polevent.evaluate.event_dates",
    "dedup": "polevent.evaluate.dedup",
}


def scorer_names() -> list[str]:
    """All scorer names, in the order ``polevent eval`` runs them."""
    return list(SCORER_MODULES)


def get_scorer(name: str) -> Scorer:
    """The ``Scorer`` called ``name`` (``KeyError`` when there is none)."""
    module = importlib.import_module(SCORER_MODULES[name])
    scorer: Scorer = module.SCORER
    return scorer
