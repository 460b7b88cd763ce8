"""What clustering needs to know about one coded event mention, read off an ``EventRecord``.

A ``Mention`` is a small frozen value: the dyad (source and target codes and countries), the
event type (CAMEO code and root, PLOVER type), the event date range and its granularity, the
place and the content words of the evidence sentence. Nothing here imports spaCy or a store.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from polevent.records import ActorRef, Article, EventRecord

__all__ = ["Mention", "evidence_tokens", "mention_from", "type_family"]

NO_ACTOR = "-"
UNKNOWN_COUNTRIES = frozenset({NO_ACTOR, "---"})
"""No actor, or an actor whose code has no country ("---GOV": some government)."""

# PLOVER types that the same happening is often coded as, depending on the verb a writer chose
# ("agreed to cooperate" 03 AGREE vs "will cooperate" 06 COOPERATE; "clashed" vs "attacked").
_FAMILIES: dict[str, str] = {
    "AGREE": "AGREE+COOPERATE",
    "COOPERATE": "AGREE+COOPERATE",
    "ACCUSE": "ACCUSE+REJECT",
    "REJECT": "ACCUSE+REJECT",
    "ASSAULT": "ASSAULT+COERCE",
    "COERCE": "ASSAULT+COERCE",
    "CONCEDE": "CONCEDE+RETREAT",
    "RETREAT": "CONCEDE+RETREAT",
}

_STOP_TEXT = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own same she should so some such than that the their theirs them themselves then
    there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours said says say told tell mr mrs ms
    one two three new last next year years week today yesterday monday tuesday wednesday
    thursday friday saturday sunday reuter reuters"""
_STOPWORDS = frozenset(_STOP_TEXT.split())
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STEM = 6  # crude stemming: the first six letters ("meeting", "meetings" -> "meetin")


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """One event mention as the clusterer sees it.

    ``source_countries``/``target_countries`` fall back to the first three letters of the code
    when an actor has no country; an empty side is ``("-",)``. ``date_start``/``date_end`` are the
    event date range (either may be ``None`` for an open range; both ``None`` = undated) and
    ``date_from_story`` says the date is only the story date (no date words for the event).
    ``tokens`` are the stemmed content words of the evidence sentence; ``evidence`` is its text
    (empty unless asked for: only evidence meaning similarity reads it).
    """

    event_id: str
    article_id: str
    sentence_index: int
    published_at: datetime | None
    source_codes: tuple[str, ...]
    source_countries: tuple[str, ...]
    target_codes: tuple[str, ...]
    target_countries: tuple[str, ...]
    cameo_code: str
    cameo_root: str
    plover_type: str
    date_start: date | None
    date_end: date | None
    date_granularity: str
    date_from_story: bool
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    tokens: frozenset[str] = frozenset()
    evidence: str = ""

    @property
    def family(self) -> str:
        """The event type family used for blocking (PLOVER type, near types merged)."""
        return type_family(self.plover_type, self.cameo_root)

    @property
    def dyad(self) -> tuple[str, str]:
        """Unordered country dyad of the first source and target actors (sorted)."""
        a, b = self.source_countries[0], self.target_countries[0]
        return (a, b) if a <= b else (b, a)

    @property
    def dyads(self) -> tuple[tuple[str, str], ...]:
        """Every unordered country dyad of a compound event (each source country with each
        target country), the blocking keys: "the United States, Britain and Japan agreed"
        lists its actors in any order, and every ordering still meets in one block."""
        if len(self.source_countries) == 1 and len(self.target_countries) == 1:
            return (self.dyad,)
        found = dict.fromkeys(
            (a, b) if a <= b else (b, a)
            for a in self.source_countries
            for b in self.target_countries
        )
        return tuple(found)

    @property
    def one_sided(self) -> bool:
        """True when the source or the target has no country (no actor, or ``---GOV``): the
        dyad then says little ("a spokesman said"), so joining needs more evidence."""
        return not UNKNOWN_COUNTRIES.isdisjoint(
            (self.source_countries[0], self.target_countries[0])
        )


def type_family(plover_type: str, cameo_root: str) -> str:
    """The family of a PLOVER type (the CAMEO root when the type is empty)."""
    if not plover_type:
        return f"CAMEO{cameo_root}"
    return _FAMILIES.get(plover_type, plover_type)


def evidence_tokens(text: str) -> frozenset[str]:
    """Stemmed, lower-cased content words of ``text`` (stopwords and one-letter words dropped)."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return frozenset(
        word[:_STEM] for word in _WORD.findall(folded) if len(word) > 1 and word not in _STOPWORDS
    )


def _countries(actors: tuple[ActorRef, ...]) -> tuple[str, ...]:
    found = tuple(dict.fromkeys(a.country or a.code[:3] or NO_ACTOR for a in actors))
    return found or (NO_ACTOR,)


def mention_from(
    record: EventRecord, article: Article | None = None, *, keep_evidence: bool = False
) -> Mention:
    """The ``Mention`` of ``record`` (``article`` supplies ``published_at`` when given); with
    ``keep_evidence`` it carries the evidence text, which only evidence meaning reads (without
    it a clusterer holding many mentions keeps no sentences in memory)."""
    place = record.place
    published = article.published_at if article is not None else record.published_at
    return Mention(
        event_id=record.event_id,
        article_id=record.article_id,
        sentence_index=record.sentence_index,
        published_at=published,
        source_codes=tuple(a.code for a in record.source) or (NO_ACTOR,),
        source_countries=_countries(record.source),
        target_codes=tuple(a.code for a in record.target) or (NO_ACTOR,),
        target_countries=_countries(record.target),
        cameo_code=record.cameo_code,
        cameo_root=record.cameo_root,
        plover_type=record.plover_type,
        date_start=record.date.start,
        date_end=record.date.end,
        date_granularity=record.date.granularity,
        date_from_story=record.date.reason.startswith("story date"),
        lat=place.lat if place is not None and place.precision in ("point", "admin2") else None,
        lon=place.lon if place is not None and place.precision in ("point", "admin2") else None,
        country=place.country if place is not None else None,
        admin1=place.admin1 if place is not None else None,
        tokens=evidence_tokens(record.evidence.text),
        evidence=record.evidence.text if keep_evidence else "",
    )
