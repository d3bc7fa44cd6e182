"""Draw the geometry of geodata/claims.geojson from islands.geojson and land.geojson.

Run once to create the layer (`.venv/bin/python scripts/draw_claims.py`); after that the file is
hand-edited data like the tables. Properties below carry the sources; geometry is schematic.
"""

from __future__ import annotations

import sys
from pathlib import Path

import shapely
from shapely.geometry import shape

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from kurils.builders.schematic import halo, median_line
from kurils.model import geojson_io
from kurils.model.geometry import orient_rfc7946

GEO = Path(__file__).resolve().parents[1] / "geodata"
HABOMAI = [
    "polonsky",
    "oskolki",
    "zeleny",
    "demina",
    "yuri",
    "anuchina",
    "tanfilyeva",
    "storozhevoy",
    "rifovy",
    "signalny",
]
FOUR = ["iturup", "kunashir", "shikotan", *HABOMAI]
SEVERO = [
    "atlasov",
    "shumshu",
    "paramushir",
    "antsiferov",
    "makanrushi",
    "avos",
    "onekotan",
    "kharimkotan",
    "chirinkotan",
    "ekarma",
    "shiashkotan",
    "lovushki",
    "raikoke",
    "matua",
    "rasshua",
    "srednego",
    "ushishir",
    "ketoy",
]
KURILSKY = ["iturup", "urup", "broutona", "chirpoy", "brat_chirpoyev", "simushir"]
YUZHNO = ["kunashir", "shikotan", *HABOMAI]

SCHEMATIC_LINE = "Schematic: the treaty names the strait, not a line; drawn as the median between the coasts."
HALO = "Drawn as an outline about 3 km around the islands; not a maritime boundary."

islands = {
    f["properties"]["id"]: shape(f["geometry"]) for f in geojson_io.read_collection(GEO / "islands.geojson")["features"]
}
land = {
    f["properties"]["id"]: shape(f["geometry"]) for f in geojson_io.read_collection(GEO / "land.geojson")["features"]
}


def group(ids: list[str]) -> shapely.Geometry:
    return halo([islands[i] for i in ids])


def union(ids: list[str]) -> shapely.Geometry:
    return shapely.union_all([islands[i] for i in ids])


def claim(fid, kind, party, name, start, end, sources, geom, island_ids="", note=""):
    props = {
        "id": fid,
        "kind": kind,
        "party": party,
        "name_en": name,
        "valid_from": start,
        "valid_to": end,
        "island_ids": ";".join(island_ids),
        "source_ids": sources,
        "note": note,
    }
    return geojson_io.feature(props, geom)


SHIMODA = "mofa_en_northern_territories_index;spf_jp_1855_treaty;wikipedia_en_treaty_of_shimoda"
SPB = "mofa_en_joint_compendium_period2;prlib_treaty_1875;wikipedia_en_treaty_of_saint_petersburg_1875"
features = [
    claim(
        "boundary_1855_shimoda",
        "boundary",
        "japan;russian_empire",
        "Boundary of the Treaty of Shimoda: between Etorofu (Iturup) and Urup",
        "1855-02-07",
        "1875-08-22",
        SHIMODA,
        median_line(islands["iturup"], islands["urup"], (148.6, 45.1, 149.9, 46.3)),
        note="Article 2: the boundary lies between Etorofu and Urup (the Vries / Friz / Etorofu Strait). "
        + SCHEMATIC_LINE,
    ),
    claim(
        "boundary_1875_saint_petersburg",
        "boundary",
        "japan;russian_empire",
        "Boundary of the Treaty of Saint Petersburg: the First Kuril Strait",
        "1875-08-22",
        "1945-08-23",
        SPB,
        median_line(islands["shumshu"], land["kamchatka"], (156.0, 50.45, 157.4, 51.25)),
        note="Article 2: the boundary is the strait between Cape Lopatka (Kamchatka) and Shumshu. It ceased to divide two states when Soviet forces took Shumshu (23 August 1945). "
        + SCHEMATIC_LINE,
    ),
    claim(
        "scapin_677_line",
        "boundary",
        "japan",
        "SCAPIN-677: limit of the Japanese government's authority",
        "1946-01-29",
        "1952-04-28",
        "cas_jp_takeshima_portal_scapin677;scapin677_tanaka_transcription;mofa_jp_hoppo_data",
        median_line(land["hokkaido"], union(["kunashir", "shikotan", *HABOMAI]), (144.9, 43.0, 146.6, 44.6)),
        island_ids=["kunashir", "shikotan", *HABOMAI],
        note="Paragraph 3(c) excludes from Japan 'the Kurile (Chishima) Islands, the Habomai (Hapomaze) Island Group (including Suisho, Yuri, Akiyuri, Shibotsu and Taraku Islands) and Shikotan Island'; paragraph 6 says this is not a final determination. No map or line from the directive was seen. "
        + SCHEMATIC_LINE,
    ),
    claim(
        "japan_northern_territories",
        "claim",
        "japan",
        "Japan's claim: the Northern Territories (Etorofu, Kunashiri, Shikotan, Habomai)",
        "1945-08-28",
        "",
        "mofa_en_northern_territories_index;mofa_faq11;hoppou_about_issue_en",
        group(FOUR),
        FOUR,
        note="From the first Soviet landing on the four islands (Iturup, 28 August 1945); the landings lasted until 5 September. "
        + HALO,
    ),
    claim(
        "offer_1956_ussr",
        "offer",
        "ussr",
        "1956 Joint Declaration, Article 9: Habomai and Shikotan to be transferred after a peace treaty",
        "1956-12-12",
        "1991-12-26",
        "spf_jp_1956_joint_declaration;wikipedia_en_soviet_japanese_joint_declaration_1956;japantimes_2018_1960_memo",
        group(["shikotan", *HABOMAI]),
        ["shikotan", *HABOMAI],
        note="The USSR agreed to transfer the Habomai islands and Shikotan, the actual transfer to follow a peace treaty. The Soviet memorandum of 27 January 1960 added the withdrawal of foreign troops from Japan as a condition; Japan rejected it. "
        + HALO,
    ),
    claim(
        "offer_1956_russia",
        "offer",
        "russia",
        "1956 Joint Declaration, Article 9, as Russia reads it",
        "1991-12-26",
        "",
        "spf_jp_1956_joint_declaration;chelorg_2018_11_16;manila_jiji_2018_11_15",
        group(["shikotan", *HABOMAI]),
        ["shikotan", *HABOMAI],
        note="Russia, the USSR's continuing state, recognises the declaration; President Putin said in 2018 it does not say 'on what grounds and under whose sovereignty' the islands would be transferred. Japan treats it as one basis for resolving the attribution of all four islands. "
        + HALO,
    ),
]
for party, start, end in (("ussr", "1946-06-05", "1991-12-26"), ("russia", "1991-12-26", "")):
    features += [
        claim(
            f"district_severo_kurilsky_{party}",
            "admin",
            party,
            "Severo-Kurilsky district (Sakhalin Oblast)",
            start,
            end,
            "wikipedia_es_severo_kurilsky_copy;wikipedia_ja_kita_kuril;wikipedia_en_severo_kurilsky_district",
            group(SEVERO),
            SEVERO,
            note="From Atlasov and Shumshu south to Ketoy; the Diana Strait divides it from Kurilsky district. Created 5 June 1946 in South Sakhalin Oblast. Avos, Lovushki and Srednego are assigned by location. "
            + HALO,
        ),
        claim(
            f"district_kurilsky_{party}",
            "admin",
            party,
            "Kurilsky district (Sakhalin Oblast)",
            start,
            end,
            "wikipedia_ru_kurilsky_district;gradsinfo_kurilsky_okrug_ruwiki_copy",
            group(KURILSKY),
            KURILSKY,
            note="Iturup, Urup, Broutona, Chirpoy, Brat Chirpoyev and Simushir with the small islands within 12 miles; centre Kurilsk on Iturup; created 5 June 1946. "
            + HALO,
        ),
        claim(
            f"district_yuzhno_kurilsky_{party}",
            "admin",
            party,
            "Yuzhno-Kurilsky district (Sakhalin Oblast)",
            start,
            end,
            "regionsrf_yuzhno_kurilsky;ruwiki_mirror_yuzhno_kurilsky_district;wikipedia_ja_minami_kuril",
            group(YUZHNO),
            YUZHNO,
            note="Kunashir, Shikotan and the Habomai islands; centre Yuzhno-Kurilsk. Created 5 June 1946 (regionsrf, ja.wikipedia) or 15 June 1946 (ru.wikipedia infobox); 5 June used. "
            + HALO,
        ),
    ]
VILLAGES = [
    (
        "japan_etorofu_villages",
        "Etorofu: Rubetsu (留別村), Shana (紗那村) and Shibetoro (蘂取村) villages, Nemuro Subprefecture",
        ["iturup"],
        "1945-08-28",
        "wikipedia_ja_rubetsu;wikipedia_ja_shana_copy;wikipedia_ja_shibetoro_copy;mofa_jp_hoppo_data",
        "Three villages in three districts (Etorofu, Shana, Shibetoro); the boundaries between them are not drawn.",
    ),
    (
        "japan_kunashiri_villages",
        "Kunashiri: Tomari (泊村) and Ruyobetsu (留夜別村) villages, Nemuro Subprefecture",
        ["kunashir"],
        "1945-09-01",
        "wikipedia_ja_tomari_nemuro;wikipedia_ja_ruyobetsu;pref_hokkaido_kunashiri;mofa_jp_hoppo_data",
        "Sources differ on the split: west/east halves (ja.wikipedia) or south/north halves (Hokkaido Government); the boundary is not drawn.",
    ),
    (
        "japan_shikotan_village",
        "Shikotan village (色丹村), Nemuro Subprefecture",
        ["shikotan"],
        "1945-09-01",
        "wikipedia_ja_shikotan_village_copy;mofa_jp_hoppo_data",
        "The village covers the whole island.",
    ),
    (
        "japan_habomai_nemuro",
        "Habomai islands: formerly Habomai village (歯舞村), part of Nemuro City since 1959",
        HABOMAI,
        "1945-09-03",
        "mofa_jp_hoppo_data;cao_hoppo_sugata_02;pucchi_net_6villages",
        "Habomai village merged into Nemuro City in 1959 (day not found).",
    ),
]
for fid, name, ids, start, sources, note in VILLAGES:
    features.append(
        claim(
            fid,
            "admin",
            "japan",
            name,
            start,
            "",
            sources,
            group(ids),
            ids,
            note="Japan's administration has been notional since the Soviet occupation; the villages exist in Japanese law only. "
            + note
            + " "
            + HALO,
        )
    )

for f in features:
    f["geometry"] = geojson_io.geometry_mapping(orient_rfc7946(shapely.set_precision(shape(f["geometry"]), 1e-5)))
geojson_io.write_collection(
    GEO / "claims.geojson",
    features,
    {
        "layer": "claims",
        "drawn_by": "scripts/draw_claims.py",
        "note": "Lines through straits and outlines around islands are schematic.",
    },
)
print(f"wrote {len(features)} features to {GEO / 'claims.geojson'}")
