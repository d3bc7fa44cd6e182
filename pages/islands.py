"""Islands page: a profile of each island."""

from __future__ import annotations

import pydeck as pdk
import streamlit as st

from kurils import deck, profiles, summary
from kurils.textsafe import md_escape
from pages import common

common.require_frame("islands")
ds = common.current()
names = dict(zip(ds.names["id"], ds.names["name_en"]))
chain = ds.chain
day = st.session_state["day"]

st.title("Islands")
if not st.session_state.get("island"):
    st.session_state["island"] = chain[0]
island_id = common.widget(st.selectbox, "island", "Island", chain, format_func=names.get)
row = ds.names.set_index("id").loc[island_id]
feature = ds.islands.set_index("id").loc[island_id]

left, right = st.columns([3, 2])
with left:
    st.header(names[island_id])
    st.markdown(f"**Russian:** {md_escape(row['name_ru'])}  \n**Japanese:** {md_escape(row['name_ja'])} ({md_escape(row['name_ja_latn'])})  \n"
                f"**Group:** {md_escape(row['group'])}")
    area = f"**Area:** {float(feature['area_km2']):,.2f} km² computed from the GSHHG outline (with its islets; not official)"
    if row["official_area_km2"]:
        area += f"; published figure {float(row['official_area_km2']):,g} km² (source: {md_escape(row['area_source_id'])})"
    st.markdown(area)
    if feature["outline"] == "marker":
        st.caption("This island is below GSHHG's resolution: the map shows a circle of its published area at its sourced position.")
    if row["note"]:
        st.caption(md_escape(row["note"]))
    units = profiles.admin_units(ds.claims, island_id, day)
    st.markdown(f"**Administrative units on {day:%-d %B %Y}:** " + (
        "; ".join(f"{md_escape(common.state_label(p))}: {md_escape(', '.join(n))}" for p, n in units.items()) or "none recorded"))
    st.subheader("Population")
    pop = profiles.population_rows(ds.population, island_id)
    if pop.empty:
        st.caption("No published figure found for this island.")
    else:
        st.dataframe(pop, hide_index=True, width="stretch")
with right:
    minx, miny, maxx, maxy = feature.geometry.bounds
    view = pdk.ViewState(longitude=(minx + maxx) / 2, latitude=(miny + maxy) / 2, zoom=max(4.5, min(11.0, 8.6 - 1.3 * max(maxx - minx, maxy - miny) ** 0.5 * 1.6)))
    one = ds.islands[ds.islands["id"] == island_id]
    small = pdk.Deck(layers=[deck.sea_layer(), pdk.Layer("GeoJsonLayer", one.__geo_interface__, id="island", get_fill_color=deck.ISLAND_RGBA,
                                                          get_line_color=deck.OUTLINE_RGBA, line_width_min_pixels=1)],
                     initial_view_state=view, map_provider=None)
    st.pydeck_chart(small, height=360, key=f"small-{island_id}")

st.subheader("History")
st.dataframe(summary.island_changes(ds.history, island_id), hide_index=True, width="stretch")
