"""Positions page: each government's position in its own words, and what each point of view changes."""

from __future__ import annotations

import streamlit as st

from kurils.textsafe import md_escape, md_link
from pages import common

common.require_frame("positions")
ds = common.current()
sources = {s["id"]: s for s in ds.sources.to_dict("records")}

st.title("Positions")
st.markdown("The map's **facts** (who held, governed and claimed each island on a day) are the same from every "
            "point of view. Choosing **Japan's position** or **Russia's position** in the sidebar adds that government's "
            "own words to the tooltip and the island panel, for the islands and years they concern. The de facto view shows "
            "who holds what and adds no position.")

for pov, title in (("japan", "Japan's position"), ("russia", "Russia's position")):
    st.header(title)
    for p in ds.positions[ds.positions["pov"] == pov].to_dict("records"):
        with st.container(border=True):
            period = f"from {p['valid_from']}" + (f" to {p['valid_to']}" if p["valid_to"] else "")
            islands = "all islands" if p["island_ids"] == "all" else ", ".join(p["island_ids"].split(";"))
            st.caption(f"{md_escape(p['attributed_to'])} · {period} · {md_escape(islands)} · whose territory: {md_escape(p['sovereign'])}")
            st.markdown(md_escape(p["statement_en"]))
            st.markdown("Sources: " + "; ".join(md_link(sources[i]["title"], sources[i]["url"]) for i in p["source_ids"].split(";") if i in sources))
