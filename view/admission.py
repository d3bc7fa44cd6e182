"""Admission of page runs: no client can make every visitor wait by asking for many at once.

Every page run of atlas.py takes a turn at one shared gate. At most `RUNS_AT_ONCE` runs go at a time
(the script holds Python's one interpreter lock for nearly all of a run, so more at once are not
faster, only each slower), and waiting runs are let in by client address in turn: the address
served least recently goes first. A flood of connections from one address (issue 19: 500 sockets
each asking for a run) therefore costs another visitor at most the one run already under way, not
the whole queue. One address may have `WAITING_PER_ADDRESS` runs waiting (a class of 30 behind one
school NAT with two tabs each, as the nginx limit); a run beyond that is answered at once with a
short "busy" notice and costs nothing. The map's date moves rerun only its fragment and never
queue here."""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from kurils.present import i18n

RUNS_AT_ONCE = 1
WAITING_PER_ADDRESS = 60
ADDRESS = "_client_address"  # the session key of the client's address
WAIT_SECONDS = 120  # a run waiting longer than this (the server is overloaded) gives up with the notice


class FairGate:
    """At most `width` holders at once; waiters are let in by key, the key served least recently
    first (a key never served goes before one that was), in arrival order within a key."""

    def __init__(self, width: int, waiting_per_key: int) -> None:
        self.width = width
        self.waiting_per_key = waiting_per_key
        self._turn = threading.Condition()
        self._holders = 0
        self._waiting: dict[str, deque[int]] = {}  # key -> its waiting tickets, oldest first
        self._holding: dict[str, int] = {}  # key -> its runs holding a turn
        self._served: dict[str, int] = {}  # key -> when it was last let in (a ticket number), while it waits or holds
        self._tickets = itertools.count()

    def _next(self) -> int | None:
        """The ticket to let in next."""
        if not self._waiting:
            return None
        key = min(self._waiting, key=lambda k: (self._served.get(k, -1), self._waiting[k][0]))
        return self._waiting[key][0]

    def enter(self, key: str, timeout_s: float) -> bool:
        """Wait for a turn; False (and no turn held) if `key` already has its fill of waiting runs
        or the wait is longer than `timeout_s`."""
        with self._turn:
            queue = self._waiting.setdefault(key, deque())
            if len(queue) >= self.waiting_per_key:
                return False
            ticket = next(self._tickets)
            queue.append(ticket)
            admitted = self._turn.wait_for(lambda: self._holders < self.width and self._next() == ticket, timeout_s)
            queue.remove(ticket)
            if admitted:
                self._holders += 1
                self._holding[key] = self._holding.get(key, 0) + 1
                self._served[key] = ticket
            self._forget_if_idle(key)
            self._turn.notify_all()
            return admitted

    def leave(self, key: str) -> None:
        with self._turn:
            self._holders -= 1
            self._holding[key] -= 1
            self._forget_if_idle(key)
            self._turn.notify_all()

    def _forget_if_idle(self, key: str) -> None:
        """A key with nothing waiting or held is forgotten (its next run starts afresh)."""
        if self._waiting.get(key) == deque():
            del self._waiting[key]
        if key not in self._waiting and not self._holding.get(key):
            self._holding.pop(key, None)
            self._served.pop(key, None)

    def waiting(self) -> int:
        with self._turn:
            return sum(len(q) for q in self._waiting.values())


GATE = FairGate(RUNS_AT_ONCE, WAITING_PER_ADDRESS)


@contextmanager
def page_run_turn() -> Iterator[None]:
    """Hold a turn at the gate for this page run; with none to be had, say so and stop the run."""
    address = st.session_state.get(ADDRESS)
    if address is None:  # looked up once per session: st.context.ip_address costs about 1.3 ms a run
        address = st.session_state[ADDRESS] = st.context.ip_address or ""
    if not GATE.enter(address, WAIT_SECONDS):
        _ = i18n.gettext(st.session_state.get("lang") or st.query_params.get("lang") or "en")
        st.warning(_("The atlas is busy: too many pages are loading from your network at once. Reload in a minute."))
        st.stop()
    try:
        yield
    finally:
        GATE.leave(address)
