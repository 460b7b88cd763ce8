"""Are two mentions the same real-world event? Field-by-field checks with a reason for each.

``compare(a, b, settings)`` returns a ``Match``: ``compatible`` is ``False`` as soon as a hard
check fails (dyad, type family, dates, place, same sentence); otherwise ``score`` is the
evidence similarity (Jaccard of stemmed content words, combined with the cosine of sentence
embeddings when the clusterer has an embedder: ``evidence_similarity``) plus small bonuses for
an identical CAMEO code and identical actor codes, and the clusterer joins when it reaches
``settings.threshold``.
``gdelt_same`` is the GDELT-style baseline: identical coded fields, stories within 15 minutes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from polevent.dedup.mention import Mention

__all__ = [
    "MEANING_SETTINGS",
    "DedupSettings",
    "Match",
    "compare",
    "date_range",
    "evidence_similarity",
    "gdelt_same",
    "jaccard",
    "same_coded_fields",
    "sentence_twins",
]

RECIPROCAL_FAMILIES = frozenset({"CONSULT", "AGREE+COOPERATE", "ASSAULT+COERCE"})
"""Families where "A met B" and "B met A" (or clashes reported from either side) are one event."""

_SLACK_DAYS = {"second": 1, "minute": 1, "hour": 1, "day": 1, "week": 3, "month": 0, "year": 0}


@dataclass(frozen=True, slots=True, kw_only=True)
class DedupSettings:
    """Thresholds of the clusterer. ``threshold``, ``min_similarity`` and ``one_sided_penalty``
    (and, for evidence meaning, ``meaning_floor``) were chosen by grouped 5-fold
    cross-validation on the dev pairs of the gold (``polevent eval dedup`` reruns it), as were
    ``meaning_combine`` and ``weak_date_days`` (softer dates did not help: 0); the other values
    were set by hand.

    ``threshold``: minimum score to join; ``code_bonus``/``actor_bonus``: added to the evidence
    similarity when the CAMEO code / all actor codes are identical, but only when the evidence
    similarity reaches ``min_similarity`` (identical codes never rescue unrelated sentences);
    ``one_sided_penalty``: taken off the score when either mention lacks a source or target
    country ("a spokesman said": the dyad says little); ``story_days``: how many
    days before its story a mention dated only by the story date may have happened;
    ``open_days``: width given to an open date range ("before the story date");
    ``max_km``: the farthest two point places of one event may be; ``max_compared``: how many
    of a cluster's latest mentions a new mention is compared with; ``idf``: weigh evidence
    words by their inverse document frequency over the mentions seen so far;
    ``weak_date_days``: how many more days back a weak date may reach (a date that is only the
    story date, or a date after the story: the plan's date, while the report may be of its
    announcement).

    Evidence meaning (used only when the clusterer has a sentence embedder): the cosine of the
    two evidence sentences' embeddings is rescaled so that ``meaning_floor`` maps to 0 and 1
    stays 1, then ``meaning_combine`` says how it joins the word similarity: ``max`` of the
    two, ``mean`` (``meaning_weight`` on the meaning), or ``meaning`` alone (chosen by
    cross-validation; the words still show in the reason). ``MEANING_SETTINGS`` holds the
    thresholds chosen for that mode.
    """

    threshold: float = 0.2
    code_bonus: float = 0.1
    actor_bonus: float = 0.1
    min_similarity: float = 0.15
    one_sided_penalty: float = 0.1
    story_days: int = 2
    open_days: int = 7
    max_km: float = 100.0
    max_compared: int = 50
    idf: bool = True
    weak_date_days: int = 0
    meaning_combine: Literal["max", "mean", "meaning"] = "meaning"
    meaning_floor: float = 0.5
    meaning_weight: float = 0.5


MEANING_SETTINGS = DedupSettings(min_similarity=0.2, one_sided_penalty=0.0)
"""The settings to use with evidence meaning (a clusterer with ``EvidenceVectors``): the grid
point chosen by the same grouped cross-validation on the dev pairs, run with the embedder."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Match:
    """The outcome of comparing two mentions: compatible or not, a score and the reasons."""

    compatible: bool
    score: float
    reason: str


def jaccard(
    a: frozenset[str], b: frozenset[str], *, weight: Callable[[str], float] | None = None
) -> float:
    """(Weighted) Jaccard similarity of two token sets (0.0 when both are empty): each token
    counts ``weight(token)`` (1 when no weight is given; the clusterer passes an IDF)."""
    if weight is None:
        union = len(a | b)
        return len(a & b) / union if union else 0.0
    total = sum(weight(t) for t in a | b)
    return sum(weight(t) for t in a & b) / total if total else 0.0


def date_range(mention: Mention, settings: DedupSettings) -> tuple[date, date] | None:
    """The days ``mention`` may have happened on, widened by the slack of its granularity
    (and reaching ``settings.weak_date_days`` further back when its date is weak)."""
    start, end = mention.date_start, mention.date_end
    back = timedelta(days=settings.story_days + settings.weak_date_days)
    if mention.date_from_story and end is not None:
        return end - back, end
    published = mention.published_at
    if settings.weak_date_days and published and start and start > published.date():
        start = published.date() - back  # a plan's date: the report may be of the announcement
    if start is None and end is None:
        if mention.published_at is None:
            return None
        day = mention.published_at.date()
        return day - timedelta(days=settings.story_days), day
    width = timedelta(days=settings.open_days)
    first = start if start is not None else end - width if end is not None else None
    last = end if end is not None else start + width if start is not None else None
    if first is None or last is None:
        return None
    slack = timedelta(days=_SLACK_DAYS.get(mention.date_granularity, 0))
    return first - slack, last + slack


def _shared(first: tuple[str, ...], second: tuple[str, ...]) -> str | None:
    """The first country of ``first`` that ``second`` also names (compound actors)."""
    return next((c for c in first if c in second), None)


def _dyad(a: Mention, b: Mention) -> tuple[bool, str]:
    src, tgt = a.source_countries[0], a.target_countries[0]
    arrow = f"{src}>{tgt}"
    if (src, tgt) == (b.source_countries[0], b.target_countries[0]):
        return True, f"same dyad {arrow}"
    same = (
        _shared(a.source_countries, b.source_countries),
        _shared(a.target_countries, b.target_countries),
    )
    if same[0] is not None and same[1] is not None:
        return True, f"compound actors share dyad {same[0]}>{same[1]}"
    back = (
        _shared(a.source_countries, b.target_countries),
        _shared(a.target_countries, b.source_countries),
    )
    if back[0] is not None and back[1] is not None:
        if a.family in RECIPROCAL_FAMILIES:
            return True, f"reciprocal dyad {back[0]}>{back[1]} / {back[1]}>{back[0]}"
        return False, f"reversed dyad {arrow} not reciprocal for {a.family}"
    return False, f"different dyad {arrow} vs {b.source_countries[0]}>{b.target_countries[0]}"


def _dates(a: Mention, b: Mention, settings: DedupSettings) -> tuple[bool, str]:
    ra, rb = date_range(a, settings), date_range(b, settings)
    if ra is None or rb is None:
        return True, "dates unknown"
    if ra[0] <= rb[1] and rb[0] <= ra[1]:
        day = max(ra[0], rb[0])
        return True, f"dates {day.isoformat()} overlap"
    gap = (rb[0] - ra[1]).days if ra[1] < rb[0] else (ra[0] - rb[1]).days
    return False, f"dates {gap} days apart"


def _km(a: Mention, b: Mention) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _places(a: Mention, b: Mention, settings: DedupSettings) -> tuple[bool, str]:
    if a.country and b.country and a.country != b.country:
        return False, f"places in {a.country} vs {b.country}"
    km = _km(a, b)
    if km is not None:
        return km <= settings.max_km, f"places {km:.0f} km apart"
    if a.admin1 and b.admin1:
        return a.admin1 == b.admin1, f"admin1 {a.admin1} vs {b.admin1}"
    if a.country and b.country:
        return True, f"same country {a.country}"
    return True, "place unknown"


TWIN_REASON = "reciprocal twin: the same sentence coded A>B and B>A with one code"
NESTED_REASON = "sentence twin: the same sentence coded twice for the same actors and CAMEO root"


def mirror_twins(a: Mention, b: Mention) -> bool:
    """``a`` and ``b`` are the two directions of one reciprocal event the coder emits from one
    sentence ("A and B talked": A>B and B>A, same CAMEO code)."""
    return (
        a.article_id == b.article_id
        and a.sentence_index == b.sentence_index
        and a.cameo_code == b.cameo_code
        and a.source_codes == b.target_codes
        and a.target_codes == b.source_codes
    )


def sentence_twins(a: Mention, b: Mention) -> str | None:
    """Why ``a`` and ``b`` (one article sentence) are one event, or ``None``: mirror twins, or
    the same actors coded with two codes of one CAMEO root ("agreed to stabilise" → 030 and
    033: a general and a specific reading of one verb phrase)."""
    if mirror_twins(a, b):
        return TWIN_REASON
    same_sentence = a.article_id == b.article_id and a.sentence_index == b.sentence_index
    if (
        same_sentence
        and a.cameo_root == b.cameo_root
        and set(a.source_codes) | set(a.target_codes) == set(b.source_codes) | set(b.target_codes)
    ):
        return NESTED_REASON
    return None


def compare(
    a: Mention,
    b: Mention,
    settings: DedupSettings,
    *,
    weight: Callable[[str], float] | None = None,
    meaning: float | None = None,
) -> Match:
    """Compare two mentions field by field (``a`` new, ``b`` already clustered); ``weight``
    weighs evidence words (plain Jaccard when ``None``); ``meaning`` is the cosine of the two
    evidence sentences' embeddings (words only when ``None``)."""
    if a.article_id == b.article_id and a.sentence_index == b.sentence_index:
        twins = sentence_twins(a, b)
        if twins is not None:
            return Match(compatible=True, score=1.0, reason=twins)
        return Match(compatible=False, score=0.0, reason="same article sentence")
    if a.family != b.family:
        return Match(compatible=False, score=0.0, reason=f"type {a.family} vs {b.family}")
    reasons = []
    for ok, why in (_dyad(a, b), _dates(a, b, settings), _places(a, b, settings)):
        if not ok:
            return Match(compatible=False, score=0.0, reason=why)
        reasons.append(why)
    reasons.insert(1, a.plover_type or a.family)
    lexical = jaccard(a.tokens, b.tokens, weight=weight)
    similarity = evidence_similarity(lexical, meaning, settings)
    score = similarity + _bonuses(a, b, similarity, settings, reasons)
    reasons.append(f"evidence similarity {lexical:.2f}")
    if meaning is not None:
        reasons.append(f"evidence meaning similarity {meaning:.2f}")
    if a.one_sided or b.one_sided:
        score -= settings.one_sided_penalty
        if settings.one_sided_penalty:
            reasons.append(f"one-sided dyad -{settings.one_sided_penalty:g}")
    return Match(compatible=True, score=round(score, 6), reason=", ".join(reasons))


def evidence_similarity(lexical: float, meaning: float | None, settings: DedupSettings) -> float:
    """The evidence similarity a score starts from: the word similarity ``lexical``, combined
    with the embedding cosine ``meaning`` (rescaled from ``settings.meaning_floor``) as
    ``settings.meaning_combine`` says; ``lexical`` alone when ``meaning`` is ``None``."""
    if meaning is None:
        return lexical
    floor = settings.meaning_floor
    scaled = max(0.0, (meaning - floor) / (1.0 - floor)) if floor < 1.0 else 0.0
    if settings.meaning_combine == "max":
        return max(lexical, scaled)
    if settings.meaning_combine == "mean":
        return settings.meaning_weight * scaled + (1.0 - settings.meaning_weight) * lexical
    return scaled


def _bonuses(
    a: Mention, b: Mention, similarity: float, settings: DedupSettings, reasons: list[str]
) -> float:
    """Code and actor bonuses (with their reasons), none below ``settings.min_similarity``."""
    same_code = a.cameo_code == b.cameo_code
    same_actors = (a.source_codes, a.target_codes) == (b.source_codes, b.target_codes)
    if (same_code or same_actors) and similarity < settings.min_similarity:
        reasons.append(f"no code/actor bonus: evidence below {settings.min_similarity:g}")
        return 0.0
    bonus = 0.0
    if same_code:
        bonus += settings.code_bonus
        reasons.append(f"same CAMEO {a.cameo_code}")
    if same_actors:
        bonus += settings.actor_bonus
        reasons.append("same actor codes")
    return bonus


GDELT_WINDOW = timedelta(minutes=15)


def gdelt_same(a: Mention, b: Mention) -> bool:
    """GDELT-style baseline: all coded fields identical and the stories within 15 minutes."""
    if a.published_at is None or b.published_at is None:
        return False
    return abs(a.published_at - b.published_at) <= GDELT_WINDOW and same_coded_fields(a, b)


def same_coded_fields(a: Mention, b: Mention) -> bool:
    """Source codes, target codes, CAMEO code and place identical (no time limit)."""
    return (
        a.source_codes == b.source_codes
        and a.target_codes == b.target_codes
        and a.cameo_code == b.cameo_code
        and (a.country, a.admin1, a.lat, a.lon) == (b.country, b.admin1, b.lat, b.lon)
    )
