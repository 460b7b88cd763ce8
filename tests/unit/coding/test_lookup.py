"""Looking names up on a day, short forms of names, and people the knowledge base lacks."""

from __future__ import annotations

from datetime import UTC, date, datetime

from docbuilders import ACTORS

from polevent.coding.kb import build_actor_index
from polevent.coding.lookup import lookup_actor, unknown_actors
from polevent.ids import article_id
from polevent.pipeline import Coder, code_articles
from polevent.records import Article


def _split(name: str) -> tuple[str, ...]:
    return tuple(name.lower().split())


def test_the_same_name_codes_differently_on_two_dates() -> None:
    index = build_actor_index(ACTORS)
    before = lookup_actor("Muttaqi", on=date(2019, 8, 1), index=index, tokenize=_split)
    after = lookup_actor("Muttaqi", on=date(2025, 5, 16), index=index, tokenize=_split)
    assert [r.code for r in before.chosen] == ["AFGREB"]
    assert [r.code for r in after.chosen] == ["AFGGOV"]
    assert after.reasons == ("'muttaqi': person AFGGOV (test, valid 2021-09-07..)",)
    assert [r.code for r in after.history] == ["AFGREB", "AFGGOV"]
    missing = lookup_actor("Nobody", on=None, index=index, tokenize=_split)
    assert (missing.chosen, missing.history) == ((), ())


def _code(coder: Coder, text: str) -> list[object]:
    published = datetime(2025, 5, 16, tzinfo=UTC)
    article = Article(
        id=article_id(text=text, url=None), title="", text=text, published_at=published,
        url=None, source="test",
    )  # fmt: skip
    [(_, events)] = list(code_articles([article], coder))
    return list(events)


def test_short_forms_and_unknown_people(coder: Coder) -> None:
    text = (
        "Indian External Affairs Minister S Jaishankar met Kyrgyz Prime Minister Arlan "
        "Testbekov in New Delhi. Jaishankar criticised Pakistan on Thursday."
    )
    events = _code(coder, text)
    jaishankar = [a for e in events for a in e.source if a.text == "Jaishankar"]
    assert jaishankar and jaishankar[0].code == "INDGOV"
    assert jaishankar[0].kb_id == "polevent:s_jaishankar"
    [person] = unknown_actors(events)  # type: ignore[arg-type]
    assert (person.name, person.codes) == ("Arlan Testbekov", (("KGZGOV", 1),))  # an invented name


def test_people_named_by_nationality_are_civilians(coder: Coder) -> None:
    events = _code(coder, "Thousands of Nigerians demonstrated against President Tinubu.")
    sources = [a for e in events for a in e.source]  # type: ignore[attr-defined]
    assert sources and sources[0].code == "NGACVL"
    assert "people named by their nationality -> civilians" in sources[0].reason


def test_names_that_span_an_of_phrase(coder: Coder) -> None:
    events = _code(coder, "The Democratic Republic of the Congo accused Rwanda of backing M23.")
    [event] = [e for e in events if e.trigger == "accused"]  # type: ignore[attr-defined]
    # not "Congo" alone, which is the Republic of the Congo (COG)
    assert [a.code for a in event.source] == ["CODGOV"]
    assert "'democratic republic of the congo'" in event.source[0].reason


def test_ethnic_groups_take_the_country_they_live_in(coder: Coder) -> None:
    events = _code(coder, "Up to 100 ethnic Albanians demonstrated on Tuesday in Serbia.")
    sources = [a for e in events for a in e.source]  # type: ignore[attr-defined]
    assert sources and sources[0].code == "SRBCVL"
    assert "'ethnic <nationality>' is an ethnic group" in sources[0].reason


def test_actor_country_is_iso3_where_cameo_differs(coder: Coder) -> None:
    events = _code(coder, "East Timor criticised Indonesia on Monday.")
    [source] = [a for e in events for a in e.source]  # type: ignore[attr-defined]
    assert (source.code, source.country) == ("TMPGOV", "TLS")  # CAMEO code, ISO-3 country
