"""The geoparsing scorer: haversine, the gold reader, matching and every metric, on hand-written
fixtures in the three gold formats (fixtures/eval/geo/) with a fake geoparser."""

from __future__ import annotations

import gzip
import math
from collections.abc import Sequence
from pathlib import Path

import pytest

from polevent.errors import InputError
from polevent.evaluate.base import Metric
from polevent.evaluate.geo import (
    DEFAULT_GOLD,
    MAX_ERROR_KM,
    SCORER,
    GeoDoc,
    corpus_files,
    corpus_metrics,
    haversine_km,
    match_overlap,
    profile_for,
    read_geo,
    run,
    score_corpus,
    score_doc,
    score_files,
    with_countries,
)
from polevent.evaluate.registry import get_scorer, scorer_names
from polevent.pipeline import Coder
from polevent.records import Place, Toponym
from polevent.resolve.gazetteer import Candidate
from polevent.resolve.gazetteer_build import write_gazetteer
from polevent.resolve.gazetteer_rows import GazetteerRow

FIXTURES = Path(__file__).parents[2] / "fixtures" / "eval" / "geo"
TR_NEWS = FIXTURES / "tr_news_small.jsonl"
GWN = FIXTURES / "geowebnews_small.jsonl"
GEOVIRUS = FIXTURES / "geovirus_small.jsonl"

COUNTRIES = {
    298795: "TUR",
    3017382: "FRA",
    6252001: "USA",
    4140963: "USA",
    2017370: "RUS",
    703883: "UKR",
    5110302: "USA",
    3333158: "GBR",
}
KYIV = (50.45466, 30.5238)


def toponym(
    text: str,
    phrase: str,
    *,
    kind: str = "place",
    at: tuple[float, float] | None = None,
    geonameid: int | None = None,
    country: str | None = None,
    nth: int = 0,
) -> Toponym:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    place = None
    if at is not None:
        place = Place(
            name=phrase,
            geonameid=geonameid,
            lat=at[0],
            lon=at[1],
            admin1=None,
            country=country,
            feature=None,
            text=phrase,
            reason="test",
        )
    return Toponym(
        text=phrase,
        start=start,
        end=start + len(phrase),
        kind=kind,
        place=place,
        candidates=1,
        reason="test",
        confidence=1.0,
    )


def by_name(metrics: Sequence[Metric]) -> dict[str, Metric]:
    return {m.name: m for m in metrics}


def assert_metric(found: Metric, value: float, *, n: int, target: float | None = None) -> None:
    assert found.value == pytest.approx(value)
    assert (found.n, found.target) == (n, target)


def gwn_predictions(text: str) -> list[Toponym]:
    """Right: Washington (metonym), Russian (demonym, span too long). Wrong place: Crimea (put
    in Kyiv, called a metonym). Ignored: Americans (Demonym), Barclays Center (Coercion). False
    positive: Paris in "Paris Hilton" (Homonym). Missed: Brooklyn."""
    return [
        toponym(
            text,
            "Washington",
            kind="metonym",
            at=(38.89511, -77.03637),
            geonameid=4140963,
            country="USA",
        ),
        toponym(
            text,
            "Russian troops",
            kind="demonym",
            at=(60.0, 100.0),
            geonameid=2017370,
            country="RUS",
        ),
        toponym(text, "Crimea", kind="metonym", at=KYIV, geonameid=703448, country="UKR"),
        toponym(text, "Americans", kind="demonym"),
        toponym(text, "Barclays Center", at=(40.68265, -73.97469), geonameid=1, country="USA"),
        toponym(text, "Paris", at=(48.85341, 2.3488), geonameid=2988507, country="FRA"),
    ]


# ----------------------------------------------------------------------------- haversine


def test_haversine_known_distances() -> None:
    assert haversine_km(10.0, 20.0, 10.0, 20.0) == 0.0
    assert haversine_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(111.195, abs=0.001)
    assert haversine_km(0.0, 0.0, 1.0, 0.0) == pytest.approx(111.195, abs=0.001)
    london_paris = haversine_km(51.5074, -0.1278, 48.8566, 2.3522)
    assert london_paris == pytest.approx(343.6, abs=0.5)
    assert haversine_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(MAX_ERROR_KM)
    assert haversine_km(89.0, 0.0, 89.0, 180.0) == pytest.approx(222.39, abs=0.01)


def test_haversine_is_symmetric_and_wraps_the_date_line() -> None:
    there = haversine_km(-17.7, 178.0, -16.5, -179.5)
    assert there == pytest.approx(haversine_km(-16.5, -179.5, -17.7, 178.0))
    assert 250 < there < 320


# ----------------------------------------------------------------------------- reading


def test_read_geo_tr_news_fields_and_offset_mismatch() -> None:
    docs = read_geo(TR_NEWS)
    assert [d.doc_id for d in docs] == ["900001", "900002"]
    turkish, ankara, paris = docs[0].toponyms
    assert docs[0].text[turkish.start : turkish.end] == "Turkish"
    assert (ankara.geonameid, ankara.country_geonameid, ankara.lat) == (323786, 298795, 39.91987)
    assert paris.gtype is None and not paris.bad_offsets
    europe, ontario = docs[1].toponyms[2:]
    assert europe.country_geonameid is None
    assert ontario.bad_offsets


def test_read_geo_gwn_and_geovirus() -> None:
    gwn = read_geo(GWN)
    types = [t.gtype for t in gwn[0].toponyms]
    assert types[:4] == ["Metonymic", "Non_Literal_Modifier", "Non_Lit_Expression", "Literal"]
    americans = gwn[0].toponyms[4]
    assert (americans.lat, americans.lon, americans.geonameid) == (None, None, None)
    (virus,) = read_geo(GEOVIRUS)
    assert [t.phrase for t in virus.toponyms] == ["Pandi", "Bulacan", "Beijing"]
    assert all(t.geonameid is None and t.lat is not None for t in virus.toponyms)


def test_read_geo_gzip_and_errors(tmp_path: Path) -> None:
    packed = tmp_path / "x.jsonl.gz"
    packed.write_bytes(gzip.compress(GEOVIRUS.read_bytes()))
    assert len(read_geo(packed)) == 1
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "toponyms": []}\n{"text": 3}\n', encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_geo(bad)
    assert e.value.code == "E106" and e.value.line == 2
    loose = tmp_path / "loose.jsonl"
    loose.write_text('{"text": "x", "toponyms": [{"start": "0", "end": 1}]}\n', encoding="utf-8")
    with pytest.raises(InputError, match="toponyms need start and end"):
        read_geo(loose)
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{nope\n", encoding="utf-8")
    with pytest.raises(InputError, match="E104"):
        read_geo(broken)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="E101"):
        read_geo(empty)


def test_profiles_from_fields() -> None:
    tr = profile_for(read_geo(TR_NEWS), label="TR-News")
    gwn = profile_for(read_geo(GWN), label="GeoWebNews")
    virus = profile_for(read_geo(GEOVIRUS), label="GeoVirus")
    assert (tr.kind, tr.acc_target, tr.demonyms) == ("geonames", 0.90, True)
    assert (gwn.kind, gwn.acc_target, gwn.demonyms) == ("gwn", 0.95, True)
    assert (virus.kind, virus.acc_target, virus.demonyms) == ("coordinates", None, False)


def test_with_countries_prefers_the_country_id() -> None:
    docs = with_countries(read_geo(TR_NEWS), COUNTRIES.get)
    assert [t.country for t in docs[0].toponyms] == ["TUR", "TUR", "FRA"]
    assert docs[1].toponyms[2].country is None  # Europe: no country in the gold
    gwn = with_countries(read_geo(GWN), COUNTRIES.get)
    assert [t.country for t in gwn[0].toponyms][:4] == ["USA", "RUS", None, "UKR"]


def test_corpus_files(tmp_path: Path) -> None:
    source = tmp_path / "SOURCE.md"
    assert corpus_files(source) == [
        ("TR-News", tmp_path / "tr_news.jsonl.gz"),
        ("GeoWebNews", tmp_path / "geowebnews.jsonl.gz"),
        ("GeoVirus", tmp_path / "geovirus.jsonl.gz"),
    ]
    assert corpus_files(tmp_path / "geowebnews.jsonl.gz") == [
        ("GeoWebNews", tmp_path / "geowebnews.jsonl.gz")
    ]
    assert corpus_files(tmp_path / "kept_back.jsonl") == [
        ("kept_back", tmp_path / "kept_back.jsonl")
    ]


# ----------------------------------------------------------------------------- matching


def test_match_overlap_is_one_to_one_by_largest_overlap() -> None:
    assert match_overlap([(0, 10), (8, 20)], [(5, 12), (15, 18)]) == [(0, 0), (1, 1)]
    assert match_overlap([(0, 4)], [(0, 2), (1, 4)]) == [(0, 1)]
    assert match_overlap([(0, 4)], [(4, 8)]) == []


def test_score_doc_gwn_counts_ignores_and_resolutions() -> None:
    (doc, _) = with_countries(read_geo(GWN), COUNTRIES.get)
    profile = profile_for([doc], label="GWN")
    score = score_doc(doc, gwn_predictions(doc.text), profile)
    # gold: Washington, Russian, Crimea, Brooklyn; scored: Washington, Russian troops, Crimea,
    # Paris (Americans and Barclays Center are ignored)
    assert (score.gold, score.predicted, score.exact, score.overlap) == (4, 4, 2, 3)
    found = {r.gold.phrase: r for r in score.resolutions}
    assert set(found) == {"Washington", "Russian", "Crimea", "Brooklyn"}
    assert found["Washington"].error_km == pytest.approx(0.0)
    assert found["Washington"].within and found["Washington"].same_id
    assert found["Crimea"].error_km == pytest.approx(haversine_km(45.0, 34.0, *KYIV))
    assert not found["Crimea"].within and found["Crimea"].same_id is False
    assert found["Crimea"].same_country is True
    assert found["Brooklyn"].found is None and found["Brooklyn"].error_km is None
    assert found["Brooklyn"].same_id is False
    assert sorted(score.kinds) == [(False, False), (False, False), (True, False)]


def test_score_doc_drops_demonyms_where_the_corpus_has_none() -> None:
    (doc,) = read_geo(GEOVIRUS)
    profile = profile_for([doc], label="GeoVirus")
    predicted = [
        toponym(doc.text, "Chinese", kind="demonym", at=(35.0, 105.0)),
        toponym(doc.text, "Pandi, Bulacan", at=(14.87, 120.95)),
        toponym(doc.text, "Beijing", at=(31.23, 121.47)),  # Shanghai: 1,068 km off
    ]
    score = score_doc(doc, predicted, profile)
    assert (score.gold, score.predicted, score.exact, score.overlap) == (3, 2, 1, 2)
    # "Pandi, Bulacan" shares more characters with Bulacan, so it matches Bulacan (18 km off)
    assert [r.found is not None for r in score.resolutions] == [False, True, True]
    assert [r.within for r in score.resolutions] == [False, True, False]
    assert all(r.same_id is None and r.same_country is None for r in score.resolutions)


# ----------------------------------------------------------------------------- metrics


def test_corpus_metrics_gwn_numbers() -> None:
    docs = with_countries(read_geo(GWN), COUNTRIES.get)
    profile = profile_for(docs, label="GWN")
    guesses = {docs[0].text: gwn_predictions(docs[0].text), docs[1].text: []}
    metrics, details = corpus_metrics(score_corpus(docs, guesses.__getitem__, profile), profile)
    got = by_name(metrics)
    # doc 2 adds two gold toponyms (Kent, Dover), both missed
    assert got["GWN: recognition P (exact)"].value == pytest.approx(2 / 4)
    assert got["GWN: recognition R (exact)"].value == pytest.approx(2 / 6)
    assert got["GWN: recognition P (overlap)"].value == pytest.approx(3 / 4)
    assert got["GWN: recognition R (overlap)"].value == pytest.approx(3 / 6)
    f1 = got["GWN: recognition F1 (overlap)"]
    assert f1.value == pytest.approx(2 * 0.75 * 0.5 / 1.25)
    assert (f1.n, got["GWN: recognition P (overlap)"].n) == (6, 4)
    acc = got["GWN: matched: acc@161km"]
    assert_metric(acc, 2 / 3, n=3, target=0.95)
    assert acc.low is not None and acc.high is not None and acc.low <= acc.value <= acc.high
    every = got["GWN: all: acc@161km"]
    assert_metric(every, 2 / 6, n=6, target=None)
    assert got["GWN: matched: GeoNames id"].value == pytest.approx(2 / 3)
    assert got["GWN: all: GeoNames id"].n == 5  # Dover has no id
    country = got["GWN: matched: country"]
    assert (country.value, country.n, country.target) == (1.0, 3, 0.98)
    assert got["GWN: all: country"].value == pytest.approx(3 / 5)
    agreement = got["GWN: literal vs metonym/demonym agreement"]
    assert_metric(agreement, 2 / 3, n=3)
    crimea = haversine_km(45.0, 34.0, *KYIV)
    auc = got["GWN: matched: AUC of log error"]
    assert auc.value == pytest.approx(math.log1p(crimea) / math.log1p(MAX_ERROR_KM) / 3)
    km = dict(details)
    assert km["GWN: median error km (matched, resolved)"].startswith("0.0 km (95% CI ")
    assert km["GWN: mean error km (matched, resolved)"].startswith(f"{crimea / 3:.1f} km")
    assert km["GWN: mean error km (matched, resolved)"].endswith("N=3)")
    assert km["GWN: mean point error km (matched, resolved)"].startswith(f"{crimea / 3:.1f} km")
    assert got["GWN: matched: acc@161km, our points"].value == pytest.approx(2 / 3)


def test_corpus_metrics_tr_news_counts_demonyms() -> None:
    docs = with_countries(read_geo(TR_NEWS), COUNTRIES.get)
    profile = profile_for(docs, label="TR")
    text1, text2 = docs[0].text, docs[1].text
    guesses = {
        text1: [
            toponym(
                text1, "Turkish", kind="demonym", at=(39.0, 35.0), geonameid=298795, country="TUR"
            ),
            toponym(text1, "Ankara", at=(39.91987, 32.85427), geonameid=323786, country="TUR"),
            toponym(text1, "Paris", at=(33.66094, -95.55551), geonameid=4717560, country="USA"),
        ],
        text2: [
            toponym(text2, "Georgia", at=(42.0, 43.5), geonameid=614540, country="GEO"),
            toponym(text2, "Atlanta", at=(33.749, -84.38798), geonameid=4180439, country="USA"),
            # the gold entry, at our own point 800 km from GeoNames' one
            toponym(text2, "Europe", at=(50.0, 20.0), geonameid=6255148),
            toponym(text2, "Ontario"),  # gold span flagged offset_mismatch: a false positive
        ],
    }
    scores = score_corpus(docs, guesses.__getitem__, profile)
    got = by_name(corpus_metrics(scores, profile)[0])
    assert got["TR: recognition P (exact)"].value == pytest.approx(6 / 7)
    assert got["TR: recognition R (exact)"].value == 1.0
    acc = got["TR: matched: acc@161km"]
    assert_metric(acc, 4 / 6, n=6, target=0.90)
    points = got["TR: matched: acc@161km, our points"]
    assert_metric(points, 3 / 6, n=6, target=None)
    europe = next(r for s in scores for r in s.resolutions if r.gold.phrase == "Europe")
    assert europe.error_km == 0.0 and europe.point_error_km == pytest.approx(
        haversine_km(48.69096, 9.14062, 50.0, 20.0)
    )
    assert europe.within and not europe.point_within
    assert got["TR: matched: GeoNames id"].value == pytest.approx(4 / 6)
    country = got["TR: matched: country"]
    assert_metric(country, 3 / 5, n=5, target=0.98)  # Europe has no country
    assert "TR: literal vs metonym/demonym agreement" not in got


def test_corpus_metrics_with_nothing_found() -> None:
    docs = read_geo(GEOVIRUS)
    profile = profile_for(docs, label="GV")
    metrics, details = corpus_metrics(score_corpus(docs, lambda text: [], profile), profile)
    got = by_name(metrics)
    assert got["GV: recognition F1 (overlap)"].value == 0.0
    assert got["GV: all: acc@161km"].value == 0.0 and got["GV: all: acc@161km"].n == 3
    assert "GV: matched: acc@161km" not in got and "GV: all: country" not in got
    assert "GV: all: acc@161km, our points" not in got  # no ids: it would repeat acc@161km
    assert details == [("GV: error km (matched, resolved)", "no resolved toponyms")]


def test_score_files_runs_each_corpus_with_notes(tmp_path: Path) -> None:
    for name, fixture in (
        ("tr_news.jsonl.gz", TR_NEWS),
        ("geowebnews.jsonl.gz", GWN),
        ("geovirus.jsonl.gz", GEOVIRUS),
    ):
        (tmp_path / name).write_bytes(gzip.compress(fixture.read_bytes()))
    (tmp_path / "SOURCE.md").write_text("the three corpora\n", encoding="utf-8")
    texts: list[str] = []

    def fake(text: str) -> list[Toponym]:
        texts.append(text)
        return []

    files = corpus_files(tmp_path / "SOURCE.md")
    metrics, details, notes, total = score_files(files, fake, country_of=COUNTRIES.get)
    assert total == 5 and len(texts) == 5
    labels = {m.name.split(":")[0] for m in metrics}
    assert labels == {"TR-News", "GeoWebNews", "GeoVirus"}
    assert notes[0].startswith("TR-News (") and "Mordecai3 acc@161 87.3 %" in notes[0]
    assert "8 gold toponyms of" not in notes[1] and "6 gold toponyms scored of 10" in notes[1]
    assert "profile coordinates" in notes[2]
    assert len(details) == 5  # error and point error where the gold has ids
    _, _, _, limited = score_files(files, fake, country_of=COUNTRIES.get, limit=1)
    assert limited == 3


def test_score_files_missing_corpus(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="E110"):
        score_files(corpus_files(tmp_path / "SOURCE.md"), lambda text: [], country_of=COUNTRIES.get)


def test_registered_as_geo() -> None:
    assert "geo" in scorer_names() and "event-location" in scorer_names()
    scorer = get_scorer("geo")
    assert scorer is SCORER
    assert scorer.default_gold == DEFAULT_GOLD == "geoparsing/SOURCE.md"
    assert isinstance(read_geo(GWN)[0], GeoDoc)


def entry(
    geonameid: int, name: str, at: tuple[float, float], country: str | None, code: str
) -> GazetteerRow:
    fclass = {"PCLI": "A", "ADM1": "A", "CONT": "L"}.get(code, "P")
    candidate = Candidate(
        geonameid=geonameid,
        name=name,
        lat=at[0],
        lon=at[1],
        feature_class=fclass,
        feature_code=code,
        country=country,
        admin1=None,
        population=5_000_000 if fclass != "P" else 1_000_000,
        source="test",
    )
    return GazetteerRow(candidate=candidate, aliases=())


def test_run_end_to_end_with_a_small_gazetteer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, coder: Coder
) -> None:
    rows = [
        entry(298795, "Turkey", (39.0, 35.0), "TUR", "PCLI"),
        entry(323786, "Ankara", (39.91987, 32.85427), "TUR", "PPLC"),
        entry(3017382, "France", (46.0, 2.0), "FRA", "PCLI"),
        entry(2988507, "Paris", (48.85341, 2.3488), "FRA", "PPLC"),
        entry(6252001, "United States", (39.76, -98.5), "USA", "PCLI"),
        entry(4197000, "Georgia", (32.75042, -83.50018), "USA", "ADM1"),
        entry(4180439, "Atlanta", (33.749, -84.38798), "USA", "PPL"),
        entry(6255148, "Europe", (48.69096, 9.14062), None, "CONT"),
    ]
    path = tmp_path / "gazetteer.sqlite"
    write_gazetteer(path, rows, built_on="2026-01-01")
    monkeypatch.setenv("POLEVENT_GAZETTEER", str(path))
    result = run(TR_NEWS, coder=coder)
    assert (result.scorer, result.gold, result.n) == ("geo", str(TR_NEWS), 2)
    got = by_name(result.metrics)
    assert {m.name.split(":")[0] for m in result.metrics} == {"tr_news_small"}
    recall = got["tr_news_small: recognition R (overlap)"]
    assert recall.n == 6 and recall.value >= 4 / 6  # Ontario's span is flagged and left out
    ankara_paris = got["tr_news_small: matched: acc@161km"]
    assert ankara_paris.target == 0.90 and ankara_paris.value >= 0.5
    assert got["tr_news_small: all: country"].n == 5  # Europe has no country
    assert result.notes[-1] == f"gazetteer: {path}"
    assert "tr_news_small: median error km (matched, resolved)" in dict(result.details)
