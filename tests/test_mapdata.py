"""The map's static layers: each island once with its history; a pick layer per status epoch."""

from __future__ import annotations

import datetime as dt

from kurils import dataset, deck, mapdata
from kurils.palette import rgba
from kurils.paths import DEFAULT_GEODATA

DS = dataset.load(DEFAULT_GEODATA)


def test_each_island_once_with_its_intervals():
    """One feature per island; Shumshu carries its seven intervals with the contested one in orange."""
    layer = mapdata.islands_with_history(DS.history, DS.islands)
    assert len(layer["features"]) == len(DS.islands)
    shumshu = next(f["properties"] for f in layer["features"] if f["properties"]["id"] == "shumshu")
    fills = [shumshu[f"f{k}"] for k in range(7)]
    assert fills[:3] == [rgba("russian_empire", 235), rgba("japan", 235), rgba("contested", 235)]
    assert shumshu["e6"] == mapdata.OPEN_END


def test_colour_expression_picks_the_interval_of_the_day():
    """The expression names the day number and ends with the last interval's colour."""
    expr = deck.colour_by_day("f", dt.date(1945, 8, 20), 3)
    d = mapdata.day_number(dt.date(1945, 8, 20))
    assert expr == f"properties.e0 > {d} ? properties.f0 : properties.e1 > {d} ? properties.f1 : properties.f2"


def test_epochs_and_pick_layers():
    """A day maps to the last status change on or before it; its pick layer has every island's status."""
    assert mapdata.epoch_of(DS.history, dt.date(1945, 8, 30)) == dt.date(1945, 8, 28)
    pick = mapdata.pick_layer(DS.history, DS.islands, dt.date(1945, 8, 28), mapdata.pick_shapes(DS.islands))
    iturup = next(f["properties"] for f in pick["features"] if f["properties"]["id"] == "iturup")
    assert (iturup["controller"], iturup["since"], iturup["name_ja"]) == ("Soviet Union", "1945-08-28", "択捉島")
    assert [f["properties"]["id"] for f in pick["features"]] == list(DS.history.intervals)
