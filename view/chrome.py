"""What frames every page: the sidebar's shared controls, projector mode's bar and styles, notices
about the URL, the legend. Static CSS only (built from constants, no data)."""

from __future__ import annotations

import streamlit as st

from kurils.present import i18n
from kurils.present.i18n import N_
from kurils.present.palette import state_name
from kurils.present.textsafe import md_escape
from view import state

POV_LABELS = {
    "de_facto": N_("De facto (who holds what)"),
    "japan": N_("Japan's position"),
    "russia": N_("Russia's position"),
}
# Whose stated positions the Positions page lists (positions.csv `pov`); the map draws POV_LABELS' only.
PARTY_LABELS = {
    "japan": POV_LABELS["japan"],
    "russia": N_("Russia's position (until 26 December 1991, the Soviet Union's)"),
    "united_states": N_("The United States' position"),
    "ainu": N_("Positions of Ainu organisations"),
}
LAYER_LABELS = {
    "boundary": N_("Treaty boundaries and lines"),
    "claim": N_("Claims"),
    "offer": N_("Offers (1956)"),
    "admin": N_("Administrative units"),
    "labels": N_("Island names"),
    "events": N_("Where events happened"),
    "forces": N_("Military and incidents"),
    "sea": N_("Sea zones"),
    "tiles": N_("Online map tiles (needs internet)"),
}


def state_label(code: str) -> str:
    return state_name(code, state.lang())


def show_notices() -> None:
    """What the link asked for and could not have: one box, a line per parameter (urlstate.parse)."""
    notices = st.session_state.pop("notices", [])
    if notices:
        st.warning("  \n".join(notices), icon=":material/link_off:")


def sidebar() -> None:
    """Language, projector mode, point of view and layers: the controls shared by every page. In
    projector mode the sidebar is hidden, and the page shows its own way out (present_bar)."""
    _ = state.gettext()
    with st.sidebar:
        state.widget(st.selectbox, "lang", "Language · 言語 · Язык", list(i18n.LANGS), format_func=i18n.LANG_NAMES.get)
        state.widget(st.toggle, "present", _("Projector mode"), help=_("Large type and map, no sidebar, high contrast"))
        state.widget(st.radio, "pov", _("Point of view"), list(POV_LABELS), format_func=lambda v: _(POV_LABELS[v]))
        state.widget(
            st.pills,
            "layers",
            _("Layers"),
            list(LAYER_LABELS),
            format_func=lambda v: _(LAYER_LABELS[v]),
            selection_mode="multi",
        )


def present_bar() -> None:
    """Projector mode: hide the chrome, enlarge the type, and offer the language and the way out."""
    if not state.present():
        return
    _ = state.gettext()
    st.html(
        "<style>[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], header[data-testid='stHeader'],"
        "[data-testid='stToolbar'] { display: none !important; }"
        "html { font-size: 22px; }"
        "[data-testid='stMainBlockContainer'] { padding: .5rem 1.5rem !important; max-width: 100% !important; }"
        "[data-testid='stMarkdownContainer'] p { line-height: 1.45; }"
        ".st-key-page_title h4 { font-size: 1.05rem; padding: 0; }"
        ".st-key-present_bar button { min-height: 0; padding-top: .15rem; padding-bottom: .15rem; }</style>"
    )
    c1, c2 = st.container(key="present_bar").columns([4, 1.6], vertical_alignment="center")
    with c1:
        state.widget(
            st.segmented_control,
            "lang",
            _("Language"),
            list(i18n.LANGS),
            format_func=i18n.LANG_NAMES.get,
            label_visibility="collapsed",
            where="_bar",
        )
    c2.button(
        _("Exit projector mode"),
        icon=":material/close_fullscreen:",
        on_click=lambda: st.session_state.update(present=False),
        width="stretch",
    )


def top_padding() -> None:
    """Give the map the top of the page (static CSS, no data); on a phone the map comes first and
    the page's title goes to the end."""
    # The scrollbar's room is kept: a panel that grows past the screen would otherwise narrow the page
    # by a scrollbar, and the map would refit its view (the islands jump under the reader's eyes).
    if state.embedded():  # in another site's frame: no header to clear, every pixel for the map
        st.html("<style>[data-testid='stMainBlockContainer'] { padding: .25rem .5rem 0 !important; }</style>")
        return
    st.html(
        "<style>[data-testid='stMainBlockContainer'] { padding-top: 3.75rem; }"
        "[data-testid='stMain'] { scrollbar-gutter: stable; }"
        "@media (max-width: 640px) { [data-testid='stMainBlockContainer'] { padding: 3.25rem .5rem 1rem; }"
        " div:has(> .st-key-page_title) { order: 99; } }</style>"
    )


def page_title(text: str) -> None:
    """The page's title, in a container the styles can find (top_padding, present_bar)."""
    st.container(key="page_title").markdown("#### " + md_escape(text))
