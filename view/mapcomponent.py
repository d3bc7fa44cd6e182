"""The status map as a Streamlit component: its frontend (deck.gl, map.js) lives beside its pure
spec in kurils.present.mapview, which also a static export can serve; here it is declared and drawn."""

from __future__ import annotations

import functools
from typing import Any

from kurils.builders.vendor import PACKAGES, target
from kurils.present.mapview import FRONTEND

NAME = "kurils_map"
# Streamlit names a component after the module that declares it; the iframe carries that title.
IFRAME_TITLE = f"{__name__}.{NAME}"


@functools.cache
def _component() -> Any:
    import streamlit.components.v1 as components

    missing = [str(target(p)) for p in PACKAGES if not target(p).exists()]
    if missing:
        raise RuntimeError(
            f"deck.gl is missing ({', '.join(missing)}): run `make` or `python -m kurils.builders.vendor`"
        )
    return components.declare_component(NAME, path=str(FRONTEND))


def map_view(spec: dict[str, Any], key: str) -> Any:
    """Draw the map component; returns its latest report (see kurils.present.datesync)."""
    return _component()(spec=spec, key=key, default=None)
