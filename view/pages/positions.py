"""Positions page: each party's stated position in its own words, dated, the one in force on the chosen
day first; and what each point of view changes on the map."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from kurils.model.vocab import TIMELINE_START
from kurils.present import citations, i18n
from kurils.present.textsafe import md_escape
from view import chrome, data, state

ds = data.current()
sources = ds.records["sources"]
day = state.day()

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
        "who holds what and adds no position. Each position is dated: it is shown as stated in its period, "
        "never projected backwards. The positions of other parties are listed here; the map does not draw them."
    )
)
if lang != "en":
    st.caption(
        _(
            "Statements are translated by the atlas from the English text below "
            "unless marked as the government's own wording."
        )
    )


def period_text(p: dict[str, Any]) -> str:
    start = _("from {start}").format(start=state.day_text(dt.date.fromisoformat(p["valid_from"])))
    if not p["valid_to"]:
        return start
    return start + " " + _("to {end}").format(end=state.day_text(dt.date.fromisoformat(p["valid_to"])))


def in_force(p: dict[str, Any]) -> bool:
    return p["valid_from"] <= day.isoformat() and (not p["valid_to"] or day.isoformat() < p["valid_to"])


def show(p: dict[str, Any]) -> None:
    with st.container(border=True):
        islands = (
            _("all islands")
            if p["island_ids"] == "all"
            else i18n.join([names.get(i, i) for i in p["island_ids"].split(";")], lang)
        )
        st.caption(
            md_escape(
                _("{who} · {period} · {islands} · whose territory: {sovereign}").format(
                    who=p["attributed_to"],
                    period=period_text(p),
                    islands=islands,
                    sovereign=chrome.state_label(p["sovereign"]),
                )
            )
        )
        st.markdown(md_escape(ds.text("positions", p, "statement", lang)))
        if lang != "en":
            with st.expander(_("English text")):
                st.markdown(md_escape(p["statement_en"]))
        cited = p["source_ids"].split(";")
        st.markdown(md_escape(_("Sources:")) + " " + citations.citations(sources, cited, lang))
        with st.expander(_("What the sources say")):
            st.markdown(citations.quotes(sources, cited, lang))


def moved() -> None:
    state.move_date(st.session_state["_w_positions_day"])


st.session_state["_w_positions_day"] = day  # the shared date owns the value (state.widget's pattern)
st.date_input(
    _("Positions in force on"),
    key="_w_positions_day",
    min_value=TIMELINE_START,
    max_value=state.today(),
    on_change=moved,
)
positions = ds.positions.to_dict("records")
for party, label in chrome.PARTY_LABELS.items():
    own = [p for p in positions if p["pov"] == party]
    if not own:
        continue
    st.header(_(label))
    now = [p for p in own if in_force(p)]
    for p in now:
        show(p)
    if not now:
        st.markdown(md_escape(_("No stated position of this party is recorded for this day.")))
    others = [p for p in own if not in_force(p)]
    if others:
        with st.expander(_("Its other periods ({n})").format(n=len(others))):
            for p in others:
                show(p)
