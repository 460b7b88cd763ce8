"""Queries over the event store: filters that become parameterised SQL. Never imports spaCy."""

from __future__ import annotations

from polevent.query.filters import EventFilter, to_sql

__all__ = ["EventFilter", "to_sql"]
