"""Build polevent's actor knowledge base from the Phoenix (PETRARCH) dictionaries.

Run from the repository root::

    .venv/bin/python scripts/build_actors.py               # reads /work/shared/data
    .venv/bin/python scripts/build_actors.py --shared DIR --out src/polevent/data

Inputs (read-only; the package never reads them at run time), all MIT licensed:

* ``petrarch-validation/phoenix_dictionaries/Phoenix.{Countries,International,MilNonState}.actors.txt.gz``
  and ``Phoenix.agents.txt.gz`` (petrarch2 @676801cd, (c) 2014 Open Event Data Alliance)
* ``cameo-codebooks/countrynames.txt`` (text_to_CAMEO @6d7b3abe, (c) 2014 Philip Schrodt)
* ``COUNTRIES`` below: capitals, demonyms and current short names, written by hand for polevent.

Outputs (committed): ``actors.tsv``, ``agents.tsv``, ``countries.tsv``. ``curated_actors.tsv`` is
hand-written; this script only checks that its ``phoenix:`` ids exist. The rules are documented in
``src/polevent/data/README.md`` ("Actors").
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

SHARED = Path("/work/shared/data")
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "polevent" / "data"
PHOENIX = "petrarch-validation/phoenix_dictionaries"
ACTOR_FILES = ("Countries", "International", "MilNonState")
COUNTRYNAMES = "cameo-codebooks/countrynames.txt"
ACTOR_COLUMNS = "words\tcode\tvalid_from\tvalid_to\tfallback\tkb_id\tkind\tsource"
PROVENANCE = (
    "Phoenix.*.actors.txt and Phoenix.agents.txt: github.com/openeventdata/petrarch2 "
    "petrarch2/data/dictionaries @676801cd9cb2924bbbad09f86d15c9323e7097bf, "
    "MIT License (c) 2014 Open Event Data Alliance"
)
COUNTRYNAMES_PROVENANCE = (
    "countrynames.txt: github.com/openeventdata/text_to_CAMEO @6d7b3abebe2585bcbe48053987382d2af1865caf, "
    "MIT License (c) 2014 Philip Schrodt"
)

# Typos in the source date strings, corrected before PETRARCH's reading rule is applied.
DATE_FIXES = {
    "9008223": "900822",  # ARMUNR: one digit too many
    "201005011": "20100501",  # GBRGOV: one digit too many
    "1920030320": "20030320",  # IRQOCC: "19" pasted before YYYYMMDD
    "1920050709": "20050709",  # SDNSSDAUT: same
    "2004017": "20040117",  # KORGOVBUS (Ban Ki-moon, foreign minister from 17 Jan 2004)
}
# Source errors in whole codes: the Soviet-era code was written as ">" (from) instead of "<".
BRACKET_FIXES = {"USRTKM >911016": "USRTKM <911016"}
BRACKET = re.compile(r"\[([^\]]*)\]")
CODE = re.compile(r"(?:[A-Z0-9]{3})+|---")
GENERIC_WORDS = frozenset(
    "arab central democratic east equatorial federal federation island islands islamic kingdom "
    "north people peoples republic saint south states united west".split()
)
ORG_WORDS = frozenset(
    "academy administration agency aid airline airlines airways alliance army assembly "
    "association authority bancorp bank battalion board brigade brigades bureau cabinet center "
    "centre church club co coalition command commission committee communications company "
    "conference congress consulate corp corporation council court department development duma "
    "defence defense electric embassy energy enterprises federation financial force forces foundation front fund "
    "global government group guard guards holding holdings hospital house inc incorporated "
    "industries initiative institute insurance intelligence international jirga knesset league legislature "
    "limited llc ltd majlis media military militia ministry ministries mission missions movement national "
    "navy network news office organisation organization palace panel parliament partners party "
    "petroleum plc police post presidency press program programme project radio regime relief "
    "resources rights secretariat security senate service services shura society street summit systems "
    "team technologies telecom television times tribunal troops trust tv union university watch "
    "world".split()
) | {"action", "community", "countries", "forum", "nations", "partnership", "peace", "women"} | {
    "against", "and", "for", "in", "of", "on", "the", "to", "without"}  # fmt: skip
PLACE_WORDS = frozenset(
    "airport canal city coast county desert district gulf island islands kurdistan lake "
    "mountain mountains ocean peninsula province region river sea strait strip territories "
    "territory valley wall".split()
)
# MilNonState entries that name one person, not a group (by slug of the primary name).
MNS_PERSONS = frozenset(
    "abdul_karim_tunda abdullah_anshori abdullah_sungkar abu_abdullah abu_ayyub_al_masri abu_bakar "
    "abu_djafar abu_hafs_al_urduni abu_mohktar abu_musab abu_omar_al_saif abu_rusydan abu_salem "
    "abu_sartaj abu_solaiman abu_talha aftab_ahmed ainal_bahri altaf_hussain am_wani "
    "amanullah_khan arif_hussain asgar_muqadam asghar_mukadam asghar_muqadam ashfaq_m_wani "
    "ashfaq_wani ayman_al_zawahiri azahari_bin_husin ba_asyir bakar_bashir bashir_ahmed "
    "bashir_malwa begum_farida bin_isomoddin dulmatin ebu_enes emir_khattab farooq_pawale "
    "fumihiro_joyu fusako_shigenobu ghazi_baba ghulam_butt ghulam_n_butt hafiz_saeed hambali "
    "ibn_al_khattab isnilon isnilon_t_hapilon janjalani javed_ahmad_mir kafeel_ahmed "
    "khalid_sheikh_mohammed kulwinder_mali kulwinder_s_mali mohammad_iqbal_mohammed_yusuf_shaikh "
    "mohammad_iqbal_shaikh mohammad_top mohammad_yasin_malik mohammed_afroz mohammed_atef "
    "mohammed_mushtaq_tarani mohammed_top mohmmad_ashraf muhannad murad_ebrahim mushtaq_a_lone "
    "osama_bin_laden pervez_sheikh riduan_isamuddin riduan_isamudin riduan_isomuddin "
    "riduan_isomudin sabir_singh salamat_hashim salauddin selamat_kastari selamat_kasteri "
    "shabir_siddiqi shahnawaz_qureshi sheikh_abdul_hamid sheikh_ahmed_yassin sheikh_hamid "
    "shoko_ashahara sungkar taufik_rifki tiger_memon totoni_hapilon umar_patek umar_shaheen "
    "yazid_sufaat zarkasih zulkarnaen zulkifli_bin_hir".split()
)
NO_PLURAL = frozenset(
    "basotho batswana i-kiribati lao malagasy mosotho motswana ni-vanuatu swiss".split()
)

# code | capitals (;) | demonyms (,), plurals added by rule | other current names (;)
# Capitals that are also common names of other places are left out on purpose (Brussels = the
# EU in news; Victoria, Kingston, Georgetown, San Jose, St. John's, St. George's, Male).
COUNTRIES = """
AFG|Kabul|Afghan|
ALB|Tirana;Tirane|Albanian|
DZA|Algiers|Algerian|
AND|Andorra la Vella|Andorran|
AGO|Luanda|Angolan|
ATG||Antiguan|Antigua
ARG|Buenos Aires|Argentine,Argentinian|
ARM|Yerevan|Armenian|
AUS|Canberra|Australian|
AUT|Vienna|Austrian|
AZE|Baku|Azerbaijani,Azeri|
BHS|Nassau|Bahamian|
BHR|Manama|Bahraini|
BGD|Dhaka|Bangladeshi|
BRB|Bridgetown|Barbadian|
BLR|Minsk|Belarusian,Belarussian|
BEL||Belgian|
BLZ|Belmopan|Belizean|
BEN|Porto-Novo;Cotonou|Beninese|
BTN|Thimphu|Bhutanese|
BOL|La Paz;Sucre|Bolivian|
BIH|Sarajevo|Bosnian|Bosnia
BWA|Gaborone|Botswanan,Motswana,Batswana|
BRA|Brasilia;Brasília|Brazilian|
BRN|Bandar Seri Begawan|Bruneian|Brunei
BGR|Sofia|Bulgarian|
BFA|Ouagadougou|Burkinabe,Burkinabé|
BDI|Gitega;Bujumbura|Burundian|
CPV|Praia|Cape Verdean,Cabo Verdean|Cabo Verde
KHM|Phnom Penh|Cambodian|
CMR|Yaounde;Yaoundé|Cameroonian|
CAN|Ottawa|Canadian|
CAF|Bangui|Central African|
TCD|N'Djamena;Ndjamena|Chadian|
CHL|Santiago|Chilean|
CHN|Beijing|Chinese|
COL|Bogota;Bogotá|Colombian|
COM|Moroni|Comorian|
COG|Brazzaville||Republic of the Congo;Congo-Brazzaville
COD|Kinshasa||DR Congo;DRC;Democratic Republic of Congo;Congo-Kinshasa
CRI||Costa Rican|
CIV|Yamoussoukro;Abidjan|Ivorian|Ivory Coast;Côte d'Ivoire
HRV|Zagreb|Croatian,Croat|
CUB|Havana|Cuban|
CYP|Nicosia|Cypriot|
CZE|Prague|Czech|Czechia
DNK|Copenhagen|Danish,Dane|
DJI||Djiboutian|
DMA|Roseau||
DOM|Santo Domingo|Dominican|
ECU|Quito|Ecuadorian,Ecuadorean|
EGY|Cairo|Egyptian|
SLV|San Salvador|Salvadoran,Salvadorean|
GNQ|Malabo|Equatorial Guinean,Equatoguinean|
ERI|Asmara|Eritrean|
EST|Tallinn|Estonian|
SWZ|Mbabane;Lobamba|Swazi|Eswatini
ETH|Addis Ababa|Ethiopian|
FJI|Suva|Fijian|
FIN|Helsinki|Finnish,Finn|
FRA|Paris|French|
GAB|Libreville|Gabonese|
GMB|Banjul|Gambian|The Gambia
GEO|Tbilisi|Georgian|
DEU|Berlin|German|
GHA|Accra|Ghanaian|
GRC|Athens|Greek|
GRD||Grenadian|
GTM|Guatemala City|Guatemalan|
GIN|Conakry|Guinean|
GNB|Bissau|Bissau-Guinean|
GUY||Guyanese|
HTI|Port-au-Prince|Haitian|
VAT|Vatican City||Vatican;Holy See
HND|Tegucigalpa|Honduran|
HUN|Budapest|Hungarian|
ISL|Reykjavik;Reykjavík|Icelandic,Icelander|
IND|New Delhi|Indian|
IDN|Jakarta|Indonesian|
IRN|Tehran;Teheran|Iranian|
IRQ|Baghdad|Iraqi|
IRL|Dublin|Irish|
ISR|Jerusalem|Israeli|
ITA|Rome|Italian|
JAM||Jamaican|
JPN|Tokyo|Japanese|
JOR|Amman|Jordanian|
KAZ|Astana;Nur-Sultan|Kazakh,Kazakhstani|
KEN|Nairobi|Kenyan|
KIR|Tarawa;South Tarawa|I-Kiribati|
PRK|Pyongyang|North Korean|DPRK
KOR|Seoul|South Korean|Republic of Korea
KWT|Kuwait City|Kuwaiti|
KGZ|Bishkek|Kyrgyz,Kyrgyzstani|
LAO|Vientiane|Lao,Laotian|
LVA|Riga|Latvian|
LBN|Beirut|Lebanese|
LSO|Maseru|Basotho,Mosotho|
LBR|Monrovia|Liberian|
LBY|Tripoli|Libyan|
LIE|Vaduz|Liechtensteiner|
LTU|Vilnius|Lithuanian|
LUX||Luxembourger,Luxembourgish|
MDG|Antananarivo|Malagasy|Madagascar
MWI|Lilongwe|Malawian|
MYS|Kuala Lumpur;Putrajaya|Malaysian|
MDV||Maldivian|
MLI|Bamako|Malian|
MLT|Valletta|Maltese|
MHL|Majuro|Marshallese|
MRT|Nouakchott|Mauritanian|
MUS|Port Louis|Mauritian|
MEX|Mexico City|Mexican|
FSM|Palikir|Micronesian|
MDA|Chisinau;Chișinău|Moldovan|
MCO||Monegasque,Monégasque|
MNG|Ulaanbaatar;Ulan Bator|Mongolian|
MNE|Podgorica|Montenegrin|
MAR|Rabat|Moroccan|
MOZ|Maputo|Mozambican|
MMR|Naypyidaw;Nay Pyi Taw;Naypyitaw|Burmese|Burma
NAM|Windhoek|Namibian|
NRU|Yaren|Nauruan|
NPL|Kathmandu|Nepali,Nepalese|
NLD|Amsterdam;The Hague|Dutch|
NZL|Wellington|New Zealander|
NIC|Managua|Nicaraguan|
NER|Niamey|Nigerien|
NGA|Abuja|Nigerian|
MKD|Skopje|Macedonian,North Macedonian|North Macedonia
NOR|Oslo|Norwegian|
OMN|Muscat|Omani|
PAK|Islamabad|Pakistani|
PLW|Ngerulmud|Palauan|
PAN|Panama City|Panamanian|
PNG|Port Moresby|Papua New Guinean|
PRY|Asuncion;Asunción|Paraguayan|
PER|Lima|Peruvian|
PHL|Manila|Filipino,Filipina,Philippine|
POL|Warsaw|Polish|
PRT|Lisbon|Portuguese|
QAT|Doha|Qatari|
ROU|Bucharest|Romanian|
RUS|Moscow|Russian|Russia
RWA|Kigali|Rwandan|
KNA|Basseterre|Kittitian,Nevisian|
LCA|Castries|Saint Lucian|
VCT|Kingstown|Vincentian|
WSM|Apia|Samoan|
SMR||Sammarinese|
STP|Sao Tome;São Tomé|Santomean|
SAU|Riyadh|Saudi,Saudi Arabian|
SEN|Dakar|Senegalese|
SRB|Belgrade|Serbian,Serb|
SYC||Seychellois|
SLE|Freetown|Sierra Leonean|
SGP||Singaporean|
SVK|Bratislava|Slovak,Slovakian|
SVN|Ljubljana|Slovenian,Slovene|
SLB|Honiara|Solomon Islander|
SOM|Mogadishu|Somali,Somalian|
ZAF|Pretoria|South African|
SSD|Juba|South Sudanese|
ESP|Madrid|Spanish,Spaniard|
LKA|Colombo;Sri Jayawardenepura Kotte|Sri Lankan|
SDN|Khartoum|Sudanese|
SUR|Paramaribo|Surinamese|
SWE|Stockholm|Swedish,Swede|
CHE|Bern;Berne|Swiss|
SYR|Damascus|Syrian|
TJK|Dushanbe|Tajik,Tajikistani|
TZA|Dodoma;Dar es Salaam|Tanzanian|
THA|Bangkok|Thai|
TMP|Dili|Timorese,East Timorese|East Timor;Timor-Leste
TGO|Lome;Lomé|Togolese|
TON|Nuku'alofa|Tongan|
TTO|Port of Spain|Trinidadian,Tobagonian|
TUN|Tunis|Tunisian|
TUR|Ankara|Turkish,Turk|Türkiye;Turkiye
TKM|Ashgabat|Turkmen|
TUV|Funafuti|Tuvaluan|
UGA|Kampala|Ugandan|
UKR|Kyiv;Kiev|Ukrainian|
ARE|Abu Dhabi|Emirati|UAE;U.A.E.
GBR|London|British,Briton|UK;U.K.;Britain;Great Britain
USA|Washington;Washington D.C.;Washington, D.C.|American|US;U.S.;USA;U.S.A.;United States
URY|Montevideo|Uruguayan|
UZB|Tashkent|Uzbek,Uzbekistani|
VUT|Port Vila|Ni-Vanuatu|
VEN|Caracas|Venezuelan|
VNM|Hanoi|Vietnamese|
YEM|Sanaa;Sana'a|Yemeni|
ZMB|Lusaka|Zambian|
ZWE|Harare|Zimbabwean|
PSE|Ramallah|Palestinian|State of Palestine
TWN|Taipei|Taiwanese|
KSV|Pristina;Prishtina|Kosovar,Kosovan|
"""
# Country names the primary line of a Phoenix country block may carry besides countrynames.txt.
BLOCK_NAMES = frozenset(
    "united states of america|russian federation|republic of south africa|madagaskar|timor leste"
    "|soviet union|czechoslovakia|german democratic republic|kinakuta|united republic of tanzania"
    "|federation of saint kitts and nevis|guinea bissau|brunei darussalam|united kingdom"
    "|armenia|azerbaijan|belarus|eritrea|estonia|georgia|iraq|kazakhstan|kyrgyzstan|kuwait|latvia"
    "|lithuania|macedonia|moldova|south sudan|tajikistan|turkmenistan|ukraine|uzbekistan".split("|")
)
PREFERRED_NAMES = {
    "RUS": "Russia", "TZA": "Tanzania", "ZAF": "South Africa", "PSE": "Palestine",
    "MDA": "Moldova", "MDG": "Madagascar", "SRB": "Serbia", "GNB": "Guinea-Bissau",
    "TMP": "Timor-Leste", "COK": "Cook Islands", "FRAWLF": "Wallis and Futuna",
    "DNKFRO": "Faroe Islands", "CCK": "Cocos (Keeling) Islands", "BRN": "Brunei",
    "COD": "Democratic Republic of the Congo",
}  # fmt: skip
ISO3_EXCEPTIONS = {"TMP": "TLS", "KSV": None, "ANT": "ATA", "NLDANT": None, "GBRIMY": "IMN"}
CODE_FIXES = {"FRNWLF": "FRAWLF"}  # countrynames.txt typo: FRN is not a CAMEO code


@dataclass(frozen=True, slots=True)
class Code:
    """One bracketed code of a Phoenix entry, with its PETRARCH date restriction."""

    code: str
    start: date | None
    end: date | None
    undated: bool


@dataclass(slots=True)
class Block:
    """A Phoenix entry: its name lines (raw name, line number) and its codes."""

    file: str
    names: list[tuple[str, int]] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    note: str = ""


@dataclass(frozen=True, slots=True)
class Row:
    words: str
    code: str
    start: date | None
    end: date | None
    fallback: bool
    kb_id: str
    kind: str
    source: str

    def tsv(self) -> str:
        cells = (self.words, self.code, _iso(self.start), _iso(self.end), "1" if self.fallback else "0")
        return "\t".join((*cells, self.kb_id, self.kind, self.source))


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


# ------------------------------------------------------------------------- Phoenix actor files


def petrarch_date(text: str) -> date:
    """PETRARCH's ``dstr_to_ordate`` rule: more than 7 characters is YYYYMMDD (first 8 used),
    else YYMMDD with YY <= 30 read as 20YY and YY > 30 as 19YY."""
    text = DATE_FIXES.get(text, text)
    if len(text) > 7:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    year = int(text[:2])
    return date(year + (2000 if year <= 30 else 1900), int(text[2:4]), int(text[4:6]))


def parse_code(text: str) -> Code:
    """``INDGOV >20140526`` / ``INDELI 600101-020318`` / ``MLIELI`` -> Code (ValueError if bad).

    ``<D`` holds up to D, ``>D`` from D, ``A-B`` from A to B, all inclusive; a bare date (two
    entries in the source) is read as ``>D``.
    """
    code, _, rest = text.strip().partition(" ")
    rest = rest.strip()
    if not CODE.fullmatch(code):
        raise ValueError(f"bad code {code!r}")
    if not rest:
        return Code(code, None, None, undated=True)
    if rest[0] in "<>" or rest.isdigit():
        digits = re.search(r"\d+", rest)
        if digits is None:
            raise ValueError(f"no date in {text!r}")
        day = petrarch_date(digits.group())
        return Code(code, None, day, False) if rest[0] == "<" else Code(code, day, None, False)
    first, _, second = rest.partition("-")
    start, end = petrarch_date(first.strip()), petrarch_date(second.strip())
    if end < start:
        raise ValueError(f"range ends before it starts: {text!r}")
    return Code(code, start, end, undated=False)


def main_code(block: Block) -> str:
    """The code an entry has now: its open-ended dated code, else its undated one, else the last."""
    current = [c for c in block.codes if c.end is None and not c.undated]
    undated = [c for c in block.codes if c.undated]
    return (current or undated or block.codes[-1:])[0].code


def read_blocks(lines: Iterable[str], file: str, stats: Counter[str]) -> list[Block]:
    """Group a TABARI/PETRARCH .actors file into entries, as PETRARCH's reader does.

    A primary name line starts a new entry unless the current entry has no code yet (then it
    joins it); ``+`` lines are synonyms; codes come inline or on indented lines.
    """
    blocks: list[Block] = []
    current: Block | None = None
    for number, raw in enumerate(lines, start=1):
        text, _, comment = raw.rstrip("\n").partition("#")
        if not text.strip():
            continue
        name_part = text.split("[", 1)[0].strip()
        if name_part:
            if current is None or (not name_part.startswith("+") and current.codes):
                current = Block(file, note=comment.strip())
                blocks.append(current)
            current.names += [(n.strip(), number) for n in name_part.split("+") if n.strip()]
        if current is None:
            continue
        for inside in BRACKET.findall(text):
            try:
                current.codes.append(parse_code(BRACKET_FIXES.get(inside.strip(), inside)))
            except ValueError:
                stats["skipped code (bad date or code)"] += 1
    return blocks


def clean_name(raw: str) -> str:
    """``ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_`` -> ``ADEN ABYAN ISLAMIC ARMY``."""
    return " ".join(re.sub(r"\([^)]*\)", " ", raw).replace("_", " ").split())


class Tokenizer:
    """Words as spaCy's English tokenizer splits them in news casing, lower-cased."""

    def __init__(self) -> None:
        import spacy

        self._tok: Any = spacy.blank("en").tokenizer
        self._cache: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        if name not in self._cache:
            cased = re.sub(r"[^\W\d_]+", lambda m: m.group()[0].upper() + m.group()[1:].lower(), name)
            words = [t.lower_ for t in self._tok(cased) if not t.is_space]
            self._cache[name] = " ".join("s" if w in {"'s", "’s"} else w for w in words)
        return self._cache[name]


def slug(name: str) -> str:
    """``BAN_KI-MOON_`` -> ``ban_ki_moon`` (ids are built from raw Phoenix names)."""
    return re.sub(r"\W+", "_", clean_name(name).lower()).strip("_") or "x"


# ------------------------------------------------------------------------- countries and kinds


@dataclass(slots=True)
class Country:
    code: str
    capitals: list[str]
    demonyms: list[str]
    names: list[str]


def plural_demonym(word: str) -> str | None:
    last = word.split()[-1].lower()
    if last in NO_PLURAL or last.endswith(("ese", "s", "sh", "ch", "que", "ois")):
        return None
    return word + "s"


def read_country_table() -> dict[str, Country]:
    table: dict[str, Country] = {}
    for line in COUNTRIES.strip().splitlines():
        code, capitals, demonyms, names = line.split("|")
        forms = [d for d in demonyms.split(",") if d]
        forms += [p for p in map(plural_demonym, forms) if p]
        table[code] = Country(code, [c for c in capitals.split(";") if c], forms, [n for n in names.split(";") if n])
    return table


def name_kind(words: str, country: dict[str, set[str]]) -> str:
    """Kind of one name in a country block: country name, demonym, capital or other place.

    A name is the country's own name when it is a known name of the country (the block's first
    name, countrynames.txt, polevent's table) or has a word spelled like a distinctive word of
    that name (AFGHANESTAN ~ AFGHANISTAN) and no place word (river, province ...); the rest are
    places in the country (cities, provinces, regions), coded with the country by Phoenix.
    """
    if words in country["demonyms"]:
        return "demonym"
    if words in country["capitals"]:
        return "capital"
    if words in country["names"] or words.removeprefix("the ") in country["names"]:
        return "country"
    tokens = words.split()
    if (PLACE_WORDS | {"state"}) & set(tokens) or "-" in tokens:
        return "place"
    similar = any(
        SequenceMatcher(None, token, known).ratio() >= 0.8
        for token in tokens
        for known in country["stems"]
        if len(token) >= 4
    )
    return "country" if similar else "place"


def block_kind(block: Block, words: str, geo: set[str]) -> str:
    """Kind of a non-country entry from its primary name (a documented heuristic)."""
    tokens = {t.rstrip(".") for t in words.split()}
    if block.file == "MilNonState":
        return "person" if slug(block.names[0][0]) in MNS_PERSONS else "group"
    if "CountryInfo" in block.note:
        return "person"
    if tokens & ORG_WORDS or any(c.code.startswith(("MNC", "NGO")) for c in block.codes):
        return "organisation"
    if tokens & PLACE_WORDS:
        return "place"
    if tokens & geo or any(ch.isdigit() for ch in words):
        return "organisation"
    dated = any(not c.undated for c in block.codes)
    return "person" if dated or len(words.split()) >= 2 else "organisation"


# ------------------------------------------------------------------------- building rows


class Builder:
    def __init__(self, shared: Path) -> None:
        self.shared = shared
        self.tok = Tokenizer()
        self.stats: Counter[str] = Counter()
        self.table = read_country_table()
        self.country_names = self._read_countrynames()
        self.rows: list[Row] = []
        self.slugs: Counter[str] = Counter()
        self.keys: set[tuple[str, str, date | None, date | None, bool, str]] = set()
        self.claimed: dict[str, str] = {}

    def _read_countrynames(self) -> list[tuple[str, str, str, int]]:
        """(name, code, cow, line) from countrynames.txt, code typos fixed."""
        path = self.shared / COUNTRYNAMES
        found = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            name, code, cow = (line.split("\t") + ["", ""])[:3]
            if code and code != "---":
                found.append((name.strip(), CODE_FIXES.get(code, code), cow.strip(), number))
        return found

    def kb_id(self, name: str) -> str:
        base = slug(name)
        self.slugs[base] += 1
        return f"phoenix:{base}" + (f"-{self.slugs[base]}" if self.slugs[base] > 1 else "")

    def emit(self, names: list[tuple[str, str, str]], codes: list[Code], kb_id: str) -> None:
        """Rows for names (words, kind, source) x codes; the undated code is the fallback."""
        undated = [c for c in codes if c.undated]
        dated = [c for c in codes if not c.undated]
        for words, kind, source in names:
            for code in dated + undated[:1]:
                row = Row(words, code.code, code.start, code.end, code.undated and bool(dated), kb_id, kind, source)
                key = (row.words, row.code, row.start, row.end, row.fallback, row.kb_id)
                if key not in self.keys:
                    self.keys.add(key)
                    self.rows.append(row)

    def country_blocks(self, blocks: list[Block]) -> dict[str, list[Block]]:
        keys = {self.tok(n) for n, *_ in self.country_names}
        keys |= {self.tok(n) for n in BLOCK_NAMES}
        found: dict[str, list[Block]] = {}
        for block in blocks:
            words = self.tok(clean_name(block.names[0][0]))
            if block.codes and words in keys:
                found.setdefault(main_code(block)[:3], []).append(block)
        # the block coded with the bare country code first (territory blocks after it)
        return {k: sorted(v, key=lambda b: main_code(b) != k) for k, v in found.items()}

    def claims(self) -> dict[str, str]:
        """Words that name (or are the demonym of) one country, from the tables: word -> code."""
        claimed = {self.tok(n): c[:3] for n, c, _, _ in self.country_names}
        for entry in self.table.values():
            claimed |= {self.tok(w): entry.code for w in entry.names + entry.demonyms}
        return claimed

    def build_country(self, code: str, blocks: list[Block]) -> None:
        entry = self.table.get(code) or Country(code, [], [], [])
        sets = {
            "demonyms": {self.tok(d) for d in entry.demonyms},
            "capitals": {self.tok(c) for c in entry.capitals},
        }
        primary = {self.tok(clean_name(b.names[0][0])) for b in blocks}
        sets["names"] = primary | {self.tok(n) for n in entry.names}
        sets["names"] |= {self.tok(n) for n, c, _, _ in self.country_names if c == code}
        seen = {w for w, owner in self.claimed.items() if owner != code}  # "samoa" not in USA
        for block in blocks:
            own = self.tok(clean_name(block.names[0][0])).split()
            sets["stems"] = {w for w in own if len(w) >= 4} - GENERIC_WORDS
            for raw, line in block.names:
                w = self.tok(clean_name(raw))
                if not w or w in seen:
                    continue
                seen.add(w)
                kind = name_kind(w, sets)
                place = f"place:{code}:{slug(raw)}"
                kb = {"capital": f"capital:{code}", "place": place}.get(kind, f"country:{code}")
                self.emit([(w, kind, f"Phoenix.{block.file}.actors.txt:{line}")], block.codes, kb)
        self.add_missing(code, blocks, entry, seen)

    def add_missing(self, code: str, blocks: list[Block], entry: Country, seen: set[str]) -> None:
        """Capitals, demonyms and names from polevent's table that Phoenix lacks."""
        codes = blocks[0].codes if blocks else [Code(code, None, None, True)]
        extra = [(c, "capital", "capitals") for c in entry.capitals]
        extra += [(d, "demonym", "demonyms") for d in entry.demonyms]
        extra += [(n, "country", "names") for n in entry.names]
        if not blocks:
            extra += [(n, "country", "countrynames") for n, c, _, _ in self.country_names if c == code]
        for text, kind, table in extra:
            words = self.tok(text)
            if words in seen:
                continue
            seen.add(words)
            kb = f"capital:{code}" if kind == "capital" else f"country:{code}"
            self.emit([(words, kind, f"build_actors.py:{table}")], codes, kb)
            self.stats[f"added {kind} (not in Phoenix)"] += 1

    def build_actors(self) -> None:
        blocks: list[Block] = []
        for name in ACTOR_FILES:
            path = self.shared / PHOENIX / f"Phoenix.{name}.actors.txt.gz"
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                blocks += read_blocks(handle, name, self.stats)
        self.stats["entries with >1 undated code (first kept)"] = sum(
            sum(c.undated for c in b.codes) > 1 for b in blocks
        )
        countries = self.country_blocks(blocks)
        self.claimed = self.claims()
        in_country = {id(b) for group in countries.values() for b in group}
        for code in sorted(set(countries) | set(self.table)):
            self.build_country(code, countries.get(code, []))
        geo = {r.words for r in self.rows if r.kind in {"country", "demonym"} and " " not in r.words}
        for block in blocks:
            if id(block) in in_country:
                continue
            if not block.codes:
                self.stats["skipped entry without code"] += 1
                continue
            self.build_entry(block, geo)

    def build_entry(self, block: Block, geo: set[str]) -> None:
        primary = self.tok(clean_name(block.names[0][0]))
        kind = block_kind(block, primary, geo)
        names, seen = [], set()
        for raw, line in block.names:
            words = self.tok(clean_name(raw))
            if words and words not in seen:
                seen.add(words)
                names.append((words, kind, f"Phoenix.{block.file}.actors.txt:{line}"))
        self.emit(names, block.codes, self.kb_id(block.names[0][0]))


# ------------------------------------------------------------------------- agents


def plural(phrase: str) -> str:
    """English plural of the last word: -man -> -men, consonant+y -> -ies, s/x/z/ch/sh -> +es."""
    stem = phrase.rstrip("_ ")
    low = stem.lower()
    if low.endswith("man") and not low.endswith("human"):
        return stem[:-3] + "MEN"
    if re.search(r"[^aeiou]y$", low):
        return stem[:-1] + "IES"
    if low.endswith(("s", "x", "z", "ch", "sh")):
        return stem + "ES"
    return stem + "S"


def read_agents(lines: Iterable[str], tok: Tokenizer, stats: Counter[str]) -> Iterator[str]:
    """TSV lines (words, code, position, source) from a PETRARCH .agents file.

    ``!SET! = A, B`` defines a substitution set (lines using it get no generated plural, as in
    PETRARCH); ``{PLURAL}`` gives the plural (``{}`` = none); otherwise a regular plural is made.
    """
    sets: dict[str, list[str]] = {}
    seen: set[tuple[str, str, str]] = set()
    for number, raw in enumerate(lines, start=1):
        text = raw.split("#", 1)[0].strip()
        if not text:
            continue
        if "!" in text and "=" in text:
            marker, _, values = text.partition("=")
            sets[marker.strip().strip("!")] = [v.strip() for v in values.split(",") if v.strip()]
            continue
        if "[" not in text:
            stats["agent line without code"] += 1
            continue
        phrase, _, rest = text.partition("[")
        spec = rest.partition("]")[0].strip()
        position = "after" if spec.startswith("~") else "before"
        for form in _agent_forms(phrase.strip(), sets):
            words = tok(clean_name(form))
            if words and (words, spec, position) not in seen:
                seen.add((words, spec, position))
                yield f"{words}\t{spec.strip('~')}\t{position}\tPhoenix.agents.txt:{number}"


def _agent_forms(phrase: str, sets: dict[str, list[str]]) -> list[str]:
    base, brace, rest = phrase.partition("{")
    base = base.strip()
    marker = re.search(r"!(\w+)!", base)
    if marker:
        return [base.replace(marker.group(), s) for s in sets.get(marker.group(1), [])]
    if brace:
        given = rest.partition("}")[0].strip()
        return [base, *([given] if given else [])]
    return [base, plural(base)]


# ------------------------------------------------------------------------- countries.tsv


def country_rows(names: list[tuple[str, str, str, int]]) -> list[str]:
    by_code: dict[str, tuple[str, str]] = {}
    for name, code, cow, _ in names:
        if code not in by_code:
            by_code[code] = (PREFERRED_NAMES.get(code, name), cow)
    rows = []
    for code, (name, cow) in by_code.items():
        iso3 = ISO3_EXCEPTIONS[code] if code in ISO3_EXCEPTIONS else code[-3:]
        cow_code = cow if cow.isdigit() and int(cow) > 0 else ""
        rows.append(f"{code}\t{iso3 or ''}\t{name}\t{cow_code}")
    return rows


# ------------------------------------------------------------------------- main


def write(path: Path, header: list[str], columns: str, lines: Iterable[str]) -> int:
    body = list(dict.fromkeys(lines))
    text = "".join(f"# {h}\n" for h in header) + columns + "\n" + "".join(f"{b}\n" for b in body)
    path.write_text(text, encoding="utf-8")
    return len(body)


def check_curated(out: Path, rows: list[Row]) -> list[str]:
    """Problems with curated_actors.tsv ids that should name a generated entry."""
    path = out / "curated_actors.tsv"
    if not path.exists():
        return ["curated_actors.tsv missing"]
    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if x and x[0] != "#"]
    wanted = {line.split("\t")[5] for line in lines[1:]}
    ids = {r.kb_id for r in rows}
    return [f"curated kb_id {k} not in actors.tsv" for k in sorted(wanted - ids) if k.startswith("phoenix:")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    builder = Builder(args.shared)
    builder.build_actors()
    header = ["polevent actor names (generated by scripts/build_actors.py; do not edit, see README.md)",
              PROVENANCE, COUNTRYNAMES_PROVENANCE,
              "build_actors.py:* rows: capitals, demonyms and names written for polevent (MIT)",
              "dates inclusive; fallback=1: applies only when no dated row of the same kb_id does"]
    n_actors = write(args.out / "actors.tsv", header, ACTOR_COLUMNS, (r.tsv() for r in builder.rows))
    with gzip.open(args.shared / PHOENIX / "Phoenix.agents.txt.gz", "rt", encoding="utf-8") as handle:
        agent_lines = list(read_agents(handle, builder.tok, builder.stats))
    n_agents = write(args.out / "agents.tsv", [header[0].replace("actor names", "agent nouns"), PROVENANCE,
                     "position: after = PETRARCH [~GOV] (code goes after the actor's), before = [IGO~]"],
                     "words\tcode\tposition\tsource", agent_lines)
    n_countries = write(args.out / "countries.tsv", [header[0].replace("actor names", "CAMEO countries"),
                        COUNTRYNAMES_PROVENANCE, "iso3 derived (CAMEO code = ISO-3 except TMP/KSV/territories)"],
                        "code\tiso3\tname\tcow", country_rows(builder.country_names))
    kinds = Counter(r.kind for r in builder.rows)
    print(f"actors.tsv {n_actors} rows; agents.tsv {n_agents}; countries.tsv {n_countries}")
    print("kinds:", dict(sorted(kinds.items())))
    print("stats:", dict(sorted(builder.stats.items())))
    for problem in check_curated(args.out, builder.rows):
        print("warning:", problem, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
