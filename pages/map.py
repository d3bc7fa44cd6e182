"""The map page: every island over the offline land layer."""

import streamlit as st

from kurils import deck
from pages.common import load_or_report

data = load_or_report()
st.title("Kuril Islands")
st.caption("Island shapes: GSHHG 2.3.7 full resolution (LGPL-3.0-or-later). No tile server: the land layer is offline.")
st.pydeck_chart(deck.overview_deck(data.islands, data.land), height=720, key="map")
st.caption(f"{len(data.islands)} named islands. Areas are computed from this geometry, not official figures.")
