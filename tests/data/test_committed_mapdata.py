"""The committed map layers: every island with its history, Shumshu's seven intervals, the pick layer
of the first Iturup landing."""

from __future__ import annotations

import datetime as dt

from kurils.present import mapdata
from kurils.present.palette import rgba


def test_committed_each_island_once_with_its_intervals(committed_ds):
    """One feature per island; Shumshu carries its seven intervals with the contested one in orange."""
    layer = mapdata.islands_with_history(committed_ds.history, committed_ds.islands)
    assert len(layer["features"]) == len(committed_ds.islands)
    shumshu = next(f["properties"] for f in layer["features"] if f["properties"]["id"] == "shumshu")
    fills = [shumshu[f"f{k}"] for k in range(7)]
    assert fills[:3] == [rgba("russian_empire", 235), rgba("japan", 235), rgba("contested", 235)]
    assert shumshu["e6"] == mapdata.OPEN_END


def test_committed_epochs_and_pick_layers(committed_ds):
    """The pick layer of an epoch has every island's status then, in the order of the history."""
    ds = committed_ds
    pick = mapdata.pick_layer(ds.history, ds.islands, dt.date(1945, 8, 28), mapdata.pick_shapes(ds.islands))
    iturup = next(f["properties"] for f in pick["features"] if f["properties"]["id"] == "iturup")
    assert (iturup["controller"], iturup["claimants"], iturup["name_ja"]) == (
        "Soviet Union",
        "Japan",
        "択捉島",
    )
    assert [f["properties"]["id"] for f in pick["features"]] == list(ds.history.intervals)
