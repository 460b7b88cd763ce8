"""Choose one gazetteer entry per place name, in the context of the whole article (pure).

Each name's candidates get a prior (feature type, population, exact name) and then, over two
passes, context: the countries the article's other names, demonyms and actors point to, the
place a name is written inside ("Jammu and Kashmir's Pahalgam", "Pandi, Bulacan"), the admin-1
units the other places lie in ("Georgia" next to Atlanta), the admin-1 units the article names
(a town in Missouri when the story names Missouri) and closeness to the other places. A city
that shares its name with its admin-1 unit is the city ("New York", "Kandahar") unless the text
says unit ("New York state", "Wash."). The same name is one place throughout an article.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from polevent.resolve.gazetteer import Candidate, normalise_name

__all__ = [
    "COUNTRY_CODES",
    "NameGroup",
    "Resolution",
    "distance_km",
    "precision_of",
    "rank",
]

COUNTRY_CODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR", "PCLH"})
REGION_CODES = frozenset({"RGN", "RGNE", "BDR", "STRT", "SEA", "OCN", "GULF", "CONT", "ZN", "LCTY"})
POINT_CODES = frozenset({"PRT", "CRSS"})
FEATURE_PRIOR = {
    "ADM1": 3.0,
    "PPLC": 2.5,
    "PPLA": 1.5,
    "ADM2": 1.0,
    "PPLA2": 0.6,
    "RGN": 3.5,
    "PRT": 3.5,
    "CRSS": 3.5,
    "BDR": 3.5,
    "STRT": 3.5,
    "SEA": 3.5,
    "CONT": 4.0,
    "OCN": 5.0,
    "PEN": 3.5,
    "ISL": 3.0,
    "MTS": 3.0,
    "DSRT": 3.0,
    "STM": 2.5,
    "LK": 2.5,
    "LKS": 3.0,
    "BAY": 3.0,
    "GULF": 3.5,
    "CNL": 3.0,
    "BLDG": 3.0,
    "AIRP": 3.0,
    "INSM": 3.0,
}
CLASS_PRIOR = {"A": 0.5, "P": 0.0, "H": 0.8, "L": 0.8, "T": 0.3, "S": 0.0, "R": 0.0, "V": 0.0}
COUNTRY_PRIOR = 7.0
POP_WEIGHT = 0.6
UNIT_POP_WEIGHT = 0.3
BIG_CITY = 1_000_000
BIG_CITY_BONUS = 1.5
BIG_TOWN = 100_000
SEAT = 1.5
CURATED = 1.5
NATURAL_TOWN = 2.0
COUNTRY_SHARE = 3.0
EXACT_NAME = 1.0
UNIT = 6.0
IN_ADMIN = 1.0
LIST_PEER = 2.0
COUNTRY_CONTEXT = 1.5
CONTAINER = 4.0
ADMIN_OF_OTHER = 3.0
NEAR = 2.0
NEAR_KM = 150.0
REGION = 1.0
REGION_KM = 500.0
PASSES = 2


@dataclass(frozen=True, slots=True, kw_only=True)
class NameGroup:
    """One distinct place name of an article and its gazetteer candidates.

    ``within`` are the indices of the groups it is written inside; ``fixed`` is a demonym's
    country (no choice to make); ``natural`` says the parser saw a location that is not a
    political unit (spaCy ``LOC``: seas, regions, mountains), where small towns are unlikely.
    """

    key: str
    text: str
    candidates: tuple[Candidate, ...]
    within: tuple[int, ...] = ()
    fixed: Candidate | None = None
    natural: bool = False
    unit: bool = False
    peers: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Resolution:
    """The chosen candidate (``None``: no candidate), its confidence and the reason;
    ``precision`` overrides the candidate's own (a street placed at its town is not a point)."""

    candidate: Candidate | None
    confidence: float
    reason: str
    considered: int
    precision: str | None = None


def precision_of(candidate: Candidate) -> str:
    """``point`` | ``admin2`` | ``admin1`` | ``country`` | ``region`` for a candidate."""
    code = candidate.feature_code
    if code in COUNTRY_CODES:
        return "country"
    if code == "ADM1":
        return "admin1"
    if code.startswith("ADM"):
        return "admin2"
    if code in POINT_CODES or candidate.feature_class in {"P", "S"}:
        return "point"
    return "region"


def distance_km(a: Candidate, b: Candidate) -> float:
    """Great-circle distance between two candidates in kilometres."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _prior(candidate: Candidate, group: NameGroup) -> float:
    """Feature type, population (a unit's people count less than a town's) and exact name."""
    code = candidate.feature_code
    if code in COUNTRY_CODES:
        score = COUNTRY_PRIOR
    else:
        score = FEATURE_PRIOR.get(code, CLASS_PRIOR.get(candidate.feature_class, 0.0))
    people = math.log10(1 + max(candidate.population, 0))
    weight = POP_WEIGHT if candidate.feature_class == "P" else UNIT_POP_WEIGHT
    score += weight * people
    if candidate.feature_class == "P" and candidate.population >= BIG_CITY:
        score += BIG_CITY_BONUS
    if candidate.source == "curated":
        score += CURATED  # written for news: "Kashmir" the region, "Chabahar Port"
    if normalise_name(candidate.name) == group.key:
        score += EXACT_NAME
    if candidate.feature_class == "P" and normalise_name(candidate.admin1 or "") == group.key:
        # "Kandahar", "New York": the city, not the province of the same name; twice as sure
        # for a big city (news writes "Quebec City" for Quebec's, not "New York City")
        score += 2 * SEAT if candidate.population >= BIG_CITY else SEAT
    if group.unit and candidate.feature_class == "A":
        # "New York state", "Wash.", "Buffalo, New York": mostly admin-1 units and countries
        score += UNIT if code == "ADM1" or code in COUNTRY_CODES else UNIT / 3
    if group.natural and candidate.feature_class == "P" and candidate.population < BIG_TOWN:
        score -= NATURAL_TOWN
    return score


def _softmax(scores: Sequence[float]) -> list[float]:
    top = max(scores)
    weights = [math.exp(s - top) for s in scores]
    total = sum(weights)
    return [w / total for w in weights]


@dataclass(slots=True)
class _State:
    """One group's current scores, probabilities and best candidate during ranking."""

    scores: list[float]
    probs: list[float]
    best: int


def _state(scores: list[float]) -> _State:
    probs = _softmax(scores) if scores else []
    best = max(range(len(scores)), key=scores.__getitem__) if scores else -1
    return _State(scores=scores, probs=probs, best=best)


def _country_mass(group: NameGroup, state: _State) -> dict[str, float]:
    if group.fixed is not None and group.fixed.country:
        return {group.fixed.country: 1.0}
    mass: dict[str, float] = {}
    for candidate, p in zip(group.candidates, state.probs, strict=True):
        if candidate.country and p > 0.05:
            mass[candidate.country] = mass.get(candidate.country, 0.0) + p
    return mass


def _pick(group: NameGroup, state: _State) -> tuple[Candidate, float] | None:
    if group.fixed is not None:
        return group.fixed, 1.0
    if state.best < 0:
        return None
    return group.candidates[state.best], state.probs[state.best]


def rank(
    groups: Sequence[NameGroup],
    *,
    countries: Mapping[str, float],
) -> list[Resolution]:
    """One ``Resolution`` per group.

    ``countries`` are outside hints (the actors' countries, ISO-3 -> weight).
    """
    priors = [[_prior(c, g) for c in g.candidates] for g in groups]
    states = [_state(list(p)) for p in priors]
    notes: list[list[list[str]]] = [[[] for _ in g.candidates] for g in groups]
    for _ in range(PASSES):
        masses = [_country_mass(g, s) for g, s in zip(groups, states, strict=True)]
        picks = [_pick(g, s) for g, s in zip(groups, states, strict=True)]
        new: list[_State] = []
        for i, group in enumerate(groups):
            context = _Context(groups, masses, picks, countries, i)
            scored = [context.score(c, notes[i][j]) for j, c in enumerate(group.candidates)]
            new.append(_state([p + s for p, s in zip(priors[i], scored, strict=True)]))
        states = new
    return [_resolution(g, s, n) for g, s, n in zip(groups, states, notes, strict=True)]


class _Context:
    """What the rest of the article says, seen from group ``index``."""

    def __init__(
        self,
        groups: Sequence[NameGroup],
        masses: Sequence[Mapping[str, float]],
        picks: Sequence[tuple[Candidate, float] | None],
        hints: Mapping[str, float],
        index: int,
    ) -> None:
        self.country_weight: dict[str, float] = dict(hints)
        for j, mass in enumerate(masses):
            if j != index and groups[j].key != groups[index].key:
                for country, p in mass.items():
                    self.country_weight[country] = self.country_weight.get(country, 0.0) + p
        self.total_weight = sum(self.country_weight.values()) + 1.0
        self.containers = [picks[j] for j in groups[index].within]
        self.countries = [
            pick
            for j, pick in enumerate(picks)
            if j != index and pick is not None and pick[0].feature_code in COUNTRY_CODES
        ]
        self.others = [
            pick
            for j, pick in enumerate(picks)
            if j != index and pick is not None and pick[1] > 0.4 and j not in groups[index].within
        ]
        self.units = [pick for pick in self.others if pick[0].feature_code == "ADM1"]
        listed = [picks[j] for j in groups[index].peers]
        self.peer_tiers = [_level(pick[0]) for pick in listed if pick is not None]

    def score(self, candidate: Candidate, notes: list[str]) -> float:
        notes.clear()
        total = 0.0
        weight = self.country_weight.get(candidate.country or "", 0.0)
        if weight > 0:
            share = weight / self.total_weight
            total += COUNTRY_CONTEXT * (1 - math.exp(-weight)) + COUNTRY_SHARE * share
            notes.append(f"the article's places point to {candidate.country} ({weight:.1f})")
        for pick in self.containers:
            if pick is not None and _inside(candidate, pick[0]):
                total += CONTAINER
                notes.append(f"written as part of {pick[0].name}")
        total += self._unit(candidate, notes) + self._peers(candidate, notes)
        return total + self._near(candidate, notes) + self._region(candidate, notes)

    def _peers(self, candidate: Candidate, notes: list[str]) -> float:
        """A name listed with countries is a country, with admin-1 units an admin-1 unit
        ("Georgia" among US states)."""
        level = _level(candidate)
        if not self.peer_tiers or level == "other":
            return 0.0
        share = self.peer_tiers.count(level) / len(self.peer_tiers)
        if share > 0:
            notes.append(
                f"listed with other {'countries' if level == 'country' else 'admin-1 units'}"
            )
        return LIST_PEER * share

    def _unit(self, candidate: Candidate, notes: list[str]) -> float:
        """A place in an admin-1 unit the article names ("Paris" in a story about Missouri)."""
        if candidate.feature_code in COUNTRY_CODES or candidate.feature_code == "ADM1":
            return 0.0
        for unit, p in self.units:
            if unit.country == candidate.country and unit.name == candidate.admin1:
                notes.append(f"lies in {unit.name}, named in the article")
                return IN_ADMIN * p
        return 0.0

    def _region(self, candidate: Candidate, notes: list[str]) -> float:
        """Closeness to the countries the article names ("Gaza" in a story about Israel)."""
        best, why = 0.0, ""
        for country, p in self.countries:
            if country.country == candidate.country or candidate.feature_code in COUNTRY_CODES:
                continue
            bonus = REGION * p * math.exp(-distance_km(candidate, country) / REGION_KM)
            if bonus > best:
                best, why = bonus, f"near {country.name}, named in the article"
        if best > 0.2:
            notes.append(why)
        return best

    def _near(self, candidate: Candidate, notes: list[str]) -> float:
        best, why = 0.0, ""
        for other, p in self.others:
            if other.geonameid == candidate.geonameid:
                continue
            if (
                candidate.feature_code == "ADM1"
                and other.admin1 == candidate.name
                and other.country == candidate.country
            ):
                if ADMIN_OF_OTHER * p > best:
                    best, why = ADMIN_OF_OTHER * p, f"{other.name} lies in it"
                continue
            if other.feature_code in COUNTRY_CODES or candidate.feature_code in COUNTRY_CODES:
                continue
            bonus = NEAR * p * math.exp(-distance_km(candidate, other) / NEAR_KM)
            if bonus > best:
                best, why = bonus, f"near {other.name} ({distance_km(candidate, other):.0f} km)"
        if best > 0.2:
            notes.append(why)
        return best


def _level(candidate: Candidate) -> str:
    """``country``, ``ADM1`` or ``other``: what a list of names has in common."""
    if candidate.feature_code in COUNTRY_CODES:
        return "country"
    return "ADM1" if candidate.feature_code == "ADM1" else "other"


def _inside(candidate: Candidate, container: Candidate) -> bool:
    """``candidate`` lies in ``container`` (same country; same admin-1 unit; or within 100 km)."""
    if container.feature_code in COUNTRY_CODES:
        return candidate.country == container.country
    if container.feature_code == "ADM1":
        return candidate.country == container.country and candidate.admin1 == container.name
    return candidate.country == container.country and distance_km(candidate, container) < 100


def _resolution(group: NameGroup, state: _State, notes: list[list[str]]) -> Resolution:
    if group.fixed is not None:
        reason = f"demonym of {group.fixed.name} ({group.fixed.country})"
        return Resolution(candidate=group.fixed, confidence=0.95, reason=reason, considered=1)
    count = len(group.candidates)
    if state.best < 0:
        return Resolution(
            candidate=None, confidence=0.0, reason="not in the gazetteer", considered=0
        )
    best = group.candidates[state.best]
    parts = [_describe(best)]
    parts += notes[state.best]
    if count > 1:
        runner = max((j for j in range(count) if j != state.best), key=state.scores.__getitem__)
        other = group.candidates[runner]
        parts.append(
            f"over {other.name} ({other.feature_code}, {other.country or '?'}), {count} candidates"
        )
    confidence = round(state.probs[state.best], 3)
    return Resolution(
        candidate=best, confidence=confidence, reason="; ".join(parts), considered=count
    )


def _describe(candidate: Candidate) -> str:
    where = ", ".join(x for x in (candidate.admin1, candidate.country) if x)
    population = f", population {candidate.population:,}" if candidate.population else ""
    return f"{candidate.name} ({candidate.feature_code}, {where}{population})"
