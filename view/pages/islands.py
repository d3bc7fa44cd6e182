"""Islands page: a profile of each island."""

from __future__ import annotations

import pydeck as pdk
import streamlit as st

from kurils.present import deck, i18n, profiles, words
from kurils.present.textsafe import md_escape
from view import chrome, data, state

ds = data.current()
lang = state.lang()
names = data.island_names(ds, lang)
chain = ds.chain
day = state.day()
_ = state.gettext()

st.title(_("Islands"))
if not st.session_state.get("island"):
    st.session_state["island"] = chain[0]
island_id = state.widget(st.selectbox, "island", _("Island"), chain, format_func=names.get)
row = ds.names.set_index("id").loc[island_id]
feature = ds.islands.set_index("id").loc[island_id]

left, right = st.columns([3, 2])
with left:
    st.header(md_escape(names[island_id]), anchor=False)
    st.markdown(
        md_escape(
            _("English: {en} · Russian: {ru} · Japanese: {ja} ({latn})").format(
                en=row["name_en"], ru=row["name_ru"], ja=row["name_ja"], latn=row["name_ja_latn"]
            )
        )
    )
    st.markdown(md_escape(_("Group: {group}").format(group=_(words.GROUPS.get(row["group"], row["group"])))))
    area = _("Area: {area} km² computed from the GSHHG outline (with its islets; not official)").format(
        area=f"{float(feature['area_km2']):,.2f}"
    )
    if row["official_area_km2"]:
        area += "; " + _("published figure {area} km² (source: {source})").format(
            area=f"{float(row['official_area_km2']):,g}",
            source=words.source_titles(ds.records["sources"], row["area_source_id"]) or _("not recorded"),
        )
    st.markdown(md_escape(area))
    if feature["outline"] == "marker":
        st.caption(
            _(
                "This island is below GSHHG's resolution: "
                "the map shows a circle of its published area at its sourced position."
            )
        )
    units = profiles.admin_units(ds.claims, island_id, day)
    st.markdown(
        md_escape(_("Administrative units on {day}:").format(day=state.day_text(day)))
        + " "
        + md_escape(
            "; ".join(f"{chrome.state_label(p)}: {i18n.join(n, lang)}" for p, n in units.items()) or _("none recorded")
        )
    )
    st.subheader(_("Population"))
    pop = profiles.population_rows(ds.population, island_id)
    if pop.empty:
        st.caption(_("No published figure found for this island."))
    else:
        st.dataframe(
            words.population_table(ds, pop.to_dict("records"), lang),
            hide_index=True,
            width="stretch",
            column_config={
                "year": st.column_config.NumberColumn(_("Year"), format="%d"),
                "population": st.column_config.NumberColumn(_("Population"), format="localized"),
                "who": _("Who"),
                "sources": _("Sources"),
            },
        )
with right:
    minx, miny, maxx, maxy = feature.geometry.bounds
    view = pdk.ViewState(
        longitude=(minx + maxx) / 2,
        latitude=(miny + maxy) / 2,
        zoom=max(4.5, min(11.0, 8.6 - 1.3 * max(maxx - minx, maxy - miny) ** 0.5 * 1.6)),
    )
    one = ds.islands[ds.islands["id"] == island_id]
    small = pdk.Deck(
        layers=[
            deck.sea_layer(),
            pdk.Layer(
                "GeoJsonLayer",
                one.__geo_interface__,
                id="island",
                get_fill_color=deck.ISLAND_RGBA,
                get_line_color=deck.OUTLINE_RGBA,
                line_width_min_pixels=1,
            ),
        ],
        initial_view_state=view,
        map_provider=None,
    )
    st.pydeck_chart(small, height=360, key=f"small-{island_id}")

st.subheader(_("History"))
st.dataframe(
    words.island_changes(ds, island_id, lang),
    hide_index=True,
    width="stretch",
    column_config={
        "since": _("From"),
        "until": _("To"),
        "controller": _("Held by"),
        "administrator": _("Administered by"),
        "claimants": _("Claimed by"),
        "event": _("Event"),
        "certainty": _("Certainty"),
        "sources": _("Sources"),
    },
)
