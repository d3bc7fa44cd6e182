"""The admission rules without a server: view.admission's gate (turns by address) and
tools.limits' per-address pace and cap on the WebSocket (driven as a plain ASGI app)."""

from __future__ import annotations

import asyncio
import threading
import time

from tools.limits import ClientLimits
from view.admission import FairGate


def test_the_gate_lets_an_address_in_before_a_flooding_one_gets_its_next_turn():
    gate = FairGate(width=1, waiting_per_key=60)
    assert gate.enter("flood", 1)  # a flood's run holds the turn
    order: list[str] = []

    def run(key: str) -> None:
        if gate.enter(key, 10):
            order.append(key)
            time.sleep(0.01)
            gate.leave(key)

    threads = [threading.Thread(target=run, args=("flood",)) for _ in range(5)]
    for t in threads:
        t.start()
    while gate.waiting() < 5:
        time.sleep(0.001)
    visitor = threading.Thread(target=run, args=("visitor",))
    visitor.start()
    while gate.waiting() < 6:
        time.sleep(0.001)
    gate.leave("flood")
    for t in [*threads, visitor]:
        t.join(10)
    assert order[0] == "visitor" and order.count("flood") == 5


def test_the_gate_refuses_a_run_over_the_address_s_waiting_share_and_times_out():
    gate = FairGate(width=1, waiting_per_key=2)
    assert gate.enter("a", 1)
    waiters = [threading.Thread(target=gate.enter, args=("a", 0.5)) for _ in range(2)]
    for t in waiters:
        t.start()
    while gate.waiting() < 2:
        time.sleep(0.001)
    assert not gate.enter("a", 5)  # its share is full: refused at once, not after 5 s
    for t in waiters:
        t.join(5)  # they time out: the turn was never given back
    assert gate.waiting() == 0
    gate.leave("a")
    assert gate.enter("a", 1)
    gate.leave("a")
    assert gate._served == {} and gate._holding == {} and gate._waiting == {}  # nothing kept


def _handshakes(limits: ClientLimits, address: str, count: int) -> tuple[list[str], list[float]]:
    """`count` WebSocket handshakes at once from `address`; how each was answered and when."""

    async def app(scope, receive, send):
        await send({"type": "websocket.accept"})
        await asyncio.sleep(0.5)  # the socket stays open a while

    limits.app = app
    outcomes: list[str] = []
    times: list[float] = []

    async def one() -> None:
        start = time.monotonic()
        scope = {"type": "websocket", "path": "/_stcore/stream", "client": (address, 1234)}

        async def send(message):
            if message["type"] in ("websocket.accept", "websocket.close"):
                outcomes.append(message["type"].split(".")[1])
                times.append(time.monotonic() - start)

        await limits(scope, None, send)

    async def all_of_them() -> None:
        await asyncio.gather(*(one() for _ in range(count)))

    asyncio.run(all_of_them())
    return outcomes, times


def test_the_limits_pace_new_sockets_and_cap_open_ones_per_address():
    limits = ClientLimits(None, open=8, burst=3, per_second=20)
    outcomes, times = _handshakes(limits, "127.0.0.2", 12)
    assert outcomes.count("accept") == 8 and outcomes.count("close") == 4
    accepted = sorted(t for o, t in zip(outcomes, times, strict=True) if o == "accept")
    assert accepted[2] < 0.05  # the burst at once
    assert 0.2 <= accepted[-1] < 0.4  # then one every 50 ms: the 8th after 5 more intervals
    assert limits.clients == {}  # all closed: nothing kept for the address


def test_other_http_traffic_and_other_paths_are_not_limited():
    seen = []

    async def app(scope, receive, send):
        seen.append(scope["type"])

    limits = ClientLimits(app, open=0)
    asyncio.run(limits({"type": "http", "path": "/", "client": ("x", 1)}, None, None))
    asyncio.run(limits({"type": "websocket", "path": "/other", "client": ("x", 1)}, None, None))
    assert seen == ["http", "websocket"]
