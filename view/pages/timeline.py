"""Timeline page: control of every island over time, the land each state held, the events (filterable;
choosing one moves the whole app to its date), and what changed between two dates (with downloads)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from kurils.model import compare
from kurils.model.vocab import TIMELINE_START
from kurils.present import charts, words
from view import comparison, data, state

ds = data.current()
lang = state.lang()
names = data.island_names(ds, lang)
chain = ds.chain
day = state.day()
_ = state.gettext()
events = ds.events.assign(title=[ds.text("events", r, "title", lang) for r in ds.events.to_dict("records")])
st.title(_("Timeline"))
st.caption(
    _(
        "Bars: who held each island (north at the top). Thin strip under a bar: another state that claimed it. "
        "Ticks: events. Dashed rule: the selected date."
    )
)
st.altair_chart(charts.gantt(ds.history, names, chain, day, state.today(), events, lang, ds.translate), width="stretch")

st.subheader(_("Land held by each state"))
st.caption(
    _(
        "Square kilometres each state held, computed from the islands' outlines in an equal-area projection "
        "(not official). Dashed rule: the selected date."
    )
)
st.altair_chart(charts.land_held(ds.history, ds.areas, day, state.today(), lang), width="stretch")

st.subheader(_("Events"))
c1, c2 = st.columns([2, 1])
text = c1.text_input(_("Filter by words in the title or summary"), key="event_filter")
island = c2.selectbox(
    _("Filter by island"),
    [None, *chain],
    format_func=lambda i: _("All islands") if i is None else names[i],
    key="event_island",
)
table = pd.DataFrame(words.event_rows(ds, lang, names))
if text:
    needle = text.casefold()
    table = table[
        table["title"].str.casefold().str.contains(needle, regex=False)
        | table["summary"].str.casefold().str.contains(needle, regex=False)
    ]
if island:
    table = table[(table["island_ids"] == "all") | table["island_ids"].str.split(";").apply(lambda ids: island in ids)]
picked = st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    key="events_table",
    column_order=["date", "title", "summary", "islands", "certainty", "sources"],
    column_config={
        "date": _("Date"),
        "title": _("Event"),
        "summary": _("Summary"),
        "islands": _("Islands"),
        "certainty": _("Certainty"),
        "sources": _("Sources"),
    },
)
rows = picked.selection.rows if picked else []
if rows:
    chosen = table.iloc[rows[0]]
    new_day = dt.date.fromisoformat(chosen["day"])
    if new_day != state.day():
        state.move_date(new_day)
        st.rerun()
    st.success(_("The atlas is now at {day}. Open the Map page to see it.").format(day=state.day_text(new_day)))

st.subheader(_("What changed between two dates"))
default_start = compare.previous_event_day(ds.history, day) or TIMELINE_START
c1, c2 = st.columns(2)
start = c1.date_input(
    _("From"), value=default_start, min_value=TIMELINE_START, max_value=state.today(), key=f"diff_from_{day}"
)
c2.date_input(_("To (the atlas's date)"), value=day, disabled=True, key=f"diff_to_{day}")
comparison.what_changed(start, day, "timeline")
