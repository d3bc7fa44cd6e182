"""`kurils loadtest`: a classroom against one server. A real `streamlit run` and Debian's Chromium:
N concurrent browser sessions (each its own context, so its own Streamlit session) open the map
and move the date slider by keyboard M times; that repeats for C cycles of connect and disconnect.

Measured per move: from the key press to the page's URL carrying the new date, which Streamlit
writes when the rerun that sent the new map has finished (the server's whole answer to the move).
The load browser runs without WebGL by default: in a class each pupil's own machine draws the
map, so drawing 20 maps in software on the server's 2 cores would measure the wrong thing
(`--webgl` draws them anyway). Memory: the server's resident set after each cycle."""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import os
import random
import statistics
import time
from pathlib import Path

from tools.browser import CHROMIUM, CHROMIUM_ARGS, MAP_IFRAME, streamlit_server

START = dt.date(1945, 8, 10)

# In the page: the time of each key press, and a promise per awaited date that the URL update
# resolves (Streamlit writes the URL with history.replaceState/pushState when the rerun is done).
# Timing in the page's own clock means no polling: twenty pages polling would load the 2 cores.
HOOK = """
window.__keyAt = 0;
// The slider is in the map's frame (same origin): its key presses are timed on the top page's clock.
window.addEventListener('keydown', () => { window.top.__keyAt = window.top.performance.now(); }, true);
window.__urlAt = {};
window.__waiters = [];
for (const name of ['replaceState', 'pushState']) {
  const original = history[name].bind(history);
  history[name] = (state, title, url) => {
    const result = original(state, title, url);
    const day = new URLSearchParams(location.search).get('date');
    if (day && !(day in window.__urlAt)) window.__urlAt[day] = performance.now();
    window.__waiters = window.__waiters.filter(([wanted, resolve]) => {
      if (wanted in window.__urlAt) { resolve(window.__urlAt[wanted] - window.__keyAt); return false; }
      return true;
    });
    return result;
  };
}
window.__movedTo = (day, timeoutMs) => new Promise((resolve, reject) => {
  if (day in window.__urlAt) { resolve(window.__urlAt[day] - window.__keyAt); return; }
  window.__waiters.push([day, resolve]);
  setTimeout(() => reject(new Error('no update for ' + day)), timeoutMs);
});
"""


def rss_mib(pid: int) -> float:
    if not pid:
        return float("nan")  # a server elsewhere (behind nginx): its memory is not ours to read
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def _cpu_times() -> tuple[float, float]:
    fields = [float(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return fields[3] + fields[4], sum(fields)  # idle + iowait, total


async def quiet_cpu(idle_share: float = 0.6, limit_s: float = 60) -> float:
    """Wait until the machine is mostly idle for a second (the pages have finished loading: twenty
    browsers on the server's own 2 cores keep compiling and laying out for a while after they
    show the map). Returns the seconds waited."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit_s:
        idle0, total0 = _cpu_times()
        await asyncio.sleep(1)
        idle1, total1 = _cpu_times()
        if (idle1 - idle0) / max(total1 - total0, 1) >= idle_share:
            break
    return round(time.perf_counter() - start, 1)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return round(ordered[rank - 1], 1)


class Class:
    """The pupils of one cycle: they connect, wait until every page has loaded and the machine is
    quiet, then move. Loading and moving are measured apart."""

    def __init__(self, size: int):
        self.size, self.arrived, self.go = size, 0, asyncio.Event()
        self.settle_s = 0.0

    def arrive(self) -> None:  # loaded, or gave up: either way, nobody waits for this pupil
        self.arrived += 1

    async def start_when_ready(self) -> None:
        while self.arrived < self.size:
            await asyncio.sleep(0.2)
        self.settle_s = await quiet_cpu()
        self.go.set()


async def _session(
    browser,
    url: str,
    moves: int,
    latencies: list[float],
    timeout_ms: int,
    group: Class | None = None,
    loads: list[float] | None = None,
    think_ms: float = 0,
) -> bool | str:
    """One pupil: open the map, wait for the class (`ready`), then move the slider `moves` times,
    pausing a random 0.5–1.5 × `think_ms` between moves as a person does. True, or why it failed."""
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    arrived = False
    try:
        page = await context.new_page()
        await page.add_init_script(HOOK)
        opened = time.perf_counter()
        await page.goto(f"{url}/?date={START}", timeout=timeout_ms * 4)
        # The map's slider, once the map has its arguments (before that it has no date and no range).
        slider = page.frame_locator(MAP_IFRAME).locator("input[type=range][aria-valuetext]")
        # Loaded: the map has its date, so the pupil can start. (Waiting for "network idle" as well
        # sometimes never ended within 120 s with 20 Chromium pages loading at once on 2 cores.)
        await slider.wait_for(timeout=timeout_ms * 4)
        if loads is not None:
            loads.append((time.perf_counter() - opened) * 1000)
        if group is not None:
            group.arrive()
            arrived = True
            await group.go.wait()
        await asyncio.sleep(think_ms / 1000 * random.uniform(0, 1))  # pupils do not start on the same millisecond
        day = START
        for _ in range(moves):
            await slider.focus()
            day += dt.timedelta(days=1)
            await page.keyboard.press("ArrowRight")
            latencies.append(await page.evaluate(f"window.__movedTo('{day}', {timeout_ms})"))
            await asyncio.sleep(think_ms / 1000 * random.uniform(0.5, 1.5))
        return True
    except Exception as exc:  # a session that times out or breaks counts as failed; the others go on
        if group is not None and not arrived:
            group.arrive()
        return f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:160]}"
    finally:
        await context.close()


async def _run(
    url: str, pid: int, sessions: int, moves: int, cycles: int, webgl: bool, timeout_ms: int, think_ms: float
) -> dict:
    from playwright.async_api import async_playwright

    args = list(CHROMIUM_ARGS) + ([] if webgl else ["--disable-webgl", "--disable-3d-apis"])
    latencies: list[float] = []
    loads: list[float] = []
    settle_waits: list[float] = []
    failures: list[str] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=args)
        await _session(browser, url, 2, [], timeout_ms * 2)  # warm the server's caches; not counted
        memory = [rss_mib(pid)]
        for _ in range(cycles):
            # The class connects, then everyone moves at once: load time and move time measured apart.
            group = Class(sessions)
            results, _ = await asyncio.gather(
                asyncio.gather(
                    *[
                        _session(browser, url, moves, latencies, timeout_ms, group, loads, think_ms)
                        for _ in range(sessions)
                    ]
                ),
                group.start_when_ready(),
            )
            settle_waits.append(group.settle_s)
            failures += [r for r in results if r is not True]
            await asyncio.sleep(2)  # let the server drop the closed sessions before reading memory
            memory.append(rss_mib(pid))
        await browser.close()
    return {
        "sessions": sessions,
        "moves_per_session": moves,
        "cycles": cycles,
        "webgl": webgl,
        "think_ms": think_ms,
        "moves_measured": len(latencies),
        "failed_sessions": len(failures),
        "failure_reasons": dict(collections.Counter(failures).most_common(5)),
        "p50_ms": percentile(latencies, 50) if latencies else None,
        "p95_ms": percentile(latencies, 95) if latencies else None,
        "p99_ms": percentile(latencies, 99) if latencies else None,
        "mean_ms": round(statistics.fmean(latencies), 1) if latencies else None,
        "page_load_p50_ms": percentile(loads, 50) if loads else None,
        "page_load_p95_ms": percentile(loads, 95) if loads else None,
        "settle_s_per_cycle": settle_waits,
        "server_rss_mib_start_then_per_cycle": memory,
        "cores": os.cpu_count(),
    }


def run(
    sessions: int = 20,
    moves: int = 20,
    cycles: int = 5,
    webgl: bool = False,
    timeout_ms: int = 30_000,
    url: str | None = None,
    pid: int | None = None,
    think_ms: float = 1000,
) -> dict:
    """Against `url` (a running server, `pid` its process for memory) or a fresh local server."""
    if url is not None:
        return asyncio.run(_run(url, pid or 0, sessions, moves, cycles, webgl, timeout_ms, think_ms))
    with streamlit_server() as server:
        return asyncio.run(_run(server, server.pid, sessions, moves, cycles, webgl, timeout_ms, think_ms))


def table(result: dict) -> str:
    return "\n".join(f"{k:<36} {v}" for k, v in result.items())
