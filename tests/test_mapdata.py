"""The map's static layers: each island once with its history; halos; a pick layer per status epoch."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
from shapely.geometry import shape

from kurils.model import dataset
from kurils.paths import DEFAULT_GEODATA
from kurils.present import mapdata
from kurils.present.palette import rgba

DS = dataset.load(DEFAULT_GEODATA)


def test_each_island_once_with_its_intervals():
    """One feature per island; Shumshu carries its seven intervals with the contested one in orange."""
    layer = mapdata.islands_with_history(DS.history, DS.islands)
    assert len(layer["features"]) == len(DS.islands)
    shumshu = next(f["properties"] for f in layer["features"] if f["properties"]["id"] == "shumshu")
    fills = [shumshu[f"f{k}"] for k in range(7)]
    assert fills[:3] == [rgba("russian_empire", 235), rgba("japan", 235), rgba("contested", 235)]
    assert shumshu["e6"] == mapdata.OPEN_END


def test_halos_are_the_islands_widened_by_so_many_pixels_at_their_zoom():
    """Each halo file holds every island buffered by its pixel width at its zoom band, with the
    island's history properties (the browser colours it like the island)."""
    with_history = mapdata.islands_with_history(DS.history, DS.islands)
    files = mapdata.halos(DS.islands, with_history)
    assert set(files) == {mapdata.halo_file(w, z) for w in mapdata.HALO_PX for z in mapdata.HALO_ZOOMS}
    assert "halo_wide_4.5.json" in files and "halo_narrow_12.json" in files
    iturup = DS.islands.set_index("id").geometry.to_crs(3857)["iturup"]
    for zoom in (3, 4.5, 8):
        feature = next(
            f for f in files[mapdata.halo_file("wide", zoom)]["features"] if f["properties"]["id"] == "iturup"
        )
        assert feature["properties"] == next(
            f["properties"] for f in with_history["features"] if f["properties"]["id"] == "iturup"
        )
        halo = gpd.GeoSeries([shape(feature["geometry"])], crs=4326).to_crs(3857)[0]
        px = mapdata.MERCATOR_M_PER_PX / 2**zoom
        assert halo.buffer(px * 0.01).contains(iturup)
        # Between the island widened by 3.4 and by 3.6 pixels (quarter circles of 4 segments at corners).
        assert halo.difference(iturup.buffer(3.6 * px)).area < 1e-3 * halo.area
        assert iturup.buffer(3.4 * px).difference(halo).area < 1e-3 * halo.area


def test_epochs_and_pick_layers():
    """The pick layer of an epoch has every island's status then, in the order of the history."""
    pick = mapdata.pick_layer(DS.history, DS.islands, dt.date(1945, 8, 28), mapdata.pick_shapes(DS.islands))
    iturup = next(f["properties"] for f in pick["features"] if f["properties"]["id"] == "iturup")
    assert (iturup["controller"], iturup["since"], iturup["name_ja"]) == ("Soviet Union", "1945-08-28", "択捉島")
    assert [f["properties"]["id"] for f in pick["features"]] == list(DS.history.intervals)
