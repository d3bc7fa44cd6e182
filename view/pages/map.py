"""The map page: the islands on any day, coloured by who held them, outlined by who else claimed
them; time controls, the island panel, the latest event, and the map in words."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from kurils.model import compare
from kurils.model.timeline import Status
from kurils.present import citations, mapview, sea, words
from kurils.present.palette import CLAIM_KINDS
from kurils.present.positioncard import position_card
from kurils.present.textsafe import md_escape
from view import animation, chrome, comparison, data, downloads, embed, state
from view.mapcomponent import map_view

ds = data.current()
lang = state.lang()
names = data.island_names(ds, lang)
_ = state.gettext()
present = state.present()
events = ds.records["events"]


def jump_to_event() -> None:
    chosen = st.session_state.get("jump")
    if chosen:
        state.move_date(dt.date.fromisoformat(events[chosen]["date"]))


def map_moved() -> None:
    """The browser's map reports its date and perhaps a clicked island."""
    pick = state.date().take(st.session_state.get("map"), state.today())
    if pick in names and pick != st.session_state.get("island"):
        st.session_state["island"] = pick
        st.session_state["_picked"] = True


def island_panel(status: Status, day: dt.date) -> None:
    st.subheader(md_escape(names[status.island_id]), anchor=False)
    st.markdown("\n\n".join(words.island_header(ds, status, day, lang)))
    position = words.position(ds, status, lang)
    if position:
        st.info(position, icon=":material/account_balance:")
    cited = list(status.interval.source_ids)
    st.markdown(
        md_escape(_("Sources for this status:")) + " " + citations.citations(ds.records["sources"], cited, lang)
    )
    source_quotes(cited)
    st.markdown("**" + md_escape(_("History")) + "**")
    for i, (since, text) in enumerate(words.history_entries(ds, status.island_id, lang)):
        with st.container(border=True):
            st.markdown(text)
            st.button(
                _("Go to this date"),
                key=f"goto-{status.island_id}-{i}",
                on_click=state.move_date,
                args=(dt.date.fromisoformat(since),),
            )


def event_card(card: str, day: dt.date) -> None:
    """The latest event's card (words.event_card), the quotes of its sources under it."""
    with st.container(border=True):
        st.markdown(card)
        source_quotes(ds.history.latest_event(day)["source_ids"].split(";"))


def source_quotes(ids: list[str]) -> None:
    with st.expander(_("What the sources say")):
        st.markdown(citations.quotes(ds.records["sources"], ids, lang))


def compare_default(day: dt.date) -> dt.date:
    """What "Compare with…" starts from: the previous event (else the next one, else today)."""
    later = [d for d in ds.history.event_dates if d > day]
    return compare.previous_event_day(ds.history, day) or (later[0] if later else state.today())


def keep_a_layout() -> None:
    """Clicking the chosen layout again would choose none: keep side by side."""
    st.session_state["compare_view"] = st.session_state["compare_view"] or "side"


def comparison_controls(day: dt.date, other: dt.date | None) -> None:
    """One click into a comparison, one click out; while comparing, its layout and what changed."""
    if other is None:
        st.button(
            _("Compare with…"),
            icon=":material/compare:",
            on_click=state.compare_with,
            args=(compare_default(day),),
            help=_("Shows the map of the previous event beside this one; then move either date."),
            width="stretch",
        )
        return
    st.button(
        _("Leave the comparison"), icon=":material/close:", on_click=state.compare_with, args=(None,), width="stretch"
    )
    state.widget(
        st.segmented_control,
        "compare_view",
        _("Show the two dates"),
        list(mapview.LAYOUTS),
        format_func=lambda v: _(mapview.LAYOUTS[v]),
        on_change=keep_a_layout,
    )
    with st.container(border=True):
        comparison.what_changed(other, day, "map", short=True)


def map_spec(day: dt.date, layers: set[str], selected: str | None, other: dt.date | None, below: int = 16) -> dict:
    return mapview.spec(
        ds.history,
        data.static_urls(ds),
        day=day,
        nonce=state.date().moves,
        today=state.today(),
        lang=lang,
        pov=st.session_state["pov"],
        shown={k for k in layers if k in (*CLAIM_KINDS, "labels", "events", "forces", "sea")},
        bounds=data.chain_bounds(ds),
        selected=selected,
        present=present,
        tiles="tiles" in layers,
        compare=other,
        layout=st.session_state.get("compare_view") or "side",
        below=below,
    )


def map_in_words(statuses: list[Status], day: dt.date, layers: set[str]) -> str:
    land = data.land_sentence(ds, day, lang)
    at_sea = sea.sentence(ds.maritime, day, lang) if "sea" in layers else ""
    text = md_escape(words.text_alternative(statuses, day, ds.chain, lang, names)) + " " + md_escape(land)
    return text + ("  \n" + md_escape(at_sea) if at_sea else "")


@st.fragment
def time_and_map() -> None:
    map_moved()
    if st.session_state.pop("_picked", False):
        st.rerun(scope="app")  # the island list lives outside this fragment
    day, pov = state.day(), st.session_state["pov"]
    layers = set(st.session_state["layers"] or ())
    statuses = ds.history.status_at(day, pov)
    selected = st.session_state.get("island")
    other = state.date().compare
    if state.embedded():
        embedded_map(day, layers, selected, other, statuses)
        return
    # The same two columns whether or not an island is chosen: a change of layout would load the
    # map again (its view and Play lost). Beside the map: the island's panel, else the latest event.
    map_col, side_col = st.columns([4, 1.4])
    with map_col:
        map_view(map_spec(day, layers, selected, other), key="map")
    card = words.event_card(ds, day, lang, names)
    with side_col:
        comparison_controls(day, other)
        if pov != "de_facto":  # the de-facto view says what it shows in the map's legend
            with st.container(border=True):
                st.markdown("**" + md_escape(_(chrome.POV_LABELS[pov])) + "**")
                st.markdown(position_card(ds, day, pov, lang, names))
        if selected:
            island_panel(next(s for s in statuses if s.island_id == selected), day)
        elif card and other is None:
            event_card(card, day)
        st.caption(md_escape(data.land_sentence(ds, day, lang)))
    if card and selected and other is None:  # comparing, the panel lists the events between the dates
        event_card(card, day)
    st.markdown("**" + md_escape(_("The map in words.")) + "** " + map_in_words(statuses, day, layers))
    if not present:
        c1, c2 = st.columns(2)
        with c1:
            downloads.handout_button("map")  # here, not in the sidebar: it prints the day the server last heard
        with c2:
            embed.control()
    state.sync_url()


def embedded_map(
    day: dt.date, layers: set[str], selected: str | None, other: dt.date | None, statuses: list[Status]
) -> None:
    """The map alone, in another site's frame: its controls and legend are in the map; under it the
    way to the whole atlas, and the map in words for those who cannot see it."""
    map_view(map_spec(day, layers, selected, other, below=embed.BELOW_MAP), key="map")
    embed.footer()
    with st.expander(_("The map in words.")):
        st.markdown(map_in_words(statuses, day, layers))
    state.sync_url()


if not state.embedded():
    chrome.page_title(_("Kuril Islands: who held, governed and claimed each island, 1855 to today"))
# Outside the fragment, so a date move does not re-send them: the event list (84 options) and the
# island list. Choosing in either reruns the whole page. The legend is on the map.
if not present and not state.embedded():
    with st.sidebar:
        labels = data.event_labels(ds, lang)
        st.selectbox(
            _("Jump to an event"),
            [None, *events],
            key="jump",
            on_change=jump_to_event,
            placeholder=labels[None],
            format_func=labels.get,
        )
        state.widget(
            st.selectbox,
            "island",
            _("Island"),
            [None, *ds.chain],
            format_func=lambda i: _("Choose an island…") if i is None else names[i],
            placeholder=_("Choose an island…"),
        )
        animation.download_button(ds)
chrome.top_padding()
time_and_map()
st.caption(_("Lines through straits and outlines of claims are schematic."))
