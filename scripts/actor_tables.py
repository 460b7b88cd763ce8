"""Hand-written tables for scripts/build_actors.py: capitals, demonyms, word lists, source fixes.

Written for polevent (MIT). Kept apart from the build logic so that both stay short and readable;
the rules that use them are documented in ``src/polevent/data/README.md`` ("Actors").
"""

# ruff: noqa: SIM905  (word lists are written as one string for readability)

from __future__ import annotations

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
GENERIC_WORDS = frozenset(
    "arab central democratic east equatorial federal federation island islands islamic kingdom "
    "north people peoples republic saint south states united west".split()
)
ORG_WORDS = frozenset(
    "academy action administration against agency aid airline airlines airways alliance and "
    "army assembly association authority bancorp bank battalion board brigade brigades bureau "
    "cabinet center centre church club co coalition command commission committee communications "
    "community company conference congress consulate corp corporation council countries court "
    "defence defense department development duma electric embassy energy enterprises federation "
    "financial for force forces forum foundation front fund global government group guard "
    "guards holding holdings hospital house in inc incorporated industries initiative institute "
    "insurance intelligence international jirga knesset league legislature limited llc ltd "
    "majlis media military militia ministries ministry mission missions movement national "
    "nations navy network news of office on organisation organization palace panel parliament "
    "partners partnership party peace petroleum plc police post presidency press program "
    "programme project radio regime relief resources rights secretariat security senate service "
    "services shura society street summit systems team technologies telecom television the "
    "times to tribunal troops trust tv union university watch without women world".split()
)
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
