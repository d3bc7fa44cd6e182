"""The session's state: language, point of view, island, layers and projector mode in plain session
keys, the date in one DateSync (kurils.present.datesync), all taken from the URL on a session's
first run and written back to it after every run, so every view is a link."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import streamlit as st

from kurils.present import i18n, urlstate
from kurils.present.datesync import DateSync

DATE = "date"  # the session key of the DateSync


def today() -> dt.date:
    return dt.date.today()


def lang() -> str:
    return st.session_state.get("lang") or "en"  # None when the projector bar's choice is cleared


def gettext() -> Callable[[str], str]:
    """`_` for this session's language."""
    return i18n.gettext(lang())


def day_text(day: dt.date) -> str:
    return i18n.day_text(day, lang())


def date() -> DateSync:
    return st.session_state[DATE]


def day() -> dt.date:
    """The atlas's date in this session."""
    return date().day


def move_date(day: dt.date) -> None:
    """Every page moves the date this way: the browser's map follows (see DateSync)."""
    date().server_move(day, today())


def compare_with(day: dt.date | None) -> None:
    """Start, move or end (None) the comparison with a second date: the browser's map follows."""
    date().server_compare(day, today())


def present() -> bool:
    return bool(st.session_state.get("present"))


def embedded() -> bool:
    """The map alone, in another site's frame (`embedded=1` in the link; fixed for the session)."""
    return bool(st.session_state.get("embedded"))


def init(island_ids: list[str], params: dict[str, str]) -> None:
    """On a session's first run, take the state from the URL (with notices for bad values).

    Each widget bound to a shared state has its own key `_w_<name>`, filled from the state before
    it is drawn and copied back when changed (see `widget`): Streamlit forgets a widget's key on a
    page that does not draw it, and the state must survive such pages."""
    if DATE in st.session_state:
        return
    parsed = urlstate.parse(params, island_ids, today())
    st.session_state.update(
        {
            DATE: DateSync(parsed.day, compare=parsed.compare),
            "compare_view": parsed.compare_view,
            "pov": parsed.pov,
            "island": parsed.island,
            "layers": sorted(parsed.layers),
            "lang": parsed.lang,
            "present": parsed.present,
            "embedded": parsed.embedded,
            "notices": parsed.notices,
        }
    )


def widget(draw: Callable[..., Any], name: str, *args: Any, where: str = "", **kwargs: Any) -> Any:
    """Draw a widget bound to the shared state `name` (`where` tells apart two widgets of one state)."""
    key = f"_w_{name}{where}"
    st.session_state[key] = st.session_state.get(name)
    on_change = kwargs.pop("on_change", None)

    def copy_back() -> None:
        st.session_state[name] = st.session_state[key]
        if on_change:
            on_change()

    return draw(*args, key=key, on_change=copy_back, **kwargs)


def current() -> urlstate.State:
    s = st.session_state
    return urlstate.State(
        day=day(),
        pov=s["pov"],
        island=s.get("island"),
        layers=frozenset(s["layers"] or ()),
        lang=lang(),
        present=present(),
        embedded=embedded(),
        compare=date().compare,
        compare_view=s.get("compare_view") or "side",
    )


def page_params(params: dict[str, str]) -> None:
    """A page's own URL parameters (the story's chapter) for this run; atlas.py clears them before
    each page runs."""
    st.session_state["_page_params"] = params


def sync_url() -> None:
    """Write the state back to the URL, so every view is a link."""
    wanted = {**current().to_params(), **st.session_state.get("_page_params", {})}
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)
