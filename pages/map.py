"""The map page: the islands on any day, coloured by who held them, outlined by who else claimed
them; time controls, the island panel, the latest event, and the map in words."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from kurils import deck, describe, mapview, summary
from kurils.i18n import N_
from kurils.palette import CLAIM_KINDS
from kurils.textsafe import md_escape
from kurils.vocab import TIMELINE_START
from pages import common

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


def set_day(day: dt.date | None) -> None:
    """A date move by the server (the event list, a panel's button): the map must follow it."""
    if day is not None:
        st.session_state["day"] = min(max(day, TIMELINE_START), common.today())
        st.session_state["_map_nonce"] = st.session_state.get("_map_nonce", 0) + 1


def jump_to_event() -> None:
    chosen = st.session_state.get("jump")
    if chosen:
        set_day(dt.date.fromisoformat(events[chosen]["date"]))


def map_moved() -> None:
    """The browser's map reports its date (and a clicked island): take each report once, and its
    date only if it was sent after the server's last date move (else the map is about to follow)."""
    report = mapview.parse_value(st.session_state.get("map"), common.today())
    if report is None or not mapview.is_new(report, st.session_state.get("_map_report")):
        return
    st.session_state["_map_report"] = report
    if report.nonce == st.session_state.get("_map_nonce", 0):
        st.session_state["day"] = report.day
    if report.pick in names and report.pick != st.session_state.get("island"):
        st.session_state["island"] = report.pick
        st.session_state["_picked"] = True


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


@st.fragment
def time_and_map() -> None:
    map_moved()
    if st.session_state.pop("_picked", False):
        st.rerun(scope="app")  # the island list lives outside this fragment
    day: dt.date = st.session_state["day"]
    pov = st.session_state["pov"]
    layers = set(st.session_state["layers"] or ())
    records = history.status_at(day, pov)
    labels = deck.island_labels(list(ds.records["names"].values()), ds.areas, lang)
    selected = st.session_state.get("island")
    # The same two columns whether or not an island is chosen: a change of layout would load the
    # map again (its view and Play lost). Beside the map: the island's panel, else the latest event.
    map_col, side_col = st.columns([4, 1.4])
    with map_col:
        common.map_view(mapview.spec(
            history, common.static_urls(ds), day=day, nonce=st.session_state.get("_map_nonce", 0), today=common.today(), lang=lang,
            pov=pov, shown={k for k in layers if k in (*CLAIM_KINDS, "labels")}, labels=labels, view=deck.view(), selected=selected,
            present=present, height=640 if present else 600, speed=st.session_state.get("speed", "event"), tiles="tiles" in layers,
        ), key="map")
    card = describe.event_card(ds, day, lang, names)
    with side_col:
        if selected:
            island_panel(selected, day, {r["island_id"]: r for r in records}[selected])
        elif card:
            st.container(border=True).markdown(card)
    if selected and card:
        st.container(border=True).markdown(card)
    st.markdown("**" + md_escape(_("The map in words.")) + "** "
                + md_escape(summary.text_alternative(history, day, chain, records, lang, names)))
    if not present:
        common.handout_button("map")  # here, not in the sidebar: it prints the day the server last heard
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
def speed_choice() -> None:
    """Play's speed: outside the fragment, so a date move does not re-send it (the time controls
    themselves are in the map)."""
    c1, _gap = st.columns([3.2, 6.8])
    common.widget(c1.selectbox, "speed", _("Speed"), list(SPEEDS), format_func=lambda v: _(SPEEDS[v]), label_visibility="collapsed")


common.top_padding()
speed_choice()
time_and_map()
st.caption(_("Fill: who held the island. Thick outline: another state that claimed it. "
             "Lines through straits and outlines of claims are schematic."))
if present:
    common.legend()
