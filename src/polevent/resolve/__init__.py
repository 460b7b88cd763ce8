"""Resolve what coding leaves open: who said what (``quotes``), where (``places`` over the
``gazetteer``); dates and counts in their own modules."""

from __future__ import annotations

from polevent.resolve.gazetteer import (
    Candidate,
    Gazetteer,
    InMemoryGazetteer,
    SqliteGazetteer,
    default_gazetteer_path,
    open_gazetteer,
)
from polevent.resolve.places import (
    EventLocation,
    find_dateline,
    find_toponyms,
    geoparse,
    locate_event,
)
from polevent.resolve.quotes import (
    QUOTE_KINDS,
    Quote,
    attach_speakers,
    find_quotes,
    quotes_for_cue,
)
from polevent.resolve.speech_cues import SpeechCues, load_speech_cues

__all__ = [
    "QUOTE_KINDS",
    "Candidate",
    "EventLocation",
    "Gazetteer",
    "InMemoryGazetteer",
    "Quote",
    "SpeechCues",
    "SqliteGazetteer",
    "attach_speakers",
    "default_gazetteer_path",
    "find_dateline",
    "find_quotes",
    "find_toponyms",
    "geoparse",
    "load_speech_cues",
    "locate_event",
    "open_gazetteer",
    "quotes_for_cue",
]
