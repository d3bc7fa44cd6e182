"""The map page: the islands on any day, coloured by who held them, outlined by who else claimed
them; time controls, the island panel, the latest event, and the map in words."""

from __future__ import annotations

import datetime as dt
import time

import streamlit as st

from kurils import deck, describe, mapdata, summary
from kurils.i18n import N_
from kurils.palette import CLAIM_KINDS
from kurils.textsafe import md_escape
from kurils.vocab import TIMELINE_START
from pages import common

PLAY_INTERVAL_S = 0.25
DATE_FORMATS = {"en": "D MMM YYYY", "ja": "YYYY年M月D日", "ru": "DD.MM.YYYY"}  # the slider's label (day.js format)
SPEEDS = {"year": N_("one year per step"), "event": N_("one event per step")}

common.require_frame("map")
ds = common.current()
history = ds.history
chain = ds.chain
names = common.island_names()
lang = common.lang()
_ = common.gettext()
present = bool(st.session_state.get("present"))
events = ds.records["events"]
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


def island_panel(island_id: str, day: dt.date, record: dict) -> None:
    st.subheader(md_escape(names[island_id]), anchor=False)
    st.markdown("\n\n".join(describe.island_header(ds, island_id, day, record, lang)))
    position = describe.position(ds, record, lang)
    if position:
        st.info(position, icon=":material/account_balance:")
    st.markdown("**" + md_escape(_("History")) + "**")
    for i, (since, text) in enumerate(describe.history_entries(ds, island_id, lang)):
        with st.container(border=True):
            st.markdown(text)
            st.button(_("Go to this date"), key=f"goto-{island_id}-{i}", on_click=set_day, args=(dt.date.fromisoformat(since),))


playing = st.session_state.get("playing", False)


@st.fragment(run_every=PLAY_INTERVAL_S if playing else None)
def time_and_map() -> None:
    if st.session_state.get("playing") and time.monotonic() - st.session_state.get("_played_at", 0) >= PLAY_INTERVAL_S * 0.8:
        advance_play()
        st.session_state["_played_at"] = time.monotonic()
    common.widget(st.slider, "day", _("Date"), min_value=TIMELINE_START, max_value=common.today(), format=DATE_FORMATS[lang])
    day: dt.date = st.session_state["day"]
    pov = st.session_state["pov"]
    layers = set(st.session_state["layers"] or ())
    records = history.status_at(day, pov)
    by_id = {r["island_id"]: r for r in records}
    labels = deck.island_labels(list(ds.records["names"].values()), ds.areas, lang)

    selected = st.session_state.get("island")
    map_col, side_col = st.columns([4, 1.4]) if selected else (st.container(), None)
    with map_col:
        chart = st.pydeck_chart(
            deck.status_deck(common.static_urls(ds), day, mapdata.epoch_of(history, day), mapdata.max_intervals(history), pov, {k for k in layers if k in (*CLAIM_KINDS, "labels")}, labels,
                             selected=st.session_state.get("island"), online_tiles="tiles" in layers, lang=lang, present=present),
            height=640 if present else 600, key="map", on_select="rerun", selection_mode="single-object",
        )
        # The pick layer's data is a URL, so Streamlit reports the clicked feature by its index there.
        picked = (chart.selection.indices.get("pick") or [None])[0] if chart and chart.selection else None
        pick_id = feature_islands[picked] if picked is not None and 0 <= picked < len(feature_islands) else None
        if pick_id != st.session_state.get("_last_pick"):
            st.session_state["_last_pick"] = pick_id
            if pick_id in names and pick_id != selected:
                st.session_state["island"] = pick_id
                st.rerun(scope="app")  # the island list lives outside this fragment
    if side_col is not None:
        with side_col:
            island_panel(selected, day, by_id[selected])
    card = describe.event_card(ds, day, lang, names)
    if card:
        st.container(border=True).markdown(card)
    st.markdown("**" + md_escape(_("The map in words.")) + "** "
                + md_escape(summary.text_alternative(history, day, chain, records, lang, names)))
    common.sync_url()


st.markdown("#### " + md_escape(_("Kuril Islands: who held, governed and claimed each island, 1855 to today")))
# Outside the fragment, so a date move does not re-send them: the legend, the event list (84
# options) and the island list. Choosing in either reruns the whole page. In projector mode the
# sidebar is hidden: the legend goes under the map.
if not present:
    with st.sidebar:
        common.legend()
        labels = common.event_labels()
        st.selectbox(_("Jump to an event"), [None, *events], key="jump", on_change=jump_to_event, placeholder=labels[None],
                     format_func=labels.get)
        common.widget(st.selectbox, "island", _("Island"), [None, *chain], format_func=lambda i: _("Choose an island…") if i is None else names[i],
                      placeholder=_("Choose an island…"))
        common.handout_button("map")
def toggle_play() -> None:
    st.session_state["playing"] = not st.session_state.get("playing", False)


def time_buttons() -> None:
    """Previous/next event, Play/Pause and speed: outside the fragment, so a slider move does not
    re-send them (pressing one reruns the page, which redraws the fragment too)."""
    c1, c2, c3, c4, _gap = st.columns([1, 1, 1.6, 2.4, 4], vertical_alignment="bottom")
    c1.button("", icon=":material/skip_previous:", help=_("Previous event"), on_click=step, args=(-1,), width="stretch")
    c2.button("", icon=":material/skip_next:", help=_("Next event"), on_click=step, args=(1,), width="stretch")
    c3.button(_("Pause") if playing else _("Play"), icon=":material/pause:" if playing else ":material/play_arrow:", on_click=toggle_play,
              width="stretch")
    common.widget(c4.selectbox, "speed", _("Speed"), list(SPEEDS), format_func=lambda v: _(SPEEDS[v]), label_visibility="collapsed")


common.sea_background()
time_buttons()
time_and_map()
st.caption(_("Fill: who held the island. Thick outline: another state that claimed it. "
             "Lines through straits and outlines of claims are schematic."))
if present:
    common.legend()
