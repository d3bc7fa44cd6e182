"""The map page: the islands on any day, coloured by who held them, outlined by who else claimed
them; time controls, the island panel, the latest event, and the map in words."""

from __future__ import annotations

import datetime as dt
import time

import streamlit as st

from kurils import deck, mapdata, summary
from kurils.palette import CLAIM_KINDS
from kurils.textsafe import md_escape, md_link
from kurils.vocab import TIMELINE_START
from pages import common

PLAY_INTERVAL_S = 0.25
SPEEDS = {"year": "one year per step", "event": "one event per step"}

common.require_frame("map")
ds = common.current()
history = ds.history
chain = ds.chain
names = {i: r["name_en"] for i, r in ds.records["names"].items()}
events = ds.records["events"]
sources = ds.records["sources"]
feature_islands = list(history.intervals)  # the pick layer's features, in order


def set_day(day: dt.date | None) -> None:
    if day is not None:
        st.session_state["day"] = min(max(day, TIMELINE_START), common.today())


def step(direction: int) -> None:
    day = st.session_state["day"]
    set_day(summary.next_event_date(history, day) if direction > 0 else summary.previous_event_date(history, day))


def jump_to_event() -> None:
    chosen = st.session_state.get("jump")
    if chosen:
        set_day(dt.date.fromisoformat(events[chosen]["date"]))


def advance_play() -> None:
    set_day(summary.play_step(history, st.session_state["day"], st.session_state.get("speed", "event"), common.today()))


def sources_line(ids: list[str]) -> str:
    return "; ".join(md_link(sources[i]["title"], sources[i]["url"]) if i in sources else md_escape(i) for i in ids)


def island_panel(island_id: str, day: dt.date, record: dict) -> None:
    row = ds.names.set_index("id").loc[island_id]
    area = float(ds.islands.set_index("id").loc[island_id, "area_km2"])
    st.subheader(names[island_id])
    st.markdown(f"{md_escape(row['name_ru'])} · {md_escape(row['name_ja'])} ({md_escape(row['name_ja_latn'])})")
    st.markdown(f"Group: **{md_escape(row['group'])}** · area {area:,.2f} km² (computed from the outline; not official)")
    holder = "contested (fighting)" if record["controller"] == "contested" else "held by " + common.state_label(record["controller"])
    st.markdown(f"**On {day:%-d %B %Y}:** {md_escape(holder)}, administered by "
                f"{md_escape(common.state_label(record['administrator']))}; claimed by "
                f"{md_escape(', '.join(common.state_label(c) for c in record['claimants']) or 'no one')}, since {record['since']}.")
    if record["position"]:
        st.info(md_escape(record["position"]), icon=":material/account_balance:")
    st.markdown("**History**")
    for i, change in enumerate(summary.island_changes(history, island_id)):
        with st.container(border=True):
            until = f" to {change['until']}" if change["until"] else " to today"
            st.markdown(f"**{change['since']}**{until} · held by {md_escape(change['controller'])}; "
                        f"claimed by {md_escape(change['claimants'])}")
            st.caption(f"{md_escape(change['event'])} · certainty: {change['certainty']}")
            st.button("Go to this date", key=f"goto-{island_id}-{i}", on_click=set_day,
                      args=(dt.date.fromisoformat(change["since"]),))


def event_card(day: dt.date) -> None:
    event = summary.latest_event(history, day)
    if event is None:
        return
    with st.container(border=True):
        st.caption(f"What happened · latest event on or before {day:%-d %B %Y}")
        span = event["date"] + (f" to {event['date_range_end']}" if event["date_range_end"] else "")
        st.markdown(f"**{md_escape(event['title_en'])}** ({span}, {event['date_certainty']})")
        st.markdown(md_escape(event["summary_en"]))
        affected = "all islands" if event["island_ids"] == "all" else ", ".join(names.get(i, i) for i in event["island_ids"].split(";"))
        st.caption(f"Islands: {md_escape(affected)}")
        st.markdown("Sources: " + sources_line(event["source_ids"].split(";")))


playing = st.session_state.get("playing", False)


@st.fragment(run_every=PLAY_INTERVAL_S if playing else None)
def time_and_map() -> None:
    if st.session_state.get("playing") and time.monotonic() - st.session_state.get("_played_at", 0) >= PLAY_INTERVAL_S * 0.8:
        advance_play()
        st.session_state["_played_at"] = time.monotonic()
    c1, c2, c3, c4, c5 = st.columns([1, 8, 1, 1.3, 2], vertical_alignment="bottom")
    c1.button("", icon=":material/skip_previous:", help="Previous event", on_click=step, args=(-1,), width="stretch")
    common.widget(c2.slider, "day", "Date", min_value=TIMELINE_START, max_value=common.today(), format="D MMM YYYY")
    c3.button("", icon=":material/skip_next:", help="Next event", on_click=step, args=(1,), width="stretch")
    playing_now = st.session_state.get("playing", False)
    if c4.button("Pause" if playing_now else "Play", icon=":material/pause:" if playing_now else ":material/play_arrow:", width="stretch"):
        st.session_state["playing"] = not st.session_state.get("playing", False)
        st.rerun()
    common.widget(c5.selectbox, "speed", "Speed", list(SPEEDS), format_func=SPEEDS.get)

    day: dt.date = st.session_state["day"]
    pov = st.session_state["pov"]
    layers = set(st.session_state["layers"] or ())
    records = history.status_at(day, pov)
    by_id = {r["island_id"]: r for r in records}
    labels = deck.island_labels(list(ds.records["names"].values()), ds.areas)

    selected = st.session_state.get("island")
    map_col, side_col = st.columns([4, 1.4]) if selected else (st.container(), None)
    with map_col:
        chart = st.pydeck_chart(
            deck.status_deck(common.static_urls(ds), day, mapdata.epoch_of(history, day), mapdata.max_intervals(history), pov, {k for k in layers if k in (*CLAIM_KINDS, "labels")}, labels,
                             selected=st.session_state.get("island"), online_tiles="tiles" in layers),
            height=600, key="map", on_select="rerun", selection_mode="single-object",
        )
        # The pick layer's data is a URL, so Streamlit reports the clicked feature by its index there.
        picked = (chart.selection.indices.get("pick") or [None])[0] if chart and chart.selection else None
        pick_id = feature_islands[picked] if picked is not None and 0 <= picked < len(feature_islands) else None
        if pick_id != st.session_state.get("_last_pick"):
            st.session_state["_last_pick"] = pick_id
            if pick_id in names and pick_id != selected:
                st.session_state["island"] = pick_id
                st.rerun(scope="app")  # the island list lives outside this fragment
        st.caption("Fill: who held the island. Thick outline: another state that claimed it. "
                   "Lines through straits and outlines of claims are schematic.")
    if side_col is not None:
        with side_col:
            island_panel(selected, day, by_id[selected])
    event_card(day)
    st.markdown("**The map in words.** " + md_escape(summary.text_alternative(history, day, chain, records)))
    common.sync_url()


st.markdown("#### Kuril Islands: who held, governed and claimed each island, 1855 to today")
# Outside the fragment, so a date move does not re-send them: the legend, the event list (84
# options) and the island list. Choosing in either reruns the whole page.
with st.sidebar:
    st.image(common.legend_png(), width="stretch")
    st.selectbox("Jump to an event", [None, *events], key="jump", on_change=jump_to_event,
                 format_func=lambda e: "Choose an event…" if e is None else f"{events[e]['date']} · {events[e]['title_en']}")
    common.widget(st.selectbox, "island", "Island", [None, *chain], format_func=lambda i: "Choose an island…" if i is None else names[i])
common.sea_background()
time_and_map()
