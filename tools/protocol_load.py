"""`kurils loadtest --protocol`: the server's capacity as a figure. Simulated pupils speak
Streamlit's WebSocket protocol themselves (tools.wsclient; no browser per pupil), so what is
measured is the server, not a browser on the same two cores.

A pupil: opens the map like a browser's first run (a WebSocket, a page run with `?date=START`),
fetches the map's first layer files over HTTP (FIRST_VIEW_LAYERS: what deck.gl asks for at the first
view; the Streamlit and deck.gl script bundles, static and cached by any browser or nginx, are not
fetched), waits until the whole class is in, then moves the date one day every `think_s` seconds
(0.5-1.5 × at random, a pupil's pace) for the duration. A move is exactly what the browser sends
when the map's slider moves: a `rerun_script` BackMsg for the map's fragment whose widget state
is the map component's new JSON value {token, seq, nonce, day, pick} (kurils.present.mapview.Report),
with the page's query string, page hash and the hashes of the cacheable messages it already has.
Its answer: that run's `script_finished`; it counts as answered only if the run drew the new day
(the map's spec carries it and the URL was rewritten to it). A pupil has one move in flight at a
time: a server slower than the think time gets fewer moves, which the curve shows as moves/s that
stop growing.

Client addresses: each class of `CLASS_SIZE` pupils comes from its own loopback address
(127.18.<class>.1), as a class behind its school's NAT, so the per-address limits of tools.limits
(60 sockets open, 10 new a second) and the fair gate of view.admission apply as in a school, and no
class is refused for another's sockets."""

from __future__ import annotations

import asyncio
import datetime as dt
import http.client
import json
import os
import random
import resource
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tools.loadtest import _cpu_times, percentile, rss_mib
from tools.wsclient import open_session_async, rerun_message

START = dt.date(1945, 8, 10)
DAYS = 365 * 50  # a pupil walks forward a day a move and starts again at START after this
CLASS_SIZE = 30
# A page's run, and a fragment's (a move reruns only the map's fragment).
SUCCESS = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
FIRST_VIEW_LAYERS = (
    "islands.json",
    "land.json",
    "claims_admin.json",
    "claims_boundary.json",
    "claims_claim.json",
    "claims_offer.json",
    "text_en.json",
    "halo_narrow_5.json",
    "halo_wide_5.json",
)
ANSWER_TIMEOUT_S = 60
KNEE_P95_MS = 500.0  # the knee: the largest level whose moves are answered this fast (p95) ...
KNEE_GROWTH = 0.8  # ... and whose answered moves/s still grew at least 80 % in proportion to the sessions


def class_address(pupil: int) -> str:
    return f"127.18.{pupil // CLASS_SIZE}.1"


@dataclass
class MapPage:
    """What a browser keeps of the map page to send a move: learnt from the page's runs."""

    page_script_hash: str = ""
    fragment_id: str = ""
    widget_id: str = ""
    query_string: str = ""
    base: str = ""  # the layer files' folder (the map's spec)
    cached: set[str] = field(default_factory=set)  # hashes of cacheable messages received

    def learn(self, msg: ForwardMsg) -> dict | None:
        """Take what a message tells; the map's spec if it is the map."""
        kind = msg.WhichOneof("type")
        if msg.metadata.cacheable and msg.hash:
            self.cached.add(msg.hash)
        if kind == "navigation":
            self.page_script_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.new_element.WhichOneof("type") == "component_instance":
            instance = msg.delta.new_element.component_instance
            if instance.id.endswith("-map"):  # the map's widget id (its key is "map")
                self.widget_id, self.fragment_id = instance.id, msg.delta.fragment_id
                spec: dict = json.loads(instance.json_args)["spec"]
                self.base = spec["base"]
                return spec
        return None

    def move(self, token: str, seq: int, nonce: int, day: dt.date) -> bytes:
        """The BackMsg the browser sends when the map's slider reports `day`."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        state.fragment_id = self.fragment_id
        state.cached_message_hashes.extend(sorted(self.cached))
        widget = state.widget_states.widgets.add()
        widget.id = self.widget_id
        widget.json_value = json.dumps(
            {"token": token, "seq": seq, "nonce": nonce, "day": day.isoformat(), "pick": None}
        )
        return msg.SerializeToString()


async def read_run(ws, page: MapPage, timeout_s: float) -> tuple[bool, dict | None]:
    """Read one run's messages up to its `script_finished`: (finished normally, the map's spec)."""
    spec = None
    deadline = time.monotonic() + timeout_s
    while True:
        data = await asyncio.wait_for(ws.recv(), max(0.01, deadline - time.monotonic()))
        if isinstance(data, str):
            continue
        msg = ForwardMsg()
        msg.ParseFromString(data)
        spec = page.learn(msg) or spec
        if msg.WhichOneof("type") == "script_finished" and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            return msg.script_finished in SUCCESS, spec


def fetch_layers(url: str, base: str, names: tuple[str, ...] = FIRST_VIEW_LAYERS) -> int:
    """GET the first view's layer files, as the map's frame does; bytes received."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port or 80, timeout=60)
    total = 0
    try:
        for name in names:
            conn.request("GET", "/" + base + name)
            response = conn.getresponse()
            body = response.read()
            if response.status != 200:
                raise OSError(f"{name}: HTTP {response.status}")
            total += len(body)
    finally:
        conn.close()
    return total


@dataclass
class Tally:
    """What the pupils of one level saw."""

    latencies_ms: list[float] = field(default_factory=list)
    sent: int = 0
    answered: int = 0
    wrong_day: int = 0
    errors: Counter = field(default_factory=Counter)
    opened: int = 0
    dropped: int = 0  # opened, then cut off or timed out
    open_ms: list[float] = field(default_factory=list)
    layer_bytes: int = 0


class Start:
    """The class starts moving together, once every pupil is in (or gave up)."""

    def __init__(self, size: int) -> None:
        self.size, self.arrived, self.go = size, 0, asyncio.Event()
        self.moving = asyncio.Event()  # set with `stop_at`, when the measured window opens
        self.stop_at = 0.0

    def open_window(self, duration_s: float) -> None:
        self.stop_at = time.monotonic() + duration_s
        self.moving.set()

    def arrive(self) -> None:
        self.arrived += 1
        if self.arrived == self.size:
            self.go.set()


async def pupil(url: str, number: int, start: Start, tally: Tally, think_s: float, layers: bool) -> None:
    token = f"load-{number}-{random.getrandbits(32):08x}"  # one map load
    arrived = False
    try:
        async with open_session_async(url, source=class_address(number), timeout_s=120) as ws:
            opened = time.monotonic()
            page = MapPage(query_string=f"date={START}")
            await ws.send(rerun_message(page.query_string))
            finished, spec = await read_run(ws, page, 300)
            if not (finished and spec and page.widget_id):
                raise RuntimeError("the first run drew no map")
            if layers:
                tally.layer_bytes += await asyncio.to_thread(fetch_layers, url, page.base)
            tally.open_ms.append((time.monotonic() - opened) * 1000)
            tally.opened += 1
            nonce, day = int(spec["nonce"]), dt.date.fromisoformat(spec["day"])
            start.arrive()
            arrived = True
            await start.moving.wait()
            await asyncio.sleep(random.uniform(0, think_s))  # pupils do not all start on one millisecond
            seq = 0
            while (now := time.monotonic()) < start.stop_at:
                seq += 1
                day = START if day >= START + dt.timedelta(days=DAYS) else day + dt.timedelta(days=1)
                next_move = now + think_s * random.uniform(0.5, 1.5)
                tally.sent += 1
                await ws.send(page.move(token, seq, nonce, day))
                finished, spec = await read_run(ws, page, ANSWER_TIMEOUT_S)
                answer_ms = (time.monotonic() - now) * 1000
                if (
                    finished
                    and spec
                    and spec["day"] == day.isoformat()
                    and parse_qs(page.query_string).get("date") == [day.isoformat()]
                ):
                    tally.answered += 1
                    tally.latencies_ms.append(answer_ms)
                else:
                    tally.wrong_day += 1
                await asyncio.sleep(max(0.0, min(next_move, start.stop_at) - time.monotonic()))
    except Exception as exc:  # a pupil refused, cut off or timed out counts; the others go on
        tally.errors[f"{type(exc).__name__}: {str(exc)[:80]}"] += 1
        if arrived:
            tally.dropped += 1
    finally:
        if not arrived:
            start.arrive()


def _process_cpu_s(pid: int) -> float:
    if not pid:
        return float("nan")
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _own_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _level(url: str, pid: int, sessions: int, duration_s: float, think_s: float, layers: bool) -> dict:
    tally, start = Tally(), Start(sessions)
    rss_idle = rss_mib(pid)
    ramp = time.monotonic()
    tasks = [asyncio.create_task(pupil(url, n, start, tally, think_s, layers)) for n in range(sessions)]
    await start.go.wait()
    ramp_s = time.monotonic() - ramp
    await asyncio.sleep(1)  # the last page runs' messages drained
    rss_loaded = rss_mib(pid)
    start.open_window(duration_s)
    cpu0, server0, own0, load0 = _cpu_times(), _process_cpu_s(pid), _own_cpu_s(), os.getloadavg()
    window = time.monotonic()
    peak = rss_loaded
    while time.monotonic() < start.stop_at:
        await asyncio.sleep(min(5.0, max(0.0, start.stop_at - time.monotonic())))
        peak = max(peak, rss_mib(pid))
    elapsed = time.monotonic() - window
    (idle1, total1), server1, own1, load1 = _cpu_times(), _process_cpu_s(pid), _own_cpu_s(), os.getloadavg()
    rss_end = rss_mib(pid)
    await asyncio.gather(*tasks)  # each pupil ends after its move in flight is answered
    cores = os.cpu_count() or 1
    busy_cores = (1 - (idle1 - cpu0[0]) / max(total1 - cpu0[1], 1)) * cores
    server_cores = (server1 - server0) / elapsed
    own_cores = (own1 - own0) / elapsed
    lat = tally.latencies_ms
    return {
        "sessions_requested": sessions,
        "sessions_held": tally.opened - tally.dropped,
        "sessions_failed": sum(tally.errors.values()),
        "errors": dict(tally.errors.most_common(5)),
        "ramp_s": round(ramp_s, 1),
        "page_open_p50_ms": percentile(tally.open_ms, 50) if tally.open_ms else None,
        "page_open_p95_ms": percentile(tally.open_ms, 95) if tally.open_ms else None,
        "layer_mib_fetched": round(tally.layer_bytes / 2**20, 1),
        "duration_s": round(elapsed, 1),
        "think_s": think_s,
        "moves_sent": tally.sent,
        "moves_answered": tally.answered,
        "moves_wrong_or_unfinished": tally.wrong_day,
        "moves_per_s": round(tally.answered / elapsed, 2),
        "p50_ms": percentile(lat, 50) if lat else None,
        "p95_ms": percentile(lat, 95) if lat else None,
        "p99_ms": percentile(lat, 99) if lat else None,
        "mean_ms": round(statistics.fmean(lat), 1) if lat else None,
        "max_ms": round(max(lat), 1) if lat else None,
        "rss_idle_mib": rss_idle,
        "rss_loaded_mib": rss_loaded,
        "rss_end_mib": rss_end,
        "rss_peak_mib": peak,
        "rss_per_session_mib": round((rss_end - rss_idle) / max(tally.opened, 1), 2),
        "server_cpu_cores": round(server_cores, 2),  # of `cores`; the script holds one interpreter lock
        "loadgen_cpu_cores": round(own_cores, 2),
        "machine_busy_cores": round(busy_cores, 2),
        "others_cpu_cores": round(max(0.0, busy_cores - server_cores - own_cores), 2),  # other helpers' work
        "loadavg_1m_start_end": [round(load0[0], 2), round(load1[0], 2)],
        "cores": cores,
    }


async def _warm(url: str) -> None:
    """One session's first run and a move (data loaded, layer files written): not counted."""
    tally, start = Tally(), Start(1)
    task = asyncio.create_task(pupil(url, 0, start, tally, 0.2, True))
    await start.go.wait()
    start.open_window(1)
    await task
    if tally.errors or not tally.answered:
        raise RuntimeError(f"the server did not answer a warm-up move: {tally.errors or tally.wrong_day}")


def run(
    sessions: int,
    duration_s: float = 300,
    think_s: float = 2.0,
    url: str | None = None,
    pid: int | None = None,
    layers: bool = True,
) -> dict:
    """One level: `sessions` pupils for `duration_s` against `url` (`pid` its process, for memory
    and CPU) or a fresh `streamlit run app.py`."""
    return curve([sessions], duration_s, think_s, url, pid, layers)["levels"][0]


def curve(
    levels: list[int],
    duration_s: float = 300,
    think_s: float = 2.0,
    url: str | None = None,
    pid: int | None = None,
    layers: bool = True,
    settle_s: float = 5,
) -> dict:
    """Each level in turn against a fresh server process (or `url`), then the knee."""
    from tools.browser import streamlit_server

    results = []
    for sessions in levels:
        if url is not None:
            asyncio.run(_warm(url))
            results.append(asyncio.run(_level(url, pid or 0, sessions, duration_s, think_s, layers)))
            continue
        with streamlit_server(script="app.py") as server:
            asyncio.run(_warm(server))
            time.sleep(settle_s)  # the warm-up session closed and dropped
            results.append(asyncio.run(_level(server, server.pid, sessions, duration_s, think_s, layers)))
    return {
        "when_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "server": url or "streamlit run app.py (fresh process per level)",
        "think_s": think_s,
        "duration_s": duration_s,
        "class_size": CLASS_SIZE,
        "knee_rule": f"largest level with p95 < {KNEE_P95_MS:g} ms, no failed session or unanswered move, "
        f"and answered moves/s at least {KNEE_GROWTH:.0%} of proportional growth from the previous level",
        "knee_sessions": knee(results),
        "rss_mib_per_session_slope": rss_slope(results),
        "levels": results,
    }


def rss_slope(levels: list[dict]) -> float | None:
    """MiB of server memory a held session adds: the least-squares slope of the resident set at the
    end of each level against its sessions held. (Within one level, RSS_loaded - RSS_idle also holds
    what the first runs freed again, and can come out negative.)"""
    points = [(r["sessions_held"], r["rss_end_mib"]) for r in levels if r["sessions_held"]]
    if len({x for x, _ in points}) < 2:
        return None
    return round(statistics.linear_regression(*zip(*points)).slope, 3)


def knee(levels: list[dict], p95_ms: float = KNEE_P95_MS, growth: float = KNEE_GROWTH) -> int | None:
    """The largest healthy level, walking up the curve (levels by sessions) and stopping at the
    first that is not: p95 under `p95_ms`, every session held and every move answered, and
    moves/s that grew at least `growth` × in proportion to the sessions since the previous level."""
    best, previous = None, None
    for level in sorted(levels, key=lambda r: r["sessions_requested"]):
        healthy = (
            level["p95_ms"] is not None
            and level["p95_ms"] < p95_ms
            and level["sessions_failed"] == 0
            and level["moves_wrong_or_unfinished"] == 0
            and level["moves_answered"] == level["moves_sent"]
        )
        if healthy and previous is not None:
            expected = previous["moves_per_s"] * level["sessions_requested"] / previous["sessions_requested"]
            healthy = level["moves_per_s"] >= previous["moves_per_s"] + growth * (expected - previous["moves_per_s"])
        if not healthy:
            break
        best, previous = level["sessions_requested"], level
    return best
