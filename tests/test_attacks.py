"""Issue 19's anonymous-client attacks, reproduced against a real server on loopback with a raw
WebSocket client speaking Streamlit's protocol (tools/wsclient.py; no browser per attacker): a
`clear_cache` with a broken folder on disk, huge query strings, many connections at once. Every
loop is bounded in count and time; all traffic goes to 127.0.0.1. The figures are printed (-s)."""

from __future__ import annotations

import shutil
import statistics
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed

from kurils.paths import REPO_ROOT
from tools.browser import streamlit_server
from tools.wsclient import clear_cache_message, open_session, page_run_seconds, run_page

pytestmark = pytest.mark.slow

MB = 1_000_000
PAGES = ["map", "timeline", "islands", "positions", "sources", "story"]


def rss_mb(pid: int) -> float:
    """The server process's resident memory (MB), from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def has_atlas(run) -> bool:
    """The run drew the map component (the atlas is served), not only a report."""
    return run.finished and any(
        m.WhichOneof("type") == "delta"
        and m.delta.WhichOneof("type") == "new_element"
        and m.delta.new_element.WhichOneof("type") == "component_instance"
        for m in run.messages
    )


@pytest.fixture(scope="module")
def server():
    with streamlit_server() as url:
        with open_session(url) as ws:  # warm: the first run loads and validates the data
            assert run_page(ws, timeout_s=90).finished
        yield url


def test_no_page_sends_more_than_a_quarter_of_the_message_limit(server):
    """The largest message of every page in both languages stays under 1/4 of server.maxMessageSize."""
    import tomllib

    limit = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text())["server"]["maxMessageSize"] * MB
    largest = {}
    for lang in ("en", "ja"):
        for page in PAGES:
            with open_session(server) as ws:
                run = run_page(ws, f"lang={lang}", page)
            assert run.finished, (lang, page)
            largest[f"{page}/{lang}"] = max(run.sizes)
    print("largest message per page (bytes):", largest)
    assert max(largest.values()) < limit / 4


def test_a_clients_clear_cache_keeps_the_last_good_atlas(tmp_path):
    """After a good load the folder breaks on disk and a client sends clear_cache: the next visitor
    still gets the atlas (the last good data), not only the validator's report."""
    geodata = tmp_path / "geodata"
    shutil.copytree(REPO_ROOT / "geodata", geodata)
    with streamlit_server(geodata=geodata) as url:
        with open_session(url) as ws:
            assert has_atlas(run_page(ws, timeout_s=90))
        (geodata / "datapackage.json").write_text("{ broken", encoding="utf-8")
        deadline = time.monotonic() + 40  # the server checks a change off the visitors' threads
        while True:
            with open_session(url) as ws:
                seen = run_page(ws, timeout_s=60)
            if any("kurils validate" in t for t in seen.texts()) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert has_atlas(seen) and any("kurils validate" in t for t in seen.texts()), "the break is noticed"
        with open_session(url) as ws:
            for _ in range(3):  # the toolbar hides the button; the message still arrives
                ws.send(clear_cache_message())
            run_page(ws, timeout_s=60)  # ordered after the clears on this socket
        with open_session(url) as ws:
            visitor = run_page(ws, timeout_s=60)
        assert has_atlas(visitor), visitor.texts()[:5]


def test_huge_query_strings_are_refused_and_memory_stays_bounded(server):
    """15 MB query strings (in the WebSocket message, and in the page URL) are refused before the
    app keeps them; 40 sessions with the largest query string Streamlit keeps (just under 512 Ki
    characters) and 20 with 15 MB raise the server's memory by under 150 MB."""
    pid = server.pid
    before = rss_mb(pid)
    huge = "date=" + "1" * 15 * MB
    codes = []
    for _ in range(20):
        ws = open_session(server)
        try:
            run = run_page(ws, huge, timeout_s=15)
        except ConnectionClosed as closed:  # 1009, or reset while the client was still sending
            codes.append(closed.rcvd.code if closed.rcvd else None)
        except OSError as e:
            codes.append(type(e).__name__)
        else:
            pytest.fail(f"a 15 MB query string was answered ({len(run.messages)} messages)")
        finally:
            ws.close()
    assert len(codes) == 20 and 1009 in codes, codes
    with pytest.raises((urllib.error.HTTPError, urllib.error.URLError, ConnectionError)):
        urllib.request.urlopen(f"{server}/?x={'a' * 15 * MB}", timeout=30).read()
    large = "date=1945-08-28&junk=" + "x" * (512 * 1024 - 100)
    sockets = []
    try:
        for _ in range(40):
            ws = open_session(server)
            sockets.append(ws)
            assert run_page(ws, large, timeout_s=30).finished
        held = rss_mb(pid)
    finally:
        for ws in sockets:
            ws.close()
    after = rss_mb(pid)
    print(f"server RSS: {before:.0f} MB before, {held:.0f} MB with 40 large sessions, {after:.0f} MB after")
    assert held - before < 150


def test_many_connections_and_a_victims_page_run(server):
    """200 connections at once from one address, each asking for a page run, while a victim's
    fresh page run is timed before and during: every connection is served or refused within the
    time limit and the ratio is printed (the plain server has no per-client limit: see
    test_deploy's limit test for nginx)."""
    baseline = statistics.median(page_run_seconds(server) for _ in range(5))
    stop = threading.Event()
    opened, finished, errors = [], [], []

    def attacker() -> None:
        try:
            ws = open_session(server, timeout_s=30)
        except Exception as e:  # refused or timed out: counted, not raised
            errors.append(repr(e))
            return
        opened.append(ws)
        try:
            if run_page(ws, timeout_s=60).finished:
                finished.append(1)
        except Exception as e:
            errors.append(repr(e))
        stop.wait(90)

    threads = [threading.Thread(target=attacker, daemon=True) for _ in range(200)]
    start = time.monotonic()
    try:
        for t in threads:
            t.start()
        time.sleep(1)
        during = [page_run_seconds(server, timeout_s=90) for _ in range(3)]
        deadline = start + 75
        while len(finished) + len(errors) < 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        settle = time.monotonic() - start
        after = statistics.median(page_run_seconds(server) for _ in range(3))
    finally:
        stop.set()
        for ws in list(opened):
            ws.close()
        for t in threads:
            t.join(timeout=10)
    print(
        f"victim page run: {baseline:.3f} s before, {[round(d, 3) for d in during]} s during "
        f"(worst x{max(during) / baseline:.1f}), {after:.3f} s with 200 idle sockets; "
        f"{len(finished)} attacker runs finished, {len(errors)} errors, all done in {settle:.1f} s"
    )
    assert len(finished) + len(errors) == 200 and after < 10 * baseline + 0.5
