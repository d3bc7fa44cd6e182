"""Run by tests/test_run_anywhere.py, inside a network namespace of its own (`unshare -rn`): the
only interface is loopback, so nothing here can reach the internet. Starts exactly
`streamlit run app.py` from a fresh install (VENV/bin/streamlit, in CHECKOUT) and visits every page
in Debian's Chromium; prints one JSON object: what each page showed and every request that tried
to leave the server.

    python tests/offline_run.py CHECKOUT VENV [--isolated]"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tools/ of the checkout that runs the test

from tools.browser import chromium, free_port

PAGES = ["/", "/story", "/timeline", "/islands", "/positions", "/sources"]
WITH_MAP = {"/", "/story"}


def loopback_up() -> None:
    """A new network namespace starts with loopback down: bring it up (what `ip link set lo up` does)."""
    siocsifflags, iff_up_loopback_running = 0x8914, 0x1 | 0x8 | 0x40
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        fcntl.ioctl(s.fileno(), siocsifflags, struct.pack("16sH14x", b"lo", iff_up_loopback_running))


def start(checkout: Path, venv: Path, port: int, home: Path) -> subprocess.Popen:
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
    return subprocess.Popen(
        [str(venv / "bin" / "streamlit"), "run", "app.py", f"--server.port={port}"],
        cwd=checkout,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def wait_healthy(url: str, proc: subprocess.Popen, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("streamlit run app.py did not start")


def visit(browser, url: str, path: str, outside: list[str]) -> dict:
    page = browser.new_page(viewport={"width": 1600, "height": 1000})

    def keep_home(route) -> None:
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", keep_home)
    page.goto(url + path)
    heading = page.wait_for_selector("[data-testid=stMain] :is(h1, h2, h3, h4)", timeout=60_000)
    painted = False
    if path in WITH_MAP:
        frame = page.wait_for_selector("iframe[title$='kurils_map']", timeout=60_000).content_frame()
        frame.wait_for_function("() => window.kurils && window.kurils.painted.length > 0", timeout=60_000)
        painted = True
    page.wait_for_timeout(500)
    shown = {
        "path": path,
        "heading": heading.inner_text(),
        "exceptions": page.locator("[data-testid='stException']").count(),
        "errors": page.locator("[data-testid='stAlertContentError']").all_inner_texts(),
        "map_painted": painted,
    }
    page.close()
    return shown


def main() -> None:
    checkout, venv = Path(sys.argv[1]), Path(sys.argv[2])
    isolated = "--isolated" in sys.argv
    if isolated:
        loopback_up()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = start(checkout, venv, port, checkout.parent / "home")
    outside: list[str] = []
    pages: list[dict] = []
    failure = None
    try:
        wait_healthy(url, proc)
        with chromium() as browser:
            for path in PAGES:
                pages.append(visit(browser, url, path, outside))
    except Exception as exc:  # reported with the server's log, which says why
        failure = f"{type(exc).__name__}: {exc}"
    finally:
        proc.terminate()
        log = proc.communicate(timeout=20)[0].decode(errors="replace")
    result = {"isolated": isolated, "pages": pages, "outside": outside, "failure": failure, "server_log": log[-4000:]}
    print(json.dumps(result))


if __name__ == "__main__":
    os.environ.pop("KURILS_GEODATA", None)
    main()
