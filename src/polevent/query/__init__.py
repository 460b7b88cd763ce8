"""Queries over the event store: filters that become parameterised SQL, and aggregates (dyad
time series, top partners, most active actors). Never imports spaCy."""

from __future__ import annotations

from polevent.query.aggregates import (
    ActorCount,
    Partner,
    SeriesPoint,
    dyad_series,
    most_active,
    top_partners,
)
from polevent.query.filters import EventFilter, Near, to_sql

__all__ = [
    "ActorCount",
    "EventFilter",
    "Near",
    "Partner",
    "SeriesPoint",
    "dyad_series",
    "most_active",
    "to_sql",
    "top_partners",
]
