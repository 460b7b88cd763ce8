"""The geoparsing scorer: toponym recognition and resolution on TR-News, GeoWebNews, GeoVirus.

Gold: ``geoparsing/{tr_news,geowebnews,geovirus}.jsonl.gz`` (an article a line: ``doc_id``,
``text``, ``toponyms`` = ``{start, end, phrase, ...}`` with ``geonameid``/``lat``/``lon`` and,
by corpus, ``country_geonameid`` or the GeoWebNews ``type``). The default gold,
``geoparsing/SOURCE.md``, stands for its folder: the three corpora in it are scored, each with
its own block of metrics; ``--gold FILE.jsonl(.gz)`` scores one file in that format.

A corpus is scored by its *profile*, found from its fields so that a kept-back file is scored
like the corpus it resembles: ``gwn`` (toponyms have ``type``), ``geonames`` (ids, no type:
TR-News) or ``coordinates`` (GeoVirus). What each counts, and the two views of resolution
(``matched``: the resolver on what we recognised; ``all``: end-to-end), are in ``NOTES``.

The pure core (``read_geo``, ``score_doc``, ``score_corpus``, ``corpus_metrics``) takes gold
articles and any ``Callable[[str], Sequence[Toponym]]``; ``run`` wires the real geoparser.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from polevent.errors import InputError
from polevent.evaluate.base import EvalResult, Metric, Scorer, read_json_lines
from polevent.evaluate.polnear import greedy_match
from polevent.evaluate.stats import bootstrap_interval
from polevent.nlp import build_nlp
from polevent.pipeline import Coder
from polevent.records import Toponym
from polevent.resolve.gazetteer import Gazetteer, default_gazetteer_path, open_gazetteer
from polevent.resolve.places import geoparse

__all__ = [
    "ACC_KM",
    "COUNTRY_TARGET",
    "DEFAULT_GOLD",
    "MAX_ERROR_KM",
    "NOTES",
    "SCORER",
    "DocScore",
    "GeoDoc",
    "GoldToponym",
    "Profile",
    "Resolution",
    "corpus_files",
    "corpus_metrics",
    "haversine_km",
    "match_overlap",
    "profile_for",
    "read_geo",
    "resolution",
    "run",
    "score_corpus",
    "score_doc",
    "score_files",
    "with_countries",
]

DEFAULT_GOLD = "geoparsing/SOURCE.md"
CORPORA = (
    ("TR-News", "tr_news.jsonl.gz"),
    ("GeoWebNews", "geowebnews.jsonl.gz"),
    ("GeoVirus", "geovirus.jsonl.gz"),
)
ACC_KM = 161.0
EARTH_RADIUS_KM = 6371.0088
MAX_ERROR_KM = math.pi * EARTH_RADIUS_KM  # half the circumference: the worst possible error
COUNTRY_TARGET = 0.98
ACC_TARGETS = {"gwn": 0.95, "geonames": 0.90}
MORDECAI3 = {"TR-News": 0.873, "GeoWebNews": 0.941}
GWN_LITERAL = frozenset({"Literal", "Mixed", "Literal_Modifier", "Embedded_Literal"})
GWN_ASSOCIATIVE = frozenset({"Metonymic", "Non_Literal_Modifier", "Embedded_Non_Lit"})
GWN_TOPONYMS = GWN_LITERAL | GWN_ASSOCIATIVE
GWN_IGNORED = frozenset({"Demonym", "Language", "Coercion"})
EDGE = " \t\n\u00a0"

Span = tuple[int, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldToponym:
    """A gold toponym: span, GeoWebNews ``gtype``, ids, coordinates, ISO-3 ``country``."""

    start: int
    end: int
    phrase: str
    gtype: str | None = None
    geonameid: int | None = None
    country_geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    bad_offsets: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class GeoDoc:
    """One gold article."""

    doc_id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Profile:
    """How a corpus is scored: ``kind`` is gwn, geonames or coordinates (see ``NOTES``)."""

    label: str
    kind: str
    acc_target: float | None
    demonyms: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Resolution:
    """A gold toponym with coordinates, the prediction overlapping it (``None``: not found) and
    how it did: ``point_error_km`` from our coordinates, ``error_km`` the same but 0 when we
    chose the gold GeoNames entry (whose point *is* the gold one: how GeoNames-based geoparsers
    such as Mordecai3 are scored), both ``None`` when unresolved; same GeoNames id and same
    country (``None`` where the gold has no id / country). Build with :func:`resolution`."""

    gold: GoldToponym
    found: Toponym | None
    error_km: float | None
    point_error_km: float | None
    same_id: bool | None
    same_country: bool | None

    @property
    def within(self) -> bool:
        """The gold GeoNames entry, or a point within 161 km of the gold coordinates."""
        return self.error_km is not None and self.error_km <= ACC_KM

    @property
    def point_within(self) -> bool:
        """Our point is within 161 km of the gold coordinates."""
        return self.point_error_km is not None and self.point_error_km <= ACC_KM


def resolution(gold: GoldToponym, found: Toponym | None) -> Resolution:
    """Compare ``found`` (or nothing) with a gold toponym that has coordinates."""
    place = found.place if found is not None else None
    point = None
    if place is not None and place.lat is not None and place.lon is not None:
        assert gold.lat is not None and gold.lon is not None
        point = haversine_km(gold.lat, gold.lon, place.lat, place.lon)
    guess_id, guess_country = (place.geonameid, place.country) if place else (None, None)
    same_id = None if gold.geonameid is None else guess_id == gold.geonameid
    return Resolution(
        gold=gold,
        found=found,
        error_km=0.0 if same_id else point,
        point_error_km=point,
        same_id=same_id,
        same_country=None if gold.country is None else guess_country == gold.country,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DocScore:
    """Everything measured on one article: scored predictions and gold toponyms, those matched
    with an exact span and with overlap, one ``Resolution`` per gold toponym with coordinates,
    and (GeoWebNews) ``(gold is literal, predicted kind is place)`` per overlap match."""

    predicted: int
    gold: int
    exact: int
    overlap: int
    resolutions: tuple[Resolution, ...]
    kinds: tuple[tuple[bool, bool], ...] = ()


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


# ----------------------------------------------------------------------------- reading


def _id(value: Any) -> int | None:
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else None


def _coord(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _toponym(value: Any, *, path: Path, line: int) -> GoldToponym:
    if not isinstance(value, dict) or {type(value.get(k)) for k in ("start", "end")} != {int}:
        raise InputError("E106", "toponyms need start and end", path=str(path), line=line)
    lat, lon = _coord(value.get("lat")), _coord(value.get("lon"))
    gtype = value.get("type")
    return GoldToponym(
        start=value["start"],
        end=value["end"],
        phrase=str(value.get("phrase", "")),
        gtype=gtype if isinstance(gtype, str) else None,
        geonameid=_id(value.get("geonameid")),
        country_geonameid=_id(value.get("country_geonameid")),
        lat=lat if lon is not None else None,
        lon=lon if lat is not None else None,
        bad_offsets=bool(value.get("offset_mismatch")) or value["start"] < 0,
    )


def read_geo(path: Path) -> list[GeoDoc]:
    """The articles of a geoparsing gold file (``doc_id``, ``text``, ``toponyms``)."""
    docs = []
    for line, row in read_json_lines(path):
        if not (
            isinstance(row, dict)
            and isinstance(row.get("text"), str)
            and isinstance(row.get("toponyms"), list)
        ):
            raise InputError("E106", "need text and toponyms", path=str(path), line=line)
        docs.append(
            GeoDoc(
                doc_id=str(row.get("doc_id", line)),
                text=row["text"],
                toponyms=tuple(_toponym(t, path=path, line=line) for t in row["toponyms"]),
            )
        )
    return docs


def profile_for(docs: Sequence[GeoDoc], *, label: str) -> Profile:
    """The scoring profile of a corpus, from its toponyms' fields."""
    toponyms = [t for doc in docs for t in doc.toponyms]
    kind = "coordinates"
    if any(t.gtype is not None for t in toponyms):
        kind = "gwn"
    elif any(t.geonameid is not None for t in toponyms):
        kind = "geonames"
    target, demonyms = ACC_TARGETS.get(kind), kind != "coordinates"
    return Profile(label=label, kind=kind, acc_target=target, demonyms=demonyms)


def with_countries(docs: Sequence[GeoDoc], country_of: Callable[[int], str | None]) -> list[GeoDoc]:
    """``docs`` with each toponym's ISO-3 ``country`` from its ``country_geonameid`` (else its
    own ``geonameid``) through ``country_of``."""

    def known(t: GoldToponym) -> GoldToponym:
        key = t.country_geonameid if t.country_geonameid is not None else t.geonameid
        return replace(t, country=None if key is None else country_of(key))

    return [replace(d, toponyms=tuple(map(known, d.toponyms))) for d in docs]


# ----------------------------------------------------------------------------- matching


def _counted(t: GoldToponym, profile: Profile) -> bool:
    return not t.bad_offsets and (profile.kind != "gwn" or t.gtype in GWN_TOPONYMS)


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _trim(span: Span, text: str) -> Span:
    piece = text[span[0] : span[1]]
    left = len(piece) - len(piece.lstrip(EDGE))
    return span[0] + left, span[0] + len(piece.rstrip(EDGE))


def match_overlap(predicted: Sequence[Span], gold: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one ``(predicted index, gold index)`` pairs of overlapping spans, greedily by
    largest overlap (ties by position)."""
    weights = [(_overlap(p, g), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold)]
    return greedy_match(weights)


def _scored_predictions(
    predicted: Sequence[Toponym], doc: GeoDoc, profile: Profile
) -> list[Toponym]:
    """Predictions that count: demonyms only where the corpus annotates them, and none that
    overlaps only gold spans whose type is neither right nor wrong (GeoWebNews)."""
    counted = [(t.start, t.end) for t in doc.toponyms if _counted(t, profile)]
    ignored = [(t.start, t.end) for t in doc.toponyms if t.gtype in GWN_IGNORED]

    def void(span: Span) -> bool:
        return any(_overlap(span, g) for g in ignored) and not any(
            _overlap(span, g) for g in counted
        )

    wanted = [p for p in predicted if p.kind != "demonym" or profile.demonyms]
    return [p for p in wanted if not void((p.start, p.end))]


def score_doc(doc: GeoDoc, predicted: Sequence[Toponym], profile: Profile) -> DocScore:
    """Recognition counts and resolutions of one article's predictions."""
    gold = [t for t in doc.toponyms if _counted(t, profile)]
    pred = _scored_predictions(predicted, doc, profile)
    gold_spans = [(t.start, t.end) for t in gold]
    pred_spans = [(p.start, p.end) for p in pred]
    exact_gold = {_trim(s, doc.text) for s in gold_spans}
    exact_tp = len(exact_gold & {_trim(s, doc.text) for s in pred_spans})
    matched = match_overlap(pred_spans, gold_spans)
    found = {j: pred[i] for i, j in matched}
    resolutions = tuple(
        resolution(t, found.get(j))
        for j, t in enumerate(gold)
        if t.lat is not None and t.lon is not None
    )
    kinds = tuple(
        (gold[j].gtype in GWN_LITERAL, pred[i].kind == "place")
        for i, j in matched
        if profile.kind == "gwn"
    )
    return DocScore(
        predicted=len(pred_spans),
        gold=len(gold_spans),
        exact=exact_tp,
        overlap=len(matched),
        resolutions=resolutions,
        kinds=kinds,
    )


def score_corpus(
    docs: Sequence[GeoDoc], geoparse: Callable[[str], Sequence[Toponym]], profile: Profile
) -> list[DocScore]:
    """Run ``geoparse`` on every article's text and score it."""
    return [score_doc(doc, geoparse(doc.text), profile) for doc in docs]


# ----------------------------------------------------------------------------- metrics

Part = tuple[float, int]  # one article's numerator and denominator


def _ratio(
    name: str,
    parts: Sequence[Part],
    *,
    n: int | None = None,
    target: float | None = None,
    note: str = "",
) -> Metric:
    """sum(numerators) / sum(denominators) over articles, intervals resampling articles; ``n``
    defaults to the summed denominators."""

    def value(sample: Sequence[Part]) -> float:
        below = sum(d for _, d in sample)
        return sum(x for x, _ in sample) / below if below else 0.0

    low, high = bootstrap_interval(parts, value)
    total = sum(d for _, d in parts) if n is None else n
    return Metric(
        name=name, value=value(parts), n=total, low=low, high=high, target=target, note=note
    )


def _recognition(label: str, docs: Sequence[DocScore]) -> list[Metric]:
    gold = sum(d.gold for d in docs)
    metrics = []
    for mode in ("exact", "overlap"):
        tps = [float(d.exact if mode == "exact" else d.overlap) for d in docs]
        parts = {
            "P": [(tp, d.predicted) for tp, d in zip(tps, docs, strict=True)],
            "R": [(tp, d.gold) for tp, d in zip(tps, docs, strict=True)],
            "F1": [(2 * tp, d.predicted + d.gold) for tp, d in zip(tps, docs, strict=True)],
        }
        for part, values in parts.items():
            n = gold if part == "F1" else None
            metrics.append(_ratio(f"{label}: recognition {part} ({mode})", values, n=n))
    return metrics


def _hits(
    docs: Sequence[DocScore], view: str, hit: Callable[[Resolution], bool | None]
) -> list[Part]:
    """Per article: (hits, scored) among its resolutions in ``view`` where ``hit`` is defined;
    in ``matched`` only found toponyms count."""
    parts = []
    for doc in docs:
        outcomes = [hit(r) for r in doc.resolutions if view == "all" or r.found is not None]
        defined = [x for x in outcomes if x is not None]
        parts.append((float(sum(defined)), len(defined)))
    return parts


def _log_errors(doc: DocScore) -> Part:
    """Sum of ln(1+km)/ln(1+max km) over found toponyms (unresolved: max), and their count."""
    km = [MAX_ERROR_KM if r.error_km is None else r.error_km for r in doc.resolutions if r.found]
    return sum(math.log1p(e) for e in km) / math.log1p(MAX_ERROR_KM), len(km)


def _resolution(label: str, docs: Sequence[DocScore], profile: Profile) -> list[Metric]:
    rows: tuple[tuple[str, Callable[[Resolution], bool | None], float | None], ...] = (
        ("acc@161km", lambda r: r.within, profile.acc_target),
        ("acc@161km, our points", lambda r: r.point_within, None),
        ("GeoNames id", lambda r: r.same_id, None),
        ("country", lambda r: r.same_country, COUNTRY_TARGET),
    )
    metrics = []
    for view in ("matched", "all"):
        for name, hit, target in rows:
            parts = _hits(docs, view, hit)
            same = "points" in name and profile.kind == "coordinates"  # no ids: same as above
            if any(d for _, d in parts) and not same:
                chosen = target if view == "matched" else None
                metrics.append(_ratio(f"{label}: {view}: {name}", parts, target=chosen))
    errors = [_log_errors(d) for d in docs]
    metrics.append(_ratio(f"{label}: matched: AUC of log error", errors, note="lower is better"))
    return metrics


def _kind_agreement(label: str, docs: Sequence[DocScore]) -> list[Metric]:
    parts = [(float(sum(g == p for g, p in d.kinds)), len(d.kinds)) for d in docs]
    if not any(d for _, d in parts):
        return []
    name = f"{label}: literal vs metonym/demonym agreement"
    return [_ratio(name, parts, note="gold literal <-> predicted place")]


def _km_details(label: str, docs: Sequence[DocScore], profile: Profile) -> list[tuple[str, str]]:
    kinds = ("error_km",) if profile.kind == "coordinates" else ("error_km", "point_error_km")
    rows = []
    for kind in kinds:
        per_doc = [[e for r in d.resolutions if (e := getattr(r, kind)) is not None] for d in docs]
        errors = [e for doc in per_doc for e in doc]
        what = f"{kind.replace('_km', '').replace('_', ' ')} km (matched, resolved)"
        if not errors:
            rows.append((f"{label}: {what}", "no resolved toponyms"))
            continue
        for name, fn in (("median", statistics.median), ("mean", statistics.fmean)):

            def stat(sample: Sequence[list[float]], fn: Callable[..., float] = fn) -> float:
                values = [e for doc in sample for e in doc]
                return fn(values) if values else MAX_ERROR_KM

            low, high = bootstrap_interval(per_doc, stat)
            value = f"{fn(errors):.1f} km (95% CI {low:.1f}-{high:.1f}, N={len(errors)})"
            rows.append((f"{label}: {name} {what}", value))
    return rows


def corpus_metrics(
    docs: Sequence[DocScore], profile: Profile
) -> tuple[list[Metric], list[tuple[str, str]]]:
    """The metrics of one corpus and its km error details (median, mean)."""
    label = profile.label
    metrics = [
        *_recognition(label, docs),
        *_resolution(label, docs, profile),
        *_kind_agreement(label, docs),
    ]
    return metrics, _km_details(label, docs, profile)


# ----------------------------------------------------------------------------- running


def corpus_files(gold: Path) -> list[tuple[str, Path]]:
    """``(label, file)``: a JSON-lines ``gold`` alone, else the three corpora next to it."""
    if not gold.name.endswith((".jsonl", ".jsonl.gz")):
        return [(label, gold.parent / name) for label, name in CORPORA]
    labels = {name: label for label, name in CORPORA}
    return [(labels.get(gold.name, gold.name.split(".")[0]), gold)]


def _corpus_note(label: str, path: Path, docs: Sequence[GeoDoc], scores: Sequence[DocScore]) -> str:
    resolutions = [r for s in scores for r in s.resolutions]
    compared = MORDECAI3.get(label)
    return (
        f"{label} ({path}): {len(docs)} articles, {sum(s.gold for s in scores)} gold "
        f"toponyms scored of {sum(len(d.toponyms) for d in docs)}, {len(resolutions)} with "
        f"coordinates, {sum(r.same_id is not None for r in resolutions)} with a GeoNames id, "
        f"{sum(r.same_country is not None for r in resolutions)} with a country; "
        f"{sum(s.predicted for s in scores)} predictions scored"
        + (f"; Mordecai3 acc@161 {100 * compared:.1f} %" if compared is not None else "")
    )


NOTES = (
    "recognition P/R/F1 (micro): exact = equal spans after trimming spaces, overlap = one-to-"
    "one, greedy by overlap; N is predictions for P, gold toponyms for R, F1",
    "matched = gold toponyms with coordinates one of ours overlaps (the resolver's accuracy; "
    "unresolved = miss; targets apply here); all = every gold toponym with coordinates "
    "(unrecognised = miss: end-to-end). Intervals resample articles",
    "targets (issue 6): acc@161 >= 90 % TR-News, >= 95 % GeoWebNews, country >= 98 %; Mordecai3 "
    "(neural ranker + Elasticsearch) published acc@161 87.3 % TR-News, 94.1 % GeoWebNews",
    "GeoWebNews gold toponyms: Literal, Mixed, Literal_Modifier, Embedded_Literal and the "
    "associative Metonymic, Non_Literal_Modifier, Embedded_Non_Lit (metonyms are toponyms, "
    "though not places of events); predictions on Demonym, Language, Coercion spans are "
    "ignored, on Homonym/Non_Toponym false positives. Spans flagged offset_mismatch: left out",
    "predicted demonyms are scored on TR-News ('Turkish' -> Turkey is gold) and GeoWebNews "
    "(adjectival modifiers), not on GeoVirus (which annotates no adjectives)",
    "gold country (ISO-3): from country_geonameid (TR-News) or geonameid (GeoWebNews) through "
    "our gazetteer's get(); ids it lacks and GeoVirus (coordinates only) have no country",
    "error km = 0 when we chose the gold GeoNames entry (its point is the gold point: how "
    "GeoNames-based geoparsers like Mordecai3 are scored), else the distance from our point; "
    "'our points' / 'point error' use our coordinates only (country and admin-1 points differ "
    "from GeoNames'). AUC of log error = mean ln(1+km)/ln(1+20015) over matched, unresolved = "
    "20015 km (Gritta et al. 2019); median/mean km (details): matched toponyms we resolved",
)


def _geoparser(coder: Coder | None, gazetteer: Gazetteer) -> Callable[[str], Sequence[Toponym]]:
    nlp = coder.nlp if coder is not None else build_nlp()

    def parse(text: str) -> Sequence[Toponym]:
        return geoparse(text, nlp=nlp, gazetteer=gazetteer)

    return parse


def score_files(
    files: Sequence[tuple[str, Path]],
    geoparse: Callable[[str], Sequence[Toponym]],
    *,
    country_of: Callable[[int], str | None],
    limit: int | None = None,
) -> tuple[list[Metric], list[tuple[str, str]], list[str], int]:
    """Metrics, km details, notes and article count over each ``(label, file)``."""
    metrics: list[Metric] = []
    details: list[tuple[str, str]] = []
    notes: list[str] = []
    total = 0
    for label, path in files:
        if not path.is_file():
            raise InputError("E110", path=str(path))
        docs = with_countries(read_geo(path)[:limit], country_of)
        profile = profile_for(docs, label=label)
        scores = score_corpus(docs, geoparse, profile)
        found, km = corpus_metrics(scores, profile)
        metrics += found
        details += km
        notes.append(f"{_corpus_note(label, path, docs, scores)} (profile {profile.kind})")
        total += len(docs)
    return metrics, details, notes, total


def run(gold: Path, *, coder: Coder | None, limit: int | None = None) -> EvalResult:
    """Recognition and resolution metrics of the real geoparser on ``gold`` (see the module
    docstring); ``limit`` keeps the first N articles of each corpus."""
    files = corpus_files(gold)
    gazetteer = open_gazetteer(default_gazetteer_path())
    try:
        metrics, details, notes, total = score_files(
            files,
            _geoparser(coder, gazetteer),
            country_of=lambda gid: entry.country if (entry := gazetteer.get(gid)) else None,
            limit=limit,
        )
    finally:
        gazetteer.close()
    where = str(gold) if len(files) == 1 else str(gold.parent)
    return EvalResult(
        scorer=SCORER.name,
        gold=where,
        n=total,
        metrics=tuple(metrics),
        notes=(*notes, *NOTES, f"gazetteer: {gazetteer.path}"),
        details=tuple(details),
    )


SCORER = Scorer(
    name="geo",
    description="toponym recognition and resolution on TR-News, GeoWebNews and GeoVirus",
    default_gold=DEFAULT_GOLD,
    run=run,
)
