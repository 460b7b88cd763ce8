"""The dedup core on hand-built mentions: joins, splits, reasons, determinism, and incremental
runs (reloading a clusterer with ``add``) giving the batch result."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from polevent.dedup import (
    Clusterer,
    DedupSettings,
    Mention,
    cluster_all,
    compare,
    date_range,
    evidence_tokens,
    gdelt_same,
    jaccard,
    mention_from,
    same_coded_fields,
    sentence_twins,
    type_family,
)
from polevent.dedup.compare import NESTED_REASON
from polevent.records import ActorRef, Article, EventDate, EventRecord, Evidence, Place

CALL = "Modi spoke with Afghan foreign minister Muttaqi by telephone about trade and visas"


def _mention(
    event_id: str,
    *,
    article: str | None = None,
    sentence: int = 0,
    text: str = CALL,
    day: date = date(2025, 5, 15),
    src: str = "IND",
    tgt: str = "AFG",
    plover: str = "CONSULT",
    code: str = "041",
    hours: float = 0.0,
    from_story: bool = False,
) -> Mention:
    return Mention(
        event_id=event_id,
        article_id=article or f"art-{event_id}",
        sentence_index=sentence,
        published_at=datetime(2025, 5, 16, 8, 0) + timedelta(hours=hours),
        source_codes=(f"{src}GOV",),
        source_countries=(src,),
        target_codes=(f"{tgt}GOV",),
        target_countries=(tgt,),
        cameo_code=code,
        cameo_root=code[:2],
        plover_type=plover,
        date_start=day,
        date_end=day,
        date_granularity="day",
        date_from_story=from_story,
        tokens=evidence_tokens(text),
    )


def test_tokens_drop_stopwords_and_stem() -> None:
    assert evidence_tokens("The meetings were held in Kabul on 12 May") == frozenset(
        {"meetin", "held", "kabul", "12", "may"}
    )


def test_same_call_in_two_articles_joins_with_reason() -> None:
    clusterer = Clusterer()
    first = clusterer.assign(_mention("a"))
    second = clusterer.assign(_mention("b", text=CALL + " on Thursday", hours=3))
    assert first.new_cluster and first.cluster_id == "ev-a"
    assert not second.new_cluster and second.cluster_id == "ev-a"
    assert "same dyad IND>AFG" in second.reason
    assert "CONSULT" in second.reason
    assert "dates 2025-05-14 overlap" in second.reason
    assert "evidence similarity" in second.reason
    assert second.score >= DedupSettings().threshold


def test_reciprocal_meeting_joins_but_reversed_accusation_does_not() -> None:
    clusterer = Clusterer()
    clusterer.assign(_mention("a"))
    met = clusterer.assign(_mention("b", src="AFG", tgt="IND"))
    assert met.cluster_id == "ev-a" and "reciprocal dyad" in met.reason
    accuse = Clusterer()
    accuse.assign(_mention("c", plover="ACCUSE", code="112"))
    back = accuse.assign(_mention("d", plover="ACCUSE", code="112", src="AFG", tgt="IND"))
    assert back.new_cluster


def test_same_ministers_weeks_apart_are_two_events() -> None:
    clusterer = Clusterer()
    clusterer.assign(_mention("a"))
    later = clusterer.assign(_mention("b", day=date(2025, 6, 20), hours=24 * 35))
    assert later.new_cluster
    assert "no compatible event" in later.reason


def test_dissimilar_evidence_below_threshold_starts_a_cluster() -> None:
    clusterer = Clusterer()
    clusterer.assign(_mention("a"))
    other = clusterer.assign(_mention("b", text="Officials discussed the wheat shipment schedule"))
    assert other.new_cluster
    assert "below threshold" in other.reason and "ev-a" in other.reason


def test_same_article_sentence_never_joins() -> None:
    agree = _mention("a", article="x", sentence=3, plover="AGREE", code="030")
    cooperate = _mention("b", article="x", sentence=3, plover="COOPERATE", code="061")
    clusterer = Clusterer()
    clusterer.assign(agree)
    assert clusterer.assign(cooperate).new_cluster  # same family, two CAMEO roots: two events
    assert compare(cooperate, agree, DedupSettings()).reason == "same article sentence"


def test_other_type_family_or_dyad_never_joins() -> None:
    clusterer = Clusterer()
    clusterer.assign(_mention("a"))
    assert clusterer.assign(_mention("b", plover="ASSAULT", code="190")).new_cluster
    assert clusterer.assign(_mention("c", tgt="PAK")).new_cluster
    assert len(clusterer) == 3


def test_type_families_merge_near_types() -> None:
    assert type_family("AGREE", "03") == type_family("COOPERATE", "06") == "AGREE+COOPERATE"
    assert type_family("CONSULT", "04") == "CONSULT"
    assert type_family("", "04") == "CAMEO04"


def test_story_dated_mention_may_be_two_days_earlier() -> None:
    settings = DedupSettings()
    story = _mention("a", day=date(2025, 5, 17), from_story=True)
    assert date_range(story, settings) == (date(2025, 5, 15), date(2025, 5, 17))
    assert date_range(_mention("b"), settings) == (date(2025, 5, 14), date(2025, 5, 16))


def test_places_in_different_countries_or_far_apart_split() -> None:
    settings = DedupSettings()
    kabul = replace(_mention("a"), lat=34.53, lon=69.17, country="AFG")
    herat = replace(_mention("b"), lat=34.35, lon=62.20, country="AFG")
    delhi = replace(_mention("c"), country="IND")
    assert not compare(herat, kabul, settings).compatible
    assert "km apart" in compare(herat, kabul, settings).reason
    assert compare(delhi, kabul, settings).reason == "places in IND vs AFG"
    near = replace(kabul, event_id="d", article_id="art-d", lat=34.60)
    assert compare(near, kabul, settings).compatible


def _stream() -> list[Mention]:
    texts = [CALL, CALL + " today", "Jaishankar and Muttaqi agreed on visas", CALL + " again"]
    mentions = []
    for n in range(24):
        mentions.append(
            _mention(
                f"m{n}",
                text=texts[n % 4],
                day=date(2025, 5, 1) + timedelta(days=(n // 6) * 10),
                plover=("CONSULT", "AGREE")[n % 2],
                code=("041", "030")[n % 2],
                hours=n,
            )
        )
    return mentions


def test_deterministic_and_incremental_equals_batch() -> None:
    mentions = _stream()
    batch, clusters = cluster_all(mentions)
    again, _ = cluster_all(mentions)
    assert batch == again
    assert 1 < len(clusters) < len(mentions)
    first = Clusterer()
    for m in mentions[:10]:
        first.assign(m)
    reloaded = Clusterer()  # a store reloading what it holds, then assigning new mentions
    for cluster in first.clusters():
        for event_id in cluster.mention_ids:
            reloaded.add(next(m for m in mentions if m.event_id == event_id), cluster.cluster_id)
    assert [reloaded.assign(m) for m in mentions[10:]] == batch[10:]
    assert list(reloaded.clusters()) == clusters


def test_cluster_snapshot_spans_member_dates() -> None:
    _, clusters = cluster_all([_mention("a"), _mention("b", day=date(2025, 5, 16), hours=2)])
    (cluster,) = clusters
    assert cluster.mention_ids == ("a", "b")
    assert (cluster.date_start, cluster.date_end) == (date(2025, 5, 14), date(2025, 5, 17))
    assert cluster.dyad == ("AFG", "IND") and cluster.family == "CONSULT"


def test_gdelt_baseline_needs_identical_fields_within_15_minutes() -> None:
    a = _mention("a")
    assert gdelt_same(a, _mention("b", hours=0.2))
    assert not gdelt_same(a, _mention("c", hours=0.3))
    assert same_coded_fields(a, _mention("c", hours=0.3))
    assert not gdelt_same(a, _mention("d", code="040", hours=0.1))


def _record(*, target: tuple[ActorRef, ...], place: Place | None) -> EventRecord:
    actor = ActorRef(
        text="India",
        code="INDGOV",
        country="IND",
        sector="GOV",
        name=None,
        kb_id=None,
        reason="test",
        start=0,
        end=5,
    )
    return EventRecord(
        event_id="e1",
        article_id="art",
        sentence_index=2,
        evidence=Evidence(text="India met Afghan officials in Kabul.", start=10, end=46),
        source=(actor,),
        target=target,
        cameo_code="040",
        cameo_root="04",
        cameo_label="Consult",
        quad_class=1,
        goldstein=1.0,
        plover_type="CONSULT",
        plover_mode=None,
        plover_context=(),
        plover_intensity=None,
        modality="asserted",
        trigger="met",
        code_reason="test",
        published_at=datetime(2025, 5, 16, 9, 0),
        date=EventDate(
            start=date(2025, 5, 15),
            end=date(2025, 5, 15),
            granularity="day",
            text="Thursday",
            reason="'Thursday' before the story date",
        ),
        place=place,
    )


def test_mention_from_record_and_article() -> None:
    place = Place(
        name="Kabul",
        geonameid=1138958,
        lat=34.53,
        lon=69.17,
        admin1="Kabul",
        country="AFG",
        feature="PPLC",
        text="Kabul",
        reason="test",
    )
    article = Article(
        id="art", title="", text="", published_at=datetime(2025, 5, 16, 12, 0), url=None, source="x"
    )
    mention = mention_from(_record(target=(), place=place), article)
    assert mention.published_at == datetime(2025, 5, 16, 12, 0)
    assert mention.target_countries == ("-",) and mention.target_codes == ("-",)
    assert mention.dyad == ("-", "IND")
    assert (mention.lat, mention.country, mention.admin1) == (34.53, "AFG", "Kabul")
    assert not mention.date_from_story
    assert "kabul" in mention.tokens
    assert mention.evidence == ""  # a store's clusterer keeps no sentences unless asked
    kept = mention_from(_record(target=(), place=place), article, keep_evidence=True)
    assert kept.evidence == "India met Afghan officials in Kabul." and kept.tokens == mention.tokens
    country_only = replace(place, precision="country")
    assert mention_from(_record(target=(), place=country_only)).lat is None


@pytest.mark.parametrize("threshold", [0.0, 2.0])
def test_threshold_bounds(threshold: float) -> None:
    settings = DedupSettings(threshold=threshold)
    _, clusters = cluster_all(
        [_mention("a"), _mention("b", text="Unrelated words")], settings=settings
    )
    assert len(clusters) == (1 if threshold == 0.0 else 2)


def test_sentence_twins_with_nested_codes_are_one_event() -> None:
    general = _mention("a", article="x", sentence=6, plover="AGREE", code="030")
    specific = _mention("b", article="x", sentence=6, plover="AGREE", code="033")
    assert sentence_twins(specific, general) == NESTED_REASON
    other_actors = replace(specific, target_codes=("PAKGOV",))
    assert sentence_twins(other_actors, general) is None
    clusterer = Clusterer()
    clusterer.assign(general)
    joined = clusterer.assign(specific)
    assert joined.cluster_id == "ev-a" and joined.reason == NESTED_REASON
    # a third report of the event may join although its sentence already has two members
    third = clusterer.assign(_mention("c", plover="AGREE", code="033", hours=2))
    assert third.cluster_id == "ev-a"


def _compound(event_id: str, targets: tuple[str, ...], *, hours: float = 0.0) -> Mention:
    return replace(
        _mention(event_id, plover="AGREE", code="033", hours=hours, text=G6),
        source_codes=("USAGOV",),
        source_countries=("USA",),
        target_codes=tuple(f"{c}GOV" for c in targets),
        target_countries=targets,
    )


G6 = "The United States, West Germany, Japan and France agreed in Paris to stabilise currencies"


def test_compound_actors_in_another_order_meet_and_join() -> None:
    first = _compound("a", ("DEU", "JPN", "FRA"))
    second = _compound("b", ("GBR", "FRA", "DEU"), hours=5)
    assert first.dyads == (("DEU", "USA"), ("JPN", "USA"), ("FRA", "USA"))
    assert first.dyad != second.dyad  # the first actors differ ...
    match = compare(second, first, DedupSettings())
    assert match.compatible and "compound actors share dyad USA>FRA" in match.reason
    clusterer = Clusterer()
    clusterer.assign(first)
    assert clusterer.assign(second).cluster_id == "ev-a"  # ... yet they share a block
    apart = _compound("c", ("GBR", "CAN"), hours=6)
    assert "different dyad" in compare(apart, first, DedupSettings()).reason


def test_identical_codes_never_rescue_unrelated_evidence() -> None:
    settings = DedupSettings(min_similarity=0.15, threshold=0.2)
    a = _mention("a", text="Officials said the talks covered trade and visas")
    b = _mention("b", text="A spokesman declined to comment on the wheat shipment")
    match = compare(b, a, settings)
    assert match.compatible
    assert "no code/actor bonus: evidence below 0.15" in match.reason
    assert "same CAMEO" not in match.reason
    assert match.score == pytest.approx(jaccard(a.tokens, b.tokens))
    plain = compare(b, a, replace(settings, min_similarity=0.0))
    assert plain.score == pytest.approx(match.score + 0.2)
    assert "same CAMEO 041" in plain.reason and "same actor codes" in plain.reason


def test_one_sided_dyad_needs_more_evidence() -> None:
    settings = DedupSettings(one_sided_penalty=0.1, min_similarity=0.0)
    said = replace(_mention("a"), target_codes=("-",), target_countries=("-",))
    again = replace(_mention("b", hours=1), target_codes=("-",), target_countries=("-",))
    assert said.one_sided and not _mention("c").one_sided
    assert replace(_mention("d"), source_countries=("---",)).one_sided  # "---GOV"
    match = compare(again, said, settings)
    assert "one-sided dyad -0.1" in match.reason
    full = compare(_mention("b", hours=1), _mention("a"), settings)
    assert match.score == pytest.approx(full.score - 0.1)


def test_default_settings_are_the_cross_validated_choice() -> None:
    settings = DedupSettings()
    assert (settings.threshold, settings.min_similarity, settings.one_sided_penalty) == (
        0.2,
        0.15,
        0.1,
    )
