""" "Embed this view" on the map page, and the line under the map when the atlas is itself the
embedded frame (kurils.present.embed builds the addresses and the snippet)."""

from __future__ import annotations

import streamlit as st

from kurils.present import embed
from kurils.present.textsafe import md_escape, md_link
from view import state

BELOW_MAP = 100  # pixels under the embedded map: the line to the atlas and the closed "map in words"


def _root() -> str | None:
    """The atlas's address as the visitor's browser sees it (behind a proxy too)."""
    return embed.app_root(st.context.url or "")


def control() -> None:
    """A popover with the <iframe> of the current view, ready to copy."""
    _ = state.gettext()
    with st.popover(_("Embed this view"), icon=":material/code:", width="stretch"):
        root = _root()
        if root is None:
            st.caption(md_escape(_("This page's address is not known yet; reload the page and try again.")))
            return
        st.markdown(
            md_escape(
                _(
                    "Paste this into a web page: it shows this map (date, point of view, language, layers and "
                    "compared date) with its time controls and legend, without the atlas's menus."
                )
            )
        )
        st.code(embed.snippet(root, state.current()), language="html", wrap_lines=True)


def footer() -> None:
    """Under the embedded map: where it comes from, and this view in the whole atlas."""
    _ = state.gettext()
    root, line = _root(), md_escape(_("Kuril Islands atlas"))
    if root:
        line += " · " + md_link(_("Open this view in the atlas"), embed.view_url(root, state.current(), embedded=False))
    st.caption(line)
