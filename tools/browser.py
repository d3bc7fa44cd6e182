"""A real `streamlit run` server and Debian's Chromium driven by Playwright: for the browser
tests, the benchmark and screenshots. Never downloads a browser (no `playwright install`)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tools import ROOT
from view.mapcomponent import IFRAME_TITLE

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerURL(str):
    """A running server's base URL, with the process id (for memory readings)."""

    pid: int


@contextlib.contextmanager
def streamlit_server(
    geodata: Path | None = None,
    port: int | None = None,
    script: str = "atlas.py",
    timeout_s: float = 60,
    env: dict[str, str] | None = None,
    args: list[str] | None = None,
) -> Iterator[ServerURL]:
    """Start `streamlit run` on loopback; yields its base URL and stops it afterwards."""
    port = port or free_port()
    env = {**os.environ, **(env or {})}
    if geodata is not None:
        env["KURILS_GEODATA"] = str(geodata)
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / script),
        "--server.headless=true",
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        "--browser.gatherUsageStats=false",
        *(args or []),
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = ServerURL(f"http://127.0.0.1:{port}")
    url.pid = proc.pid
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                raise RuntimeError(f"streamlit did not start on {url}:\n{out}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def chromium() -> Iterator:
    """A Playwright Browser on Debian's Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


MAP_IFRAME = f"iframe[title='{IFRAME_TITLE}']"


def map_frame(page, timeout_ms: int = 30_000):
    """The map component's frame (kurils.present.mapview), once deck.gl has drawn a canvas with size."""
    frame = page.wait_for_selector(MAP_IFRAME, timeout=timeout_ms).content_frame()
    frame.wait_for_function(
        "() => [...document.querySelectorAll('canvas')].some(c => c.width > 100 && c.height > 100)", timeout=timeout_ms
    )
    return frame


def wait_for_map(page, timeout_ms: int = 30_000) -> None:
    """Wait until deck.gl has drawn a canvas with size (in the map component, or a pydeck chart)."""
    page.wait_for_function(
        """() => [document, ...[...document.querySelectorAll('iframe')].map(f => f.contentDocument).filter(Boolean)]
                 .some(d => [...d.querySelectorAll('canvas')].some(c => c.width > 100 && c.height > 100))""",
        timeout=timeout_ms,
    )


def screenshot(url: str, out: Path, width: int = 1920, height: int = 1080, settle_ms: int = 1500) -> Path:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(url)
        wait_for_map(page)
        page.wait_for_timeout(settle_ms)
        page.screenshot(path=str(out))
    return out


def map_point(frame, lon: float, lat: float) -> tuple[float, float]:
    """Where the map draws lon/lat, in CSS pixels from its canvas's top left: deck.gl's projection of
    the map's current view (the view is fitted to the screen, so it is read, not assumed)."""
    x, y = frame.evaluate(
        """([lon, lat]) => {
        const canvas = [...document.querySelectorAll("canvas")].find((c) => c.width > 100);
        const size = {width: canvas.clientWidth, height: canvas.clientHeight};
        const view = new deck.WebMercatorViewport({...window.kurils.view, ...size});
        return view.project([lon, lat]);
    }""",
        [lon, lat],
    )
    return x, y
