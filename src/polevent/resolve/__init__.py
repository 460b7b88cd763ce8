"""Resolve what coding leaves open: who said what (``quotes``); dates, places and counts later."""

from __future__ import annotations

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
    "Quote",
    "SpeechCues",
    "attach_speakers",
    "find_quotes",
    "load_speech_cues",
    "quotes_for_cue",
]
