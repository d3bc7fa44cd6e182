"""What frames every page: the sidebar's shared controls, projector mode's bar and styles, notices
about the URL, the legend. Static CSS only (built from constants, no data)."""

from __future__ import annotations

import functools

import streamlit as st

from kurils.present import i18n, mapdata
from kurils.present.i18n import N_
from kurils.present.palette import state_name
from kurils.present.textsafe import md_escape
from view import state
from view.data import STATIC

POV_LABELS = {
    "de_facto": N_("De facto (who holds what)"),
    "japan": N_("Japan's position"),
    "russia": N_("Russia's position"),
}
LAYER_LABELS = {
    "boundary": N_("Treaty boundaries and lines"),
    "claim": N_("Claims"),
    "offer": N_("Offers (1956)"),
    "admin": N_("Administrative units"),
    "labels": N_("Island names"),
    "tiles": N_("Online map tiles (needs internet)"),
}


def state_label(code: str) -> str:
    return state_name(code, state.lang())


def show_notices() -> None:
    for notice in st.session_state.pop("notices", []):
        st.warning(notice)


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
        "[data-testid='stMainBlockContainer'] { padding: 1rem 2rem !important; max-width: 100% !important; }"
        "[data-testid='stMarkdownContainer'] p { line-height: 1.45; }</style>"
    )
    c1, c2 = st.columns([4, 1.6], vertical_alignment="center")
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
    """Give the map the top of the page (static CSS, no data)."""
    st.html("<style>[data-testid='stMainBlockContainer'] { padding-top: 3.75rem; }</style>")


@functools.lru_cache(maxsize=8)
def _legend_markdown(lang: str, scale: float) -> str:
    """The legend as a PNG written once per language and size to static/ (then a URL: no image bytes
    hashed and re-sent on every run), with its entries as alternative text."""
    from kurils.present import legend as drawing

    target = STATIC / "legend" / f"v{mapdata.FORMAT}-{lang}-{scale}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(drawing.legend_png(lang, scale))
    tmp.replace(target)
    alt = "; ".join(h.get_label() for h in drawing.handles(lang))
    return f"![{md_escape(alt)}](app/static/legend/{target.name})"


def legend() -> None:
    st.markdown(_legend_markdown(state.lang(), 1.6 if state.present() else 1.0))
