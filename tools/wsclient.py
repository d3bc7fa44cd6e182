"""A raw client of Streamlit's WebSocket protocol (the protobufs in `streamlit.proto`), no browser:
one page run costs a socket and a few KB, so a test can be many anonymous clients at once. For the
attack tests and the nginx limit test; loopback only."""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import ClientConnection, connect

LOOPBACK = "127.0.0.1"


def open_session(
    base_url: str, *, source: str = LOOPBACK, timeout_s: float = 20, forwarded_for: str | None = None
) -> ClientConnection:
    """A WebSocket to `base_url`'s /_stcore/stream, as Streamlit's own client opens it (subprotocol
    "streamlit", same Origin), from the loopback address `source` (127.x.y.z: another "client");
    `forwarded_for` sends X-Forwarded-For as a reverse proxy in front of the server would."""
    parts = urlsplit(base_url)
    host, port = parts.hostname or LOOPBACK, parts.port or 80
    _loopback_only(host, source)
    sock = socket.create_connection((host, port), timeout=timeout_s, source_address=(source, 0))
    # As browsers do: without it a run's small messages wait for delayed ACKs (~40 ms a run on loopback).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return connect(
        f"ws://{host}:{port}/_stcore/stream",
        sock=sock,
        subprotocols=["streamlit"],  # type: ignore[list-item]
        origin=f"{parts.scheme}://{parts.netloc}",  # type: ignore[arg-type]
        open_timeout=timeout_s,
        max_size=None,
        compression=None,
        proxy=None,
        additional_headers={"X-Forwarded-For": forwarded_for} if forwarded_for else None,
        legacy=True,  # a connection object held open by the caller (websockets 17 wants this said)
    )


def _loopback_only(host: str, source: str) -> None:
    if not host.startswith("127.") or not source.startswith("127."):
        raise ValueError("loopback only")


def rerun_message(query_string: str = "", page_name: str = "") -> bytes:
    msg = BackMsg()
    msg.rerun_script.query_string = query_string
    msg.rerun_script.page_name = page_name
    return msg.SerializeToString()


def clear_cache_message() -> bytes:
    msg = BackMsg()
    msg.clear_cache = True
    return msg.SerializeToString()


@dataclass
class Run:
    """One page run as the client saw it."""

    seconds: float
    finished: bool
    messages: list[ForwardMsg] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)

    def texts(self) -> list[str]:
        """Markdown and alert bodies of the run's elements (what a visitor reads)."""
        out = []
        for m in self.messages:
            if m.WhichOneof("type") == "delta" and m.delta.WhichOneof("type") == "new_element":
                element = m.delta.new_element
                kind = element.WhichOneof("type")
                if kind in ("markdown", "alert", "heading", "text", "exception"):
                    out.append(str(getattr(element, kind)))
        return out


def run_page(ws: ClientConnection, query_string: str = "", page_name: str = "", timeout_s: float = 60) -> Run:
    """Ask for a page run and read until the script finishes (or the time is up)."""
    start = time.monotonic()
    ws.send(rerun_message(query_string, page_name))
    run = Run(0.0, False)
    while (left := timeout_s - (time.monotonic() - start)) > 0:
        # Acknowledge at once (Linux resets this after each ACK): otherwise the server's next small
        # message can wait out the 40 ms delayed ACK, which an idle loopback shows and a busy one hides.
        ws.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        try:
            data = ws.recv(timeout=left)
        except TimeoutError:
            break
        if isinstance(data, str):
            continue
        msg = ForwardMsg()
        msg.ParseFromString(data)
        run.messages.append(msg)
        run.sizes.append(len(data))
        if msg.WhichOneof("type") == "script_finished":
            run.finished = msg.script_finished in (ForwardMsg.FINISHED_SUCCESSFULLY,)
            if msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                break
    run.seconds = time.monotonic() - start
    return run


def page_run_seconds(
    base_url: str, query_string: str = "", page_name: str = "", timeout_s: float = 60, source: str = LOOPBACK
) -> float:
    """A fresh session's first page run, from connecting to the script's end (the victim's view)."""
    start = time.monotonic()
    with open_session(base_url, source=source, timeout_s=timeout_s) as ws:
        run = run_page(ws, query_string, page_name, timeout_s)
    if not run.finished:
        raise TimeoutError(f"no finished run within {timeout_s} s")
    return time.monotonic() - start


def open_session_async(base_url: str, *, source: str = LOOPBACK, timeout_s: float = 60):
    """`open_session` for asyncio (`async with`): many sessions on one thread (a flood, a load test)."""
    from websockets.asyncio.client import connect as aconnect

    parts = urlsplit(base_url)
    _loopback_only(parts.hostname or "", source)
    return aconnect(
        f"ws://{parts.netloc}/_stcore/stream",
        subprotocols=["streamlit"],  # type: ignore[list-item]
        origin=f"{parts.scheme}://{parts.netloc}",  # type: ignore[arg-type]
        max_size=None,
        compression=None,
        open_timeout=timeout_s,
        proxy=None,
        local_addr=(source, 0),
    )


async def _flood_one(url: str, source: str, hold_s: float, clears: int, query: str, outcomes: list[str]) -> None:
    """One attacker socket: `clears` clear_cache messages, then a page run with `query`, held open."""
    import asyncio

    try:
        async with open_session_async(url, source=source, timeout_s=60) as ws:
            for _ in range(clears):
                await ws.send(clear_cache_message())
            await ws.send(rerun_message(query))
            while True:
                data = await asyncio.wait_for(ws.recv(), 120)
                if isinstance(data, bytes):
                    msg = ForwardMsg()
                    msg.ParseFromString(data)
                    if msg.WhichOneof("type") == "script_finished":
                        outcomes.append("finished")
                        break
            await asyncio.sleep(hold_s)
    except Exception as e:  # refused (403), closed or timed out: each counted by its kind
        outcomes.append(type(e).__name__)


def flood(
    url: str, sockets: int, source: str = "127.0.0.2", hold_s: float = 10, clears: int = 0, query: str = ""
) -> dict[str, int]:
    """`sockets` connections opened at once from `source` on one thread (a cheap attacker: no thread
    or browser per socket), each asking for a page run; how each ended, counted (a socket refused
    at the handshake is `InvalidStatus`, one closed for a too-large message `ConnectionClosedError`)."""
    import asyncio
    from collections import Counter

    _loopback_only(urlsplit(url).hostname or "", source)

    async def all_of_them() -> list[str]:
        outcomes: list[str] = []
        await asyncio.gather(*(_flood_one(url, source, hold_s, clears, query, outcomes) for _ in range(sockets)))
        return outcomes

    return dict(Counter(asyncio.run(all_of_them())))


if __name__ == "__main__":  # python -m tools.wsclient URL SOCKETS [HOLD_S [CLEARS [QUERY_BYTES]]]: outcomes as JSON
    import json
    import sys

    url, sockets, *rest = sys.argv[1:]
    hold, clears, query_bytes = (
        (float(rest[0]) if rest else 10),
        int(rest[1]) if len(rest) > 1 else 0,
        int(rest[2]) if len(rest) > 2 else 0,
    )
    query = "date=" + "1" * query_bytes if query_bytes else ""
    print(json.dumps(flood(url, int(sockets), hold_s=hold, clears=clears, query=query)))
