"""GDELT 2.0 Events and Mentions tables (tab-separated, no header row in GDELT's own files).

Column names and order: the GDELT 2.0 Events table schema (61 columns) and Mentions table schema
(16 columns) as published by GDELT for its BigQuery tables ``gdelt-bq.gdeltv2.events`` /
``eventmentions`` and described in the GDELT Event Codebook V2.0
(http://data.gdeltproject.org/documentation/GDELT-Event_Codebook-V2.0.pdf); copied from
github.com/linwoodc3/gdelt2HeaderRows @4cf1a7824df23f7c35c32a3467052d576c03a818
``GDELT_2.0_Column_Labels_Header_Row_Sep2016.csv`` and ``schema_csvs/GDELT_2.0_eventMentions_*``.

GDELT rows are dyadic: an event with compound actors gives one Events row per source x target
pair. See docs/exports.md for where every column comes from and what stays empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

from polevent.export.common import (
    Cell,
    ExportInput,
    Row,
    actor_name,
    country,
    event_day,
    global_event_id,
    place_country,
    publisher,
    text_cell,
)
from polevent.query.dyads import dyadic
from polevent.records import ActorRef, EventRecord, Place

__all__ = [
    "EVENT_COLUMNS",
    "MENTION_COLUMNS",
    "dyad_pair",
    "event_rows",
    "gdelt_id",
    "mention_rows",
]

_ACTOR = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

EVENT_COLUMNS: tuple[str, ...] = (
    *("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"),
    *(f"Actor1{name}" for name in _ACTOR),
    *(f"Actor2{name}" for name in _ACTOR),
    *("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale"),
    *("NumMentions", "NumSources", "NumArticles", "AvgTone"),
    *(f"{who}Geo_{name}" for who in ("Actor1", "Actor2", "Action") for name in _GEO),
    *("DATEADDED", "SOURCEURL"),
)
"""The 61 GDELT 2.0 Events columns, in file order."""

MENTION_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
)
"""The 16 GDELT 2.0 Mentions columns, in file order."""

UNKNOWN_COUNTRY = "---"  # CAMEO's "country not known" prefix (``---GOV``)
_WEB, _CITATION_ONLY = 1, 2  # MentionType values
_GEO_COUNTRY, _GEO_USSTATE, _GEO_USCITY, _GEO_WORLDCITY, _GEO_WORLDSTATE = 1, 2, 3, 4, 5


def gdelt_id(cluster: str, pair: tuple[ActorRef, ...]) -> int:
    """GLOBALEVENTID of one dyad: ``global_event_id(cluster, source code, target code)``."""
    source, target = (pair[0].code if pair[0] else "", pair[1].code if pair[1] else "")
    return global_event_id(cluster, source, target)


def dyad_pair(event: EventRecord) -> tuple[ActorRef, ...]:
    """(source, target) of a dyadic record; a missing role is an empty-coded stand-in."""
    empty = ActorRef(
        text="",
        code="",
        country=None,
        sector=None,
        name=None,
        kb_id=None,
        reason="",
        start=0,
        end=0,
    )
    return (event.source[0] if event.source else empty, event.target[0] if event.target else empty)


def _stamp(moment: datetime | date | None) -> int | None:
    """YYYYMMDDHHMMSS in UTC (a date counts as midnight; a naive datetime as UTC)."""
    if moment is None:
        return None
    if not isinstance(moment, datetime):
        return int(moment.strftime("%Y%m%d") + "000000")
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return int(aware.astimezone(UTC).strftime("%Y%m%d%H%M%S"))


def _date_cells(day: date | None) -> list[Cell]:
    if day is None:
        return [None, None, None, None]
    fraction = round(day.year + (day.month * 30 + day.day) / 365, 4)  # the codebook's formula
    return [int(day.strftime("%Y%m%d")), int(day.strftime("%Y%m")), day.year, fraction]


def _actor_cells(actor: ActorRef) -> list[Cell]:
    """Actor code split into the codebook's parts: country or known group, then role types."""
    if not actor.code:
        return [None] * len(_ACTOR)
    code = actor.code.upper()
    prefix = (actor.country or "").upper()
    is_country = country(prefix) is not None
    rest = code[len(prefix) :] if prefix and code.startswith(prefix) else code
    rest = rest.removeprefix(UNKNOWN_COUNTRY)
    types = [rest[i : i + 3] for i in range(0, len(rest), 3) if rest[i : i + 3]][:3]
    types += [""] * (3 - len(types))
    return [
        code,
        actor_name(actor).upper(),
        prefix if is_country else None,
        prefix if prefix and not is_country else None,
        None,
        None,
        None,
        *(t or None for t in types),
    ]


def _geo_type(place: Place) -> int:
    in_usa = (place.country or "").upper() == "USA"
    if place.precision == "country":
        return _GEO_COUNTRY
    if place.precision == "admin1":
        return _GEO_USSTATE if in_usa else _GEO_WORLDSTATE
    if place.precision in ("point", "admin2"):
        return _GEO_USCITY if in_usa else _GEO_WORLDCITY
    return 0  # "region": no GDELT geo type


def _geo_cells(place: Place | None) -> list[Cell]:
    if place is None:
        return [0] + [None] * (len(_GEO) - 1)
    found = place_country(place)
    fips = found.fips if found else None
    kind = _geo_type(place)
    names = [place.name] + [n for n in (place.admin1, found.name if found else None) if n]
    full_name = ", ".join(dict.fromkeys(names))
    adm1 = fips if kind == _GEO_COUNTRY else None
    feature: Cell = fips if kind == _GEO_COUNTRY else place.geonameid
    return [kind, full_name, fips, adm1, None, place.lat, place.lon, feature]


_Mention = tuple[EventRecord, tuple[ActorRef, ...]]  # a mention and one of its dyads


def _dyad_groups(source: ExportInput) -> dict[int, list[_Mention]]:
    """Mentions grouped by GLOBALEVENTID (event cluster x source/target pair), first seen first."""
    groups: dict[int, list[_Mention]] = {}
    for event in source.events:
        key = source.cluster(event)
        for record in dyadic([event]):
            pair = dyad_pair(record)
            groups.setdefault(gdelt_id(key, pair), []).append((event, pair))
    return groups


def _event_row(number: int, mentions: list[_Mention], source: ExportInput) -> Row:
    first, pair = mentions[0]
    articles = {event.article_id for event, _ in mentions}
    outlets = {publisher(source.articles.get(a)) or a for a in articles}
    article = source.article(first)
    return (
        number,
        *_date_cells(event_day(first)),
        *_actor_cells(pair[0]),
        *_actor_cells(pair[1]),
        1 if first.sentence_index == 0 else 0,
        first.cameo_code,
        first.cameo_code[:3],
        first.cameo_root,
        first.quad_class,
        first.goldstein,
        len(mentions),
        len(outlets),
        len(articles),
        None,
        *_geo_cells(None),
        *_geo_cells(None),
        *_geo_cells(first.place),
        _stamp(first.published_at),
        (article.url if article and article.url else None) or first.article_id,
    )


def event_rows(source: ExportInput) -> Iterator[Row]:
    """One Events row per (event cluster, source x target pair). Its first mention gives the
    codes, date and place; all its mentions give NumMentions, NumSources and NumArticles."""
    for number, mentions in _dyad_groups(source).items():
        yield _event_row(number, mentions, source)


def _action_offset(event: EventRecord) -> int:
    """Offset of the trigger word in the article: found in the evidence sentence, else its start."""
    found = event.evidence.text.find(event.trigger) if event.trigger else -1
    return event.evidence.start + max(found, 0)


def mention_rows(source: ExportInput) -> Iterator[Row]:
    """One Mentions row per (mention, source x target pair), pointing at its Events row."""
    for event in source.events:
        key = source.cluster(event)
        article = source.article(event)
        url = article.url if article and article.url else None
        for record in dyadic([event]):
            pair = dyad_pair(record)
            yield (
                gdelt_id(key, pair),
                _stamp(event.published_at),
                _stamp(event.published_at),
                _WEB if url else _CITATION_ONLY,
                publisher(article) or (text_cell(article.title) if article else None),
                url or event.article_id,
                event.sentence_index + 1,
                pair[0].start if pair[0].code else -1,
                pair[1].start if pair[1].code else -1,
                _action_offset(event),
                1,
                round(100 * event.confidence.event),
                len(article.text) if article else None,
                None,
                None,
                None,
            )
