"""Benchmark baseline: the naive map page, geometry inline in the deck, recoloured per date.
Every move re-sends every vertex: what the real map page avoids."""

import datetime as dt
import os

import pydeck as pdk
import streamlit as st

from kurils.model import dataset
from kurils.paths import geodata_dir
from kurils.present import deck
from kurils.present.palette import rgba


@st.cache_resource
def load():
    return dataset.load(geodata_dir())


ds = load()
day = st.slider(
    "Date",
    min_value=dt.date(1855, 2, 7),
    max_value=dt.date.today(),
    value=dt.date.fromisoformat(os.environ.get("KURILS_BENCH_START", "1945-08-17")),
    key="day",
)
status = {s.island_id: s for s in ds.history.status_at(day)}
islands = ds.islands.assign(fill=[rgba(status[i].controller, 235) for i in ds.islands["id"]])
layers = [
    deck.sea_layer(),
    pdk.Layer("GeoJsonLayer", ds.land.__geo_interface__, id="land", get_fill_color=deck.LAND_RGBA),
    pdk.Layer("GeoJsonLayer", islands.__geo_interface__, id="islands", get_fill_color="properties.fill"),
]
st.pydeck_chart(pdk.Deck(layers=layers, initial_view_state=deck.DEFAULT_VIEW, map_provider=None), height=600, key="map")
