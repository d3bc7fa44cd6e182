"""Positions page: each government's position in its own words, and what each point of view changes."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from kurils.present import i18n
from kurils.present.textsafe import md_escape, md_link
from view import chrome, data, state

ds = data.current()
sources = {s["id"]: s for s in ds.sources.to_dict("records")}

_ = state.gettext()
lang = state.lang()
names = data.island_names(ds, lang)
st.title(_("Positions"))
st.markdown(
    _(
        "The map's facts (who held, governed and claimed each island on a day) are the same from every "
        "point of view. Choosing Japan's position or Russia's position in the sidebar adds that government's "
        "own words to the tooltip and the island panel, for the islands and years they concern. "
        "The de facto view shows "
        "who holds what and adds no position."
    )
)
if lang != "en":
    st.caption(
        _(
            "Statements are translated by the atlas from the English text below "
            "unless marked as the government's own wording."
        )
    )

for pov in ("japan", "russia"):
    st.header(_(chrome.POV_LABELS[pov]))
    for p in ds.positions[ds.positions["pov"] == pov].to_dict("records"):
        with st.container(border=True):
            period = _("from {start}").format(start=state.day_text(dt.date.fromisoformat(p["valid_from"]))) + (
                " " + _("to {end}").format(end=state.day_text(dt.date.fromisoformat(p["valid_to"])))
                if p["valid_to"]
                else ""
            )
            islands = (
                _("all islands")
                if p["island_ids"] == "all"
                else i18n.join([names.get(i, i) for i in p["island_ids"].split(";")], lang)
            )
            st.caption(
                md_escape(
                    _("{who} · {period} · {islands} · whose territory: {sovereign}").format(
                        who=p["attributed_to"],
                        period=period,
                        islands=islands,
                        sovereign=chrome.state_label(p["sovereign"]),
                    )
                )
            )
            st.markdown(md_escape(ds.text("positions", p, "statement", lang)))
            if lang != "en":
                with st.expander(_("English text")):
                    st.markdown(md_escape(p["statement_en"]))
            st.markdown(
                md_escape(_("Sources:"))
                + " "
                + "; ".join(
                    md_link(sources[i]["title"], sources[i]["url"]) for i in p["source_ids"].split(";") if i in sources
                )
            )
