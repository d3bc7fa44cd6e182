"""Per-client limits on the app's WebSocket, for the plain server (app.py): the same rules
as the shipped nginx configuration, so a single-server install is not at the mercy of one client.

A visitor's page is one WebSocket (/_stcore/stream). Each new one costs the server a handshake, a
session and a first page run on the same two cores every visitor shares; 500 opened at once by one
client made every other visitor's page run 10-40 times slower (issue 19). So, per client address:
- new sockets are let in at a steady pace: a burst of `BURST` at once, then `PER_SECOND` a second;
  the ones over the pace wait their turn (a class of 30 loading the page together gets in within
  about three seconds; each first page run costs the one interpreter 15-40 ms);
- at most `OPEN` sockets are open or waiting at once (a class of 30 behind one school NAT, two tabs
  each), so a flood cannot park thousands of handshakes either.
A socket over either limit is refused before Streamlit sees it (HTTP 403 on the handshake), and the
browser's own reconnect tries again later. HTTP requests (static files, health) are not limited
here: they cost little and nginx limits them in a deployment."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from tools.headers import ASGIApp, Receive, Scope, Send

STREAM = "/_stcore/stream"
OPEN = 60
BURST = 5
PER_SECOND = 10.0


@dataclass
class _Client:
    open: int = 0
    next_free: float = 0.0  # when the pace lets the next socket in (monotonic seconds)


class ClientLimits:
    """ASGI middleware: the per-address limits above on the app's WebSocket."""

    def __init__(self, app: ASGIApp, open: int = OPEN, burst: int = BURST, per_second: float = PER_SECOND) -> None:
        self.app = app
        self.open, self.burst, self.per_second = open, burst, per_second
        self.clients: dict[str, _Client] = {}

    def _delay(self, client: _Client) -> float:
        """Seconds this socket waits for its turn in the pace, and the pace moved on by one."""
        now = time.monotonic()
        interval = 1 / self.per_second
        # An idle client's budget refills up to the burst: it may start up to `burst` intervals back.
        start = max(client.next_free, now - (self.burst - 1) * interval)
        client.next_free = start + interval
        return max(0.0, start - now)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket" or not str(scope.get("path", "")).endswith(STREAM):
            await self.app(scope, receive, send)
            return
        address = (scope.get("client") or ("",))[0]
        client = self.clients.setdefault(address, _Client())
        if client.open >= self.open:
            await send({"type": "websocket.close", "code": 1013})  # before accept: a 403 to the handshake
            self._forget_if_idle(address, client)
            return
        client.open += 1
        try:
            if delay := self._delay(client):
                await asyncio.sleep(delay)
            await self.app(scope, receive, send)
        finally:
            client.open -= 1
            self._forget_if_idle(address, client)

    def _forget_if_idle(self, address: str, client: _Client) -> None:
        if client.open == 0 and client.next_free <= time.monotonic():
            self.clients.pop(address, None)
