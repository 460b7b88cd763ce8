"""ICEWS and POLECAT TSV exports: their published column lists, values, dyads and joined actors."""

from __future__ import annotations

import csv
from pathlib import Path

from polevent.export import ExportInput, icews, polecat, write_export
from polevent.export.gdelt import event_rows

# ICEWS Coded Event Data, Harvard Dataverse doi:10.7910/DVN/28075 (events.YYYY.*.tab header).
ICEWS_COLUMNS = [
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
    "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
    "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude",
    "Longitude",
]  # fmt: skip

# POLECAT weekly files, Harvard Dataverse doi:10.7910/DVN/AJGVIT (ngecEvents.*.txt header),
# as quoted by public loaders of those files (e.g. TGB's tkgl-polecat script).
POLECAT_COLUMNS = [
    "Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code",
    "Contexts", "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector",
    "Actor Sectors", "Actor Title", "Actor Name Raw", "Wikipedia Actor ID", "Recipient Name",
    "Recipient Country", "Recipient COW", "Primary Recipient Sector", "Recipient Sectors",
    "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID", "Placename", "City",
    "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID", "Raw Placename",
    "Feature Type", "Source", "Publication Date", "Story People", "Story Organizations",
    "Story Locations", "Language", "Version",
]  # fmt: skip


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def test_icews_columns_and_values(export_input: ExportInput, tmp_path: Path) -> None:
    out = tmp_path / "icews.tsv"
    count = write_export(export_input, format="icews", out=out)
    names, rows = _read(out)
    protest = export_input.events[2]

    assert list(icews.COLUMNS) == names == ICEWS_COLUMNS
    assert count == len(rows) == 5
    assert [r["Event ID"] for r in rows] == [str(r[0]) for r in event_rows(export_input)]
    lahore = rows[3]
    assert lahore["Event Date"] == "2025-05-17"
    assert (lahore["Source Name"], lahore["Source Sectors"], lahore["Source Country"]) == (
        "Police",
        "COP",
        "Pakistan",
    )
    assert (lahore["Event Text"], lahore["CAMEO Code"], lahore["Intensity"]) == (
        "label of 173",
        "173",
        "-2.0",
    )
    assert (lahore["Target Name"], lahore["Target Country"]) == ("protesters", "Pakistan")
    assert (lahore["Story ID"], lahore["Sentence Number"]) == (protest.article_id, "1")
    assert lahore["Publisher"] == ""  # the article has no URL
    assert (lahore["City"], lahore["District"], lahore["Province"]) == ("Lahore", "", "Punjab")
    assert (lahore["Country"], lahore["Latitude"], lahore["Longitude"]) == (
        "Pakistan",
        "31.558",
        "74.35071",
    )
    call = rows[0]
    assert (call["Source Name"], call["Publisher"]) == ("S Jaishankar", "example.org")
    assert [r["Source Name"] for r in rows[1:3]] == ["India", "Pakistan"]  # one row per dyad
    assert rows[4]["Target Country"] == ""  # ---BUS: country not known


def test_polecat_columns_and_values(export_input: ExportInput, tmp_path: Path) -> None:
    out = tmp_path / "polecat.tsv"
    count = write_export(export_input, format="polecat", out=out)
    names, rows = _read(out)
    call, criticism = export_input.events[:2]

    assert list(polecat.COLUMNS) == names == POLECAT_COLUMNS
    assert len(POLECAT_COLUMNS) == 40
    assert count == len(rows) == 4  # compound actors stay in one row
    first = rows[0]
    assert (first["Event ID"], first["Event Date"], first["Event Type"]) == (
        call.event_id,
        "2025-05-15",
        "CONSULT",
    )
    assert (first["Event Mode"], first["Event Intensity"], first["Quad Code"]) == (
        "phone",
        "2.5",
        "1",
    )
    assert first["Contexts"] == "diplomatic;security"
    assert (first["Actor Name"], first["Actor Name Raw"]) == ("S Jaishankar", "S Jaishankar")
    assert (first["Source"], first["Publication Date"]) == ("example.org", "2025-05-16")
    assert (first["Language"], first["Version"]) == ("en", "polevent test")
    assert first["Actor COW"] == first["Wikipedia Actor ID"] == first["Story People"] == ""
    second = rows[1]
    assert second["Event ID"] == criticism.event_id
    assert (second["Actor Name"], second["Actor Country"]) == ("India;Pakistan", "IND;PAK")
    assert (second["Primary Actor Sector"], second["Actor Sectors"]) == ("GOV", "GOV;GOV")
    assert (second["Placename"], second["City"], second["Province"]) == (
        "Kathmandu",
        "Kathmandu",
        "Bagmati Province",
    )
    assert (second["Country"], second["GeoNames ID"], second["Feature Type"]) == (
        "Nepal",
        "1283240",
        "PPLC",
    )
    assert rows[3]["Event Date"] == rows[3]["Publication Date"] == ""
    assert (rows[3]["Placename"], rows[3]["City"], rows[3]["Country"]) == (
        "Germany",
        "",
        "Germany",
    )
