"""The committed positions as the map shows them: from each point of view, on a day in each dated
period, the tooltip names what that period's position says (not the interval's first day's), and the
card beside the map quotes it. (Third parties' positions are on the Positions page:
tests/data/test_committed_app.py.)"""

from __future__ import annotations

import datetime as dt

import pytest

from kurils.model import dataset
from kurils.paths import DEFAULT_GEODATA
from kurils.present import mapdata
from kurils.present.palette import state_name
from kurils.present.positioncard import position_card
from kurils.present.textsafe import md_escape

DS = dataset.load(DEFAULT_GEODATA)
SHAPES = mapdata.pick_shapes(DS.islands)


def tooltip(island_id: str, day: dt.date, pov: str) -> str:
    """The position text of the pick file the browser loads on `day` (the last epoch on or before it)."""
    epoch = max(e for e in DS.history.epochs() if e <= day)
    layer = mapdata.pick_layer(DS.history, DS.islands, epoch, SHAPES)
    (feature,) = [f for f in layer["features"] if f["properties"]["id"] == island_id]
    return str(feature["properties"][f"stance_{pov}"])


MAP_POSITIONS = [p for p in DS.history.positions if p.pov in mapdata.POSITION_POVS]


@pytest.mark.parametrize("position", MAP_POSITIONS, ids=lambda p: p.id)
def test_each_period_shows_its_own_words(position):
    """On the last day of every dated position (or today), the tooltip names the state that position
    gives the island to, and the card beside the map quotes it, attributed."""
    island = DS.chain[0] if position.island_ids == ("all",) else position.island_ids[0]
    last = (position.end - dt.timedelta(days=1)) if position.end else dt.date.today()
    said = {"japan": "Japanese territory", "ussr": "Soviet territory", "russia": "Russian territory"}
    assert tooltip(island, last, position.pov).endswith(
        ": " + said.get(position.sovereign, state_name(position.sovereign))
    )
    names = {r["id"]: r["name_en"] for r in DS.records["names"].values()}
    card = position_card(DS, last, position.pov, "en", names)
    assert md_escape(position.statement) in card and md_escape(position.attributed_to) in card
