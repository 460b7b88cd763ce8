"""GDELT 2.0 export: the codebook's column names in order, values, dyads, mentions, clusters."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import replace
from pathlib import Path

from polevent.export import ExportInput, write_export
from polevent.export.common import global_event_id
from polevent.export.gdelt import EVENT_COLUMNS, MENTION_COLUMNS, event_rows, mention_rows

# The GDELT 2.0 Events table, 61 columns in file order, written out by hand from GDELT's published
# schema (field list of the GDELT Event Codebook V2.0,
# http://data.gdeltproject.org/documentation/GDELT-Event_Codebook-V2.0.pdf, as GDELT's BigQuery
# table names them), taken from
# https://github.com/linwoodc3/gdelt2HeaderRows/blob/4cf1a7824df23f7c35c32a3467052d576c03a818/GDELT_2.0_Column_Labels_Header_Row_Sep2016.csv
CODEBOOK_EVENT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
]  # fmt: skip

# The GDELT 2.0 Mentions table, 16 columns, same source (schema_csvs/GDELT_2.0_eventMentions_*).
CODEBOOK_MENTION_COLUMNS = [
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
    "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo",
    "Extras",
]  # fmt: skip


def _read(path: Path, names: list[str] | None = None) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, fieldnames=names, delimiter="\t"))


def test_columns_are_the_codebook_columns_in_order() -> None:
    assert len(CODEBOOK_EVENT_COLUMNS) == 61
    assert list(EVENT_COLUMNS) == CODEBOOK_EVENT_COLUMNS
    assert list(MENTION_COLUMNS) == CODEBOOK_MENTION_COLUMNS


def test_export_with_header_loads_with_the_codebook_names(
    export_input: ExportInput, tmp_path: Path
) -> None:
    out = tmp_path / "events.tsv"
    count = write_export(export_input, format="gdelt", out=out, header=True)

    with out.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        rows = list(reader)
    assert reader.fieldnames == CODEBOOK_EVENT_COLUMNS
    assert count == len(rows) == 5  # 1 + 2 (two sources x one target) + 1 + 1
    assert all(None not in row and len(row) == 61 for row in rows)


def test_default_has_no_header_like_gdelt_files(export_input: ExportInput, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    write_export(export_input, format="gdelt", out=out)

    first = out.read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert len(first) == 61
    assert first[0].isdigit()
    assert first[0] != "GLOBALEVENTID"


def test_values_of_the_phone_call(export_input: ExportInput, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    write_export(export_input, format="gdelt", out=out)
    row = _read(out, CODEBOOK_EVENT_COLUMNS)[0]
    call = export_input.events[0]

    assert row["GLOBALEVENTID"] == str(global_event_id(call.event_id, "INDGOV", "AFGGOV"))
    assert (row["SQLDATE"], row["MonthYear"], row["Year"]) == ("20250515", "202505", "2025")
    assert row["FractionDate"] == str(round(2025 + (5 * 30 + 15) / 365, 4))
    assert (row["Actor1Code"], row["Actor1Name"]) == ("INDGOV", "S JAISHANKAR")
    assert (row["Actor1CountryCode"], row["Actor1Type1Code"], row["Actor1Type2Code"]) == (
        "IND",
        "GOV",
        "",
    )
    assert (row["Actor2Code"], row["Actor2CountryCode"]) == ("AFGGOV", "AFG")
    assert (row["IsRootEvent"], row["EventCode"], row["EventBaseCode"]) == ("1", "041", "041")
    assert (row["EventRootCode"], row["QuadClass"], row["GoldsteinScale"]) == ("04", "1", "1.0")
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("1", "1", "1")
    assert row["AvgTone"] == ""
    assert row["ActionGeo_Type"] == "0"
    assert row["DATEADDED"] == "20250516093000"
    assert row["SOURCEURL"] == "https://www.example.org/news/call"


def test_geo_fields_use_fips_country_codes(export_input: ExportInput, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    write_export(export_input, format="gdelt", out=out)
    rows = _read(out, CODEBOOK_EVENT_COLUMNS)

    kathmandu = rows[1]
    assert kathmandu["ActionGeo_Type"] == "4"  # WORLDCITY
    assert kathmandu["ActionGeo_FullName"] == "Kathmandu, Bagmati Province, Nepal"
    assert kathmandu["ActionGeo_CountryCode"] == "NP"
    assert (kathmandu["ActionGeo_Lat"], kathmandu["ActionGeo_Long"]) == ("27.70169", "85.3206")
    assert kathmandu["ActionGeo_FeatureID"] == "1283240"
    germany = rows[4]
    assert germany["ActionGeo_Type"] == "1"  # COUNTRY
    assert germany["ActionGeo_CountryCode"] == "GM"  # FIPS 10-4, not ISO (DE)
    assert germany["ActionGeo_ADM1Code"] == germany["ActionGeo_FeatureID"] == "GM"


def test_undated_event_takes_no_date_and_unknown_country_actor(
    export_input: ExportInput, tmp_path: Path
) -> None:
    out = tmp_path / "events.tsv"
    write_export(export_input, format="gdelt", out=out)
    germany = _read(out, CODEBOOK_EVENT_COLUMNS)[4]

    assert germany["SQLDATE"] == germany["DATEADDED"] == ""  # neither event nor story date
    assert (germany["Actor2Code"], germany["Actor2CountryCode"]) == ("---BUS", "")
    assert germany["Actor2Type1Code"] == "BUS"
    assert germany["SOURCEURL"] == "https://news.example.com/a"


def test_compound_actors_give_one_row_per_dyad_with_distinct_ids(
    export_input: ExportInput,
) -> None:
    rows = list(event_rows(export_input))
    ids = [row[0] for row in rows]
    criticism = rows[1:3]

    assert len(set(ids)) == len(ids)
    assert [(r[5], r[15]) for r in criticism] == [("INDGOV", "NPLGOV"), ("PAKGOV", "NPLGOV")]


def test_mentions_point_at_event_rows(export_input: ExportInput) -> None:
    events = list(event_rows(export_input))
    mentions = list(mention_rows(export_input))
    protest = export_input.events[2]

    assert [m[0] for m in mentions] == [e[0] for e in events]
    assert all(len(m) == 16 for m in mentions)
    first = mentions[0]
    assert first[3:7] == (1, "example.org", "https://www.example.org/news/call", 1)
    assert first[9] == export_input.events[0].evidence.text.find("phone call")
    lahore = mentions[3]
    assert lahore[3] == 2  # no URL: CITATIONONLY, identified by the article title
    assert lahore[5] == protest.article_id
    assert lahore[11] == 75  # confidence.event 0.75 in percent


def test_a_cluster_of_mentions_is_one_event_per_dyad_with_counts(
    export_input: ExportInput,
) -> None:
    call, criticism, protest = export_input.events[:3]
    reverse = replace(call, event_id="reverse-call", article_id=protest.article_id)
    clustered = ExportInput(
        events=[call, reverse, criticism],
        articles=export_input.articles,
        cluster_of={call.event_id: "cluster-1", "reverse-call": "cluster-1"},
    )

    rows = list(event_rows(clustered))
    mentions = list(mention_rows(clustered))

    assert len(rows) == 3  # the call cluster, and the criticism's two dyads
    num_mentions, num_sources, num_articles = rows[0][31:34]
    assert (num_mentions, num_sources, num_articles) == (2, 2, 2)
    assert rows[0][0] == global_event_id("cluster-1", "INDGOV", "AFGGOV")
    assert [m[0] for m in mentions] == [rows[0][0], rows[0][0], rows[1][0], rows[2][0]]
    assert rows[1][0] == global_event_id(criticism.event_id, "INDGOV", "NPLGOV")


def test_global_event_id_is_the_documented_stable_hash() -> None:
    expected = int(hashlib.sha256(b"a\x1fb\x1fc").hexdigest()[:13], 16)

    assert global_event_id("a", "b", "c") == expected == 3955967293844774
    assert 0 < expected < 2**53
