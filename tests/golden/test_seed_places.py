"""Issue 6's check on the seed: its places resolve right and the phone call is located nowhere.

Uses the built gazetteer (``var/gazetteer.sqlite``, made by ``make``); without it the file is
built into a temporary folder first (about 20 s), so the test never skips.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from polevent.ingest import iter_articles
from polevent.pipeline import Coder, build_coder, code_article
from polevent.records import Article, EventRecord, Toponym
from polevent.resolve.gazetteer import SqliteGazetteer, default_gazetteer_path, open_gazetteer
from polevent.resolve.gazetteer_build import build_gazetteer
from polevent.resolve.places import find_toponyms

SEED = Path(__file__).resolve().parents[2] / "samples" / "seed" / "000_fc17845972f5dceb.txt"


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> SqliteGazetteer:
    path = default_gazetteer_path()
    if not path.is_file():
        path = build_gazetteer(tmp_path_factory.mktemp("gazetteer") / "gazetteer.sqlite").path
    return open_gazetteer(path)


@pytest.fixture(scope="module")
def seed(golden_coder: Coder, gazetteer: SqliteGazetteer) -> tuple[Article, list[EventRecord]]:
    [article] = list(iter_articles([SEED]))
    assert isinstance(article, Article)
    coder = build_coder(golden_coder.settings, nlp=golden_coder.nlp, gazetteer=gazetteer)
    return article, code_article(article, coder)


@pytest.fixture(scope="module")
def toponyms(golden_coder: Coder, gazetteer: SqliteGazetteer) -> dict[str, Toponym]:
    [article] = list(iter_articles([SEED]))
    assert isinstance(article, Article)
    doc = golden_coder.nlp(article.text)
    return {t.text: t for t in find_toponyms(doc, gazetteer=gazetteer)}


def test_the_phone_call_is_located_nowhere(seed: tuple[Article, list[EventRecord]]) -> None:
    _, events = seed
    calls = [e for e in events if e.cameo_code == "041"]
    assert len(calls) == 2
    assert all(e.place is None for e in calls)


def test_the_condemned_attack_is_in_pahalgam(seed: tuple[Article, list[EventRecord]]) -> None:
    _, events = seed
    [condemn] = [e for e in events if e.cameo_code == "111"]
    place = condemn.place
    assert place is not None
    assert (place.text, place.name, place.admin1, place.country, place.precision) == (
        "Pahalgam",
        "Pahalgam",
        "Jammu and Kashmir",
        "IND",
        "point",
    )
    assert place.lat is not None and place.lon is not None
    assert abs(place.lat - 34.0) < 0.2 and abs(place.lon - 75.3) < 0.2
    assert "'attack', the object of 'condemned'" in place.reason


def test_chabahar_port_is_in_iran(toponyms: dict[str, Toponym]) -> None:
    place = toponyms["Chabahar Port"].place
    assert place is not None
    assert place.country == "IRN" and place.precision == "point"
    assert place.lat is not None and place.lon is not None
    assert abs(place.lat - 25.3) < 0.3 and abs(place.lon - 60.6) < 0.3


def test_pakistan_occupied_kashmir_is_the_pakistani_admin1_unit(
    toponyms: dict[str, Toponym],
) -> None:
    for text in ("Pakistan-occupied Kashmir", "PoK"):
        place = toponyms[text].place
        assert place is not None, text
        assert (place.feature, place.country, place.precision) == ("ADM1", "PAK", "admin1")


def test_demonyms_and_countries_of_the_seed(toponyms: dict[str, Toponym]) -> None:
    assert toponyms["Afghan"].kind == "demonym"
    assert toponyms["Indian"].place is not None and toponyms["Indian"].place.country == "IND"
    assert toponyms["New Delhi"].place is not None
    assert toponyms["New Delhi"].place.feature == "PPLC"
    assert "Muttaqi" not in toponyms  # a person the parser took for a place
