"""The status map as a Streamlit component: its frontend (deck.gl, map.js) lives beside its pure
spec in kurils.present.mapview, which also a static export can serve; here it is declared and drawn."""

from __future__ import annotations

import functools
from typing import Any

from kurils.builders.vendor import PACKAGES, VERSION, target
from kurils.present.mapview import FRONTEND

NAME = "kurils_map"
# Streamlit names a component after the module that declares it; the iframe carries that title.
IFRAME_TITLE = f"{__name__}.{NAME}"
# Shown in the page, where the map would be, when deck.gl's files are missing (they ship with the
# code, so only a damaged copy lacks them): file names only, never a server path.
MISSING_MESSAGE = (
    "The map cannot be drawn: deck.gl {version} is missing from this copy of the atlas (missing: {files}). "
    "Its files ship with the code: whoever runs the server can restore them from the repository "
    "(`git checkout -- src/kurils/present/mapview/frontend/vendor`) and check them with "
    "`python -m kurils.builders.vendor --check`; then reload this page."
)


def missing_assets() -> list[str]:
    """The deck.gl bundles the map needs and the server does not have (file names). Once all are
    there they stay (they are never deleted while the server runs): no more looking."""
    global _assets_present
    if _assets_present:
        return []
    missing = [target(p).name for p in PACKAGES if not target(p).exists()]
    _assets_present = not missing
    return missing


_assets_present = False


@functools.cache
def _component() -> Any:
    import streamlit.components.v1 as components

    return components.declare_component(NAME, path=str(FRONTEND))


def map_view(spec: dict[str, Any], key: str) -> Any:
    """Draw the map component; returns its latest report (see kurils.present.datesync), or None
    with an in-page message when deck.gl is missing (checked on every run, so fetching it needs no
    restart)."""
    missing = missing_assets()
    if missing:
        import streamlit as st

        st.error(MISSING_MESSAGE.format(version=VERSION, files=", ".join(missing)), icon=":material/map:")
        return None
    return _component()(spec=spec, key=key, default=None)
