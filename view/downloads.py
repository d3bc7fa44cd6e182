"""Printable PDFs (kurils.present.handout), made only when a download button is clicked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from kurils.present import handout
from view import state
from view.data import current, dataset_for


@st.cache_data(show_spinner=False, max_entries=64)
def _map_pdf(digest: str, day: dt.date, lang: str, pov: str, with_sea: bool) -> bytes:
    return handout.map_handout(dataset_for(digest), day, lang, pov, "pdf", with_sea)


@st.cache_data(show_spinner=False, max_entries=64)
def _chapter_pdf(digest: str, chapter_id: str, lang: str) -> bytes:
    return handout.chapter_pdf(dataset_for(digest), chapter_id, lang)


@st.cache_data(show_spinner=False, max_entries=8)
def _story_pdf(digest: str, lang: str) -> bytes:
    return handout.story_pdf(dataset_for(digest), lang)


# Download buttons call these makers on another thread, where the session is out of reach: they
# capture what they need now.
def chapter_pdf(chapter_id: str) -> Callable[[], bytes]:
    ds, lang = current(), state.lang()
    return lambda: _chapter_pdf(ds.fingerprint, chapter_id, lang)


def story_pdf() -> Callable[[], bytes]:
    ds, lang = current(), state.lang()
    return lambda: _story_pdf(ds.fingerprint, lang)


def handout_button(where: str) -> None:
    """Download the printable map of the current day (made only when clicked)."""
    ds, day, pov, lang = current(), state.day(), st.session_state["pov"], state.lang()
    with_sea = "sea" in (st.session_state.get("layers") or ())  # as the map shows it
    _ = state.gettext()
    st.download_button(
        _("Printable map of this date (PDF)"),
        icon=":material/print:",
        key=f"handout-{where}",
        data=lambda: _map_pdf(ds.fingerprint, day, lang, pov, with_sea),
        file_name=f"kurils-{day}-{lang}-{pov}.pdf",
        mime="application/pdf",
        on_click="ignore",
    )
