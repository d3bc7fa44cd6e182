"""What changed between two dates, as the map's comparison and the Timeline page show it: the list in
words (kurils.present.diff_export, with each event's sources) and its downloads, made only when clicked."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from kurils.model import compare
from kurils.present import diff_export
from view import data, state


def what_changed(start: dt.date, end: dt.date, where: str, short: bool = False) -> None:
    """The islands whose status differs between `start` and `end` (the earlier first), the events in
    between with their sources (`short`: by publisher, where the panel is narrow and re-sent on every
    move), and three downloads with the full citations (`where` tells apart two such panels' keys)."""
    ds, lang, pov = data.current(), state.lang(), st.session_state["pov"]
    _ = state.gettext()
    start, end = min(start, end), max(start, end)
    found = compare.diff(ds.history, start, end, pov)
    names = data.island_names(ds, lang)

    def markdown(short: bool = False) -> str:
        return diff_export.to_markdown(found, names, lang, ds.translate, ds.chain, ds.records["sources"], short)

    st.markdown(markdown(short))
    stem = f"kurils-diff-{start}-{end}-{pov}"
    files = {
        "md": (_("What changed (Markdown)"), markdown, "text/markdown"),
        "csv": (_("What changed (CSV)"), lambda: diff_export.to_csv(found), "text/csv"),
        "json": (_("What changed (JSON)"), lambda: diff_export.to_json(found), "application/json"),
    }
    for column, (ext, (label, make, mime)) in zip(st.columns(len(files)), files.items(), strict=True):
        column.download_button(
            label, make, f"{stem}.{ext}", mime, key=f"diff-{where}-{ext}", on_click="ignore", icon=":material/download:"
        )
