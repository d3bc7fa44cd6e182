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
    if day is not None:
        st.session_state["day"] = min(max(day, TIMELINE_START), common.today())


def step(direction: int) -> None:
    day = st.session_state["day"]
    set_day(summary.next_event_date(history, day) if direction > 0 else summary.previous_event_date(history, day))


def jump_to_event() -> None:
    chosen = st.session_state.get("jump")
    if chosen:
        set_day(dt.date.fromisoformat(events[chosen]["date"]))


def map_moved() -> None:
    """The browser's map reports its date (and a clicked island): take it, once per report."""
    report = mapview.parse_value(st.session_state.get("map"), common.today())
    if report is None or not mapview.is_new(report, st.session_state.get("_map_report")):
        return
    st.session_state["_map_report"] = report
    day, pick = report.day, report.pick
    st.session_state["day"] = st.session_state["_map_day"] = day
    if pick in names and pick != st.session_state.get("island"):
        st.session_state["island"] = pick
        st.session_state["_picked"] = True


def map_nonce() -> int:
    """Changes whenever the date here is not the one the browser last reported: the server moved it
    (a button, the event list, the URL), so the browser must follow; otherwise it keeps its own."""
    if st.session_state["day"] != st.session_state.get("_map_day"):
        st.session_state["_map_day"] = st.session_state["day"]
        st.session_state["_map_nonce"] = st.session_state.get("_map_nonce", 0) + 1
    return st.session_state.get("_map_nonce", 0)


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
    nonce = map_nonce()
    day: dt.date = st.session_state["day"]
    pov = st.session_state["pov"]
    layers = set(st.session_state["layers"] or ())
    records = history.status_at(day, pov)
    labels = deck.island_labels(list(ds.records["names"].values()), ds.areas, lang)
    selected = st.session_state.get("island")
    map_col, side_col = st.columns([4, 1.4]) if selected else (st.container(), None)
    with map_col:
        mapview.map_view(mapview.spec(
            history, common.static_urls(ds), day=day, nonce=nonce, today=common.today(), lang=lang, pov=pov,
            shown={k for k in layers if k in (*CLAIM_KINDS, "labels")}, labels=labels, view=deck.view(), selected=selected,
            present=present, height=640 if present else 600, speed=st.session_state.get("speed", "event"), tiles="tiles" in layers,
        ), key="map")
    if side_col is not None:
        with side_col:
            island_panel(selected, day, {r["island_id"]: r for r in records}[selected])
    card = describe.event_card(ds, day, lang, names)
    if card:
        st.container(border=True).markdown(card)
    st.markdown("**" + md_escape(_("The map in words.")) + "** "
                + md_escape(summary.text_alternative(history, day, chain, records, lang, names)))
    if not present:
        common.handout_button("map")  # here, not in the sidebar: it must print the day the map shows now
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
def time_buttons() -> None:
    """Previous/next event and Play's speed: outside the fragment, so a date move does not re-send
    them (pressing one reruns the page, which redraws the fragment too). Play is in the map itself."""
    c1, c2, c3, _gap = st.columns([1, 1, 2.4, 5.6], vertical_alignment="bottom")
    c1.button("", icon=":material/skip_previous:", help=_("Previous event"), on_click=step, args=(-1,), width="stretch")
    c2.button("", icon=":material/skip_next:", help=_("Next event"), on_click=step, args=(1,), width="stretch")
    common.widget(c3.selectbox, "speed", _("Speed"), list(SPEEDS), format_func=lambda v: _(SPEEDS[v]), label_visibility="collapsed")


common.top_padding()
time_buttons()
time_and_map()
st.caption(_("Fill: who held the island. Thick outline: another state that claimed it. "
             "Lines through straits and outlines of claims are schematic."))
if present:
    common.legend()
