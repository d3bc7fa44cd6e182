"""The security headers every response of the atlas carries, with or without nginx: the policy
(also filled into deploy/nginx.conf.template by tools.deploy) and `SecurityHeaders`, a plain ASGI
middleware that app.py gives Streamlit through its supported `st.App(middleware=...)` hook.
No Streamlit import here, so tests and tools.deploy can read the policy without starting an app.

The policy allows only the app's own origin. The map's "Online map tiles" option loads images from
the tile host (kurils.present.mapview.TILES); the browser blocks them under this policy unless the
server is started with KURILS_ONLINE_TILES=1, which adds that one host to `img-src` only."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def tile_origin() -> str:
    """The online tile host's origin, e.g. https://basemaps.cartocdn.com."""
    from kurils.present.mapview import TILES

    parts = urlsplit(TILES)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(online_tiles: bool = False, embeddable: bool = False) -> str:
    """The app's own origin only. Streamlit's bundle needs inline styles, `unsafe-eval` (Vega,
    deck.gl's expressions) and blob workers; its components are same-origin iframes, so frames and
    frame ancestors are 'self' (not 'none', which would blank the map's own frame). `embeddable`:
    any site may frame the page ("Embed this view")."""
    img = "img-src 'self' data: blob:" + (f" {tile_origin()}" if online_tiles else "")
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            img,
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "frame-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors *" if embeddable else "frame-ancestors 'self'",
        ]
    )


def security_headers(online_tiles: bool = False, embeddable: bool = False) -> dict[str, str]:
    """The headers every response carries (lower-case names); `embeddable`: a page any site may frame."""
    return {
        "content-security-policy": content_security_policy(online_tiles, embeddable),
        # Older browsers ignore frame-ancestors; SAMEORIGIN (not DENY) keeps the map's own iframe.
        **({} if embeddable else {"x-frame-options": "SAMEORIGIN"}),
        "x-content-type-options": "nosniff",
        "referrer-policy": "strict-origin-when-cross-origin",
        "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
        "cross-origin-opener-policy": "same-origin",
    }


def embeddable(scope: Scope) -> bool:
    """What another site may frame: the map page asked for alone (`embedded=1`, the map with its
    controls and legend; atlas.py then offers no other page, no upload, no sidebar) and the map
    component's own page, which that page frames in turn (frame-ancestors covers every ancestor).
    The component draws only what its parent posts to it and holds nothing to steal."""
    if "/component/" in scope.get("path", ""):
        return True
    query = parse_qs(bytes(scope.get("query_string", b"")).decode("latin-1"))
    return query.get("embedded") == ["1"]


class SecurityHeaders:
    """ASGI middleware: sets `security_headers()` on every HTTP response (replacing any of the same
    name), leaves WebSocket and lifespan traffic alone."""

    def __init__(self, app: ASGIApp, online_tiles: bool | None = None) -> None:
        self.app = app
        if online_tiles is None:
            online_tiles = os.environ.get("KURILS_ONLINE_TILES", "") == "1"
        self.headers = {
            framed: [(k.encode(), v.encode()) for k, v in security_headers(online_tiles, framed).items()]
            for framed in (False, True)
        }
        self.names = {k for k, _ in self.headers[False]}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = self.headers[embeddable(scope)]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if bytes(k).lower() not in self.names]
                message["headers"] = kept + headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
