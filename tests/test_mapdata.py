"""The map's static layers on the mini fixture: each island once with its history; halos; a pick layer
per status epoch; the claims with their day numbers (the committed layers: tests/data/test_committed_mapdata.py)."""

from __future__ import annotations

import datetime as dt
import itertools

import geopandas as gpd
import pytest
from shapely.geometry import shape

from kurils.present import mapdata
from kurils.present.palette import rgba

NONE = [0, 0, 0, 0]  # no ring
JAPAN_RING = rgba("japan")
FILL = {state: rgba(state, 235) for state in ("japan", "russian_empire", "ussr", "russia", "contested")}
OPEN = mapdata.OPEN_END


def test_day_numbers():
    """Day 0 is Shimoda; an empty end is the open end."""
    assert mapdata.day_number(dt.date(1855, 2, 7)) == 0
    assert mapdata.day_number(dt.date(1875, 8, 22)) == 7501
    assert (mapdata._day_or_open(""), mapdata._day_or_open("1855-02-08")) == (OPEN, 1)


def test_each_island_once_with_its_intervals(mini_ds):
    """One feature per island carrying the end day, fill and claimant ring of each interval; Shumshu's
    contested interval in orange with Japan's ring."""
    layer = mapdata.islands_with_history(mini_ds.history, mini_ds.islands)
    ussr_japan = {"f": FILL["ussr"], "r": JAPAN_RING}
    no_stripes = ("h_japan", "h_russia")
    assert [{k: v for k, v in f["properties"].items() if k not in no_stripes} for f in layer["features"]] == [
        {"id": "iturup", "e0": 33074, "f0": FILL["japan"], "r0": NONE}
        | {"e1": 49995, "f1": FILL["ussr"], "r1": JAPAN_RING, "e2": OPEN, "f2": FILL["russia"], "r2": JAPAN_RING},
        {"id": "polonsky", "e0": 33080, "f0": FILL["japan"], "r0": NONE}
        | {"e1": 49995, "f1": ussr_japan["f"], "r1": JAPAN_RING, "e2": OPEN, "f2": FILL["russia"], "r2": JAPAN_RING},
        {"id": "shumshu", "e0": 7501, "f0": FILL["russian_empire"], "r0": NONE}
        | {"e1": 33064, "f1": FILL["japan"], "r1": NONE, "e2": 33069, "f2": FILL["contested"], "r2": JAPAN_RING}
        | {"e3": 35509, "f3": FILL["ussr"], "r3": JAPAN_RING, "e4": 49995, "f4": FILL["ussr"], "r4": NONE}
        | {"e5": OPEN, "f5": FILL["russia"], "r5": NONE},
        {"id": "urup", "e0": 7501, "f0": FILL["russian_empire"], "r0": NONE}
        | {"e1": 33074, "f1": FILL["japan"], "r1": NONE, "e2": 35509, "f2": FILL["ussr"], "r2": JAPAN_RING}
        | {"e3": 49995, "f3": FILL["ussr"], "r3": NONE, "e4": OPEN, "f4": FILL["russia"], "r4": NONE},
        {"id": "zeleny", "e0": 33080, "f0": FILL["japan"], "r0": NONE}
        | {"e1": 49995, "f1": FILL["ussr"], "r1": JAPAN_RING, "e2": OPEN, "f2": FILL["russia"], "r2": JAPAN_RING},
    ]
    assert layer["features"][0]["geometry"] == {
        "type": "Polygon",
        "coordinates": (((148.0, 44.8), (148.0, 45.3), (147.0, 45.3), (147.0, 44.8), (148.0, 44.8)),),
    }


@pytest.mark.parametrize("zoom", [3, 4.5, 8])
def test_halos_are_the_islands_widened_by_so_many_pixels_at_their_zoom(mini_ds, zoom):
    """Each halo file holds every island buffered by its pixel width at its zoom band, with the
    island's history properties (the browser colours it like the island)."""
    with_history = mapdata.islands_with_history(mini_ds.history, mini_ds.islands)
    files = mapdata.halos(mini_ds.islands, with_history)
    assert set(files) == {mapdata.halo_file(w, z) for w in mapdata.HALO_PX for z in mapdata.HALO_ZOOMS}
    assert "halo_wide_4.5.json" in files and "halo_narrow_12.json" in files and len(files) == 38
    features = files[mapdata.halo_file("wide", zoom)]["features"]
    assert [f["properties"] for f in features] == [f["properties"] for f in with_history["features"]]
    iturup = mini_ds.islands.set_index("id").geometry.to_crs(3857)["iturup"]
    halo = gpd.GeoSeries([shape(features[0]["geometry"])], crs=4326).to_crs(3857)[0]
    px = mapdata.MERCATOR_M_PER_PX / 2**zoom
    assert halo.buffer(px * 0.01).contains(iturup)
    # Between the island widened by 3.4 and by 3.6 pixels (quarter circles of 4 segments at corners).
    assert halo.difference(iturup.buffer(3.6 * px)).area < 1e-3 * halo.area
    assert iturup.buffer(3.4 * px).difference(halo).area < 1e-3 * halo.area


def test_pick_layer_whole_properties(mini_ds):
    """The pick layer of an epoch: every island's names, holder and claimants then, in the order of the
    history, with both governments' positions in a few words (the hover text; details are a click away)."""
    pick = mapdata.pick_layer(
        mini_ds.history, mini_ds.islands, dt.date(1952, 4, 28), mapdata.pick_shapes(mini_ds.islands)
    )
    occupied = {"controller": "Soviet Union", "claimants": "Japan and Soviet Union"}
    japan_says = {"stance_japan": "Japan's position: Japanese territory"}
    undetermined = {"stance_japan": "Japan's position: undetermined"}
    soviet_says = {"stance_russia": "The Soviet Union's position: Soviet territory"}
    sf = {"controller": "Soviet Union", "claimants": "Soviet Union"}
    assert [f["properties"] for f in pick["features"]] == [
        {"id": "iturup", "name_en": "Iturup", "name_ru": "Итуруп", "name_ja": "択捉島", "name_ja_latn": "Etorofu-tō"}
        | occupied
        | japan_says
        | soviet_says,
        {"id": "polonsky", "name_en": "Polonsky", "name_ru": "Полонского", "name_ja": "多楽島"}
        | {"name_ja_latn": "Taraku-tō", **occupied, **japan_says, **soviet_says},
        {"id": "shumshu", "name_en": "Shumshu", "name_ru": "Шумшу", "name_ja": "占守島", "name_ja_latn": "Shumushu-tō"}
        | sf
        | undetermined
        | soviet_says,
        {"id": "urup", "name_en": "Urup", "name_ru": "Уруп", "name_ja": "得撫島", "name_ja_latn": "Uruppu-tō"}
        | sf
        | undetermined
        | soviet_says,
        {"id": "zeleny", "name_en": "Zeleny", "name_ru": "Зелёный", "name_ja": "志発島", "name_ja_latn": "Shibotsu-tō"}
        | occupied
        | japan_says
        | soviet_says,
    ]


def test_pick_layer_takes_the_position_at_the_epoch(mini_ds):
    """Russia's position begins on 1946-02-02, inside Shumshu's interval of 1945-08-23: the epoch's file
    gives it, the file of the interval's first day does not."""
    shapes = mapdata.pick_shapes(mini_ds.islands)
    positions = [
        [
            f["properties"]["stance_russia"]
            for f in mapdata.pick_layer(mini_ds.history, mini_ds.islands, day, shapes)["features"]
        ]
        for day in (dt.date(1945, 9, 3), dt.date(1946, 2, 2))
    ]
    assert positions == [
        ["Russia's (or its predecessor's) position: none recorded for this period"] * 5,
        ["The Soviet Union's position: Soviet territory"] * 5,
    ]


def test_pick_layer_in_japanese(mini_ds):
    """Translated states and positions; the names in all three scripts; after 1991 Russia's position."""
    pick = mapdata.pick_layer(
        mini_ds.history,
        mini_ds.islands,
        dt.date(1991, 12, 26),
        mapdata.pick_shapes(mini_ds.islands),
        "ja",
        mini_ds.translate,
    )
    shumshu = pick["features"][2]["properties"]
    assert shumshu == {
        "id": "shumshu",
        "name_en": "Shumshu",
        "name_ru": "Шумшу",
        "name_ja": "占守島",
        "name_ja_latn": "Shumushu-tō",
        "controller": "ロシア",
        "claimants": "ロシア",
        "stance_japan": "日本の立場：未定",
        "stance_russia": "ロシアの立場：ロシアの領土",
    }


def test_position_stripes_where_a_government_gives_an_island_to_another_state(mini_ds):
    """Japan's position hatches the islands the Soviet Union holds in Japan's colour (or undetermined's
    grey); Russia's matches the holder and hatches nothing; the stripes lie inside the island."""
    history = mini_ds.history
    iturup = mapdata.position_hatches(history, "iturup", "japan")
    assert iturup and iturup[0][2] == rgba("japan", 255) and iturup[-1][1] == mapdata.OPEN_END
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(iturup))
    assert mapdata.position_hatches(history, "urup", "japan")[-1][2] == rgba("undetermined", 255)
    assert all(mapdata.position_hatches(history, i, "russia") == [] for i in mini_ds.island_ids())
    with_history = mapdata.islands_with_history(history, mini_ds.islands)
    files = mapdata.hatches(mini_ds.islands, with_history)
    assert set(files) == {mapdata.hatch_file(z) for z in mapdata.HATCH_ZOOMS}
    island = mini_ds.islands.set_index("id").geometry["iturup"]
    stripes = next(f for f in files["hatch_6.json"]["features"] if f["properties"]["id"] == "iturup")
    striped = shape(stripes["geometry"])
    assert 0.2 < striped.area / island.area < 0.5  # 2.5 px of every 7
    assert striped.difference(island.buffer(1e-4)).area < 1e-3 * striped.area


def test_claims_carry_their_interval_as_day_numbers(mini_ds):
    """A claim's interval as day numbers, open-ended as OPEN_END; a boundary in neutral grey."""
    boundary = mapdata.claims_of_kind(mini_ds.claims, "boundary")["features"]
    claim = mapdata.claims_of_kind(mini_ds.claims, "claim")["features"]
    assert [f["properties"] for f in boundary] == [
        {"id": "line", "kind": "boundary", "party": "japan;russian_empire", "name_en": "A line"}
        | {"valid_from": "1855-02-07", "valid_to": "1875-08-22", "t0": 0, "t1": 7501, "colour": rgba("none")}
        | {"sources": "src_a", "note": "schematic"}
    ]
    assert [f["properties"] for f in claim] == [
        {"id": "nt", "kind": "claim", "party": "japan", "name_en": "A claim", "valid_from": "1945-09-03"}
        | {"valid_to": "today", "t0": 33080, "t1": OPEN, "colour": rgba("japan"), "sources": "src_a, src_b", "note": ""}
    ]
    assert mapdata.claims_of_kind(mini_ds.claims, "offer") == {"type": "FeatureCollection", "features": []}


def test_static_layers_are_every_file_the_map_needs(mini_ds):
    """The islands, land, halos, position stripes, one file per claim kind, and a pick layer per language and
    epoch."""
    files = mapdata.static_layers(
        mini_ds.history, mini_ds.islands, mini_ds.land, mini_ds.claims, mini_ds.maritime, mini_ds.translate
    )
    epochs = ["1855-02-07", "1875-08-22", "1945-08-18", "1945-08-23", "1945-08-28", "1945-09-03", "1946-02-02"]
    epochs += ["1952-04-28", "1991-12-26"]
    assert sorted(k for k in files if not k.startswith(("halo_", "hatch_"))) == [
        "claims_admin.json",
        "claims_boundary.json",
        "claims_claim.json",
        "claims_offer.json",
        "islands.json",
        "land.json",
        *(f"pick_{lang}_{day}.json" for lang in ("en", "ja", "ru") for day in epochs),
        "sea.json",
    ]
    assert (
        files["pick_ja_1991-12-26.json"]["features"][2]["properties"]["stance_russia"] == "ロシアの立場：ロシアの領土"
    )
