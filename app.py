"""kurils app: `streamlit run app.py` (also what `make app`, the container, compose and Kubernetes
run) serves the atlas (atlas.py, the router of view/pages/) with the headers of tools.headers on
every HTTP response (CSP with only the app's own origin, X-Frame-Options, nosniff, ...) and the
per-client limits of tools.limits on its WebSocket, so a single-server install has safe defaults.
Streamlit 1.67 has no config option for response headers; its supported hook is
`st.App(script, middleware=[...])`, an ASGI app that `streamlit run` finds in a launcher script like
this one. Nothing of Streamlit is patched. KURILS_ONLINE_TILES=1 lets the map's online tiles load
(see tools.headers)."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

ROOT = Path(__file__).resolve().parent  # the checkout: atlas.py, tools/
if str(ROOT) not in sys.path:  # `streamlit run` puts this folder on the path; an import may not
    sys.path.insert(0, str(ROOT))

from tools.headers import SecurityHeaders  # noqa: E402
from tools.limits import ClientLimits  # noqa: E402

# `streamlit run` finds this assignment by reading the source (an `app = st.App(...)` line).
app = st.App(str(ROOT / "atlas.py"), middleware=[Middleware(SecurityHeaders), Middleware(ClientLimits)])
