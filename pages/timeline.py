"""Timeline page: control of every island over time, and the events, filterable; choosing an event
moves the whole app to its date."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from kurils import charts
from pages import common

common.require_frame("timeline")
ds = common.current()
names = dict(zip(ds.names["id"], ds.names["name_en"]))
chain = ds.chain
day = st.session_state["day"]

st.title("Timeline")
st.caption("Bars: who held each island (north at the top). Thin strip under a bar: another state that claimed it. "
           "Ticks: events. Dashed rule: the selected date.")
st.altair_chart(charts.gantt(ds.history, names, chain, day, common.today(), ds.events), width="content")

st.subheader("Events")
c1, c2 = st.columns([2, 1])
text = c1.text_input("Filter by words in the title or summary", key="event_filter")
island = c2.selectbox("Filter by island", [None, *chain], format_func=lambda i: "All islands" if i is None else names[i], key="event_island")
table = ds.events[["date", "date_certainty", "title_en", "summary_en", "island_ids", "source_ids", "id"]]
if text:
    needle = text.casefold()
    table = table[table["title_en"].str.casefold().str.contains(needle, regex=False) | table["summary_en"].str.casefold().str.contains(needle, regex=False)]
if island:
    table = table[(table["island_ids"] == "all") | table["island_ids"].str.split(";").apply(lambda ids: island in ids)]
picked = st.dataframe(table, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key="events_table",
                      column_config={"date": "Date", "date_certainty": "Certainty", "title_en": "Event", "summary_en": "Summary",
                                     "island_ids": "Islands", "source_ids": "Sources", "id": "Id"})
rows = picked.selection.rows if picked else []
if rows:
    chosen = table.iloc[rows[0]]
    new_day = dt.date.fromisoformat(chosen["date"])
    if new_day != st.session_state["day"]:
        st.session_state["day"] = new_day
        st.rerun()
    st.success(f"The atlas is now at {new_day:%-d %B %Y}. Open the Map page to see it.")
