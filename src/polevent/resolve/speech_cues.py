"""The speech-cue lexicon (``data/speech_cues.tsv``): reporting verbs, ``in a <noun>`` nouns and
``according to``-style prepositions, each with its kind."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

from polevent.errors import DataFileError

__all__ = ["CUES_FILE", "VERB_KINDS", "SpeechCues", "load_speech_cues", "parse_speech_cues"]

CUES_FILE = "speech_cues.tsv"
VERB_KINDS = ("speech", "belief", "evidence", "stance")
OTHER_KINDS = ("noun", "prep")


@dataclass(frozen=True, slots=True, kw_only=True)
class SpeechCues:
    """The cue lexicon.

    ``verbs`` maps a verb lemma, or a lemma and the particle or preposition right after it
    (``("call", "for")``), to its kind: ``speech`` (say, tell), ``belief`` (think, believe),
    ``evidence`` (show, find: polls and reports) or ``stance`` (criticize, call for: the object
    is what the speaker holds or asks). ``nouns`` head ``in a <noun>`` cues; ``preps`` are
    multi-word prepositions whose object is the speaker (``according to``).
    """

    verbs: Mapping[tuple[str, ...], str]
    nouns: frozenset[str]
    preps: tuple[tuple[str, ...], ...]


def parse_speech_cues(lines: Iterable[str], *, path: str) -> SpeechCues:
    """``speech_cues.tsv`` lines -> :class:`SpeechCues`; a bad row raises E301."""
    verbs: dict[tuple[str, ...], str] = {}
    nouns: set[str] = set()
    preps: list[tuple[str, ...]] = []
    header_seen = False
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.rstrip("\n").split("\t")
        if not header_seen:
            if cells[:2] != ["cue", "kind"]:
                raise DataFileError("E301", "expected header 'cue<TAB>kind<TAB>note'", path=path)
            header_seen = True
            continue
        words = tuple(cells[0].lower().split())
        kind = cells[1] if len(cells) > 1 else ""
        if not 2 <= len(cells) <= 3 or not words or kind not in (*VERB_KINDS, *OTHER_KINDS):
            detail = f"expected a cue, a kind ({', '.join((*VERB_KINDS, *OTHER_KINDS))}), a note"
            raise DataFileError("E301", detail, path=path, line=number)
        if kind == "noun":
            nouns.add(" ".join(words))
        elif kind == "prep":
            preps.append(words)
        else:
            verbs[words] = kind
    if not verbs:
        raise DataFileError("E301", "no verb cues", path=path)
    return SpeechCues(verbs=MappingProxyType(verbs), nouns=frozenset(nouns), preps=tuple(preps))


@cache
def load_speech_cues() -> SpeechCues:
    """The shipped cue lexicon (read once)."""
    text = (resources.files("polevent") / "data" / CUES_FILE).read_text(encoding="utf-8")
    return parse_speech_cues(text.splitlines(), path=CUES_FILE)
